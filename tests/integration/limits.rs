//! The limits contract (README "Limits"): every input beyond what a run can
//! honour is refused with a located message and exit 2, loads that grow
//! without bound are named, and no input panics, exits 3, hangs or eats
//! the machine. Each test is a reproducer from the input campaign of issue
//! 14; each would panic, exit 3, hang or take gigabytes on the old code.

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

use super::cli::repo;

/// Generous: every run here takes well under a second; the old code hung.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs callsim in `dir`, killed after [`TIMEOUT`]; fails on a signal,
/// a timeout or a panic.
fn run(dir: &Path, args: &[&str]) -> Outcome {
    let out = Command::cargo_bin("callsim")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .timeout(TIMEOUT)
        .output()
        .expect("callsim starts");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or_else(|| {
        panic!("{args:?}: killed (a hang past {TIMEOUT:?} or a signal):\n{stderr}")
    });
    assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
    assert_ne!(code, 3, "{args:?}: internal error:\n{stderr}");
    Outcome {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

/// Expects exit 2 and every fragment in stderr.
fn refused(dir: &Path, args: &[&str], expected: &[&str]) {
    let out = run(dir, args);
    assert_eq!(out.code, 2, "{args:?}: expected exit 2:\n{}", out.stderr);
    for fragment in expected {
        assert!(
            out.stderr.contains(fragment),
            "{args:?}: message lacks {fragment:?}:\n{}",
            out.stderr
        );
    }
}

const SMALL: &str = r#"name = "limits"
[time]
duration = "1h"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "3m"
[agents]
count = 5
"#;

/// A folder with `s.toml`: `SMALL` with `from` replaced by `to`.
fn scenario(from: &str, to: &str) -> TempDir {
    let tmp = TempDir::new().unwrap();
    let text = SMALL.replace(from, to);
    assert_ne!(text, SMALL, "{from:?} -> {to:?} changed nothing");
    fs::write(tmp.path().join("s.toml"), text).unwrap();
    tmp
}

fn path(p: &str) -> String {
    repo(p).to_string_lossy().into_owned()
}

#[test]
fn a_handle_time_of_1e20_seconds_is_refused_where_it_is_written() {
    // Old: validate accepted it, run panicked in src/stats/waits.rs:79.
    let tmp = scenario(r#"mean = "3m""#, "mean = 1e20");
    for verb in ["validate", "run"] {
        refused(
            tmp.path(),
            &[verb, "s.toml"],
            &["s.toml:8:8", "^^^^", "limit of 3660 days"],
        );
    }
}

#[test]
fn a_constant_wrap_up_of_i64_max_is_refused() {
    // Old: "capacity overflow" in the wait histogram, exit 3.
    let tmp = scenario(
        "[agents]",
        "[wrap_up]\ndistribution = \"constant\"\nmean = 9223372036854775807\n[agents]",
    );
    refused(
        tmp.path(),
        &["run", "s.toml"],
        &["s.toml:11:8", "limit of 3660 days"],
    );
}

#[test]
fn extreme_coefficients_of_variation_are_refused() {
    // Old: validate accepted both; run exited 3 with "invalid lognormal
    // parameters" / "invalid gamma parameters".
    let tmp = TempDir::new().unwrap();
    fs::write(tmp.path().join("s.toml"), SMALL).unwrap();
    for (name, cv) in [("lognormal", "1e200"), ("gamma", "1e-200")] {
        let dist = format!("handle_time.distribution=\"{name}\"");
        let cv = format!("handle_time.cv={cv}");
        for verb in ["validate", "run"] {
            refused(
                tmp.path(),
                &[verb, "s.toml", "--set", &dist, "--set", &cv],
                &[
                    &format!("--set {cv}"),
                    "expected a number from 0.001 to 100",
                ],
            );
        }
    }
}

#[test]
fn a_forecast_aht_of_1e300_is_refused_at_its_cell() {
    // Old (no patience): exit 3.
    let tmp = TempDir::new().unwrap();
    fs::create_dir(tmp.path().join("profiles")).unwrap();
    let csv = fs::read_to_string(repo("scenarios/profiles/forecast-week.csv")).unwrap();
    let csv = csv.replacen(
        "2026-11-16 08:30,63.2,333,30",
        "2026-11-16 08:30,63.2,1e300,30",
        1,
    );
    assert!(csv.contains("1e300"));
    fs::write(tmp.path().join("profiles/forecast-week.csv"), csv).unwrap();
    let toml = fs::read_to_string(repo("scenarios/helpdesk-forecast.toml")).unwrap();
    let toml = toml.replace(
        "[patience]\ndistribution = \"exponential\"\nmean = \"2m\"\n",
        "",
    );
    assert!(!toml.contains("[patience]"));
    fs::write(tmp.path().join("f.toml"), toml).unwrap();
    refused(
        tmp.path(),
        &["run", "f.toml"],
        &["forecast-week.csv:3:23", "invalid AHT \"1e300\""],
    );
}

#[test]
fn a_hold_limit_of_a_microsecond_is_refused_not_looped_on() {
    // Old: with check-ins, one hold became millions of segments (killed
    // after 15 s; the issue saw the default hang past 30 s).
    let tmp = TempDir::new().unwrap();
    let tiers = path("scenarios/helpdesk-tiers.toml");
    for extra in [None, Some("hold.at_limit=\"check_in\"")] {
        let mut args = vec!["run", &tiers, "--set", "hold.max=0.001ms"];
        if let Some(e) = extra {
            args.extend(["--set", e]);
        }
        refused(
            tmp.path(),
            &args,
            &[
                "--set hold.max=0.001ms",
                "expected a duration of at least 1s",
            ],
        );
    }
}

#[test]
fn a_leave_retry_of_a_microsecond_is_refused_not_looped_on() {
    // Old: hung past 30 s (a refused leave asked again every microsecond).
    let tmp = TempDir::new().unwrap();
    let shifts = path("scenarios/helpdesk-shifts.toml");
    let args = [
        "run",
        &shifts,
        "--set",
        "personal_leave.min_available=1000",
        "--set",
        "personal_leave.retry=1e-6",
    ];
    refused(
        tmp.path(),
        &args,
        &["--set personal_leave.retry=1e-6", "at least 1s"],
    );
    // At the limit, the same never-granted leave finishes at once.
    let out = run(
        tmp.path(),
        &[
            "run",
            &shifts,
            "--out",
            "o",
            "--set",
            "personal_leave.min_available=1000",
            "--set",
            "personal_leave.retry=1s",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn an_overloaded_pool_with_no_abandonment_is_named_and_stopped() {
    // Old: validate said nothing, run took 2.9 GB and exited 0.
    let tmp = TempDir::new().unwrap();
    let erlang = path("scenarios/erlang-c-p05.toml");
    let out = run(
        tmp.path(),
        &["validate", &erlang, "--set", "agents.count=9"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("is valid"), "{}", out.stdout);
    assert!(
        out.stderr
            .contains("warning: the load in interval 1 is 83.3 Erlangs for 9 agents"),
        "{}",
        out.stderr
    );
    refused(
        tmp.path(),
        &["run", &erlang, "--out", "o", "--set", "agents.count=9"],
        &[
            "warning: the load in interval 1 is 83.3 Erlangs",
            "error: the queue grows without bound",
            "limit of 100000",
        ],
    );
    // The shipped, stable scenario gets no warning.
    let out = run(tmp.path(), &["validate", &erlang]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn an_overloaded_tier_with_no_abandonment_is_named_and_stopped() {
    // A two-tier desk, nobody hangs up, no lines: tier 1 has ample agents,
    // tier 2 one agent for half of 100 calls/h at 6 minutes (5 Erlangs). The
    // old warning looked at single pools only, and the run gave a desk
    // whose tier-2 queue only grew.
    let tmp = TempDir::new().unwrap();
    let desk = r#"name = "tiers"
[time]
duration = "3000h"
interval = "1h"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "6m"
[sla]
threshold = "20s"
target = 0.8
[calls]
complexity = { basic = 0.5, complex = 0.5 }
topics = { network = 1.0 }
languages = { es = 1.0 }
[[tiers]]
level = 1
agents = 30
skills = ["network"]
languages = ["es"]
resolve = { basic = 1.0, complex = 0.0 }
[[tiers]]
level = 2
agents = 1
skills = ["network"]
languages = ["es"]
"#;
    fs::write(tmp.path().join("d.toml"), desk).unwrap();
    let out = run(tmp.path(), &["validate", "d.toml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("warning: tier 2's load in interval 1 is 5.0 Erlangs for 1 agents"),
        "{}",
        out.stderr
    );
    refused(
        tmp.path(),
        &["run", "d.toml", "--out", "o"],
        &[
            "warning: tier 2's load",
            "error: the queue grows without bound",
        ],
    );
    // Ten agents in tier 2 carry its 5 Erlangs: no warning.
    let fixed = desk.replace("level = 2\nagents = 1", "level = 2\nagents = 10");
    fs::write(tmp.path().join("d.toml"), fixed).unwrap();
    let out = run(tmp.path(), &["validate", "d.toml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
}

#[test]
fn one_agent_at_1e5_calls_per_hour_stops_instead_of_swapping() {
    // Old: 2.7 GB, exit 0.
    let tmp = scenario("rate_per_hour = 100", "rate_per_hour = 1e5");
    let toml = fs::read_to_string(tmp.path().join("s.toml"))
        .unwrap()
        .replace("duration = \"1h\"", "duration = \"24h\"")
        .replace("count = 5", "count = 1");
    fs::write(tmp.path().join("s.toml"), toml).unwrap();
    refused(
        tmp.path(),
        &["run", "s.toml"],
        &["the queue grows without bound", "limit of 100000"],
    );
}

#[test]
fn a_ticket_flood_stops_instead_of_swapping() {
    // Old: 1.7 GB (the issue saw an abort on allocation).
    let tmp = TempDir::new().unwrap();
    let full = path("scenarios/helpdesk-full.toml");
    refused(
        tmp.path(),
        &["run", &full, "--set", "tickets.rate_per_hour=1e6"],
        &["the queue grows without bound"],
    );
}

#[test]
fn waits_of_months_run_in_bounded_memory() {
    // Old: a mean handle of 1e7 s took 1.4 GB for 100 calls (one
    // histogram bin per second of the longest wait); the bins now stop at
    // 7 days and the run ends normally.
    let tmp = scenario(r#"mean = "3m""#, "mean = 1e7");
    let out = run(tmp.path(), &["run", "s.toml", "--out", "o"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let histogram = fs::read_to_string(tmp.path().join("o/wait_histogram.csv")).unwrap();
    assert!(histogram.lines().count() < 400, "{histogram}");
    // The same run under a 500 MB address-space limit (the old code
    // aborted there on allocation).
    #[cfg(target_os = "linux")]
    {
        let bin = env!("CARGO_BIN_EXE_callsim");
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "ulimit -v 500000 && exec '{bin}' run s.toml --out o2 >/dev/null 2>&1"
            ))
            .current_dir(tmp.path())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0), "{status:?}");
    }
}

#[test]
fn multipliers_and_hold_limits_that_would_never_finish_are_refused() {
    let tmp = TempDir::new().unwrap();
    let tiers = path("scenarios/helpdesk-tiers.toml");
    refused(
        tmp.path(),
        &[
            "validate",
            &tiers,
            "--set",
            "hold.max=1s",
            "--set",
            "hold.duration.mean=1000h",
        ],
        &["--set hold.max=1s", "1/10000 of the mean hold"],
    );
    let full = path("scenarios/helpdesk-full.toml");
    let text = fs::read_to_string(&full).unwrap();
    let edited = text.replacen("handle_factor = 1.2", "handle_factor = 1e300", 1);
    assert_ne!(
        edited, text,
        "helpdesk-full.toml has a handle_factor of 1.2"
    );
    {
        fs::write(tmp.path().join("f.toml"), edited).unwrap();
        for dir in ["profiles", "samples"] {
            let from = repo("scenarios").join(dir);
            if from.is_dir() {
                fs::create_dir_all(tmp.path().join(dir)).unwrap();
                for f in fs::read_dir(from).unwrap() {
                    let f = f.unwrap();
                    fs::copy(f.path(), tmp.path().join(dir).join(f.file_name())).unwrap();
                }
            }
        }
        refused(
            tmp.path(),
            &["validate", "f.toml"],
            &["f.toml:", "expected a number > 0 and at most 100"],
        );
    }
}

#[test]
fn a_run_of_billions_of_calls_is_refused_not_started() {
    // Old: accepted, and would run for hours (2.4e10 calls).
    let tmp = scenario("rate_per_hour = 100", "rate_per_hour = 1e9");
    let toml = fs::read_to_string(tmp.path().join("s.toml"))
        .unwrap()
        .replace("duration = \"1h\"", "duration = \"24h\"");
    fs::write(tmp.path().join("s.toml"), toml).unwrap();
    refused(
        tmp.path(),
        &["validate", "s.toml"],
        &["s.toml:5:17", "expected at most 1e9 in one run"],
    );
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn ctrl_c_stops_a_long_run_writing_nothing() {
    // 87 million calls (about 8 s here): the old `run` died by the signal
    // with no word.
    let tmp = TempDir::new().unwrap();
    let p05 = path("scenarios/erlang-c-p05.toml");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["run", &p05, "--set", "time.duration=87000h", "--no-charts"])
        .args(["--out", "o"])
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{:?}: {stderr}", out.status);
    assert!(
        stderr.contains("interrupted: the run stopped before its end; nothing written"),
        "{stderr}"
    );
    assert!(!tmp.path().join("o/summary.json").exists());
}
