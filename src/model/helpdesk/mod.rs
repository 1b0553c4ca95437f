//! The help desk: support tiers, escalation, transfers, holds, the call-length
//! limit, customer types and priority classes (DOMAIN.md, seeds 000 and 003).
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
//! The run loop, the draws at arrival and the order of observer events are
//! those of the single-pool engine ([`center`](super::center)), so a help desk
//! with one plain tier reproduces a single-pool run exactly; the integration
//! tests check this byte for byte.
//!
//! Each agent has at most one live timer (the end of its current phase, the
//! call-length limit or a hang-up on hold, whichever comes first); it carries
//! the agent's epoch, so a timer overtaken by events (a warm transfer that
//! completes early) is recognised and skipped, like a stale patience timer.

mod aftercall;
mod agents;
mod load;
mod staff;
mod tickets;
mod tiers;
mod virtual_hold;

pub use load::{expected_tier_flow_at, expected_tier_visits, expected_tier_work};
pub use staff::roster;
mod stepper;
mod visit;

pub use stepper::Stepper;

use super::arrivals::ArrivalProcess;
use super::call::{CallRecord, CaseEnd, CaseInfo, CaseOutcome, Outcome, VisitEnd, VisitEntry};
use super::center::{BuildError, RunInfo};
use super::observer::Observer;
use super::sampler::{HandleScale, Sampler};
use crate::engine::rng::{Stream, StreamSeeds};
use crate::engine::{Agenda, Handle, Slab, Time};
use crate::scenario::limits::max_in_system;
use crate::scenario::{DistributionSpec, Helpdesk, Mix, Scenario};
use agents::{Agent, Lanes};
use rand::RngExt;
use std::collections::VecDeque;
use tiers::TierMap;

/// What the run loop reacts to.
#[derive(Debug, Clone, Copy)]
enum Event {
    /// A queued caller's patience runs out (stale unless the case is still
    /// queued under the same token).
    Abandon(Handle, u32),
    /// The timer of an agent (stale unless the epoch still matches).
    Agent(u32, u32),
    /// A scheduled shift, break or leave event of an agent.
    Staff(u32, staff::StaffEvent),
    /// A meeting starts (`true`) or ends.
    Meeting(u16, bool),
    /// A dormant case's customer calls again (stale unless the stage matches).
    Repeat(Handle, u32),
    /// A case's follow-up call falls due (stale unless the stage matches).
    FollowUpDue(Handle, u32),
    /// A ticket arrives.
    Ticket,
}

/// Where a case's follow-up call stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FollowUpState {
    None,
    /// Scheduled for this time, or queued since.
    Due(Time),
    /// An agent is on it.
    Calling,
}

/// A case from arrival until it is resolved or the caller leaves for good.
#[derive(Debug, Clone, Copy)]
struct Case {
    id: u64,
    arrival: Time,
    counted: bool,
    /// Seconds the caller waits in a queue before hanging up (type applied).
    patience: f64,
    /// Talk and wrap-up of the first visit, drawn at arrival like the
    /// single-pool engine does; later visits draw their own.
    first_talk: f64,
    first_wrap: f64,
    /// Tier the case is routed to now, when it got there, and how.
    tier: u8,
    entered: Time,
    entry: VisitEntry,
    /// Waiting in a lane; `token` tells current queue entries and patience
    /// timers from stale ones.
    queued: bool,
    token: u32,
    /// The caller is on the line (holds a trunk line). False once the case
    /// has become a callback.
    live: bool,
    answered: bool,
    first_wait: f64,
    first_agent: Option<u32>,
    /// Seconds with agents (talk and hold) and of their wrap-up, over the
    /// caller's visits.
    talk_total: f64,
    wrap_total: f64,
    /// When the call-length limit falls (first answer + limit).
    limit_at: Time,
    visits: u8,
    info: CaseInfo,
    /// Bumped when pending repeat and follow-up events stop applying.
    stage: u32,
    /// Between contacts: no call, callback or visit in progress.
    dormant: bool,
    /// A repeat call is scheduled.
    repeat_due: bool,
    followup: FollowUpState,
    /// How the last contact ended: resolved, or the caller left unhelped.
    last_resolved: bool,
    /// So far the first call is resolving it for good (no callback, no
    /// failed fix, no repeat).
    first_resolved: bool,
    /// A repeat call would come after the horizon.
    open_at_horizon: bool,
    /// When a virtual-hold callback was promised by (infinite if none).
    promised_at: Time,
    /// Let go at the hold limit: the talk (research left and the rest of
    /// the conversation) and wrap-up the callback visit does.
    resume: Option<(f64, f64)>,
}

impl Case {
    /// The caller leaves now: flags the call if they were on the line past
    /// the call-length limit, wherever the limit fell (also in a queue after
    /// a transfer, where no agent was there to act on it).
    #[inline]
    fn flag_if_over_limit(&mut self, now: Time) {
        if now > self.limit_at {
            self.info.over_limit = true;
        }
    }

    /// A new call `id` arriving `now` at the entry tier with its first
    /// visit's talk and wrap-up, the caller's patience (type applied) and
    /// facts `info`; `counted` unless it arrived in the warm-up.
    #[allow(clippy::too_many_arguments)]
    fn arriving(
        id: u64,
        now: Time,
        counted: bool,
        patience: f64,
        first_talk: f64,
        first_wrap: f64,
        info: CaseInfo,
    ) -> Self {
        Self {
            id,
            arrival: now,
            counted,
            patience,
            first_talk,
            first_wrap,
            tier: 0,
            entered: now,
            entry: VisitEntry::Arrival,
            queued: false,
            token: 0,
            live: true,
            answered: false,
            first_wait: 0.0,
            first_agent: None,
            talk_total: 0.0,
            wrap_total: 0.0,
            limit_at: f64::INFINITY,
            visits: 0,
            info,
            stage: 0,
            dormant: false,
            repeat_due: false,
            followup: FollowUpState::None,
            last_resolved: false,
            first_resolved: true,
            open_at_horizon: false,
            promised_at: f64::INFINITY,
            resume: None,
        }
    }
}

/// The random streams of a run, one per purpose. The first four are the
/// single-pool engine's; the mixes are drawn at arrival only when they have
/// more than one entry, so adding a rule never shifts the arrivals. What a
/// case draws after its arrival (talk at later tiers, holds, resolution)
/// comes from keyed streams (`case_draws` and [`Draw`]), so it does not
/// depend on the order of other cases' events either.
#[derive(Clone)]
struct Streams {
    arrivals: Stream,
    handle_time: Stream,
    patience: Stream,
    wrap_up: Stream,
    customer: Stream,
    class: Stream,
    complexity: Stream,
    topic: Stream,
    language: Stream,
    /// Base of the keyed streams of cases' later draws.
    case_draws: u64,
}

/// What a case draws after arriving, each keyed by (case id, purpose, visit,
/// hold) so that a case draws the same numbers whatever else happens.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
enum Draw {
    /// Talk and wrap-up of visits after the first.
    LaterTalk = 1,
    LaterWrap = 2,
    /// Whether the agent puts the caller on hold to research, and for how long.
    Hold = 3,
    HoldTime = 4,
    /// How long the caller stays on one hold.
    HoldPatience = 5,
    /// Whether a tier resolves the case.
    Resolution = 6,
    /// Agents' draws (keyed by agent, not case): preparation after a login,
    /// break overruns, leave requests and their lengths.
    Prep = 7,
    Overrun = 8,
    Leave = 9,
    LeaveLength = 10,
    /// Whether the fix a tier gives holds (`[repeat_calls]`).
    FixHolds = 11,
    /// Whether a caller who left unhelped calls again, and when.
    CallsAgain = 12,
    RepeatDelay = 13,
    /// A repeat call's talk, wrap-up and patience (keyed by its own id).
    RepeatTalk = 14,
    RepeatWrap = 15,
    RepeatPatience = 16,
    /// Whether a closed case gets a follow-up, when, and how it goes.
    FollowUpShare = 17,
    FollowUpDelay = 18,
    FollowUpReach = 19,
    FollowUpDetect = 20,
    FollowUpTalk = 21,
    /// Whether a caller offered a virtual-hold callback accepts.
    CallbackAccept = 22,
}

/// Cumulative shares of a mix, for drawing an index with one uniform number.
#[derive(Debug, Clone)]
enum MixTable {
    /// Only one entry has a positive share: nothing to draw.
    Fixed(u8),
    Cumulative(Vec<f64>),
}

impl MixTable {
    fn new(mix: &Mix) -> Self {
        let positive: Vec<usize> = (0..mix.shares.len())
            .filter(|&i| mix.shares[i] > 0.0)
            .collect();
        if let [only] = positive[..] {
            return Self::Fixed(only as u8);
        }
        let mut sum = 0.0;
        Self::Cumulative(
            mix.shares
                .iter()
                .map(|s| {
                    sum += s;
                    sum
                })
                .collect(),
        )
    }

    /// An index drawn by share (entries with share 0 are never drawn).
    #[inline]
    fn draw(&self, rng: &mut Stream) -> u8 {
        match self {
            Self::Fixed(i) => *i,
            Self::Cumulative(cum) => {
                let total = cum[cum.len() - 1];
                let u = rng.random::<f64>() * total;
                let i = cum.iter().position(|&c| u < c).unwrap_or(cum.len() - 1);
                i as u8
            }
        }
    }
}

/// Simulates replication `replication` of a help-desk scenario.
pub(crate) fn simulate<O: Observer>(
    scenario: &Scenario,
    desk: &Helpdesk,
    replication: u64,
    observer: &mut O,
) -> Result<RunInfo, BuildError> {
    let mut model = Desk::new(scenario, desk, replication)?;
    model.run(observer)
}

#[derive(Clone)]
struct Desk<'s> {
    desk: &'s Helpdesk,
    map: TierMap,
    agenda: Agenda<Event>,
    streams: Streams,
    arrivals: ArrivalProcess,
    handle_time: Sampler,
    patience: Option<Sampler>,
    wrap_up: Option<Sampler>,
    /// Per-interval factors on handle times, from a forecast.
    scale: HandleScale,
    hold_time: Option<Sampler>,
    hold_patience: Option<Sampler>,
    customer_mix: MixTable,
    class_mix: MixTable,
    complexity_mix: MixTable,
    topic_mix: MixTable,
    language_mix: MixTable,
    warmup: Time,
    line_capacity: u32,
    lines_in_use: u32,
    cases: Slab<Case>,
    agents: Vec<Agent>,
    /// Idle agents of each tier, longest idle at the front.
    idle: Vec<VecDeque<u32>>,
    lanes: Lanes,
    /// Agents holding a caller for a warm transfer to each tier, with the
    /// epoch at which they started holding.
    warm: Vec<VecDeque<(u32, u32)>>,
    /// Live callers waiting in queues (not on hold, not callbacks).
    waiting: u32,
    busy: u32,
    tier_busy: Vec<u32>,
    /// Live callers waiting for each tier.
    tier_waiting: Vec<u32>,
    /// Agents of each tier on duty (idle or on a call), and on break.
    available: Vec<u32>,
    on_break: Vec<u32>,
    /// Idle agents whose due break a rule holds back, earliest first.
    deferred: Vec<u32>,
    /// Shifts and their rules; `None`: every agent works the whole run.
    staff: Option<staff::Staff<'s>>,
    next_id: u64,
    last_change: Time,
    /// Repeat calls and follow-ups.
    after: aftercall::AfterCall<'s>,
    /// Accepted virtual-hold callbacks queued at the entry tier, and the
    /// entry tier's mean handle time (talk and wrap-up) for the wait
    /// announced to callers.
    vhold_queued: u32,
    entry_handle_mean: f64,
    /// The ticket channel, if any.
    tickets: Option<tickets::TicketDesk<'s>>,
    /// Most cases and tickets in the system at once before the run stops
    /// (limits contract); a stepped run, whose headcount the planner sets,
    /// has none.
    max_in_system: u64,
    /// When and with how many the run outgrew `max_in_system`.
    overflow: Option<(Time, u64)>,
}

/// Where a run stands between two stretches of [`Desk::advance`].
#[derive(Debug, Clone, Copy)]
struct Cursor {
    next_arrival: Time,
    events: u64,
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
        let staff = workforce
            .map(|w| staff::Staff::new(w, scenario.time.duration, seeds.seed("staff")))
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
            arrivals: ArrivalProcess::new(
                &scenario.arrivals.rates_per_hour,
                scenario.time.interval,
                scenario.time.duration,
            ),
            handle_time: sampler(&scenario.handle_time)?,
            patience: scenario.patience.as_ref().map(sampler).transpose()?,
            wrap_up: scenario.wrap_up.as_ref().map(sampler).transpose()?,
            scale: HandleScale::new(scenario),
            hold_time: hold.map(|h| sampler(&h.duration)).transpose()?,
            hold_patience: hold
                .and_then(|h| h.patience.as_ref())
                .map(sampler)
                .transpose()?,
            customer_mix: MixTable::new(&customer_shares),
            class_mix: MixTable::new(&class_shares),
            complexity_mix: MixTable::new(&desk.complexities),
            topic_mix: MixTable::new(&desk.topics),
            language_mix: MixTable::new(&desk.languages),
            warmup: scenario.time.warmup,
            line_capacity: scenario.lines.unwrap_or(u32::MAX),
            lines_in_use: 0,
            cases: Slab::new(),
            agents,
            idle,
            lanes: Lanes::new(n, desk.classes.len()),
            warm: vec![VecDeque::new(); n],
            waiting: 0,
            busy: 0,
            tier_busy: vec![0; n],
            tier_waiting: vec![0; n],
            available,
            on_break: vec![0; n],
            deferred: Vec::new(),
            staff,
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
            vhold_queued: 0,
            entry_handle_mean: desk.tiers[0].diagnosis
                + scenario.handle_time.mean() * desk.tiers[0].handle_factor
                + scenario
                    .wrap_up
                    .as_ref()
                    .map_or(0.0, DistributionSpec::mean),
        })
    }

    fn next_arrival_after(&mut self, now: Time) -> Time {
        self.arrivals
            .next_after(now, &mut self.streams.arrivals)
            .unwrap_or(f64::INFINITY)
    }

    fn run<O: Observer>(&mut self, obs: &mut O) -> Result<RunInfo, BuildError> {
        let mut cursor = self.start();
        self.advance(&mut cursor, f64::INFINITY, obs);
        if let Some((now, n)) = self.overflow {
            return Err(BuildError::unbounded(now, n, self.max_in_system));
        }
        Ok(self.finish(cursor, obs))
    }

    /// Cases and tickets in the system now.
    #[inline]
    fn in_system(&self) -> u64 {
        (self.cases.len() + self.tickets.as_ref().map_or(0, |t| t.waiting())) as u64
    }

    /// Whether the system outgrew its bound; if so, records when. One
    /// comparison, made only where the system grows (arrivals, tickets).
    #[inline]
    fn outgrown(&mut self, now: Time) -> bool {
        let n = self.in_system();
        if n > self.max_in_system {
            self.overflow = Some((now, n));
            return true;
        }
        false
    }

    /// Schedules what the run starts with: logins, tickets, the first arrival.
    fn start(&mut self) -> Cursor {
        self.schedule_staff();
        self.schedule_tickets();
        Cursor {
            next_arrival: self.next_arrival_after(0.0),
            events: 0,
        }
    }

    /// Processes every event before `until` (all of them when `until` is
    /// infinite); returns whether any is left. Paused runs resume exactly
    /// where they stopped, so a run cut in stretches is the same run.
    #[inline]
    fn advance<O: Observer>(&mut self, cursor: &mut Cursor, until: Time, obs: &mut O) -> bool {
        loop {
            if let Some((now, event)) = self.agenda.pop_due_before(cursor.next_arrival, until) {
                cursor.events += 1;
                match event {
                    Event::Abandon(case, token) => self.abandon(now, case, token, obs),
                    Event::Agent(agent, epoch) => {
                        if self.agents[agent as usize].epoch == epoch {
                            self.last_change = now;
                            self.agent_timer(now, agent, obs);
                        }
                    }
                    Event::Staff(agent, e) => self.staff_event(now, agent, e, obs),
                    Event::Meeting(m, start) => self.meeting_event(now, m, start, obs),
                    Event::Repeat(case, stage) => self.repeat_call(now, case, stage, obs),
                    Event::FollowUpDue(case, stage) => self.followup_due(now, case, stage, obs),
                    Event::Ticket => {
                        self.ticket_arrives(now, obs);
                        if self.outgrown(now) {
                            return false;
                        }
                    }
                }
            } else if cursor.next_arrival < until {
                cursor.events += 1;
                let now = cursor.next_arrival;
                self.agenda.advance_to(now);
                cursor.next_arrival = self.next_arrival_after(now);
                self.arrive(now, obs);
                if self.outgrown(now) {
                    return false;
                }
            } else {
                return !self.agenda.is_empty() || cursor.next_arrival.is_finite();
            }
        }
    }

    /// Settles what is left once no event is: follow-ups never made, the
    /// ticket backlog; tells observers the run is over.
    fn finish<O: Observer>(&mut self, cursor: Cursor, obs: &mut O) -> RunInfo {
        let end_time = self.last_change;
        self.flush_followups(end_time, obs);
        self.report_tickets_left(end_time, obs);
        obs.run_finished(end_time);
        RunInfo {
            end_time,
            calls: self.next_id,
            events: cursor.events,
            peak_waiting: self.cases.capacity_used(),
        }
    }

    fn arrive<O: Observer>(&mut self, now: Time, obs: &mut O) {
        self.last_change = now;
        let id = self.next_id;
        self.next_id += 1;
        let s = &mut self.streams;
        let first_talk = self.handle_time.sample(&mut s.handle_time) * self.scale.talk(now);
        let first_wrap = match &self.wrap_up {
            Some(w) => w.sample(&mut s.wrap_up) * self.scale.wrap(now),
            None => 0.0,
        };
        let base_patience = match &self.patience {
            Some(p) => p.sample(&mut s.patience),
            None => f64::INFINITY,
        };
        let customer = self.customer_mix.draw(&mut s.customer);
        let info = CaseInfo {
            customer,
            class: self.class_mix.draw(&mut s.class),
            complexity: self.complexity_mix.draw(&mut s.complexity),
            topic: self.topic_mix.draw(&mut s.topic),
            language: self.language_mix.draw(&mut s.language),
            case_id: id,
            opened: now,
            ..CaseInfo::PLAIN
        };
        let patience = base_patience * self.desk.customers[usize::from(customer)].patience;
        let counted = now >= self.warmup;
        let case = Case::arriving(id, now, counted, patience, first_talk, first_wrap, info);
        obs.call_arrived(now, id);
        if self.lines_in_use >= self.line_capacity {
            obs.call_finished(now, &self.record(&case, Outcome::Blocked, 0.0));
            if self.desk.quality.repeats.is_some() {
                // The customer may try again later.
                let h = self.cases.insert(case);
                self.contact_over(now, h, false, obs);
            } else {
                obs.case_finished(now, &self.case_record(&case, CaseOutcome::Abandoned));
            }
            return;
        }
        self.lines_in_use += 1;
        let handle = self.cases.insert(case);
        self.route_live(now, handle, obs);
    }

    /// A live caller reaches `case.tier`: an idle agent who may take it
    /// answers at once, or the caller queues (or, with no patience at all,
    /// hangs up on the spot).
    fn route_live<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        let c = self.cases[h];
        if let Some(agent) = self.take_idle(now, c.tier, obs) {
            self.start_visit(now, agent, h, obs);
        } else if self.offer_callback(now, h, obs) {
            // The caller hung up and keeps their place in the queue.
        } else if c.patience <= 0.0 {
            self.caller_gives_up(now, h, obs);
        } else {
            let lane = if c.entry == VisitEntry::WarmTimeout {
                Lanes::PRIORITY
            } else {
                Lanes::class(c.info.class)
            };
            let token = self.enqueue(h, lane);
            self.waiting += 1;
            let k = usize::from(c.tier);
            self.tier_waiting[k] += 1;
            obs.queue_changed(now, self.waiting);
            obs.tier_queue_changed(now, k, self.tier_waiting[k]);
            if c.patience.is_finite() {
                // As in the single-pool engine: a caller reached at the very
                // instant their patience runs out is answered.
                self.agenda
                    .schedule_after_ties(now + c.patience, Event::Abandon(h, token));
            }
        }
    }

    /// The case becomes a callback from `case.tier`.
    fn route_callback<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        let tier = self.cases[h].tier;
        if let Some(agent) = self.take_idle(now, tier, obs) {
            self.start_visit(now, agent, h, obs);
        } else {
            self.enqueue(h, Lanes::callback(self.desk.classes.len()));
        }
    }

    fn enqueue(&mut self, h: Handle, lane: usize) -> u32 {
        let c = &mut self.cases[h];
        c.queued = true;
        c.token = c.token.wrapping_add(1);
        let (tier, token) = (c.tier, c.token);
        self.lanes.push(tier, lane, h, token);
        token
    }

    fn abandon<O: Observer>(&mut self, now: Time, h: Handle, token: u32, obs: &mut O) {
        match self.cases.get(h) {
            Some(c) if c.queued && c.token == token => {}
            _ => return, // answered before its patience ran out: a stale timer
        }
        self.last_change = now;
        self.cases[h].queued = false;
        self.waiting -= 1;
        let k = usize::from(self.cases[h].tier);
        self.tier_waiting[k] -= 1;
        obs.queue_changed(now, self.waiting);
        obs.tier_queue_changed(now, k, self.tier_waiting[k]);
        self.caller_gives_up(now, h, obs);
        self.recheck_breaks(now, obs);
        // One caller fewer waiting may let idle agents make follow-ups or
        // take tickets.
        self.dispatch_background(now, obs);
    }

    /// A caller waiting for `case.tier` (or finding nobody and no patience)
    /// hangs up: the end of the case.
    fn caller_gives_up<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        let Some(&c) = self.cases.get(h) else {
            return;
        };
        self.release_line(&c);
        self.report_visit_without_agent(now, &c, VisitEnd::Abandoned, obs);
        let c = &mut self.cases[h];
        c.info.waited += now - c.entered;
        if c.answered {
            c.info.end = CaseEnd::AbandonedAfterTransfer;
            c.flag_if_over_limit(now);
            let c = *c;
            obs.call_finished(now, &self.record(&c, Outcome::Answered, c.first_wait));
        } else {
            c.info.end = CaseEnd::Unanswered;
            let c = *c;
            let wait = now - c.arrival;
            obs.call_finished(now, &self.record(&c, Outcome::Abandoned, wait));
        }
        self.contact_over(now, h, false, obs);
    }

    /// The caller of `c` hangs up: their trunk line is free again (a
    /// virtual-hold callback is outbound and holds none).
    fn release_line(&mut self, c: &Case) {
        if !c.info.virtual_hold {
            self.lines_in_use -= 1;
        }
    }

    /// What observers learn about a caller who leaves.
    fn record(&self, c: &Case, outcome: Outcome, wait: f64) -> CallRecord {
        CallRecord {
            id: c.id,
            arrival: c.arrival,
            outcome,
            wait,
            talk: c.talk_total,
            wrap_up: c.wrap_total,
            agent: c.first_agent,
            counted: c.counted,
            case: c.info,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
