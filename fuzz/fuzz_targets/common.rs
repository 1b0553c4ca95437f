//! Shared by the fuzz targets: the contract every input must keep (an Ok or
//! a located error, never a panic), and a bounded run of the model on what
//! validates.

#![allow(dead_code)]

use callsim::replication::run_replication;
use callsim::scenario::{Override, Scenario, ScenarioError};
use std::path::{Path, PathBuf};

/// The shipped scenarios: CSV files named by fuzzed scenarios resolve here.
pub fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios")
}

/// Splits a fuzz input into a TOML text and up to four `--set` overrides:
/// the parts are separated by NUL bytes. Inputs that are not UTF-8 are
/// turned into text lossily (the file reader's own UTF-8 check is tested
/// through the binary).
pub fn split_input(data: &[u8]) -> (String, Vec<String>) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let toml = parts.next().unwrap_or_default().to_owned();
    let overrides = parts.take(4).map(str::to_owned).collect();
    (toml, overrides)
}

/// `--set` flags as the command line parses them; a malformed one is a
/// usage error there, so it is simply dropped here.
pub fn parse_overrides(texts: &[String]) -> Vec<Override> {
    texts.iter().filter_map(|t| t.parse().ok()).collect()
}

/// A scenario error must render, and say where (a location, or a message
/// that names the file): calling `Display` is where spans are resolved.
pub fn check_error(err: &ScenarioError) {
    let shown = err.to_string();
    assert!(shown.starts_with("error"), "unrendered error: {shown}");
    let _ = err.location();
}

/// Caps the model's work: only scenarios small enough to run in a few
/// milliseconds are simulated. The bound is on the scenario (expected
/// calls, length, agents), checked before running, so the model's hot loop
/// pays nothing for it.
///
/// Scenarios whose drawn durations are astronomically long (means above a
/// day) are also left out: memory bounded by the longest wait is the
/// limits contract of issue 14, fixed in validation and `stats::waits`,
/// not here.
pub fn small_enough(s: &Scenario) -> bool {
    const MAX_CALLS: f64 = 500.0;
    const MAX_SECONDS: f64 = 31.0 * 86400.0;
    let expected_calls: f64 = s
        .arrivals
        .rates_per_hour
        .iter()
        .map(|r| r / 3600.0 * s.time.interval)
        .sum();
    let long =
        |d: Option<&callsim::scenario::DistributionSpec>| d.is_some_and(|d| !(d.mean() <= 86400.0));
    expected_calls.is_finite()
        && expected_calls <= MAX_CALLS
        && s.time.duration <= MAX_SECONDS
        && s.time.interval_count() <= 1_000
        && s.agents <= 5_000
        && s.lines.is_none_or(|l| l <= 100_000)
        && !long(Some(&s.handle_time))
        && !long(s.patience.as_ref())
        && !long(s.wrap_up.as_ref())
        && (s.helpdesk.is_none() || expected_calls <= 200.0)
}

/// Runs one replication of a validated scenario when it is small enough.
/// A build error on a validated scenario is a bug ("internal error", exit 3),
/// so it fails the target.
pub fn run_bounded(s: &Scenario) {
    if small_enough(s) {
        if let Err(e) = run_replication(s, 0) {
            panic!("a validated scenario did not build: {e}");
        }
    }
}

/// A folder of this process's own, made once: a copy of the shipped
/// scenarios and their CSV files, with an `experiments/` folder, where a
/// target writes the file it fuzzes.
pub fn scratch_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("callsim-fuzz-{}", std::process::id()));
        let source = scenarios_dir();
        for sub in ["", "profiles", "experiments"] {
            std::fs::create_dir_all(dir.join(sub)).expect("scratch folder");
            let Ok(entries) = std::fs::read_dir(source.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_file() {
                    let _ = std::fs::copy(&path, dir.join(sub).join(entry.file_name()));
                }
            }
        }
        dir
    })
}
