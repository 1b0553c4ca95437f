//! The validated scenario: what the model is built from.
//!
//! Everything here has already been checked and has its units resolved
//! (seconds, calls per second), so the model never re-validates and never sees
//! a string. Raw TOML lives in `schema.rs`; the step between the two is
//! `validate.rs`.

use std::sync::Arc;

use super::helpdesk::Helpdesk;
use super::workforce::Workforce;

/// A complete, validated call-center scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Names the output folder (`output/<name>/`) and appears in every report.
    pub name: String,
    /// Master seed: every random stream is derived from it, the replication
    /// number and the stream's purpose.
    pub seed: u64,
    pub time: TimeSpec,
    pub arrivals: Arrivals,
    /// Talk time of an answered call.
    pub handle_time: DistributionSpec,
    /// How long a caller is willing to wait in queue; `None`: callers never hang up.
    pub patience: Option<DistributionSpec>,
    /// After-call work done by the agent once the caller has hung up;
    /// `None`: the agent is free at once.
    pub wrap_up: Option<DistributionSpec>,
    /// Agents in the single pool.
    pub agents: u32,
    /// Trunk lines (calls waiting or talking); `None`: unlimited.
    pub lines: Option<u32>,
    pub sla: Sla,
    /// Tiers, call mix, customer types, classes and policies; `None`: one
    /// agent pool (the foundation model). When present, `agents` is the sum
    /// of the tiers' agents.
    pub helpdesk: Option<Helpdesk>,
    /// Shifts, breaks, meetings and leave as live rules; `None`: every agent
    /// works the whole run. When present, `agents` (and each tier's agents)
    /// count every agent of every shift.
    pub workforce: Option<Workforce>,
    /// Prices of agent time, SLA breaches, callbacks and follow-ups; `None`:
    /// the run reports no money.
    pub costs: Option<super::costs::Costs>,
}

impl Scenario {
    /// Mean agent time per call (talk plus after-call work) of calls
    /// arriving in interval `k`: the distributions' means, scaled by a
    /// forecast's AHT and ACW for that interval when there is one.
    pub fn interval_aht(&self, k: usize) -> f64 {
        let talk = self.arrivals.talk_mean(k, self.handle_time.mean());
        let wrap = self
            .wrap_up
            .as_ref()
            .map_or(0.0, |w| self.arrivals.wrap_mean(k, w.mean()));
        talk + wrap
    }
}

/// The simulated day, in seconds from the scenario's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeSpec {
    /// Arrivals stop at this time (seconds); calls still in the system drain.
    pub duration: f64,
    /// Length of a reporting interval (seconds, > 0).
    pub interval: f64,
    /// Calls arriving before this time are simulated but not counted (seconds, < duration).
    pub warmup: f64,
    /// Wall-clock time of day at which the scenario starts, seconds after
    /// midnight (e.g. 28800 for 08:00); only labels intervals.
    pub start_clock: f64,
}

impl TimeSpec {
    /// Number of reporting intervals: the last one may be partial.
    pub fn interval_count(&self) -> usize {
        (self.duration / self.interval).ceil().max(1.0) as usize
    }
}

/// Arrival process: Poisson with a rate that is constant within each reporting interval.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arrivals {
    /// Calls per hour for each reporting interval; length == `TimeSpec::interval_count()`.
    pub rates_per_hour: Vec<f64>,
    /// From a forecast's AHT: per interval, the factor on the talk-time draw
    /// of calls arriving in it (the distribution keeps its shape, its mean
    /// becomes the interval's). Empty: 1 everywhere.
    pub talk_factors: Vec<f64>,
    /// The same for after-call work, from a forecast's ACW column.
    pub wrap_factors: Vec<f64>,
    /// Where the rates came from, when a forecast file.
    pub forecast: Option<ForecastInfo>,
}

impl Arrivals {
    /// Constant-per-interval rates with no forecast handle times.
    pub fn from_rates(rates_per_hour: Vec<f64>) -> Self {
        Self {
            rates_per_hour,
            ..Self::default()
        }
    }

    /// The factor on talk times of calls arriving at `t`, for runs whose
    /// intervals are `interval` seconds long.
    #[inline]
    pub fn talk_factor(&self, t: f64, interval: f64) -> f64 {
        factor(&self.talk_factors, t, interval)
    }

    /// The factor on after-call work of calls arriving at `t`.
    #[inline]
    pub fn wrap_factor(&self, t: f64, interval: f64) -> f64 {
        factor(&self.wrap_factors, t, interval)
    }

    /// Mean talk time of calls arriving in interval `k`, given the
    /// distribution's mean.
    pub fn talk_mean(&self, k: usize, base: f64) -> f64 {
        base * self.talk_factors.get(k).copied().unwrap_or(1.0)
    }

    /// Mean after-call work of calls arriving in interval `k`.
    pub fn wrap_mean(&self, k: usize, base: f64) -> f64 {
        base * self.wrap_factors.get(k).copied().unwrap_or(1.0)
    }
}

#[inline]
fn factor(factors: &[f64], t: f64, interval: f64) -> f64 {
    if factors.is_empty() {
        return 1.0;
    }
    let k = ((t / interval) as usize).min(factors.len() - 1);
    factors[k]
}

/// A forecast file's contribution to a scenario, for descriptions.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInfo {
    /// The file as the user named it (resolved against the scenario's folder).
    pub file: String,
    /// Data rows in the file.
    pub rows: usize,
    /// Calls the forecast offers within the run.
    pub volume: f64,
    /// Volume-weighted mean AHT (talk plus after-call work) within the run, seconds.
    pub aht: Option<f64>,
    /// Whether the file had an after-call-work column.
    pub has_acw: bool,
}

/// A distribution of durations in seconds, with its parameters validated.
#[derive(Debug, Clone, PartialEq)]
pub enum DistributionSpec {
    /// Mean > 0.
    Exponential { mean: f64 },
    /// Mean > 0, coefficient of variation > 0.
    LogNormal { mean: f64, cv: f64 },
    /// Mean > 0, coefficient of variation > 0.
    Gamma { mean: f64, cv: f64 },
    /// Always this value (≥ 0).
    Constant { value: f64 },
    /// Resampled uniformly from these observations (seconds, all ≥ 0, at least one).
    Empirical { samples: Arc<[f64]> },
}

impl DistributionSpec {
    /// The distribution's mean in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            Self::Exponential { mean }
            | Self::LogNormal { mean, .. }
            | Self::Gamma { mean, .. } => *mean,
            Self::Constant { value } => *value,
            Self::Empirical { samples } => samples.iter().sum::<f64>() / samples.len() as f64,
        }
    }
}

/// The service-level agreement the run is judged against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sla {
    /// Answer within this many seconds.
    pub threshold: f64,
    /// Share of offered calls that must be answered within the threshold (0..=1).
    pub target: f64,
}
