//! `[walk_ins]`: the in-person desk (*presencial*), with its own
//! queue, agents and service times. It shares nothing with the phones but
//! the clock, so it runs as a pool of its own (on its own random streams)
//! and is reported beside them.

use serde::Deserialize;
use std::path::Path;

use super::channel_rates::channel_rates;
use crate::scenario::arrivals::Arrivals;
use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::document::Scenario;
use crate::scenario::duration::DAY;
use crate::scenario::error::{ScenarioError, invalid, missing};
use crate::scenario::limits::MAX_AGENTS;
use crate::scenario::sla::Sla;
use crate::scenario::time::TimeSpec;
use crate::scenario::values::{Clock, Seconds, count, share};

/// The walk-in desk.
#[derive(Debug, Clone, PartialEq)]
pub struct WalkIns {
    /// Visitors per hour in each reporting interval.
    pub rates_per_hour: Vec<f64>,
    /// Staff at the counter (≥ 1).
    pub agents: u32,
    /// Service time of one visitor at the counter.
    pub service: DistributionSpec,
    /// How long a visitor waits before leaving; `None`: never leaves.
    pub patience: Option<DistributionSpec>,
    /// Served within this many seconds counts as on time ...
    pub threshold: f64,
    /// ... for this share of visitors (0..=1).
    pub target: f64,
    /// Seconds the counter is staffed: the horizon, or with `open` the
    /// opening hours within it (for labour costs).
    pub staffed_seconds: f64,
}

impl WalkIns {
    /// The counter as a single-pool scenario on the phones' clock. Its
    /// master seed is derived from the run's, so the visitors are not the
    /// callers' twins.
    pub fn scenario(&self, phones: &Scenario) -> Scenario {
        Scenario {
            name: format!("{}-walk-ins", phones.name),
            seed: crate::engine::rng::stream_seed(phones.seed, 0, "walk_ins"),
            time: phones.time,
            arrivals: Arrivals::from_rates(self.rates_per_hour.clone()),
            handle_time: self.service.clone(),
            patience: self.patience.clone(),
            wrap_up: None,
            agents: self.agents,
            lines: None,
            sla: Sla {
                threshold: self.threshold,
                target: self.target,
            },
            helpdesk: None,
            workforce: None,
            costs: None,
        }
    }
}

/// `[walk_ins]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWalkIns {
    pub rate_per_hour: Option<f64>,
    pub profile: Option<Vec<f64>>,
    pub open: Option<Vec<Clock>>,
    pub agents: Option<i64>,
    pub service: Option<RawDistribution>,
    pub patience: Option<RawDistribution>,
    pub threshold: Option<Seconds>,
    pub target: Option<f64>,
}

/// Keeps each interval's rate only while the counter is open (every day,
/// between the two clock times of `open`; intervals are judged by their
/// start), and returns the seconds it is open within the horizon.
fn opening_hours(
    open: &[Clock],
    mut rates: Vec<f64>,
    time: &TimeSpec,
) -> Result<(Vec<f64>, f64), ScenarioError> {
    let [from, to] = open else {
        return Err(invalid(
            "walk_ins.open",
            format!(
                "`walk_ins.open` has {} times: expected the opening and closing time, e.g.                  [\"08:00\", \"18:00\"]",
                open.len()
            ),
        )
        .with_label("expected 2 times"));
    };
    if to.0 <= from.0 {
        return Err(invalid(
            "walk_ins.open",
            "`walk_ins.open` closes before it opens: expected [opening, closing] within a day"
                .into(),
        )
        .with_label("closing must be after opening"));
    }
    let mut staffed = 0.0;
    for (k, rate) in rates.iter_mut().enumerate() {
        let clock = (time.start_clock + k as f64 * time.interval).rem_euclid(DAY);
        if (from.0..to.0).contains(&clock) {
            let start = k as f64 * time.interval;
            staffed += (start + time.interval).min(time.duration) - start;
        } else {
            *rate = 0.0;
        }
    }
    Ok((rates, staffed))
}

/// `threshold` without a value: five minutes at the counter.
const DEFAULT_THRESHOLD: f64 = 300.0;

pub(crate) fn validate_walk_ins(
    raw: &RawWalkIns,
    time: &TimeSpec,
    base_dir: &Path,
) -> Result<WalkIns, ScenarioError> {
    let rates_per_hour = channel_rates(
        "walk_ins",
        "visitors",
        raw.rate_per_hour,
        raw.profile.as_deref(),
        time,
    )?;
    let (rates_per_hour, staffed_seconds) = match &raw.open {
        None => (rates_per_hour, time.duration),
        Some(open) => opening_hours(open, rates_per_hour, time)?,
    };
    let agents = raw
        .agents
        .ok_or_else(|| missing("walk_ins.agents", "agents = 2"))?;
    let agents = count("walk_ins.agents", agents, 1..=MAX_AGENTS, "agents")?;
    let service = raw.service.as_ref().ok_or_else(|| {
        missing(
            "walk_ins.service",
            r#"service = { distribution = "exponential", mean = "12m" }"#,
        )
    })?;
    let threshold = raw.threshold.map_or(DEFAULT_THRESHOLD, |s| s.0);
    let target = share("walk_ins.target", raw.target.unwrap_or(0.8))?;
    Ok(WalkIns {
        rates_per_hour,
        agents,
        service: validate_distribution("walk_ins.service", service, false, base_dir)?,
        patience: raw
            .patience
            .as_ref()
            .map(|p| validate_distribution("walk_ins.patience", p, true, base_dir))
            .transpose()?,
        threshold,
        target,
        staffed_seconds,
    })
}
