//! Workforce rules at the edges of the run (issue 13), read from what a user
//! gets: `agents.csv`, `calls.csv` and `summary.json` through the binary,
//! checked by arithmetic on the scenario text, not by the engine's logic.

use crate::cli::run_in;
use serde_json::Value;
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const DAY: f64 = 86_400.0;

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    crate::common::csv_rows(path)
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {:?}", row[key]))
}

/// Runs `text` with `--seed seed` and the call log; returns the folder.
fn run(text: &str, seed: u64) -> TempDir {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("s.toml"), text).unwrap();
    let seed = seed.to_string();
    let run = run_in(
        tmp.path(),
        &[
            "run",
            "s.toml",
            "--seed",
            &seed,
            "--out",
            "o",
            "--calls-log",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    tmp
}

fn summary(dir: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(dir.join("o/summary.json")).unwrap()).unwrap()
}

/// 34 hours from 08:00: two days, the second ending at the close (18:00).
/// The early shift starts 20 minutes before the run does.
const TWO_DAYS: &str = r#"name = "two-days"
prep_time = "0s"
daily_quota = 24
[time]
duration = "34h"
start = "08:00"
[arrivals]
rate_per_hour = 20
[handle_time]
distribution = "exponential"
mean = "5m"
[[shifts]]
name = "early"
start = "07:40"
end = "13:00"
agents = 4
[[shifts]]
name = "late"
start = "12:30"
end = "18:00"
agents = 4
"#;

/// Issue 13 R2: a shift that starts before the run's start time (07:40 in
/// a run from 08:00) lost its second day: `days_worked` 1 instead of 2,
/// agent-days 12 instead of 16, and the quota judged on the wrong days.
/// Each call is put on the day of the shift its agent answered it in (shift
/// start + whole days, from the scenario text); an agent meets the quota
/// when it does on every day worked.
#[test]
fn a_shift_starting_before_the_run_keeps_its_days_and_quota() {
    // Seconds from the run's start (08:00) to each shift's start on day 0.
    let start = HashMap::from([("early", -20.0 * 60.0), ("late", 4.5 * 3600.0)]);
    let mut days_met_seen = [0u32; 3];
    for seed in 1..=4 {
        let dir = run(TWO_DAYS, seed);
        let agents = rows(&dir.path().join("o/agents.csv"));
        let calls = rows(&dir.path().join("o/calls.csv"));
        let mut per_day: HashMap<(u32, i64), u32> = HashMap::new();
        for c in calls.iter().filter(|c| c["outcome"] == "answered") {
            let agent: u32 = c["agent"].parse().unwrap();
            let shift = agents[agent as usize]["shift"].as_str();
            let answered = num(c, "arrival_seconds") + num(c, "wait_seconds");
            let day = ((answered - start[shift]) / DAY).floor() as i64;
            *per_day.entry((agent, day)).or_default() += 1;
        }
        let mut below = 0;
        for a in &agents {
            let agent: u32 = a["agent"].parse().unwrap();
            assert_eq!(a["days_worked"], "2", "seed {seed}: {a:?}");
            let counts = [0, 1].map(|d| per_day.get(&(agent, d)).copied().unwrap_or(0));
            assert_eq!(
                num(a, "calls_handled") as u32,
                counts.iter().sum::<u32>(),
                "seed {seed}, agent {agent}: every call on a day worked"
            );
            let met = counts.iter().filter(|&&n| n >= 24).count() as u32;
            assert_eq!(
                a["days_quota_met"],
                met.to_string(),
                "seed {seed}: {a:?} {counts:?}"
            );
            assert_eq!(a["quota_met"], (met == 2).to_string(), "seed {seed}: {a:?}");
            days_met_seen[met as usize] += 1;
            below += 2 - met;
        }
        let w = &summary(dir.path())["workforce"];
        assert_eq!(w["agent_days"], 16, "seed {seed}");
        assert_eq!(w["agent_days_below_quota"], below, "seed {seed}");
    }
    // The quota sits where agents meet it on one day of two, or on both.
    assert!(
        days_met_seen[1] > 0 && days_met_seen[2] > 0,
        "{days_met_seen:?}"
    );
}

/// Five agents, 08:00-18:00 on two days, 20 calls/h and 5 tickets/h of
/// 40 minutes around the clock; the run closes at 18:00 on day 2.
const TICKET_BACKLOG: &str = r#"name = "backlog"
prep_time = "0s"
[time]
duration = "34h"
start = "08:00"
[arrivals]
rate_per_hour = 20
[handle_time]
distribution = "exponential"
mean = "4m"
[patience]
distribution = "exponential"
mean = "5m"
[[tiers]]
level = 1
[tickets]
rate_per_hour = 5
work = { distribution = "constant", mean = "40m" }
response_sla = "24h"
target = 0.95
tier = 1
[[shifts]]
name = "day"
start = "08:00"
end = "18:00"
agents = 5
"#;

/// Issue 13 R5: at the close agents finish the contact in hand and nothing
/// more. They used to work the whole ticket backlog overnight (about 90
/// tickets after the close here) and report `waiting_at_end` 0. Only the
/// callers already waiting at the close are still answered.
#[test]
fn the_close_leaves_the_ticket_backlog_for_the_report() {
    let close = 34.0 * 3600.0;
    for seed in 1..=4 {
        let dir = run(TICKET_BACKLOG, seed);
        let calls = rows(&dir.path().join("o/calls.csv"));
        let mut tickets_started = 0;
        for c in &calls {
            let started = num(c, "arrival_seconds") + num(c, "wait_seconds");
            if c["channel"] == "ticket" {
                tickets_started += 1;
                assert!(
                    started < close,
                    "seed {seed}: a ticket started after the close: {c:?}"
                );
            } else if c["outcome"] == "answered" {
                assert!(
                    num(c, "arrival_seconds") < close,
                    "seed {seed}: a call after the close: {c:?}"
                );
            }
        }
        let t = &summary(dir.path())["tickets"];
        let arrived = t["arrived"].as_u64().unwrap();
        let responded = t["responded"].as_u64().unwrap();
        let waiting = t["waiting_at_end"].as_u64().unwrap();
        assert_eq!(responded, tickets_started, "seed {seed}");
        assert_eq!(waiting, arrived - responded, "seed {seed}: {t}");
        // The night's tickets (about 14 h × 5/h) cannot all be worked in
        // the second day's spare time.
        assert!(waiting > 20, "seed {seed}: {t}");
        // Overtime on each of the two days: the contact in hand (a
        // 40-minute ticket at most) and the few callers waiting at 18:00,
        // not a night of tickets.
        let agents = rows(&dir.path().join("o/agents.csv"));
        for a in &agents {
            assert!(
                num(a, "overtime_seconds") < 2.0 * 3600.0,
                "seed {seed}: {a:?}"
            );
        }
    }
}

/// The shipped week (Monday to Friday from 08:00): the early shift starts at
/// 07:40, before the run, and used to be counted on 4 days of 5.
#[test]
fn the_shipped_week_counts_five_days_for_every_agent() {
    let tmp = TempDir::new().unwrap();
    let scenario = crate::cli::repo("scenarios/helpdesk-full.toml");
    let run = run_in(
        tmp.path(),
        &["run", scenario.to_str().unwrap(), "--out", "o", "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agents = rows(&tmp.path().join("o/agents.csv"));
    assert!(agents.iter().any(|a| a["shift"] == "early"));
    for a in &agents {
        assert_eq!(a["days_worked"], "5", "{a:?}");
    }
    assert_eq!(
        summary(tmp.path())["workforce"]["agent_days"],
        5 * agents.len()
    );
}
