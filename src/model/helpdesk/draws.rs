//! The random numbers of a run: one stream per purpose for what is drawn at
//! arrival, and keyed streams for everything a case or an agent draws later,
//! so that a change in one rule never shifts the numbers another one sees
//! (common random numbers across runs that differ in a rule).

use super::Desk;
use crate::engine::Handle;
use crate::engine::rng::{Stream, keyed_stream};
use crate::scenario::Mix;
use rand::RngExt;

/// The random streams of a run, one per purpose. The first four are the
/// single-pool engine's; the mixes are drawn at arrival only when they have
/// more than one entry, so adding a rule never shifts the arrivals. What a
/// case draws after its arrival (talk at later tiers, holds, resolution)
/// comes from keyed streams (`case_draws` and [`Draw`]), so it does not
/// depend on the order of other cases' events either.
#[derive(Clone)]
pub(super) struct Streams {
    pub arrivals: Stream,
    pub handle_time: Stream,
    pub patience: Stream,
    pub wrap_up: Stream,
    pub customer: Stream,
    pub class: Stream,
    pub complexity: Stream,
    pub topic: Stream,
    pub language: Stream,
    /// Base of the keyed streams of cases' later draws.
    pub case_draws: u64,
}

/// What a case draws after arriving, each keyed by (case id, purpose, visit,
/// hold) so that a case draws the same numbers whatever else happens.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub(super) enum Draw {
    /// Talk and wrap-up of visits after the first.
    LaterTalk = 1,
    LaterWrap = 2,
    /// Whether the agent puts the caller on hold to research, and for how long.
    Hold = 3,
    HoldTime = 4,
    /// How long the caller stays on one hold.
    HoldPatience = 5,
    /// Whether a tier resolves the case.
    Resolution = 6,
    /// Agents' draws (keyed by agent, not case): preparation after a login,
    /// break overruns, leave requests and their lengths.
    Prep = 7,
    Overrun = 8,
    Leave = 9,
    LeaveLength = 10,
    /// Whether the fix a tier gives holds (`[repeat_calls]`).
    FixHolds = 11,
    /// Whether a caller who left unhelped calls again, and when.
    CallsAgain = 12,
    RepeatDelay = 13,
    /// A repeat call's talk, wrap-up and patience (keyed by its own id).
    RepeatTalk = 14,
    RepeatWrap = 15,
    RepeatPatience = 16,
    /// Whether a closed case gets a follow-up, when, and how it goes.
    FollowUpShare = 17,
    FollowUpDelay = 18,
    FollowUpReach = 19,
    FollowUpDetect = 20,
    FollowUpTalk = 21,
    /// Whether a caller offered a virtual-hold callback accepts.
    CallbackAccept = 22,
}

/// The mixes drawn at arrival, each from its own stream.
#[derive(Debug, Clone)]
pub(super) struct Mixes {
    pub customer: MixTable,
    pub class: MixTable,
    pub complexity: MixTable,
    pub topic: MixTable,
    pub language: MixTable,
}

/// Cumulative shares of a mix, for drawing an index with one uniform number.
#[derive(Debug, Clone)]
pub(super) enum MixTable {
    /// Only one entry has a positive share: nothing to draw.
    Fixed(u8),
    Cumulative(Vec<f64>),
}

impl MixTable {
    pub fn new(mix: &Mix) -> Self {
        let positive: Vec<usize> = (0..mix.shares.len())
            .filter(|&i| mix.shares[i] > 0.0)
            .collect();
        if let [only] = positive[..] {
            return Self::Fixed(only as u8);
        }
        let mut sum = 0.0;
        Self::Cumulative(
            mix.shares
                .iter()
                .map(|s| {
                    sum += s;
                    sum
                })
                .collect(),
        )
    }

    /// An index drawn by share (entries with share 0 are never drawn).
    #[inline]
    pub fn draw(&self, rng: &mut Stream) -> u8 {
        match self {
            Self::Fixed(i) => *i,
            Self::Cumulative(cum) => {
                let total = cum[cum.len() - 1];
                let u = rng.random::<f64>() * total;
                let i = cum.iter().position(|&c| u < c).unwrap_or(cum.len() - 1);
                i as u8
            }
        }
    }
}

impl Desk<'_> {
    /// The keyed stream of case `h`'s draw `what` at its visit `visit`
    /// (and hold `hold` of that visit).
    #[inline]
    pub(super) fn draw(&self, h: Handle, what: Draw, visit: u64, hold: u64) -> Stream {
        let id = self.cases[h].id;
        keyed_stream(
            self.streams.case_draws,
            [id, what as u64, visit << 32 | hold],
        )
    }
}
