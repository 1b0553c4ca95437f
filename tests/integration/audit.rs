//! The rule audit of `summary.json` is rebuilt here from `events.csv`
//! alone, by code that knows nothing of the audit's recorder: each rule
//! that is on must have acted as often as its decisions in the log, with
//! the same delays (to 1e-9) and the same figures protected; a rule that is
//! off has no line, and a run with no rule on has no `rules` section.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

/// One row of `events.csv`, the columns the audit reads.
struct Row {
    time: f64,
    kind: String,
    case: Option<u64>,
    agent: Option<u64>,
    queue: Option<u64>,
    rule: String,
    /// The reason's first figure (`waiting=2 threshold=1` gives 2).
    reason: Option<f64>,
}

fn parse(text: &str) -> Vec<Row> {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("time_seconds,clock,kind,case,contact,visit,agent,tier,queue,rule,reason")
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 11, "{line}");
            let id = |i: usize| (!cells[i].is_empty()).then(|| cells[i].parse().expect(line));
            let reason = cells[10].split(' ').next().and_then(|first| {
                let (_, value) = first.split_once('=')?;
                Some(value.parse().expect(line))
            });
            Row {
                time: cells[0].parse().expect(line),
                kind: cells[2].to_owned(),
                case: id(3),
                agent: id(6),
                queue: id(8),
                rule: cells[9].to_owned(),
                reason,
            }
        })
        .collect()
}

/// Runs `callsim run SCENARIO --events ARGS` and returns its summary, its
/// event log and what it printed.
fn run(scenario: &str, args: &[&str]) -> (Value, Vec<Row>, String) {
    let out = TempDir::new().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let done = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .current_dir(repo)
        .args(["run", scenario, "--events", "--no-charts", "--out"])
        .arg(out.path())
        .args(args)
        .output()
        .unwrap();
    assert!(done.status.success(), "{scenario}: {done:?}");
    let summary = std::fs::read_to_string(out.path().join("summary.json")).unwrap();
    let events = std::fs::read_to_string(out.path().join("events.csv")).unwrap();
    (
        serde_json::from_str(&summary).unwrap(),
        parse(&events),
        String::from_utf8(done.stdout).unwrap(),
    )
}

/// One rule's figures as rebuilt from the log.
#[derive(Debug, Default)]
struct Rebuilt {
    acted: u64,
    delays: Vec<f64>,
    protected: u64,
}

/// What the log says of one agent between events.
#[derive(Default)]
struct Agent {
    deferred: Option<(f64, String)>,
    forced: Option<f64>,
    leave_refused: Option<f64>,
}

fn rule<'a>(rules: &'a mut BTreeMap<String, Rebuilt>, name: &str) -> &'a mut Rebuilt {
    rules.entry(name.to_owned()).or_default()
}

/// Every rule's figures from the log; acts count from the warm-up on.
fn rebuild(rows: &[Row], warmup: f64) -> BTreeMap<String, Rebuilt> {
    let mut rules: BTreeMap<String, Rebuilt> = BTreeMap::new();
    let mut agents: HashMap<u64, Agent> = HashMap::new();
    let mut asks: HashMap<u64, f64> = HashMap::new();
    for r in rows {
        let counted = r.time >= warmup;
        let decided = !r.rule.is_empty();
        if decided && counted && r.kind != "leave_started" {
            rules.entry(r.rule.clone()).or_default().acted += 1;
        }
        let agent = r.agent.map(|a| agents.entry(a).or_default());
        match r.kind.as_str() {
            "break_deferred" if decided && counted => {
                rule(&mut rules, &r.rule).protected += r.reason.unwrap() as u64;
                agent.unwrap().deferred = Some((r.time, r.rule.clone()));
            }
            "break_forced" if decided && counted => agent.unwrap().forced = Some(r.time),
            "break_taken" => {
                let a = agent.unwrap();
                if let Some((since, name)) = a.deferred.take() {
                    rule(&mut rules, &name).delays.push(r.time - since);
                }
                if let Some(since) = a.forced.take() {
                    let m = rule(&mut rules, "max_deferral");
                    m.delays.push(r.time - since);
                    m.protected += 1;
                }
            }
            "break_missed" => {
                let a = agent.unwrap();
                (a.deferred, a.forced) = (None, None);
                if decided && counted {
                    rule(&mut rules, &r.rule).protected += r.queue.unwrap_or(0);
                }
            }
            "shift_ended" => *agent.unwrap() = Agent::default(),
            "leave_refused" if decided && counted => {
                rule(&mut rules, &r.rule).protected += r.reason.unwrap() as u64;
                agent.unwrap().leave_refused.get_or_insert(r.time);
            }
            "leave_started" => {
                if let Some(since) = agent.unwrap().leave_refused.take() {
                    rule(&mut rules, "min_available")
                        .delays
                        .push(r.time - since);
                }
            }
            "transfer_asked" if counted => {
                asks.insert(r.case.unwrap(), r.time);
            }
            "transfer_consented" | "transfer_refused" | "hung_up_on_hold" => {
                if let Some(since) = asks.remove(&r.case.unwrap()) {
                    let w = rule(&mut rules, "warm_transfer");
                    w.delays.push(r.time - since);
                    w.protected += u64::from(r.kind == "transfer_consented");
                }
            }
            "callback_offered" if decided && counted => {
                rule(&mut rules, &r.rule).delays.push(r.reason.unwrap());
            }
            "callback_accepted" if counted => rule(&mut rules, "virtual_hold").protected += 1,
            "followup_missed" if decided && counted => {
                rule(&mut rules, &r.rule).delays.push(r.reason.unwrap());
            }
            _ => {}
        }
    }
    rules
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Checks the `rules` section of `callsim run SCENARIO ARGS` against its
/// log: exactly the rules `on`, each with the log's figures.
fn check(scenario: &str, args: &[&str], on: &[&str]) -> Value {
    let (summary, rows, _) = run(scenario, args);
    let warmup = summary["window_start_seconds"].as_f64().unwrap();
    let rules = summary["rules"].as_object().expect("a rules section");
    // serde_json's map sorts the keys.
    let names: Vec<&str> = rules.keys().map(String::as_str).collect();
    let mut want = on.to_vec();
    want.sort_unstable();
    assert_eq!(names, want, "{scenario} {args:?}");
    let mut rebuilt = rebuild(&rows, warmup);
    for (name, audit) in rules {
        let r = rebuilt.remove(name.as_str()).unwrap_or_default();
        let what = format!("{scenario} {args:?} {name}: {audit}");
        assert_eq!(audit["acted"].as_u64(), Some(r.acted), "{what}");
        if let Some(p) = audit.get("protected") {
            assert_eq!(p["total"].as_u64(), Some(r.protected), "{what}");
        }
        if let Some(d) = audit.get("delay") {
            assert_eq!(d["count"].as_u64(), Some(r.delays.len() as u64), "{what}");
            let mean = (!r.delays.is_empty())
                .then(|| r.delays.iter().sum::<f64>() / r.delays.len() as f64);
            let max = r.delays.iter().copied().reduce(f64::max);
            for (key, want) in [("mean_seconds", mean), ("max_seconds", max)] {
                match (d[key].as_f64(), want) {
                    (Some(got), Some(want)) => assert!(close(got, want), "{what}: {key} {want}"),
                    (None, None) => {}
                    (got, want) => panic!("{what}: {key} {got:?}, the log {want:?}"),
                }
            }
        }
    }
    // Decisions of a rule that is off would be a rule acting unseen.
    for (name, r) in rebuilt {
        assert_eq!(r.acted, 0, "{scenario}: {name} acted but has no line");
    }
    summary
}

#[test]
fn the_break_rules_audit_is_rebuilt_from_the_event_log() {
    let summary = check(
        "scenarios/helpdesk-shifts.toml",
        &[],
        &[
            "no_break_while_waiting",
            "staggered",
            "max_deferral",
            "min_available",
        ],
    );
    let rules = &summary["rules"];
    let deferred = rules["no_break_while_waiting"]["acted"].as_u64().unwrap()
        + rules["staggered"]["acted"].as_u64().unwrap();
    assert!(deferred > 0, "helpdesk-shifts defers breaks");
    assert_eq!(
        summary["workforce"]["breaks_deferred"].as_u64(),
        Some(deferred)
    );
    assert_eq!(
        summary["workforce"]["breaks_forced"],
        rules["max_deferral"]["acted"]
    );
}

#[test]
fn a_training_pair_audits_the_rule_it_switches_on_and_not_the_other() {
    let on = check(
        "scenarios/training/callbacks-on.toml",
        &[],
        &["warm_transfer", "virtual_hold"],
    );
    let callbacks = &on["quality"]["callbacks"];
    let audit = &on["rules"]["virtual_hold"];
    assert_eq!(audit["acted"], callbacks["offered"]);
    assert_eq!(audit["protected"]["total"], callbacks["accepted"]);
    check(
        "scenarios/training/callbacks-off.toml",
        &[],
        &["warm_transfer"],
    );
    check(
        "scenarios/training/transfers-warm.toml",
        &[],
        &["hold_limit", "warm_transfer"],
    );
    check(
        "scenarios/training/transfers-cold.toml",
        &[],
        &["hold_limit"],
    );
}

#[test]
fn a_run_with_no_rule_on_has_no_audit() {
    let (summary, _, printed) = run("scenarios/helpdesk-basic.toml", &[]);
    assert!(summary.get("rules").is_none(), "{summary}");
    assert!(!printed.contains("delay: mean / max"), "{printed}");
}

#[test]
fn every_rule_of_the_full_desk_is_audited_from_the_warm_up_on() {
    let all = [
        "no_break_while_waiting",
        "staggered",
        "max_deferral",
        "hold_limit",
        "call_limit",
        "warm_transfer",
        "virtual_hold",
        "followup_expiry",
    ];
    let cold = check("scenarios/helpdesk-full.toml", &[], &all);
    let warm = check(
        "scenarios/helpdesk-full.toml",
        &["--set", "time.warmup=2h"],
        &all,
    );
    let acted = |s: &Value| s["rules"]["call_limit"]["acted"].as_u64().unwrap();
    assert!(
        acted(&warm) < acted(&cold),
        "acts in the warm-up are not counted"
    );
}
