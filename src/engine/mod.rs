//! The domain-free discrete-event kernel: a clock and agenda, random streams,
//! a slab for entities and a cursor on the grid of reporting intervals.
//! Nothing here knows about calls or agents, so the same kernel can drive any
//! model and be tested on its own.

pub mod agenda;
pub mod grid;
pub mod rng;
pub mod slab;

pub use agenda::Agenda;
pub use grid::IntervalCursor;
pub use slab::{Handle, Slab};

/// Simulated time: seconds since the scenario's start.
///
/// `f64` keeps sub-millisecond precision for runs of centuries, and makes
/// sampling from continuous distributions cost nothing to convert.
pub type Time = f64;
