//! `[hold]`: agents putting callers on hold to research, the hold limit
//! and what happens when it is reached.

use std::path::Path;

use serde::Deserialize;

use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::duration::format_duration;
use crate::scenario::error::{ScenarioError, invalid, missing};
use crate::scenario::limits::{MAX_HOLD_SEGMENTS, MIN_HOLD_STEP_SECONDS};
use crate::scenario::values::{Seconds, choice, seconds_at_least, share};

/// `[hold]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHold {
    pub probability: Option<f64>,
    pub duration: Option<RawDistribution>,
    pub max: Option<Seconds>,
    pub patience: Option<RawDistribution>,
    pub at_limit: Option<String>,
    pub check_in: Option<Seconds>,
}

/// Agents putting callers on hold to research.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    /// Probability that a call is put on hold at a tier (0..=1), before the
    /// customer multiplier.
    pub probability: f64,
    /// Research time needed while the caller holds (seconds).
    pub duration: DistributionSpec,
    /// Longest single hold (seconds, > 0): at the limit the agent returns to
    /// the caller (a hold-limit event) and `at_limit` says what happens if
    /// research remains. Also bounds a warm-transfer hold.
    pub max: f64,
    /// How long a caller on hold waits before hanging up; `None`: never.
    pub patience: Option<DistributionSpec>,
    /// What the agent does on coming back at the hold limit with research
    /// still to do.
    pub at_limit: HoldLimitAction,
    /// Seconds the agent talks with the caller at each check-in (> 0; used
    /// with [`HoldLimitAction::CheckIn`]).
    pub check_in: f64,
}

/// What happens when a research hold reaches the hold limit: the customer
/// is never left on hold past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldLimitAction {
    /// The agent offers a callback: the caller hangs up and the same tier
    /// calls back once the research is done, rather than leave the customer
    /// on hold (the default).
    Callback,
    /// The agent escalates the call to the next tier able to take it, by the
    /// transfer policy (at the highest such tier: a check-in).
    Escalate,
    /// The agent tells the caller how it is going (a check-in of
    /// `Hold::check_in` seconds, talk time) and holds again.
    CheckIn,
}

impl HoldLimitAction {
    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Callback => "callback",
            Self::Escalate => "escalate",
            Self::CheckIn => "check_in",
        }
    }
}

/// `hold.max` without a value: a caller is kept on hold at most 3 minutes
/// at a time.
pub(crate) const DEFAULT_HOLD_MAX: f64 = 180.0;

/// `hold.check_in` without a value: a short word with the caller.
const DEFAULT_CHECK_IN: f64 = 30.0;

pub(super) fn validate_hold(raw: &RawHold, base_dir: &Path) -> Result<Hold, ScenarioError> {
    let probability = raw
        .probability
        .ok_or_else(|| missing("hold.probability", "probability = 0.2"))?;
    let probability = share("hold.probability", probability)?;
    let duration = raw.duration.as_ref().ok_or_else(|| {
        missing(
            "hold.duration",
            r#"duration = { distribution = "exponential", mean = "2m" }"#,
        )
    })?;
    let max = seconds_at_least(
        "hold.max",
        raw.max.map_or(DEFAULT_HOLD_MAX, |m| m.0),
        MIN_HOLD_STEP_SECONDS,
        "a shorter limit splits one hold into millions of segments",
    )?;
    let at_limit = choice(
        "hold.at_limit",
        raw.at_limit.as_deref(),
        &[
            ("callback", HoldLimitAction::Callback),
            ("escalate", HoldLimitAction::Escalate),
            ("check_in", HoldLimitAction::CheckIn),
        ],
        // Rather than leave a customer on hold, call back.
        HoldLimitAction::Callback,
    )?;
    let check_in = seconds_at_least(
        "hold.check_in",
        raw.check_in.map_or(DEFAULT_CHECK_IN, |c| c.0),
        MIN_HOLD_STEP_SECONDS,
        "a check-in is the agent talking to the caller: it takes time",
    )?;
    let duration = validate_distribution("hold.duration", duration, false, base_dir)?;
    if duration.mean() / max > MAX_HOLD_SEGMENTS {
        return Err(invalid(
            "hold.max",
            format!(
                "`hold.max` is {} for holds of {} on average: expected at least {} \
                 (1/{MAX_HOLD_SEGMENTS} of the mean hold)",
                format_duration(max),
                format_duration(duration.mean()),
                format_duration(duration.mean() / MAX_HOLD_SEGMENTS)
            ),
        )
        .with_label("too short for the holds")
        .with_help("each time the limit is reached the agent returns to the caller"));
    }
    Ok(Hold {
        probability,
        duration,
        max,
        patience: raw
            .patience
            .as_ref()
            .map(|p| validate_distribution("hold.patience", p, true, base_dir))
            .transpose()?,
        at_limit,
        check_in,
    })
}
