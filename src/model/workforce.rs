//! What the model tells observers about agents' working time: their state
//! from moment to moment, breaks, leave and overtime (runs with shifts).

use crate::engine::Time;
use crate::scenario::BreakKind;

/// What an agent is doing. Every agent is in exactly one state at a time, so
/// the times in each add up to the run's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgentState {
    /// Not on shift.
    Offline,
    /// Logged in, preparing before the first call.
    Prep,
    /// Available, waiting for a call.
    Idle,
    /// Talking with a caller (diagnosis included).
    Talk,
    /// The caller is on hold (research, or waiting for a warm transfer).
    Hold,
    /// After-call work.
    WrapUp,
    /// A short break (`kind = "break"`).
    Break,
    /// A lunch (`kind = "lunch"`).
    Lunch,
    /// In a meeting or training session.
    Meeting,
    /// On personal leave.
    Leave,
}

impl AgentState {
    /// Every state, in the order reports list them.
    pub const ALL: [AgentState; 10] = [
        Self::Offline,
        Self::Prep,
        Self::Idle,
        Self::Talk,
        Self::Hold,
        Self::WrapUp,
        Self::Break,
        Self::Lunch,
        Self::Meeting,
        Self::Leave,
    ];

    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offline => "offline",
            Self::Prep => "prep",
            Self::Idle => "idle",
            Self::Talk => "talk",
            Self::Hold => "hold",
            Self::WrapUp => "wrap_up",
            Self::Break => "break",
            Self::Lunch => "lunch",
            Self::Meeting => "meeting",
            Self::Leave => "leave",
        }
    }

    /// Position in [`AgentState::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Logged in and able to take calls (idle or working on one).
    pub fn available(self) -> bool {
        matches!(self, Self::Idle | Self::Talk | Self::Hold | Self::WrapUp)
    }
}

/// A break or lunch entitlement, once it has been taken or lost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakRecord {
    /// The agent entitled to it.
    pub agent: u32,
    /// A break or a lunch.
    pub kind: BreakKind,
    /// When it fell due (its window opened) and when the window closed.
    pub due: Time,
    /// When the window closed.
    pub window_end: Time,
    /// When it started and ended (both the time it was lost, if missed).
    pub started: Time,
    /// When it ended (the time it was lost, if missed).
    pub ended: Time,
    /// Planned length, and the extra taken beyond it.
    pub planned: f64,
    /// Seconds taken beyond `planned`.
    pub overrun: f64,
    /// A rule (no break while calls wait, staggering) held it back at least once.
    pub deferred: bool,
    /// Started at the deferral limit, overriding the rules.
    pub forced: bool,
    /// Never taken: still deferred at the limit, or the shift ended first.
    pub missed: bool,
    /// Started within its window.
    pub adherent: bool,
}
