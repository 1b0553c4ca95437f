//! Shift scenarios through the binary: one shift over the whole day is the
//! foundation form byte for byte; bad schedules get exit code 2 with their
//! location; the shipped rules-on / rules-off pair runs.

use crate::cli::{assert_rejected, repo, run_in};
use std::fs;
use tempfile::TempDir;

const POOL: &str = r#"name = "same"
seed = 5
[time]
duration = "4h"
interval = "30m"
start = "08:00"
[arrivals]
rate_per_hour = 240
[handle_time]
distribution = "lognormal"
mean = "4m"
cv = 0.8
[patience]
distribution = "exponential"
mean = "90s"
[wrap_up]
distribution = "constant"
mean = "20s"
[agents]
count = 17
"#;

const ONE_SHIFT: &str = r#"[[shifts]]
name = "all-day"
start = "08:00"
end = "12:00"
agents = 17
"#;

#[test]
fn one_shift_over_the_whole_day_gives_the_foundation_bytes() {
    let tmp = TempDir::new().unwrap();
    let shifted = POOL.replace("[agents]\ncount = 17\n", "");
    let shifted = format!("prep_time = \"0s\"\n{shifted}{ONE_SHIFT}");
    fs::write(tmp.path().join("pool.toml"), POOL).unwrap();
    fs::write(tmp.path().join("shift.toml"), shifted).unwrap();
    for (file, out) in [("pool.toml", "a"), ("shift.toml", "b")] {
        let run = run_in(
            tmp.path(),
            &["run", file, "--out", out, "--calls-log", "-q"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for file in [
        "summary.json",
        "intervals.csv",
        "wait_histogram.csv",
        "calls.csv",
    ] {
        let a = fs::read(tmp.path().join("a").join(file)).unwrap();
        let b = fs::read(tmp.path().join("b").join(file)).unwrap();
        assert!(a.len() > 100, "{file} is too small to compare");
        assert!(
            a == b,
            "{file} differs between the [agents] and [[shifts]] forms"
        );
    }
    assert!(!tmp.path().join("b/agents.csv").exists());
}

const DAY: &str = r#"name = "bad-day"
[time]
duration = "8h"
start = "08:00"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "5m"
[[shifts]]
name = "early"
start = "08:00"
end = "12:00"
agents = 6
[[shifts.breaks]]
duration = "15m"
window = ["09:30", "10:00"]
[[shifts]]
name = "late"
start = "12:00"
end = "16:00"
agents = 6
[breaks]
max_on_break = 1
"#;

fn day_rejects(from: &str, to: &str, expected: &[&str]) {
    let tmp = TempDir::new().unwrap();
    let text = DAY.replacen(from, to, 1);
    assert_ne!(text, DAY, "the edit {from:?} -> {to:?} changed nothing");
    fs::write(tmp.path().join("d.toml"), text).unwrap();
    assert_rejected(tmp.path(), &["run", "d.toml"], expected);
}

#[test]
fn the_bad_day_base_is_good() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("d.toml"), DAY).unwrap();
    let run = run_in(tmp.path(), &["run", "d.toml", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn bad_schedules_are_located_and_exit_2() {
    // The same agents in two overlapping periods.
    day_rejects(
        "name = \"late\"\nstart = \"12:00\"",
        "name = \"early\"\nstart = \"11:00\"",
        &["d.toml:20:", "overlaps", "11:00 to 16:00"],
    );
    // A break window outside its shift.
    day_rejects(
        "window = [\"09:30\", \"10:00\"]",
        "window = [\"13:30\", \"14:00\"]",
        &["d.toml:17:", "outside its shift"],
    );
    // A break longer than its shift.
    day_rejects(
        "duration = \"15m\"",
        "duration = \"5h\"",
        &["d.toml:16:", "not shorter than its"],
    );
    // Staggering that lets nobody go while breaks are required.
    day_rejects(
        "max_on_break = 1",
        "max_on_break = 0",
        &["d.toml:24:", "nobody could ever take one"],
    );
    // Times that do not parse.
    day_rejects(
        "end = \"16:00\"",
        "end = \"16:75\"",
        &["d.toml:21:", "invalid clock time"],
    );
    day_rejects(
        "start = \"12:00\"",
        "start = \"noon\"",
        &["d.toml:20:", "invalid clock time"],
    );
    // Nobody left at the close.
    day_rejects(
        "end = \"16:00\"",
        "end = \"15:00\"",
        &["close", "never be answered"],
    );
    // Both ways of giving agents.
    day_rejects(
        "[breaks]",
        "[agents]\ncount = 3\n[breaks]",
        &["[agents]", "[[shifts]]"],
    );
    // Unknown keys and kinds.
    day_rejects(
        "duration = \"15m\"",
        "duration = \"15m\"\nkind = \"nap\"",
        &["d.toml:17:", "nap", "lunch"],
    );
    day_rejects(
        "max_on_break = 1",
        "max_on_brake = 1",
        &["d.toml:24:1", "max_on_break"],
    );
}

/// The shipped trainer pair runs, and differs only in the two rules.
#[test]
fn the_rules_on_and_off_pair_runs() {
    let tmp = TempDir::new().unwrap();
    for name in ["helpdesk-shifts", "helpdesk-shifts-norules"] {
        let path = repo(&format!("scenarios/{name}.toml"));
        let run = run_in(tmp.path(), &["run", path.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        for section in ["workforce", "breaks", "on shift"] {
            assert!(run.stdout.contains(section), "{name}: no {section:?}");
        }
        let out = tmp.path().join("output").join(name);
        let agents = fs::read_to_string(out.join("agents.csv")).unwrap();
        assert_eq!(agents.lines().count(), 1 + 32, "{name}: one row per agent");
        let intervals = fs::read_to_string(out.join("intervals.csv")).unwrap();
        assert!(
            intervals
                .lines()
                .next()
                .unwrap()
                .ends_with("agents_scheduled,agents_available,agents_on_break")
        );
    }
    let on = fs::read_to_string(repo("scenarios/helpdesk-shifts.toml")).unwrap();
    let off = fs::read_to_string(repo("scenarios/helpdesk-shifts-norules.toml")).unwrap();
    let differing: Vec<(&str, &str)> = on
        .lines()
        .zip(off.lines())
        .filter(|(a, b)| a != b && !a.starts_with('#') && !a.starts_with("description"))
        .collect();
    assert_eq!(differing.len(), 3, "{differing:?}");
    assert!(differing[1].1.starts_with("no_break_while_waiting = false"));
    assert!(differing[2].1.starts_with("staggered = false"));
}
