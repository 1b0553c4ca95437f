//! Shifts, breaks, meetings and leave: invariants on random schedules.

mod invariants;
