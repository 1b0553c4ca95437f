//! `[call_limit]`: the longest a call may last from its first answer, and
//! what happens then.

use serde::Deserialize;

use crate::scenario::error::ScenarioError;
use crate::scenario::values::{Seconds, choice, positive_seconds};

/// `[call_limit]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCallLimit {
    pub max: Option<Seconds>,
    pub action: Option<String>,
}

/// The call-length limit: a call should not run much past 15 minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallLimit {
    /// Seconds from the first answer, holds included (> 0).
    pub max: f64,
    /// What the agent does when the limit passes.
    pub action: LimitAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// What happens to a call that passes the call-length limit.
pub enum LimitAction {
    /// The current tier stops and escalates the call (when a higher tier can
    /// take it; otherwise the call continues, flagged).
    Escalate,
    /// The agent ends the call and the same tier calls back later.
    Callback,
    /// The call continues; it is flagged as over the limit.
    Continue,
}

/// `call_limit.max` without a value: 15 minutes.
const DEFAULT_CALL_LIMIT: f64 = 900.0;

pub(super) fn validate_call_limit(
    raw: Option<&RawCallLimit>,
) -> Result<Option<CallLimit>, ScenarioError> {
    let Some(limit) = raw else {
        return Ok(None);
    };
    let max = positive_seconds(
        "call_limit.max",
        limit.max.map_or(DEFAULT_CALL_LIMIT, |m| m.0),
    )?;
    let action = choice(
        "call_limit.action",
        limit.action.as_deref(),
        &[
            ("escalate", LimitAction::Escalate),
            ("callback", LimitAction::Callback),
            ("continue", LimitAction::Continue),
        ],
        LimitAction::Continue,
    )?;
    Ok(Some(CallLimit { max, action }))
}
