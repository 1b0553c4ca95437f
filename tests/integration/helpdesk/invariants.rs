//! Invariants of help-desk runs, checked on every event of randomly generated
//! tiered scenarios by an observer that keeps its own books.
//!
//! - every call ends exactly once: blocked, abandoned, or answered and then
//!   resolved, hung up on hold, abandoned after a transfer, or let go with a
//!   callback promised — and every promised callback is made and the case
//!   resolved before the run ends (none vanishes);
//! - no single hold exceeds the hold limit, a hold reported as a hold-limit
//!   event lasted the whole limit (and one that lasted it is such an event,
//!   unless a warm transfer completed at that very instant), and a visit's
//!   hold time fits its holds;
//! - with warm transfers, no call is passed blind into a queue: it reaches
//!   the next tier only by a consented transfer to a free agent, or, after a
//!   warm hold that hit the limit, through the priority lane;
//! - per tier, every visit is answered or abandoned, busy agents never exceed
//!   the tier, and the tiers' busy agents add up to the total;
//! - a caller still on the line past the call-length limit (counted from
//!   the first answer, wherever they were) is flagged over the limit;
//! - waits, handle times and holds are never negative; trunk lines are never
//!   oversubscribed.

use super::equivalence::plain_desk;
use crate::common::{constant_rate, run_with};
use callsim::model::{CallRecord, CaseEnd, Observer, Outcome, VisitEnd, VisitEntry, VisitRecord};
use callsim::scenario::{
    AgentChoice, CallLimit, DistributionSpec, Helpdesk, Hold, HoldLimitAction, LimitAction, Mix,
    PriorityClass, Scenario, TransferPolicy, WarmTimeout,
};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

const EPS: f64 = 1e-6;

pub(crate) struct Checker {
    hold_max: f64,
    /// The call-length limit, if any.
    call_limit: Option<f64>,
    warm: bool,
    lines: u32,
    tier_agents: Vec<u32>,
    tier_busy: Vec<u32>,
    busy: u32,
    in_system: u32,
    /// Callers holding a trunk line: in the system, less those who took a
    /// virtual-hold callback (called back on an outbound line).
    on_lines: u32,
    virtual_hold: HashSet<u64>,
    arrived: HashSet<u64>,
    finished: HashSet<u64>,
    callbacks_owed: HashSet<u64>,
    /// Calls closed with a fix that did not hold, and cases closed by a
    /// callback: a follow-up may reopen them as a callback (`[followups]`).
    reopenable: HashSet<u64>,
    /// The last visit of each call: (hold-limit events, end).
    last_visit: HashMap<u64, (u16, VisitEnd)>,
    visits: u64,
    holds: u64,
}

impl Checker {
    pub(crate) fn new(s: &Scenario) -> Self {
        let desk = s.helpdesk.as_ref().expect("a help-desk scenario");
        Self {
            hold_max: desk.hold.as_ref().map_or(180.0, |h| h.max),
            call_limit: desk.call_limit.map(|l| l.max),
            warm: desk.transfer.policy == TransferPolicy::Warm,
            lines: s.lines.unwrap_or(u32::MAX),
            tier_agents: desk.tiers.iter().map(|t| t.agents).collect(),
            tier_busy: vec![0; desk.tiers.len()],
            busy: 0,
            in_system: 0,
            on_lines: 0,
            virtual_hold: HashSet::new(),
            arrived: HashSet::new(),
            finished: HashSet::new(),
            callbacks_owed: HashSet::new(),
            reopenable: HashSet::new(),
            last_visit: HashMap::new(),
            visits: 0,
            holds: 0,
        }
    }

    pub(crate) fn verify(&self) {
        assert_eq!(self.arrived, self.finished, "every call ends exactly once");
        assert!(
            self.callbacks_owed.is_empty(),
            "promised callbacks never made: {:?}",
            self.callbacks_owed
        );
        assert_eq!(self.busy, 0);
        assert!(self.tier_busy.iter().all(|&b| b == 0));
        assert_eq!(self.in_system, 0);
    }
}

impl Observer for Checker {
    fn call_arrived(&mut self, _now: f64, id: u64) {
        assert!(self.arrived.insert(id));
        self.in_system += 1;
        self.on_lines += 1;
    }

    fn call_finished(&mut self, now: f64, c: &CallRecord) {
        assert!(self.finished.insert(c.id), "call {} finished twice", c.id);
        // On the line past the call-length limit (from the first answer,
        // wherever the caller was): flagged (issue 13, R1).
        if let Some(limit) = self.call_limit
            && c.outcome == Outcome::Answered
            && now - c.arrival - c.wait > limit + EPS
        {
            assert!(c.case.over_limit, "{now}: {c:?}");
        }
        assert!(c.wait >= 0.0 && c.talk >= -EPS && c.case.hold_seconds >= -EPS);
        self.in_system -= 1;
        assert_eq!(c.case.virtual_hold, self.virtual_hold.contains(&c.id));
        if !c.case.virtual_hold {
            self.on_lines -= 1;
        }
        match (c.outcome, c.case.end) {
            (Outcome::Blocked | Outcome::Abandoned, CaseEnd::Unanswered) => {
                assert!(c.case.path.is_empty());
            }
            (Outcome::Answered, CaseEnd::CallbackPromised) => {
                assert!(self.callbacks_owed.insert(c.id));
            }
            (
                Outcome::Answered,
                CaseEnd::Resolved | CaseEnd::HungUpOnHold | CaseEnd::AbandonedAfterTransfer,
            ) => {
                assert!(!c.case.path.is_empty());
                if c.case.unfixed {
                    assert_eq!(c.case.end, CaseEnd::Resolved, "only fixes can fail");
                    self.reopenable.insert(c.id);
                }
            }
            other => panic!("call {} ended as {other:?}", c.id),
        }
        if self.warm {
            assert!(c.case.end != CaseEnd::AbandonedAfterTransfer || c.case.hold_limit_events > 0);
        }
    }

    fn visit_finished(&mut self, _now: f64, v: &VisitRecord) {
        self.visits += 1;
        assert!(v.wait >= -EPS && v.handle >= -EPS && v.hold >= 0.0, "{v:?}");
        assert!(v.hold <= f64::from(v.holds) * self.hold_max + EPS, "{v:?}");
        assert!(v.hold_limit_events <= v.holds, "{v:?}");
        match v.agent_tier {
            Some(t) => assert!(t >= v.tier, "only higher tiers help lower ones: {v:?}"),
            None => assert_eq!(v.end, VisitEnd::Abandoned, "{v:?}"),
        }
        if self.warm && !v.callback {
            assert_ne!(v.entry, VisitEntry::ColdTransfer, "{v:?}");
            if v.entry == VisitEntry::WarmTransfer {
                assert!(
                    v.agent_tier.is_some(),
                    "a warm transfer waits with an agent: {v:?}"
                );
            }
            if v.entry == VisitEntry::WarmTimeout {
                let (limit_events, end) = self.last_visit[&v.call_id];
                assert!(limit_events > 0 && end == VisitEnd::Escalated, "{v:?}");
            }
        }
        if v.callback && v.end == VisitEnd::Resolved {
            assert!(
                self.callbacks_owed.remove(&v.call_id) || self.reopenable.contains(&v.call_id),
                "{v:?}"
            );
            // Its fix may fail too, and a follow-up reopen it.
            self.reopenable.insert(v.call_id);
        }
        self.last_visit
            .insert(v.call_id, (v.hold_limit_events, v.end));
    }

    fn hold_ended(&mut self, _now: f64, _id: u64, seconds: f64, at_limit: bool) {
        self.holds += 1;
        assert!(
            seconds >= 0.0 && seconds <= self.hold_max + EPS,
            "{seconds}"
        );
        // A hold that reached the limit lasted exactly the limit. The
        // converse has one exception: a warm transfer that completes at the
        // very instant the limit falls (an exact tie, which constant
        // durations such as zero-second triage and the call limit can
        // produce) ends the hold by the transfer.
        if at_limit {
            assert!((seconds - self.hold_max).abs() <= EPS, "{seconds}");
        } else {
            assert!(seconds <= self.hold_max + EPS, "{seconds}");
        }
    }

    fn callback_offered(&mut self, _now: f64, id: u64, accepted: bool) {
        if accepted {
            assert!(self.virtual_hold.insert(id));
            self.on_lines -= 1;
        }
    }

    fn busy_changed(&mut self, _now: f64, busy: u32) {
        self.busy = busy;
    }

    fn tier_busy_changed(&mut self, _now: f64, tier: usize, busy: u32) {
        assert!(busy <= self.tier_agents[tier]);
        self.tier_busy[tier] = busy;
        assert!(self.tier_busy.iter().sum::<u32>() <= self.tier_agents.iter().sum::<u32>());
    }

    fn queue_changed(&mut self, _now: f64, waiting: u32) {
        assert!(waiting <= self.in_system);
        assert!(self.on_lines <= self.lines, "more callers than trunk lines");
    }
}

fn mix(names: &[&str], weights: &[f64]) -> Mix {
    let total: f64 = weights.iter().sum();
    Mix {
        names: names.iter().map(|n| n.to_string()).collect(),
        shares: weights.iter().map(|w| w / total).collect(),
    }
}

prop_compose! {
    /// Random help desks: 1-4 tiers with random skills (the top tier has
    /// them all, so every call can be resolved), every policy and option.
    pub(crate) fn desks()(
        tiers in 1usize..=4,
        agents in prop::collection::vec(1u32..6, 4),
        skills in prop::collection::vec(prop::collection::vec(any::<bool>(), 3), 4),
        languages in prop::collection::vec(prop::collection::vec(any::<bool>(), 2), 4),
        resolve in prop::collection::vec(prop::collection::vec(0.0..=1.0f64, 2), 4),
        factors in prop::collection::vec(0.5..2.0f64, 4),
        diagnosis in prop::collection::vec(prop_oneof![Just(0.0), 0.0..120.0f64], 4),
        customers in prop::collection::vec(0.0..1.0f64, 5),
        classes in 1usize..=3,
        longest_idle in any::<bool>(),
        overflow in any::<bool>(),
        policy in 0u8..3,
        timeout_callback in any::<bool>(),
        hold in prop::option::of((0.0..=1.0f64, 10.0..400.0f64, 30.0..240.0f64, any::<bool>())),
        limit in prop::option::of((120.0..1500.0f64, 0u8..3)),
        at_limit in 0u8..3,
    ) -> (usize, Vec<u32>, Helpdesk) {
        let base = constant_rate(60.0, 300.0, 1, 3600.0, 1800.0);
        let mut d = plain_desk(&base);
        d.complexities = mix(&["basic", "complex"], &[0.7, 0.3]);
        d.topics = mix(&["network", "os", "db"], &[0.5, 0.3, 0.2]);
        d.languages = mix(&["es", "en"], &[0.8, 0.2]);
        let template = d.tiers[0].clone();
        d.tiers = (0..tiers)
            .map(|j| {
                let mut t = template.clone();
                let top = j + 1 == tiers;
                t.level = j as u8 + 1;
                t.agents = agents[j];
                t.skills = if top { vec![true; 3] } else { skills[j].clone() };
                t.languages = if top { vec![true; 2] } else { languages[j].clone() };
                t.handle_factor = factors[j];
                t.diagnosis = diagnosis[j];
                t.resolve = resolve[j].clone();
                t
            })
            .collect();
        let total: f64 = customers.iter().sum::<f64>() + 1e-3;
        for (c, w) in d.customers.iter_mut().zip(&customers) {
            c.share = w / total;
        }
        d.customers[0].share += 1e-3 / total;
        d.customers[1].talk = 1.5;
        d.customers[2].escalation = 1.3;
        d.customers[3].hold = 1.5;
        d.customers[4].patience = 0.6;
        d.classes = (0..classes)
            .map(|k| PriorityClass {
                name: format!("class{k}"),
                share: 1.0 / classes as f64,
                threshold: 20.0 + 10.0 * k as f64,
                target: 0.8,
            })
            .collect();
        d.routing.agent = if longest_idle { AgentChoice::LongestIdle } else { AgentChoice::LowestTier };
        d.routing.overflow = overflow;
        d.transfer.policy = [TransferPolicy::Warm, TransferPolicy::Cold, TransferPolicy::Callback][policy as usize];
        d.transfer.on_timeout = if timeout_callback { WarmTimeout::Callback } else { WarmTimeout::PriorityQueue };
        d.hold = hold.map(|(probability, mean, max, patient)| Hold {
            probability,
            duration: DistributionSpec::Exponential { mean },
            max,
            patience: (!patient).then_some(DistributionSpec::Exponential { mean: 200.0 }),
            at_limit: [HoldLimitAction::Callback, HoldLimitAction::Escalate, HoldLimitAction::CheckIn][at_limit as usize],
            check_in: 30.0,
        });
        d.call_limit = limit.map(|(max, action)| CallLimit {
            max,
            action: [LimitAction::Escalate, LimitAction::Callback, LimitAction::Continue][action as usize],
        });
        let total_agents = d.tiers.iter().map(|t| t.agents).sum::<u32>() as usize;
        (tiers, vec![total_agents as u32], d)
    }
}

prop_compose! {
    fn scenarios()(
        (_, agents, desk) in desks(),
        rate in 10.0..200.0f64,
        patience in prop::option::of(10.0..600.0f64),
        wrap in prop::option::of(1.0..60.0f64),
        lines in prop::option::of(1u32..40),
        warmup in prop_oneof![Just(0.0), 0.0..3600.0f64],
        seed in any::<u64>(),
    ) -> Scenario {
        let mut s = constant_rate(rate, 240.0, agents[0], 4.0 * 3600.0, 1800.0);
        s.seed = seed;
        s.patience = patience.map(|mean| DistributionSpec::Exponential { mean });
        s.wrap_up = wrap.map(|mean| DistributionSpec::Exponential { mean });
        s.lines = lines;
        s.time.warmup = warmup;
        s.helpdesk = Some(desk);
        s
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(96))]

    #[test]
    fn help_desk_runs_keep_every_invariant(s in scenarios()) {
        let mut checker = Checker::new(&s);
        let (_, results) = run_with(&s, 0, &mut checker);
        checker.verify();
        let sum = &results.summary;
        prop_assert_eq!(sum.calls_arrived, sum.calls_blocked + sum.calls_offered);
        prop_assert_eq!(sum.calls_offered, sum.calls_answered + sum.calls_abandoned);
        if let Some(sl) = sum.service_level {
            prop_assert!((0.0..=1.0).contains(&sl));
        }
    }
}

/// The invariants hold in the busiest configuration too, and the run does
/// exercise warm holds, hold limits and callbacks (so the checks above are
/// not vacuous).
#[test]
fn a_congested_warm_desk_exercises_every_path() {
    let base = constant_rate(400.0, 300.0, 1, 6.0 * 3600.0, 1800.0);
    let mut d = plain_desk(&base);
    d.complexities = mix(&["basic", "complex"], &[0.6, 0.4]);
    let mut t2 = d.tiers[0].clone();
    t2.level = 2;
    t2.agents = 3;
    t2.resolve = vec![1.0, 1.0];
    d.tiers[0].agents = 30;
    d.tiers[0].resolve = vec![0.9, 0.2];
    d.tiers.push(t2);
    d.hold = Some(Hold {
        probability: 0.5,
        duration: DistributionSpec::Exponential { mean: 200.0 },
        max: 180.0,
        patience: Some(DistributionSpec::Exponential { mean: 600.0 }),
        at_limit: HoldLimitAction::CheckIn,
        check_in: 30.0,
    });
    d.call_limit = Some(CallLimit {
        max: 900.0,
        action: LimitAction::Continue,
    });
    let mut s = base;
    s.agents = 33;
    s.patience = Some(DistributionSpec::Exponential { mean: 300.0 });
    s.helpdesk = Some(d);
    let mut checker = Checker::new(&s);
    run_with(&s, 0, &mut checker);
    checker.verify();
    assert!(checker.visits > 2000 && checker.holds > 500);
    let limit_hits = checker
        .last_visit
        .values()
        .filter(|(events, _)| *events > 0)
        .count();
    assert!(limit_hits > 50, "{limit_hits}");
}
