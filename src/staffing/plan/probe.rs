//! What the planner measures of one interval: the calls that arrived in it
//! (the headline queue), the visits that reached each tier in it, and each
//! tier's busy and on-duty agent time inside it.

use crate::engine::Time;
use crate::model::{CallRecord, Observer, Stepper, VisitRecord};
use crate::stats::desk_counts::TierFlow;
use crate::stats::intervals::IntervalCounts;

/// A step function of time integrated over the window `[from, to)`.
#[derive(Debug, Clone, Copy)]
struct Level {
    value: f64,
    since: Time,
    area: f64,
}

impl Level {
    fn new(value: f64, now: Time) -> Self {
        Self {
            value,
            since: now,
            area: 0.0,
        }
    }

    #[inline]
    fn set(&mut self, now: Time, value: f64, window: (Time, Time)) {
        let (a, b) = (self.since.max(window.0), now.min(window.1));
        if b > a {
            self.area += self.value * (b - a);
        }
        self.since = now;
        self.value = value;
    }
}

/// An observer of one interval of a stepped run.
#[derive(Debug, Clone)]
pub(crate) struct Probe {
    window: (Time, Time),
    threshold: f64,
    /// Calls that arrived in the window.
    pub calls: IntervalCounts,
    /// Of those, calls still in the system.
    pub pending: u64,
    /// Visits that reached each tier in the window.
    pub tiers: Vec<TierFlow>,
    busy: Vec<Level>,
    available: Vec<Level>,
}

impl Probe {
    /// A probe of `[from, to)` on `run`, paused at or before `from`.
    pub fn new(run: &Stepper<'_>, tiers: usize, from: Time, to: Time, threshold: f64) -> Self {
        let now = run.now();
        Self {
            window: (from, to),
            threshold,
            calls: IntervalCounts::default(),
            pending: 0,
            tiers: vec![TierFlow::default(); tiers],
            busy: (0..tiers)
                .map(|j| Level::new(f64::from(run.busy(j)), now))
                .collect(),
            available: (0..tiers)
                .map(|j| Level::new(f64::from(run.available(j)), now))
                .collect(),
        }
    }

    fn inside(&self, t: Time) -> bool {
        t >= self.window.0 && t < self.window.1
    }

    /// Closes the time integrals at the window's end (the run is past it).
    pub fn close(&mut self) {
        let (end, window) = (self.window.1, self.window);
        for l in self.busy.iter_mut().chain(&mut self.available) {
            let v = l.value;
            l.set(end.max(l.since), v, window);
        }
    }

    /// Busy over on-duty agent time in the window: of tier `j`, or of all
    /// tiers with `None`.
    pub fn occupancy(&self, j: Option<usize>) -> Option<f64> {
        let pick = |v: &[Level]| -> f64 {
            match j {
                Some(j) => v[j].area,
                None => v.iter().map(|l| l.area).sum(),
            }
        };
        let (busy, on) = (pick(&self.busy), pick(&self.available));
        (on > 0.0).then(|| (busy / on).min(1.0))
    }
}

impl Observer for Probe {
    #[inline]
    fn call_arrived(&mut self, now: Time, _id: u64) {
        if self.inside(now) {
            self.calls.arrived += 1;
            self.pending += 1;
        }
    }

    #[inline]
    fn call_finished(&mut self, _now: Time, call: &CallRecord) {
        if self.inside(call.arrival) {
            self.pending -= 1;
            self.calls.add_call(call, self.threshold);
        }
    }

    #[inline]
    fn visit_finished(&mut self, _now: Time, visit: &VisitRecord) {
        if self.inside(visit.entered) {
            self.tiers[usize::from(visit.tier)].add_visit(visit, self.threshold);
        }
    }

    #[inline]
    fn tier_busy_changed(&mut self, now: Time, tier: usize, busy: u32) {
        let w = self.window;
        self.busy[tier].set(now, f64::from(busy), w);
    }

    #[inline]
    fn available_changed(&mut self, now: Time, tier: usize, available: u32) {
        let w = self.window;
        self.available[tier].set(now, f64::from(available), w);
    }
}
