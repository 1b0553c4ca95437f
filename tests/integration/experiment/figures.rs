//! Experiments report every figure a run of the scenario reports, under the
//! names of `summary.json`, with confidence bounds inside each figure's
//! range; `compare` names its fields the same way in CSV and JSON.

use crate::cli::{repo, run_in};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use tempfile::TempDir;

/// A CSV file as its header and rows of (column -> cell).
fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The figures of a `summary.json`, flattened as the README says: `.`
/// between keys, `[i]` for array elements; numbers, and true/false as 1/0;
/// `None` for null; text and the run's identity left out.
fn summary_figures(path: &Path) -> BTreeMap<String, Option<f64>> {
    fn walk(path: String, v: &serde_json::Value, out: &mut BTreeMap<String, Option<f64>>) {
        use serde_json::Value;
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(p, x, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(format!("{path}[{i}]"), x, out);
                }
            }
            Value::Number(n) => {
                out.insert(path, n.as_f64());
            }
            Value::Bool(b) => {
                out.insert(path, Some(f64::from(u8::from(*b))));
            }
            Value::Null => {
                out.insert(path, None);
            }
            Value::String(_) => {}
        }
    }
    let v: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    walk(String::new(), &v, &mut out);
    out.remove("seed");
    out.remove("replication");
    out
}

fn sweep_shipped(name: &str, out: &Path) {
    let experiment = repo(&format!("scenarios/experiments/{name}.toml"));
    let run = run_in(
        out.parent().unwrap(),
        &[
            "sweep",
            experiment.to_str().unwrap(),
            "-q",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{name}: {}", run.stderr);
}

/// The columns in which two rows of `points.csv` differ, beyond the point.
fn differing(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<String> {
    a.keys()
        .filter(|k| *k != "point" && !k.contains("transfer.policy") && !k.starts_with("breaks."))
        .filter(|k| a[*k] != b[*k])
        .cloned()
        .collect()
}

#[test]
fn the_transfer_policies_sweep_reports_each_policy_s_own_figures() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("tp");
    sweep_shipped("transfer-policies", &out);
    let (header, points) = read_csv(&out.join("points.csv"));
    let by_policy = |p: &str| {
        points
            .iter()
            .find(|r| r["transfer.policy"] == p)
            .unwrap_or_else(|| panic!("no {p} row"))
    };
    for column in [
        "helpdesk.runarounds_mean",
        "helpdesk.abandoned_after_transfer_mean",
        "helpdesk.hold_limit_events_mean",
        "helpdesk.callbacks_promised_mean",
        "tiers[1].service_level_mean",
        "tiers[1].service_level_ci_low",
        "tiers[1].service_level_ratio_of_sums",
        "customers[0].runaround_rate_mean",
        "classes[0].service_level_mean",
    ] {
        assert!(header.iter().any(|h| h == column), "no column {column}");
    }
    // Cold and callback answer the first call alike; what happens after a
    // transfer is what tells them apart, and the rows must show it.
    let (cold, callback) = (by_policy("cold"), by_policy("callback"));
    let differ = differing(cold, callback);
    assert!(
        differ.contains(&"helpdesk.callbacks_promised_mean".to_owned())
            && differ.contains(&"helpdesk.abandoned_after_transfer_mean".to_owned()),
        "cold and callback rows differ only in {differ:?}"
    );
    // Replication 0 of a point is the run of the point's scenario: every
    // figure of its summary.json is a column of runs.csv, with its value.
    let run = run_in(
        tmp.path(),
        &[
            "run",
            repo("scenarios/helpdesk-tiers.toml").to_str().unwrap(),
            "--set",
            "transfer.policy=cold",
            "--out",
            "run-cold",
            "--quiet",
            "--no-charts",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = summary_figures(&tmp.path().join("run-cold/summary.json"));
    let (columns, runs) = read_csv(&out.join("runs.csv"));
    let row = runs
        .iter()
        .find(|r| r["transfer.policy"] == "cold" && r["replication"] == "0")
        .unwrap();
    assert!(summary.len() > 150, "{} figures", summary.len());
    for (name, value) in &summary {
        let cell = row
            .get(name)
            .unwrap_or_else(|| panic!("runs.csv has no column {name}"));
        let got = (!cell.is_empty()).then(|| cell.parse::<f64>().unwrap());
        // serde_json's float parser may miss the last bit.
        let same = match (got, *value) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-14 * x.abs().max(1.0),
            (x, y) => x == y,
        };
        assert!(same, "{name}: runs.csv {got:?}, summary.json {value:?}");
    }
    let parameters = ["point", "transfer.policy", "replication", "seed"];
    for c in columns.iter().filter(|c| !parameters.contains(&c.as_str())) {
        assert!(
            summary.contains_key(c) || row[c].is_empty(),
            "runs.csv column {c} is not a figure of summary.json"
        );
    }
}

#[test]
fn the_break_rules_sweep_reports_break_delay() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("br");
    sweep_shipped("break-rules", &out);
    let (header, points) = read_csv(&out.join("points.csv"));
    for column in [
        "workforce.mean_break_delay_seconds_mean",
        "workforce.mean_break_delay_seconds_ci_low",
        "workforce.breaks_deferred_mean",
        "workforce.break_adherence_mean",
        "workforce.shrinkage_mean",
    ] {
        assert!(header.iter().any(|h| h == column), "no column {column}");
    }
    let delay = |waiting: &str, staggered: &str| -> f64 {
        points
            .iter()
            .find(|r| {
                r["breaks.no_break_while_waiting"] == waiting && r["breaks.staggered"] == staggered
            })
            .unwrap()["workforce.mean_break_delay_seconds_mean"]
            .parse()
            .unwrap()
    };
    // Staggering makes agents wait their turn for a break.
    assert!(delay("false", "true") > delay("false", "false"));
    assert!(
        points
            .windows(2)
            .any(|w| !differing(&w[0], &w[1]).is_empty())
    );
}

#[test]
fn compare_on_the_transfer_pair_shows_what_transfers_cost() {
    let (a, b) = (
        repo("scenarios/training/transfers-warm.toml"),
        repo("scenarios/training/transfers-cold.toml"),
    );
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let tmp = TempDir::new().unwrap();
    let run = |format: &str| {
        let run = run_in(
            tmp.path(),
            &["compare", a, b, "--reps", "5", "--format", format],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let text = run("text");
    for figure in [
        "helpdesk.runarounds",
        "helpdesk.abandoned_after_transfer",
        "helpdesk.hold_limit_events",
        "tiers[1].service_level",
    ] {
        assert!(
            text.lines().any(|l| l.trim_start().starts_with(figure)),
            "{figure} missing:\n{text}"
        );
    }
    // One name for one field: the CSV's columns are the JSON's fields, and
    // both list the same figures in the same order.
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let rows = json["metrics"].as_array().unwrap();
    let fields: BTreeSet<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let csv_text = run("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let columns: BTreeSet<&str> = header.iter().map(String::as_str).collect();
    assert_eq!(columns, fields);
    assert_eq!(columns.len(), header.len());
    assert!(columns.contains("ci_half_width"));
    let csv_metrics: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    let json_metrics: Vec<&str> = rows.iter().map(|r| r["metric"].as_str().unwrap()).collect();
    assert_eq!(csv_metrics, json_metrics);
    assert!(json_metrics.contains(&"helpdesk.abandoned_after_transfer"));
}

/// A desk so small that three replications see a handful of calls each.
const TINY: &str = r#"name = "tiny"
seed = 3
[time]
duration = "1h"
interval = "30m"
[arrivals]
rate_per_hour = 8
[handle_time]
distribution = "exponential"
mean = "6m"
[patience]
distribution = "exponential"
mean = "1m"
[agents]
count = 1
"#;

const TINY_EXPERIMENT: &str = r#"name = "tiny-sweep"
scenario = "tiny.toml"
replications = 3
sla = { threshold = "20s", target = 0.8 }
[[parameters]]
path = "agents.count"
values = [1, 2]
"#;

/// t(0.975, 2): the 95 % Student quantile with 3 replications.
const T_2: f64 = 4.302_652_729_911_275;

#[test]
fn confidence_bounds_stay_inside_each_figure_s_range_on_tiny_samples() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    fs::write(d.join("tiny.toml"), TINY).unwrap();
    fs::write(d.join("exp.toml"), TINY_EXPERIMENT).unwrap();
    let run = run_in(d, &["sweep", "exp.toml", "-q", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shares = [
        "service_level",
        "abandonment_rate",
        "prob_wait",
        "occupancy",
        "sla_met",
    ];
    let (header, points) = read_csv(&d.join("out/points.csv"));
    let (_, runs) = read_csv(&d.join("out/runs.csv"));
    let number = |s: &str| (!s.is_empty()).then(|| s.parse::<f64>().unwrap());
    // The samples are small enough that mean ± t·sd/√n leaves the range.
    let mut would_leave = Vec::new();
    for point in &points {
        for m in shares.iter().chain(&["asa_seconds", "mean_wait_seconds"]) {
            let xs: Vec<f64> = runs
                .iter()
                .filter(|r| r["point"] == point["point"])
                .filter_map(|r| number(&r[*m]))
                .collect();
            if xs.len() < 2 {
                continue;
            }
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
            let h = if xs.len() == 3 { T_2 } else { 12.706 } * sd / n.sqrt();
            let share = shares.contains(m);
            if mean - h < 0.0 || share && mean + h > 1.0 {
                would_leave.push(format!("{m} at point {}", point["point"]));
            }
        }
    }
    assert!(!would_leave.is_empty(), "the samples are not small enough");
    for point in &points {
        for column in header.iter().filter(|c| c.ends_with("_ci_low")) {
            if let Some(low) = number(&point[column]) {
                assert!(low >= 0.0, "{column} = {low} at point {}", point["point"]);
            }
        }
        for m in shares {
            let (low, high) = (
                number(&point[&format!("{m}_ci_low")]),
                number(&point[&format!("{m}_ci_high")]),
            );
            let mean = number(&point[&format!("{m}_mean")]);
            if let (Some(low), Some(high), Some(mean)) = (low, high, mean) {
                assert!(
                    (0.0..=1.0).contains(&low) && (0.0..=1.0).contains(&high),
                    "{m}: [{low}, {high}] at point {}",
                    point["point"]
                );
                assert!(low <= mean && mean <= high, "{m}");
            }
        }
    }
    eprintln!("raw t-intervals that would leave the range: {would_leave:?}");
}

/// On every shipped scenario, the figures an experiment records are those
/// of the run's `summary.json` (same names, same values), and each lies in
/// the range its confidence bounds are cut to.
#[test]
fn every_shipped_scenario_s_figures_are_its_summary_s_and_lie_in_their_range() {
    use callsim::experiment::figures;
    use callsim::experiment::range;
    use callsim::replication::run_replication;
    let mut files: Vec<std::path::PathBuf> = ["scenarios", "scenarios/training"]
        .iter()
        .flat_map(|d| fs::read_dir(repo(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 14, "{files:?}");
    let tmp = TempDir::new().unwrap();
    for file in &files {
        // The million-call M/M/c case, cut to two hours.
        let overrides = if file.ends_with("erlang-c-p05.toml") {
            vec!["time.duration=2h".to_owned(), "time.warmup=30m".to_owned()]
        } else {
            Vec::new()
        };
        let parsed: Vec<callsim::scenario::Override> =
            overrides.iter().map(|o| o.parse().unwrap()).collect();
        let s = callsim::scenario::load_file(file, &parsed).unwrap();
        let f = figures(&run_replication(&s, 0).unwrap());
        for (name, value) in f.names.iter().zip(&f.values) {
            let (lo, hi) = range(name).bounds();
            if let Some(v) = value {
                assert!(
                    (lo - 1e-9..=hi + 1e-9).contains(v),
                    "{file:?}: {name} = {v} outside [{lo}, {hi}]"
                );
            }
        }
        // The same figures as `callsim run` writes.
        let out = tmp.path().join(file.file_stem().unwrap());
        let mut args = vec![
            "run".to_owned(),
            file.to_str().unwrap().to_owned(),
            "--out".into(),
            out.to_str().unwrap().to_owned(),
            "--quiet".into(),
            "--no-charts".into(),
        ];
        for o in &overrides {
            args.extend(["--set".to_owned(), o.clone()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = run_in(tmp.path(), &args);
        assert_eq!(run.code, 0, "{file:?}: {}", run.stderr);
        let summary = summary_figures(&out.join("summary.json"));
        let names: BTreeSet<&str> = f.names.iter().map(String::as_str).collect();
        let expected: BTreeSet<&str> = summary.keys().map(String::as_str).collect();
        assert_eq!(names, expected, "{file:?}");
        for (name, value) in f.names.iter().zip(&f.values) {
            let want = summary[name];
            let same = match (value, want) {
                (Some(x), Some(y)) => (x - y).abs() <= 1e-14 * x.abs().max(1.0),
                (x, y) => *x == y,
            };
            assert!(same, "{file:?}: {name} = {value:?}, summary.json {want:?}");
        }
    }
}

/// Units that report different figures (no call at all in some
/// replications, so `wait_seconds` is null there) still give one set of
/// columns, the same bytes for any split of the work.
#[test]
fn units_with_other_figures_give_the_same_files_for_any_split() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    fs::write(
        d.join("tiny.toml"),
        TINY.replace("rate_per_hour = 8", "rate_per_hour = 1"),
    )
    .unwrap();
    fs::write(
        d.join("exp.toml"),
        TINY_EXPERIMENT.replace("replications = 3", "replications = 8"),
    )
    .unwrap();
    let sweep = |args: &[&str]| {
        let mut all = vec!["sweep", "exp.toml", "-q"];
        all.extend_from_slice(args);
        let run = run_in(d, &all);
        assert_eq!(run.code, 0, "{all:?}: {}", run.stderr);
    };
    let finals = |dir: &str| {
        (
            fs::read(d.join(dir).join("runs.csv")).unwrap(),
            fs::read(d.join(dir).join("points.csv")).unwrap(),
        )
    };
    sweep(&["--out", "one", "--jobs", "1"]);
    let (header, runs) = read_csv(&d.join("one/runs.csv"));
    assert!(header.iter().any(|h| h == "wait_seconds.p50"));
    assert!(!header.iter().any(|h| h == "wait_seconds"));
    assert!(
        runs.iter().any(|r| r["calls_offered"] == "0")
            && runs.iter().any(|r| r["calls_answered"] != "0"),
        "every replication saw the same kind of day"
    );
    assert!(
        runs.iter()
            .all(|r| r["wait_seconds.p50"].is_empty() == (r["calls_answered"] == "0"))
    );
    let reference = finals("one");
    sweep(&["--out", "two", "--jobs", "2"]);
    assert!(finals("two") == reference, "--jobs 2 differs");
    for i in 0..3 {
        sweep(&["--out", &format!("s{i}"), "--shard", &format!("{i}/3")]);
    }
    let run = run_in(d, &["merge", "s2", "s0", "s1", "--out", "merged"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(finals("merged") == reference, "3 shards differ");
    let record: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.join("merged/experiment.json")).unwrap())
            .unwrap();
    let metrics: Vec<&str> = record["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let columns: Vec<&str> = header[4..].iter().map(String::as_str).collect();
    assert_eq!(metrics, columns);
}
