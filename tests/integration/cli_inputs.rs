//! Inputs that used to hang, leak internal names or read badly: each one
//! now ends at once with exit 2 and a message that says what and where
//! (issue 14).

use super::cli::{repo, run_in};
use assert_cmd::Command;
use std::fs;
use std::time::Duration;
use tempfile::TempDir;

fn assert_usage(args: &[&str], wanted: &[&str], unwanted: &[&str]) -> String {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), args);
    assert_eq!(run.code, 2, "{args:?}: {}{}", run.stdout, run.stderr);
    for w in wanted {
        assert!(
            run.stderr.contains(w),
            "{args:?}: want {w:?} in\n{}",
            run.stderr
        );
    }
    for u in unwanted {
        assert!(
            !run.stderr.contains(u),
            "{args:?}: {u:?} in\n{}",
            run.stderr
        );
    }
    run.stderr
}

/// A FIFO given as the scenario used to block forever on the read.
#[test]
fn a_fifo_or_a_device_is_refused_at_once() {
    let tmp = TempDir::new().unwrap();
    let fifo = tmp.path().join("scenario.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for verb in ["validate", "run"] {
        let out = Command::cargo_bin("callsim")
            .unwrap()
            .current_dir(tmp.path())
            .args([verb, fifo.to_str().unwrap()])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{verb}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{stderr}");
    }
    let out = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(tmp.path())
        .args(["validate", "/dev/zero"])
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
}

#[test]
fn an_array_for_a_table_names_neither_rust_type_nor_struct() {
    let basic = repo("scenarios/helpdesk-basic.toml");
    assert_usage(
        &["validate", basic.to_str().unwrap(), "--set", "sla=[1]"],
        &["--set sla=[1]", "expected a table", "sla.KEY=VALUE"],
        &["RawSla", "struct"],
    );
}

#[test]
fn agents_count_on_tiers_or_shifts_says_which_keys_set_the_agents() {
    let tiers = repo("scenarios/helpdesk-tiers.toml");
    assert_usage(
        &[
            "validate",
            tiers.to_str().unwrap(),
            "--set",
            "agents.count=25",
        ],
        &[
            "--set agents.count=25",
            "no `[agents]`",
            "--set tiers[0].agents=25",
        ],
        &["remove `[agents]`"],
    );
    let shifts = repo("scenarios/helpdesk-shifts.toml");
    assert_usage(
        &[
            "validate",
            shifts.to_str().unwrap(),
            "--set",
            "agents.count=25",
        ],
        &[
            "--set agents.count=25",
            "no `[agents]`",
            "--set shifts[0].agents=25",
        ],
        &["remove `[agents]`"],
    );
    // The keys the message suggests work.
    let tmp = TempDir::new().unwrap();
    for (file, key) in [
        (&tiers, "tiers[0].agents=25"),
        (&shifts, "shifts[0].agents=25"),
    ] {
        let run = run_in(
            tmp.path(),
            &["validate", file.to_str().unwrap(), "--set", key],
        );
        assert_eq!(run.code, 0, "{key}: {}", run.stderr);
    }
}

#[test]
fn erlang_b_refuses_a_waiting_time_in_its_target() {
    assert_usage(
        &["erlang", "b", "--load", "10", "--target", "0.8/20s"],
        &["--target \"0.8/20s\"", "blocking share", "--target 0.01"],
        &[],
    );
    // Nor a threshold: it used to be ignored, exit 0.
    assert_usage(
        &[
            "erlang",
            "b",
            "--load",
            "10",
            "--agents",
            "12",
            "--threshold",
            "20s",
        ],
        &["--threshold applies to Erlang C and A only"],
        &[],
    );
}

/// `compare --reps` without a ceiling allocated every replication's figures.
#[test]
fn compare_refuses_an_absurd_replication_count() {
    let a = crate::cli::repo("scenarios/helpdesk-basic.toml");
    let a = a.to_str().unwrap();
    assert_usage(
        &["compare", a, a, "--reps", "100000000"],
        &["invalid --reps 100000000", "2 to 100000"],
        &[],
    );
}

#[test]
fn negative_numbers_get_a_range_error_naming_the_flag() {
    let basic = repo("scenarios/helpdesk-basic.toml");
    let basic = basic.to_str().unwrap();
    for (args, flag) in [
        (&["compare", basic, basic, "--reps", "-1"][..], "--reps"),
        (&["run", "--seed", "-1"], "--seed"),
        (&["run", "--replication", "-3"], "--replication"),
        (
            &["erlang", "c", "--load", "5", "--agents", "-3"],
            "--agents",
        ),
        (&["sweep", "x.toml", "--jobs", "-2"], "--jobs"),
    ] {
        assert_usage(args, &[flag, "out of range", ">= 0"], &["-- -", "tip:"]);
    }
    assert_usage(
        &["erlang", "c", "--load", "-5", "--agents", "3"],
        &["--load -5", "out of range", "> 0"],
        &["-- -", "tip:"],
    );
    assert_usage(
        &["erlang", "c", "--rate", "-100", "--agents", "3"],
        &["--rate -100", "out of range", "> 0"],
        &["-- -", "tip:"],
    );
}

#[test]
fn io_errors_read_as_plain_words() {
    let tmp = TempDir::new().unwrap();
    let run = run_in(tmp.path(), &["validate", "nowhere.toml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("\"nowhere.toml\": no such file or directory"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("os error"), "{}", run.stderr);
    let folder = run_in(tmp.path(), &["validate", "."]);
    assert_eq!(folder.code, 2);
    assert!(
        folder.stderr.contains("it is a folder, not a file"),
        "{}",
        folder.stderr
    );
    assert!(!folder.stderr.contains("os error"), "{}", folder.stderr);
    // A CSV the scenario names, missing.
    let text = fs::read_to_string(repo("scenarios/helpdesk-basic.toml")).unwrap();
    let start = text.find("profile = [").unwrap();
    let end = start + text[start..].find(']').unwrap() + 1;
    let scenario = format!(
        "{}profile_file = \"gone.csv\"{}",
        &text[..start],
        &text[end..]
    );
    fs::write(tmp.path().join("s.toml"), scenario).unwrap();
    let csv = run_in(tmp.path(), &["validate", "s.toml"]);
    assert_eq!(csv.code, 2);
    assert!(
        csv.stderr.contains("gone.csv\": no such file or directory"),
        "{}",
        csv.stderr
    );
    assert!(!csv.stderr.contains("os error"), "{}", csv.stderr);
}

#[test]
fn text_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let tmp = TempDir::new().unwrap();
    let mut bytes = fs::read(repo("scenarios/helpdesk-basic.toml")).unwrap();
    let at = bytes.windows(6).position(|w| w == b"seed =").unwrap();
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    // "seed = 1" becomes "s\xE9ed = 1": Latin-1, as an old editor saves it.
    bytes.splice(at + 1..at + 1, [0xE9]);
    fs::write(tmp.path().join("latin1.toml"), &bytes).unwrap();
    let run = run_in(tmp.path(), &["validate", "latin1.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("latin1.toml:{line}:2")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("0xE9"), "{}", run.stderr);
    // The same in a profile CSV: located in the CSV.
    fs::write(tmp.path().join("p.csv"), b"rate_per_hour\n100\n1\xff0\n").unwrap();
    let text = fs::read_to_string(repo("scenarios/erlang-c-p05.toml")).unwrap();
    let scenario = text
        .replace("duration = \"10000h\"", "duration = \"1h\"")
        .replace("warmup = \"10h\"", "warmup = \"0s\"")
        .replace("rate_per_hour = 1000", "profile_file = \"p.csv\"");
    fs::write(tmp.path().join("s.toml"), scenario).unwrap();
    let csv = run_in(tmp.path(), &["validate", "s.toml"]);
    assert_eq!(csv.code, 2, "{}", csv.stderr);
    assert!(csv.stderr.contains("p.csv:3:2"), "{}", csv.stderr);
}

#[test]
fn negative_zero_is_shown_as_zero() {
    let tmp = TempDir::new().unwrap();
    let file = repo("scenarios/helpdesk-basic.toml");
    let run = run_in(
        tmp.path(),
        &[
            "validate",
            file.to_str().unwrap(),
            "--set",
            "sla.target=-0.0",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("SLA 0 %"), "{}", run.stdout);
    assert!(!run.stdout.contains("-0"), "{}", run.stdout);
}

/// Choice: a sub-second interval is allowed (the interval-count limit still
/// bounds it) and shown as what it is.
#[test]
fn a_sub_second_interval_is_shown_as_it_is() {
    let tmp = TempDir::new().unwrap();
    let file = repo("scenarios/helpdesk-basic.toml");
    let run = run_in(
        tmp.path(),
        &[
            "validate",
            file.to_str().unwrap(),
            "--set",
            "time.duration=1h",
            "--set",
            "arrivals.rate_per_hour=10",
            "--set",
            "time.interval=0.5",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("7200 intervals of 500ms"),
        "{}",
        run.stdout
    );
}

/// Found by the `forecast_csv` fuzz target: one stray date years after the
/// others made the reader allocate a table per interval up to it (2 GB and
/// more) before any check. Now refused at that row, before allocating.
#[test]
fn a_forecast_spanning_years_is_refused_at_its_stray_row() {
    let tmp = TempDir::new().unwrap();
    fs::write(
        tmp.path().join("fc.csv"),
        "start,volume,aht\n2026-01-01 08:00,10,300\n2026-01-01 08:01,10,300\n2046-01-01 08:00,5,300\n",
    )
    .unwrap();
    fs::write(
        tmp.path().join("s.toml"),
        "name = \"f\"\n[arrivals.forecast]\nfile = \"fc.csv\"\n[handle_time]\ndistribution = \"exponential\"\n[agents]\ncount = 10\n",
    )
    .unwrap();
    let run = run_in(tmp.path(), &["validate", "s.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("fc.csv:4:1"), "{}", run.stderr);
    assert!(run.stderr.contains("from its first row"), "{}", run.stderr);
    assert!(
        run.stderr.contains("expected at most 1000000"),
        "{}",
        run.stderr
    );
}
