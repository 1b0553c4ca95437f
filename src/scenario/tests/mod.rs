//! End-to-end tests of loading: the happy path and every error a user can
//! meet, each checked for what / where / expected.

mod file_errors;
mod forecast;
mod helpdesk;
mod overrides;
mod workforce;

use std::path::Path;

use proptest::prelude::*;

use super::*;

const FULL: &str = r#"
name = "helpdesk-test"
seed = 7
description = "ignored"

[time]
duration = "2h"
interval = "30m"
warmup = "15m"
start = "08:00"

[arrivals]
profile = [120, 180, 240.5, 90]

[handle_time]
distribution = "lognormal"
mean = "300s"
cv = 0.6

[patience]
distribution = "exponential"
mean = "2m"

[wrap_up]
distribution = "constant"
mean = 0

[agents]
count = 90

[lines]
count = 200

[sla]
threshold = "30s"
target = 0.9
"#;

const MINIMAL: &str = r#"name = "m"
[time]
duration = "10h"
[arrivals]
rate_per_hour = 1000
[handle_time]
distribution = "exponential"
mean = "5m"
[agents]
count = 90
"#;

fn load(text: &str) -> Result<Scenario, ScenarioError> {
    load_str(text, "s.toml", Path::new(""), &[])
}

fn load_with(text: &str, flags: &[&str]) -> Result<Scenario, ScenarioError> {
    let flags: Vec<Override> = flags.iter().map(|f| f.parse().unwrap()).collect();
    load_str(text, "s.toml", Path::new(""), &flags)
}

/// Loads `text` with `old` replaced by `new`, expecting an error.
fn broken(old: &str, new: &str) -> ScenarioError {
    assert!(MINIMAL.contains(old), "{old}");
    load(&MINIMAL.replacen(old, new, 1)).unwrap_err()
}

/// Asserts the error is located at `place` and its rendering contains every word.
fn assert_error(err: &ScenarioError, kind: ErrorKind, place: &str, words: &[&str]) {
    let shown = err.to_string();
    assert_eq!(err.kind(), kind, "{shown}");
    assert_eq!(err.location().as_deref(), Some(place), "{shown}");
    assert!(shown.starts_with("error: "), "{shown}");
    for word in words {
        assert!(shown.contains(word), "missing {word:?} in:\n{shown}");
    }
}
#[test]
fn full_scenario_parses_into_expected_values() {
    let s = load(FULL).unwrap();
    assert_eq!((s.name.as_str(), s.seed), ("helpdesk-test", 7));
    assert_eq!(
        s.time,
        TimeSpec {
            duration: 7200.0,
            interval: 1800.0,
            warmup: 900.0,
            start_clock: 28_800.0
        }
    );
    assert_eq!(s.arrivals.rates_per_hour, vec![120.0, 180.0, 240.5, 90.0]);
    assert_eq!(
        s.handle_time,
        DistributionSpec::LogNormal {
            mean: 300.0,
            cv: 0.6
        }
    );
    assert_eq!(
        s.patience,
        Some(DistributionSpec::Exponential { mean: 120.0 })
    );
    assert_eq!(s.wrap_up, Some(DistributionSpec::Constant { value: 0.0 }));
    assert_eq!((s.agents, s.lines), (90, Some(200)));
    assert_eq!(
        s.sla,
        Sla {
            threshold: 30.0,
            target: 0.9
        }
    );
}

#[test]
fn defaults_are_applied() {
    let s = load(MINIMAL).unwrap();
    assert_eq!(s.seed, 1);
    assert_eq!(
        s.time,
        TimeSpec {
            duration: 36_000.0,
            interval: 1800.0,
            warmup: 0.0,
            start_clock: 0.0
        }
    );
    assert_eq!(s.arrivals.rates_per_hour, vec![1000.0; 20]);
    assert_eq!((s.patience, s.wrap_up, s.lines), (None, None, None));
    assert_eq!(
        s.sla,
        Sla {
            threshold: 20.0,
            target: 0.8
        }
    );
}

#[test]
fn the_built_in_scenario_loads() {
    let s = load_str(
        DEFAULT_SCENARIO_TOML,
        DEFAULT_SCENARIO_ORIGIN,
        Path::new("."),
        &[],
    )
    .unwrap();
    assert_eq!(s.arrivals.rates_per_hour.len(), s.time.interval_count());
}

#[test]
fn missing_file() {
    let err = load_file(Path::new("no/such/x.toml"), &[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(
        err.to_string()
            .contains(r#"cannot read scenario file "no/such/x.toml": "#),
        "{err}"
    );
    assert!(
        err.to_string().ends_with(": no such file or directory"),
        "{err}"
    );
    assert!(!err.to_string().contains("os error"), "{err}");
}

#[test]
fn files_resolve_csv_paths_from_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("profiles")).unwrap();
    std::fs::write(dir.path().join("profiles/p.csv"), "rate_per_hour\n1\n2\n").unwrap();
    std::fs::write(dir.path().join("samples.csv"), "seconds\n10\n20\n").unwrap();
    let text = MINIMAL
        .replace("duration = \"10h\"", "duration = \"1h\"")
        .replace("rate_per_hour = 1000", "profile_file = \"profiles/p.csv\"")
        .replace(
            "distribution = \"exponential\"\nmean = \"5m\"",
            "distribution = \"empirical\"\nfile = \"samples.csv\"",
        );
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    let s = load_file(&path, &[]).unwrap();
    assert_eq!(s.arrivals.rates_per_hour, vec![1.0, 2.0]);
    assert_eq!(s.handle_time.mean(), 15.0);
}
proptest! {
    #[test]
    fn any_text_loads_or_errors_without_panicking(text in "\\PC{0,200}") {
        let _ = load(&text).map_err(|e| e.to_string());
    }

    #[test]
    fn any_edit_of_a_valid_file_loads_or_errors(pos in 0usize..400, insert in "[ -~\n]{0,12}") {
        let mut text = MINIMAL.to_owned();
        let mut at = pos.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        text.insert_str(at, &insert);
        let _ = load(&text).map_err(|e| e.to_string());
    }

    #[test]
    fn any_override_loads_or_errors(key in "[a-z_.]{0,20}", value in "\\PC{0,20}") {
        let flag = Override::new(key, value);
        let _ = load_str(MINIMAL, "s.toml", Path::new(""), &[flag]).map_err(|e| e.to_string());
    }
}
