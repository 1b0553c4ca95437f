//! `callsim trace` through the binary: every story is checked against the
//! `events.csv` of `callsim run --events` on the same scenario and seed, so
//! a trace says what the log says, at the same clock times, in the same
//! order, and nothing else.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

/// A length of time as the stories write it ("2 m 35 s", "0 s"), written
/// here again so the test does not borrow the formatter it checks.
fn span(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let parts: Vec<String> = [
        (total / 3600, "h"),
        (total / 60 % 60, "m"),
        (total % 60, "s"),
    ]
    .into_iter()
    .filter(|&(value, _)| value > 0)
    .map(|(value, unit)| format!("{value} {unit}"))
    .collect();
    if parts.is_empty() {
        "0 s".into()
    } else {
        parts.join(" ")
    }
}

/// One row of `events.csv`, as text.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    time: String,
    clock: String,
    kind: String,
    case: String,
    contact: String,
    visit: String,
    agent: String,
    tier: String,
    queue: String,
    rule: String,
    reason: String,
}

fn callsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callsim"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(args)
        .output()
        .unwrap()
}

/// The rows of `events.csv` written by `callsim run SCENARIO --events ARGS`.
fn events(scenario: &str, args: &[&str]) -> Vec<Row> {
    let out = TempDir::new().unwrap();
    let dir = out.path().to_str().unwrap();
    let mut all = vec![
        "run",
        scenario,
        "--events",
        "-q",
        "--no-charts",
        "--out",
        dir,
    ];
    all.extend(args);
    let done = callsim(&all);
    assert!(done.status.success(), "{all:?}: {done:?}");
    let text = std::fs::read_to_string(out.path().join("events.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let c: Vec<String> = line.split(',').map(str::to_owned).collect();
            assert_eq!(c.len(), 11, "{line}");
            Row {
                time: c[0].clone(),
                clock: c[1].clone(),
                kind: c[2].clone(),
                case: c[3].clone(),
                contact: c[4].clone(),
                visit: c[5].clone(),
                agent: c[6].clone(),
                tier: c[7].clone(),
                queue: c[8].clone(),
                rule: c[9].clone(),
                reason: c[10].clone(),
            }
        })
        .collect()
}

/// The standard output of a trace that must succeed.
fn trace(args: &[&str]) -> String {
    let mut all = vec!["trace"];
    all.extend(args);
    let done = callsim(&all);
    assert!(done.status.success(), "{all:?}: {done:?}");
    String::from_utf8(done.stdout).unwrap()
}

/// A story's lines: (clock, sentence, the rule's reason in words if any),
/// after the two headings and the blank line.
fn story(text: &str) -> Vec<(String, String, Option<String>)> {
    let mut lines: Vec<(String, String, Option<String>)> = Vec::new();
    for line in text.lines().skip(3) {
        if let Some(because) = line.strip_prefix(' ') {
            let last = lines.last_mut().expect("a reason follows its event");
            last.2 = Some(because.trim().to_owned());
        } else {
            let (clock, sentence) = line.split_once("  ").expect(line);
            lines.push((clock.to_owned(), sentence.to_owned(), None));
        }
    }
    lines
}

/// The clock as a one-day story shows it: `events.csv`'s without the day.
fn shown(clock: &str) -> &str {
    clock.strip_prefix("1/").expect("a one-day run")
}

/// A word the sentence of each kind these tests follow must hold.
fn word(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "arrived" => "arrives",
        "answered" => "answers",
        "visit_started" => "visit",
        "escalated" => "up a tier",
        "transfer_asked" => "warm transfer",
        "hold_started" => "on hold",
        "hold_ended" => "back from hold",
        "transfer_consented" => "(consent)",
        "transfer_refused" => "(refusal)",
        "transferred" => "moves to tier",
        "resolved" => "resolves",
        "ended" => "ends",
        "break_due" => "falls due",
        "break_deferred" => "held back",
        "break_taken" => "goes on break",
        "break_ended" => "back from break",
        _ => return None,
    })
}

/// Checks that `text` tells exactly `rows`, one line each, in order, at
/// their clock times, with the agent named where the view names it and
/// each rule's reason with its figures.
fn tells(text: &str, rows: &[&Row], names_agent: impl Fn(&Row) -> bool) {
    let lines = story(text);
    assert_eq!(lines.len(), rows.len(), "{text}");
    for (row, (clock, sentence, because)) in rows.iter().zip(&lines) {
        assert_eq!(clock, shown(&row.clock), "{row:?}\n{text}");
        if let Some(word) = word(&row.kind) {
            assert!(sentence.contains(word), "{row:?}: {sentence}");
        }
        if names_agent(row) {
            let agent = format!("agent {}", row.agent);
            let named = sentence.match_indices(&agent).any(|(at, _)| {
                !sentence[at + agent.len()..].starts_with(|c: char| c.is_ascii_digit())
            });
            assert!(named, "{row:?}: {sentence}");
        }
        match because {
            Some(because) => {
                assert!(
                    because.starts_with(&format!("rule {}:", row.rule)),
                    "{because}"
                );
                for figure in row.reason.split(' ') {
                    let (name, value) = figure.split_once('=').unwrap();
                    // Durations are told in words: 1800 s is `30 m`.
                    let told = match row.reason.starts_with("seconds=")
                        || ["expected", "offer_after"].contains(&name)
                    {
                        true => span(value.parse().unwrap()),
                        false => value.to_owned(),
                    };
                    assert!(because.contains(&told), "{row:?}: {because}");
                }
            }
            None => assert_eq!(row.rule, "", "{row:?}: {sentence}"),
        }
    }
}

#[test]
fn a_warm_transfer_is_told_event_by_event_at_the_log_s_clock_times() {
    let scenario = "scenarios/helpdesk-tiers.toml";
    let rows = events(scenario, &["--seed", "7"]);
    // The first case whose caller held for a tier-2 agent's consent.
    let pattern = [
        "transfer_asked",
        "hold_started",
        "hold_ended",
        "transfer_consented",
    ];
    let case = rows
        .iter()
        .filter(|r| r.kind == "transfer_consented")
        .map(|r| r.case.clone())
        .find(|case| {
            let kinds: Vec<&str> = rows
                .iter()
                .filter(|r| &r.case == case)
                .map(|r| r.kind.as_str())
                .collect();
            kinds.windows(4).any(|w| w == pattern)
        })
        .expect("helpdesk-tiers has a warm transfer after a hold");
    let of_case: Vec<&Row> = rows.iter().filter(|r| r.case == case).collect();
    let text = trace(&[scenario, "--seed", "7", "--case", &case]);
    assert!(text.starts_with("helpdesk-tiers, seed 7, replication 0\ncase "));
    let named = ["answered", "transfer_consented", "resolved", "hold_started"];
    tells(&text, &of_case, |r| named.contains(&r.kind.as_str()));
    // The agent who consented is of the next tier.
    let consent = of_case
        .iter()
        .find(|r| r.kind == "transfer_consented")
        .unwrap();
    let moved = of_case.iter().find(|r| r.kind == "transferred").unwrap();
    assert!(text.contains(&format!(
        "agent {} (tier {}) takes the caller (consent)",
        consent.agent, moved.tier
    )));
}

#[test]
fn a_deferred_break_is_in_the_agent_s_day_with_its_rule_and_reason() {
    let scenario = "scenarios/helpdesk-shifts.toml";
    let rows = events(scenario, &[]);
    let agent = rows
        .iter()
        .find(|r| r.kind == "break_deferred" && r.rule == "no_break_while_waiting")
        .map(|r| r.agent.clone())
        .expect("helpdesk-shifts defers a break while callers wait");
    let of_agent: Vec<&Row> = rows.iter().filter(|r| r.agent == agent).collect();
    let text = trace(&[scenario, "--agent", &agent]);
    assert!(
        text.contains(&format!("the day of agent {agent} (")),
        "{text}"
    );
    tells(&text, &of_agent, |_| false);
    let kinds: Vec<&str> = of_agent.iter().map(|r| r.kind.as_str()).collect();
    for kind in [
        "shift_started",
        "break_due",
        "break_deferred",
        "break_taken",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
}

#[test]
fn a_rule_lists_exactly_the_log_s_rows_of_that_rule() {
    let scenario = "scenarios/helpdesk-shifts.toml";
    let rows = events(scenario, &[]);
    for rule in ["staggered", "no_break_while_waiting", "max_deferral"] {
        let of_rule: Vec<&Row> = rows.iter().filter(|r| r.rule == rule).collect();
        assert!(!of_rule.is_empty(), "{rule} acts in helpdesk-shifts");
        let text = trace(&[scenario, "--rule", rule]);
        let acted = format!("rule {rule}: acted {} times", of_rule.len());
        assert!(text.contains(&acted), "{text}");
        tells(&text, &of_rule, |_| true);
    }
    let text = trace(&[scenario, "--rule", "warm_transfer"]);
    assert!(text.contains("rule warm_transfer: it did not act in this run"));
    assert_eq!(story(&text).len(), 0);
}

#[test]
fn json_holds_the_same_facts_as_the_log_and_the_text() {
    let scenario = "scenarios/helpdesk-tiers.toml";
    let rows = events(scenario, &[]);
    let refused = rows
        .iter()
        .find(|r| r.kind == "transfer_refused")
        .expect("helpdesk-tiers has a refused transfer");
    for subject in [
        ["--case", refused.case.as_str()],
        ["--agent", refused.agent.as_str()],
        ["--rule", "warm_transfer"],
    ] {
        let of: Vec<&Row> = rows
            .iter()
            .filter(|r| match subject[0] {
                "--case" => r.case == subject[1],
                "--agent" => r.agent == subject[1],
                _ => r.rule == subject[1],
            })
            .collect();
        let args = [scenario, subject[0], subject[1]];
        let text = story(&trace(&args));
        let json_args = [scenario, subject[0], subject[1], "--format", "json"];
        let raw = trace(&json_args);
        let json: Value = serde_json::from_str(&raw).unwrap();
        // serde_json reads floats to within an ulp; the text is exact.
        let times: Vec<f64> = raw
            .lines()
            .filter_map(|l| l.trim().strip_prefix("\"time\": "))
            .map(|t| t.trim_end_matches(',').parse().unwrap())
            .collect();
        assert_eq!(json["scenario"], "helpdesk-tiers");
        assert_eq!(json["seed"], 1);
        assert_eq!(json["replication"], 0);
        let lines = json["lines"].as_array().unwrap();
        assert_eq!(lines.len(), of.len(), "{subject:?}");
        assert_eq!(times.len(), of.len());
        for (((line, row), (clock, sentence, because)), time) in
            lines.iter().zip(&of).zip(&text).zip(times)
        {
            let cell = |v: &Value| match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(Ok(time), row.time.parse(), "{row:?}");
            for (key, value) in [
                ("clock", &row.clock),
                ("kind", &row.kind),
                ("case", &row.case),
                ("contact", &row.contact),
                ("visit", &row.visit),
                ("agent", &row.agent),
                ("tier", &row.tier),
                ("queue", &row.queue),
                ("rule", &row.rule),
            ] {
                assert_eq!(&cell(&line[key]), value, "{key} of {row:?}");
            }
            match line["reason"].as_object() {
                None => assert_eq!(row.reason, "", "{row:?}"),
                Some(reason) => {
                    assert_eq!(reason.len(), 2, "{row:?}");
                    for figure in row.reason.split(' ') {
                        let (name, value) = figure.split_once('=').unwrap();
                        assert_eq!(reason[name].as_f64(), value.parse().ok(), "{row:?}");
                    }
                }
            }
            assert_eq!(clock, shown(&row.clock));
            assert_eq!(line["text"].as_str(), Some(sentence.as_str()));
            assert_eq!(line["because"].as_str(), because.as_deref());
        }
    }
}

#[test]
fn a_case_agent_or_rule_that_is_not_one_exits_2_with_the_valid_ones() {
    let scenario = "scenarios/helpdesk-tiers.toml";
    let calls = events(scenario, &[])
        .iter()
        .filter(|r| r.kind == "arrived")
        .count();
    let beyond = calls.to_string();
    for (args, message) in [
        (
            vec!["--case", beyond.as_str()],
            format!(
                "error: --case {calls}: no such case: the calls of this run are 0 to {}",
                calls - 1
            ),
        ),
        (
            vec!["--agent", "36"],
            "error: --agent 36: no such agent: the agents of this scenario are 0 to 35".into(),
        ),
        (
            vec!["--rule", "no_breaks"],
            "error: --rule no_breaks: no such rule: the rules are no_break_while_waiting, \
             staggered, max_deferral, min_available, hold_limit, call_limit, warm_transfer, \
             virtual_hold, followup_expiry"
                .into(),
        ),
        (
            vec!["--case", "1", "--rule", "staggered"],
            "cannot be used with".into(),
        ),
        (vec![], "required".into()),
    ] {
        let mut all = vec!["trace", scenario];
        all.extend(&args);
        let done = callsim(&all);
        assert_eq!(done.status.code(), Some(2), "{args:?}: {done:?}");
        let stderr = String::from_utf8(done.stderr).unwrap();
        assert!(stderr.contains(&message), "{args:?}: {stderr}");
        assert!(done.stdout.is_empty());
    }
}

#[test]
fn a_repeat_call_points_to_its_case() {
    let scenario = "scenarios/helpdesk-full.toml";
    let rows = events(scenario, &[]);
    let repeat = rows
        .iter()
        .find(|r| r.kind == "arrived" && r.case != r.contact)
        .expect("helpdesk-full has repeat calls");
    let done = callsim(&["trace", scenario, "--case", &repeat.contact]);
    assert_eq!(done.status.code(), Some(2));
    let stderr = String::from_utf8(done.stderr).unwrap();
    let told = format!(
        "call {} is a repeat call of case {}: trace that case with --case {}",
        repeat.contact, repeat.case, repeat.case
    );
    assert!(stderr.contains(&told), "{stderr}");
    // The case's own story tells both calls.
    let text = trace(&[scenario, "--case", &repeat.case]);
    assert!(text.contains(&format!("call {} arrives (a repeat call)", repeat.contact)));
}

#[test]
fn a_training_pair_differs_exactly_from_where_the_rule_acted() {
    let scenario = "scenarios/helpdesk-shifts.toml";
    let off = "breaks.no_break_while_waiting=false";
    let rule = "no_break_while_waiting";
    let acts = story(&trace(&[scenario, "--rule", rule]));
    let (first, told, _) = acts.first().expect("the rule acts").clone();
    let agent = told
        .strip_prefix("agent ")
        .and_then(|t| t.split(':').next())
        .unwrap()
        .to_owned();
    let with = story(&trace(&[scenario, "--agent", &agent]));
    let without = story(&trace(&[scenario, "--agent", &agent, "--set", off]));
    // Clocks of a one-day run compare as text.
    let before = |s: &[(String, String, Option<String>)]| {
        s.iter()
            .take_while(|(clock, ..)| *clock < first)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(!before(&with).is_empty());
    assert_eq!(before(&with), before(&without));
    let at = before(&with).len();
    assert_ne!(with[at..], without[at..]);
    let acted = |s: &[(String, String, Option<String>)]| {
        s.iter()
            .any(|(.., because)| because.as_deref().is_some_and(|b| b.contains(rule)))
    };
    assert!(acted(&with));
    assert!(!acted(&without));
    assert!(story(&trace(&[scenario, "--rule", rule, "--set", off])).is_empty());
}
