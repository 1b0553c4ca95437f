//! The help-desk engine: equivalence with the single-pool engine, exact
//! checks on escalation streams, invariants on random tiered scenarios.

mod cli;
pub mod equivalence;
mod flow;
mod golden;
pub(crate) mod invariants;
mod reports;
mod rules;
mod thinning;
