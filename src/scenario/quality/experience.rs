//! `[experience]`: the weights of the customer-experience score every
//! contact gets.

use serde::Deserialize;

use crate::scenario::duration::format_number;
use crate::scenario::error::{ScenarioError, invalid};

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

impl RawExperience {
    /// The weights as written, in [`ExperienceModel::weights`] order.
    ///
    /// [`ExperienceModel::weights`]: ExperienceModel::weights
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

/// The customer-experience score of a contact: a transparent teaching model,
/// not a prediction of what customers would say. A contact scores
///
/// ```text
/// score = clamp(base - penalties + credits, 0, 100)
/// penalties = wait_per_minute x minutes waiting for an agent (every queue,
///                                and warm-transfer holds) beyond the class threshold
///           + abandoned        (hung up before being helped)
///           + transfer x transfers + runaround (2 or more transfers)
///           + hold_limit x holds that reached the hold limit
///           + unresolved       (the contact did not fix the problem)
///           + repeat           (a repeat call about the same problem)
///           + broken_promise   (a virtual-hold callback made after the promised time)
/// credits   = followup         (an answered follow-up call)
/// ```
///
/// A ticket scores `base - ticket_late_per_hour x hours answered beyond the
/// response SLA`; a walk-in visitor like a call (wait beyond the counter's
/// threshold, leaving unserved).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ExperienceModel {
    /// Score of a contact with nothing wrong, from which penalties are taken.
    pub base: f64,
    /// Points lost per minute of wait.
    pub wait_per_minute: f64,
    /// Points lost when the caller hung up unserved.
    pub abandoned: f64,
    /// Points lost per transfer.
    pub transfer: f64,
    /// Points lost once more for two or more transfers.
    pub runaround: f64,
    /// Points lost per hold that reached the hold limit.
    pub hold_limit: f64,
    /// Points lost when the contact did not fix the problem.
    pub unresolved: f64,
    /// Points lost by a repeat call about the same problem.
    pub repeat: f64,
    /// Points lost when a virtual-hold callback came after the promised time.
    pub broken_promise: f64,
    /// Points gained by an answered follow-up call.
    pub followup: f64,
    /// Points a ticket loses per hour answered beyond the response SLA.
    pub ticket_late_per_hour: f64,
}

impl ExperienceModel {
    /// The top of the score's scale: every score, and the `base`, lies in
    /// `0..=MAX_SCORE`.
    pub const MAX_SCORE: f64 = 100.0;

    /// The weights a scenario gets for each key it leaves out of
    /// `[experience]` (README, "Customer experience").
    pub const DEFAULT: Self = Self {
        base: 80.0,
        wait_per_minute: 5.0,
        abandoned: 40.0,
        transfer: 5.0,
        runaround: 10.0,
        hold_limit: 5.0,
        unresolved: 30.0,
        repeat: 10.0,
        broken_promise: 20.0,
        followup: 10.0,
        ticket_late_per_hour: 2.0,
    };

    /// The weights in `[experience]` key order, with their names.
    pub fn weights(&self) -> [(&'static str, f64); 11] {
        [
            ("base", self.base),
            ("wait_per_minute", self.wait_per_minute),
            ("abandoned", self.abandoned),
            ("transfer", self.transfer),
            ("runaround", self.runaround),
            ("hold_limit", self.hold_limit),
            ("unresolved", self.unresolved),
            ("repeat", self.repeat),
            ("broken_promise", self.broken_promise),
            ("followup", self.followup),
            ("ticket_late_per_hour", self.ticket_late_per_hour),
        ]
    }
}

pub(super) fn validate_experience(raw: &RawExperience) -> Result<ExperienceModel, ScenarioError> {
    let mut model = ExperienceModel::DEFAULT;
    let weights = [
        &mut model.base,
        &mut model.wait_per_minute,
        &mut model.abandoned,
        &mut model.transfer,
        &mut model.runaround,
        &mut model.hold_limit,
        &mut model.unresolved,
        &mut model.repeat,
        &mut model.broken_promise,
        &mut model.followup,
        &mut model.ticket_late_per_hour,
    ];
    let names = ExperienceModel::DEFAULT.weights().map(|(name, _)| name);
    for ((slot, given), name) in weights.into_iter().zip(raw.given()).zip(names) {
        let Some(value) = given else { continue };
        let max = if name == "base" {
            ExperienceModel::MAX_SCORE
        } else {
            f64::MAX
        };
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            let key = format!("experience.{name}");
            let expected = if name == "base" {
                "a score from 0 to 100"
            } else {
                "a number of points >= 0 (penalties are subtracted, credits added)"
            };
            return Err(invalid(
                &key,
                format!(
                    "invalid `{key}` {}: expected {expected}",
                    format_number(value)
                ),
            )
            .with_label(if name == "base" {
                "must be in 0..=100"
            } else {
                "must be >= 0"
            }));
        }
        *slot = value;
    }
    Ok(model)
}
