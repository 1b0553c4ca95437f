//! The help desk: support tiers, escalation, transfers, holds, the call-length
//! limit, customer types and priority classes, with shifts and their rules,
//! repeat calls and follow-ups, virtual hold and tickets.
//!
//! Every call enters at the entry tier (`tiers[0]`), the single point of
//! contact. An agent talks with the caller (diagnosis, then the talk time
//! scaled by the tier's factor and the customer type), may put them on hold
//! to research (never longer than the hold limit at a time), and at the end
//! either resolves the problem or escalates it to the next tier that has the
//! call's skill and language, by the transfer policy: warm (with consent, to
//! a free agent, the caller holding meanwhile), cold (into the queue) or as a
//! callback. Queues are per tier and served by class priority, FCFS within a
//! class.
//!
//! One file per thing a person names, each with its state and its rules:
//!
//! - the calls: [`case`], [`visit`] (an agent working on a case: talk, the
//!   call-length limit, resolution), [`hold`], [`transfer`], [`queue`],
//!   [`agent`];
//! - after the call: [`aftercall`] (repeat calls and follow-ups),
//!   [`virtual_hold`], [`tickets`];
//! - the workforce: [`duty`] (what every agent's status shares),
//!   [`shifts`], [`breaks`], [`meetings`], [`leave`];
//! - the machinery: [`run`] (the run loop and arrivals), [`draws`] (the
//!   random streams), [`tiers`] (routing tables), [`load`] (the expected
//!   load per tier), [`stepper`] (a run taken a stretch at a time).
//!
//! The run loop, the draws at arrival and the order of observer events are
//! those of the single-pool engine ([`center`](super::center)), so a help desk
//! with one plain tier reproduces a single-pool run exactly; the integration
//! tests check this byte for byte.

mod aftercall;
mod agent;
mod breaks;
mod case;
mod draws;
mod duty;
mod events;
mod hold;
mod leave;
mod load;
mod meetings;
mod queue;
mod run;
mod shifts;
mod stepper;
mod tickets;
mod tiers;
mod transfer;
mod virtual_hold;
mod visit;

pub use load::{expected_tier_flow_at, expected_tier_visits, expected_tier_work};
pub(crate) use run::simulate;
pub use shifts::roster;
pub use stepper::Stepper;

use super::arrivals::ArrivalProcess;
use super::center::BuildError;
use super::sampler::{HandleScale, Sampler};
use crate::engine::IntervalCursor;
use crate::engine::rng::StreamSeeds;
use crate::engine::{Agenda, Handle, Slab, Time};
use crate::scenario::limits::max_in_system;
use crate::scenario::{DistributionSpec, Helpdesk, Mix, Scenario};
use agent::Agent;
use case::Case;
use draws::{MixTable, Mixes, Streams};
use queue::Queue;
use run::Lines;
use std::collections::VecDeque;
use tiers::TierMap;
use virtual_hold::VirtualHold;

/// What the run loop reacts to.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A queued caller's patience runs out (stale unless the case is still
    /// queued under the same token).
    Abandon(Handle, u32),
    /// The timer of an agent (stale unless the epoch still matches).
    Agent(u32, u32),
    /// A scheduled shift, break or leave event of an agent.
    Duty(u32, duty::DutyEvent),
    /// A meeting starts (`true`) or ends.
    Meeting(u16, bool),
    /// A dormant case's customer calls again (stale unless the stage matches).
    Repeat(Handle, u32),
    /// A case's follow-up call falls due (stale unless the stage matches).
    FollowUpDue(Handle, u32),
    /// A ticket arrives.
    Ticket,
}

#[derive(Clone)]
struct Desk<'s> {
    desk: &'s Helpdesk,
    map: TierMap,
    agenda: Agenda<Event>,
    streams: Streams,
    arrivals: ArrivalProcess,
    /// The arrivals' interval, followed without a division per call.
    arrival_interval: IntervalCursor,
    handle_time: Sampler,
    patience: Option<Sampler>,
    wrap_up: Option<Sampler>,
    /// Per-interval factors on handle times, from a forecast.
    scale: HandleScale,
    hold_time: Option<Sampler>,
    hold_patience: Option<Sampler>,
    mixes: Mixes,
    warmup: Time,
    lines: Lines,
    cases: Slab<Case>,
    agents: Vec<Agent>,
    /// Idle agents of each tier, longest idle at the front.
    idle: Vec<VecDeque<u32>>,
    /// Each tier's lanes and warm-transfer holders, and who waits.
    queue: Queue,
    /// Agents busy with work, in all and by tier.
    busy: u32,
    tier_busy: Vec<u32>,
    /// Agents of each tier on duty (idle or on a call).
    available: Vec<u32>,
    /// Shifts and their rules; `None`: every agent works the whole run.
    workforce: Option<duty::WorkforceState<'s>>,
    next_id: u64,
    last_change: Time,
    /// Repeat calls and follow-ups.
    after: aftercall::AfterCall<'s>,
    /// Accepted virtual-hold callbacks queued at the entry tier, and the
    /// entry tier's mean handle time (talk and wrap-up) for the wait
    /// announced to callers.
    vhold: VirtualHold,
    /// The ticket channel, if any.
    tickets: Option<tickets::TicketDesk<'s>>,
    /// Most cases and tickets in the system at once before the run stops
    /// (limits contract); a stepped run, whose headcount the planner sets,
    /// has none.
    max_in_system: u64,
    /// When and with how many the run outgrew `max_in_system`.
    overflow: Option<(Time, u64)>,
}

fn sampler(spec: &DistributionSpec) -> Result<Sampler, BuildError> {
    Sampler::new(spec).map_err(BuildError::new)
}

impl<'s> Desk<'s> {
    fn new(
        scenario: &'s Scenario,
        desk: &'s Helpdesk,
        replication: u64,
    ) -> Result<Self, BuildError> {
        let seeds = StreamSeeds::new(scenario.seed, replication);
        if desk.tiers.is_empty() || desk.tiers.iter().any(|t| t.agents == 0) {
            return Err(BuildError::new("every tier needs at least one agent"));
        }
        if desk.classes.is_empty() {
            return Err(BuildError::new("a help desk needs at least one class"));
        }
        let expected = scenario.time.interval_count();
        if scenario.arrivals.rates_per_hour.len() != expected {
            return Err(BuildError::new(format!(
                "the arrival profile has {} intervals, the horizon {expected}",
                scenario.arrivals.rates_per_hour.len()
            )));
        }
        let n = desk.tiers.len();
        let workforce = scenario.workforce.as_ref();
        let per_tier: Vec<u32> = desk.tiers.iter().map(|t| t.agents).collect();
        if let Some(w) = workforce
            && w.group_agents.iter().any(|g| g.len() != n)
        {
            return Err(BuildError::new("every shift needs an agent count per tier"));
        }
        let agents: Vec<Agent> = roster(n, &per_tier, workforce)
            .into_iter()
            .map(|(tier, group)| Agent::new(tier, group, workforce.is_some()))
            .collect();
        let mut idle = vec![VecDeque::new(); n];
        let mut available = vec![0; n];
        if workforce.is_none() {
            for (i, a) in agents.iter().enumerate() {
                idle[usize::from(a.tier)].push_back(i as u32);
                available[usize::from(a.tier)] += 1;
            }
        }
        let state = workforce
            .map(|w| duty::WorkforceState::new(w, scenario.time.duration, seeds.seed("staff"), n))
            .transpose()
            .map_err(BuildError::new)?;
        let agent_count = agents.len();
        let customer_shares = Mix {
            names: Vec::new(),
            shares: desk.customers.iter().map(|c| c.share).collect(),
        };
        let class_shares = Mix {
            names: Vec::new(),
            shares: desk.classes.iter().map(|c| c.share).collect(),
        };
        let hold = desk.hold.as_ref();
        let arrivals = ArrivalProcess::new(
            &scenario.arrivals.rates_per_hour,
            scenario.time.interval,
            scenario.time.duration,
        );
        let arrival_interval = arrivals.cursor();
        Ok(Self {
            desk,
            map: TierMap::new(desk),
            agenda: Agenda::with_capacity(2 * agent_count + 16),
            streams: Streams {
                arrivals: seeds.stream("arrivals"),
                handle_time: seeds.stream("handle_time"),
                patience: seeds.stream("patience"),
                wrap_up: seeds.stream("wrap_up"),
                customer: seeds.stream("customer_type"),
                class: seeds.stream("priority_class"),
                complexity: seeds.stream("complexity"),
                topic: seeds.stream("topic"),
                language: seeds.stream("language"),
                case_draws: seeds.seed("case_draws"),
            },
            arrivals,
            arrival_interval,
            handle_time: sampler(&scenario.handle_time)?,
            patience: scenario.patience.as_ref().map(sampler).transpose()?,
            wrap_up: scenario.wrap_up.as_ref().map(sampler).transpose()?,
            scale: HandleScale::new(scenario),
            hold_time: hold.map(|h| sampler(&h.duration)).transpose()?,
            hold_patience: hold
                .and_then(|h| h.patience.as_ref())
                .map(sampler)
                .transpose()?,
            mixes: Mixes {
                customer: MixTable::new(&customer_shares),
                class: MixTable::new(&class_shares),
                complexity: MixTable::new(&desk.complexities),
                topic: MixTable::new(&desk.topics),
                language: MixTable::new(&desk.languages),
            },
            warmup: scenario.time.warmup,
            lines: Lines::new(scenario.lines.unwrap_or(u32::MAX)),
            cases: Slab::new(),
            agents,
            idle,
            queue: Queue::new(n, desk.classes.len()),
            busy: 0,
            tier_busy: vec![0; n],
            available,
            workforce: state,
            next_id: 0,
            last_change: 0.0,
            after: aftercall::AfterCall::new(
                desk.quality.repeats.as_ref(),
                desk.quality.followups.as_ref(),
                scenario.time.duration,
            )
            .map_err(BuildError::new)?,
            tickets: desk
                .tickets
                .as_ref()
                .map(|t| tickets::TicketDesk::new(t, &scenario.time, &seeds))
                .transpose()
                .map_err(BuildError::new)?,
            max_in_system: max_in_system(
                u64::from(scenario.agents),
                scenario.lines.map_or(0, u64::from),
            ),
            overflow: None,
            vhold: VirtualHold::new(scenario, desk),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::call::{CallRecord, CaseEnd, Outcome};
    use crate::model::observer::Observer;
    use crate::scenario::{Arrivals, Sla, TimeSpec, TransferPolicy};

    #[derive(Default)]
    struct Finished(Vec<CallRecord>);

    impl Observer for Finished {
        fn call_finished(&mut self, _now: Time, call: &CallRecord) {
            self.0.push(*call);
        }
    }

    /// Calls at 10, 20 and 30 s, 100 s of talk, every caller patient for
    /// exactly 180 s (the single-pool engine's tie test, on this engine).
    fn scenario() -> Scenario {
        Scenario {
            name: "tie".into(),
            seed: 5,
            time: TimeSpec {
                duration: 3600.0,
                interval: 3600.0,
                warmup: 0.0,
                start_clock: 0.0,
            },
            arrivals: Arrivals::from_rates(vec![60.0]),
            handle_time: DistributionSpec::Constant { value: 100.0 },
            patience: Some(DistributionSpec::Constant { value: 180.0 }),
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

    /// Three tier-1 agents who resolve nothing, and one tier-2 agent.
    fn passed_up(s: &Scenario) -> Helpdesk {
        let mut desk = Helpdesk::single_pool(3, s.sla);
        let mut top = desk.tiers[0].clone();
        top.level = 2;
        top.agents = 1;
        desk.tiers[0].resolve = vec![0.0];
        desk.tiers.push(top);
        desk
    }

    fn run(scenario: &Scenario, desk: &Helpdesk) -> Vec<CallRecord> {
        run_at(scenario, desk, &[10.0, 20.0, 30.0])
    }

    fn run_at(scenario: &Scenario, desk: &Helpdesk, arrivals: &[Time]) -> Vec<CallRecord> {
        let mut model = Desk::new(scenario, desk, 0).unwrap();
        model.arrivals = ArrivalProcess::scripted(arrivals.to_vec());
        let mut finished = Finished::default();
        model.run(&mut finished).unwrap();
        assert_eq!(finished.0.len(), arrivals.len());
        finished.0
    }

    /// One agent: the first call ends at 110 s, the second (waiting 90 s)
    /// at 210 s, the instant the third caller's patience runs out; their
    /// patience timer was set before the agent's end of call.
    #[test]
    fn a_caller_reached_exactly_at_their_patience_is_answered() {
        let s = scenario();
        let desk = Helpdesk::single_pool(1, s.sla);
        let calls = run(&s, &desk);
        let third = calls.iter().find(|c| c.id == 2).unwrap();
        assert_eq!(third.outcome, Outcome::Answered, "{third:?}");
        assert_eq!(third.wait, 180.0);
    }

    /// The same tie in a higher tier's queue: three tier-1 agents pass every
    /// call on blind after 100 s to one tier-2 agent (100 s per call). The
    /// calls reach tier 2 at 110, 120 and 130 s; the second ends there at
    /// 310 s, the instant the third caller's patience (from 130 s) runs out.
    #[test]
    fn a_caller_reached_exactly_at_their_patience_after_a_transfer_is_answered() {
        let s = scenario();
        let mut desk = passed_up(&s);
        desk.transfer.policy = TransferPolicy::Cold;
        let calls = run(&s, &desk);
        let third = calls.iter().find(|c| c.id == 2).unwrap();
        assert_eq!(third.case.end, CaseEnd::Resolved, "{third:?}");
        assert_eq!(third.case.waited, 180.0);
        assert_eq!(third.case.path.len(), 2);
    }

    /// The same rule on hold: three tier-1 agents escalate every call after
    /// 100 s, warm, to one tier-2 agent (100 s per call); callers stay
    /// 190 s on a hold. Calls at 10, 15 and 20 s reach tier 2 at 110, 115
    /// and 120 s: the first is taken at once (until 210 s), the second at
    /// 210 s (until 310 s), the instant the third caller, holding since
    /// 120 s, would hang up. Their hang-up timer was set first.
    #[test]
    fn a_caller_on_hold_reached_exactly_at_their_hold_patience_is_transferred() {
        let s = scenario();
        let mut desk = passed_up(&s);
        desk.hold = Some(crate::scenario::Hold {
            probability: 0.0,
            duration: DistributionSpec::Constant { value: 60.0 },
            max: 600.0,
            patience: Some(DistributionSpec::Constant { value: 190.0 }),
            at_limit: crate::scenario::HoldLimitAction::Callback,
            check_in: 30.0,
        });
        let calls = run_at(&s, &desk, &[10.0, 15.0, 20.0]);
        let third = calls.iter().find(|c| c.id == 2).unwrap();
        assert_eq!(third.case.end, CaseEnd::Resolved, "{third:?}");
        assert_eq!(third.case.hold_seconds, 190.0);
        assert_eq!(third.case.path.len(), 2);
    }
}
