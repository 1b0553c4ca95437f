//! The event log is the single source of truth: the headline figures of
//! `summary.json` are rebuilt here from `events.csv` alone, by code that
//! knows nothing of the engine's recorders, and must agree exactly (counts)
//! or to 1e-9 (times and shares, occupancy included). A figure that does not match exposes a missing event
//! or a recorder bug.

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

/// One row of `events.csv`, the columns these checks read.
struct Row {
    time: f64,
    kind: String,
    contact: Option<u64>,
    agent: Option<u64>,
    tier: Option<u64>,
    rule: String,
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
            Row {
                time: cells[0].parse().expect(line),
                kind: cells[2].to_owned(),
                contact: id(4),
                agent: id(6),
                tier: id(7),
                rule: cells[9].to_owned(),
            }
        })
        .collect()
}

/// Runs `callsim run SCENARIO --events ARGS` and returns its summary and
/// its event log.
fn run(scenario: &str, args: &[&str]) -> (Value, Vec<Row>) {
    let out = TempDir::new().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let done = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .current_dir(repo)
        .args(["run", scenario, "--events", "-q", "--no-charts", "--out"])
        .arg(out.path())
        .args(args)
        .output()
        .unwrap();
    assert!(done.status.success(), "{scenario} {args:?}: {done:?}");
    let summary = std::fs::read_to_string(out.path().join("summary.json")).unwrap();
    let events = std::fs::read_to_string(out.path().join("events.csv")).unwrap();
    (serde_json::from_str(&summary).unwrap(), parse(&events))
}

/// What a tier did, by tier level, as `summary.json` `tiers` counts it.
#[derive(Debug, Default, PartialEq)]
struct TierFigures {
    offered: u64,
    answered: u64,
    abandoned: u64,
    resolved: u64,
    escalated: u64,
    hung_up_on_hold: u64,
    callbacks_made: u64,
}

/// The figures rebuilt from the events.
#[derive(Debug, Default)]
struct Figures {
    arrived: u64,
    blocked: u64,
    answered: u64,
    abandoned: u64,
    within: u64,
    wait_answered: f64,
    wait_abandoned: f64,
    tiers: HashMap<u64, TierFigures>,
    breaks_taken: u64,
    breaks_deferred: u64,
    breaks_forced: u64,
    breaks_missed: u64,
    leave_granted: u64,
    leave_refused: u64,
}

/// A contact as its events tell it.
#[derive(Default)]
struct Contact {
    arrival: f64,
    counted: bool,
    answered: bool,
    /// The tier level of its last visit.
    tier: u64,
    /// A callback is being made: the next visit is a callback.
    calling_back: bool,
}

/// A break between falling due and its end, as its events tell it.
#[derive(Default, Clone, Copy)]
struct Break {
    deferred: bool,
    forced: bool,
}

fn rebuild(rows: &[Row], warmup: f64, threshold: f64) -> Figures {
    let mut f = Figures::default();
    let mut contacts: HashMap<u64, Contact> = HashMap::new();
    let mut pending: HashMap<u64, Break> = HashMap::new();
    let mut on_break: HashMap<u64, Break> = HashMap::new();
    let mut last = f64::NEG_INFINITY;
    for r in rows {
        assert!(r.time >= last, "events out of time order at {}", r.time);
        last = r.time;
        if let Some(id) = r.contact
            && !r.kind.starts_with("ticket")
        {
            let c = contacts.entry(id).or_default();
            let tier = r.tier.expect("a call event has a tier");
            match r.kind.as_str() {
                "arrived" => {
                    c.arrival = r.time;
                    c.counted = r.time >= warmup;
                    f.arrived += u64::from(c.counted);
                }
                "blocked" => f.blocked += u64::from(c.counted),
                "answered" => {
                    // A virtual-hold callback is the call answered.
                    c.calling_back = false;
                    c.answered = true;
                    if c.counted {
                        let wait = r.time - c.arrival;
                        f.answered += 1;
                        f.within += u64::from(wait <= threshold);
                        f.wait_answered += wait;
                    }
                }
                "abandoned" if c.counted => {
                    let t = f.tiers.entry(tier).or_default();
                    t.offered += 1;
                    t.abandoned += 1;
                    if !c.answered {
                        f.abandoned += 1;
                        f.wait_abandoned += r.time - c.arrival;
                    }
                }
                "callback_made" => c.calling_back = true,
                "visit_started" => {
                    c.tier = tier;
                    if c.counted {
                        let t = f.tiers.entry(tier).or_default();
                        if c.calling_back {
                            t.callbacks_made += 1;
                        } else {
                            t.offered += 1;
                            t.answered += 1;
                        }
                    }
                    c.calling_back = false;
                }
                "resolved" if c.counted => f.tiers.entry(tier).or_default().resolved += 1,
                "hung_up_on_hold" if c.counted => {
                    f.tiers.entry(tier).or_default().hung_up_on_hold += 1;
                }
                "transferred" if c.counted => f.tiers.entry(c.tier).or_default().escalated += 1,
                _ => {}
            }
            continue;
        }
        let Some(agent) = r.agent else { continue };
        match r.kind.as_str() {
            "break_due" => {
                pending.insert(agent, Break::default());
            }
            "break_deferred" => pending.get_mut(&agent).expect("a due break").deferred = true,
            "break_forced" => pending.get_mut(&agent).expect("a due break").forced = true,
            "break_taken" => {
                on_break.insert(agent, pending.remove(&agent).expect("a due break"));
            }
            "break_ended" | "break_missed" => {
                let b = if r.kind == "break_ended" {
                    f.breaks_taken += 1;
                    on_break.remove(&agent)
                } else {
                    f.breaks_missed += 1;
                    pending.remove(&agent)
                }
                .expect("a break under way or due");
                f.breaks_deferred += u64::from(b.deferred);
                f.breaks_forced += u64::from(b.forced);
            }
            "leave_started" => {
                assert_eq!(r.rule, "min_available");
                f.leave_granted += 1;
            }
            "leave_refused" => f.leave_refused += 1,
            _ => {}
        }
    }
    f
}

/// Whether `a` and `b` agree to 1e-9, relative to the larger.
/// Occupancy on a desk without shifts: the agents busy (from the start of
/// a piece of work, a visit, follow-up or ticket, until `idle`), on
/// average over the window, out of every agent.
fn rebuilt_occupancy(rows: &[Row], from: f64, to: f64, agents: u64) -> f64 {
    let mut busy: HashMap<u64, bool> = HashMap::new();
    let (mut now_busy, mut since, mut total) = (0u64, from, 0.0);
    let mut advance = |at: f64, now_busy: u64| {
        let at = at.clamp(from, to);
        if at > since {
            total += now_busy as f64 * (at - since);
            since = at;
        }
    };
    for r in rows {
        let Some(agent) = r.agent else { continue };
        let works = matches!(
            r.kind.as_str(),
            "visit_started" | "followup_made" | "ticket_started"
        );
        let was = busy.get(&agent).copied().unwrap_or(false);
        if works && !was {
            advance(r.time, now_busy);
            busy.insert(agent, true);
            now_busy += 1;
        } else if r.kind == "idle" && was {
            advance(r.time, now_busy);
            busy.insert(agent, false);
            now_busy -= 1;
        }
    }
    advance(to, now_busy);
    total / ((to - from) * agents as f64)
}

/// A tier's counts as `summary.json` reports them.
fn recorded_tier(t: &Value) -> TierFigures {
    TierFigures {
        offered: count(t, "calls_offered"),
        answered: count(t, "calls_answered"),
        abandoned: count(t, "calls_abandoned"),
        resolved: count(t, "resolved"),
        escalated: count(t, "escalated"),
        hung_up_on_hold: count(t, "hung_up_on_hold"),
        callbacks_made: count(t, "callbacks_made"),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn count(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// Checks every figure the events rebuild against `summary.json`.
fn check(scenario: &str, args: &[&str]) {
    let (s, rows) = run(scenario, args);
    let what = format!("{scenario} {args:?}");
    let warmup = s["window_start_seconds"].as_f64().unwrap();
    let threshold = s["sla_threshold_seconds"].as_f64().unwrap();
    let mut f = rebuild(&rows, warmup, threshold);
    assert!(f.arrived > 0, "{what}: no calls");
    let counts = [
        ("calls_arrived", f.arrived),
        ("calls_blocked", f.blocked),
        ("calls_offered", f.arrived - f.blocked),
        ("calls_answered", f.answered),
        ("calls_abandoned", f.abandoned),
        ("calls_answered_within_threshold", f.within),
    ];
    for (key, rebuilt) in counts {
        assert_eq!(rebuilt, count(&s, key), "{what}: {key}");
    }
    let offered = (f.answered + f.abandoned) as f64;
    let ratios = [
        ("service_level", f.within as f64 / offered),
        ("asa_seconds", f.wait_answered / f.answered as f64),
        (
            "mean_wait_seconds",
            (f.wait_answered + f.wait_abandoned) / offered,
        ),
    ];
    for (key, rebuilt) in ratios {
        let recorded = s[key].as_f64().unwrap();
        assert!(
            close(rebuilt, recorded),
            "{what}: {key} {rebuilt} vs {recorded}"
        );
    }
    if f.abandoned > 0 {
        let recorded = s["mean_abandon_wait_seconds"].as_f64().unwrap();
        let rebuilt = f.wait_abandoned / f.abandoned as f64;
        assert!(close(rebuilt, recorded), "{what}: mean abandon wait");
    }
    if let (Some(tiers), None) = (s["tiers"].as_array(), s.get("workforce")) {
        // Without shifts every agent is there the whole window.
        let agents = tiers.iter().map(|t| count(t, "agents")).sum();
        let (from, to) = (warmup, s["window_end_seconds"].as_f64().unwrap());
        let rebuilt = rebuilt_occupancy(&rows, from, to, agents);
        let recorded = s["occupancy"].as_f64().unwrap();
        assert!(
            close(rebuilt, recorded),
            "{what}: occupancy {rebuilt} vs {recorded}"
        );
    }
    if let Some(tiers) = s["tiers"].as_array() {
        for t in tiers {
            let level = count(t, "level");
            let recorded = recorded_tier(t);
            let rebuilt = f.tiers.remove(&level).unwrap_or_default();
            assert_eq!(rebuilt, recorded, "{what}: tier {level}");
        }
        let levels: Vec<&u64> = f.tiers.keys().collect();
        assert!(
            levels.is_empty(),
            "{what}: events at tiers {levels:?} not in the summary"
        );
    }
    if let Some(w) = s.get("workforce") {
        let staff = [
            ("breaks_taken", f.breaks_taken),
            ("breaks_deferred", f.breaks_deferred),
            ("breaks_forced", f.breaks_forced),
            ("breaks_missed", f.breaks_missed),
            ("leave_granted", f.leave_granted),
            ("leave_refused", f.leave_refused),
        ];
        for (key, rebuilt) in staff {
            assert_eq!(rebuilt, count(w, key), "{what}: workforce {key}");
        }
    }
}

#[test]
fn a_tiered_desk_s_figures_are_rebuilt_from_its_events_over_several_seeds() {
    for seed in ["1", "2", "3"] {
        check("scenarios/helpdesk-tiers.toml", &["--seed", seed]);
    }
    check("scenarios/helpdesk-tiers-cold.toml", &[]);
}

#[test]
fn an_overloaded_desk_with_a_warm_up_is_rebuilt_from_its_events() {
    check(
        "scenarios/helpdesk-tiers.toml",
        &["--set", "tiers.0.agents=12", "--set", "time.warmup=2h"],
    );
}

#[test]
fn shifts_breaks_and_leave_are_rebuilt_from_the_events() {
    check("scenarios/helpdesk-shifts.toml", &[]);
    check("scenarios/helpdesk-shifts-norules.toml", &["--seed", "7"]);
}

#[test]
fn a_run_of_several_days_with_every_desk_feature_is_rebuilt_from_its_events() {
    check("scenarios/helpdesk-forecast.toml", &[]);
    check("scenarios/helpdesk-full.toml", &[]);
}

#[test]
fn a_single_pool_runs_on_the_desk_and_is_rebuilt_from_its_events() {
    check(
        "scenarios/erlang-c-p05.toml",
        &["--set", "time.duration=48h"],
    );
}

/// Runs `callsim run scenarios/helpdesk-tiers.toml --events ARGS` in a
/// fresh folder; returns the exit code, stderr and the log if written.
fn run_window(args: &[&str]) -> (i32, String, Option<String>) {
    let out = TempDir::new().unwrap();
    let done = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "scenarios/helpdesk-tiers.toml", "--events", "-q"])
        .args(["--no-charts", "--out"])
        .arg(out.path())
        .args(args)
        .output()
        .unwrap();
    let log = std::fs::read_to_string(out.path().join("events.csv")).ok();
    let stderr = String::from_utf8_lossy(&done.stderr).into_owned();
    (done.status.code().unwrap(), stderr, log)
}

#[test]
fn the_window_keeps_only_its_events() {
    // helpdesk-tiers opens at 08:00: 09:00 is an hour into the run.
    let (code, _, log) = run_window(&["--events-from", "09:00", "--events-to", "1/09:30:00"]);
    assert_eq!(code, 0);
    let rows = parse(&log.unwrap());
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| (3600.0..5400.0).contains(&r.time)));
}

#[test]
fn a_bad_or_empty_window_is_a_usage_error_and_writes_no_log() {
    let cases: [(&[&str], &str); 4] = [
        (&["--events-from", "25:00"], "--events-from"),
        (&["--events-to", "0/09:00"], "--events-to"),
        (&["--events-from", "9h"], "--events-from"),
        (
            &["--events-from", "11:00", "--events-to", "10:00"],
            "not before",
        ),
    ];
    for (args, says) in cases {
        let (code, stderr, log) = run_window(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(log.is_none(), "{args:?}");
    }
}

/// `visits.csv` (written with `--calls-log`) has one row per visit: its
/// counted rows give each tier's counts in `summary.json`, and every
/// escalation names the tier of the contact's next visit.
#[test]
fn visits_csv_gives_each_tier_s_counts_and_each_case_s_path() {
    for scenario in [
        "scenarios/helpdesk-tiers.toml",
        "scenarios/helpdesk-tiers-cold.toml",
    ] {
        let out = TempDir::new().unwrap();
        let done = Command::new(env!("CARGO_BIN_EXE_callsim"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", scenario, "--calls-log", "-q", "--no-charts", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert!(done.status.success(), "{done:?}");
        assert!(
            !out.path().join("events.csv").exists(),
            "--events not asked"
        );
        let text = std::fs::read_to_string(out.path().join("visits.csv")).unwrap();
        let summary: Value = serde_json::from_str(
            &std::fs::read_to_string(out.path().join("summary.json")).unwrap(),
        )
        .unwrap();
        let rows: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let mut tiers: HashMap<u64, TierFigures> = HashMap::new();
        // The next tier each contact is expected at, from its escalation.
        let mut expected: HashMap<&str, &str> = HashMap::new();
        for r in &rows {
            assert!(
                !r[0].is_empty(),
                "{scenario}: a visit without its case: {r:?}"
            );
            if let Some(tier) = expected.remove(r[1]) {
                assert_eq!(tier, r[2], "{scenario}: {r:?}");
            }
            if r[13] == "escalated" {
                expected.insert(r[1], r[14]);
            }
            if r[16] != "true" {
                continue;
            }
            let t = tiers.entry(r[2].parse().unwrap()).or_default();
            let taken = !r[6].is_empty();
            if r[15] == "true" {
                t.callbacks_made += u64::from(taken);
            } else {
                t.offered += 1;
                t.answered += u64::from(taken);
            }
            match r[13] {
                "resolved" => t.resolved += 1,
                "escalated" => t.escalated += 1,
                "abandoned" => t.abandoned += 1,
                "hung_up_on_hold" => t.hung_up_on_hold += 1,
                _ => {}
            }
        }
        for t in summary["tiers"].as_array().unwrap() {
            let level = count(t, "level");
            let recorded = recorded_tier(t);
            let rebuilt = tiers.remove(&level).unwrap_or_default();
            assert_eq!(rebuilt, recorded, "{scenario}: tier {level}");
        }
    }
}

/// `agent_states.csv` (written with `--events`) tiles each agent's run with
/// intervals, and its time logged in and available for calls is the
/// workforce's paid and available time in `summary.json`.
#[test]
fn agent_states_csv_tiles_each_agent_s_day_and_gives_the_paid_time() {
    let out = TempDir::new().unwrap();
    let done = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "scenarios/helpdesk-shifts.toml", "--events", "-q"])
        .args(["--no-charts", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(done.status.success(), "{done:?}");
    let text = std::fs::read_to_string(out.path().join("agent_states.csv")).unwrap();
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("summary.json")).unwrap())
            .unwrap();
    let (mut paid, mut available) = (0.0, 0.0);
    let mut ends: HashMap<&str, f64> = HashMap::new();
    for line in text.lines().skip(1) {
        let r: Vec<&str> = line.split(',').collect();
        let (start, end): (f64, f64) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert!(end > start, "{line}");
        let previous = ends.insert(r[0], end).unwrap_or(0.0);
        assert_eq!(
            previous, start,
            "{line}: not where the agent's last interval ended"
        );
        if r[4] != "offline" {
            paid += end - start;
        }
        if matches!(r[4], "idle" | "talk" | "hold" | "wrap_up") {
            available += end - start;
        }
    }
    let w = &summary["workforce"];
    assert_eq!(ends.len() as u64, count(w, "agents"));
    assert!(close(paid, w["paid_seconds"].as_f64().unwrap()), "{paid}");
    let recorded = w["available_seconds"].as_f64().unwrap();
    assert!(close(available, recorded), "{available} vs {recorded}");
}
