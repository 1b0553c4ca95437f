//! `[tickets]`: e-mail and web tickets (*boletas*), a second channel worked
//! by the agents of one tier when no caller waits, with a first-response
//! SLA (by default an answer within 24 hours).

use serde::Deserialize;
use std::path::Path;

use super::channel_rates::channel_rates;
use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::error::{ScenarioError, invalid, missing};
use crate::scenario::time::TimeSpec;
use crate::scenario::values::{Seconds, positive_seconds, share, waiting_calls};

/// The ticket channel of a help desk.
#[derive(Debug, Clone, PartialEq)]
pub struct Tickets {
    /// Tickets per hour in each reporting interval (the calls' grid).
    pub rates_per_hour: Vec<f64>,
    /// Agent time one ticket takes (seconds): a ticket is answered and
    /// resolved in one sitting.
    pub work: DistributionSpec,
    /// First response within this many seconds (default 24 h).
    pub response_sla: f64,
    /// Share of tickets to answer within `response_sla` (0..=1).
    pub target: f64,
    /// Index of the tier whose agents work tickets (default the entry tier).
    pub tier: u8,
    /// Blending: agents take a ticket only while fewer callers than this
    /// wait (≥ 1; 1: only when no caller waits).
    pub max_waiting: u32,
}

/// `[tickets]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTickets {
    pub rate_per_hour: Option<f64>,
    pub profile: Option<Vec<f64>>,
    pub work: Option<RawDistribution>,
    pub response_sla: Option<Seconds>,
    pub target: Option<f64>,
    pub tier: Option<i64>,
    pub max_waiting: Option<i64>,
}

/// `response_sla` without a value: an answer within 24 hours.
const DEFAULT_RESPONSE_SLA: f64 = 24.0 * 3600.0;

/// Validates `[tickets]` for a desk whose tiers have the levels `levels`.
pub(crate) fn validate_tickets(
    raw: &RawTickets,
    time: &TimeSpec,
    levels: &[u8],
    base_dir: &Path,
) -> Result<Tickets, ScenarioError> {
    let rates_per_hour = channel_rates(
        "tickets",
        "tickets",
        raw.rate_per_hour,
        raw.profile.as_deref(),
        time,
    )?;
    let work = raw.work.as_ref().ok_or_else(|| {
        missing(
            "tickets.work",
            r#"work = { distribution = "exponential", mean = "15m" }"#,
        )
    })?;
    let response_sla = positive_seconds(
        "tickets.response_sla",
        raw.response_sla.map_or(DEFAULT_RESPONSE_SLA, |s| s.0),
    )?;
    let target = share("tickets.target", raw.target.unwrap_or(0.9))?;
    let level = raw.tier.unwrap_or(i64::from(levels[0]));
    let Some(tier) = levels.iter().position(|&l| i64::from(l) == level) else {
        return Err(invalid(
            "tickets.tier",
            format!(
                "`tickets.tier` is {level}, but the desk has no tier of that level: expected one \
                 of {}",
                levels
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_label("no such tier"));
    };
    let max_waiting = waiting_calls(
        "tickets.max_waiting",
        raw.max_waiting.unwrap_or(1),
        "agents take tickets only while fewer callers than this wait",
    )?;
    Ok(Tickets {
        rates_per_hour,
        work: validate_distribution("tickets.work", work, false, base_dir)?,
        response_sla,
        target,
        tier: tier as u8,
        max_waiting,
    })
}
