//! `[callbacks]`: virtual hold. When the expected wait is long, callers
//! are offered a callback that keeps their place in the queue.

use serde::Deserialize;

use crate::scenario::duration::format_duration;
use crate::scenario::error::{ScenarioError, invalid};
use crate::scenario::values::{Seconds, positive_seconds, share};

/// `[callbacks]`: virtual hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCallbacks {
    pub offer_after: Option<Seconds>,
    pub accept: Option<f64>,
    pub margin: Option<Seconds>,
}

/// Virtual hold: when the expected wait is long, callers are offered a
/// callback that keeps their place in the queue. The desk promises only what
/// it can keep, and calls back at the promised time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VirtualHold {
    /// Offer when the expected wait at the entry tier exceeds this (seconds).
    pub offer_after: f64,
    /// Share of callers offered who accept (0..=1).
    pub accept: f64,
    /// The promised time is the expected wait plus this margin (seconds);
    /// a callback started later breaks the promise.
    pub margin: f64,
}

/// `[callbacks] offer_after` without a value: a minute's expected wait.
const DEFAULT_OFFER_AFTER: f64 = 60.0;

/// `[callbacks] margin` without a value.
const DEFAULT_MARGIN: f64 = 600.0;

pub(super) fn validate_callbacks(raw: &RawCallbacks) -> Result<VirtualHold, ScenarioError> {
    let offer_after = raw.offer_after.map_or(DEFAULT_OFFER_AFTER, |s| s.0);
    if offer_after < 0.0 {
        return Err(invalid(
            "callbacks.offer_after",
            format!(
                "`callbacks.offer_after` is {}: expected a duration >= 0",
                format_duration(offer_after)
            ),
        )
        .with_label("must be >= 0"));
    }
    Ok(VirtualHold {
        offer_after,
        accept: share("callbacks.accept", raw.accept.unwrap_or(1.0))?,
        margin: positive_seconds(
            "callbacks.margin",
            raw.margin.map_or(DEFAULT_MARGIN, |s| s.0),
        )?,
    })
}
