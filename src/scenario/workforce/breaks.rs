//! `[breaks]`: the break rules a trainer switches on and off (no break
//! while callers wait, staggering, deferral, overruns).

use std::path::Path;

use serde::Deserialize;

use super::shifts::Shift;
use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::error::{ScenarioError, backticked, invalid};
use crate::scenario::values::{Seconds, count};

/// `[breaks]`: the rules, each with its switch.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBreakRules {
    pub no_break_while_waiting: Option<bool>,
    pub waiting_threshold: Option<i64>,
    pub staggered: Option<bool>,
    pub max_on_break: Option<i64>,
    pub max_deferral: Option<Seconds>,
    pub on_max_deferral: Option<String>,
    pub overrun: Option<RawDistribution>,
}

/// The rules a trainer switches on and off. A break never interrupts a call
/// in progress: that is a law of the model, not a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRules {
    /// `Some(n)`: no break or lunch starts while `n` or more calls wait for
    /// the agent's tier; it is deferred.
    pub no_break_while_waiting: Option<u32>,
    /// `Some(k)`: at most `k` agents of a tier on break or lunch at once.
    pub staggered: Option<u32>,
    /// How long after its window closes a deferred break may still wait.
    pub max_deferral: f64,
    /// What happens to a break still deferred then.
    pub on_max_deferral: DeferralAction,
    /// Extra minutes taken beyond the planned length; `None`: breaks end on
    /// time.
    pub overrun: Option<DistributionSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// What a break still deferred at the limit does (`on_max_deferral`).
pub enum DeferralAction {
    /// The break is taken anyway, as soon as the current call ends.
    Take,
    /// The break is lost and counted as missed.
    Miss,
}

const DEFAULT_MAX_DEFERRAL: f64 = 1800.0;

pub(super) fn validate_rules(
    raw: Option<&RawBreakRules>,
    shifts: &[Shift],
    base_dir: &Path,
) -> Result<BreakRules, ScenarioError> {
    let raw = raw.cloned().unwrap_or_default();
    let threshold = count(
        "breaks.waiting_threshold",
        raw.waiting_threshold.unwrap_or(1),
        1..=u32::MAX,
        "calls",
    )?;
    let k = count(
        "breaks.max_on_break",
        raw.max_on_break.unwrap_or(1),
        0..=u32::MAX,
        "agents",
    )?;
    let staggered = raw.staggered.unwrap_or(true);
    let any_breaks = shifts.iter().any(|s| !s.breaks.is_empty());
    if staggered && k == 0 && any_breaks {
        return Err(invalid(
            "breaks.max_on_break",
            "`breaks.max_on_break` is 0 but the shifts have breaks: nobody could ever take one"
                .into(),
        )
        .with_help(
            "allow at least 1 agent of a tier on break at once, or set `staggered = false`",
        ));
    }
    let max_deferral = raw.max_deferral.map_or(DEFAULT_MAX_DEFERRAL, |d| d.0);
    let on_max_deferral = match raw.on_max_deferral.as_deref() {
        None | Some("take") => DeferralAction::Take,
        Some("miss") => DeferralAction::Miss,
        Some(other) => {
            return Err(invalid(
                "breaks.on_max_deferral",
                format!(
                    "unknown `breaks.on_max_deferral` {other:?}: expected {}",
                    backticked(&["take", "miss"])
                ),
            ));
        }
    };
    Ok(BreakRules {
        no_break_while_waiting: raw
            .no_break_while_waiting
            .unwrap_or(true)
            .then_some(threshold),
        staggered: staggered.then_some(k),
        max_deferral,
        on_max_deferral,
        overrun: raw
            .overrun
            .as_ref()
            .map(|d| validate_distribution("breaks.overrun", d, true, base_dir))
            .transpose()?,
    })
}
