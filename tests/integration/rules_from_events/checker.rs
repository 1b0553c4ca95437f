//! The rules of a run, checked from its event stream alone: a small state
//! machine per agent and per contact, fed one [`Event`] at a time, that
//! knows the scenario's limits but nothing of the engine's state. Each
//! breach panics with the time and the ids involved.

use callsim::model::{Event, EventKind, Reason, Rule};
use callsim::scenario::{Scenario, WarmTimeout};
use std::collections::HashMap;

/// Slack for comparing times that the engine computed by adding seconds.
const EPS: f64 = 1e-6;

/// The limits of the scenario the checks hold the stream to.
pub struct Limits {
    /// `hold.max`: the longest single hold (research or warm transfer).
    hold_max: f64,
    /// `call_limit.max`, if the call limit is on.
    call_max: Option<f64>,
    /// Warm transfers, and whether a refused one joins the next tier's
    /// queue (marked without consent) rather than becoming a callback.
    warm: bool,
    timeout_to_queue: bool,
    /// `no_break_while_waiting`'s threshold, and `staggered`'s most on break.
    threshold: Option<u32>,
    max_on_break: Option<u32>,
    /// Personal leave's `min_available`, if leave is on.
    min_available: Option<u32>,
    /// The shortest preparation after a login.
    prep_min: f64,
    /// For each tier, the tiers whose waiting callers its agents take.
    serves: Vec<Vec<usize>>,
    /// Tickets' blending threshold, if tickets are on, and the close.
    ticket_max_waiting: Option<u32>,
    close: f64,
    /// Follow-ups' blending threshold, if follow-ups are on.
    followup_max_waiting: Option<u32>,
}

impl Limits {
    /// The limits of `s`, read from the scenario as a user reads the file.
    pub fn of(s: &Scenario) -> Self {
        let d = s.helpdesk.as_ref().expect("a help desk");
        let w = s.workforce.as_ref();
        let superset = |h: &[bool], l: &[bool]| h.iter().zip(l).all(|(&h, &l)| h || !l);
        let serves = (0..d.tiers.len())
            .map(|j| {
                (0..=j)
                    .filter(|&k| {
                        k == j
                            || (d.routing.overflow
                                && (k == 0
                                    || (superset(&d.tiers[j].skills, &d.tiers[k].skills)
                                        && superset(&d.tiers[j].languages, &d.tiers[k].languages))))
                    })
                    .collect()
            })
            .collect();
        Self {
            hold_max: d.hold_limit(),
            call_max: d.call_limit.map(|l| l.max),
            warm: d.transfer.policy == callsim::scenario::TransferPolicy::Warm,
            timeout_to_queue: d.transfer.on_timeout == WarmTimeout::PriorityQueue,
            threshold: w.and_then(|w| w.rules.no_break_while_waiting),
            max_on_break: w.and_then(|w| w.rules.staggered),
            min_available: w.and_then(|w| w.leave.as_ref().map(|l| l.min_available)),
            prep_min: w.map_or(0.0, |w| w.prep.0),
            serves,
            ticket_max_waiting: d.tickets.as_ref().map(|t| t.max_waiting),
            close: s.time.duration,
            followup_max_waiting: d.quality.followups.as_ref().map(|f| f.max_waiting),
        }
    }
}

/// Where an agent is, as its events tell it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Duty {
    Off,
    Prep,
    On,
    Break,
    Leave,
    Meeting,
}

/// What an agent has in hand.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Work {
    Call(u64),
    Ticket(u64),
    /// A follow-up, by its case: the case's contact id moves on if the
    /// customer calls again meanwhile.
    FollowUp(u64),
}

#[derive(Debug, Clone, Copy)]
struct Agent {
    tier: usize,
    duty: Duty,
    work: Option<Work>,
    overtime: bool,
    /// The shift's preparation is over (or there was none to do).
    ready: bool,
    prep_started: f64,
    /// A break or lunch is due, and whether it was forced.
    due: Option<bool>,
}

/// What must follow a warm transfer's move to the next tier, at once.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Then {
    /// The agent who consented takes the caller.
    VisitBy(u32),
    /// Refused, the caller joins the next tier without consent.
    Queue,
    /// The caller is let go with a callback promised.
    Callback,
}

#[derive(Debug, Default, Clone, Copy)]
struct Contact {
    live: bool,
    answered: Option<f64>,
    /// The agent the caller is with, since when.
    with: Option<(u32, f64)>,
    hold_since: Option<f64>,
    flagged: bool,
    asked: bool,
    consent: Option<u32>,
    refused: bool,
    then: Option<(Then, f64)>,
}

/// How often each rule was put to the test, to show a case exercised it.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    pub holds: u64,
    pub hold_limits: u64,
    pub call_limits: u64,
    pub consents: u64,
    pub refusals: u64,
    pub breaks: u64,
    pub breaks_deferred: u64,
    pub breaks_forced_in_queue: u64,
    pub leave_started: u64,
    pub leave_refused: u64,
    pub tickets: u64,
    pub followups: u64,
    pub preps: u64,
    pub visits: u64,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Self) {
        self.holds += o.holds;
        self.hold_limits += o.hold_limits;
        self.call_limits += o.call_limits;
        self.consents += o.consents;
        self.refusals += o.refusals;
        self.breaks += o.breaks;
        self.breaks_deferred += o.breaks_deferred;
        self.breaks_forced_in_queue += o.breaks_forced_in_queue;
        self.leave_started += o.leave_started;
        self.leave_refused += o.leave_refused;
        self.tickets += o.tickets;
        self.followups += o.followups;
        self.preps += o.preps;
        self.visits += o.visits;
    }
}

/// The books kept from the stream.
pub struct Checker {
    limits: Limits,
    agents: HashMap<u32, Agent>,
    contacts: HashMap<u64, Contact>,
    /// Live callers waiting for each tier, from the events' `queue` column.
    waiting: Vec<u32>,
    on_break: Vec<u32>,
    last: f64,
    pub tally: Tally,
}

impl Checker {
    pub fn new(limits: Limits) -> Self {
        let tiers = limits.serves.len();
        Self {
            limits,
            agents: HashMap::new(),
            contacts: HashMap::new(),
            waiting: vec![0; tiers],
            on_break: vec![0; tiers],
            last: f64::NEG_INFINITY,
            tally: Tally::default(),
        }
    }

    /// Checks a whole stream and returns how often each rule was tested.
    pub fn check(limits: Limits, events: &[(f64, Event)]) -> Tally {
        let mut c = Self::new(limits);
        for (t, e) in events {
            c.step(*t, e);
        }
        c.finish();
        c.tally
    }

    fn agent(&mut self, e: &Event, t: f64) -> (u32, &mut Agent) {
        let id = e
            .agent
            .unwrap_or_else(|| panic!("{t}: {e:?} without an agent"));
        let a = self
            .agents
            .get_mut(&id)
            .unwrap_or_else(|| panic!("{t}: {e:?} by agent {id} before its shift"));
        (id, a)
    }

    /// Callers waiting for the tiers an agent of `tier` serves.
    fn waiting_for(&self, tier: usize) -> u32 {
        self.limits.serves[tier]
            .iter()
            .map(|&k| self.waiting[k])
            .sum()
    }

    /// Others of `tier` on duty and able to take a call: not away, not in
    /// overtime.
    fn available_besides(&self, id: u32, tier: usize) -> u32 {
        self.agents
            .iter()
            .filter(|&(&o, a)| o != id && a.tier == tier && a.duty == Duty::On && !a.overtime)
            .count() as u32
    }

    /// `e`'s agent starts `work`: it must be on duty, prepared, and free
    /// (no call is interrupted, no two things at once).
    fn start_work(&mut self, t: f64, e: &Event, work: Work) {
        let (id, a) = self.agent(e, t);
        assert!(
            a.work.is_none(),
            "{t}: agent {id} starts {work:?} while on {:?}",
            a.work
        );
        assert_eq!(
            a.duty,
            Duty::On,
            "{t}: agent {id} starts {work:?} while away"
        );
        assert!(
            a.ready,
            "{t}: agent {id} starts {work:?} before its preparation is over"
        );
        a.work = Some(work);
    }

    /// `e`'s agent leaves the phone for `duty`: never from a call.
    fn go_away(&mut self, t: f64, e: &Event, duty: Duty) -> (u32, usize) {
        let (id, a) = self.agent(e, t);
        assert!(
            a.work.is_none(),
            "{t}: agent {id} interrupted {:?} for {duty:?}",
            a.work
        );
        assert_eq!(
            a.duty,
            Duty::On,
            "{t}: agent {id} to {duty:?} from {:?}",
            a.duty
        );
        assert!(!a.overtime, "{t}: agent {id} in overtime to {duty:?}");
        a.duty = duty;
        (id, a.tier)
    }

    /// The caller of `contact` is no longer with an agent: the call limit,
    /// if it fell while they were together, must have been flagged.
    fn part(&mut self, t: f64, contact: u64) {
        let c = self.contacts.entry(contact).or_default();
        let Some((agent, since)) = c.with.take() else {
            return;
        };
        if let (Some(max), Some(answered)) = (self.limits.call_max, c.answered) {
            let limit = answered + max;
            assert!(
                c.flagged || !(since < limit && limit < t - EPS) || !c.live,
                "{t}: contact {contact} was with agent {agent} from {since} past its call \
                 limit at {limit} and was never flagged"
            );
        }
        let a = self.agents.get_mut(&agent).expect("a known agent");
        assert_eq!(a.work, Some(Work::Call(contact)), "{t}: agent {agent}");
        a.work = None;
    }

    pub fn step(&mut self, t: f64, e: &Event) {
        use EventKind::*;
        assert!(t >= self.last, "{t}: events out of time order");
        self.last = t;
        if let (Some(tier), Some(q)) = (e.tier, e.queue) {
            self.waiting[usize::from(tier)] = q;
        }
        let is_ticket = matches!(e.kind, TicketArrived | TicketStarted | TicketEnded);
        if let Some(id) = e.contact.filter(|_| !is_ticket) {
            self.contact_event(t, e, id);
        }
        match e.kind {
            ShiftStarted => {
                let id = e.agent.expect("an agent");
                let tier = usize::from(e.tier.expect("the agent's tier"));
                let prep = self.limits.prep_min;
                let a = self.agents.entry(id).or_insert(Agent {
                    tier,
                    duty: Duty::Off,
                    work: None,
                    overtime: false,
                    ready: false,
                    prep_started: t,
                    due: None,
                });
                if a.duty == Duty::Off {
                    a.duty = Duty::On;
                    a.ready = prep <= 0.0;
                } else {
                    // Still finishing a call from the shift before: straight on.
                    assert!(a.overtime, "{t}: agent {id} logs in twice");
                }
                a.overtime = false;
            }
            PrepStarted => {
                let (id, tier) = self.go_away(t, e, Duty::Prep);
                let a = self.agents.get_mut(&id).unwrap();
                assert!(!a.ready, "{t}: agent {id} prepares twice ({tier})");
                a.prep_started = t;
            }
            PrepEnded => {
                let prep = self.limits.prep_min;
                let (id, a) = self.agent(e, t);
                assert_eq!(a.duty, Duty::Prep, "{t}: agent {id}");
                assert!(
                    t - a.prep_started >= prep - EPS,
                    "{t}: agent {id} prepared only from {}",
                    a.prep_started
                );
                (a.duty, a.ready) = (Duty::On, true);
                self.tally.preps += 1;
            }
            ShiftEnded => {
                let (id, a) = self.agent(e, t);
                assert!(
                    a.work.is_none(),
                    "{t}: agent {id} logs out during {:?}",
                    a.work
                );
                assert!(
                    matches!(a.duty, Duty::On | Duty::Prep),
                    "{t}: agent {id} logs out from {:?} without ending it",
                    a.duty
                );
                (a.duty, a.overtime, a.due) = (Duty::Off, false, None);
            }
            OvertimeStarted => {
                let (id, a) = self.agent(e, t);
                // On a call or wrapping one up (the stream does not tell
                // a wrap-up without a length from a free agent).
                assert_eq!(a.duty, Duty::On, "{t}: agent {id} in overtime while away");
                a.overtime = true;
            }
            VisitStarted => {
                let contact = e.contact.expect("a contact");
                self.start_work(t, e, Work::Call(contact));
                self.tally.visits += 1;
            }
            TicketStarted => {
                let id = e.contact.expect("the ticket's id");
                self.start_work(t, e, Work::Ticket(id));
                let waiting: u32 = self.waiting.iter().sum();
                let max = self.limits.ticket_max_waiting.expect("tickets on");
                assert!(
                    waiting < max,
                    "{t}: ticket {id} started with {waiting} callers waiting (blending: < {max})"
                );
                assert!(
                    t < self.limits.close,
                    "{t}: ticket {id} started after the close at {}",
                    self.limits.close
                );
                self.tally.tickets += 1;
            }
            TicketEnded => {
                let (id, a) = self.agent(e, t);
                assert_eq!(
                    a.work,
                    Some(Work::Ticket(e.contact.unwrap())),
                    "{t}: agent {id}"
                );
                a.work = None;
            }
            FollowUpMade => {
                self.start_work(t, e, Work::FollowUp(e.case.unwrap()));
                let waiting: u32 = self.waiting.iter().sum();
                let max = self.limits.followup_max_waiting.expect("follow-ups on");
                assert!(
                    waiting < max,
                    "{t}: follow-up {e:?} made with {waiting} callers waiting (blending: < {max})"
                );
                self.tally.followups += 1;
            }
            FollowUpEnded => {
                let (id, a) = self.agent(e, t);
                assert_eq!(
                    a.work,
                    Some(Work::FollowUp(e.case.unwrap())),
                    "{t}: agent {id}"
                );
                a.work = None;
            }
            WrapUpEnded => {
                let (id, a) = self.agent(e, t);
                assert!(
                    a.work.is_none(),
                    "{t}: agent {id} wraps up during {:?}",
                    a.work
                );
            }
            BreakDue => {
                let (id, a) = self.agent(e, t);
                assert!(a.due.is_none(), "{t}: agent {id} has two breaks due");
                a.due = Some(false);
            }
            BreakForced => {
                let (id, a) = self.agent(e, t);
                assert!(a.due.is_some(), "{t}: agent {id}: no break due to force");
                a.due = Some(true);
            }
            BreakMissed => {
                self.agent(e, t).1.due = None;
            }
            BreakDeferred => self.break_deferred(t, e),
            BreakTaken => self.break_taken(t, e),
            BreakEnded => {
                let (id, a) = self.agent(e, t);
                assert_eq!(a.duty, Duty::Break, "{t}: agent {id}");
                a.duty = Duty::On;
                let tier = a.tier;
                self.on_break[tier] -= 1;
            }
            LeaveStarted | LeaveRefused => self.leave_decided(t, e),
            LeaveEnded => {
                let (id, a) = self.agent(e, t);
                assert_eq!(a.duty, Duty::Leave, "{t}: agent {id}");
                a.duty = Duty::On;
            }
            MeetingStarted => {
                self.go_away(t, e, Duty::Meeting);
            }
            MeetingEnded => {
                let (id, a) = self.agent(e, t);
                assert_eq!(a.duty, Duty::Meeting, "{t}: agent {id}");
                a.duty = Duty::On;
            }
            _ => {}
        }
    }

    fn break_deferred(&mut self, t: f64, e: &Event) {
        let (id, a) = self.agent(e, t);
        assert!(a.due.is_some(), "{t}: agent {id}: no break due to defer");
        let tier = a.tier;
        let forced = a.due == Some(true);
        self.tally.breaks_deferred += 1;
        match e.decision.map(|d| (d.rule, d.reason)) {
            Some((Rule::NoBreakWhileWaiting, Reason::Waiting { waiting, threshold })) => {
                assert!(
                    !forced,
                    "{t}: agent {id}: a forced break held back by the waiting rule"
                );
                assert_eq!(Some(threshold), self.limits.threshold, "{t}");
                assert!(waiting >= threshold, "{t}: agent {id}: {e:?}");
                assert_eq!(
                    waiting,
                    self.waiting_for(tier),
                    "{t}: agent {id}: the waiting the rule saw is not the stream's"
                );
            }
            Some((Rule::Staggered, Reason::OnBreak { on_break, max })) => {
                assert_eq!(Some(max), self.limits.max_on_break, "{t}");
                assert!(on_break >= max, "{t}: agent {id}: {e:?}");
                assert_eq!(on_break, self.on_break[tier], "{t}: agent {id}");
            }
            other => panic!("{t}: agent {id}: a break deferred by {other:?}"),
        }
    }

    fn break_taken(&mut self, t: f64, e: &Event) {
        let (id, tier) = self.go_away(t, e, Duty::Break);
        let a = self.agents.get_mut(&id).unwrap();
        let forced = a
            .due
            .take()
            .unwrap_or_else(|| panic!("{t}: agent {id}: no break due"));
        let waiting = self.waiting_for(tier);
        if let Some(n) = self.limits.threshold
            && waiting >= n
        {
            assert!(
                forced,
                "{t}: agent {id} went on break with {waiting} callers waiting \
                 (threshold {n}) and the break not forced"
            );
            self.tally.breaks_forced_in_queue += 1;
        }
        self.on_break[tier] += 1;
        if let Some(k) = self.limits.max_on_break {
            assert!(
                self.on_break[tier] <= k,
                "{t}: agent {id}: {} of tier {tier} on break, at most {k}",
                self.on_break[tier]
            );
        }
        self.tally.breaks += 1;
    }

    fn leave_decided(&mut self, t: f64, e: &Event) {
        let (id, a) = self.agent(e, t);
        let tier = a.tier;
        let others = self.available_besides(id, tier);
        let min = self.limits.min_available.expect("leave on");
        let Some((Rule::MinAvailable, Reason::Available { available, min: m })) =
            e.decision.map(|d| (d.rule, d.reason))
        else {
            panic!("{t}: agent {id}: leave decided without its rule: {e:?}");
        };
        assert_eq!(m, min, "{t}");
        assert_eq!(
            available, others,
            "{t}: agent {id}: the others available the rule saw are not the stream's"
        );
        if e.kind == EventKind::LeaveStarted {
            assert!(
                others >= min,
                "{t}: agent {id} went on leave with {others} others available (min {min})"
            );
            self.go_away(t, e, Duty::Leave);
            self.tally.leave_started += 1;
        } else {
            assert!(
                others < min,
                "{t}: agent {id} refused leave with {others} others available (min {min})"
            );
            self.tally.leave_refused += 1;
        }
    }

    /// A call event: holds, the call limit and warm transfers.
    fn contact_event(&mut self, t: f64, e: &Event, id: u64) {
        use EventKind::*;
        let limits = (self.limits.hold_max, self.limits.call_max, self.limits.warm);
        let c = self.contacts.entry(id).or_default();
        if let Some((then, at)) = c.then.take().filter(|_| e.kind != CallLimit) {
            let (ok, what) = match then {
                Then::VisitBy(agent) => (
                    e.kind == VisitStarted && e.agent == Some(agent),
                    "taken by the agent who consented",
                ),
                Then::Queue => (
                    matches!(e.kind, Queued | VisitStarted | Abandoned | CallbackOffered),
                    "refused, routed at the next tier without consent",
                ),
                Then::Callback => (
                    matches!(e.kind, Ended | CallbackPromised),
                    "neither consented nor refused into the queue, let go with a callback",
                ),
            };
            assert!(
                ok && t == at,
                "{t}: contact {id} moved up by a warm transfer at {at} was not {what} \
                 ({then:?}): {e:?}"
            );
            if then == Then::Callback && e.kind == Ended {
                c.then = Some((then, at));
            }
        }
        // The caller parts from the agent before the event's own effect
        // (an end that makes the call no longer live).
        if matches!(
            e.kind,
            Resolved | Transferred | HungUpOnHold | TransferRefused | Ended | CallbackPromised
        ) {
            self.part(t, id);
        }
        let c = self.contacts.get_mut(&id).expect("a contact");
        match e.kind {
            Arrived => {
                *c = Contact {
                    live: true,
                    ..Contact::default()
                };
            }
            Answered => {
                assert!(c.answered.is_none(), "{t}: contact {id} answered twice");
                c.answered = Some(t);
            }
            VisitStarted => {
                let agent = e.agent.expect("an agent");
                assert!(c.with.is_none(), "{t}: contact {id} with two agents");
                c.with = Some((agent, t));
            }
            HoldStarted => {
                assert!(c.hold_since.is_none(), "{t}: contact {id} held twice");
                c.hold_since = Some(t);
                self.tally.holds += 1;
            }
            HoldEnded => {
                let since = c.hold_since.take().expect("a hold under way");
                assert!(
                    t - since <= limits.0 + EPS,
                    "{t}: contact {id} held {} s, limit {}",
                    t - since,
                    limits.0
                );
            }
            HoldLimit => {
                match e.decision.map(|d| (d.rule, d.reason)) {
                    Some((Rule::HoldLimit, Reason::Seconds { seconds, max })) => {
                        assert!(seconds <= max + EPS && max == limits.0, "{t}: {e:?}");
                    }
                    other => panic!("{t}: hold limit decided by {other:?}"),
                }
                self.tally.hold_limits += 1;
            }
            CallLimit => {
                let max = limits.1.expect("a call limit");
                let answered = c.answered.expect("an answered call");
                assert!(!c.flagged, "{t}: contact {id} flagged twice");
                let limit = answered + max;
                match c.with {
                    // The limit fell with an agent: flagged on the spot.
                    Some(_) => assert!(
                        (t - limit).abs() <= EPS,
                        "{t}: contact {id} flagged with an agent off its limit at {limit}"
                    ),
                    // Passed between agents: flagged when next seen.
                    None => assert!(
                        t >= limit - EPS,
                        "{t}: contact {id} flagged before its limit at {limit}"
                    ),
                }
                c.flagged = true;
                self.tally.call_limits += 1;
            }
            TransferAsked => {
                assert!(limits.2 && c.live, "{t}: contact {id}: {e:?}");
                (c.asked, c.consent, c.refused) = (true, None, false);
            }
            TransferConsented => {
                assert!(c.asked && c.consent.is_none(), "{t}: contact {id}: {e:?}");
                c.consent = e.agent;
                self.tally.consents += 1;
            }
            TransferRefused => {
                assert!(c.asked && c.consent.is_none(), "{t}: contact {id}: {e:?}");
                match e.decision.map(|d| (d.rule, d.reason)) {
                    Some((Rule::WarmTransfer, Reason::Seconds { seconds, max })) => {
                        assert!(seconds <= max + EPS && max == limits.0, "{t}: {e:?}");
                    }
                    other => panic!("{t}: transfer refused by {other:?}"),
                }
                c.refused = true;
                self.tally.refusals += 1;
            }
            Transferred if c.live && limits.2 => {
                assert!(
                    c.asked,
                    "{t}: contact {id} moved up without a warm transfer being asked"
                );
                let then = match (c.consent, c.refused) {
                    (Some(agent), _) => Then::VisitBy(agent),
                    (None, true) if self.limits.timeout_to_queue => Then::Queue,
                    _ => Then::Callback,
                };
                c.then = Some((then, t));
                (c.asked, c.consent, c.refused) = (false, None, false);
            }
            Ended | Abandoned | Blocked => {
                if let (Some(max), Some(answered), true) = (limits.1, c.answered, c.live) {
                    assert!(
                        c.flagged || t <= answered + max + EPS,
                        "{t}: contact {id} answered at {answered} left past its call limit \
                         ({max} s) unflagged"
                    );
                }
                c.live = false;
            }
            _ => {}
        }
    }

    /// At the end: nothing in hand, nobody away or on hold.
    fn finish(&self) {
        for (id, a) in &self.agents {
            assert_eq!(a.duty, Duty::Off, "agent {id} still on at the end");
            assert!(a.work.is_none(), "agent {id} still working at the end");
        }
        for (id, c) in &self.contacts {
            assert!(
                c.hold_since.is_none(),
                "contact {id} still on hold at the end"
            );
            assert!(c.then.is_none(), "contact {id}: {:?} never came", c.then);
        }
    }
}
