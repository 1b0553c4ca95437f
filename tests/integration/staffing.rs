//! `staff`: on stationary queues the simulated plan agrees with the exact
//! Erlang C (no abandonment) and Erlang A answers within one agent in every
//! interval; bad targets exit 2.

use crate::cli::run_in;
use callsim::scenario::{DistributionSpec, Scenario};
use callsim::staffing::plan::{Options, Plan, Targets, plan, run_plan};
use std::fs;
use std::ops::ControlFlow;
use tempfile::TempDir;

fn stationary(patience: Option<f64>) -> Scenario {
    // 15 Erlangs, four 3-hour intervals: long enough to be stationary.
    let mut s = crate::common::constant_rate(300.0, 180.0, 20, 12.0 * 3600.0, 3.0 * 3600.0);
    s.patience = patience.map(|mean| DistributionSpec::Exponential { mean });
    s
}

/// The CLI's defaults: `reps` replications first, up to 16 times as many.
pub fn options(reps: u64) -> Options {
    Options {
        reps,
        max_reps: 16 * reps,
        max_agents: 1000,
    }
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
        let rows = plan(&s, &targets(), &options(20), &|| ControlFlow::Continue(()))
            .unwrap()
            .rows;
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
        &[
            "staff",
            tiers.to_str().unwrap(),
            "--target",
            "0.8/20s",
            "--reps",
            "2",
            "--out",
            "tiers",
            "--no-charts",
        ],
    );
    // 1: some interval misses (with two replications, likely); never 2.
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert!(run.stdout.contains("by tier"), "{}", run.stdout);
    let tier_plan = fs::read_to_string(d.join("tiers/staffing_tiers.csv")).unwrap();
    assert_eq!(tier_plan.lines().count(), 1 + 20 * 5);
}

fn shipped(name: &str) -> Scenario {
    callsim::scenario::load_file(&crate::cli::repo(&format!("scenarios/{name}")), &[]).unwrap()
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn a_tiered_desk_is_planned_tier_by_tier() {
    let s = shipped("helpdesk-tiers.toml");
    let p = plan(&s, &targets(), &options(4), &|| ControlFlow::Continue(())).unwrap();
    let tiers = s.helpdesk.as_ref().unwrap().tiers.len();
    assert_eq!(p.rows.len(), 20);
    assert_eq!(p.tiers.len(), 20 * tiers);
    let visits = callsim::model::expected_tier_visits(&s).unwrap();
    for r in &p.rows {
        let rows: Vec<_> = p
            .tiers
            .iter()
            .filter(|t| t.interval == r.interval)
            .collect();
        assert_eq!(rows.len(), tiers);
        assert_eq!(r.agents, rows.iter().map(|t| t.agents).sum::<u32>());
        assert!(rows.iter().all(|t| t.agents >= 1));
        // An interval's verdict is tier 1's, the headline queue.
        assert_eq!(r.met, rows[0].met, "interval {}", r.interval);
        for t in &rows {
            let j = usize::from(t.tier) - 1;
            // Each tier's Erlang answer is for the cases reaching it.
            let rate = s.arrivals.rates_per_hour[r.interval] / 3600.0 * visits[j];
            assert_eq!(
                t.erlang_c_agents,
                callsim::staffing::erlang::min_agents(
                    rate,
                    t.handle_seconds,
                    None,
                    20.0,
                    0.8,
                    1000
                )
            );
            // A met tier meets the target on its own queue (tier 1: headline).
            if t.met && j > 0 {
                assert!(t.service_level.is_none_or(|sl| sl >= 0.8), "{t:?}");
            }
        }
        if r.met {
            assert!(r.service_level.is_none_or(|sl| sl >= 0.8), "{r:?}");
        }
    }
    // Tier 1 carries most of the desk's work, so most of its agents.
    let first: u32 = p
        .tiers
        .iter()
        .filter(|t| t.tier == 1)
        .map(|t| t.agents)
        .sum();
    let all: u32 = p.rows.iter().map(|r| r.agents).sum();
    assert!(2 * first > all, "{first} of {all}");
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn with_shifts_the_headcount_adds_the_rules_breaks() {
    let s = shipped("helpdesk-shifts.toml");
    let t = Targets {
        shrinkage: 0.1,
        ..targets()
    };
    let p = plan(&s, &t, &options(4), &|| ControlFlow::Continue(())).unwrap();
    assert!(p.tiers.is_empty());
    let mut away_somewhere = false;
    for r in &p.rows {
        let away = r
            .rule_shrinkage
            .expect("a shift scenario measures its rules");
        assert!((0.0..1.0).contains(&away));
        away_somewhere |= away > 0.05;
        let needed = f64::from(r.agents) / ((1.0 - away) * 0.9);
        assert_eq!(
            r.scheduled_headcount,
            (needed - 1e-9).ceil() as u32,
            "{r:?}"
        );
    }
    assert!(away_somewhere, "the shipped shifts take breaks and lunch");
}

/// Agents per interval of a plan.
fn agents(p: &Plan) -> Vec<u32> {
    p.rows.iter().map(|r| r.agents).collect()
}

/// A day of the default desk repeated `days` times with the desk closed
/// for 14 hours between days.
fn days(days: usize) -> Scenario {
    let mut s = shipped("helpdesk-basic.toml");
    let day = s.arrivals.rates_per_hour.clone();
    let closed = (14.0 * 3600.0 / s.time.interval) as usize;
    let mut rates = Vec::new();
    for d in 0..days {
        if d > 0 {
            rates.extend(std::iter::repeat_n(0.0, closed));
        }
        rates.extend(&day);
    }
    s.time.duration = rates.len() as f64 * s.time.interval;
    s.arrivals.rates_per_hour = rates;
    s
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn every_day_of_a_week_is_planned_like_the_first() {
    // The fault: the planner's one-interval shifts repeated daily, so from
    // the second day on yesterday's agents were on the phones too and the
    // plan asked for 1 agent per interval.
    let one = plan(&days(1), &targets(), &options(10), &|| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let three = plan(&days(3), &targets(), &options(10), &|| {
        ControlFlow::Continue(())
    })
    .unwrap();
    let (one, three) = (agents(&one), (agents(&three), three.rows));
    let period = one.len() + 28;
    for d in 0..3 {
        for (k, &a) in one.iter().enumerate() {
            let b = three.0[d * period + k];
            assert!(a.abs_diff(b) <= 1, "day {} interval {k}: {b} vs {a}", d + 1);
        }
        if d < 2 {
            // Closed: nobody on the phones, nobody to schedule.
            for row in &three.1[d * period + one.len()..(d + 1) * period] {
                assert_eq!((row.agents, row.scheduled_headcount), (0, 0), "{row:?}");
                assert!(row.met && row.service_level.is_none());
            }
        }
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn a_constant_load_over_more_than_a_day_gets_the_same_agents_every_hour() {
    // 15 Erlangs for 30 hours in 1-hour intervals, three seeds: the plan
    // holds steady (the old one swung by 5 agents with 10 replications, and
    // dropped to 1 agent after 24 hours).
    let mut s = crate::common::constant_rate(300.0, 180.0, 20, 30.0 * 3600.0, 3600.0);
    let plans: Vec<Vec<u32>> = [1, 2, 3]
        .into_iter()
        .map(|seed| {
            s.seed = seed;
            let p = plan(&s, &targets(), &options(10), &|| ControlFlow::Continue(())).unwrap();
            assert!(p.rows.iter().all(|r| r.met), "seed {seed}");
            agents(&p)
        })
        .collect();
    let spread = |v: &mut dyn Iterator<Item = u32>| {
        let v: Vec<u32> = v.collect();
        v.iter().max().unwrap() - v.iter().min().unwrap()
    };
    for k in 0..30 {
        // Across seeds, interval by interval.
        assert!(spread(&mut plans.iter().map(|p| p[k])) <= 1, "{plans:?}");
    }
    // Hour to hour, past the first hour (the desk starts empty).
    let steady = &mut plans.iter().flat_map(|p| p[1..].iter().copied());
    assert!(spread(steady) <= 1, "{plans:?}");
    // Erlang C's steady-state answer for 15 Erlangs at 80/20, 180 s handle.
    let exact = callsim::staffing::erlang::min_agents(300.0 / 3600.0, 180.0, None, 20.0, 0.8, 1000)
        .unwrap();
    for a in plans.iter().flat_map(|p| p[1..].iter()) {
        assert!(a.abs_diff(exact) <= 1, "{plans:?} vs {exact}");
    }
}

/// Per interval, the service level of replications `reps` of `s` run end
/// to end with the plan's agents, read from the recorder's interval rows.
fn end_to_end(s: &Scenario, p: &Plan, reps: std::ops::Range<u64>) -> Vec<Vec<f64>> {
    let threshold = targets().threshold;
    let mut per_interval = vec![Vec::new(); p.rows.len()];
    for r in reps {
        for row in run_plan(s, threshold, p, r).unwrap().intervals {
            if let Some(sl) = row.service_level {
                per_interval[row.interval].push(sl);
            }
        }
    }
    per_interval
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn the_plan_run_end_to_end_meets_the_target_where_it_says_so() {
    // Two days of the default desk; 40 replications the planner never saw.
    let s = days(2);
    let p = plan(&s, &targets(), &options(10), &|| ControlFlow::Continue(())).unwrap();
    let runs = end_to_end(&s, &p, 1000..1040);
    let met: Vec<_> = p.rows.iter().filter(|r| r.met && r.agents > 0).collect();
    assert!(met.len() >= 30, "{} intervals met", met.len());
    // The planner cleared each met interval with 95 % confidence; here an
    // interval fails only if it is below the target beyond doubt: its mean
    // plus a Bonferroni Student-t margin (df 39, 99.9 % over ~40 intervals
    // two-sided: t = 3.6) under the target.
    for r in met {
        let v = &runs[r.interval];
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        let margin = 3.6 * (var / n).sqrt();
        assert!(
            mean + margin >= 0.8,
            "{}: {} agents give {mean:.3} ± {margin:.3} end to end",
            r.interval_start,
            r.agents
        );
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn an_undecided_candidate_gets_more_replications_and_a_confidence() {
    let s = days(1);
    let p = plan(&s, &targets(), &options(4), &|| ControlFlow::Continue(())).unwrap();
    for r in &p.rows {
        let c = r.confidence.unwrap();
        assert!((0.0..=1.0).contains(&c), "{r:?}");
        // Met means the one-sided 95 % bound cleared the target.
        if r.met {
            assert!(c >= 0.95, "{r:?}");
        }
        assert!((4..=64).contains(&r.replications), "{r:?}");
    }
    assert!(
        p.rows.iter().any(|r| r.replications > 4),
        "four replications leave some interval undecided"
    );
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn staff_plans_the_shipped_forecast_week_day_after_day() {
    // The reported fault: `d2 10:00 115 calls, Erlang C 27, simulated 1`,
    // every interval marked met, exit 0; closed nights planned 1 agent, 2
    // scheduled.
    let tmp = TempDir::new().unwrap();
    let week = crate::cli::repo("scenarios/helpdesk-forecast.toml");
    let run = run_in(
        tmp.path(),
        &[
            "staff",
            week.to_str().unwrap(),
            "--target",
            "0.8/20s",
            "--max-abandon",
            "0.05",
            "--shrinkage",
            "0.3",
            "--out",
            "w",
            "--no-charts",
            "--quiet",
        ],
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert_eq!(run.stdout, "", "--quiet prints nothing");
    let rows = crate::common::csv_rows(&tmp.path().join("w/staffing.csv"));
    assert_eq!(rows.len(), 212);
    let num = |r: &std::collections::HashMap<String, String>, k: &str| -> f64 {
        r[k].parse().unwrap_or_else(|_| panic!("{k}: {:?}", r[k]))
    };
    let mut open_days = std::collections::BTreeSet::new();
    for r in &rows {
        let (calls, agents) = (num(r, "calls_forecast"), num(r, "agents"));
        if calls == 0.0 {
            assert_eq!(agents, 0.0, "{r:?}");
            assert_eq!(num(r, "scheduled_headcount"), 0.0, "{r:?}");
        } else {
            open_days.insert(r["interval_start"][..2].to_owned());
            // Never far below Erlang C (the fault was 1 agent for 27).
            assert!(3.0 * agents >= 2.0 * num(r, "erlang_c_agents"), "{r:?}");
            let sure = num(r, "confidence");
            assert_eq!(r["met"] == "true", sure >= 0.95, "{r:?}");
        }
    }
    assert_eq!(open_days.len(), 5, "{open_days:?}");
}

#[test]
#[cfg_attr(debug_assertions, ignore = "simulation-heavy: run with --release")]
fn staff_gives_the_same_plan_whatever_the_threads() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    let basic = crate::cli::repo("scenarios/helpdesk-basic.toml");
    let path = basic.to_str().unwrap();
    let mut plans = Vec::new();
    for jobs in ["1", "2"] {
        let run = run_in(
            d,
            &[
                "staff",
                path,
                "--target",
                "0.8/20s",
                "--jobs",
                jobs,
                "--out",
                jobs,
                "--no-charts",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        plans.push(fs::read(d.join(jobs).join("staffing.csv")).unwrap());
    }
    assert_eq!(plans[0], plans[1]);
    for (args, fragment) in [
        (vec!["--jobs", "0"], "--jobs 0"),
        (vec!["--jobs", "100000"], "--jobs 100000"),
        (vec!["--reps", "10", "--max-reps", "5"], "--max-reps 5"),
        (vec!["--reps", "1"], "--reps 1"),
    ] {
        let mut all = vec!["staff", path, "--target", "0.8/20s"];
        all.extend(args);
        let run = run_in(d, &all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(fragment), "{all:?}: {}", run.stderr);
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn a_long_plan_says_so_and_ctrl_c_stops_it_writing_nothing() {
    // The shipped P05 is 20,000 half hours of one stationary load: the old
    // `staff` worked on it for an hour with no word and no way to stop.
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    let p05 = crate::cli::repo("scenarios/erlang-c-p05.toml");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["staff", p05.to_str().unwrap(), "--target", "0.8/20s"])
        .args(["--out", "o", "--no-charts"])
        .current_dir(d)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let run = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(130), "{:?}: {stderr}", run.status);
    for fragment in [
        "note: planning 20000 intervals (417 days)",
        "one day's plan gives every interval's headcount: --set time.duration=24h",
        "interrupted after ",
        "of 20000 intervals: nothing written",
    ] {
        assert!(stderr.contains(fragment), "lacks {fragment:?}: {stderr}");
    }
    assert!(
        !d.join("o/staffing.csv").exists(),
        "a partial plan was written"
    );
}
