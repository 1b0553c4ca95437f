//! `sweep`, `merge` and `compare` through the binary.

use crate::cli::{assert_rejected, repo, run_in};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use tempfile::TempDir;

pub(super) const SCENARIO: &str = r#"name = "small"
seed = 4
[time]
duration = "3h"
interval = "30m"
warmup = "15m"
[arrivals]
rate_per_hour = 240
[handle_time]
distribution = "exponential"
mean = "3m"
[patience]
distribution = "exponential"
mean = "2m"
[agents]
count = 12
"#;

pub(super) const EXPERIMENT: &str = r#"name = "small-sweep"
scenario = "small.toml"
replications = 5
seed = 11
sla = { threshold = "20s", target = 0.8 }
[[parameters]]
path = "agents.count"
range = { from = 10, to = 14, step = 2 }
[[parameters]]
path = "arrivals.scale"
values = [1.0, 1.2]
"#;

pub(super) fn setup(experiment: &str) -> TempDir {
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("small.toml"), SCENARIO).unwrap();
    fs::write(tmp.path().join("exp.toml"), experiment).unwrap();
    tmp
}

pub(super) fn sweep(dir: &Path, args: &[&str]) {
    let mut all = vec!["sweep", "exp.toml", "-q"];
    all.extend_from_slice(args);
    let run = run_in(dir, &all);
    assert_eq!(run.code, 0, "{all:?}: {}", run.stderr);
}

fn finals(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    (
        fs::read(dir.join("runs.csv")).unwrap(),
        fs::read(dir.join("points.csv")).unwrap(),
    )
}

#[test]
fn results_are_the_same_bytes_for_any_jobs_and_sharding() {
    let tmp = setup(EXPERIMENT);
    let d = tmp.path();
    sweep(d, &["--out", "one", "--jobs", "1"]);
    let reference = finals(&d.join("one"));
    let runs = String::from_utf8(reference.0.clone()).unwrap();
    assert_eq!(runs.lines().count(), 1 + 3 * 2 * 5, "one row per unit");
    assert!(runs.starts_with("point,agents.count,arrivals.scale,replication,seed,calls_arrived,"));
    let points = String::from_utf8(reference.1.clone()).unwrap();
    assert_eq!(points.lines().count(), 1 + 6);
    assert!(
        points
            .lines()
            .next()
            .unwrap()
            .contains("service_level_ratio_of_sums")
    );
    sweep(d, &["--out", "two", "--jobs", "2"]);
    assert!(finals(&d.join("two")) == reference, "--jobs 2 differs");
    for shards in [3u64, 7] {
        let dirs: Vec<String> = (0..shards).map(|i| format!("s{shards}-{i}")).collect();
        for (i, dir) in dirs.iter().enumerate() {
            sweep(d, &["--out", dir, "--shard", &format!("{i}/{shards}")]);
        }
        let mut args = vec!["merge"];
        args.extend(dirs.iter().map(String::as_str));
        let merged = format!("merged{shards}");
        args.extend(["--out", &merged]);
        let run = run_in(d, &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            finals(&d.join(&merged)) == reference,
            "{shards} shards differ"
        );
    }
    // Shards sharing one folder finish it themselves.
    for i in 0..3 {
        sweep(d, &["--out", "shared", "--shard", &format!("{i}/3")]);
    }
    assert!(finals(&d.join("shared")) == reference);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn a_killed_sweep_resumes_to_the_same_files() {
    // Enough work that the kills land mid-run: a few seconds on one core.
    let experiment = EXPERIMENT.replace("replications = 5", "replications = 40");
    let tmp = setup(&experiment);
    let long = SCENARIO.replace("duration = \"3h\"", "duration = \"240h\"");
    fs::write(tmp.path().join("small.toml"), long).unwrap();
    let d = tmp.path();
    let started = std::time::Instant::now();
    sweep(d, &["--out", "whole", "--jobs", "1"]);
    let whole = started.elapsed();
    let reference = finals(&d.join("whole"));
    let bin = env!("CARGO_BIN_EXE_callsim");
    // Kill each attempt as soon as it has saved a new part (parts are
    // written every 0.5 s): mid-run whatever the machine's load, and each
    // attempt resumes the last one's parts without reaching the end.
    let count_parts = || {
        fs::read_dir(d.join("killed/parts")).map_or(0, |entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| !e.file_name().to_string_lossy().ends_with(".partial"))
                .count()
        })
    };
    let mut killed_mid_run = 0;
    for attempt in 0..3 {
        let mut args = vec!["sweep", "exp.toml", "-q", "--out", "killed", "--jobs", "1"];
        if attempt > 0 {
            args.push("--resume");
        }
        let before = count_parts();
        let mut child = Command::new(bin)
            .args(&args)
            .current_dir(d)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + whole * 4 + Duration::from_secs(10);
        while child.try_wait().unwrap().is_none()
            && count_parts() <= before
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        killed_mid_run += usize::from(child.try_wait().unwrap().is_none());
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let _ = child.wait();
    }
    assert!(
        killed_mid_run >= 2,
        "the sweep finished before the kills ({whole:?} in all)"
    );
    let parts = fs::read_dir(d.join("killed/parts")).unwrap().count();
    assert!(parts > 0, "no part survived the kills");
    let partial_runs = d.join("killed/runs.csv").exists();
    sweep(d, &["--out", "killed", "--jobs", "2", "--resume"]);
    assert!(
        finals(&d.join("killed")) == reference,
        "resumed files differ (finished before the kills: {partial_runs})"
    );
    // Resuming a finished sweep runs nothing and changes nothing.
    let run = run_in(
        d,
        &["sweep", "exp.toml", "-q", "--out", "killed", "--resume"],
    );
    assert!(run.stdout.contains("ran 0 unit(s)"), "{}", run.stdout);
    assert!(finals(&d.join("killed")) == reference);
    // Without --resume, finished units are not silently redone.
    let run = run_in(d, &["sweep", "exp.toml", "-q", "--out", "killed"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--resume"), "{}", run.stderr);
}

fn rejects(experiment: &str, args: &[&str], expected: &[&str]) {
    let tmp = setup(experiment);
    let mut all = vec!["sweep", "exp.toml", "-q"];
    all.extend_from_slice(args);
    assert_rejected(tmp.path(), &all, expected);
}

#[test]
fn bad_experiments_exit_2_with_a_clear_message() {
    rejects(
        &EXPERIMENT.replace("path = \"agents.count\"", "path = \"agents.cont\""),
        &[],
        &[
            "exp.toml:7:8",
            "unknown key `cont`",
            "did you mean `agents.count`?",
        ],
    );
    rejects(
        &EXPERIMENT.replace("values = [1.0, 1.2]", "values = []"),
        &[],
        &["exp.toml:11:", "the grid has no point"],
    );
    rejects(
        &EXPERIMENT.replace("from = 10, to = 14", "from = 14, to = 10"),
        &[],
        &["exp.toml:8:", "the grid has no point"],
    );
    rejects(
        &EXPERIMENT.replace("replications = 5", "replications = 0"),
        &[],
        &["exp.toml:3:16", "expected a whole number >= 1"],
    );
    rejects(
        &EXPERIMENT.replace("values = [1.0, 1.2]", "values = [1.0, -2]"),
        &[],
        &[
            "exp.toml:10:",
            "arrivals.scale = -2",
            "expected a number >= 0",
        ],
    );
    rejects(
        EXPERIMENT,
        &["--shard", "3/3"],
        &["--shard", "out of range"],
    );
    rejects(EXPERIMENT, &["--shard", "auto"], &["SLURM_ARRAY_TASK_ID"]);
    rejects(EXPERIMENT, &["--jobs", "0"], &["--jobs 0"]);
    rejects(
        &EXPERIMENT.replace("scenario = \"small.toml\"", "scenario = \"nope.toml\""),
        &[],
        &["exp.toml:2:12", "cannot read the scenario"],
    );
    rejects(
        &format!("{EXPERIMENT}colour = \"blue\"\n"),
        &[],
        &["unknown field `colour`"],
    );
}

#[test]
fn merging_parts_of_different_experiments_is_refused() {
    let tmp = setup(EXPERIMENT);
    let d = tmp.path();
    sweep(d, &["--out", "a", "--shard", "0/2"]);
    fs::write(
        d.join("exp.toml"),
        EXPERIMENT.replace("seed = 11", "seed = 12"),
    )
    .unwrap();
    sweep(d, &["--out", "b", "--shard", "1/2"]);
    let run = run_in(d, &["merge", "a", "b", "--out", "m"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("another experiment"), "{}", run.stderr);
    // An incomplete set of shards is named as such.
    let run = run_in(d, &["merge", "a", "--out", "m"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("units are missing"), "{}", run.stderr);
    // The same shard twice: a unit would count double.
    fs::write(d.join("exp.toml"), EXPERIMENT).unwrap();
    sweep(d, &["--out", "a2", "--shard", "0/2"]);
    let run = run_in(d, &["merge", "a", "a2", "--out", "m"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("more than once"), "{}", run.stderr);
}

#[test]
fn merge_names_what_is_wrong_with_its_folders() {
    let tmp = setup(EXPERIMENT);
    let d = tmp.path();
    sweep(d, &["--out", "a", "--shard", "0/2"]);
    sweep(d, &["--out", "b", "--shard", "1/2"]);
    let merge = |args: &[&str], expected: &[&str]| {
        let mut all = vec!["merge"];
        all.extend_from_slice(args);
        let run = run_in(d, &all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        for text in expected {
            assert!(run.stderr.contains(text), "{all:?}: {}", run.stderr);
        }
        assert!(!run.stderr.contains("cannot write"), "{}", run.stderr);
        run.stderr
    };
    // A folder that does not exist is named, first or not.
    merge(&["nope", "b", "--out", "m"], &["\"nope\" does not exist"]);
    merge(&["a", "nope", "--out", "m"], &["\"nope\" does not exist"]);
    // An empty folder and a damaged experiment.json are read errors.
    fs::create_dir(d.join("empty")).unwrap();
    merge(
        &["empty", "b", "--out", "m"],
        &["empty", "holds no experiment.json"],
    );
    merge(
        &["a", "empty", "--out", "m"],
        &["empty", "holds no experiment.json"],
    );
    sweep(d, &["--out", "c", "--shard", "1/2"]);
    fs::write(d.join("c/experiment.json"), "{\"name\": \"small-sw").unwrap();
    merge(
        &["a", "c", "--out", "m"],
        &["experiment.json", "is damaged"],
    );
    // A part cut short is reported as truncated, not as another experiment's.
    sweep(d, &["--out", "t", "--shard", "1/2"]);
    let part = fs::read_dir(d.join("t/parts"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = fs::read_to_string(&part).unwrap();
    for cut in ["#callsim-experiment,".len(), text.len() / 2] {
        fs::write(&part, &text[..cut]).unwrap();
        let stderr = merge(&["a", "t", "--out", "m"], &["truncated", "--resume"]);
        assert!(!stderr.contains("another experiment"), "{stderr}");
    }
    // The good folders still merge.
    let run = run_in(d, &["merge", "a", "b", "--out", "m"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_absurd_jobs_count_is_refused_not_hung() {
    let tmp = setup(EXPERIMENT);
    let d = tmp.path();
    fs::write(d.join("a.toml"), SCENARIO).unwrap();
    for args in [
        &["sweep", "exp.toml", "-q", "--jobs", "100000"][..],
        &[
            "compare", "a.toml", "a.toml", "--reps", "2", "--jobs", "100000",
        ],
    ] {
        // Before the limit, sweep hung and compare died after 50 s.
        let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_callsim"))
            .args(args)
            .current_dir(d)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("--jobs 100000: expected 1 to 1024 worker threads"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn ctrl_c_stops_a_sweep_cleanly_and_resume_finishes_it() {
    let experiment = EXPERIMENT.replace("replications = 5", "replications = 40");
    let tmp = setup(&experiment);
    let long = SCENARIO.replace("duration = \"3h\"", "duration = \"240h\"");
    fs::write(tmp.path().join("small.toml"), long).unwrap();
    let d = tmp.path();
    sweep(d, &["--out", "whole", "--jobs", "1"]);
    let reference = finals(&d.join("whole"));
    let child = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["sweep", "exp.toml", "-q", "--out", "stopped", "--jobs", "1"])
        .current_dir(d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Stop it once it has saved a first part (about half a second into a
    // run of several seconds), whatever the machine's load: a sleep timed
    // on a reference run let a loaded machine finish the sweep first.
    let parts = d.join("stopped/parts");
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while fs::read_dir(&parts).map_or(0, |e| e.count()) == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "no part saved in 60 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let run = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(130), "{:?}: {stderr}", run.status);
    assert!(stderr.contains("interrupted:"), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    // Nothing passed off as complete: no final file, no metrics yet.
    let out = d.join("stopped");
    assert!(!out.join("runs.csv").exists() && !out.join("points.csv").exists());
    let record = fs::read_to_string(out.join("experiment.json")).unwrap();
    assert!(record.contains("\"metrics\": []"), "{record}");
    assert!(fs::read_dir(out.join("parts")).unwrap().count() > 0);
    sweep(d, &["--out", "stopped", "--jobs", "2", "--resume"]);
    assert!(finals(&out) == reference);
}

#[test]
fn compare_prints_paired_differences_and_a_verdict() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    fs::write(d.join("a.toml"), SCENARIO).unwrap();
    fs::write(
        d.join("b.toml"),
        SCENARIO.replace("count = 12", "count = 14"),
    )
    .unwrap();
    let run = run_in(d, &["compare", "a.toml", "b.toml", "--reps", "10"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("B raises service_level by"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("significant"), "{}", run.stdout);
    let run = run_in(
        d,
        &[
            "compare", "a.toml", "b.toml", "--reps", "10", "--format", "csv",
        ],
    );
    assert!(
        run.stdout
            .starts_with("metric,unit,a_mean,b_mean,difference,ci_half_width,"),
        "{}",
        run.stdout
    );
    let run = run_in(
        d,
        &[
            "compare", "a.toml", "b.toml", "--reps", "10", "--format", "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let metrics = json["metrics"].as_array().unwrap();
    assert!(metrics.iter().any(|m| m["metric"] == "service_level"));
    let run = run_in(d, &["compare", "a.toml", "b.toml", "--reps", "1"]);
    assert_eq!(run.code, 2);
}

#[test]
fn the_shipped_experiments_load() {
    for name in ["staffing-sweep", "transfer-policies", "break-rules"] {
        let path = repo(&format!("scenarios/experiments/{name}.toml"));
        let e =
            callsim::experiment::load_experiment(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(e.units() >= 60, "{name}");
    }
}
