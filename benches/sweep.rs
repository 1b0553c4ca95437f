//! Sweep throughput: a 100-point x 10-replication sweep of the default
//! help-desk scenario (1,000 units, about 1.4 million calls), on one and two
//! worker threads, and the same units simulated without the experiment
//! machinery, to show the per-unit overhead (parts, CSV, statistics).
//!
//! The sweep runs as `callsim sweep` does, through the binary (a sweep to a
//! folder is the command line's, not the library's); the plain units call
//! the library, each replication's figures named as a sweep records them.
//!
//! `cargo bench --bench sweep`

use std::path::Path;
use std::process::Command;

use callsim::experiment::{figures, load_experiment};
use callsim::replication::run_replication;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn experiment_file(dir: &Path) -> std::path::PathBuf {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/helpdesk-basic.toml");
    let text = format!(
        r#"name = "bench-sweep"
scenario = "{scenario}"
replications = 10
[[parameters]]
path = "agents.count"
range = {{ from = 15, to = 34, step = 1 }}
[[parameters]]
path = "arrivals.scale"
values = [0.8, 0.9, 1.0, 1.1, 1.2]
"#
    );
    let path = dir.join("bench.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn sweep(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let file = experiment_file(tmp.path());
    let e = load_experiment(&file).unwrap();
    assert_eq!(e.units(), 1000);
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.throughput(Throughput::Elements(e.units()));
    group.bench_function("plain_units", |b| {
        b.iter(|| {
            for u in 0..e.units() {
                let (point, replication) = e.unit(u);
                let results = run_replication(&e.scenarios[point], replication).unwrap();
                std::hint::black_box(figures(&results));
            }
        })
    });
    for jobs in [1, 2] {
        let mut n = 0;
        group.bench_function(format!("sweep_jobs_{jobs}"), |b| {
            b.iter(|| {
                n += 1;
                let dir = tmp.path().join(format!("out-{jobs}-{n}"));
                let run = Command::new(env!("CARGO_BIN_EXE_callsim"))
                    .arg("sweep")
                    .arg(&file)
                    .arg("--out")
                    .arg(&dir)
                    .args(["--jobs", &jobs.to_string(), "--quiet"])
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&run.stderr);
                assert!(run.status.success(), "{stderr}");
            })
        });
    }
    group.finish();
}

// No plots: criterion's plotters backend shares our plotters build, whose
// text rendering needs fonts registered (ours are, criterion's are not).
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = sweep
}
criterion_main!(benches);
