//! What the model tells observers about a call.

use crate::engine::Time;

/// How a call left the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Found every trunk line busy and never entered the system.
    Blocked,
    /// Hung up while waiting in queue.
    Abandoned,
    /// Reached an agent and was served to the end.
    Answered,
}

impl Outcome {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocked => "blocked",
            Self::Abandoned => "abandoned",
            Self::Answered => "answered",
        }
    }
}

/// Everything known about a call once it has left the system (for an
/// answered call: once the caller hangs up; the agent's wrap-up follows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallRecord {
    /// Sequential number in order of arrival, from 0: synthetic, never a
    /// caller's identity.
    pub id: u64,
    /// Arrival time, seconds from the scenario's start.
    pub arrival: Time,
    pub outcome: Outcome,
    /// Seconds in queue: until answered, or until hanging up; 0 if blocked.
    pub wait: f64,
    /// Seconds talking with the agent (0 unless answered).
    pub talk: f64,
    /// Seconds of after-call work the agent does after this call (0 unless answered).
    pub wrap_up: f64,
    /// The agent who answered, if any.
    pub agent: Option<u32>,
    /// False for calls that arrived during the warm-up: simulated, not counted.
    pub counted: bool,
}
