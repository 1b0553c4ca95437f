//! The integration tests: one binary, one module per area.

mod audit;
mod charts;
pub mod cli;
mod cli_inputs;
mod common;
mod erlang;
mod erlang_oracle;
mod events;
mod experiment;
mod figures;
mod forecast;
mod formulas;
mod helpdesk;
mod interval_books;
mod invariants;
mod limits;
mod outputs;
mod quality;
mod readme;
mod rules_from_events;
pub mod staffing;
mod trace;
mod workforce;
