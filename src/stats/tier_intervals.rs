//! The per-tier, per-interval section of a help-desk run
//! (`tier_intervals.csv`).
//!
//! A long run has tiers × intervals of these (240,000 for 1,000 days of
//! five tiers in half-hours), so the section keeps only the compact books
//! the rows are made from and builds each row when it is read or written:
//! the rows never all exist at once.

use serde::Serialize;

use super::desk_counts::TierFlow;
use super::intervals::IntervalStart;
use super::ratio;
use crate::scenario::TimeSpec;

/// One row of `tier_intervals.csv`: one tier in one interval, keyed by when
/// cases reached the tier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierIntervalRow {
    /// Position of the interval, from 0.
    pub interval: usize,
    /// Clock time the interval starts, `HH:MM`.
    pub interval_start: IntervalStart,
    /// Start in seconds from the scenario's start.
    pub interval_start_seconds: f64,
    /// The tier's level (1 for the entry tier).
    pub tier: u8,
    /// Agents of the tier.
    pub agents: u32,
    /// Live calls that reached the tier in the interval.
    pub calls_offered: u64,
    /// Live calls an agent of the tier took (callbacks are `callbacks_made`).
    pub calls_answered: u64,
    /// Hung up in this tier's queue.
    pub calls_abandoned: u64,
    /// Answered within the class threshold of reaching the tier / offered.
    pub service_level: Option<f64>,
    /// Mean wait from reaching the tier to an agent, seconds.
    pub asa_seconds: Option<f64>,
    /// Visits the tier closed with the problem fixed.
    pub resolved: u64,
    /// Visits the tier passed up unresolved.
    pub escalated: u64,
    /// Callbacks the tier made.
    pub callbacks_made: u64,
    /// Time-weighted over the part of the interval inside the measurement window.
    pub occupancy: Option<f64>,
}

/// Every tier's intervals after the warm-up, tier by tier: the books and
/// occupancies the rows are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct TierIntervals {
    time: TimeSpec,
    /// Each tier's level and agents.
    tiers: Vec<(u8, u32)>,
    /// The first interval that ends after the warm-up.
    first: usize,
    /// Intervals kept per tier (from `first` on).
    per_tier: usize,
    /// `[tier * per_tier + (k - first)]`.
    books: Vec<TierFlow>,
    /// Same layout as `books`.
    occupancy: Vec<Option<f64>>,
}

impl TierIntervals {
    /// The section from books laid out `[tier * intervals + k]` over all of
    /// the run's intervals; `occupancy(j, k)` gives a tier's occupancy in an
    /// interval. Consumes the books so the whole run's are not held twice.
    pub(crate) fn new(
        time: TimeSpec,
        tiers: Vec<(u8, u32)>,
        mut books: Vec<TierFlow>,
        occupancy: impl Fn(usize, usize) -> Option<f64>,
    ) -> Self {
        let intervals = books.len().checked_div(tiers.len()).unwrap_or(0);
        let first = (0..intervals)
            .find(|&k| (k + 1) as f64 * time.interval > time.warmup)
            .unwrap_or(intervals);
        let per_tier = intervals - first;
        if first > 0 {
            let mut kept = 0;
            for j in 0..tiers.len() {
                for k in first..intervals {
                    books[kept] = books[j * intervals + k];
                    kept += 1;
                }
            }
            books.truncate(kept);
            books.shrink_to_fit();
        }
        let occupancy = (0..tiers.len())
            .flat_map(|j| (first..intervals).map(move |k| (j, k)))
            .map(|(j, k)| occupancy(j, k))
            .collect();
        Self {
            time,
            tiers,
            first,
            per_tier,
            books,
            occupancy,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.books.len()
    }

    /// Whether there are no rows (every interval inside the warm-up).
    pub fn is_empty(&self) -> bool {
        self.books.is_empty()
    }

    /// The rows, tier by tier, each built as it is read.
    pub fn iter(&self) -> impl Iterator<Item = TierIntervalRow> + '_ {
        (0..self.books.len()).map(|i| self.row(i))
    }

    fn row(&self, i: usize) -> TierIntervalRow {
        let (level, agents) = self.tiers[i / self.per_tier];
        let k = self.first + i % self.per_tier;
        let c = &self.books[i];
        let start = k as f64 * self.time.interval;
        TierIntervalRow {
            interval: k,
            interval_start: IntervalStart::new(&self.time, start),
            interval_start_seconds: start,
            tier: level,
            agents,
            calls_offered: c.offered,
            calls_answered: c.answered,
            calls_abandoned: c.abandoned,
            service_level: ratio(c.answered_within as f64, c.offered as f64),
            asa_seconds: ratio(c.wait_answered_sum, c.answered as f64),
            resolved: c.resolved,
            escalated: c.escalated,
            callbacks_made: c.callbacks_made,
            occupancy: self.occupancy[i],
        }
    }
}
