//! The walk-in desk's figures (`[walk_ins]`), from the single-pool run of
//! the counter: the same definitions as the phones', named for visitors.

use serde::Serialize;

use super::Summary;

/// The walk-in section of a run (`summary.json` key `walk_ins`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WalkInFigures {
    /// Staff at the counter.
    pub agents: u32,
    /// Visitors who arrived after the warm-up.
    pub visitors: u64,
    /// Visitors served.
    pub served: u64,
    /// Left the queue before being served.
    pub left: u64,
    /// Served within `threshold_seconds`.
    pub served_within_threshold: u64,
    /// `served_within_threshold / visitors` (those who left count against).
    pub service_level: Option<f64>,
    /// The counter's service-level threshold.
    pub threshold_seconds: f64,
    /// The counter's service-level target.
    pub target: f64,
    /// `service_level >= target`; `None` without visitors.
    pub target_met: Option<bool>,
    /// Mean wait of served visitors.
    pub mean_wait_seconds: Option<f64>,
    /// 90th percentile wait of served visitors, seconds.
    pub wait_p90_seconds: Option<f64>,
    /// Longest wait of a served visitor, seconds.
    pub wait_max_seconds: Option<f64>,
    /// Agent time busy / agent time staffed, both within the measurement
    /// window (warm-up end to close) and the opening hours (the intervals
    /// with visitors expected; with `open`, the hours it names).
    pub occupancy: Option<f64>,
    /// Most visitors waiting at once.
    pub max_queue_length: u64,
}

impl WalkInFigures {
    /// The walk-in figures from the summary of the counter's run. Its
    /// occupancy is the summary's: busy over staffed time in the open
    /// intervals of the measurement window (scaling it by the window over
    /// the whole run's staffed time, as before, shrank it by the warm-up's
    /// share).
    pub fn from_summary(agents: u32, s: &Summary) -> Self {
        let occupancy = s.occupancy;
        Self {
            agents,
            visitors: s.calls_offered,
            served: s.calls_answered,
            left: s.calls_abandoned,
            served_within_threshold: s.calls_answered_within_threshold,
            service_level: s.service_level,
            threshold_seconds: s.sla_threshold_seconds,
            target: s.sla_target,
            target_met: s.sla_met,
            mean_wait_seconds: s.asa_seconds,
            wait_p90_seconds: s.wait_seconds.as_ref().map(|w| w.p90),
            wait_max_seconds: s.wait_seconds.as_ref().map(|w| w.max),
            occupancy,
            max_queue_length: s.max_queue_length,
        }
    }
}
