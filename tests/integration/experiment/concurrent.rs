//! Shards started at the same instant into one folder, as a Kubernetes
//! Indexed Job or a Slurm array starts them: exactly one complete set of
//! final files, the same bytes as one process writes, whatever the order of
//! finishing, with restarts and `kill -9` in the middle of the run.

use super::cli::{EXPERIMENT, setup};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SHARDS: usize = 8;
const FINALS: [&str; 3] = ["runs.csv", "points.csv", "experiment.json"];

/// Shard `index` of `SHARDS`, as the README's Indexed Job runs it.
fn start_shard(dir: &Path, experiment: &str, index: usize, out: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args([
            "sweep", experiment, "--shard", "auto", "--shards", "8", "--resume", "--out", out,
            "--jobs", "1", "-q",
        ])
        .env("JOB_COMPLETION_INDEX", index.to_string())
        .env_remove("SLURM_ARRAY_TASK_ID")
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Starts the shards in `indices` together and waits for them; returns
/// how many wrote the final files, and how many found them written.
fn run_together_counting(
    dir: &Path,
    experiment: &str,
    indices: &[usize],
    out: &str,
) -> (usize, usize) {
    let children: Vec<Child> = indices
        .iter()
        .map(|&i| start_shard(dir, experiment, i, out))
        .collect();
    let (mut writers, mut found) = (0, 0);
    for (i, child) in indices.iter().zip(children) {
        let run = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "shard {i}: {}{stdout}",
            String::from_utf8_lossy(&run.stderr)
        );
        writers += usize::from(stdout.contains("runs.csv"));
        found += usize::from(stdout.contains("were already written"));
    }
    (writers, found)
}

/// How many of the shards started together wrote the final files.
fn run_together(dir: &Path, experiment: &str, indices: &[usize], out: &str) -> usize {
    run_together_counting(dir, experiment, indices, out).0
}

fn finals(dir: &Path) -> Vec<Vec<u8>> {
    FINALS
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{}/{f}: {e}", dir.display())))
        .collect()
}

/// The folder holds the final files, the parts and the lock, and no
/// temporary file.
fn assert_clean(dir: &Path) {
    let names: BTreeSet<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let expected: BTreeSet<String> = FINALS
        .iter()
        .chain(&["parts", ".callsim.lock"])
        .map(|s| s.to_string())
        .collect();
    assert_eq!(names, expected, "{}", dir.display());
}

#[test]
fn shards_started_together_into_one_folder_finish_together() {
    let tmp = setup(EXPERIMENT);
    let d = tmp.path();
    super::cli::sweep(d, &["--out", "one", "--jobs", "1"]);
    let reference = finals(&d.join("one"));
    let started = Instant::now();
    let rounds = 20;
    for round in 0..rounds {
        let out = format!("shared{round}");
        // New folders, and folders that exist (empty) already.
        if round % 2 == 1 {
            fs::create_dir(d.join(&out)).unwrap();
        }
        let all: Vec<usize> = (0..SHARDS).collect();
        let writers = run_together(d, "exp.toml", &all, &out);
        assert_eq!(
            writers, 1,
            "round {round}: one shard writes the final files"
        );
        assert!(finals(&d.join(&out)) == reference, "round {round}");
        assert_clean(&d.join(&out));
    }
    // Restarted all together into the finished folder: nothing changes.
    let out = d.join("shared0");
    assert_eq!(
        run_together_counting(d, "exp.toml", &[0, 3, 5, 7], "shared0"),
        (0, 4)
    );
    assert!(finals(&out) == reference);
    // Killed in the middle of writing: half-written temporaries of a part
    // and of the final files, and an experiment.json written before the
    // final files were complete. The restarted shards finish the set.
    let first: Vec<u8> = fs::read(d.join("shared1/experiment.json")).unwrap();
    let record: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let mut unfinished = record.clone();
    unfinished["metrics"] = serde_json::json!([]);
    fs::write(
        out.join("experiment.json"),
        serde_json::to_string_pretty(&unfinished).unwrap() + "\n",
    )
    .unwrap();
    fs::remove_file(out.join("points.csv")).unwrap();
    fs::write(out.join("points.csv.4242-0.partial"), "point,agen").unwrap();
    fs::write(
        out.join("runs.csv.4242-1.partial"),
        "point,agents.count\n0,",
    )
    .unwrap();
    fs::write(out.join("parts/part-s3of8-x.csv.partial"), "#callsim-exp").unwrap();
    let all: Vec<usize> = (0..SHARDS).collect();
    assert_eq!(run_together(d, "exp.toml", &all, "shared0"), 1);
    assert!(finals(&out) == reference);
    assert_clean(&out);
    eprintln!(
        "{rounds} rounds of {SHARDS} concurrent shards in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn shards_killed_mid_run_and_restarted_finish_the_set() {
    // Units long enough (~50 ms, 0.3 s a shard) that the shards are still running when
    // some of them are killed.
    let slow = EXPERIMENT
        .replace(
            "seed = 11",
            "seed = 11\nset = { \"time.duration\" = \"1000h\" }",
        )
        .replace("replications = 5", "replications = 8");
    let tmp = setup(&slow);
    let d = tmp.path();
    let started = Instant::now();
    super::cli::sweep(d, &["--out", "one", "--jobs", "2"]);
    let whole = started.elapsed();
    let reference = finals(&d.join("one"));
    let mut children: Vec<(usize, Child)> = (0..SHARDS)
        .map(|i| (i, start_shard(d, "exp.toml", i, "shared")))
        .collect();
    // Eight one-thread shards on this machine take about as long as the
    // reference on two threads: kill some a third of the way in.
    std::thread::sleep(whole.mul_f64(0.3).max(Duration::from_millis(300)));
    let victims = [1, 4, 6];
    let mut killed_running = 0;
    for (i, child) in &mut children {
        if victims.contains(i) {
            killed_running += usize::from(child.try_wait().unwrap().is_none());
            child.kill().unwrap(); // SIGKILL
        }
    }
    for (i, child) in children {
        let run = child.wait_with_output().unwrap();
        if !victims.contains(&i) {
            assert!(
                run.status.success(),
                "shard {i}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
    }
    assert!(
        killed_running >= 2,
        "the shards ended before the kills ({whole:?} for the reference)"
    );
    // The killed shards restarted together (as the Job restarts them).
    assert_eq!(run_together(d, "exp.toml", &victims, "shared"), 1);
    assert!(finals(&d.join("shared")) == reference);
}
