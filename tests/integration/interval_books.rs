//! Interval assignment (issue 13, section 6): on every shipped scenario,
//! each row of `intervals.csv` keeps its books (arrived = offered + blocked,
//! offered = answered + abandoned, rates and means from those counts) and
//! agrees with `calls.csv`, whose counted phone calls are grouped here by
//! the interval they arrived in. Counting an answered call in the interval
//! where it is answered instead breaks both.

use crate::cli::{repo, run_in};
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

type Row = HashMap<String, String>;

fn rows(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.deserialize().map(Result::unwrap).collect()
}

fn count(row: &Row, key: &str) -> u64 {
    row[key].parse().unwrap()
}

fn value(row: &Row, key: &str) -> Option<f64> {
    let cell = &row[key];
    (!cell.is_empty()).then(|| cell.parse().unwrap())
}

/// What the call log says about one interval's arrivals.
#[derive(Debug, Default)]
struct Tally {
    arrived: u64,
    blocked: u64,
    answered: u64,
    abandoned: u64,
    wait_answered: f64,
    wait_all: f64,
    handle: f64,
}

fn close(what: &str, got: Option<f64>, want: Option<f64>) {
    match (got, want) {
        (Some(g), Some(w)) => assert!(
            (g - w).abs() <= 1e-5 * (1.0 + w.abs()),
            "{what}: {g} vs {w}"
        ),
        _ => assert_eq!(got, want, "{what}"),
    }
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
}

/// Runs `scenario` (with `extra` flags) and checks every interval row.
fn check(scenario: &str, extra: &[&str]) {
    let tmp = TempDir::new().unwrap();
    let path = repo(&format!("scenarios/{scenario}.toml"));
    let mut args = vec![
        "run",
        path.to_str().unwrap(),
        "--calls-log",
        "--no-charts",
        "-q",
        "--out",
        "o",
    ];
    args.extend(extra);
    let run = run_in(tmp.path(), &args);
    assert_eq!(run.code, 0, "{scenario}: {}", run.stderr);
    let dir = tmp.path().join("o");
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let intervals = rows(&dir.join("intervals.csv"));
    assert!(!intervals.is_empty(), "{scenario}: no interval rows");
    // The interval length, from the rows' starts (every scenario has more
    // than one interval).
    let width = value(&intervals[1], "interval_start_seconds").unwrap()
        - value(&intervals[0], "interval_start_seconds").unwrap();
    let last = count(intervals.last().unwrap(), "interval") as usize;

    let mut tally: HashMap<usize, Tally> = HashMap::new();
    for call in rows(&dir.join("calls.csv")) {
        let phone = call.get("channel").is_none_or(|c| c == "phone");
        if !phone || call["counted"] != "true" {
            continue;
        }
        let arrival: f64 = call["arrival_seconds"].parse().unwrap();
        let k = ((arrival / width) as usize).min(last);
        let t = tally.entry(k).or_default();
        t.arrived += 1;
        let wait = value(&call, "wait_seconds").unwrap_or(0.0);
        match call["outcome"].as_str() {
            "blocked" => t.blocked += 1,
            "abandoned" => {
                t.abandoned += 1;
                t.wait_all += wait;
            }
            "answered" => {
                t.answered += 1;
                t.wait_answered += wait;
                t.wait_all += wait;
                t.handle += value(&call, "talk_seconds").unwrap()
                    + value(&call, "wrap_up_seconds").unwrap();
            }
            other => panic!("{scenario}: outcome {other:?}"),
        }
    }

    let mut totals = [0u64; 4];
    for row in &intervals {
        let k = count(row, "interval") as usize;
        let at = format!("{scenario} interval {k} ({})", row["interval_start"]);
        let (arrived, blocked, offered) = (
            count(row, "calls_arrived"),
            count(row, "calls_blocked"),
            count(row, "calls_offered"),
        );
        let (answered, abandoned) = (count(row, "calls_answered"), count(row, "calls_abandoned"));
        // The row's own books.
        assert_eq!(arrived, offered + blocked, "{at}: arrived");
        assert_eq!(offered, answered + abandoned, "{at}: offered");
        close(
            &format!("{at}: abandonment_rate"),
            value(row, "abandonment_rate"),
            ratio(abandoned as f64, offered as f64),
        );
        // Against the call log, by interval of arrival.
        let t = tally.remove(&k).unwrap_or_default();
        assert_eq!(
            (arrived, blocked, answered, abandoned),
            (t.arrived, t.blocked, t.answered, t.abandoned),
            "{at}: (arrived, blocked, answered, abandoned) vs calls.csv"
        );
        close(
            &format!("{at}: asa_seconds"),
            value(row, "asa_seconds"),
            ratio(t.wait_answered, t.answered as f64),
        );
        close(
            &format!("{at}: mean_wait_seconds"),
            value(row, "mean_wait_seconds"),
            ratio(t.wait_all, offered as f64),
        );
        close(
            &format!("{at}: mean_handle_seconds"),
            value(row, "mean_handle_seconds"),
            ratio(t.handle, t.answered as f64),
        );
        for (total, n) in totals
            .iter_mut()
            .zip([arrived, blocked, answered, abandoned])
        {
            *total += n;
        }
    }
    assert!(
        tally.values().all(|t| t.arrived == 0),
        "{scenario}: counted calls in intervals without a row: {tally:?}"
    );
    // The rows add up to the headline counts.
    for (key, total) in [
        "calls_arrived",
        "calls_blocked",
        "calls_answered",
        "calls_abandoned",
    ]
    .iter()
    .zip(totals)
    {
        assert_eq!(summary[key].as_u64(), Some(total), "{scenario}: {key}");
    }
}

/// Every scenario under `scenarios/` (read from the folder, so a new one is
/// covered). P05 is a 10,000-hour run: 30 hours of it (10 of warm-up) keep
/// its log small and still cover the warm-up cut.
#[test]
fn every_shipped_scenario_keeps_its_interval_books() {
    let mut names: Vec<String> = fs::read_dir(repo("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{names:?}");
    for name in &names {
        let extra: &[&str] = if name == "erlang-c-p05" {
            &["--set", "time.duration=30h"]
        } else {
            &[]
        };
        check(name, extra);
    }
}
