//! The checker: an observer that keeps its own books from the model's events
//! and checks the model's rules at every one of them.

use callsim::model::{CallRecord, Observer, Outcome, RunInfo};
use callsim::scenario::{DistributionSpec, Scenario};
use callsim::stats::Results;

/// What the checker knows about one call.
#[derive(Debug, Default)]
pub struct Call {
    pub arrival: f64,
    /// Some agent was free when the call arrived.
    idle_at_arrival: bool,
    /// Every trunk line was in use when the call arrived.
    lines_full_at_arrival: bool,
    /// (time, agent, wait) when answered.
    pub answered: Option<(f64, u32, f64)>,
    /// The record the model gave when the call left.
    finished: Option<CallRecord>,
}

/// An independent observer: checks the model's rules at every event and
/// counts calls and time-weighted quantities by itself.
///
/// The model emits several events at one instant (an agent freed takes the
/// next caller: `queue_changed` then `call_answered`; an arrival to an idle
/// agent: `busy_changed` then `call_answered`), in an order under which
/// "callers wait only while every agent is busy", "talking <= busy <= agents"
/// and "waiting + talking <= lines" hold after every single event.
pub struct Checker {
    s: Scenario,
    now: f64,
    /// The event being checked and its call id or new value, for messages.
    event: (&'static str, u64),
    waiting: u32,
    busy: u32,
    talking: u32,
    /// The call each agent is talking with.
    talking_with: Vec<Option<u64>>,
    /// When each agent's wrap-up of its last call ends.
    free_at: Vec<f64>,
    pub calls: Vec<Call>,
    last_answered: Option<u64>,
    finished_at: Option<f64>,
    errors: Vec<String>,
    /// Integrals of busy agents and waiting calls over [warmup, duration],
    /// and the longest queue held for a positive time in it.
    busy_area: f64,
    /// The part of `busy_area` in open intervals (a positive arrival rate):
    /// without shifts, occupancy counts the agents' time there only.
    open_busy_area: f64,
    queue_area: f64,
    pub max_queue: u32,
}

impl Checker {
    pub fn new(s: &Scenario) -> Self {
        let agents = s.agents as usize;
        Self {
            s: s.clone(),
            now: 0.0,
            event: ("start", 0),
            waiting: 0,
            busy: 0,
            talking: 0,
            talking_with: vec![None; agents],
            free_at: vec![0.0; agents],
            calls: Vec::new(),
            last_answered: None,
            finished_at: None,
            errors: Vec::new(),
            busy_area: 0.0,
            open_busy_area: 0.0,
            queue_area: 0.0,
            max_queue: 0,
        }
    }

    /// Records a violation, with the event, the call and the state.
    fn ensure(&mut self, ok: bool, what: &str) {
        if !ok && self.errors.len() < 20 {
            let (event, id) = self.event;
            let call = event
                .starts_with("call")
                .then(|| self.calls.get(id as usize));
            let state = (self.waiting, self.busy, self.talking);
            self.errors.push(format!(
                "t={} {event}({id}): {what}\n  (waiting, busy, talking) = {state:?}, {call:?}",
                self.now
            ));
        }
    }

    /// Every event: time moves forward; the state held since the last event
    /// is integrated over the measurement window.
    fn at(&mut self, now: f64, event: &'static str, id: u64) {
        let before = self.now;
        self.event = (event, id);
        self.ensure(now.is_finite() && now >= before, "time went backwards");
        let lo = before.max(self.s.time.warmup);
        let hi = now.min(self.s.time.duration);
        if hi > lo {
            self.busy_area += f64::from(self.busy) * (hi - lo);
            self.open_busy_area += f64::from(self.busy) * self.open_time(lo, hi);
            self.queue_area += f64::from(self.waiting) * (hi - lo);
            self.max_queue = self.max_queue.max(self.waiting);
        }
        self.now = now;
    }

    /// The time within [lo, hi] that falls in open intervals.
    fn open_time(&self, lo: f64, hi: f64) -> f64 {
        let width = self.s.time.interval;
        let rates = &self.s.arrivals.rates_per_hour;
        rates
            .iter()
            .enumerate()
            .filter(|(_, r)| **r > 0.0)
            .map(|(k, _)| {
                let (a, b) = (k as f64 * width, (k + 1) as f64 * width);
                (b.min(hi) - a.max(lo)).max(0.0)
            })
            .sum()
    }

    fn state_invariants(&mut self) {
        let (w, b, t) = (self.waiting, self.busy, self.talking);
        let agents = self.s.agents;
        self.ensure(w == 0 || b == agents, "a call waits while an agent is idle");
        self.ensure(t <= b && b <= agents, "not talking <= busy <= agents");
        let lines = self.s.lines.unwrap_or(u32::MAX);
        self.ensure(w + t <= lines, "waiting + talking exceed the lines");
    }

    /// Equal up to rounding of times of the order of now.
    fn close(&self, a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * self.now.max(1.0)
    }

    /// Panics with every violation seen, then compares the recorder's results
    /// with the checker's own books.
    pub fn verify(&self, info: &RunInfo, results: &Results) {
        let errors = self.errors.join("\n");
        assert!(errors.is_empty(), "in {:?}:\n{errors}", self.s);
        assert_eq!(self.finished_at, Some(info.end_time));
        assert_eq!(info.calls, self.calls.len() as u64);
        let warmup = self.s.time.warmup;
        let counted: Vec<&Call> = self.calls.iter().filter(|c| c.arrival >= warmup).collect();
        let outcome = |c: &&Call| c.finished.map(|r| r.outcome);
        let n = |o| counted.iter().filter(|c| outcome(c) == Some(o)).count() as u64;
        let blocked = n(Outcome::Blocked);
        let abandoned = n(Outcome::Abandoned);
        let answered = n(Outcome::Answered);
        assert_eq!(counted.len() as u64, blocked + abandoned + answered);
        let waits: Vec<f64> = counted
            .iter()
            .filter_map(|c| c.answered.map(|a| a.2))
            .collect();
        let within = waits.iter().filter(|&&w| w <= self.s.sla.threshold);
        let within = within.count() as u64;
        let s = &results.summary;
        let recorded = [
            s.calls_arrived,
            s.calls_blocked,
            s.calls_offered,
            s.calls_abandoned,
            s.calls_answered,
            s.calls_answered_within_threshold,
        ];
        let offered = abandoned + answered;
        let own = [
            counted.len() as u64,
            blocked,
            offered,
            abandoned,
            answered,
            within,
        ];
        assert_eq!(
            recorded, own,
            "arrived, blocked, offered, abandoned, answered, within"
        );
        let unit = |x: Option<f64>| x.is_none_or(|x| (0.0..=1.0).contains(&x));
        let ratios = [s.service_level, s.prob_wait, s.abandonment_rate];
        for x in ratios.into_iter().chain([s.blocking_rate, s.occupancy]) {
            assert!(unit(x), "{x:?} outside [0, 1] in {s:?}");
        }
        assert_eq!(s.service_level.is_some(), s.calls_offered > 0);
        if answered > 0 {
            let asa = waits.iter().sum::<f64>() / answered as f64;
            assert!(near(s.asa_seconds, asa), "asa {asa} in {s:?}");
        }
        let window = self.s.time.duration - warmup;
        // Busy over the agents' time in the open intervals (none open: none).
        let open = self.open_time(warmup, self.s.time.duration);
        let occupancy =
            (open > 0.0).then(|| (self.open_busy_area / open / f64::from(self.s.agents)).min(1.0));
        assert!(
            match (s.occupancy, occupancy) {
                (None, None) => true,
                (got, Some(want)) => near(got, want),
                _ => false,
            },
            "occupancy {occupancy:?} in {s:?}"
        );
        let queue = self.queue_area / window;
        assert!(near(s.avg_queue_length, queue), "queue {queue} in {s:?}");
        assert_eq!(s.max_queue_length, u64::from(self.max_queue));
        // Interval rows: the counted arrivals of each interval.
        let width = self.s.time.interval;
        for row in &results.intervals {
            let start = row.interval as f64 * width;
            let within = start..start + width;
            let n = counted.iter().filter(|c| within.contains(&c.arrival));
            assert_eq!(row.calls_arrived, n.count() as u64, "{row:?}");
            assert!(unit(row.service_level) && unit(row.occupancy), "{row:?}");
            assert!(row.avg_queue_length.is_none_or(|q| q >= 0.0), "{row:?}");
        }
        let rows: u64 = results.intervals.iter().map(|r| r.calls_arrived).sum();
        assert_eq!(rows, s.calls_arrived, "interval rows add up to the summary");
    }
}

impl Observer for Checker {
    fn call_arrived(&mut self, now: f64, id: u64) {
        self.at(now, "call_arrived", id);
        self.ensure(id == self.calls.len() as u64, "ids not sequential");
        let k = (now / self.s.time.interval) as usize;
        let rate = self.s.arrivals.rates_per_hour.get(k).copied();
        let open = now < self.s.time.duration && rate.is_some_and(|r| r > 0.0);
        self.ensure(open, "arrival at a zero rate or after closing");
        let in_use = self.waiting + self.talking;
        self.calls.push(Call {
            arrival: now,
            idle_at_arrival: self.busy < self.s.agents,
            lines_full_at_arrival: self.s.lines.is_some_and(|l| in_use >= l),
            ..Call::default()
        });
    }

    fn call_answered(&mut self, now: f64, id: u64, agent: u32, wait: f64) {
        self.at(now, "call_answered", id);
        let Some(call) = self.calls.get_mut(id as usize) else {
            return self.ensure(false, "unknown call");
        };
        let fresh = call.answered.is_none() && call.finished.is_none();
        call.answered = Some((now, agent, wait));
        let (arrival, idle) = (call.arrival, call.idle_at_arrival);
        self.ensure(fresh, "answered twice or after leaving");
        self.ensure(wait == now - arrival, "wait != now - arrival");
        self.ensure((wait == 0.0) == idle, "waits iff no agent was idle");
        let fcfs = self.last_answered.is_none_or(|last| id > last);
        self.ensure(fcfs, "answered out of FCFS order");
        self.last_answered = Some(id);
        if let Some(DistributionSpec::Constant { value }) = self.s.patience {
            self.ensure(wait <= value, "answered after its patience ran out");
        }
        let free_at = self.free_at.get(agent as usize).copied().unwrap_or(0.0);
        let rested = now >= free_at || self.close(now, free_at);
        self.ensure(rested, "the agent answers during its wrap-up");
        let slot = self.talking_with.get_mut(agent as usize);
        let was_free = slot.is_some_and(|slot| slot.replace(id).is_none());
        self.ensure(was_free, "the agent is talking already (or unknown)");
        self.talking += 1;
        self.state_invariants();
    }

    fn call_finished(&mut self, now: f64, rec: &CallRecord) {
        let (id, wait) = (rec.id, rec.wait);
        self.at(now, "call_finished", id);
        let Some(call) = self.calls.get_mut(id as usize) else {
            return self.ensure(false, "unknown call");
        };
        let first = call.finished.replace(*rec).is_none();
        let (arrival, answered) = (call.arrival, call.answered);
        let (idle, full) = (call.idle_at_arrival, call.lines_full_at_arrival);
        self.ensure(first, "finished twice");
        self.ensure(rec.arrival == arrival, "record's arrival time");
        let counted = arrival >= self.s.time.warmup;
        self.ensure(rec.counted == counted, "counted iff after the warm-up");
        self.ensure(wait.is_finite() && wait >= 0.0, "negative wait");
        match rec.outcome {
            Outcome::Blocked => {
                let at_once = now == arrival && wait == 0.0 && answered.is_none();
                self.ensure(at_once && rec.agent.is_none(), "blocked after entering");
                self.ensure(full, "blocked with a line free");
            }
            Outcome::Abandoned => {
                let patience = self.s.patience.clone();
                self.ensure(patience.is_some(), "abandoned without patience");
                self.ensure(answered.is_none(), "abandoned after an answer");
                self.ensure(!idle && !full, "abandoned, but an agent was idle");
                self.ensure(wait == now - arrival, "wait != now - arrival");
                let zero_ok = patience.as_ref().is_some_and(can_be_zero);
                self.ensure(wait > 0.0 || zero_ok, "abandoned at once");
                if let Some(DistributionSpec::Constant { value }) = patience {
                    self.ensure(self.close(wait, value), "wait != constant patience");
                }
            }
            Outcome::Answered => {
                let Some((at, agent, answer_wait)) = answered else {
                    return self.ensure(false, "finished answered, never answered");
                };
                let talked = self.close(now - at, rec.talk);
                self.ensure(talked && wait == answer_wait, "talk or wait");
                self.ensure(rec.agent == Some(agent), "agent");
                let wrap = rec.wrap_up;
                let wrap_ok = wrap >= 0.0 && (self.s.wrap_up.is_some() || wrap == 0.0);
                self.ensure(wrap_ok, "wrap-up");
                if let Some(free_at) = self.free_at.get_mut(agent as usize) {
                    *free_at = now + wrap;
                }
                let slot = self.talking_with.get_mut(agent as usize);
                let with = slot.and_then(Option::take);
                self.ensure(with == Some(id), "the agent was not talking with it");
                self.talking -= 1;
            }
        }
        self.state_invariants();
    }

    fn queue_changed(&mut self, now: f64, waiting: u32) {
        self.at(now, "queue_changed", u64::from(waiting));
        let step = waiting.abs_diff(self.waiting) == 1;
        self.ensure(step, "the queue changed by more than one");
        self.waiting = waiting;
        self.state_invariants();
    }

    fn busy_changed(&mut self, now: f64, busy: u32) {
        self.at(now, "busy_changed", u64::from(busy));
        let step = busy.abs_diff(self.busy) == 1;
        self.ensure(step, "busy agents changed by more than one");
        self.busy = busy;
        self.state_invariants();
    }

    fn run_finished(&mut self, now: f64) {
        self.at(now, "run_finished", 0);
        let twice = self.finished_at.replace(now).is_some();
        self.ensure(!twice, "run finished twice");
        let last_free = self.free_at.iter().copied().fold(0.0, f64::max);
        self.ensure(now >= last_free, "run ended during a wrap-up");
        let left = self.calls.iter().filter(|c| c.finished.is_none()).count();
        let state = (left, self.waiting, self.busy, self.talking);
        self.ensure(state == (0, 0, 0, 0), "calls or busy agents left");
    }
}

/// True if the distribution can draw 0, or (a gamma with shape 1/cv^2 < 1,
/// whose density is infinite at 0) values so small that `arrival + patience`
/// rounds to `arrival`. Otherwise an abandoned call must have waited.
fn can_be_zero(spec: &DistributionSpec) -> bool {
    match spec {
        DistributionSpec::Constant { value } => *value == 0.0,
        DistributionSpec::Empirical { samples } => samples.contains(&0.0),
        DistributionSpec::Gamma { cv, .. } => *cv > 1.0,
        _ => false,
    }
}

/// Defined and equal to `b` up to the rounding of sums taken in another order.
fn near(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-9 * b.abs().max(1.0))
}
