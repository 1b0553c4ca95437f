//! Help-desk scenario files through the binary: the one-tier form is the
//! foundation form byte for byte, and every kind of bad help-desk input gets
//! exit code 2 with its location.

use crate::cli::{assert_rejected, repo, run_in};
use std::fs;
use tempfile::TempDir;

const POOL: &str = r#"name = "same"
seed = 7
[time]
duration = "3h"
interval = "15m"
[arrivals]
rate_per_hour = 300
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
[lines]
count = 30
[agents]
count = 21
"#;

const ONE_TIER: &str = r#"
[[tiers]]
level = 1
agents = 21
handle_factor = 1.0
diagnosis = "0s"
"#;

/// A one-tier `[[tiers]]` file with no help-desk rules gives the same bytes
/// as the `[agents]` file, in every output including the call log.
#[test]
fn a_one_tier_file_gives_the_foundation_bytes() {
    let tmp = TempDir::new().unwrap();
    let tiered = POOL.replace("[agents]\ncount = 21\n", ONE_TIER);
    assert_ne!(tiered, POOL);
    fs::write(tmp.path().join("pool.toml"), POOL).unwrap();
    fs::write(tmp.path().join("tiers.toml"), tiered).unwrap();
    for (file, out) in [("pool.toml", "a"), ("tiers.toml", "b")] {
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
            "{file} differs between the [agents] and [[tiers]] forms"
        );
    }
}

const DESK: &str = r#"name = "bad-desk"
[time]
duration = "2h"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "5m"
[calls]
topics = { network = 0.7, sap = 0.3 }
languages = { es = 0.9, en = 0.1 }
[[tiers]]
level = 1
agents = 8
skills = ["network"]
languages = ["es"]
[[tiers]]
level = 2
agents = 2
skills = ["network", "sap"]
languages = ["es", "en"]
handle_factor = 1.5
[customers]
normal = 0.8
angry = 0.2
"#;

fn desk_rejects(from: &str, to: &str, expected: &[&str]) {
    let tmp = TempDir::new().unwrap();
    let text = DESK.replace(from, to);
    assert_ne!(text, DESK, "the edit {from:?} -> {to:?} changed nothing");
    fs::write(tmp.path().join("d.toml"), text).unwrap();
    assert_rejected(tmp.path(), &["run", "d.toml"], expected);
}

#[test]
fn the_bad_desk_base_is_good() {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("d.toml"), DESK).unwrap();
    let run = run_in(tmp.path(), &["run", "d.toml", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn bad_help_desk_input_is_located_and_exits_2() {
    // An escalation path to a tier that lacks the needed skill: nobody can
    // resolve SAP calls.
    desk_rejects(
        "skills = [\"network\", \"sap\"]",
        "skills = [\"network\"]",
        &["d.toml:10:", "sap"],
    );
    // ... or English-speaking ones.
    desk_rejects(
        "languages = [\"es\", \"en\"]",
        "languages = [\"es\"]",
        &["d.toml:11:", "en"],
    );
    // Shares that do not sum to 1.
    desk_rejects("angry = 0.2", "angry = 0.3", &["d.toml:", "sum", "1.1"]);
    desk_rejects(
        "topics = { network = 0.7, sap = 0.3 }",
        "topics = { network = 0.7, sap = 0.2 }",
        &["d.toml:10:", "0.9"],
    );
    // Negative factors.
    desk_rejects(
        "handle_factor = 1.5",
        "handle_factor = -1.5",
        &["d.toml:22:", "-1.5"],
    );
    // Unknown customer type, with a hint.
    desk_rejects("angry = 0.2", "angyr = 0.2", &["d.toml:25:1", "angry"]);
    // A skill no call needs (a typo).
    desk_rejects(
        "skills = [\"network\"]\nlanguages = [\"es\"]",
        "skills = [\"netwrok\"]\nlanguages = [\"es\"]",
        &["d.toml:15:", "netwrok"],
    );
    // Tiers out of order, both [agents] and [[tiers]], bad policy.
    desk_rejects("level = 2", "level = 1", &["d.toml:18:", "level"]);
    desk_rejects(
        "[customers]",
        "[agents]\ncount = 3\n[customers]",
        &["agents", "tiers"],
    );
    desk_rejects(
        "[customers]",
        "[transfer]\npolicy = \"lukewarm\"\n[customers]",
        &["d.toml:24:", "lukewarm", "warm"],
    );
}

/// The shipped trainer pair runs, and differs only in the transfer policy.
#[test]
fn the_warm_and_cold_pair_runs() {
    let tmp = TempDir::new().unwrap();
    for name in ["helpdesk-tiers", "helpdesk-tiers-cold"] {
        let path = repo(&format!("scenarios/{name}.toml"));
        let run = run_in(tmp.path(), &["run", path.to_str().unwrap(), "--calls-log"]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        for section in ["help desk", "tier  agents", "class ", "customer "] {
            assert!(run.stdout.contains(section), "{name}: no {section:?}");
        }
        let out = tmp.path().join("output").join(name);
        assert!(out.join("summary.json").is_file());
        // One row per tier per interval, after the header.
        let tiers = fs::read_to_string(out.join("tier_intervals.csv")).unwrap();
        assert_eq!(tiers.lines().count(), 1 + 5 * 20, "{name}");
        // The call log names who called and which tiers served them.
        let calls = fs::read_to_string(out.join("calls.csv")).unwrap();
        let header: Vec<&str> = calls.lines().next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (path_col, end_col) = (col("tier_path"), col("case_end"));
        let mut escalated = 0;
        for row in calls.lines().skip(1) {
            let cells: Vec<&str> = row.split(',').collect();
            assert_eq!(cells.len(), header.len(), "{row}");
            let path = cells[path_col];
            if cells[end_col] == "unanswered" {
                assert_eq!(path, "", "{row}");
            } else {
                assert!(path.starts_with('1'), "every call enters at tier 1: {row}");
                escalated += usize::from(path.contains('>'));
            }
        }
        assert!(escalated > 100, "{name}: {escalated} escalated calls");
    }
    let warm = fs::read_to_string(repo("scenarios/helpdesk-tiers.toml")).unwrap();
    let cold = fs::read_to_string(repo("scenarios/helpdesk-tiers-cold.toml")).unwrap();
    let differing: Vec<(&str, &str)> = warm
        .lines()
        .zip(cold.lines())
        .filter(|(a, b)| a != b && !a.starts_with('#') && !a.starts_with("description"))
        .collect();
    assert_eq!(
        differing,
        [
            (
                "name = \"helpdesk-tiers\"",
                "name = \"helpdesk-tiers-cold\""
            ),
            (
                "policy = \"warm\"           # only to a free technician who accepts",
                "policy = \"cold\"           # blind into the next tier's queue"
            ),
        ]
    );
}
