//! The `callsim` binary as a user drives it: outputs, determinism, exit
//! codes, and a clear located message for every kind of bad input.

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn callsim() -> Command {
    Command::cargo_bin("callsim").expect("the callsim binary is built for integration tests")
}

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = callsim()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("callsim starts");
    let run = Run {
        code: out
            .status
            .code()
            .expect("callsim exits normally, not by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "callsim panicked:\n{}",
        run.stderr
    );
    run
}

const OUTPUTS: [&str; 3] = ["summary.json", "intervals.csv", "wait_histogram.csv"];

/// The default run writes every contracted output with every contracted key.
#[test]
fn default_run_writes_the_contracted_outputs() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), &["run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("service level"), "{}", run.stdout);
    let dir = tmp.path().join("output/helpdesk-basic");
    for file in OUTPUTS {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    for key in [
        "scenario",
        "seed",
        "calls_arrived",
        "calls_blocked",
        "calls_offered",
        "calls_answered",
        "calls_abandoned",
        "service_level",
        "sla_threshold_seconds",
        "sla_target",
        "sla_met",
        "asa_seconds",
        "mean_wait_seconds",
        "prob_wait",
        "abandonment_rate",
        "blocking_rate",
        "occupancy",
        "mean_handle_seconds",
        "avg_queue_length",
        "max_queue_length",
    ] {
        assert!(summary.get(key).is_some(), "summary.json lacks `{key}`");
    }
    for key in ["p50", "p80", "p90", "p95", "p99", "max"] {
        assert!(
            summary["wait_seconds"].get(key).is_some(),
            "wait_seconds lacks `{key}`"
        );
    }
    let intervals = fs::read_to_string(dir.join("intervals.csv")).unwrap();
    assert_eq!(intervals.lines().count(), 21, "a header and 20 half hours");
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary files left behind: {leftovers:?}"
    );
}

/// Same scenario and seed: the same bytes; another seed: other results.
#[test]
fn same_seed_same_bytes_other_seed_other_results() {
    let tmp = TempDir::new().unwrap();
    let scenario = repo("scenarios/helpdesk-monday.toml");
    let scenario = scenario.to_str().unwrap();
    for (out, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        let run = run_in(
            tmp.path(),
            &["run", scenario, "--seed", seed, "--out", out, "-q"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let read = |dir: &str, file: &str| fs::read(tmp.path().join(dir).join(file)).unwrap();
    for file in OUTPUTS {
        assert_eq!(
            read("a", file),
            read("b", file),
            "{file} differs between identical runs"
        );
    }
    assert_ne!(read("a", "summary.json"), read("c", "summary.json"));
}

/// `--calls-log` streams one row per call, and the rows agree with the summary.
#[test]
fn calls_log_has_one_row_per_call() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), &["run", "--calls-log", "--out", "o", "-q"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let log = fs::read_to_string(tmp.path().join("o/calls.csv")).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(tmp.path().join("o/summary.json")).unwrap())
            .unwrap();
    let rows: Vec<&str> = log.lines().skip(1).collect();
    assert_eq!(
        rows.len() as u64,
        summary["calls_arrived"].as_u64().unwrap()
    );
    let abandoned = rows.iter().filter(|r| r.contains(",abandoned,")).count() as u64;
    assert_eq!(abandoned, summary["calls_abandoned"].as_u64().unwrap());
    let mut ids: Vec<u64> = rows
        .iter()
        .map(|r| r.split(',').next().unwrap().parse().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rows.len(), "every call appears exactly once");
}

/// `--require-sla` turns a missed target into exit code 1, a met one into 0.
#[test]
fn require_sla_sets_the_exit_code() {
    let tmp = TempDir::new().unwrap();
    let missed = run_in(
        tmp.path(),
        &["run", "--set", "agents.count=15", "--require-sla", "-q"],
    );
    assert_eq!(missed.code, 1, "{}{}", missed.stdout, missed.stderr);
    assert!(
        missed.stderr.contains("below the target"),
        "{}",
        missed.stderr
    );
    let met = run_in(
        tmp.path(),
        &["run", "--set", "agents.count=40", "--require-sla", "-q"],
    );
    assert_eq!(met.code, 0, "{}", met.stderr);
}

/// `--set` changes the run, and `validate` checks without writing anything.
#[test]
fn overrides_and_validate() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(
        tmp.path(),
        &[
            "run",
            "--set",
            "agents.count=31",
            "--set",
            "name=bigger",
            "-q",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(tmp.path().join("output/bigger/summary.json").is_file());
    let scenario = repo("scenarios/helpdesk-basic.toml");
    let ok = run_in(tmp.path(), &["validate", scenario.to_str().unwrap()]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(ok.stdout.contains("is valid"), "{}", ok.stdout);
}

const GOOD: &str = r#"name = "bad-input"
[time]
duration = "2h"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "5m"
[agents]
count = 10
"#;

/// Runs `callsim run` on `GOOD` with `from` replaced by `to` and expects exit
/// code 2 with every `expected` fragment in the message.
fn rejects(from: &str, to: &str, extra: &[&str], expected: &[&str]) {
    let tmp = TempDir::new().unwrap();
    let text = GOOD.replace(from, to);
    assert_ne!(text, GOOD, "the edit {from:?} -> {to:?} changed nothing");
    fs::write(tmp.path().join("s.toml"), text).unwrap();
    fs::write(tmp.path().join("bad.csv"), "rate_per_hour\n100\n12x\n").unwrap();
    fs::write(tmp.path().join("huge.csv"), "calls\n1e12\n1\n").unwrap();
    let mut args = vec!["run", "s.toml"];
    args.extend_from_slice(extra);
    assert_rejected(tmp.path(), &args, expected);
}

/// Runs callsim in `dir` and checks that it refuses the input: exit code 2,
/// every `expected` fragment in the message, and no `output/` folder.
pub fn assert_rejected(dir: &Path, args: &[&str], expected: &[&str]) {
    let run = run_in(dir, args);
    assert_eq!(
        run.code, 2,
        "{args:?}: expected exit 2, got {}:\n{}",
        run.code, run.stderr
    );
    for fragment in expected {
        assert!(
            run.stderr.contains(fragment),
            "{args:?}: message lacks {fragment:?}:\n{}",
            run.stderr
        );
    }
    assert!(
        !dir.join("output").exists(),
        "bad input must not write outputs"
    );
}

#[test]
fn bad_input_is_located_and_exits_2() {
    // TOML syntax error.
    rejects("count = 10", "count = = 10", &[], &["s.toml:10:", "error"]);
    // Unknown key, with a "did you mean" hint.
    rejects(
        "rate_per_hour",
        "rate_per_houre",
        &[],
        &["s.toml:5:1", "did you mean `rate_per_hour`"],
    );
    // Wrong type.
    rejects(
        "count = 10",
        "count = \"ten\"",
        &[],
        &["s.toml:10:9", "count"],
    );
    // Negative rate.
    rejects(
        "rate_per_hour = 100",
        "rate_per_hour = -3",
        &[],
        &["s.toml:5:17", "-3", "from 0 to"],
    );
    // Malformed duration.
    rejects(
        "mean = \"5m\"",
        "mean = \"5x\"",
        &[],
        &["s.toml:8:8", "\"5x\"", "h, m, s, ms"],
    );
    // A profile CSV with a bad row: located in the CSV file.
    rejects(
        "rate_per_hour = 100",
        "profile_file = \"bad.csv\"",
        &[],
        &["bad.csv:3:1", "12x"],
    );
    // --set on a field that does not exist.
    rejects(
        "count = 10",
        "count = 11",
        &["--set", "agents.cout=5"],
        &["--set agents.cout=5", "did you mean `agents.count`"],
    );
    // Values that would exhaust memory or never finish are refused, not attempted.
    rejects(
        "count = 10",
        "count = 4000000000",
        &[],
        &["s.toml:10:9", "from 1 to 100000"],
    );
    rejects(
        "rate_per_hour = 100",
        "rate_per_hour = 1e300",
        &[],
        &["s.toml:5:17", "1e9"],
    );
    rejects(
        "rate_per_hour = 100",
        "profile_file = \"huge.csv\"",
        &[],
        &["huge.csv:2:1", "1e9"],
    );
    // --set with a bad value.
    rejects(
        "count = 10",
        "count = 11",
        &["--set", "time.duration=abc"],
        &["--set time.duration=abc", "duration"],
    );
}

#[test]
fn missing_file_and_bad_flags_exit_2() {
    let tmp = TempDir::new().unwrap();
    let missing = run_in(tmp.path(), &["run", "nowhere.toml"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("nowhere.toml")
            && missing.stderr.contains("no such file or directory")
            && !missing.stderr.contains("os error"),
        "{}",
        missing.stderr
    );
    for args in [
        &["run", "--seed", "minus-one"][..],
        &["run", "--set", "no-equals-sign"],
        &["run", "--frobnicate"],
        &["fly"],
    ] {
        let run = run_in(tmp.path(), args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
    }
    let help = run_in(tmp.path(), &["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("run") && help.stdout.contains("validate"));
}
