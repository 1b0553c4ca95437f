//! `callsim sweep`, `merge` and `compare`: experiments from the command line.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};

use super::args::{CompareArgs, Format, MergeArgs, SweepArgs};
use super::error::{CliError, EXIT_INTERRUPTED, EXIT_OK};
use crate::experiment::{self, Shard, SweepOptions};
use crate::scenario::load_file;

/// The most worker threads `--jobs` accepts, as for `staff`: more threads
/// than cores only cost memory, and 100,000 of them exhaust the system.
const MAX_JOBS: usize = 1024;

fn jobs(flag: Option<usize>) -> Result<usize, CliError> {
    match flag {
        Some(n) if !(1..=MAX_JOBS).contains(&n) => Err(CliError::Usage(format!(
            "invalid --jobs {n}: expected 1 to {MAX_JOBS} worker threads"
        ))),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

pub fn sweep(args: &SweepArgs) -> Result<u8, CliError> {
    let jobs = jobs(args.jobs)?;
    let shard = match args.shard.as_deref() {
        None => Shard::ALL,
        Some("auto") => Shard::from_env(|k| std::env::var(k).ok(), args.shards)
            .map_err(|e| CliError::Usage(format!("--shard auto: {e}")))?,
        Some(text) => Shard::parse(text).map_err(|e| CliError::Usage(format!("--shard: {e}")))?,
    };
    let e = experiment::load_experiment(&args.experiment)?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&e.name));
    let opts = SweepOptions {
        jobs,
        shard,
        resume: args.resume,
        progress: !args.quiet,
    };
    eprintln!(
        "{}: {} point(s) x {} replication(s) = {} units{}; {jobs} worker(s)",
        e.name,
        e.points.len(),
        e.replications,
        e.units(),
        if shard == Shard::ALL {
            String::new()
        } else {
            format!(", shard {}/{}", shard.index, shard.count)
        },
    );
    // Ctrl-C (or SIGTERM from Slurm or Kubernetes) stops the sweep cleanly:
    // the finished units are saved as parts and --resume runs the rest; a
    // second Ctrl-C ends the process at once (parts and final files are
    // written whole, so that loses no more than the unsaved units).
    let _ = ctrlc::set_handler(|| {
        if experiment::sweep::stop() {
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        eprintln!("\nstopping: finishing the running units (Ctrl-C again to quit at once)");
    });
    let report = match experiment::run_sweep(&e, &dir, &opts) {
        Err(err @ experiment::SweepError::Interrupted { .. }) => {
            eprintln!("{err}");
            return Ok(EXIT_INTERRUPTED);
        }
        report => report?,
    };
    println!(
        "ran {} unit(s) in {:.1} s ({} already done){}",
        report.ran,
        report.seconds,
        report.resumed,
        if report.ran > 0 {
            format!(
                ", {:.1} ms per unit",
                1000.0 * report.seconds / report.ran as f64
            )
        } else {
            String::new()
        }
    );
    if report.already_final {
        println!(
            "every unit is in; the final files in {} were already written (by another shard or an earlier run)",
            dir.display()
        );
    } else if report.written.is_empty() {
        println!(
            "shard {}/{} is done ({} units) in {}; the shard that completes the folder writes the final files (shards in folders of their own: callsim merge DIR...)",
            shard.index,
            shard.count,
            report.shard_units,
            dir.display()
        );
    }
    for path in &report.written {
        println!("wrote {}", path.display());
    }
    Ok(EXIT_OK)
}

pub fn merge(args: &MergeArgs) -> Result<u8, CliError> {
    let out = args.out.clone().unwrap_or_else(|| args.dirs[0].clone());
    for path in experiment::merge(&args.dirs, &out)? {
        println!("wrote {}", path.display());
    }
    Ok(EXIT_OK)
}

/// The most replications `compare` runs: each keeps its figures in memory
/// until the comparison is made.
const MAX_COMPARE_REPS: u64 = 100_000;

pub fn compare(args: &CompareArgs) -> Result<u8, CliError> {
    if !(2..=MAX_COMPARE_REPS).contains(&args.reps) {
        return Err(CliError::Usage(format!(
            "invalid --reps {}: expected 2 to {MAX_COMPARE_REPS} replications (at least 2 for a \
             confidence interval; each keeps its figures in memory)",
            args.reps
        )));
    }
    let jobs = jobs(args.jobs)?;
    let mut a = load_file(&args.a, &[])?;
    let mut b = load_file(&args.b, &[])?;
    let seed = args.seed.unwrap_or(a.seed);
    a.seed = seed;
    b.seed = seed;
    let comparison = experiment::Comparison {
        a: args.a.display().to_string(),
        b: args.b.display().to_string(),
        seed,
        replications: args.reps,
        metrics: {
            // On a terminal, a bar on stderr; cleared before the table.
            let bar = if std::io::stderr().is_terminal() {
                let bar = ProgressBar::new(2 * args.reps);
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} runs  ETA {eta}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar
            } else {
                ProgressBar::hidden()
            };
            let metrics =
                experiment::compare_with_progress(&a, &b, args.reps, jobs, &|| bar.inc(1));
            bar.finish_and_clear();
            metrics?
        },
    };
    print!(
        "{}",
        match args.format {
            Format::Json => comparison.json(),
            Format::Csv => comparison.csv(),
            Format::Text => comparison.text(),
        }
    );
    Ok(EXIT_OK)
}
