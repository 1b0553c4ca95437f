//! The call center: calls, agents, the queue and the rules, built from a
//! validated [`Scenario`](crate::scenario::Scenario) and run on the engine.
//!
//! The model owns the state and emits domain events to an [`Observer`]; it
//! never formats output. Statistics, the call log and invariant checks are
//! observers, so they attach without touching the rules.

pub mod arrivals;
pub mod call;
pub mod center;
mod helpdesk;
pub mod observer;
mod overload;
pub mod sampler;
pub mod staffing;

pub use call::{
    CallRecord, CaseEnd, CaseInfo, CaseOutcome, CaseRecord, FollowUpOutcome, FollowUpRecord,
    Outcome, TicketRecord, TierPath, VisitEnd, VisitEntry, VisitRecord,
};
pub use center::{BuildError, RunInfo, simulate};
pub use helpdesk::{
    Stepper, expected_tier_flow_at, expected_tier_visits, expected_tier_work, roster,
};
pub use observer::Observer;
pub use overload::{Overload, overload};
pub use staffing::{AgentState, BreakRecord};
