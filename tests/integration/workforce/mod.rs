//! Shifts, breaks, meetings and leave: invariants on random schedules.

mod cli;
mod edges;
mod exact;
mod golden;
mod invariants;
