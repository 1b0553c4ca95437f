//! Figures a user reads, checked from the binary's own output files against
//! independent computations (issue 13, section 4): walk-in and forecast-week
//! occupancy, quantiles against the maximum, exit codes, a closed standard
//! output, the `erlang --json` shape, and CSV errors that never echo a row.

use crate::cli::{repo, run_in};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap()
}

fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.deserialize().map(Result::unwrap).collect()
}

fn num(row: &std::collections::HashMap<String, String>, key: &str) -> Option<f64> {
    let cell = row.get(key).unwrap_or_else(|| panic!("no column {key}"));
    (!cell.is_empty()).then(|| cell.parse().unwrap())
}

/// A counter whose warm-up is half the run reports the occupancy of the
/// counted half, as the same queue on the phones does (Erlang A here: 2.5
/// Erlangs on 3 agents with patience). It used to be multiplied by
/// (duration - warm-up) / duration: 0.41 for 0.82.
#[test]
fn walk_in_occupancy_ignores_the_warm_up() {
    let tmp = TempDir::new().unwrap();
    fs::write(
        tmp.path().join("s.toml"),
        r#"name = "counter"
seed = 5
[time]
duration = "1000h"
interval = "1h"
warmup = "500h"
[arrivals]
rate_per_hour = 10
[handle_time]
distribution = "exponential"
mean = "15m"
[patience]
distribution = "exponential"
mean = "20m"
[agents]
count = 3
[walk_ins]
rate_per_hour = 10
agents = 3
service = { distribution = "exponential", mean = "15m" }
patience = { distribution = "exponential", mean = "20m" }
"#,
    )
    .unwrap();
    let run = run_in(
        tmp.path(),
        &["run", "s.toml", "--out", "o", "-q", "--no-charts"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = summary(&tmp.path().join("o"));
    let exact = callsim::staffing::erlang::Queue {
        rate: 10.0 / 3600.0,
        aht: 900.0,
        agents: 3,
        patience: Some(1200.0),
    }
    .measures(20.0)
    .unwrap()
    .occupancy;
    let phones = s["occupancy"].as_f64().unwrap();
    let counter = s["walk_ins"]["occupancy"].as_f64().unwrap();
    // About 5,000 visitors counted: the standard error is about 0.005.
    assert!(
        (phones - exact).abs() < 0.03,
        "phones {phones}, exact {exact}"
    );
    assert!(
        (counter - exact).abs() < 0.03,
        "walk-ins {counter}, exact {exact}, phones {phones}"
    );
}

/// The forecast week's headline occupancy is busy time over the open
/// intervals (a positive forecast rate), the same as the mean of the
/// interval rows; closed intervals show no occupancy. It used to divide by
/// the whole week, nights included: 27.6 % against 58.3 %.
#[test]
fn forecast_occupancy_counts_open_hours_only() {
    let tmp = TempDir::new().unwrap();
    let scenario = repo("scenarios/helpdesk-forecast.toml");
    let run = run_in(
        tmp.path(),
        &[
            "run",
            scenario.to_str().unwrap(),
            "--out",
            "o",
            "-q",
            "--no-charts",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = tmp.path().join("o");
    let headline = summary(&dir)["occupancy"].as_f64().unwrap();
    let rows = csv_rows(&dir.join("intervals.csv"));
    let (mut open, mut closed) = (Vec::new(), 0);
    for row in &rows {
        if num(row, "forecast_rate_per_hour").unwrap() > 0.0 {
            open.push(num(row, "occupancy").expect("an open interval has an occupancy"));
        } else {
            assert_eq!(num(row, "occupancy"), None, "closed: {row:?}");
            closed += 1;
        }
    }
    assert!(closed > 50, "the week has closed nights");
    // Every interval is 30 minutes and there is no warm-up: the headline
    // is the plain mean of the open rows.
    let mean = open.iter().sum::<f64>() / open.len() as f64;
    assert!((headline - mean).abs() < 1e-9, "{headline} vs {mean}");
    assert!(headline > 0.5, "{headline}");
}

/// No reported quantile exceeds the maximum: answered and abandoned waits,
/// on runs with abandonment (HDR's highest equivalent value lies above the
/// recorded waits of its bucket).
#[test]
fn wait_quantiles_never_exceed_the_maximum() {
    let tmp = TempDir::new().unwrap();
    for (name, extra) in [
        ("helpdesk-basic", &[][..]),
        ("helpdesk-forecast", &[][..]),
        ("helpdesk-tiers", &[][..]),
        ("helpdesk-basic", &["--set", "agents.count=14"][..]),
        (
            "helpdesk-basic",
            &[
                "--set",
                "time.duration=1h",
                "--set",
                "arrivals.rate_per_hour=300",
            ][..],
        ),
    ] {
        let scenario = repo(&format!("scenarios/{name}.toml"));
        let mut args = vec![
            "run",
            scenario.to_str().unwrap(),
            "--out",
            "o",
            "-q",
            "--no-charts",
        ];
        args.extend(extra);
        let run = run_in(tmp.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let s = summary(&tmp.path().join("o"));
        for key in ["wait_seconds", "abandon_wait_seconds"] {
            let q = &s[key];
            if q.is_null() {
                continue;
            }
            let max = q["max"].as_f64().unwrap();
            for p in ["p50", "p80", "p90", "p95", "p99"] {
                let v = q[p].as_f64().unwrap();
                assert!(v <= max, "{name} {extra:?}: {key}.{p} {v} > max {max}");
            }
        }
    }
}

/// An output directory that cannot be created is an environment failure,
/// exit 3 (README: "results that could not be written"), not bad input.
#[test]
fn unwritable_out_exits_3() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("a-file"), "").unwrap();
    let run = run_in(tmp.path(), &["run", "--out", "a-file/out", "-q"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot create output directory"),
        "{}",
        run.stderr
    );
}

/// Runs callsim with a standard output whose reader is already gone.
fn with_closed_stdout(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("callsim"))
        .current_dir(dir)
        .args(args)
        .stdout(writer)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `callsim … | head` stops quietly, as grep and ripgrep do: no panic, no
/// "please report it", exit 0 (or the verb's own verdict: `--require-sla`
/// still exits 1). Every verb that prints.
#[test]
fn a_closed_pipe_stops_quietly() {
    let tmp = TempDir::new().unwrap();
    let basic = repo("scenarios/helpdesk-basic.toml");
    let basic = basic.to_str().unwrap();
    let experiment = repo("scenarios/experiments/staffing-sweep.toml");
    let cold = repo("scenarios/training/transfers-cold.toml");
    let warm = repo("scenarios/training/transfers-warm.toml");
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["run", basic, "--out", "o", "--no-charts"], 0),
        (vec!["run", basic, "--out", "o", "-q", "--no-charts"], 0),
        (
            vec![
                "run",
                basic,
                "--out",
                "o",
                "--no-charts",
                "--set",
                "agents.count=15",
                "--require-sla",
            ],
            1,
        ),
        (vec!["validate", basic], 0),
        (
            vec!["erlang", "c", "--load", "10", "--agents", "11", "--json"],
            0,
        ),
        (vec!["erlang", "b", "--load", "10", "--agents", "15"], 0),
        (
            vec!["sweep", experiment.to_str().unwrap(), "--out", "x", "-q"],
            0,
        ),
        (
            vec![
                "compare",
                cold.to_str().unwrap(),
                warm.to_str().unwrap(),
                "--reps",
                "2",
            ],
            0,
        ),
        (
            vec![
                "staff",
                basic,
                "--target",
                "0.8/20s",
                "--out",
                "st",
                "--no-charts",
                "--set",
                "time.duration=1h",
                "--set",
                "arrivals.rate_per_hour=150",
            ],
            0,
        ),
    ];
    for (args, expected) in cases {
        let (code, stderr) = with_closed_stdout(tmp.path(), &args);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}:\n{stderr}"
        );
        assert!(!stderr.contains("report it"), "{args:?}:\n{stderr}");
        assert_eq!(code, Some(expected), "{args:?}:\n{stderr}");
    }
}

/// `erlang b|c|a --json` share one shape: what was asked at the top, the
/// results under `measures`.
#[test]
fn erlang_json_has_one_shape() {
    let tmp = TempDir::new().unwrap();
    for (args, measures) in [
        (
            &["erlang", "b", "--load", "10", "--agents", "15", "--json"][..],
            &["load_erlangs", "p_block", "occupancy"][..],
        ),
        (
            &["erlang", "c", "--load", "10", "--agents", "11", "--json"][..],
            &[
                "load_erlangs",
                "p_wait",
                "service_level",
                "asa",
                "occupancy",
            ][..],
        ),
        (
            &[
                "erlang",
                "a",
                "--load",
                "10",
                "--agents",
                "11",
                "--patience",
                "2m",
                "--json",
            ][..],
            &["load_erlangs", "p_wait", "p_abandon", "asa", "occupancy"][..],
        ),
    ] {
        let run = run_in(tmp.path(), args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(json["model"].is_string(), "{json}");
        for key in measures {
            assert!(
                json["measures"][key].is_number(),
                "{args:?}: {key} in {json}"
            );
            assert!(
                json.get(key).is_none(),
                "{args:?}: {key} at the top: {json}"
            );
        }
    }
    let b = run_in(
        tmp.path(),
        &["erlang", "b", "--load", "10", "--agents", "15", "--json"],
    );
    let b: Value = serde_json::from_str(&b.stdout).unwrap();
    assert_eq!(b["lines"], 15);
    assert!((b["measures"]["p_block"].as_f64().unwrap() - 0.036_496_945_472_4).abs() < 1e-12);
}

/// One bad cell in an imported CSV is reported by its place, column and
/// content, never with the other cells of its row (which hold names and
/// phone numbers here). Forecast, profile and samples files.
#[test]
fn csv_errors_do_not_echo_the_row() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path();
    fs::write(
        dir.join("forecast.csv"),
        "start,volume,aht,agent,phone\n\
         2026-11-16 08:00,4,310,Ana Ruiz,+34 600 000 000\n\
         2026-11-16 08:30,4O,310,María López,+34 699 111 222\n",
    )
    .unwrap();
    fs::write(
        dir.join("profile.csv"),
        "interval_start,rate_per_hour,owner,phone\n\
         00:00,12,Ana Ruiz,+34 600 000 000\n\
         01:00,x1,María López,+34 699 111 222\n",
    )
    .unwrap();
    fs::write(
        dir.join("samples.csv"),
        "seconds,caller,phone\n120,Ana Ruiz,+34 600 000 000\nabc,María López,+34 699 111 222\n",
    )
    .unwrap();
    fs::write(
        dir.join("ragged.csv"),
        "interval_start,rate_per_hour\n00:00,12\n01:00,14,María López,+34 699 111 222\n",
    )
    .unwrap();
    let head = "name = \"p\"\n[handle_time]\ndistribution = \"exponential\"\nmean = \"5m\"\n[agents]\ncount = 5\n";
    let timing = "[time]\nduration = \"2h\"\ninterval = \"1h\"\n";
    let cases = [
        (
            format!("{head}[arrivals.forecast]\nfile = \"forecast.csv\"\n"),
            "forecast.csv:3:18",
            "column `volume`, cell \"4O\"",
        ),
        (
            format!("{head}{timing}[arrivals]\nprofile_file = \"profile.csv\"\n"),
            "profile.csv:3:7",
            "column `rate_per_hour`, cell \"x1\"",
        ),
        (
            format!(
                "name = \"p\"\n{timing}[arrivals]\nrate_per_hour = 10\n[handle_time]\ndistribution = \"empirical\"\nfile = \"samples.csv\"\n[agents]\ncount = 5\n"
            ),
            "samples.csv:3:1",
            "column `seconds`, cell \"abc\"",
        ),
        (
            format!("{head}{timing}[arrivals]\nprofile_file = \"ragged.csv\"\n"),
            "ragged.csv:3:1",
            "fields",
        ),
    ];
    for (toml, place, shown) in cases {
        fs::write(dir.join("s.toml"), &toml).unwrap();
        let run = run_in(dir, &["run", "s.toml", "-q"]);
        assert_eq!(run.code, 2, "{toml}\n{}", run.stderr);
        assert!(run.stderr.contains(place), "{place}:\n{}", run.stderr);
        assert!(run.stderr.contains(shown), "{shown}:\n{}", run.stderr);
        for private in ["María", "López", "699", "111 222", "Ana"] {
            assert!(
                !run.stderr.contains(private),
                "{place}: {private:?} printed:\n{}",
                run.stderr
            );
        }
    }
}

/// Virtual hold announces (ahead + 1) × AHT / agents, as the README now
/// says (it said "everyone ahead × AHT / agents"): with one agent, 100 s
/// calls and `offer_after = 150s`, a caller who finds the agent busy and one
/// caller waiting is told 200 s and offered a callback (the old text: 100 s,
/// no offer). The queue at each arrival is rebuilt from `calls.csv`.
#[test]
fn virtual_hold_counts_the_caller_in_the_announced_wait() {
    let tmp = TempDir::new().unwrap();
    fs::write(
        tmp.path().join("s.toml"),
        r#"name = "vh"
seed = 3
[time]
duration = "6h"
interval = "1h"
[arrivals]
rate_per_hour = 30
[handle_time]
distribution = "constant"
mean = "100s"
[[tiers]]
level = 1
agents = 1
[callbacks]
offer_after = "150s"
accept = 0
"#,
    )
    .unwrap();
    let run = run_in(
        tmp.path(),
        &[
            "run",
            "s.toml",
            "--calls-log",
            "--out",
            "o",
            "-q",
            "--no-charts",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let calls: Vec<(f64, f64, bool)> = csv_rows(&tmp.path().join("o/calls.csv"))
        .iter()
        .filter(|r| r["channel"] == "phone")
        .map(|r| {
            let (arrival, wait) = (num(r, "arrival_seconds"), num(r, "wait_seconds"));
            (arrival.unwrap(), wait.unwrap(), !r["callback"].is_empty())
        })
        .collect();
    let mut offered_with_one_ahead = 0;
    for &(arrival, _, offered) in &calls {
        let answered_at = |&(a, w, _): &(f64, f64, bool)| a + w;
        let ahead = calls
            .iter()
            .filter(|c| c.0 < arrival && answered_at(c) > arrival)
            .count();
        let busy = calls
            .iter()
            .any(|c| answered_at(c) <= arrival && arrival < answered_at(c) + 100.0);
        let announced = (ahead + 1) as f64 * 100.0 / 1.0;
        assert_eq!(
            offered,
            busy && announced > 150.0,
            "arrival {arrival}: {ahead} ahead, agent busy {busy}"
        );
        offered_with_one_ahead += usize::from(offered && ahead == 1);
    }
    assert!(offered_with_one_ahead > 5, "{offered_with_one_ahead}");
}
