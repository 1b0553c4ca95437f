//! Forecast import end to end: a forecast is the same arrival process as the
//! profile it implies, each interval's calls take that interval's AHT, and
//! the staffing plan sizes each interval with it.

use std::path::Path;

use callsim::scenario::{Scenario, load_str};
use callsim::staffing::erlang::min_agents;
use callsim::staffing::plan::{Targets, plan};

use crate::cli::{repo, run_in};
use crate::common::{mean_and_half_width, run_with};

/// Loads `toml` with `csv` as `f.csv` beside it.
fn load_with_csv(toml: &str, csv: &str) -> Scenario {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.csv"), csv).unwrap();
    load_str(toml, "s.toml", dir.path(), &[]).unwrap()
}

const COMMON: &str = r#"
[handle_time]
distribution = "exponential"
mean = "300s"
[patience]
distribution = "exponential"
mean = "2m"
[agents]
count = 12
"#;

#[test]
fn a_forecast_with_one_aht_runs_exactly_as_the_profile_it_implies() {
    let forecast = load_with_csv(
        &format!("name = \"x\"\n[arrivals.forecast]\nfile = \"f.csv\"\n{COMMON}"),
        "Interval,Offered,AHT\n2026-11-16 08:00,40,300\n2026-11-16 08:30,75,300\n2026-11-16 09:30,60,300\n",
    );
    let profile = load_with_csv(
        &format!(
            "name = \"x\"\n[time]\nduration = \"2h\"\nstart = \"08:00\"\n[arrivals]\nprofile = [80, 150, 0, 120]\n{COMMON}"
        ),
        "",
    );
    assert_eq!(forecast.time, profile.time);
    assert_eq!(
        forecast.arrivals.rates_per_hour,
        profile.arrivals.rates_per_hour
    );
    assert!(forecast.arrivals.talk_factors.iter().all(|f| *f == 1.0));
    for rep in 0..3 {
        let (_, a) = run_with(&forecast, rep, ());
        let (_, b) = run_with(&profile, rep, ());
        assert_eq!(a.summary, b.summary, "replication {rep}");
        assert_eq!(a.intervals, b.intervals, "replication {rep}");
    }
}

#[test]
fn each_interval_takes_its_forecast_aht_and_acw() {
    // Two hours, uncongested (300 agents for about 150 Erlangs at most), so
    // every call is answered and its handle time is its draw: talk
    // exponential with the interval's AHT less ACW, ACW constant.
    let toml = r#"name = "aht"
[arrivals.forecast]
file = "f.csv"
[handle_time]
distribution = "exponential"
mean = "300s"
[agents]
count = 300
"#;
    let csv = "start,volume,aht,acw\n10:00,600,240,40\n11:00,600,720,90\n";
    let s = load_with_csv(toml, csv);
    assert_eq!(s.time.interval, 3600.0);
    let reps = 20;
    let mut per_interval = [Vec::new(), Vec::new()];
    for rep in 0..reps {
        let (_, r) = run_with(&s, rep, ());
        for (k, samples) in per_interval.iter_mut().enumerate() {
            samples.push(r.intervals[k].mean_handle_seconds.unwrap());
        }
    }
    for (k, aht) in [(0, 240.0), (1, 720.0)] {
        // Two intervals at family-wise level 1e-4 over the replications.
        let (mean, half) = mean_and_half_width(&per_interval[k], 2, 1e-4);
        assert!(
            (mean - aht).abs() <= half,
            "interval {k}: mean handle {mean:.1} s, forecast AHT {aht} s, half-width {half:.1}"
        );
        assert!(
            half < 0.05 * aht,
            "the check has power: half-width {half:.1} s"
        );
    }
}

#[test]
fn the_staffing_plan_uses_each_interval_aht() {
    let toml = r#"name = "plan"
[arrivals.forecast]
file = "f.csv"
[handle_time]
distribution = "exponential"
mean = "300s"
[agents]
count = 1
"#;
    let csv = "start,volume,aht\n10:00,100,180\n10:30,100,360\n";
    let s = load_with_csv(toml, csv);
    let targets = Targets {
        service_level: 0.8,
        threshold: 20.0,
        max_abandon: None,
        max_occupancy: None,
        shrinkage: 0.0,
    };
    let rows = plan(&s, &targets, &crate::staffing::options(3), &|| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap()
    .rows;
    assert_eq!(rows.len(), 2);
    assert!((rows[0].aht_seconds - 180.0).abs() < 1e-9);
    assert!((rows[1].aht_seconds - 360.0).abs() < 1e-9);
    // Same calls, twice the work: Erlang C asks for more agents.
    let (c0, c1) = (
        rows[0].erlang_c_agents.unwrap(),
        rows[1].erlang_c_agents.unwrap(),
    );
    assert_eq!(
        (c0, c1),
        (
            min_agents(200.0 / 3600.0, 180.0, None, 20.0, 0.8, 1000).unwrap(),
            min_agents(200.0 / 3600.0, 360.0, None, 20.0, 0.8, 1000).unwrap()
        )
    );
    assert!(c1 > c0);
}

#[test]
fn the_shipped_forecast_scenario_validates_and_runs() {
    let tmp = tempfile::TempDir::new().unwrap();
    let scenario = repo("scenarios/helpdesk-forecast.toml");
    let run = run_in(tmp.path(), &["validate", scenario.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("forecast") && run.stdout.contains("100 rows"),
        "{}",
        run.stdout
    );
    let run = run_in(
        tmp.path(),
        &[
            "run",
            scenario.to_str().unwrap(),
            "-q",
            "--out",
            "out",
            "--no-charts",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let intervals =
        std::fs::read_to_string(Path::new(tmp.path()).join("out/intervals.csv")).unwrap();
    // Monday 08:00 to Friday 18:00 in half hours.
    assert_eq!(intervals.lines().count(), 1 + 212);
}
