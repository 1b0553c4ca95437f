//! `[sla]`: the service level the run is judged against, and every
//! priority class's unless it says otherwise.

use serde::Deserialize;

use super::error::ScenarioError;
use super::values::{Seconds, share};

/// `[sla]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSla {
    pub threshold: Option<Seconds>,
    pub target: Option<f64>,
}

/// The service-level agreement the run is judged against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sla {
    /// Answer within this many seconds.
    pub threshold: f64,
    /// Share of offered calls that must be answered within the threshold (0..=1).
    pub target: f64,
}

const DEFAULT_SLA_THRESHOLD: f64 = 20.0;

const DEFAULT_SLA_TARGET: f64 = 0.8;

/// Validates `[sla]` (absent: 20 s and 80 %).
pub(crate) fn validate_sla(raw: Option<&RawSla>) -> Result<Sla, ScenarioError> {
    let raw = raw.cloned().unwrap_or_default();
    Ok(Sla {
        threshold: raw.threshold.map_or(DEFAULT_SLA_THRESHOLD, |t| t.0),
        target: share("sla.target", raw.target.unwrap_or(DEFAULT_SLA_TARGET))?,
    })
}
