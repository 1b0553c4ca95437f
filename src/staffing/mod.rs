//! Staffing: how many agents a load needs, by formula and by simulation.
//!
//! - [`erlang`]: the closed-form answers (Erlang B for lines, Erlang C and
//!   Erlang A for agents), instant and exact for a steady load;
//! - [`plan`]: the planner, which finds the fewest agents per interval (and
//!   per tier) by simulating replications of the scenario, starting from the
//!   Erlang answers, for loads and rules the formulas do not cover.

pub mod erlang;
pub mod plan;
