//! The course's call-handling rules in corners (issue 13: R1, R4, R8),
//! checked from what a user reads: `calls.csv`, `summary.json` and the
//! terminal of `callsim run`, with arithmetic that shares nothing with the
//! engine.

use crate::cli::{assert_rejected, repo, run_in};
use std::collections::HashMap;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const EPS: f64 = 1e-6;

/// A run's outputs: the terminal, the summary and the call log's rows.
struct Outputs {
    stdout: String,
    summary: serde_json::Value,
    rows: Vec<HashMap<String, String>>,
}

impl Outputs {
    fn desk(&self, key: &str) -> f64 {
        self.summary["helpdesk"][key]
            .as_f64()
            .unwrap_or_else(|| panic!("summary.json has no helpdesk.{key}"))
    }

    fn answered(&self) -> impl Iterator<Item = &HashMap<String, String>> {
        self.rows
            .iter()
            .filter(|r| r["outcome"] == "answered" && r["counted"] == "true")
    }
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    let cell = row
        .get(key)
        .unwrap_or_else(|| panic!("calls.csv has no column {key}"));
    cell.parse()
        .unwrap_or_else(|_| panic!("{key} = {cell:?} is not a number"))
}

/// Seconds from the first answer until the caller left.
fn on_line(row: &HashMap<String, String>) -> f64 {
    num(row, "end_seconds") - num(row, "arrival_seconds") - num(row, "wait_seconds")
}

/// Runs `text` (with `--seed seed`) and reads what it wrote.
fn run(dir: &Path, text: &str, seed: u64) -> Outputs {
    fs::write(dir.join("s.toml"), text).unwrap();
    let seed = seed.to_string();
    let run = run_in(
        dir,
        &[
            "run",
            "s.toml",
            "--seed",
            &seed,
            "--out",
            "o",
            "--calls-log",
            "--no-charts",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    read(dir.join("o").as_path(), run.stdout)
}

fn read(out: &Path, stdout: String) -> Outputs {
    let summary = serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap())
        .expect("summary.json is JSON");
    let log = fs::read_to_string(out.join("calls.csv")).unwrap();
    let mut lines = log.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows = lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{line}");
            header
                .iter()
                .zip(cells)
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect();
    Outputs {
        stdout,
        summary,
        rows,
    }
}

/// The issue's reproducer: 14-minute calls that tier 1 never resolves, a
/// tier 2 that is nearly always busy, warm transfers, callers who hang up
/// after 2 minutes on hold, and a 15-minute limit.
const WARM_LIMIT: &str = r#"name = "warm-limit"
[time]
duration = "DURATION"
interval = "1h"
[arrivals]
rate_per_hour = RATE
[handle_time]
distribution = "constant"
mean = "14m"
[patience]
distribution = "exponential"
mean = "3m"
[calls]
complexity = { hard = 1.0 }
[[tiers]]
level = 1
agents = 20
resolve = { hard = 0.0 }
[[tiers]]
level = 2
agents = 1
handle_factor = 10
[transfer]
policy = "warm"
[hold]
probability = 0.0
duration = { distribution = "constant", mean = "1m" }
max = "3m"
patience = { distribution = "constant", mean = "2m" }
[call_limit]
max = "15m"
action = "escalate"
"#;

/// Every answered caller still on the line past the limit is flagged, and
/// only those: the limit counts while the caller holds for a warm transfer
/// (issue 13, R1: 62 of 64 such callers were not flagged).
fn assert_limit_flags(o: &Outputs, limit: f64) -> usize {
    let mut past = 0;
    for row in o.answered() {
        let over = row["over_limit"] == "true";
        let line = on_line(row);
        if line > limit + EPS {
            past += 1;
            assert!(over, "on the line {line} s, not flagged: {row:?}");
        }
        if over {
            assert!(line >= limit - EPS, "flagged after {line} s: {row:?}");
        }
    }
    let flagged = o.answered().filter(|r| r["over_limit"] == "true").count();
    assert_eq!(o.desk("calls_over_limit") as usize, flagged);
    past
}

#[test]
fn r1_the_call_limit_counts_while_the_caller_holds_for_a_warm_transfer() {
    let tmp = TempDir::new().unwrap();
    // A normal day, a day and a half, and an overloaded desk; three seeds.
    for (duration, rate) in [("8h", "20"), ("36h", "20"), ("8h", "60")] {
        for seed in [1, 2, 3] {
            let text = WARM_LIMIT
                .replace("DURATION", duration)
                .replace("RATE", rate);
            let o = run(tmp.path(), &text, seed);
            let past = assert_limit_flags(&o, 900.0);
            assert!(past > 50, "{duration} {rate}/h seed {seed}: only {past}");
        }
    }
}

#[test]
fn r1_the_shipped_tiered_desk_flags_every_call_past_its_limit() {
    let tmp = TempDir::new().unwrap();
    for name in ["helpdesk-tiers", "helpdesk-tiers-cold"] {
        let path = repo(&format!("scenarios/{name}.toml"));
        let run = run_in(
            tmp.path(),
            &[
                "run",
                path.to_str().unwrap(),
                "--out",
                name,
                "--calls-log",
                "--no-charts",
                "-q",
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let o = read(&tmp.path().join(name), run.stdout);
        let past = assert_limit_flags(&o, 900.0);
        assert!(past > 10, "{name}: {past}");
    }
}

/// Tier 2 is short of agents: many warm transfers find nobody free within
/// the 3-minute hold limit (no `[hold]`: no research holds, callers never
/// hang up on hold).
const CONSENT: &str = r#"name = "consent"
[time]
duration = "8h"
interval = "1h"
[arrivals]
rate_per_hour = 60
[handle_time]
distribution = "exponential"
mean = "5m"
[patience]
distribution = "exponential"
mean = "4m"
[calls]
complexity = { basic = 0.5, complex = 0.5 }
[[tiers]]
level = 1
agents = 10
resolve = { basic = 1.0, complex = 0.0 }
[[tiers]]
level = 2
agents = 2
handle_factor = 1.5
[transfer]
policy = "warm"
"#;

/// With the default `on_timeout`, a warm transfer passes only to a free
/// technician; when nobody accepts within the hold limit the caller is
/// offered a callback, never put in a queue (issue 13, R8).
#[test]
fn r8_a_warm_transfer_waits_for_consent_by_default() {
    let tmp = TempDir::new().unwrap();
    for seed in [1, 2, 3] {
        let o = run(tmp.path(), CONSENT, seed);
        let mut timeouts = 0;
        for row in o.answered() {
            assert_ne!(row["case_end"], "abandoned_after_transfer", "{row:?}");
            if num(row, "hold_limit_events") > 0.0 {
                timeouts += 1;
                assert_eq!(row["case_end"], "callback_promised", "{row:?}");
            }
        }
        for row in o.answered() {
            assert_eq!(row["transfers_without_consent"], "0", "{row:?}");
        }
        assert!(timeouts > 20, "seed {seed}: only {timeouts} timeouts");
        assert_eq!(o.desk("transfers_without_consent"), 0.0);
        assert_eq!(o.desk("callbacks_promised") as usize, timeouts);
        assert!(o.stdout.contains("(0 without consent)"), "{}", o.stdout);
    }
}

/// `priority_queue` is still there, and every such transfer is reported as
/// one without consent, in the call log, the summary and the terminal.
#[test]
fn r8_priority_queue_transfers_are_reported_without_consent() {
    let tmp = TempDir::new().unwrap();
    let text = CONSENT.replace(
        "policy = \"warm\"",
        "policy = \"warm\"\non_timeout = \"priority_queue\"",
    );
    for seed in [1, 2, 3] {
        let o = run(tmp.path(), &text, seed);
        let (mut without, mut timeouts) = (0.0, 0.0);
        for row in o.answered() {
            without += num(row, "transfers_without_consent");
            // No research holds: each hold-limit event is a warm timeout.
            timeouts += num(row, "hold_limit_events");
            if row["case_end"] == "abandoned_after_transfer" {
                assert!(num(row, "transfers_without_consent") >= 1.0, "{row:?}");
            }
        }
        assert!(without > 20.0, "seed {seed}: {without}");
        assert_eq!(without, timeouts);
        assert_eq!(o.desk("transfers_without_consent"), without);
        let shown = format!("({without} without consent)");
        assert!(o.stdout.contains(&shown), "{shown}: {}", o.stdout);
    }
}

/// Every call needs 10 minutes of research on hold; 4 minutes of talk;
/// the hold limit is 3 minutes; nobody hangs up on hold; plenty of agents.
const RESEARCH: &str = r#"name = "research"
[time]
duration = "DURATION"
interval = "1h"
[arrivals]
rate_per_hour = 20
[handle_time]
distribution = "constant"
mean = "4m"
[[tiers]]
level = 1
agents = 15
[hold]
probability = 1.0
duration = { distribution = "constant", mean = "10m" }
max = "MAX"
"#;

fn research(duration: &str, max: &str, extra: &str) -> String {
    RESEARCH.replace("DURATION", duration).replace("MAX", max) + extra
}

/// By default the agent comes back at the hold limit and offers a
/// callback: the caller is on the line 2 minutes of talk and one 3-minute
/// hold, not the whole 10 minutes of research (issue 13, R4: 840 s whether
/// the cap was 3 minutes or an hour).
#[test]
fn r4_at_the_hold_limit_the_caller_is_offered_a_callback_by_default() {
    let tmp = TempDir::new().unwrap();
    for (duration, seed) in [("8h", 1), ("8h", 2), ("30h", 3)] {
        let o = run(tmp.path(), &research(duration, "3m", ""), seed);
        let mut answered = 0;
        for row in o.answered() {
            answered += 1;
            assert!((on_line(row) - 300.0).abs() < EPS, "{row:?}");
            assert_eq!(row["holds"], "1", "{row:?}");
            assert!((num(row, "hold_seconds") - 180.0).abs() < EPS, "{row:?}");
            assert_eq!(row["hold_limit_events"], "1", "{row:?}");
            assert_eq!(row["hold_limit_callback"], "true", "{row:?}");
            assert_eq!(row["case_end"], "callback_promised", "{row:?}");
        }
        assert!(answered > 100, "{answered}");
        assert_eq!(o.desk("hold_limit_callbacks") as usize, answered);
        assert_eq!(o.desk("callbacks_promised") as usize, answered);
        assert_eq!(o.desk("hold_limit_escalations"), 0.0);
        assert_eq!(o.desk("hold_check_ins"), 0.0);
        let shown = format!("{answered} callbacks offered");
        assert!(o.stdout.contains(&shown), "{shown}: {}", o.stdout);
    }
    // With an hour's cap nothing reaches it: the research is done on one
    // hold and the call resolved.
    let o = run(tmp.path(), &research("8h", "1h", ""), 1);
    for row in o.answered() {
        assert!((on_line(row) - 840.0).abs() < EPS, "{row:?}");
        assert_eq!(row["case_end"], "resolved", "{row:?}");
    }
}

/// `check_in`: the agent comes back at each limit for a check-in that takes
/// time (talk) and is counted, then holds again: 180 + 180 + 180 + 60 s of
/// hold and three 20-second check-ins.
#[test]
fn r4_a_check_in_takes_time_and_is_counted() {
    let tmp = TempDir::new().unwrap();
    let extra = "at_limit = \"check_in\"\ncheck_in = \"20s\"\n";
    let o = run(tmp.path(), &research("8h", "3m", extra), 1);
    let mut answered = 0.0;
    for row in o.answered() {
        answered += 1.0;
        assert!(
            (on_line(row) - (240.0 + 600.0 + 60.0)).abs() < EPS,
            "{row:?}"
        );
        assert!((num(row, "talk_seconds") - 900.0).abs() < EPS, "{row:?}");
        assert_eq!(row["holds"], "4", "{row:?}");
        assert_eq!(row["hold_limit_events"], "3", "{row:?}");
        assert_eq!(row["hold_check_ins"], "3", "{row:?}");
        assert_eq!(row["case_end"], "resolved", "{row:?}");
    }
    assert!(answered > 100.0, "{answered}");
    assert_eq!(o.desk("hold_check_ins"), 3.0 * answered);
    assert!((o.desk("hold_check_in_seconds") - 60.0 * answered).abs() < 1e-6);
    assert_eq!(o.desk("hold_limit_callbacks"), 0.0);
}

/// `escalate`: at tier 1's hold limit the call goes up (a warm transfer to
/// a free tier-2 agent); tier 2, the highest, checks in instead.
#[test]
fn r4_escalate_at_the_hold_limit_moves_the_call_up() {
    let tmp = TempDir::new().unwrap();
    let text =
        research("8h", "3m", "at_limit = \"escalate\"\n") + "[[tiers]]\nlevel = 2\nagents = 15\n";
    let o = run(tmp.path(), &text, 1);
    let mut answered = 0.0;
    for row in o.answered() {
        answered += 1.0;
        assert_eq!(row["tier_path"], "1>2", "{row:?}");
        assert_eq!(row["hold_limit_escalations"], "1", "{row:?}");
        assert_eq!(row["hold_check_ins"], "3", "{row:?}");
        assert_eq!(row["case_end"], "resolved", "{row:?}");
    }
    assert!(answered > 100.0, "{answered}");
    assert_eq!(o.desk("hold_limit_escalations"), answered);
    assert_eq!(o.desk("escalations"), answered);
}

/// The new keys are validated like the others: a located error, exit 2.
#[test]
fn r4_a_bad_hold_limit_action_is_located_and_exits_2() {
    let tmp = TempDir::new().unwrap();
    let bad = research("8h", "3m", "at_limit = \"wait\"\n");
    fs::write(tmp.path().join("d.toml"), bad).unwrap();
    assert_rejected(
        tmp.path(),
        &["run", "d.toml"],
        &["d.toml:17:", "hold.at_limit", "wait", "check_in"],
    );
    let bad = research("8h", "3m", "at_limit = \"check_in\"\ncheck_in = \"0s\"\n");
    fs::write(tmp.path().join("d.toml"), bad).unwrap();
    assert_rejected(
        tmp.path(),
        &["run", "d.toml"],
        &["d.toml:18:", "hold.check_in", "at least 1s"],
    );
}
