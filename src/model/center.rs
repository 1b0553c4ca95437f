//! The call center's state and its run loop.
//!
//! One agent pool serves one FCFS queue; the longest-idle agent takes the next
//! call. A caller who finds every trunk line busy is blocked; a caller whose
//! patience runs out while waiting hangs up. Arrivals stop at closing time and
//! the calls still in the system drain.
//!
//! Calls waiting in queue live in a slab; a call in conversation is held by its
//! agent. Abandonment timers are cancelled lazily: an `Abandon` event whose call
//! has already been answered finds a stale handle and is ignored.

use super::arrivals::ArrivalProcess;
use super::call::{CallRecord, CaseEnd, CaseInfo, Outcome};
use super::observer::Observer;
use super::sampler::{HandleScale, Sampler};
use crate::engine::rng::{Stream, StreamSeeds};
use crate::engine::{Agenda, Handle, IntervalCursor, Slab, Time};
use crate::scenario::limits::max_in_system;
use crate::scenario::{DistributionSpec, Scenario};
use std::collections::VecDeque;

/// What the run loop reacts to: small `Copy` values, ids rather than data.
/// Arrivals are not events: the next arrival time is kept beside the agenda
/// and merged with it, which saves a heap push and pop per call.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A waiting caller's patience runs out (stale if the call was answered).
    Abandon(Handle),
    /// An agent's conversation ends.
    TalkEnd(u32),
    /// An agent finishes after-call work.
    WrapEnd(u32),
}

/// A call from arrival until its conversation ends.
#[derive(Debug, Clone, Copy)]
struct Call {
    id: u64,
    arrival: Time,
    /// Talk and wrap-up are drawn at arrival, so every call keeps its draws
    /// whatever happens to it: common random numbers across policies.
    talk: f64,
    wrap_up: f64,
    counted: bool,
}

/// A conversation in progress.
#[derive(Debug, Clone, Copy)]
struct InService {
    call: Call,
    wait: f64,
}

/// The random streams of a run, one per purpose.
struct Streams {
    arrivals: Stream,
    handle_time: Stream,
    patience: Stream,
    wrap_up: Stream,
}

/// Facts about a finished run that are not statistics of calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunInfo {
    /// When the last call left the system and the last agent finished its
    /// wrap-up (stale timers that fire later do not count).
    pub end_time: Time,
    /// Calls generated, warm-up included.
    pub calls: u64,
    /// Events processed, stale ones included.
    pub events: u64,
    /// Most calls ever waiting at once (slab high-water mark).
    pub peak_waiting: usize,
}

/// Why a scenario could not be run: it could not become a model (a bug in
/// callsim), or its queue outgrew the bound of the limits contract (the
/// input's fault: see [`BuildError::is_unbounded`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", if *.unbounded { "" } else { "cannot build the model: " })]
pub struct BuildError {
    message: String,
    unbounded: bool,
}

impl BuildError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            unbounded: false,
        }
    }

    /// The run stopped because more than `limit` calls were in the system
    /// at `now`: the load exceeds what the agents can serve and nobody
    /// hangs up, so the queue would grow until memory runs out. Change the
    /// scenario (more agents, `[patience]`, `[lines]`, a lower rate).
    pub(crate) fn unbounded(now: Time, in_system: u64, limit: u64) -> Self {
        Self {
            message: format!(
                "the queue grows without bound: {in_system} calls in the system at {:.0} s \
                 (hour {:.1}) exceed the limit of {limit} for this scenario, so the run stopped\n  \
                 = help: the load exceeds what the agents can serve and nobody hangs up: add agents, \
                 a `[patience]` table, `[lines]`, or lower the arrival rate (see the README's \"Limits\")",
                now,
                now / 3600.0
            ),
            unbounded: true,
        }
    }

    /// Whether the scenario's input, not callsim, is at fault: the queue
    /// outgrew [`crate::scenario::limits::max_in_system`] (exit code 2).
    pub fn is_unbounded(&self) -> bool {
        self.unbounded
    }
}

/// Simulates replication `replication` of `scenario`, reporting every event to
/// `observer`. The same scenario, seed and replication always produce the same
/// sequence of events.
pub fn simulate<O: Observer>(
    scenario: &Scenario,
    replication: u64,
    mut observer: O,
) -> Result<RunInfo, BuildError> {
    if let Some(desk) = &scenario.helpdesk {
        return super::helpdesk::simulate(scenario, desk, replication, &mut observer);
    }
    if scenario.workforce.is_some() {
        // Shifts and breaks live in the help-desk engine, which runs a
        // single pool as one plain tier exactly as this engine would.
        let desk = crate::scenario::Helpdesk::single_pool(scenario.agents, scenario.sla);
        return super::helpdesk::simulate(scenario, &desk, replication, &mut observer);
    }
    let mut center = Center::new(scenario, replication)?;
    center.run(&mut observer)
}

struct Center {
    agenda: Agenda<Event>,
    streams: Streams,
    arrivals: ArrivalProcess,
    /// The arrival profile's interval of the latest arrival.
    arrivals_at: IntervalCursor,
    handle_time: Sampler,
    patience: Option<Sampler>,
    wrap_up: Option<Sampler>,
    scale: HandleScale,
    warmup: Time,
    line_capacity: u32,
    lines_in_use: u32,
    /// Calls in queue, by handle; FCFS order. May hold stale handles of calls
    /// that abandoned: they are skipped when they reach the front.
    queue: VecDeque<Handle>,
    waiting_calls: Slab<Call>,
    /// Agents free for a call, longest idle at the front.
    idle: VecDeque<u32>,
    /// The conversation of each agent, if talking.
    in_service: Vec<Option<InService>>,
    busy: u32,
    next_id: u64,
    /// Time of the last event that changed the state (not a stale timer).
    last_change: Time,
    /// Most calls waiting at once before the run stops (limits contract).
    max_waiting: u64,
}

fn sampler(spec: &DistributionSpec) -> Result<Sampler, BuildError> {
    Sampler::new(spec).map_err(BuildError::new)
}

impl Center {
    fn new(scenario: &Scenario, replication: u64) -> Result<Self, BuildError> {
        let seeds = StreamSeeds::new(scenario.seed, replication);
        let agents = scenario.agents;
        if agents == 0 {
            return Err(BuildError::new("a call center needs at least one agent"));
        }
        let expected = scenario.time.interval_count();
        if scenario.arrivals.rates_per_hour.len() != expected {
            return Err(BuildError::new(format!(
                "the arrival profile has {} intervals, the horizon {expected}",
                scenario.arrivals.rates_per_hour.len()
            )));
        }
        let arrivals = ArrivalProcess::new(
            &scenario.arrivals.rates_per_hour,
            scenario.time.interval,
            scenario.time.duration,
        );
        Ok(Self {
            agenda: Agenda::with_capacity(2 * agents as usize + 16),
            streams: Streams {
                arrivals: seeds.stream("arrivals"),
                handle_time: seeds.stream("handle_time"),
                patience: seeds.stream("patience"),
                wrap_up: seeds.stream("wrap_up"),
            },
            arrivals_at: arrivals.cursor(),
            arrivals,
            handle_time: sampler(&scenario.handle_time)?,
            patience: scenario.patience.as_ref().map(sampler).transpose()?,
            wrap_up: scenario.wrap_up.as_ref().map(sampler).transpose()?,
            scale: HandleScale::new(scenario),
            warmup: scenario.time.warmup,
            line_capacity: scenario.lines.unwrap_or(u32::MAX),
            lines_in_use: 0,
            queue: VecDeque::new(),
            waiting_calls: Slab::new(),
            idle: (0..agents).collect(),
            in_service: vec![None; agents as usize],
            busy: 0,
            next_id: 0,
            last_change: 0.0,
            max_waiting: max_in_system(u64::from(agents), scenario.lines.map_or(0, u64::from)),
        })
    }

    fn next_arrival_after(&mut self, now: Time) -> Time {
        self.arrivals
            .next(now, &mut self.arrivals_at, &mut self.streams.arrivals)
            .unwrap_or(f64::INFINITY)
    }

    fn run<O: Observer>(&mut self, obs: &mut O) -> Result<RunInfo, BuildError> {
        let mut next_arrival = self.next_arrival_after(0.0);
        let mut events = 0u64;
        loop {
            events += 1;
            if let Some((now, event)) = self.agenda.pop_due_by(next_arrival) {
                match event {
                    Event::Abandon(handle) => self.abandon(now, handle, obs),
                    Event::TalkEnd(agent) => self.end_talk(now, agent, obs),
                    Event::WrapEnd(agent) => self.agent_free(now, agent, obs),
                }
            } else if next_arrival.is_finite() {
                let now = next_arrival;
                self.agenda.advance_to(now);
                next_arrival = self.next_arrival_after(now);
                self.arrive(now, obs);
                // One comparison per arrival: only arrivals grow the queue.
                let waiting = self.waiting_calls.len() as u64;
                if waiting > self.max_waiting {
                    return Err(BuildError::unbounded(now, waiting, self.max_waiting));
                }
            } else {
                events -= 1;
                break;
            }
        }
        let end_time = self.last_change;
        obs.run_finished(end_time);
        Ok(RunInfo {
            end_time,
            calls: self.next_id,
            events,
            peak_waiting: self.waiting_calls.capacity_used(),
        })
    }

    #[inline]
    fn arrive<O: Observer>(&mut self, now: Time, obs: &mut O) {
        self.last_change = now;
        let id = self.next_id;
        self.next_id += 1;
        let call = Call {
            id,
            arrival: now,
            talk: self.handle_time.sample(&mut self.streams.handle_time) * self.scale.talk(now),
            wrap_up: match &self.wrap_up {
                Some(s) => s.sample(&mut self.streams.wrap_up) * self.scale.wrap(now),
                None => 0.0,
            },
            counted: now >= self.warmup,
        };
        let patience = match &self.patience {
            Some(s) => s.sample(&mut self.streams.patience),
            None => f64::INFINITY,
        };
        obs.call_arrived(now, id);

        if self.lines_in_use >= self.line_capacity {
            obs.call_finished(now, &record(&call, Outcome::Blocked, 0.0, None));
            return;
        }
        self.lines_in_use += 1;
        if let Some(agent) = self.idle.pop_front() {
            self.busy += 1;
            obs.busy_changed(now, self.busy);
            self.answer(now, agent, call, 0.0, obs);
        } else if patience <= 0.0 {
            self.lines_in_use -= 1;
            obs.call_finished(now, &record(&call, Outcome::Abandoned, 0.0, None));
        } else {
            let handle = self.waiting_calls.insert(call);
            self.queue.push_back(handle);
            obs.queue_changed(now, self.waiting_calls.len() as u32);
            if patience.is_finite() {
                // A caller reached at the very instant their patience runs
                // out is answered: every other event of that instant (an
                // agent finishing) goes first.
                self.agenda
                    .schedule_after_ties(now + patience, Event::Abandon(handle));
            }
        }
    }

    #[inline]
    fn abandon<O: Observer>(&mut self, now: Time, handle: Handle, obs: &mut O) {
        let Some(call) = self.waiting_calls.remove(handle) else {
            return; // answered before its patience ran out: a stale timer
        };
        self.last_change = now;
        self.lines_in_use -= 1;
        obs.queue_changed(now, self.waiting_calls.len() as u32);
        let wait = now - call.arrival;
        obs.call_finished(now, &record(&call, Outcome::Abandoned, wait, None));
    }

    /// `agent` (already counted busy) takes `call` after it waited `wait`.
    #[inline]
    fn answer<O: Observer>(&mut self, now: Time, agent: u32, call: Call, wait: f64, obs: &mut O) {
        obs.call_answered(now, call.id, agent, wait);
        self.in_service[agent as usize] = Some(InService { call, wait });
        self.agenda.schedule(now + call.talk, Event::TalkEnd(agent));
    }

    #[inline]
    fn end_talk<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let Some(InService { call, wait }) = self.in_service[agent as usize].take() else {
            debug_assert!(false, "agent {agent} ended a conversation it did not have");
            return;
        };
        self.last_change = now;
        self.lines_in_use -= 1;
        obs.call_finished(now, &record(&call, Outcome::Answered, wait, Some(agent)));
        if call.wrap_up > 0.0 {
            self.agenda
                .schedule(now + call.wrap_up, Event::WrapEnd(agent));
        } else {
            self.agent_free(now, agent, obs);
        }
    }

    /// `agent` is done with its last call: it takes the next waiting call, or
    /// joins the back of the idle line.
    #[inline]
    fn agent_free<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        self.last_change = now;
        while let Some(handle) = self.queue.pop_front() {
            if let Some(call) = self.waiting_calls.remove(handle) {
                obs.queue_changed(now, self.waiting_calls.len() as u32);
                self.answer(now, agent, call, now - call.arrival, obs);
                return;
            }
        }
        self.busy -= 1;
        obs.busy_changed(now, self.busy);
        self.idle.push_back(agent);
    }
}

#[inline]
fn record(call: &Call, outcome: Outcome, wait: f64, agent: Option<u32>) -> CallRecord {
    let answered = outcome == Outcome::Answered;
    CallRecord {
        id: call.id,
        arrival: call.arrival,
        outcome,
        wait,
        talk: if answered { call.talk } else { 0.0 },
        wrap_up: if answered { call.wrap_up } else { 0.0 },
        agent,
        counted: call.counted,
        case: CaseInfo {
            end: if answered {
                CaseEnd::Resolved
            } else {
                CaseEnd::Unanswered
            },
            ..CaseInfo::PLAIN
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Arrivals, Sla, TimeSpec};

    /// One agent, 1 s calls arriving at one per second for a minute: calls
    /// queue, and each queued call leaves a patience timer 10,000 s out.
    fn busy_minute() -> Scenario {
        Scenario {
            name: "busy-minute".into(),
            seed: 5,
            time: TimeSpec {
                duration: 60.0,
                interval: 60.0,
                warmup: 0.0,
                start_clock: 0.0,
            },
            arrivals: Arrivals::from_rates(vec![3600.0]),
            handle_time: DistributionSpec::Constant { value: 1.0 },
            patience: Some(DistributionSpec::Constant { value: 10_000.0 }),
            wrap_up: None,
            agents: 1,
            lines: None,
            sla: Sla {
                threshold: 20.0,
                target: 0.8,
            },
            helpdesk: None,
            workforce: None,
            costs: None,
        }
    }

    #[derive(Default)]
    struct LastFinish(f64, u64);

    impl Observer for LastFinish {
        fn call_finished(&mut self, now: Time, _call: &CallRecord) {
            self.0 = self.0.max(now);
            self.1 += 1;
        }
    }

    #[derive(Default)]
    struct Finished(Vec<CallRecord>);

    impl Observer for Finished {
        fn call_finished(&mut self, _now: Time, call: &CallRecord) {
            self.0.push(*call);
        }
    }

    /// One agent, 100 s calls, every caller patient for exactly 180 s, and
    /// calls at 10, 20 and 30 s: the first ends at 110 s, the second (which
    /// waited 90 s) at 210 s, the very instant the third caller's patience
    /// runs out. The third caller's patience timer was set before the
    /// agent's end of call, so insertion order alone would make them hang up.
    fn tie_at_patience() -> Scenario {
        let mut s = busy_minute();
        s.time.duration = 3600.0;
        s.time.interval = 3600.0;
        s.handle_time = DistributionSpec::Constant { value: 100.0 };
        s.patience = Some(DistributionSpec::Constant { value: 180.0 });
        s
    }

    const TIE_ARRIVALS: [Time; 3] = [10.0, 20.0, 30.0];

    #[test]
    fn a_caller_reached_exactly_at_their_patience_is_answered() {
        let scenario = tie_at_patience();
        let mut center = Center::new(&scenario, 0).unwrap();
        center.arrivals = ArrivalProcess::scripted(TIE_ARRIVALS.to_vec());
        let mut finished = Finished::default();
        center.run(&mut finished).unwrap();
        let third = finished.0.iter().find(|c| c.id == 2).unwrap();
        assert_eq!(third.outcome, Outcome::Answered, "{third:?}");
        assert_eq!(third.wait, 180.0);
        assert_eq!(finished.0.len(), 3);
    }

    #[test]
    fn the_run_ends_when_the_last_call_leaves_not_at_stale_timers() {
        let scenario = busy_minute();
        let mut last = LastFinish::default();
        let info = simulate(&scenario, 0, &mut last).unwrap();
        assert!(info.peak_waiting > 0, "the scenario must make calls queue");
        assert_eq!(last.1, info.calls);
        assert_eq!(info.end_time, last.0);
        assert!(info.end_time < 1000.0, "{}", info.end_time);
    }
}
