//! Quality rules through the binary: the shipped trainer pairs, the quality
//! outputs (summary section, call-log columns, experience histogram), and
//! bad quality tables located with exit code 2.

use crate::cli::{assert_rejected, repo, run_in};
use serde_json::Value;
use std::fs;
use tempfile::TempDir;

const DESK: &str = r#"name = "quality"
seed = 3
[time]
duration = "6h"
interval = "30m"
[arrivals]
rate_per_hour = 150
[handle_time]
distribution = "exponential"
mean = "5m"
[patience]
distribution = "exponential"
mean = "2m"
[[tiers]]
level = 1
agents = 12
resolve = { standard = 0.85 }
[[tiers]]
level = 2
agents = 3
[repeat_calls]
unresolved = [0.2, 0.1]
after_abandon = 0.5
delay = { distribution = "exponential", mean = "1h" }
[followups]
delay = { distribution = "constant", mean = "30m" }
reach = 0.7
talk = { distribution = "exponential", mean = "2m" }
max_waiting = 2
[experience]
transfer = 8
"#;

/// Runs `base` with `from` replaced by `to` and expects exit 2 with every
/// fragment of `expected` in the message.
fn rejects_in(base: &str, from: &str, to: &str, expected: &[&str]) {
    let text = base.replace(from, to);
    assert_ne!(text, base, "the edit {from:?} -> {to:?} changed nothing");
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("q.toml"), text).unwrap();
    assert_rejected(tmp.path(), &["run", "q.toml"], expected);
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn a_quality_run_writes_cases_followups_and_scores() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("q.toml"), DESK).unwrap();
    let run = run_in(tmp.path(), &["run", "q.toml", "--calls-log"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for section in [
        "cases  ",
        "first call",
        "repeat calls",
        "follow-ups",
        "experience",
    ] {
        assert!(
            run.stdout.contains(section),
            "no {section:?}:\n{}",
            run.stdout
        );
    }
    let out = tmp.path().join("output").join("quality");
    let summary: Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let q = &summary["quality"];
    let cases = &q["cases"];
    let count = |v: &Value| v.as_u64().unwrap();
    assert_eq!(
        count(&cases["cases"]),
        ["resolved", "unresolved", "abandoned", "open_at_horizon"]
            .iter()
            .map(|k| count(&cases[k]))
            .sum::<u64>()
    );
    assert_eq!(count(&cases["calls"]), count(&summary["calls_arrived"]));
    assert!(count(&cases["repeat_calls"]) > 0);
    let f = &q["followups"];
    assert!(count(&f["made"]) > 0 && count(&f["made"]) >= count(&f["reached"]));
    let e = &q["experience"];
    assert_eq!(e["model"]["transfer"].as_f64(), Some(8.0));
    assert_eq!(e["model"]["base"].as_f64(), Some(80.0));

    // The call log: phone rows carry their case, follow-up rows too.
    let (header, rows) = csv_rows(&fs::read_to_string(out.join("calls.csv")).unwrap());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (channel, case, contact, score) = (
        col("channel"),
        col("case_id"),
        col("contact"),
        col("experience_score"),
    );
    let mut phone = 0;
    let mut followup = 0;
    let mut scored = 0u64;
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        match row[channel].as_str() {
            "phone" => {
                phone += 1;
                if row[contact] == "1" {
                    assert_eq!(row[case], row[0], "a case is named after its first call");
                }
            }
            "followup" => followup += 1,
            other => panic!("channel {other}"),
        }
        if !row[score].is_empty() {
            let s: f64 = row[score].parse().unwrap();
            assert!((0.0..=100.0).contains(&s));
            scored += 1;
        }
    }
    assert_eq!(phone, count(&summary["calls_arrived"]));
    assert!(followup > 0);
    assert_eq!(scored, count(&e["contacts"]));

    // The histogram adds up to the scored contacts.
    let (header, rows) =
        csv_rows(&fs::read_to_string(out.join("experience_histogram.csv")).unwrap());
    assert_eq!(header, ["score_from", "score_to", "contacts", "share"]);
    assert_eq!(rows.len(), 20);
    let total: u64 = rows.iter().map(|r| r[2].parse::<u64>().unwrap()).sum();
    assert_eq!(total, scored);
}

/// Without quality rules a help-desk run keeps its outputs: no quality
/// columns, no quality section, no histogram file (and a stale one goes).
#[test]
fn without_quality_rules_nothing_is_added() {
    let tmp = TempDir::new().unwrap();
    let plain = DESK.split("[repeat_calls]").next().unwrap();
    fs::write(tmp.path().join("q.toml"), DESK).unwrap();
    fs::write(tmp.path().join("p.toml"), plain).unwrap();
    for file in ["q.toml", "p.toml"] {
        let run = run_in(
            tmp.path(),
            &["run", file, "--calls-log", "-q", "--out", "o"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let out = tmp.path().join("o");
    let calls = fs::read_to_string(out.join("calls.csv")).unwrap();
    assert!(calls.lines().next().unwrap().ends_with(",case_end"));
    let summary = fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!summary.contains("\"quality\": {"), "{summary}");
    assert!(!out.join("experience_histogram.csv").exists());
}

#[test]
fn the_bad_quality_base_is_good() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("q.toml"), DESK).unwrap();
    let run = run_in(tmp.path(), &["validate", "q.toml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn bad_quality_input_is_located_and_exits_2() {
    let rejects = |from: &str, to: &str, expected: &[&str]| rejects_in(DESK, from, to, expected);
    // One probability per tier.
    rejects(
        "unresolved = [0.2, 0.1]",
        "unresolved = [0.2, 0.1, 0.05]",
        &["q.toml:22:", "3 entries", "2 tiers"],
    );
    rejects(
        "unresolved = [0.2, 0.1]",
        "unresolved = 1.2",
        &["q.toml:22:", "0 to 1"],
    );
    rejects(
        "after_abandon = 0.5",
        "after_abandon = -0.5",
        &["q.toml:23:", "-0.5"],
    );
    rejects(
        "delay = { distribution = \"exponential\", mean = \"1h\" }",
        "delay = { distribution = \"exponential\", mean = \"-1h\" }",
        &["q.toml:24:"],
    );
    rejects("reach = 0.7", "reach = 7", &["q.toml:27:", "0 to 1"]);
    rejects(
        "max_waiting = 2",
        "max_waiting = 0",
        &["q.toml:29:", ">= 1"],
    );
    rejects(
        "[experience]\n",
        "[experience]\nbase = 120\n",
        &["q.toml:31:", "0 to 100"],
    );
    // Unknown keys, with a hint.
    rejects("reach = 0.7", "reech = 0.7", &["q.toml:27:1", "reach"]);
    rejects(
        "max_waiting = 2",
        "max_waiting = 2\nkeep_idle = -1",
        &["q.toml:30:", "keep_idle"],
    );
    // A missing delay says what to add.
    rejects(
        "[followups]\ndelay = { distribution = \"constant\", mean = \"30m\" }\n",
        "[followups]\n",
        &["followups.delay", "add e.g."],
    );
}

/// The shipped trainer pairs run under `compare`, and each pair differs only
/// in the rule it demonstrates.
#[test]
fn the_trainer_pairs_compare() {
    let tmp = TempDir::new().unwrap();
    for (a, b, rule) in [
        ("followups-off", "followups-on", "[followups]"),
        ("transfers-warm", "transfers-cold", "policy = "),
        ("callbacks-off", "callbacks-on", "[callbacks]"),
    ] {
        let pa = repo(&format!("scenarios/training/{a}.toml"));
        let pb = repo(&format!("scenarios/training/{b}.toml"));
        let run = run_in(
            tmp.path(),
            &[
                "compare",
                pa.to_str().unwrap(),
                pb.to_str().unwrap(),
                "--reps",
                "4",
            ],
        );
        assert_eq!(run.code, 0, "{a}/{b}: {}", run.stderr);
        // The figures of summary.json, under its names; the text leaves out
        // those the same in A and B (no repeat calls in the transfer pair),
        // the CSV lists them all.
        let shown = |text: &str, row: &str| {
            text.lines()
                .any(|l| l.trim_start().starts_with(&format!("{row} ")))
        };
        for row in ["service_level", "quality.experience.mean"] {
            assert!(shown(&run.stdout, row), "{a}/{b}: no {row:?}");
        }
        let csv = run_in(
            tmp.path(),
            &[
                "compare",
                pa.to_str().unwrap(),
                pb.to_str().unwrap(),
                "--reps",
                "4",
                "--format",
                "csv",
            ],
        );
        for row in [
            "service_level",
            "quality.cases.repeat_rate",
            "quality.experience.mean",
            "quality.experience.by_channel[0].mean",
        ] {
            assert!(
                csv.stdout
                    .lines()
                    .any(|l| l.starts_with(&format!("{row},"))),
                "{a}/{b}: no {row:?} in the CSV"
            );
        }
        let ta = fs::read_to_string(&pa).unwrap();
        let tb = fs::read_to_string(&pb).unwrap();
        let only_b: Vec<&str> = tb
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty() && !ta.lines().any(|x| x == *l))
            .collect();
        assert!(
            only_b[0].starts_with("name = ") && only_b[1].starts_with("description = "),
            "{only_b:?}"
        );
        assert!(
            only_b[2].starts_with(rule),
            "{b} should differ from {a} by {rule}: {only_b:?}"
        );
    }
}

const COSTS: &str = r#"
[costs]
currency = "USD"
agent_hour = [20, 35]
sla_penalty = 2.5
callback = 1
followup = 0.5
"#;

/// Money adds up: labour is agents × hours × rate (no shifts: the whole
/// horizon), penalties are breaches × penalty, follow-ups made × price.
#[test]
fn costs_add_up() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("q.toml"), format!("{DESK}{COSTS}")).unwrap();
    let run = run_in(tmp.path(), &["run", "q.toml", "--out", "o"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("USD in all"), "{}", run.stdout);
    let summary: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("o/summary.json")).unwrap())
            .unwrap();
    let c = &summary["costs"];
    let f = |v: &Value| v.as_f64().unwrap();
    assert_eq!(c["currency"], "USD");
    // 12 and 3 agents over 6 hours.
    assert_eq!(f(&c["tiers"][0]["agent_hours"]), 72.0);
    assert_eq!(f(&c["tiers"][1]["agent_hours"]), 18.0);
    assert_eq!(f(&c["labour"]), 72.0 * 20.0 + 18.0 * 35.0);
    let breaches = summary["calls_arrived"].as_u64().unwrap()
        - summary["calls_answered_within_threshold"].as_u64().unwrap();
    assert_eq!(c["classes"][0]["breaches"].as_u64().unwrap(), breaches);
    assert_eq!(f(&c["penalties"]), 2.5 * breaches as f64);
    let made = summary["quality"]["followups"]["made"].as_u64().unwrap();
    assert_eq!(f(&c["followups"]), 0.5 * made as f64);
    let total = f(&c["labour"]) + f(&c["penalties"]) + f(&c["callbacks"]) + f(&c["followups"]);
    assert!((f(&c["total"]) - total).abs() < 1e-9);
    let resolved = summary["quality"]["cases"]["resolved"].as_u64().unwrap();
    assert_eq!(c["resolved"].as_u64().unwrap(), resolved);
    assert!((f(&c["cost_per_resolved"]) - total / resolved as f64).abs() < 1e-9);
}

#[test]
fn bad_costs_are_located_and_exit_2() {
    let base = format!("{DESK}{COSTS}");
    let rejects = |from: &str, to: &str, expected: &[&str]| rejects_in(&base, from, to, expected);
    // DESK has 31 lines; [costs] starts at line 33.
    rejects(
        "agent_hour = [20, 35]",
        "agent_hour = [20]",
        &["q.toml:35:", "1 entries", "2 tiers"],
    );
    rejects(
        "agent_hour = [20, 35]",
        "agent_hour = -20",
        &["q.toml:35:", ">= 0"],
    );
    rejects(
        "sla_penalty = 2.5",
        "sla_penalty = { standrad = 2.5 }",
        &["q.toml:36:", "standrad", "did you mean \"standard\""],
    );
    rejects(
        "followup = 0.5",
        "folowup = 0.5",
        &["q.toml:38:1", "followup"],
    );
}

const TICKETS: &str = r#"
[tickets]
rate_per_hour = 12
work = { distribution = "exponential", mean = "15m" }
response_sla = "4h"
target = 0.9
tier = 1
"#;

/// A run with tickets reports the channel in the terminal and in
/// `summary.json`, and its tickets add up.
#[test]
fn tickets_are_reported() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("q.toml"), format!("{DESK}{TICKETS}")).unwrap();
    let run = run_in(tmp.path(), &["run", "q.toml", "--out", "o"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("tickets         "), "{}", run.stdout);
    let summary: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("o/summary.json")).unwrap())
            .unwrap();
    let t = &summary["tickets"];
    let n = |k: &str| t[k].as_u64().unwrap();
    assert!(n("arrived") > 40);
    assert_eq!(n("arrived"), n("responded") + n("waiting_at_end"));
    assert_eq!(t["response_sla_seconds"].as_f64(), Some(14_400.0));
    assert!(n("responded_within_sla") <= n("responded"));
}

#[test]
fn bad_tickets_are_located_and_exit_2() {
    let base = format!("{DESK}{TICKETS}");
    let rejects = |from: &str, to: &str, expected: &[&str]| rejects_in(&base, from, to, expected);
    // DESK has 31 lines; [tickets] starts at line 33.
    rejects(
        "tier = 1\n",
        "tier = 7\n",
        &["q.toml:38:", "no tier of that level", "1, 2"],
    );
    rejects(
        "rate_per_hour = 12",
        "profile = [1, 2, 3]",
        &["q.toml:34:", "3 entries", "12 intervals"],
    );
    rejects(
        "rate_per_hour = 12",
        "rate_per_hour = 12\nprofile = [1]",
        &["q.toml:35:", "both"],
    );
    rejects(
        "rate_per_hour = 12",
        "rate_per_hour = -12",
        &["q.toml:34:", ">= 0"],
    );
    rejects("target = 0.9", "target = 90", &["q.toml:37:", "0 to 1"]);
    rejects(
        "response_sla = \"4h\"",
        "response_sla = \"0s\"",
        &["q.toml:36:", "greater than 0"],
    );
    rejects(
        "work = { distribution = \"exponential\", mean = \"15m\" }\n",
        "",
        &["tickets.work", "add e.g."],
    );
    rejects(
        "tier = 1\n",
        "tier = 1\nmax_wait = 2\n",
        &["q.toml:39:1", "max_waiting"],
    );
}

/// The shipped full week runs every channel and rule and reports them all.
#[test]
fn the_full_week_runs() {
    let tmp = TempDir::new().unwrap();
    let path = repo("scenarios/helpdesk-full.toml");
    let run = run_in(
        tmp.path(),
        &["run", path.to_str().unwrap(), "--out", "o", "--calls-log"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every channel in the call log, every row with every column, and the
    // experience scores by channel add up to the contacts.
    let (header, rows) = csv_rows(&fs::read_to_string(tmp.path().join("o/calls.csv")).unwrap());
    let channel = header.iter().position(|h| h == "channel").unwrap();
    let mut seen = std::collections::BTreeMap::new();
    for row in &rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        *seen.entry(row[channel].clone()).or_insert(0u64) += 1;
    }
    let names: Vec<&str> = seen.keys().map(String::as_str).collect();
    assert_eq!(names, ["followup", "phone", "ticket", "walk_in"]);
    for section in [
        "workforce",
        "help desk",
        "cases  ",
        "follow-ups",
        "callbacks  ",
        "experience",
        "tickets  ",
        "backlog",
        "walk-ins",
        "costs  ",
    ] {
        assert!(
            run.stdout.contains(section),
            "no {section:?}:\n{}",
            run.stdout
        );
    }
    let summary: Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("o/summary.json")).unwrap())
            .unwrap();
    let e = &summary["quality"]["experience"];
    let by_channel: u64 = e["by_channel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["contacts"].as_u64().unwrap())
        .sum();
    assert_eq!(by_channel, e["contacts"].as_u64().unwrap());
    // Five working days of tickets, and none lost.
    let t = &summary["tickets"];
    assert!(t["days"].as_array().unwrap().len() >= 5);
    assert_eq!(
        t["arrived"].as_u64().unwrap(),
        t["responded"].as_u64().unwrap() + t["waiting_at_end"].as_u64().unwrap()
    );
}
