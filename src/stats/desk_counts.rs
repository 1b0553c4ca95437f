//! The counters behind the help-desk sections: per tier (from visits) and
//! per group of calls (customer type, class, all), from finished calls.

use crate::model::{CallRecord, CaseEnd, Outcome, VisitEnd, VisitRecord};

/// What happened at one tier: every visit a case made to it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct TierCounts {
    /// The callers' side: offered, answered, abandoned, resolved.
    pub flow: TierFlow,
    /// Talk plus hold of every visit an agent took (callbacks included).
    pub handle_sum: f64,
    pub handled: u64,
    pub hung_up_on_hold: u64,
    pub callbacks_promised: u64,
    pub holds: u64,
    pub hold_seconds: f64,
    pub hold_limit_events: u64,
    pub over_limit: u64,
}

impl TierCounts {
    #[inline]
    pub(crate) fn add_visit(&mut self, v: &VisitRecord, threshold: f64) {
        self.flow.add_visit(v, threshold);
        if v.agent_tier.is_some() {
            self.handled += 1;
            self.handle_sum += v.handle;
        }
        match v.end {
            VisitEnd::HungUpOnHold => self.hung_up_on_hold += 1,
            VisitEnd::CallbackPromised => self.callbacks_promised += 1,
            VisitEnd::Resolved | VisitEnd::Escalated | VisitEnd::Abandoned => {}
        }
        self.holds += u64::from(v.holds);
        self.hold_seconds += v.hold;
        self.hold_limit_events += u64::from(v.hold_limit_events);
        self.over_limit += u64::from(v.over_limit);
    }
}

/// What the callers met at one tier: the part of [`TierCounts`] that
/// `tier_intervals.csv` and the staffing planner read, half its size, since
/// a long run keeps one per tier per interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct TierFlow {
    /// Live calls that reached the tier (joined its queue or were passed to
    /// one of its agents).
    pub offered: u64,
    pub answered: u64,
    pub abandoned: u64,
    /// Live calls answered within their class's threshold of reaching the tier.
    pub answered_within: u64,
    pub wait_answered_sum: f64,
    /// Callbacks the tier made (cases let go earlier with a promise).
    pub callbacks_made: u64,
    pub resolved: u64,
    pub escalated: u64,
}

impl TierFlow {
    #[inline]
    pub(crate) fn add_visit(&mut self, v: &VisitRecord, threshold: f64) {
        let taken = v.agent_tier.is_some();
        if v.callback {
            self.callbacks_made += u64::from(taken);
        } else {
            self.offered += 1;
            if taken {
                self.answered += 1;
                self.answered_within += u64::from(v.wait <= threshold);
                self.wait_answered_sum += v.wait;
            }
        }
        match v.end {
            VisitEnd::Resolved => self.resolved += 1,
            VisitEnd::Escalated => self.escalated += 1,
            VisitEnd::Abandoned => self.abandoned += 1,
            VisitEnd::HungUpOnHold | VisitEnd::CallbackPromised => {}
        }
    }
}

/// What happened to a group of calls, each counted once when the caller
/// leaves.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct GroupCounts {
    pub arrived: u64,
    pub blocked: u64,
    pub answered: u64,
    pub abandoned: u64,
    pub answered_within: u64,
    pub wait_answered_sum: f64,
    pub handle_sum: f64,
    pub transfers: u64,
    pub escalations: u64,
    pub runarounds: u64,
    pub resolved: u64,
    pub resolved_first_contact: u64,
    pub holds: u64,
    pub hold_seconds: f64,
    pub hold_limit_events: u64,
    pub hold_check_ins: u64,
    pub hold_check_in_seconds: f64,
    pub hold_limit_escalations: u64,
    pub hold_limit_callbacks: u64,
    pub transfers_without_consent: u64,
    pub over_limit: u64,
    pub hung_up_on_hold: u64,
    pub abandoned_after_transfer: u64,
    pub callbacks_promised: u64,
}

impl GroupCounts {
    /// Calls that entered the system (not blocked).
    pub(crate) fn offered(&self) -> u64 {
        self.answered + self.abandoned
    }

    #[inline]
    pub(crate) fn add_call(&mut self, call: &CallRecord, threshold: f64) {
        self.arrived += 1;
        let case = &call.case;
        match call.outcome {
            Outcome::Blocked => self.blocked += 1,
            Outcome::Abandoned => self.abandoned += 1,
            Outcome::Answered => {
                self.answered += 1;
                self.answered_within += u64::from(call.wait <= threshold);
                self.wait_answered_sum += call.wait;
                self.handle_sum += call.talk + call.wrap_up;
            }
        }
        self.transfers += u64::from(case.transfers);
        self.escalations += u64::from(case.escalations);
        self.runarounds += u64::from(case.runaround());
        self.holds += u64::from(case.holds);
        self.hold_seconds += case.hold_seconds;
        self.hold_limit_events += u64::from(case.hold_limit_events);
        self.hold_check_ins += u64::from(case.hold_check_ins);
        self.hold_check_in_seconds += case.hold_check_in_seconds;
        self.hold_limit_escalations += u64::from(case.hold_limit_escalations);
        self.hold_limit_callbacks += u64::from(case.hold_limit_callback);
        self.transfers_without_consent += u64::from(case.transfers_without_consent);
        self.over_limit += u64::from(case.over_limit);
        match case.end {
            CaseEnd::Resolved => {
                self.resolved += 1;
                // First contact: the agent who answered resolved it, with
                // no transfer, escalation or callback.
                self.resolved_first_contact +=
                    u64::from(case.path.len() == 1 && case.escalations == 0);
            }
            CaseEnd::HungUpOnHold => self.hung_up_on_hold += 1,
            CaseEnd::AbandonedAfterTransfer => self.abandoned_after_transfer += 1,
            CaseEnd::CallbackPromised => self.callbacks_promised += 1,
            CaseEnd::Unanswered => {}
        }
    }

    pub(crate) fn add(&mut self, o: &Self) {
        self.arrived += o.arrived;
        self.blocked += o.blocked;
        self.answered += o.answered;
        self.abandoned += o.abandoned;
        self.answered_within += o.answered_within;
        self.wait_answered_sum += o.wait_answered_sum;
        self.handle_sum += o.handle_sum;
        self.transfers += o.transfers;
        self.escalations += o.escalations;
        self.runarounds += o.runarounds;
        self.resolved += o.resolved;
        self.resolved_first_contact += o.resolved_first_contact;
        self.holds += o.holds;
        self.hold_seconds += o.hold_seconds;
        self.hold_limit_events += o.hold_limit_events;
        self.hold_check_ins += o.hold_check_ins;
        self.hold_check_in_seconds += o.hold_check_in_seconds;
        self.hold_limit_escalations += o.hold_limit_escalations;
        self.hold_limit_callbacks += o.hold_limit_callbacks;
        self.transfers_without_consent += o.transfers_without_consent;
        self.over_limit += o.over_limit;
        self.hung_up_on_hold += o.hung_up_on_hold;
        self.abandoned_after_transfer += o.abandoned_after_transfer;
        self.callbacks_promised += o.callbacks_promised;
    }
}
