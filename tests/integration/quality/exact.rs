//! Exact checks of repeat calls and follow-ups against the laws they follow,
//! and the guarantee that inert quality rules change nothing else.
//!
//! Each statistical check compares the mean of independent replications
//! with the exact value, within a Student-t interval Bonferroni-corrected
//! over the test's comparisons (family-wise 1e-3): fixed seeds, never
//! loosened.

use crate::common::{constant_rate, mean_and_half_width, run_with};
use crate::helpdesk::equivalence::plain_desk;
use callsim::model::simulate;
use callsim::scenario::{
    DistributionSpec, ExperienceModel, FollowUps, Quality, RepeatCalls, Scenario, VirtualHold,
};
use callsim::stats::{QualityRecorder, QualityResults};

const ALPHA: f64 = 1e-3;
const REPS: u64 = 30;

/// An uncongested desk (200 agents for 50 erlangs: nobody waits, nobody
/// hangs up) whose calls arrive in the first 4 hours of a 6-hour horizon,
/// so every repeat call and follow-up happens within it. The last 2 hours
/// keep a vanishing rate (one call per million hours): repeat calls come
/// only while the desk takes calls, and it still does then.
fn roomy(quality: Quality) -> Scenario {
    let mut s = constant_rate(600.0, 300.0, 200, 6.0 * 3600.0, 1800.0);
    for rate in &mut s.arrivals.rates_per_hour[8..] {
        *rate = 1e-6;
    }
    let mut d = plain_desk(&s);
    d.quality = quality;
    s.helpdesk = Some(d);
    s
}

fn quality_of(s: &Scenario, rep: u64) -> QualityResults {
    let mut q = QualityRecorder::new(s).expect("quality rules on");
    simulate(s, rep, &mut q).expect("the scenario builds");
    q.results()
}

fn repeats(p: Vec<f64>, delay: f64, max_calls: u8) -> RepeatCalls {
    RepeatCalls {
        unresolved: p,
        after_abandon: 0.0,
        delay: DistributionSpec::Constant { value: delay },
        max_calls,
    }
}

/// Every contact fails its fix independently with probability p (the
/// customer type's multiplier applied), so a case takes k calls with
/// probability p^(k-1)(1-p) up to `max_calls`: mean calls per case
/// (1 - p^m)/(1 - p), and a share p^m of cases ends unresolved.
#[test]
fn calls_per_case_follow_the_truncated_geometric_law() {
    let mut s = roomy(Quality {
        repeats: Some(repeats(vec![0.2], 600.0, 3)),
        ..Quality::default()
    });
    // Half the callers are inexperienced, whose fixes fail twice as often.
    let d = s.helpdesk.as_mut().unwrap();
    d.customers[0].share = 0.5;
    d.customers[3].share = 0.5;
    d.customers[3].repeat = 2.0;
    let m = 3;
    let mean_calls = |p: f64| (1.0 - p.powi(m)) / (1.0 - p);
    let expected_calls = 0.5 * mean_calls(0.2) + 0.5 * mean_calls(0.4);
    let expected_unresolved = 0.5 * 0.2f64.powi(m) + 0.5 * 0.4f64.powi(m);
    let (mut calls, mut unresolved) = (Vec::new(), Vec::new());
    for rep in 0..REPS {
        let q = quality_of(&s, rep).cases;
        assert_eq!(
            q.open_at_horizon, 0,
            "every repeat falls within the horizon"
        );
        assert_eq!(q.abandoned, 0, "nobody hangs up");
        assert_eq!(q.resolved + q.unresolved, q.cases);
        calls.push(q.calls_per_case.unwrap());
        unresolved.push(q.unresolved as f64 / q.cases as f64);
    }
    for (name, samples, expected) in [
        ("calls per case", &calls, expected_calls),
        ("unresolved share", &unresolved, expected_unresolved),
    ] {
        let (mean, hw) = mean_and_half_width(samples, 2, ALPHA);
        assert!(
            (mean - expected).abs() <= hw,
            "{name}: {mean:.5} ± {hw:.5}, exact {expected:.5}"
        );
        assert!(
            hw < 0.1 * expected,
            "{name}: interval too wide to mean anything"
        );
    }
}

fn followups(reach: f64, detect: f64, delay: f64) -> FollowUps {
    FollowUps {
        share: 1.0,
        delay: DistributionSpec::Constant { value: delay },
        reach,
        detect,
        talk: DistributionSpec::Exponential { mean: 120.0 },
        no_answer: 30.0,
        max_waiting: 1,
        keep_idle: 0,
        expires: 3600.0,
    }
}

/// A follow-up reaches the customer with probability `reach`, and a reached
/// customer whose fix failed reports it with probability `detect`.
#[test]
fn followups_reach_and_detect_at_their_rates() {
    let s = roomy(Quality {
        repeats: Some(repeats(vec![0.3], 3600.0, 2)),
        followups: Some(followups(0.6, 0.5, 900.0)),
        callbacks: None,
        experience: None,
    });
    let (mut reached, mut detected) = (Vec::new(), Vec::new());
    for rep in 0..REPS {
        let f = quality_of(&s, rep).followups.expect("follow-ups on");
        assert_eq!(f.missed, 0, "an idle agent is always there");
        assert_eq!(f.made, f.scheduled - f.superseded);
        reached.push(f.reached as f64 / f.made as f64);
        detected.push(f.reopened as f64 / (f.reopened + f.not_detected) as f64);
    }
    for (name, samples, expected) in [("reached", &reached, 0.6), ("detected", &detected, 0.5)] {
        let (mean, hw) = mean_and_half_width(samples, 2, ALPHA);
        assert!(
            (mean - expected).abs() <= hw,
            "{name}: {mean:.4} ± {hw:.4}, exact {expected}"
        );
    }
}

/// When every follow-up reaches the customer and uncovers a failed fix
/// before the customer would call again, no repeat call is ever made: a
/// reopening cancels the repeat.
#[test]
fn a_reopened_case_never_calls_again() {
    let s = roomy(Quality {
        repeats: Some(repeats(vec![0.3], 3600.0, 3)),
        followups: Some(followups(1.0, 1.0, 600.0)),
        callbacks: None,
        experience: None,
    });
    for rep in 0..3 {
        let q = quality_of(&s, rep);
        let f = q.followups.unwrap();
        assert!(f.reopened > 50, "{}", f.reopened);
        assert_eq!(q.cases.repeat_calls, 0);
        assert_eq!(f.not_detected + f.no_answer + f.missed + f.superseded, 0);
    }
}

/// Quality rules that can never fire (no fix fails, nobody calls again, no
/// case gets a follow-up) leave every other figure of the run as it was:
/// the new draws come from the cases' own keyed streams.
#[test]
fn inert_rules_change_nothing_else() {
    let mut base = constant_rate(200.0, 300.0, 18, 8.0 * 3600.0, 1800.0);
    base.patience = Some(DistributionSpec::Exponential { mean: 120.0 });
    base.lines = Some(24);
    let mut plain = base.clone();
    let mut d = plain_desk(&plain);
    // A second tier makes it a help desk, not a single pool.
    d.tiers[0].agents = 15;
    let mut t2 = d.tiers[0].clone();
    t2.level = 2;
    t2.agents = 3;
    d.tiers[0].resolve = vec![0.8];
    d.tiers.push(t2);
    plain.helpdesk = Some(d.clone());
    let mut inert = plain.clone();
    d.quality = Quality {
        repeats: Some(repeats(vec![0.0, 0.0], 600.0, 3)),
        followups: Some(FollowUps {
            share: 0.0,
            ..followups(1.0, 1.0, 600.0)
        }),
        callbacks: None,
        experience: Some(ExperienceModel::DEFAULT),
    };
    inert.helpdesk = Some(d);
    for rep in 0..3 {
        let (a_info, a) = run_with(&plain, rep, ());
        let (b_info, b) = run_with(&inert, rep, ());
        assert!(a.summary.calls_blocked > 0 && a.summary.calls_abandoned > 0);
        assert_eq!(a_info.calls, b_info.calls);
        assert_eq!(a.summary, b.summary);
        assert_eq!(a.intervals, b.intervals);
        assert_eq!(a.wait_histogram, b.wait_histogram);
    }
}

/// Each caller offered a virtual-hold callback accepts with probability
/// `accept`; with a margin longer than the run, no promise is broken.
#[test]
fn callers_accept_callbacks_at_their_rate() {
    let mut s = super::busy_desk();
    s.helpdesk.as_mut().unwrap().quality.callbacks = Some(VirtualHold {
        offer_after: 30.0,
        accept: 0.35,
        margin: 86_400.0,
    });
    let mut rates = Vec::new();
    for rep in 0..REPS {
        let cb = quality_of(&s, rep).callbacks.expect("callbacks on");
        assert!(cb.offered > 100, "{}", cb.offered);
        assert_eq!(cb.broken, 0);
        rates.push(cb.accepted as f64 / cb.offered as f64);
    }
    let (mean, hw) = mean_and_half_width(&rates, 1, ALPHA);
    assert!((mean - 0.35).abs() <= hw, "{mean:.4} ± {hw:.4}, exact 0.35");
}
