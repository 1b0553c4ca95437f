//! `staff`: on stationary queues the simulated plan agrees with the exact
//! Erlang C (no abandonment) and Erlang A answers within one agent in every
//! interval; bad targets exit 2.

use crate::cli::run_in;
use callsim::plan::{Targets, plan};
use callsim::scenario::{DistributionSpec, Scenario};
use std::fs;
use tempfile::TempDir;

fn stationary(patience: Option<f64>) -> Scenario {
    // 15 Erlangs, four 3-hour intervals: long enough to be stationary.
    let mut s = crate::common::constant_rate(300.0, 180.0, 20, 12.0 * 3600.0, 3.0 * 3600.0);
    s.patience = patience.map(|mean| DistributionSpec::Exponential { mean });
    s
}

fn targets() -> Targets {
    Targets {
        service_level: 0.8,
        threshold: 20.0,
        max_abandon: None,
        max_occupancy: None,
        shrinkage: 0.0,
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical test: run with --release")]
fn simulated_plans_agree_with_erlang_c_and_a() {
    for patience in [None, Some(120.0)] {
        let s = stationary(patience);
        let rows = plan(&s, &targets(), 20, 1000).unwrap();
        assert_eq!(rows.len(), 4);
        for r in &rows {
            let exact = if patience.is_some() {
                r.erlang_a_agents
            } else {
                r.erlang_c_agents
            }
            .unwrap();
            assert!(r.met);
            assert!(
                r.agents.abs_diff(exact) <= 1,
                "{patience:?} interval {}: simulated {}, exact {exact}",
                r.interval,
                r.agents
            );
        }
    }
}

#[test]
fn staff_writes_a_plan_and_rejects_bad_targets() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    let scenario = crate::cli::repo("scenarios/helpdesk-basic.toml");
    let path = scenario.to_str().unwrap();
    let run = run_in(
        d,
        &[
            "staff",
            path,
            "--target",
            "0.8/20s",
            "--shrinkage",
            "0.3",
            "--out",
            "o",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = fs::read_to_string(d.join("o/staffing.csv")).unwrap();
    assert!(csv.starts_with(
        "interval,interval_start,calls_forecast,aht_seconds,erlang_c_agents,erlang_a_agents,agents,"
    ));
    assert_eq!(csv.lines().count(), 21);
    for (args, fragment) in [
        (vec!["--target", "1.5/20s"], "(0, 1]"),
        (vec!["--target", "0.8/0s"], "greater than 0"),
        (vec!["--target", "0.8"], "threshold"),
        (
            vec!["--target", "0.8/20s", "--max-occupancy", "0"],
            "--max-occupancy",
        ),
        (
            vec!["--target", "0.8/20s", "--max-abandon", "2"],
            "--max-abandon",
        ),
        (
            vec!["--target", "0.8/20s", "--shrinkage", "1"],
            "--shrinkage",
        ),
    ] {
        let mut all = vec!["staff", path];
        all.extend(args.iter().copied());
        let run = run_in(d, &all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(fragment), "{all:?}: {}", run.stderr);
    }
    let tiers = crate::cli::repo("scenarios/helpdesk-tiers.toml");
    let run = run_in(
        d,
        &["staff", tiers.to_str().unwrap(), "--target", "0.8/20s"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("single-pool"), "{}", run.stderr);
}
