//! The arrival rates of a second channel (`[tickets]`, `[walk_ins]`): one
//! rate for every interval, or a profile on the calls' interval grid.

use crate::scenario::duration::{format_duration, format_number};
use crate::scenario::error::{ScenarioError, invalid, missing};
use crate::scenario::limits::MAX_RATE_PER_HOUR;
use crate::scenario::time::TimeSpec;

/// Per-interval rates per hour for table `table` (e.g. `tickets`), from its
/// `rate_per_hour` or `profile` (exactly one), each ≥ 0; `what` names the
/// things that arrive (`tickets`, `visitors`).
pub(crate) fn channel_rates(
    table: &str,
    what: &str,
    rate_per_hour: Option<f64>,
    profile: Option<&[f64]>,
    time: &TimeSpec,
) -> Result<Vec<f64>, ScenarioError> {
    let check = |key: &str, r: f64| {
        if r.is_finite() && (0.0..=MAX_RATE_PER_HOUR).contains(&r) {
            return Ok(r);
        }
        Err(invalid(
            key,
            format!(
                "invalid rate {} for `{key}`: expected {what} per hour >= 0 and at most {MAX_RATE_PER_HOUR:e}",
                format_number(r)
            ),
        )
        .with_label(format!("must be in 0..={MAX_RATE_PER_HOUR:e}")))
    };
    let (rate_key, profile_key) = (format!("{table}.rate_per_hour"), format!("{table}.profile"));
    let intervals = time.interval_count();
    match (rate_per_hour, profile) {
        (Some(r), None) => Ok(vec![check(&rate_key, r)?; intervals]),
        (None, Some(p)) if p.len() == intervals => {
            p.iter().map(|&r| check(&profile_key, r)).collect()
        }
        (None, Some(p)) => Err(invalid(
            &profile_key,
            format!(
                "`{profile_key}` has {} entries but the run has {intervals} intervals of {}: \
                 expected one rate per interval",
                p.len(),
                format_duration(time.interval)
            ),
        )
        .with_label(format!("expected {intervals} entries"))),
        (Some(_), Some(_)) => Err(invalid(
            &profile_key,
            format!("`{table}` has both `rate_per_hour` and `profile`: expected one of them"),
        )
        .with_help("keep `rate_per_hour` for a constant rate, `profile` for one per interval")),
        (None, None) => Err(missing(&rate_key, "rate_per_hour = 10")),
    }
}
