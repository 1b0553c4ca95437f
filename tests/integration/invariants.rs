//! Invariants of every run, checked by an observer that keeps its own books
//! from the model's events instead of trusting the `Recorder`
//! ([`checker::Checker`]).

mod checker;

use crate::common::{constant_rate, run_with};
use callsim::scenario::{DistributionSpec, Scenario};
use callsim::stats::Results;
use checker::Checker;
use proptest::prelude::*;

/// Runs replication 0 of `s` under the checker and the recorder, verifies
/// both, and returns the checker for test-specific checks.
fn checked(s: &Scenario) -> (Checker, Results) {
    let mut checker = Checker::new(s);
    let (info, results) = run_with(s, 0, &mut checker);
    checker.verify(&info, &results);
    (checker, results)
}

fn duration_spec(mean: std::ops::Range<f64>) -> impl Strategy<Value = DistributionSpec> {
    use DistributionSpec::*;
    prop_oneof![
        mean.clone().prop_map(|mean| Exponential { mean }),
        (mean.clone(), 0.1..2.0).prop_map(|(mean, cv)| LogNormal { mean, cv }),
        (mean.clone(), 0.1..2.0).prop_map(|(mean, cv)| Gamma { mean, cv }),
        mean.clone().prop_map(|value| Constant { value }),
        Just(Constant { value: 0.0 }),
        prop::collection::vec(prop_oneof![Just(0.0), mean], 1..6).prop_map(|samples| Empirical {
            samples: samples.into()
        }),
    ]
}

prop_compose! {
    /// Random small scenarios: about 2000 calls on average, at most 18 000, profiles with empty
    /// intervals and a partial last interval, every kind of patience and
    /// wrap-up, with and without a line limit.
    fn scenarios()(
        seed in any::<u64>(),
        interval in prop_oneof![Just(900.0), Just(1800.0), Just(3600.0)],
        rates in prop::collection::vec(prop_oneof![1 => Just(0.0), 3 => 20.0..3000.0], 1..=6),
        partial in 0.0..0.5,
        warmup_share in prop_oneof![Just(0.0), 0.0..0.6],
        handle in duration_spec(10.0..600.0),
        patience in prop::option::of(duration_spec(5.0..300.0)),
        wrap_up in prop::option::of(duration_spec(1.0..60.0)),
        agents in 1u32..=30,
        lines in prop::option::of(1u32..=40),
        threshold in prop_oneof![Just(0.0), 1.0..120.0],
    ) -> Scenario {
        let duration = (rates.len() as f64 - partial) * interval;
        let mut s = constant_rate(0.0, 1.0, agents, duration, interval);
        s.arrivals.rates_per_hour = rates;
        s.seed = seed;
        s.time.warmup = warmup_share * duration;
        (s.handle_time, s.patience, s.wrap_up, s.lines) = (handle, patience, wrap_up, lines);
        s.sla.threshold = threshold;
        s
    }
}

proptest! {
    #![proptest_config(crate::common::proptest_config(32))]

    /// Over random scenarios: every call finishes exactly once with a
    /// consistent record, callers wait only while all agents are busy, lines
    /// are never exceeded, time never goes backwards, service is FCFS, and
    /// the recorder's counts and averages equal the checker's own.
    #[test]
    fn every_run_keeps_the_books(s in scenarios()) {
        checked(&s);
    }
}

/// With far more agents than calls can ever occupy (M/M/inf in effect), no
/// call ever waits or abandons, whatever the handle and patience.
#[test]
fn ample_agents_nobody_waits() {
    let mut exponential = constant_rate(100.0, 300.0, 500, 200.0 * 3600.0, 3600.0);
    exponential.patience = Some(DistributionSpec::Exponential { mean: 30.0 });
    let mut constant = exponential.clone();
    constant.handle_time = DistributionSpec::Constant { value: 300.0 };
    constant.wrap_up = Some(DistributionSpec::Constant { value: 30.0 });
    constant.patience = Some(DistributionSpec::Constant { value: 1.0 });
    for s in [exponential, constant] {
        let (checker, results) = checked(&s);
        let waits: Vec<f64> = checker
            .calls
            .iter()
            .filter_map(|c| c.answered.map(|a| a.2))
            .collect();
        assert_eq!(waits.len(), checker.calls.len(), "every call answered");
        assert!(waits.iter().all(|&w| w == 0.0));
        let m = &results.summary;
        assert!(m.calls_answered > 15_000);
        assert_eq!(
            (m.prob_wait, m.service_level, m.asa_seconds),
            (Some(0.0), Some(1.0), Some(0.0))
        );
        assert_eq!(
            (m.max_queue_length, m.avg_queue_length, m.calls_abandoned),
            (0, Some(0.0), 0)
        );
    }
}

/// Erlang B (lines == agents, no wrap-up): a caller either gets an agent at
/// once or is blocked; nobody ever queues.
#[test]
fn lines_equal_to_agents_never_queue() {
    let mut s = constant_rate(400.0, 180.0, 10, 100.0 * 3600.0, 3600.0);
    s.lines = Some(10);
    s.patience = Some(DistributionSpec::Exponential { mean: 60.0 });
    let (checker, results) = checked(&s);
    assert_eq!(checker.max_queue, 0);
    assert!(
        checker
            .calls
            .iter()
            .all(|c| c.answered.is_none_or(|a| a.2 == 0.0))
    );
    let m = &results.summary;
    assert!(
        m.calls_blocked > 5_000,
        "R = 20 Erlangs on 10 lines blocks about half"
    );
    assert_eq!(
        (m.max_queue_length, m.calls_abandoned, m.prob_wait),
        (0, 0, Some(0.0))
    );
}

/// Calls arriving before the warm-up are simulated but not counted.
#[test]
fn warmup_calls_are_not_counted() {
    let mut s = constant_rate(300.0, 240.0, 22, 8.0 * 3600.0, 1800.0);
    s.time.warmup = 3.0 * 3600.0 + 600.0;
    let (checker, results) = checked(&s);
    let early = checker
        .calls
        .iter()
        .filter(|c| c.arrival < s.time.warmup)
        .count() as u64;
    let m = &results.summary;
    assert!(
        early > 800 && m.calls_arrived > 1200,
        "{early} early, {} counted",
        m.calls_arrived
    );
    assert_eq!(m.calls_arrived + early, checker.calls.len() as u64);
    assert_eq!(
        results.intervals.first().map(|r| r.interval),
        Some(6),
        "rows start at the warm-up's interval"
    );
}

/// A zero-rate interval of the profile gets no arrivals; the others do.
#[test]
fn zero_rate_intervals_get_no_calls() {
    let mut s = constant_rate(0.0, 200.0, 12, 6.0 * 1800.0, 1800.0);
    s.arrivals.rates_per_hour = vec![300.0, 0.0, 0.0, 300.0, 0.0, 300.0];
    let (_, results) = checked(&s);
    assert_eq!(results.intervals.len(), 6);
    for row in &results.intervals {
        let rate = s.arrivals.rates_per_hour[row.interval];
        assert_eq!(row.forecast_rate_per_hour, rate);
        if rate == 0.0 {
            assert_eq!(
                (row.calls_arrived, row.calls_offered, row.service_level),
                (0, 0, None)
            );
        } else {
            assert!(row.calls_arrived > 100, "{row:?}");
        }
    }
}

/// A center whose agents are all busy for the whole window reports an
/// occupancy of exactly 1, not 1 plus rounding (found by the property test).
#[test]
fn saturated_center_occupancy_is_one() {
    let mut s = constant_rate(0.0, 400.0, 5, 1759.7120880290072, 900.0);
    s.arrivals.rates_per_hour = vec![3600.0, 0.0];
    s.time.warmup = 830.792803095123;
    s.handle_time = DistributionSpec::LogNormal {
        mean: 400.0,
        cv: 0.1,
    };
    let (_, results) = checked(&s);
    assert_eq!(results.summary.occupancy, Some(1.0));
    let rows: Vec<_> = results.intervals.iter().map(|r| r.occupancy).collect();
    // Was [Some(1.0), Some(1.0)]: the second interval has no arrivals, the
    // desk is closed, and occupancy counts open hours only (issue 13).
    assert_eq!(rows, [Some(1.0), None]);
}
