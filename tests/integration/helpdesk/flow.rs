//! The flow of work through the tiers, against what the desk's description
//! implies, and common random numbers across transfer policies.
//!
//! 1. On an uncongested desk (agents always free, no abandonment, no hang-ups,
//!    no call limit) each tier's busy time per arriving call has an exact
//!    expectation: `model::expected_tier_work`, which follows every mix of
//!    complexity, topic, language and customer type through the tiers. The
//!    shipped five-tier desk is run so, and every tier's mean busy time per
//!    call must match within the confidence interval (same rule as
//!    `thinning.rs`: R replications, Student t, Bonferroni over the tiers,
//!    family-wise alpha 0.001).
//! 2. A case's draws after arrival are keyed by the case: on a congested desk
//!    run with warm and with cold transfers, every call whose tier-1 visit
//!    ended resolved or escalated in both runs ended the same way in both.

use crate::cli::repo;
use crate::common::{mean_and_half_width, run_with};
use callsim::model::{Observer, VisitEnd, VisitRecord, expected_tier_work};
use callsim::scenario::{Override, Scenario, load_file};
use std::collections::HashMap;

const REPLICATIONS: u64 = 12;
const FAMILY_ALPHA: f64 = 0.001;

fn shipped(overrides: &[&str]) -> Scenario {
    let flags: Vec<Override> = overrides.iter().map(|o| o.parse().unwrap()).collect();
    load_file(&repo("scenarios/helpdesk-tiers.toml"), &flags).unwrap()
}

/// Agent-seconds of busy time per tier (talk, hold, wrap-up), all run long.
struct Busy {
    level: Vec<u32>,
    since: Vec<f64>,
    area: Vec<f64>,
}

impl Observer for Busy {
    fn tier_busy_changed(&mut self, now: f64, tier: usize, busy: u32) {
        self.area[tier] += f64::from(self.level[tier]) * (now - self.since[tier]);
        self.level[tier] = busy;
        self.since[tier] = now;
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical test: run with --release")]
fn uncongested_tier_work_matches_the_expected_flow() {
    let mut s = shipped(&[
        "time.duration=200h",
        "time.interval=10h",
        "arrivals.rate_per_hour=200",
        "tiers[0].agents=400",
        "tiers[1].agents=400",
        "tiers[2].agents=400",
        "tiers[3].agents=400",
        "tiers[4].agents=400",
    ]);
    s.patience = None;
    s.lines = None;
    {
        let desk = s.helpdesk.as_mut().unwrap();
        desk.call_limit = None;
        desk.hold.as_mut().unwrap().patience = None;
    }
    let expected = expected_tier_work(&s).unwrap();
    let tiers = expected.len();
    let mut samples = vec![Vec::new(); tiers];
    for r in 0..REPLICATIONS {
        let mut busy = Busy {
            level: vec![0; tiers],
            since: vec![0.0; tiers],
            area: vec![0.0; tiers],
        };
        let (_, results) = run_with(&s, r, &mut busy);
        let sum = &results.summary;
        assert_eq!(sum.calls_answered, sum.calls_arrived, "nobody abandons");
        for (j, area) in busy.area.iter().enumerate() {
            assert_eq!(busy.level[j], 0, "every agent is free at the end");
            samples[j].push(area / sum.calls_arrived as f64);
        }
    }
    for (j, (exact, xs)) in expected.iter().zip(&samples).enumerate() {
        let (mean, half_width) = mean_and_half_width(xs, tiers, FAMILY_ALPHA);
        eprintln!(
            "tier {}: expected {exact:.3} s per call, simulated {mean:.3} +- {half_width:.3}",
            j + 1
        );
        assert!(
            (mean - exact).abs() <= half_width,
            "tier {}: expected {exact} s per call, simulated {mean} +- {half_width}",
            j + 1
        );
    }
}

/// How each call's visit to tier 1 ended.
#[derive(Default)]
struct FirstTier(HashMap<u64, VisitEnd>);

impl Observer for FirstTier {
    fn visit_finished(&mut self, _now: f64, v: &VisitRecord) {
        if v.tier == 0 && !v.callback {
            self.0.insert(v.call_id, v.end);
        }
    }
}

#[test]
fn a_policy_change_keeps_each_calls_own_draws() {
    let ends = |policy: &str| {
        let s = shipped(&[
            &format!("transfer.policy={policy}"),
            "call_limit.action=continue",
        ]);
        let mut first = FirstTier::default();
        run_with(&s, 0, &mut first);
        first.0
    };
    let (warm, cold) = (ends("warm"), ends("cold"));
    let decided = |e: &VisitEnd| matches!(e, VisitEnd::Resolved | VisitEnd::Escalated);
    let mut compared = 0;
    for (id, w) in &warm {
        if let Some(c) = cold.get(id).filter(|c| decided(c) && decided(w)) {
            assert_eq!(w, c, "call {id}: tier 1 decided differently");
            compared += 1;
        }
    }
    assert!(compared > 1000, "only {compared} calls compared");
}
