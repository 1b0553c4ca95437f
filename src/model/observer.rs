//! The observer interface: how statistics, logs and checks see a run.
//!
//! Every method has a do-nothing default, so an observer implements only what
//! it needs. The model is generic over its observer, so calls are static and
//! inlined: an absent observer costs nothing.
//!
//! The events are listed once, in the `observer_events!` invocation below:
//! the macro writes the trait and the three ways observers combine (through a
//! `&mut`, optional, and side by side in a pair), so adding an event is one
//! entry here and every combination forwards it.

pub mod event;

pub use event::{Decision, Event, EventKind, Reason, Rule};

use super::call::{CallRecord, CaseRecord, FollowUpRecord, TicketRecord, VisitRecord};
use super::workforce::{AgentState, BreakRecord};
use crate::engine::Time;

/// Writes the [`Observer`] trait from the list of its events (each a method
/// taking the simulated time `now` first), with a do-nothing default for
/// each, and its forwarding implementations. Forwarding is static: every
/// combination is generic and inlined, with no dynamic dispatch per event.
macro_rules! observer_events {
    ($(
        $(#[$meta:meta])*
        fn $name:ident(&mut self, now: Time $(, $arg:ident: $ty:ty)*);
    )*) => {
        /// Receives the domain events of a run, in simulated-time order.
        pub trait Observer {
            $(
                $(#[$meta])*
                #[inline]
                fn $name(&mut self, now: Time $(, $arg: $ty)*) {
                    let _ = (now, $($arg),*);
                }
            )*
        }

        impl<O: Observer + ?Sized> Observer for &mut O {
            $(
                #[inline]
                fn $name(&mut self, now: Time $(, $arg: $ty)*) {
                    (**self).$name(now $(, $arg)*);
                }
            )*
        }

        impl<O: Observer> Observer for Option<O> {
            $(
                #[inline]
                fn $name(&mut self, now: Time $(, $arg: $ty)*) {
                    if let Some(o) = self {
                        o.$name(now $(, $arg)*);
                    }
                }
            )*
        }

        /// Two observers side by side: both see every event, the first one
        /// first.
        impl<A: Observer, B: Observer> Observer for (A, B) {
            $(
                #[inline]
                fn $name(&mut self, now: Time $(, $arg: $ty)*) {
                    self.0.$name(now $(, $arg)*);
                    self.1.$name(now $(, $arg)*);
                }
            )*
        }
    };
}

observer_events! {
    /// A call arrived (before it is known whether it will be blocked).
    fn call_arrived(&mut self, now: Time, id: u64);

    /// An agent answered a call after it waited `wait` seconds.
    fn call_answered(&mut self, now: Time, id: u64, agent: u32, wait: f64);

    /// A call left the system: blocked, abandoned, or its conversation ended.
    fn call_finished(&mut self, now: Time, call: &CallRecord);

    /// The number of calls waiting in queue changed to `waiting`.
    fn queue_changed(&mut self, now: Time, waiting: u32);

    /// The number of agents busy with calls (talking or in wrap-up) changed to `busy`.
    fn busy_changed(&mut self, now: Time, busy: u32);

    /// A case's visit to a help-desk tier ended (help-desk runs only).
    fn visit_finished(&mut self, now: Time, visit: &VisitRecord);

    /// A hold of `seconds` ended (help-desk runs only); `at_limit`: it ended
    /// because it reached the hold limit.
    fn hold_ended(&mut self, now: Time, id: u64, seconds: f64, at_limit: bool);

    /// The number of agents of tier `tier` busy with calls changed to `busy`
    /// (help-desk runs only; `busy_changed` still reports the total).
    fn tier_busy_changed(&mut self, now: Time, tier: usize, busy: u32);

    /// The last event has been processed at `now`: nothing is left in the system.
    fn run_finished(&mut self, now: Time);

    /// Agent `agent` is now in `state` (help-desk and shift runs).
    fn agent_state(&mut self, now: Time, agent: u32, state: AgentState);

    /// Agent `agent`'s shift ended during a call: it works on, in overtime,
    /// until it goes offline.
    fn overtime_started(&mut self, now: Time, agent: u32);

    /// Agent `agent` logs in for its shift of day `day` (shift runs): the
    /// day the shift is scheduled on, counted from the run's start, even when
    /// the shift starts before midnight or before the run does.
    fn shift_started(&mut self, now: Time, agent: u32, day: u32);

    /// The live callers waiting for tier `tier` changed to `waiting`
    /// (help-desk runs; `queue_changed` still reports the total).
    fn tier_queue_changed(&mut self, now: Time, tier: usize, waiting: u32);

    /// A break entitlement ended: taken (at its end) or lost.
    fn break_finished(&mut self, now: Time, record: &BreakRecord);

    /// Agent `agent`'s personal leave was decided as it would start:
    /// `granted` (it starts now) or refused (asked again later).
    fn leave_requested(&mut self, now: Time, agent: u32, granted: bool);

    /// The agents of tier `tier` available for calls (idle or on one)
    /// changed to `available` (shift runs only).
    fn available_changed(&mut self, now: Time, tier: usize, available: u32);

    /// Agent `agent` starts the follow-up call of case `case_id` (help-desk
    /// runs with `[followups]`).
    fn followup_started(&mut self, now: Time, case_id: u64, agent: u32);

    /// A follow-up call is over, or will not be made.
    fn followup_finished(&mut self, now: Time, record: &FollowUpRecord);

    /// Call `id` was offered a virtual-hold callback; `accepted`: the caller
    /// hung up to be called back.
    fn callback_offered(&mut self, now: Time, id: u64, accepted: bool);

    /// Ticket `id` arrived (`[tickets]`).
    fn ticket_arrived(&mut self, now: Time, id: u64);

    /// Agent `agent` starts ticket `id`: its first response.
    fn ticket_started(&mut self, now: Time, id: u64, agent: u32);

    /// A ticket is resolved.
    fn ticket_finished(&mut self, now: Time, record: &TicketRecord);

    /// The run ended with `waiting` tickets (that arrived after the warm-up)
    /// never started, `overdue` of them past the response SLA.
    fn tickets_left(&mut self, now: Time, waiting: usize, overdue: usize);

    /// A case ended for good (help-desk runs): after its last call,
    /// callback or follow-up.
    fn case_finished(&mut self, now: Time, record: &CaseRecord);

    /// Something happened (help-desk runs): the one typed stream every
    /// reader of a run's story follows (the event log, the rule audit,
    /// `trace`); the methods above remain for the books.
    fn event(&mut self, now: Time, event: &Event);
}

impl Observer for () {}
