//! The quality tables exactly as written: `[repeat_calls]`, `[followups]`
//! and `[experience]`. Types and spelling only; `quality_validate.rs`
//! checks ranges and the link to the tiers.

use serde::Deserialize;

use super::schema::{RawDistribution, Seconds};

/// A probability for every tier (`0.1`) or one per tier (`[0.1, 0.05]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum PerTier {
    All(f64),
    Each(Vec<f64>),
}

/// `[repeat_calls]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRepeatCalls {
    pub unresolved: Option<PerTier>,
    pub after_abandon: Option<f64>,
    pub delay: Option<RawDistribution>,
    pub max_calls: Option<i64>,
}

/// `[followups]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFollowUps {
    pub share: Option<f64>,
    pub delay: Option<RawDistribution>,
    pub reach: Option<f64>,
    pub detect: Option<f64>,
    pub talk: Option<RawDistribution>,
    pub no_answer: Option<Seconds>,
    pub max_waiting: Option<i64>,
    pub keep_idle: Option<i64>,
    pub expires: Option<Seconds>,
}

/// `[experience]`: the score's weights, every one optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawExperience {
    pub base: Option<f64>,
    pub wait_per_minute: Option<f64>,
    pub abandoned: Option<f64>,
    pub transfer: Option<f64>,
    pub runaround: Option<f64>,
    pub hold_limit: Option<f64>,
    pub unresolved: Option<f64>,
    pub repeat: Option<f64>,
    pub broken_promise: Option<f64>,
    pub followup: Option<f64>,
    pub ticket_late_per_hour: Option<f64>,
}

/// `[callbacks]`: virtual hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCallbacks {
    pub offer_after: Option<Seconds>,
    pub accept: Option<f64>,
    pub margin: Option<Seconds>,
}

impl RawExperience {
    /// The weights as written, in [`ExperienceModel::weights`] order.
    ///
    /// [`ExperienceModel::weights`]: super::quality::ExperienceModel::weights
    pub(crate) fn given(&self) -> [Option<f64>; 11] {
        [
            self.base,
            self.wait_per_minute,
            self.abandoned,
            self.transfer,
            self.runaround,
            self.hold_limit,
            self.unresolved,
            self.repeat,
            self.broken_promise,
            self.followup,
            self.ticket_late_per_hour,
        ]
    }
}
