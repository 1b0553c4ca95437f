//! The run summary: every key of the output contract, with the definitions
//! the README documents word for word.

use super::waits::WaitDistribution;
use serde::Serialize;

/// Wait percentiles of answered calls, seconds (HDR, to 0.1 %; `max` exact).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WaitPercentiles {
    /// Median.
    pub p50: f64,
    /// 80th percentile.
    pub p80: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Longest, exact.
    pub max: f64,
}

impl WaitPercentiles {
    /// The percentiles of `waits`; `None` if it is empty.
    pub(crate) fn of(waits: &WaitDistribution) -> Option<Self> {
        let q = |p| waits.quantile(p).unwrap_or(0.0);
        waits.max().map(|max| Self {
            p50: q(0.50),
            p80: q(0.80),
            p90: q(0.90),
            p95: q(0.95),
            p99: q(0.99),
            max,
        })
    }
}

/// The headline figures of one run. Counts include only calls that arrived
/// after the warm-up. Ratios are `None` (JSON `null`) when their denominator
/// is zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The scenario's name.
    pub scenario: String,
    /// The scenario's master seed.
    pub seed: u64,
    /// Which replication of the seed this is, from 0.
    pub replication: u64,
    /// Calls that arrived after the warm-up.
    pub calls_arrived: u64,
    /// Refused for want of a free line.
    pub calls_blocked: u64,
    /// Arrived minus blocked.
    pub calls_offered: u64,
    /// Reached an agent.
    pub calls_answered: u64,
    /// Hung up before reaching an agent.
    pub calls_abandoned: u64,
    /// Answered within `sla_threshold_seconds`.
    pub calls_answered_within_threshold: u64,
    /// Answered within the threshold / offered (answered + abandoned).
    pub service_level: Option<f64>,
    /// The scenario's service-level threshold.
    pub sla_threshold_seconds: f64,
    /// The scenario's service-level target.
    pub sla_target: f64,
    /// `service_level >= sla_target`; `None` when nothing was offered.
    pub sla_met: Option<bool>,
    /// Mean wait of answered calls.
    pub asa_seconds: Option<f64>,
    /// Mean wait of all offered calls (abandoned ones wait until they hang up).
    pub mean_wait_seconds: Option<f64>,
    /// Share of offered calls not answered at once.
    pub prob_wait: Option<f64>,
    /// Abandoned / offered.
    pub abandonment_rate: Option<f64>,
    /// Blocked / arrived.
    pub blocking_rate: Option<f64>,
    /// Agent time busy with calls (talk + wrap-up) / agent time available for
    /// calls, over the measurement window.
    pub occupancy: Option<f64>,
    /// Mean talk plus wrap-up of answered calls.
    pub mean_handle_seconds: Option<f64>,
    /// Time-weighted mean of calls waiting, over the measurement window.
    pub avg_queue_length: Option<f64>,
    /// Most calls waiting at once during the measurement window.
    pub max_queue_length: u64,
    /// Percentiles of the wait of answered calls; `None` if none was answered.
    pub wait_seconds: Option<WaitPercentiles>,
    /// Percentiles of how long abandoned callers waited before hanging up.
    pub abandon_wait_seconds: Option<WaitPercentiles>,
    /// Mean time abandoned callers waited before hanging up.
    pub mean_abandon_wait_seconds: Option<f64>,
    /// Measurement window of the time-weighted metrics: warm-up end to close.
    pub window_start_seconds: f64,
    /// End of the measurement window: the close.
    pub window_end_seconds: f64,
    /// When the last call left the system (after the drain).
    pub end_seconds: f64,
}
