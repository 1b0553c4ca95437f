//! The observer interface: how statistics, logs and checks see a run.
//!
//! Every method has a do-nothing default, so an observer implements only what
//! it needs. The model is generic over its observer, so calls are static and
//! inlined: an absent observer costs nothing.

use super::call::{CallRecord, CaseRecord, FollowUpRecord, TicketRecord, VisitRecord};
use super::staffing::{AgentState, BreakRecord};
use crate::engine::Time;

/// Receives the domain events of a run, in simulated-time order.
pub trait Observer {
    /// A call arrived (before it is known whether it will be blocked).
    #[inline]
    fn call_arrived(&mut self, _now: Time, _id: u64) {}

    /// An agent answered a call after it waited `wait` seconds.
    #[inline]
    fn call_answered(&mut self, _now: Time, _id: u64, _agent: u32, _wait: f64) {}

    /// A call left the system: blocked, abandoned, or its conversation ended.
    #[inline]
    fn call_finished(&mut self, _now: Time, _call: &CallRecord) {}

    /// The number of calls waiting in queue changed to `waiting`.
    #[inline]
    fn queue_changed(&mut self, _now: Time, _waiting: u32) {}

    /// The number of agents busy with calls (talking or in wrap-up) changed to `busy`.
    #[inline]
    fn busy_changed(&mut self, _now: Time, _busy: u32) {}

    /// A case's visit to a help-desk tier ended (help-desk runs only).
    #[inline]
    fn visit_finished(&mut self, _now: Time, _visit: &VisitRecord) {}

    /// A hold of `seconds` ended (help-desk runs only); `at_limit`: it ended
    /// because it reached the hold limit.
    #[inline]
    fn hold_ended(&mut self, _now: Time, _id: u64, _seconds: f64, _at_limit: bool) {}

    /// The number of agents of tier `tier` busy with calls changed to `busy`
    /// (help-desk runs only; `busy_changed` still reports the total).
    #[inline]
    fn tier_busy_changed(&mut self, _now: Time, _tier: usize, _busy: u32) {}

    /// The last event has been processed at `now`: nothing is left in the system.
    #[inline]
    fn run_finished(&mut self, _now: Time) {}

    /// Agent `agent` is now in `state` (help-desk and shift runs).
    #[inline]
    fn agent_state(&mut self, _now: Time, _agent: u32, _state: AgentState) {}

    /// Agent `agent`'s shift ended during a call: it works on, in overtime,
    /// until it goes offline.
    #[inline]
    fn overtime_started(&mut self, _now: Time, _agent: u32) {}

    /// Agent `agent` logs in for its shift of day `day` (shift runs): the
    /// day the shift is scheduled on, counted from the run's start, even when
    /// the shift starts before midnight or before the run does.
    #[inline]
    fn shift_started(&mut self, _now: Time, _agent: u32, _day: u32) {}

    /// The live callers waiting for tier `tier` changed to `waiting`
    /// (help-desk runs; `queue_changed` still reports the total).
    #[inline]
    fn tier_queue_changed(&mut self, _now: Time, _tier: usize, _waiting: u32) {}

    /// A break entitlement ended: taken (at its end) or lost.
    #[inline]
    fn break_finished(&mut self, _now: Time, _record: &BreakRecord) {}

    /// Agent `agent`'s personal leave was decided as it would start:
    /// `granted` (it starts now) or refused (asked again later).
    #[inline]
    fn leave_requested(&mut self, _now: Time, _agent: u32, _granted: bool) {}

    /// The agents of tier `tier` available for calls (idle or on one)
    /// changed to `available` (shift runs only).
    #[inline]
    fn available_changed(&mut self, _now: Time, _tier: usize, _available: u32) {}

    /// Agent `agent` starts the follow-up call of case `case_id` (help-desk
    /// runs with `[followups]`).
    #[inline]
    fn followup_started(&mut self, _now: Time, _case_id: u64, _agent: u32) {}

    /// A follow-up call is over, or will not be made.
    #[inline]
    fn followup_finished(&mut self, _now: Time, _record: &FollowUpRecord) {}

    /// Call `id` was offered a virtual-hold callback; `accepted`: the caller
    /// hung up to be called back.
    #[inline]
    fn callback_offered(&mut self, _now: Time, _id: u64, _accepted: bool) {}

    /// Ticket `id` arrived (`[tickets]`).
    #[inline]
    fn ticket_arrived(&mut self, _now: Time, _id: u64) {}

    /// Agent `agent` starts ticket `id`: its first response.
    #[inline]
    fn ticket_started(&mut self, _now: Time, _id: u64, _agent: u32) {}

    /// A ticket is resolved.
    #[inline]
    fn ticket_finished(&mut self, _now: Time, _record: &TicketRecord) {}

    /// The run ended with `waiting` tickets (that arrived after the warm-up)
    /// never started, `overdue` of them past the response SLA.
    #[inline]
    fn tickets_left(&mut self, _now: Time, _waiting: usize, _overdue: usize) {}

    /// A case ended for good (help-desk runs): after its last call,
    /// callback or follow-up.
    #[inline]
    fn case_finished(&mut self, _now: Time, _record: &CaseRecord) {}
}

impl Observer for () {}

impl<O: Observer + ?Sized> Observer for &mut O {
    #[inline]
    fn call_arrived(&mut self, now: Time, id: u64) {
        (**self).call_arrived(now, id);
    }
    #[inline]
    fn call_answered(&mut self, now: Time, id: u64, agent: u32, wait: f64) {
        (**self).call_answered(now, id, agent, wait);
    }
    #[inline]
    fn call_finished(&mut self, now: Time, call: &CallRecord) {
        (**self).call_finished(now, call);
    }
    #[inline]
    fn queue_changed(&mut self, now: Time, waiting: u32) {
        (**self).queue_changed(now, waiting);
    }
    #[inline]
    fn busy_changed(&mut self, now: Time, busy: u32) {
        (**self).busy_changed(now, busy);
    }
    #[inline]
    fn visit_finished(&mut self, now: Time, visit: &VisitRecord) {
        (**self).visit_finished(now, visit);
    }
    #[inline]
    fn tier_busy_changed(&mut self, now: Time, tier: usize, busy: u32) {
        (**self).tier_busy_changed(now, tier, busy);
    }
    #[inline]
    fn hold_ended(&mut self, now: Time, id: u64, seconds: f64, at_limit: bool) {
        (**self).hold_ended(now, id, seconds, at_limit);
    }
    #[inline]
    fn run_finished(&mut self, now: Time) {
        (**self).run_finished(now);
    }
    #[inline]
    fn agent_state(&mut self, now: Time, agent: u32, state: AgentState) {
        (**self).agent_state(now, agent, state);
    }
    #[inline]
    fn overtime_started(&mut self, now: Time, agent: u32) {
        (**self).overtime_started(now, agent);
    }
    #[inline]
    fn shift_started(&mut self, now: Time, agent: u32, day: u32) {
        (**self).shift_started(now, agent, day);
    }
    #[inline]
    fn tier_queue_changed(&mut self, now: Time, tier: usize, waiting: u32) {
        (**self).tier_queue_changed(now, tier, waiting);
    }
    #[inline]
    fn break_finished(&mut self, now: Time, record: &BreakRecord) {
        (**self).break_finished(now, record);
    }
    #[inline]
    fn leave_requested(&mut self, now: Time, agent: u32, granted: bool) {
        (**self).leave_requested(now, agent, granted);
    }
    #[inline]
    fn available_changed(&mut self, now: Time, tier: usize, available: u32) {
        (**self).available_changed(now, tier, available);
    }
    #[inline]
    fn followup_started(&mut self, now: Time, case_id: u64, agent: u32) {
        (**self).followup_started(now, case_id, agent);
    }
    #[inline]
    fn followup_finished(&mut self, now: Time, record: &FollowUpRecord) {
        (**self).followup_finished(now, record);
    }
    #[inline]
    fn case_finished(&mut self, now: Time, record: &CaseRecord) {
        (**self).case_finished(now, record);
    }
    #[inline]
    fn callback_offered(&mut self, now: Time, id: u64, accepted: bool) {
        (**self).callback_offered(now, id, accepted);
    }
    #[inline]
    fn ticket_arrived(&mut self, now: Time, id: u64) {
        (**self).ticket_arrived(now, id);
    }
    #[inline]
    fn ticket_started(&mut self, now: Time, id: u64, agent: u32) {
        (**self).ticket_started(now, id, agent);
    }
    #[inline]
    fn ticket_finished(&mut self, now: Time, record: &TicketRecord) {
        (**self).ticket_finished(now, record);
    }
    #[inline]
    fn tickets_left(&mut self, now: Time, waiting: usize, overdue: usize) {
        (**self).tickets_left(now, waiting, overdue);
    }
}

impl<O: Observer> Observer for Option<O> {
    #[inline]
    fn call_arrived(&mut self, now: Time, id: u64) {
        if let Some(o) = self {
            o.call_arrived(now, id);
        }
    }
    #[inline]
    fn call_answered(&mut self, now: Time, id: u64, agent: u32, wait: f64) {
        if let Some(o) = self {
            o.call_answered(now, id, agent, wait);
        }
    }
    #[inline]
    fn call_finished(&mut self, now: Time, call: &CallRecord) {
        if let Some(o) = self {
            o.call_finished(now, call);
        }
    }
    #[inline]
    fn queue_changed(&mut self, now: Time, waiting: u32) {
        if let Some(o) = self {
            o.queue_changed(now, waiting);
        }
    }
    #[inline]
    fn busy_changed(&mut self, now: Time, busy: u32) {
        if let Some(o) = self {
            o.busy_changed(now, busy);
        }
    }
    #[inline]
    fn visit_finished(&mut self, now: Time, visit: &VisitRecord) {
        if let Some(o) = self {
            o.visit_finished(now, visit);
        }
    }
    #[inline]
    fn tier_busy_changed(&mut self, now: Time, tier: usize, busy: u32) {
        if let Some(o) = self {
            o.tier_busy_changed(now, tier, busy);
        }
    }
    #[inline]
    fn hold_ended(&mut self, now: Time, id: u64, seconds: f64, at_limit: bool) {
        if let Some(o) = self {
            o.hold_ended(now, id, seconds, at_limit);
        }
    }
    #[inline]
    fn run_finished(&mut self, now: Time) {
        if let Some(o) = self {
            o.run_finished(now);
        }
    }
    #[inline]
    fn agent_state(&mut self, now: Time, agent: u32, state: AgentState) {
        if let Some(o) = self {
            o.agent_state(now, agent, state);
        }
    }
    #[inline]
    fn overtime_started(&mut self, now: Time, agent: u32) {
        if let Some(o) = self {
            o.overtime_started(now, agent);
        }
    }
    #[inline]
    fn shift_started(&mut self, now: Time, agent: u32, day: u32) {
        if let Some(o) = self {
            o.shift_started(now, agent, day);
        }
    }
    #[inline]
    fn tier_queue_changed(&mut self, now: Time, tier: usize, waiting: u32) {
        if let Some(o) = self {
            o.tier_queue_changed(now, tier, waiting);
        }
    }
    #[inline]
    fn break_finished(&mut self, now: Time, record: &BreakRecord) {
        if let Some(o) = self {
            o.break_finished(now, record);
        }
    }
    #[inline]
    fn leave_requested(&mut self, now: Time, agent: u32, granted: bool) {
        if let Some(o) = self {
            o.leave_requested(now, agent, granted);
        }
    }
    #[inline]
    fn available_changed(&mut self, now: Time, tier: usize, available: u32) {
        if let Some(o) = self {
            o.available_changed(now, tier, available);
        }
    }
    #[inline]
    fn followup_started(&mut self, now: Time, case_id: u64, agent: u32) {
        if let Some(o) = self {
            o.followup_started(now, case_id, agent);
        }
    }
    #[inline]
    fn followup_finished(&mut self, now: Time, record: &FollowUpRecord) {
        if let Some(o) = self {
            o.followup_finished(now, record);
        }
    }
    #[inline]
    fn case_finished(&mut self, now: Time, record: &CaseRecord) {
        if let Some(o) = self {
            o.case_finished(now, record);
        }
    }
    #[inline]
    fn callback_offered(&mut self, now: Time, id: u64, accepted: bool) {
        if let Some(o) = self {
            o.callback_offered(now, id, accepted);
        }
    }
    #[inline]
    fn ticket_arrived(&mut self, now: Time, id: u64) {
        if let Some(o) = self {
            o.ticket_arrived(now, id);
        }
    }
    #[inline]
    fn ticket_started(&mut self, now: Time, id: u64, agent: u32) {
        if let Some(o) = self {
            o.ticket_started(now, id, agent);
        }
    }
    #[inline]
    fn ticket_finished(&mut self, now: Time, record: &TicketRecord) {
        if let Some(o) = self {
            o.ticket_finished(now, record);
        }
    }
    #[inline]
    fn tickets_left(&mut self, now: Time, waiting: usize, overdue: usize) {
        if let Some(o) = self {
            o.tickets_left(now, waiting, overdue);
        }
    }
}

/// Two observers side by side: both see every event, the first one first.
impl<A: Observer, B: Observer> Observer for (A, B) {
    #[inline]
    fn call_arrived(&mut self, now: Time, id: u64) {
        self.0.call_arrived(now, id);
        self.1.call_arrived(now, id);
    }
    #[inline]
    fn call_answered(&mut self, now: Time, id: u64, agent: u32, wait: f64) {
        self.0.call_answered(now, id, agent, wait);
        self.1.call_answered(now, id, agent, wait);
    }
    #[inline]
    fn call_finished(&mut self, now: Time, call: &CallRecord) {
        self.0.call_finished(now, call);
        self.1.call_finished(now, call);
    }
    #[inline]
    fn queue_changed(&mut self, now: Time, waiting: u32) {
        self.0.queue_changed(now, waiting);
        self.1.queue_changed(now, waiting);
    }
    #[inline]
    fn busy_changed(&mut self, now: Time, busy: u32) {
        self.0.busy_changed(now, busy);
        self.1.busy_changed(now, busy);
    }
    #[inline]
    fn visit_finished(&mut self, now: Time, visit: &VisitRecord) {
        self.0.visit_finished(now, visit);
        self.1.visit_finished(now, visit);
    }
    #[inline]
    fn tier_busy_changed(&mut self, now: Time, tier: usize, busy: u32) {
        self.0.tier_busy_changed(now, tier, busy);
        self.1.tier_busy_changed(now, tier, busy);
    }
    #[inline]
    fn hold_ended(&mut self, now: Time, id: u64, seconds: f64, at_limit: bool) {
        self.0.hold_ended(now, id, seconds, at_limit);
        self.1.hold_ended(now, id, seconds, at_limit);
    }
    #[inline]
    fn run_finished(&mut self, now: Time) {
        self.0.run_finished(now);
        self.1.run_finished(now);
    }
    #[inline]
    fn agent_state(&mut self, now: Time, agent: u32, state: AgentState) {
        self.0.agent_state(now, agent, state);
        self.1.agent_state(now, agent, state);
    }
    #[inline]
    fn overtime_started(&mut self, now: Time, agent: u32) {
        self.0.overtime_started(now, agent);
        self.1.overtime_started(now, agent);
    }
    #[inline]
    fn shift_started(&mut self, now: Time, agent: u32, day: u32) {
        self.0.shift_started(now, agent, day);
        self.1.shift_started(now, agent, day);
    }
    #[inline]
    fn tier_queue_changed(&mut self, now: Time, tier: usize, waiting: u32) {
        self.0.tier_queue_changed(now, tier, waiting);
        self.1.tier_queue_changed(now, tier, waiting);
    }
    #[inline]
    fn break_finished(&mut self, now: Time, record: &BreakRecord) {
        self.0.break_finished(now, record);
        self.1.break_finished(now, record);
    }
    #[inline]
    fn leave_requested(&mut self, now: Time, agent: u32, granted: bool) {
        self.0.leave_requested(now, agent, granted);
        self.1.leave_requested(now, agent, granted);
    }
    #[inline]
    fn available_changed(&mut self, now: Time, tier: usize, available: u32) {
        self.0.available_changed(now, tier, available);
        self.1.available_changed(now, tier, available);
    }
    #[inline]
    fn followup_started(&mut self, now: Time, case_id: u64, agent: u32) {
        self.0.followup_started(now, case_id, agent);
        self.1.followup_started(now, case_id, agent);
    }
    #[inline]
    fn followup_finished(&mut self, now: Time, record: &FollowUpRecord) {
        self.0.followup_finished(now, record);
        self.1.followup_finished(now, record);
    }
    #[inline]
    fn case_finished(&mut self, now: Time, record: &CaseRecord) {
        self.0.case_finished(now, record);
        self.1.case_finished(now, record);
    }
    #[inline]
    fn callback_offered(&mut self, now: Time, id: u64, accepted: bool) {
        self.0.callback_offered(now, id, accepted);
        self.1.callback_offered(now, id, accepted);
    }
    #[inline]
    fn ticket_arrived(&mut self, now: Time, id: u64) {
        self.0.ticket_arrived(now, id);
        self.1.ticket_arrived(now, id);
    }
    #[inline]
    fn ticket_started(&mut self, now: Time, id: u64, agent: u32) {
        self.0.ticket_started(now, id, agent);
        self.1.ticket_started(now, id, agent);
    }
    #[inline]
    fn ticket_finished(&mut self, now: Time, record: &TicketRecord) {
        self.0.ticket_finished(now, record);
        self.1.ticket_finished(now, record);
    }
    #[inline]
    fn tickets_left(&mut self, now: Time, waiting: usize, overdue: usize) {
        self.0.tickets_left(now, waiting, overdue);
        self.1.tickets_left(now, waiting, overdue);
    }
}
