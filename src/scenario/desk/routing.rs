//! `[routing]`: which idle agent takes a waiting call, and whether higher
//! tiers help lower ones.

use serde::Deserialize;

use crate::scenario::error::ScenarioError;
use crate::scenario::values::choice;

/// `[routing]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRouting {
    pub agent: Option<String>,
    pub overflow: Option<bool>,
}

/// Which agents may take a waiting call, and which idle agent is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Routing {
    /// Which idle agent takes the next call.
    pub agent: AgentChoice,
    /// Idle agents of a higher tier may take calls waiting for a lower tier
    /// (any call of the entry tier; for other tiers only if the higher tier
    /// has all of the lower tier's skills and languages).
    pub overflow: bool,
}

/// How an idle agent is chosen when several tiers could take a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentChoice {
    /// The lowest tier with an idle agent (its longest-idle agent): keeps
    /// experts free.
    LowestTier,
    /// The agent idle longest, whatever its tier.
    LongestIdle,
}

pub(super) fn validate_routing(raw: Option<&RawRouting>) -> Result<Routing, ScenarioError> {
    let routing = raw.cloned().unwrap_or_default();
    Ok(Routing {
        agent: choice(
            "routing.agent",
            routing.agent.as_deref(),
            &[
                ("lowest_tier", AgentChoice::LowestTier),
                ("longest_idle", AgentChoice::LongestIdle),
            ],
            AgentChoice::LowestTier,
        )?,
        overflow: routing.overflow.unwrap_or(false),
    })
}
