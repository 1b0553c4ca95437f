//! The integration tests: one binary, one module per area.

mod charts;
pub mod cli;
mod common;
mod erlang;
mod experiment;
mod forecast;
mod formulas;
mod helpdesk;
mod invariants;
mod quality;
pub mod staffing;
mod workforce;
