//! The walk-in desk: a pool of its own on its own streams. Its figures are
//! those of the same counter run alone (so the single-pool engine's Erlang
//! checks cover it), they do not move when the phones change, and its
//! visitors are not the callers' twins.

use crate::cli::{assert_rejected, run_in};
use callsim::model::simulate;
use callsim::scenario::{Scenario, load_str};
use callsim::stats::{Recorder, WalkInFigures};
use serde_json::Value;
use std::fs;
use std::path::Path;
use tempfile::TempDir;

const DESK: &str = r#"name = "counter"
seed = 9
[time]
duration = "8h"
interval = "1h"
[arrivals]
rate_per_hour = 60
[handle_time]
distribution = "exponential"
mean = "6m"
[agents]
count = 8
[walk_ins]
rate_per_hour = 10
agents = 3
service = { distribution = "exponential", mean = "15m" }
patience = { distribution = "exponential", mean = "20m" }
threshold = "5m"
target = 0.8
[costs]
agent_hour = 20
walk_in_hour = 15
"#;

fn summary_of(dir: &Path, text: &str) -> Value {
    fs::write(dir.join("s.toml"), text).unwrap();
    let run = run_in(dir, &["run", "s.toml", "--out", "o", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&fs::read_to_string(dir.join("o/summary.json")).unwrap()).unwrap()
}

fn counter_alone(s: &Scenario) -> WalkInFigures {
    let w = s.helpdesk.as_ref().unwrap().walk_ins.as_ref().unwrap();
    let counter = w.scenario(s);
    let mut r = Recorder::new(&counter);
    simulate(&counter, 0, &mut r).unwrap();
    WalkInFigures::from_summary(w.agents, &r.results(&counter, 0).summary)
}

#[test]
fn the_counter_is_a_pool_of_its_own() {
    let tmp = TempDir::new().unwrap();
    let summary = summary_of(tmp.path(), DESK);
    let s = load_str(DESK, "s.toml", Path::new("."), &[]).unwrap();
    let alone = serde_json::to_value(counter_alone(&s)).unwrap();
    assert_eq!(summary["walk_ins"], alone);
    let w = &summary["walk_ins"];
    assert!(w["visitors"].as_u64().unwrap() > 40);
    assert_eq!(
        w["visitors"].as_u64().unwrap(),
        w["served"].as_u64().unwrap() + w["left"].as_u64().unwrap()
    );
    // Three agents at 15 an hour over 8 hours, and the phones' 8 at 20.
    let costs = &summary["costs"];
    assert_eq!(costs["walk_in_labour"].as_f64(), Some(3.0 * 8.0 * 15.0));
    assert_eq!(costs["labour"].as_f64(), Some(8.0 * 8.0 * 20.0 + 360.0));

    // More phone agents change nothing at the counter.
    let more = summary_of(tmp.path(), &DESK.replace("count = 8", "count = 12"));
    assert_eq!(more["walk_ins"], summary["walk_ins"]);
    assert_ne!(more["service_level"], summary["service_level"]);

    // The same rates, agents and service at the counter as on the phones
    // still give other visitors than callers.
    let twin = DESK
        .replace("rate_per_hour = 10", "rate_per_hour = 60")
        .replace("agents = 3", "agents = 8")
        .replace(
            "service = { distribution = \"exponential\", mean = \"15m\" }",
            "service = { distribution = \"exponential\", mean = \"6m\" }",
        )
        .replace(
            "patience = { distribution = \"exponential\", mean = \"20m\" }\n",
            "",
        );
    let twin = summary_of(tmp.path(), &twin);
    assert_ne!(twin["walk_ins"]["visitors"], twin["calls_offered"]);
}

#[test]
fn bad_walk_ins_are_located_and_exit_2() {
    let rejects = |from: &str, to: &str, expected: &[&str]| {
        let text = DESK.replace(from, to);
        assert_ne!(text, DESK, "the edit {from:?} -> {to:?} changed nothing");
        let tmp = TempDir::new().unwrap();
        fs::write(tmp.path().join("q.toml"), text).unwrap();
        assert_rejected(tmp.path(), &["run", "q.toml"], expected);
    };
    rejects("agents = 3", "agents = 0", &["q.toml:15:", "1 to"]);
    rejects("agents = 3\n", "", &["walk_ins.agents", "add e.g."]);
    rejects(
        "rate_per_hour = 10",
        "profile = [1, 2]",
        &["q.toml:14:", "2 entries", "8 intervals"],
    );
    rejects("target = 0.8", "target = 8", &["q.toml:19:", "0 to 1"]);
    rejects(
        "threshold = \"5m\"",
        "treshold = \"5m\"",
        &["q.toml:18:1", "threshold"],
    );
}

/// With opening hours, visitors come only while the counter is open, and
/// its agents are paid for those hours only.
#[test]
fn the_counter_keeps_its_opening_hours() {
    let text = DESK.replace(
        "rate_per_hour = 10\n",
        "rate_per_hour = 10\nopen = [\"09:00\", \"13:00\"]\n",
    );
    let s = load_str(&text, "s.toml", Path::new("."), &[]).unwrap();
    let w = s.helpdesk.as_ref().unwrap().walk_ins.as_ref().unwrap();
    // The run starts at 00:00 and lasts 8 hours: the counter (09:00-13:00)
    // never opens.
    assert!(w.rates_per_hour.iter().all(|&r| r == 0.0));
    assert_eq!(w.staffed_seconds, 0.0);
    let text = text.replace("[time]\n", "[time]\nstart = \"07:00\"\n");
    let s = load_str(&text, "s.toml", Path::new("."), &[]).unwrap();
    let w = s.helpdesk.as_ref().unwrap().walk_ins.as_ref().unwrap();
    // 07:00-15:00: open from the third interval (09:00) to the sixth.
    assert_eq!(
        w.rates_per_hour,
        [0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 0.0, 0.0]
    );
    assert_eq!(w.staffed_seconds, 4.0 * 3600.0);
    let bad = text.replace(
        "open = [\"09:00\", \"13:00\"]",
        "open = [\"13:00\", \"09:00\"]",
    );
    let err = load_str(&bad, "s.toml", Path::new("."), &[]).unwrap_err();
    assert!(err.to_string().contains("closes before it opens"), "{err}");
}

/// An agent id in `calls.csv` names one person: the counter's agents are
/// numbered after every phone agent of the roster (shifts included), so a
/// walk-in row never shares an agent with a call, follow-up or ticket row.
#[test]
fn walk_in_agents_do_not_share_ids_with_phone_agents() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("out");
    let run = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "run",
            "scenarios/helpdesk-full.toml",
            "--calls-log",
            "-q",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = fs::read_to_string(out.join("calls.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (agent, channel) = (col("agent"), col("channel"));
    let mut walk_in = std::collections::BTreeSet::new();
    let mut others = std::collections::BTreeSet::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let Ok(id) = cells[agent].parse::<u32>() else {
            continue;
        };
        if cells[channel] == "walk_in" {
            walk_in.insert(id);
        } else {
            others.insert(id);
        }
    }
    assert!(!walk_in.is_empty() && !others.is_empty());
    // helpdesk-full's roster: 48 phone agents over its two shifts.
    assert!(walk_in.iter().all(|&a| a >= 48), "{walk_in:?}");
    assert!(walk_in.is_disjoint(&others), "{walk_in:?} / {others:?}");
}
