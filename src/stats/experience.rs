//! The customer-experience score of a contact (`[experience]`): a documented
//! teaching model that turns what happened to a caller into points, so a
//! trainer can show what waits, transfers, hold-limit events and failed
//! fixes cost the customer. It is not a prediction of a survey's answer.

use crate::model::{CallRecord, CaseEnd, FollowUpRecord, Outcome};
use crate::scenario::{ExperienceModel, Helpdesk};

/// Scores are points from 0 to 100 (the scale the scenario's
/// `[experience]` weights are checked against).
pub const MAX_SCORE: f64 = ExperienceModel::MAX_SCORE;

/// The score of a phone contact:
/// `clamp(base - penalties, 0, 100)` with the penalties of
/// [`ExperienceModel`]. The wait penalty counts the minutes the caller
/// waited for an agent beyond the call's class threshold: every queue of the
/// call (until the answer, or until hanging up) and warm-transfer holds.
pub fn call_score(model: &ExperienceModel, desk: &Helpdesk, call: &CallRecord) -> f64 {
    let c = &call.case;
    let threshold = desk.classes[usize::from(c.class)].threshold;
    let mut score = model.base;
    score -= model.wait_per_minute * (c.waited - threshold).max(0.0) / 60.0;
    let left_unhelped = matches!(call.outcome, Outcome::Blocked | Outcome::Abandoned)
        || matches!(
            c.end,
            CaseEnd::HungUpOnHold | CaseEnd::AbandonedAfterTransfer
        );
    if left_unhelped {
        score -= model.abandoned;
    } else if c.end != CaseEnd::Resolved || c.unfixed {
        score -= model.unresolved;
    }
    score -= model.transfer * f64::from(c.transfers);
    if c.runaround() {
        score -= model.runaround;
    }
    score -= model.hold_limit * f64::from(c.hold_limit_events);
    if c.contact > 1 {
        score -= model.repeat;
    }
    if c.promise_broken {
        score -= model.broken_promise;
    }
    score.clamp(0.0, MAX_SCORE)
}

/// The score of a ticket answered `response` seconds after it arrived:
/// `clamp(base - ticket_late_per_hour x hours beyond the response SLA, 0, 100)`.
pub fn ticket_score(model: &ExperienceModel, response_sla: f64, response: f64) -> f64 {
    let late_hours = (response - response_sla).max(0.0) / 3600.0;
    (model.base - model.ticket_late_per_hour * late_hours).clamp(0.0, MAX_SCORE)
}

/// The score of a walk-in visitor: the wait beyond the counter's
/// `threshold` and leaving unserved, as for a call.
pub fn walk_in_score(model: &ExperienceModel, threshold: f64, visit: &CallRecord) -> f64 {
    let mut score = model.base - model.wait_per_minute * (visit.wait - threshold).max(0.0) / 60.0;
    if visit.outcome != Outcome::Answered {
        score -= model.abandoned;
    }
    score.clamp(0.0, MAX_SCORE)
}

/// The score of a follow-up call: `clamp(base + followup, 0, 100)` when the
/// customer answered; `None` when nobody was on the line.
pub fn followup_score(model: &ExperienceModel, record: &FollowUpRecord) -> Option<f64> {
    record
        .outcome
        .reached()
        .then(|| (model.base + model.followup).clamp(0.0, MAX_SCORE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CaseInfo, FollowUpOutcome};
    use crate::scenario::Sla;

    fn desk() -> Helpdesk {
        Helpdesk::single_pool(
            3,
            Sla {
                threshold: 20.0,
                target: 0.8,
            },
        )
    }

    fn answered(wait: f64) -> CallRecord {
        CallRecord {
            id: 0,
            arrival: 0.0,
            outcome: Outcome::Answered,
            wait,
            talk: 60.0,
            wrap_up: 0.0,
            agent: Some(0),
            counted: true,
            case: CaseInfo {
                end: CaseEnd::Resolved,
                waited: wait,
                ..CaseInfo::PLAIN
            },
        }
    }

    #[test]
    fn a_clean_call_scores_the_base() {
        let m = ExperienceModel::DEFAULT;
        assert_eq!(call_score(&m, &desk(), &answered(20.0)), m.base);
    }

    #[test]
    fn each_penalty_is_its_weight() {
        let m = ExperienceModel::DEFAULT;
        let d = desk();
        // Two minutes beyond the 20 s threshold.
        assert_eq!(
            call_score(&m, &d, &answered(140.0)),
            m.base - 2.0 * m.wait_per_minute
        );
        let mut c = answered(0.0);
        c.case.transfers = 2;
        c.case.hold_limit_events = 1;
        c.case.contact = 2;
        c.case.unfixed = true;
        let expected =
            m.base - 2.0 * m.transfer - m.runaround - m.hold_limit - m.repeat - m.unresolved;
        assert_eq!(call_score(&m, &d, &c), expected.max(0.0));
        let mut gone = answered(50.0);
        gone.outcome = Outcome::Abandoned;
        gone.case.end = CaseEnd::Unanswered;
        // Abandoning is not also "unresolved".
        assert_eq!(
            call_score(&m, &d, &gone),
            m.base - 0.5 * m.wait_per_minute - m.abandoned
        );
    }

    #[test]
    fn tickets_and_visitors_pay_for_lateness() {
        let m = ExperienceModel::DEFAULT;
        // Answered within the SLA: the base; 10 hours late: 10 x 2 points.
        assert_eq!(ticket_score(&m, 86_400.0, 3600.0), m.base);
        assert_eq!(
            ticket_score(&m, 86_400.0, 86_400.0 + 36_000.0),
            m.base - 20.0
        );
        let served = answered(420.0);
        assert_eq!(
            walk_in_score(&m, 300.0, &served),
            m.base - 2.0 * m.wait_per_minute
        );
        let mut left = answered(300.0);
        left.outcome = Outcome::Abandoned;
        assert_eq!(walk_in_score(&m, 300.0, &left), m.base - m.abandoned);
    }

    #[test]
    fn scores_stay_within_0_and_100() {
        let m = ExperienceModel {
            base: 100.0,
            followup: 30.0,
            ..ExperienceModel::DEFAULT
        };
        assert_eq!(call_score(&m, &desk(), &answered(3600.0)), 0.0);
        let record = FollowUpRecord {
            case_id: 0,
            customer: 0,
            class: 0,
            due: 0.0,
            started: Some(0.0),
            agent: Some(0),
            talk: 60.0,
            outcome: FollowUpOutcome::Confirmed,
            counted: true,
        };
        assert_eq!(followup_score(&m, &record), Some(100.0));
        let missed = FollowUpRecord {
            outcome: FollowUpOutcome::NoAnswer,
            ..record
        };
        assert_eq!(followup_score(&m, &missed), None);
    }
}
