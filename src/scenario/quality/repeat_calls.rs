//! `[repeat_calls]`: first-contact resolution. A closed case whose fix
//! does not hold comes back as a repeat call, and a caller who leaves
//! unhelped may call again.

use std::path::Path;

use serde::Deserialize;

use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::error::{ScenarioError, invalid, missing};
use crate::scenario::limits::MAX_CALLS_PER_CASE;
use crate::scenario::values::{PerTier, count, share};

/// `[repeat_calls]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRepeatCalls {
    pub unresolved: Option<PerTier>,
    pub after_abandon: Option<f64>,
    pub delay: Option<RawDistribution>,
    pub max_calls: Option<i64>,
}

/// First-contact resolution: a closed case whose fix does not hold comes back
/// as a repeat call, and a caller who leaves unhelped may call again.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatCalls {
    /// `unresolved[t]`: probability that a case tier `t` closes as resolved
    /// was not really fixed (0..=1), before the customer type's `repeat`
    /// multiplier. One entry per tier.
    pub unresolved: Vec<f64>,
    /// Probability that a caller who leaves without help (blocked, abandoned
    /// in a queue, hung up on hold) calls again about the same problem.
    pub after_abandon: f64,
    /// Time from the end of a contact to the repeat call.
    pub delay: DistributionSpec,
    /// Most calls one case may take, the first included (≥ 1): a customer
    /// gives up after this many.
    pub max_calls: u8,
}

/// `repeat_calls.max_calls` without a value: a customer tries three times.
const DEFAULT_MAX_CALLS: u8 = 3;

pub(super) fn validate_repeats(
    raw: &RawRepeatCalls,
    tiers: usize,
    base_dir: &Path,
) -> Result<RepeatCalls, ScenarioError> {
    let key = "repeat_calls.unresolved";
    let unresolved = match &raw.unresolved {
        None => return Err(missing(key, "unresolved = [0.10, 0.05]")),
        Some(PerTier::All(p)) => vec![share(key, *p)?; tiers],
        Some(PerTier::Each(list)) => {
            if list.len() != tiers {
                return Err(invalid(
                    key,
                    format!(
                        "`{key}` has {} entries but the desk has {tiers} tier{}: expected one \
                         probability per tier, in `[[tiers]]` order",
                        list.len(),
                        if tiers == 1 { "" } else { "s" }
                    ),
                )
                .with_label(format!("expected {tiers} entries"))
                .with_help("or write one number for every tier, e.g. `unresolved = 0.1`"));
            }
            list.iter()
                .map(|&p| share(key, p))
                .collect::<Result<_, _>>()?
        }
    };
    let after_abandon = share(
        "repeat_calls.after_abandon",
        raw.after_abandon.unwrap_or(0.0),
    )?;
    let delay = raw.delay.as_ref().ok_or_else(|| {
        missing(
            "repeat_calls.delay",
            r#"delay = { distribution = "exponential", mean = "2h" }"#,
        )
    })?;
    let max_calls = count(
        "repeat_calls.max_calls",
        raw.max_calls.unwrap_or(i64::from(DEFAULT_MAX_CALLS)),
        1..=u32::from(MAX_CALLS_PER_CASE),
        "calls",
    )?;
    Ok(RepeatCalls {
        unresolved,
        after_abandon,
        delay: validate_distribution("repeat_calls.delay", delay, true, base_dir)?,
        // At most `MAX_CALLS_PER_CASE`, so it fits.
        max_calls: max_calls as u8,
    })
}
