//! `[personal_leave]`: personal or family leave requests, granted only
//! while enough colleagues stay on the phones.

use std::path::Path;

use serde::Deserialize;

use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::duration::format_number;
use crate::scenario::error::{ScenarioError, invalid, missing};
use crate::scenario::limits::{MAX_LEAVE_PER_AGENT_DAY, MIN_LEAVE_RETRY_SECONDS};
use crate::scenario::values::{Seconds, count, seconds_at_least};

/// `[personal_leave]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLeave {
    pub per_agent_day: Option<f64>,
    pub duration: Option<RawDistribution>,
    pub min_available: Option<i64>,
    pub retry: Option<Seconds>,
}

/// Personal or family leave requests: granted only while enough agents
/// stay on the phones, asked again later when refused.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalLeave {
    /// Expected requests per agent per day, spread uniformly over the shift.
    pub per_agent_day: f64,
    /// How long a granted leave lasts.
    pub duration: DistributionSpec,
    /// Granted only if at least this many other agents of the tier are
    /// available for calls; otherwise asked again after `retry`.
    pub min_available: u32,
    /// Seconds after a refusal before the agent asks again.
    pub retry: f64,
}

const DEFAULT_LEAVE_RETRY: f64 = 600.0;

pub(super) fn validate_leave(
    raw: &RawLeave,
    base_dir: &Path,
) -> Result<PersonalLeave, ScenarioError> {
    let rate = raw
        .per_agent_day
        .ok_or_else(|| missing("personal_leave.per_agent_day", "per_agent_day = 0.2"))?;
    if !(rate.is_finite() && (0.0..=MAX_LEAVE_PER_AGENT_DAY).contains(&rate)) {
        return Err(invalid(
            "personal_leave.per_agent_day",
            format!(
                "invalid `personal_leave.per_agent_day` {}: expected requests per agent per day from 0 to {MAX_LEAVE_PER_AGENT_DAY}",
                format_number(rate)
            ),
        ));
    }
    let duration = raw.duration.as_ref().ok_or_else(|| {
        missing(
            "personal_leave.duration",
            r#"duration = { distribution = "exponential", mean = "20m" }"#,
        )
    })?;
    let min_available = count(
        "personal_leave.min_available",
        raw.min_available.unwrap_or(2),
        0..=u32::MAX,
        "agents",
    )?;
    let retry = seconds_at_least(
        "personal_leave.retry",
        raw.retry.map_or(DEFAULT_LEAVE_RETRY, |r| r.0),
        MIN_LEAVE_RETRY_SECONDS,
        "a refused leave is asked for again after this long",
    )?;
    Ok(PersonalLeave {
        per_agent_day: rate,
        duration: validate_distribution("personal_leave.duration", duration, false, base_dir)?,
        min_available,
        retry,
    })
}
