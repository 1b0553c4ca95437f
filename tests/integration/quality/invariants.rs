//! Invariants of runs with repeat calls and follow-ups, checked on every
//! event of random tiered desks (every transfer policy, holds, call limits,
//! callbacks) by an observer that keeps its own books:
//!
//! - every case ends exactly once (resolved, unresolved, abandoned, or open
//!   at the horizon), after all of its calls and follow-ups, and every case
//!   that had a call ends;
//! - a repeat call always follows a call of the same case that did not end
//!   with a fix that held, and a case's calls are numbered 1, 2, ... up to
//!   `max_calls`;
//! - a follow-up never starts while the blending rule forbids it (as many
//!   callers waiting as `max_waiting`), and every follow-up started ends;
//! - the help-desk invariants of `helpdesk::invariants` still hold.

use crate::common::{constant_rate, run_with};
use crate::helpdesk::invariants::{Checker, desks};
use callsim::model::{
    CallRecord, CaseEnd, CaseOutcome, CaseRecord, FollowUpOutcome, FollowUpRecord, Observer,
    TicketRecord,
};
use callsim::scenario::{
    DistributionSpec, ExperienceModel, FollowUps, Quality, RepeatCalls, Scenario, Tickets,
    VirtualHold,
};
use callsim::stats::TicketRecorder;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

/// The last call of a case: its contact number and whether it ended with a
/// fix that held.
#[derive(Debug, Clone, Copy)]
struct LastCall {
    contact: u8,
    fixed: bool,
}

#[derive(Default)]
pub(crate) struct QualityChecker {
    max_calls: u8,
    max_waiting: u32,
    waiting: u32,
    last_call: HashMap<u64, LastCall>,
    finished: HashSet<u64>,
    calling: HashSet<u64>,
    pub repeats: u64,
    pub followups_made: u64,
    pub reopened: u64,
    pub missed: u64,
    ticket_max_waiting: u32,
    tickets: HashMap<u64, u8>,
    pub outcomes: HashMap<&'static str, u64>,
}

impl QualityChecker {
    pub(crate) fn new(s: &Scenario) -> Self {
        let q = &s.helpdesk.as_ref().expect("a help desk").quality;
        Self {
            max_calls: q.repeats.as_ref().map_or(1, |r| r.max_calls),
            max_waiting: q.followups.as_ref().map_or(u32::MAX, |f| f.max_waiting),
            ticket_max_waiting: s
                .helpdesk
                .as_ref()
                .and_then(|d| d.tickets.as_ref())
                .map_or(u32::MAX, |t| t.max_waiting),
            ..Self::default()
        }
    }

    pub(crate) fn verify(&self) {
        let seen: HashSet<u64> = self.last_call.keys().copied().collect();
        assert_eq!(seen, self.finished, "every case with a call ends once");
        assert!(self.calling.is_empty(), "follow-ups never ended");
        assert!(
            self.tickets.values().all(|&state| state != 1),
            "a ticket started and never finished"
        );
    }
}

impl Observer for QualityChecker {
    fn queue_changed(&mut self, _now: f64, waiting: u32) {
        self.waiting = waiting;
    }

    fn call_finished(&mut self, _now: f64, c: &CallRecord) {
        let case = c.case.case_id;
        assert!(
            !self.finished.contains(&case),
            "a call after its case ended"
        );
        assert!(
            c.case.contact >= 1 && c.case.contact <= self.max_calls,
            "{c:?}"
        );
        match self.last_call.get(&case) {
            None => assert_eq!(c.case.contact, 1, "a case starts with its first call"),
            Some(prev) => {
                assert_eq!(c.case.contact, prev.contact + 1, "calls numbered in order");
                assert!(!prev.fixed, "a repeat call after a fix that held: {c:?}");
                self.repeats += 1;
            }
        }
        if c.case.contact == 1 {
            assert_eq!(case, c.id, "a case is named after its first call");
        }
        let fixed = c.case.end == CaseEnd::Resolved && !c.case.unfixed;
        self.last_call.insert(
            case,
            LastCall {
                contact: c.case.contact,
                fixed,
            },
        );
    }

    fn followup_started(&mut self, _now: f64, case_id: u64, _agent: u32) {
        assert!(
            self.waiting < self.max_waiting,
            "a follow-up started with {} callers waiting",
            self.waiting
        );
        assert!(!self.finished.contains(&case_id));
        assert!(self.calling.insert(case_id));
        self.followups_made += 1;
    }

    fn followup_finished(&mut self, _now: f64, f: &FollowUpRecord) {
        assert!(!self.finished.contains(&f.case_id));
        assert_eq!(
            f.outcome.made(),
            self.calling.remove(&f.case_id),
            "made follow-ups, and only those, were started: {f:?}"
        );
        assert_eq!(f.started.is_some(), f.outcome.made());
        if let Some(started) = f.started {
            assert!(started >= f.due);
        }
        match f.outcome {
            FollowUpOutcome::Reopened => self.reopened += 1,
            FollowUpOutcome::Missed => self.missed += 1,
            _ => {}
        }
    }

    fn ticket_arrived(&mut self, _now: f64, id: u64) {
        assert!(self.tickets.insert(id, 0).is_none(), "ticket {id} twice");
    }

    fn ticket_started(&mut self, _now: f64, id: u64, _agent: u32) {
        assert!(
            self.waiting < self.ticket_max_waiting,
            "a ticket started with {} callers waiting",
            self.waiting
        );
        assert_eq!(
            self.tickets.insert(id, 1),
            Some(0),
            "ticket {id} started twice"
        );
    }

    fn ticket_finished(&mut self, _now: f64, t: &TicketRecord) {
        assert!(t.arrival <= t.started && t.started <= t.finished, "{t:?}");
        assert_eq!(self.tickets.insert(t.id, 2), Some(1), "{t:?}");
    }

    fn tickets_left(&mut self, _now: f64, waiting: usize, overdue: usize) {
        assert!(overdue <= waiting);
        let never_started = self.tickets.values().filter(|&&s| s == 0).count();
        assert!(waiting <= never_started, "{waiting} > {never_started}");
    }

    fn case_finished(&mut self, _now: f64, r: &CaseRecord) {
        assert!(
            self.finished.insert(r.case_id),
            "case {} ended twice",
            r.case_id
        );
        let last = self.last_call.get(&r.case_id).expect("a case has a call");
        assert_eq!(r.calls, last.contact);
        if r.first_call_resolved {
            assert!(r.calls == 1 && r.outcome == CaseOutcome::Resolved);
        }
        *self.outcomes.entry(r.outcome.as_str()).or_default() += 1;
    }
}

prop_compose! {
    fn quality()(
        unresolved in prop::collection::vec(0.0..0.6f64, 4),
        after_abandon in 0.0..=1.0f64,
        repeat_delay in 60.0..5400.0f64,
        max_calls in 1u8..5,
        callbacks in prop::option::of((0.0..300.0f64, 0.0..=1.0f64, 1.0..1200.0f64)),
        followups in prop::option::of((
            0.0..=1.0f64, 60.0..5400.0f64, 0.0..=1.0f64, 0.0..=1.0f64,
            (10.0..600.0f64, 1u32..4, 0u32..3, 300.0..7200.0f64),
        )),
    ) -> Quality {
        Quality {
            repeats: Some(RepeatCalls {
                unresolved,
                after_abandon,
                delay: DistributionSpec::Exponential { mean: repeat_delay },
                max_calls,
            }),
            followups: followups.map(|(share, delay, reach, detect, (talk, max_waiting, keep_idle, expires))| FollowUps {
                share,
                delay: DistributionSpec::Constant { value: delay },
                reach,
                detect,
                talk: DistributionSpec::Exponential { mean: talk },
                no_answer: 30.0,
                max_waiting,
                keep_idle,
                expires,
            }),
            callbacks: callbacks.map(|(offer_after, accept, margin)| VirtualHold {
                offer_after,
                accept,
                margin,
            }),
            experience: Some(ExperienceModel::DEFAULT),
        }
    }
}

prop_compose! {
    fn scenarios()(
        (_, agents, desk) in desks(),
        mut quality in quality(),
        rate in 10.0..150.0f64,
        patience in prop::option::of(10.0..600.0f64),
        lines in prop::option::of(1u32..40),
        warmup in prop_oneof![Just(0.0), 0.0..3600.0f64],
        seed in any::<u64>(),
        tickets in prop::option::of((0.0..30.0f64, 60.0..1800.0f64, 1u32..3, 0usize..4)),
    ) -> Scenario {
        let mut s = constant_rate(rate, 240.0, agents[0], 4.0 * 3600.0, 1800.0);
        s.seed = seed;
        s.patience = patience.map(|mean| DistributionSpec::Exponential { mean });
        s.lines = lines;
        s.time.warmup = warmup;
        let mut desk = desk;
        if let Some(r) = &mut quality.repeats {
            r.unresolved.truncate(desk.tiers.len());
        }
        desk.quality = quality;
        desk.tickets = tickets.map(|(rate, work, max_waiting, tier)| Tickets {
            rates_per_hour: vec![rate; s.time.interval_count()],
            work: DistributionSpec::Exponential { mean: work },
            response_sla: 3600.0,
            target: 0.8,
            tier: (tier % desk.tiers.len()) as u8,
            max_waiting,
        });
        s.helpdesk = Some(desk);
        s
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(96))]

    #[test]
    fn quality_runs_keep_every_invariant(s in scenarios()) {
        let mut desk_checker = Checker::new(&s);
        let mut checker = QualityChecker::new(&s);
        let mut tickets = TicketRecorder::new(&s);
        let (_, results) = run_with(&s, 0, (&mut desk_checker, (&mut checker, &mut tickets)));
        desk_checker.verify();
        checker.verify();
        if let Some(t) = tickets.map(|t| t.results()) {
            // The backlog carries over from day to day.
            let mut backlog = 0;
            for d in &t.days {
                prop_assert_eq!(d.backlog_end, backlog + d.arrived - d.responded);
                backlog = d.backlog_end;
            }
            if s.time.warmup == 0.0 {
                prop_assert_eq!(backlog, t.waiting_at_end);
                prop_assert_eq!(t.arrived, t.responded + t.waiting_at_end);
            }
        }
        let sum = &results.summary;
        prop_assert_eq!(sum.calls_arrived, sum.calls_blocked + sum.calls_offered);
        prop_assert_eq!(sum.calls_offered, sum.calls_answered + sum.calls_abandoned);
    }
}

/// A busy desk with every rule on exercises every path the checks above
/// watch (so they are not vacuous): repeat calls after failed fixes and
/// after hanging up, follow-ups held back by the blending rule, reopened
/// cases, and cases open at the horizon.
#[test]
fn a_busy_desk_exercises_repeats_and_followups() {
    let s = super::busy_desk();
    let mut desk_checker = Checker::new(&s);
    let mut checker = QualityChecker::new(&s);
    run_with(&s, 0, (&mut desk_checker, &mut checker));
    desk_checker.verify();
    checker.verify();
    assert!(checker.repeats > 100, "{}", checker.repeats);
    assert!(checker.followups_made > 100, "{}", checker.followups_made);
    assert!(checker.missed > 100, "{}", checker.missed);
    assert!(checker.reopened > 5, "{}", checker.reopened);
    for outcome in ["resolved", "unresolved", "abandoned", "open"] {
        assert!(
            checker.outcomes.get(outcome).copied().unwrap_or(0) > 0,
            "no case ended {outcome}: {:?}",
            checker.outcomes
        );
    }
}
