//! The call center: calls, agents, the queue and the rules, built from a
//! validated [`Scenario`](crate::scenario::Scenario) and run on the engine.
//!
//! The model owns the state and emits domain events to an [`Observer`]; it
//! never formats output. Statistics, the call log and invariant checks are
//! observers, so they attach without touching the rules.

pub(crate) mod arrivals;
pub(crate) mod call;
pub(crate) mod center;
mod helpdesk;
pub(crate) mod observer;
mod overload;
pub(crate) mod sampler;
pub(crate) mod workforce;

pub use call::{
    CallRecord, CaseEnd, CaseInfo, CaseOutcome, CaseRecord, FollowUpOutcome, FollowUpRecord,
    Outcome, TicketRecord, TierPath, VisitEnd, VisitEntry, VisitRecord,
};
pub use center::{BuildError, RunInfo, simulate};
pub(crate) use helpdesk::{Stepper, expected_tier_flow_at};
pub use helpdesk::{expected_tier_visits, expected_tier_work, roster};
pub use observer::{Decision, Event, EventKind, Observer, Reason, Rule};
pub(crate) use overload::overload;
pub use workforce::{AgentState, BreakRecord};
