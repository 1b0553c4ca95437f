//! The standard statistics observer behind `summary.json`, `intervals.csv`
//! and `wait_histogram.csv`.

use super::desk::DeskResults;
use super::intervals::{IntervalCounts, IntervalRow, IntervalStart};
use super::ratio;
use super::summary::{Summary, WaitPercentiles};
use super::time_weighted::TimeWeighted;
use super::waits::{HistogramRow, WaitDistribution};
use super::workforce::WorkforceResults;
use crate::engine::{IntervalCursor, Time};
use crate::model::{CallRecord, Observer, Outcome};
use crate::scenario::Scenario;

/// Most rows the published wait histogram may have; bins widen to fit.
const MAX_HISTOGRAM_ROWS: usize = 300;

/// Everything a run's reports are made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    /// The headline figures (`summary.json`).
    pub summary: Summary,
    /// One row per reporting interval (`intervals.csv`).
    pub intervals: Vec<IntervalRow>,
    /// The wait distribution of answered calls (`wait_histogram.csv`).
    pub wait_histogram: Vec<HistogramRow>,
    /// Per tier, customer type and class; `None` for a single-pool run (or
    /// when no [`DeskRecorder`](super::DeskRecorder) ran).
    pub desk: Option<DeskResults>,
    /// Shifts, breaks and agents; `None` without shifts (or when no
    /// [`WorkforceRecorder`](super::WorkforceRecorder) ran).
    pub workforce: Option<WorkforceResults>,
    /// Cases, repeat calls, follow-ups and experience scores; `None` unless
    /// a quality rule is on (or when no [`QualityRecorder`](super::QualityRecorder) ran).
    pub quality: Option<super::QualityResults>,
    /// The walk-in desk; `None` without `[walk_ins]`.
    pub walk_ins: Option<super::WalkInFigures>,
    /// The ticket channel; `None` without `[tickets]`.
    pub tickets: Option<super::TicketFigures>,
    /// Labour, penalties and cost per resolved contact; `None` without `[costs]`.
    pub costs: Option<super::CostFigures>,
    /// What each rule that is on did; `None` when no rule is on (or when no
    /// [`AuditRecorder`](super::AuditRecorder) ran).
    pub rules: Option<super::RuleAudit>,
}

impl Results {
    /// Adds the workforce figures, including the staffing columns of the
    /// interval rows.
    pub fn with_workforce(mut self, workforce: WorkforceResults) -> Self {
        for row in &mut self.intervals {
            if let Some([scheduled, available, on_break]) = workforce.intervals.get(row.interval) {
                row.agents_scheduled = Some(*scheduled);
                row.agents_available = Some(*available);
                row.agents_on_break = Some(*on_break);
            }
        }
        self.workforce = Some(workforce);
        self
    }
}

/// Counts calls by arrival interval and integrates queue length and busy
/// agents over the measurement window (warm-up end to close).
#[derive(Debug, Clone)]
pub struct Recorder {
    threshold: f64,
    warmup: Time,
    agents: u32,
    counts: Vec<IntervalCounts>,
    /// The interval of the latest arrival, and of the latest finished
    /// call's arrival: two cursors, as the two move apart.
    arrived_at: IntervalCursor,
    finished_from: IntervalCursor,
    answered_waits: WaitDistribution,
    abandon_waits: WaitDistribution,
    queue: TimeWeighted,
    busy: TimeWeighted,
    /// With shifts: agents on duty (idle or on a call), the denominator of
    /// occupancy; each tier's count, and the total integrated.
    staffed: Option<(Vec<u32>, TimeWeighted)>,
    /// Without shifts, the intervals the desk is open (a positive arrival
    /// rate): occupancy counts the agents' time in those only.
    open: Vec<bool>,
    end: Time,
}

impl Recorder {
    /// A recorder for a run of `scenario`.
    pub fn new(scenario: &Scenario) -> Self {
        let time = &scenario.time;
        let n = time.interval_count();
        Self {
            threshold: scenario.sla.threshold,
            warmup: time.warmup,
            agents: scenario.agents,
            counts: vec![IntervalCounts::default(); n],
            arrived_at: IntervalCursor::new(time.interval, n.saturating_sub(1)),
            finished_from: IntervalCursor::new(time.interval, n.saturating_sub(1)),
            answered_waits: WaitDistribution::new(),
            abandon_waits: WaitDistribution::new(),
            queue: TimeWeighted::new(time.warmup, time.duration, time.interval, n),
            busy: TimeWeighted::new(time.warmup, time.duration, time.interval, n),
            staffed: scenario.workforce.as_ref().map(|_| {
                let tiers = scenario.helpdesk.as_ref().map_or(1, |d| d.tiers.len());
                (
                    vec![0; tiers],
                    TimeWeighted::new(time.warmup, time.duration, time.interval, n),
                )
            }),
            open: open_intervals(scenario),
            end: 0.0,
        }
    }

    /// The share of agents busy when `busy` agents are busy on average. Busy
    /// agents never exceed the pool, but an average of a saturated pool can
    /// round to just above it (1.0000000000000002): clamp to 1. With shifts
    /// the pool is the agents on duty on average (`staffed`), and nobody on
    /// duty means no occupancy.
    fn occupancy(&self, busy: f64, staffed: Option<f64>) -> Option<f64> {
        match (&self.staffed, staffed) {
            (None, _) => Some((busy / f64::from(self.agents)).min(1.0)),
            (Some(_), Some(on)) if on > 0.0 => Some((busy / on).min(1.0)),
            (Some(_), _) => None,
        }
    }

    /// Busy agents on average over the time the agents are there: with
    /// shifts the whole window (`staffed` says who is on duty), without
    /// them the open intervals.
    fn busy_mean(&self) -> Option<f64> {
        match self.staffed {
            Some(_) => self.busy.mean(),
            None => self.busy.mean_where(|k| self.open[k]),
        }
    }

    /// Busy agents on average in interval `k`; `None` in a closed interval
    /// without shifts (nobody is on duty).
    fn busy_interval_mean(&self, k: usize) -> Option<f64> {
        if self.staffed.is_none() && !self.open[k] {
            return None;
        }
        self.busy.interval_mean(k)
    }

    fn staffed_mean(&self) -> Option<f64> {
        self.staffed.as_ref().and_then(|(_, t)| t.mean())
    }

    fn staffed_interval_mean(&self, k: usize) -> Option<f64> {
        self.staffed.as_ref().and_then(|(_, t)| t.interval_mean(k))
    }

    /// Turns the run's observations into reports' figures.
    pub fn results(&self, scenario: &Scenario, replication: u64) -> Results {
        let mut total = IntervalCounts::default();
        for c in &self.counts {
            total.add(c);
        }
        let summary = self.summary(&total, scenario, replication);
        let intervals = self.interval_rows(scenario);
        let width = self
            .answered_waits
            .bin_width(MAX_HISTOGRAM_ROWS, self.threshold);
        let wait_histogram = self.answered_waits.rows(width);
        Results {
            summary,
            intervals,
            wait_histogram,
            desk: None,
            workforce: None,
            quality: None,
            tickets: None,
            walk_ins: None,
            costs: None,
            rules: None,
        }
    }

    fn summary(&self, t: &IntervalCounts, scenario: &Scenario, replication: u64) -> Summary {
        let offered = t.offered() as f64;
        let service_level = ratio(t.answered_within as f64, offered);
        Summary {
            scenario: scenario.name.clone(),
            seed: scenario.seed,
            replication,
            calls_arrived: t.arrived,
            calls_blocked: t.blocked,
            calls_offered: t.offered(),
            calls_answered: t.answered,
            calls_abandoned: t.abandoned,
            calls_answered_within_threshold: t.answered_within,
            service_level,
            sla_threshold_seconds: scenario.sla.threshold,
            sla_target: scenario.sla.target,
            sla_met: service_level.map(|sl| sl >= scenario.sla.target),
            asa_seconds: ratio(t.wait_answered_sum, t.answered as f64),
            mean_wait_seconds: ratio(t.wait_answered_sum + t.wait_abandoned_sum, offered),
            prob_wait: ratio(offered - t.answered_at_once as f64, offered),
            abandonment_rate: ratio(t.abandoned as f64, offered),
            blocking_rate: ratio(t.blocked as f64, t.arrived as f64),
            occupancy: self
                .busy_mean()
                .and_then(|b| self.occupancy(b, self.staffed_mean())),
            mean_handle_seconds: ratio(t.handle_sum, t.answered as f64),
            avg_queue_length: self.queue.mean(),
            max_queue_length: self.queue.max() as u64,
            wait_seconds: WaitPercentiles::of(&self.answered_waits),
            abandon_wait_seconds: WaitPercentiles::of(&self.abandon_waits),
            mean_abandon_wait_seconds: ratio(t.wait_abandoned_sum, t.abandoned as f64),
            window_start_seconds: scenario.time.warmup,
            window_end_seconds: scenario.time.duration,
            end_seconds: self.end,
        }
    }

    fn interval_rows(&self, scenario: &Scenario) -> Vec<IntervalRow> {
        let time = &scenario.time;
        let n = self.counts.len();
        // Intervals that end inside the warm-up are a prefix; skipping them
        // up front keeps the size exact, so a long run's rows take no spare
        // capacity.
        let first = (0..n)
            .find(|&k| (k + 1) as f64 * time.interval > time.warmup)
            .unwrap_or(n);
        (first..n)
            .map(|k| {
                let c = &self.counts[k];
                let offered = c.offered() as f64;
                let start = k as f64 * time.interval;
                IntervalRow {
                    interval: k,
                    interval_start: IntervalStart::new(time, start),
                    interval_start_seconds: start,
                    forecast_rate_per_hour: scenario.arrivals.rates_per_hour[k],
                    calls_arrived: c.arrived,
                    calls_blocked: c.blocked,
                    calls_offered: c.offered(),
                    calls_answered: c.answered,
                    calls_abandoned: c.abandoned,
                    service_level: ratio(c.answered_within as f64, offered),
                    asa_seconds: ratio(c.wait_answered_sum, c.answered as f64),
                    mean_wait_seconds: ratio(c.wait_answered_sum + c.wait_abandoned_sum, offered),
                    abandonment_rate: ratio(c.abandoned as f64, offered),
                    mean_handle_seconds: ratio(c.handle_sum, c.answered as f64),
                    avg_queue_length: self.queue.interval_mean(k),
                    occupancy: self
                        .busy_interval_mean(k)
                        .and_then(|b| self.occupancy(b, self.staffed_interval_mean(k))),
                    agents_scheduled: None,
                    agents_available: None,
                    agents_on_break: None,
                }
            })
            .collect()
    }
}

/// The intervals in which the desk is open: those with a positive arrival
/// rate. Without shifts, occupancy is busy time over the agents' time in
/// these (a closed night is nobody's working time).
pub(crate) fn open_intervals(scenario: &Scenario) -> Vec<bool> {
    let n = scenario.time.interval_count();
    (0..n)
        .map(|k| {
            scenario
                .arrivals
                .rates_per_hour
                .get(k)
                .is_some_and(|&r| r > 0.0)
        })
        .collect()
}

impl Observer for Recorder {
    #[inline]
    fn call_arrived(&mut self, now: Time, _id: u64) {
        if now >= self.warmup {
            let k = self.arrived_at.index(now);
            self.counts[k].arrived += 1;
        }
    }

    #[inline]
    fn call_finished(&mut self, _now: Time, call: &CallRecord) {
        if !call.counted {
            return;
        }
        match call.outcome {
            Outcome::Blocked => {}
            Outcome::Abandoned => self.abandon_waits.record(call.wait),
            Outcome::Answered => self.answered_waits.record(call.wait),
        }
        let threshold = self.threshold;
        let k = self.finished_from.index(call.arrival);
        self.counts[k].add_call(call, threshold);
    }

    #[inline]
    fn queue_changed(&mut self, now: Time, waiting: u32) {
        self.queue.set(now, f64::from(waiting));
    }

    #[inline]
    fn busy_changed(&mut self, now: Time, busy: u32) {
        self.busy.set(now, f64::from(busy));
    }

    #[inline]
    fn available_changed(&mut self, now: Time, tier: usize, available: u32) {
        if let Some((tiers, total)) = &mut self.staffed {
            tiers[tier] = available;
            total.set(now, f64::from(tiers.iter().sum::<u32>()));
        }
    }

    fn run_finished(&mut self, now: Time) {
        self.queue.advance(now);
        self.busy.advance(now);
        if let Some((_, total)) = &mut self.staffed {
            total.advance(now);
        }
        self.end = now;
    }
}
