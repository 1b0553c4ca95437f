//! `callsim sweep`, `merge` and `compare`: experiments from the command line.

use std::path::PathBuf;

use super::args::{CompareArgs, Format, MergeArgs, SweepArgs};
use super::error::{CliError, EXIT_OK};
use crate::experiment::{self, Shard, SweepOptions};
use crate::scenario::load_file;

fn jobs(flag: Option<usize>) -> Result<usize, CliError> {
    match flag {
        Some(0) => Err(CliError::Usage(
            "invalid --jobs 0: expected at least 1 worker thread".into(),
        )),
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
    let report = experiment::run_sweep(&e, &dir, &opts)?;
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
    if report.written.is_empty() {
        println!(
            "shard {}/{} is done ({} units) in {}; when every shard is, run: callsim merge DIR...",
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

pub fn compare(args: &CompareArgs) -> Result<u8, CliError> {
    if args.reps < 2 {
        return Err(CliError::Usage(format!(
            "invalid --reps {}: expected at least 2 replications for a confidence interval",
            args.reps
        )));
    }
    let jobs = jobs(args.jobs)?;
    let mut a = load_file(&args.a, &[])?;
    let mut b = load_file(&args.b, &[])?;
    let seed = args.seed.unwrap_or(a.seed);
    a.seed = seed;
    b.seed = seed;
    let rows = experiment::compare(&a, &b, args.reps, jobs)?;
    match args.format {
        Format::Json => {
            let out = serde_json::json!({
                "a": args.a.display().to_string(),
                "b": args.b.display().to_string(),
                "seed": seed,
                "replications": args.reps,
                "metrics": rows,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Csv => {
            println!(
                "metric,a_mean,b_mean,difference,ci_half_width,unpaired_ci_half_width,significant,replications"
            );
            let cell = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
            for r in &rows {
                println!(
                    "{},{},{},{},{},{},{},{}",
                    r.metric,
                    cell(r.a_mean),
                    cell(r.b_mean),
                    cell(r.difference),
                    cell(r.half_width),
                    cell(r.unpaired_half_width),
                    r.significant.map(|s| s.to_string()).unwrap_or_default(),
                    r.replications
                );
            }
        }
        Format::Text => {
            println!(
                "A = {}, B = {}: {} replications each on common random numbers (seed {seed})\n",
                args.a.display(),
                args.b.display(),
                args.reps
            );
            println!(
                "  {:<14}  {:>10}  {:>10}  {:>22}  {:>16}",
                "metric", "A", "B", "B - A (95 % CI)", "unpaired CI"
            );
            for r in &rows {
                let show = |v: Option<f64>| match (v, r.unit) {
                    (None, _) => "-".to_owned(),
                    (Some(v), experiment::compare::Unit::Share) => format!("{:.2} %", 100.0 * v),
                    (Some(v), experiment::compare::Unit::Seconds) => format!("{v:.2} s"),
                    (Some(v), experiment::compare::Unit::Count) => format!("{v:.3}"),
                    (Some(v), experiment::compare::Unit::Score) => format!("{v:.2}"),
                    (Some(v), experiment::compare::Unit::Money) => format!("{v:.2}"),
                };
                let pm = |v: Option<f64>| match (v, r.unit) {
                    (None, _) => "-".to_owned(),
                    (Some(v), experiment::compare::Unit::Share) => {
                        format!("± {:.2} pts", 100.0 * v)
                    }
                    (Some(v), experiment::compare::Unit::Seconds) => format!("± {v:.2} s"),
                    (Some(v), experiment::compare::Unit::Count) => format!("± {v:.3}"),
                    (Some(v), experiment::compare::Unit::Score) => format!("± {v:.2}"),
                    (Some(v), experiment::compare::Unit::Money) => format!("± {v:.2}"),
                };
                let diff = match (r.difference, r.unit) {
                    (None, _) => "-".to_owned(),
                    (Some(d), experiment::compare::Unit::Share) => {
                        format!("{:+.2} pts {}", 100.0 * d, pm(r.half_width))
                    }
                    (Some(d), experiment::compare::Unit::Seconds) => {
                        format!("{d:+.2} s {}", pm(r.half_width))
                    }
                    (Some(d), experiment::compare::Unit::Count) => {
                        format!("{d:+.3} {}", pm(r.half_width))
                    }
                    (
                        Some(d),
                        experiment::compare::Unit::Score | experiment::compare::Unit::Money,
                    ) => {
                        format!("{d:+.2} {}", pm(r.half_width))
                    }
                };
                println!(
                    "  {:<14}  {:>10}  {:>10}  {:>22}  {:>16}",
                    r.label,
                    show(r.a_mean),
                    show(r.b_mean),
                    diff,
                    pm(r.unpaired_half_width)
                );
            }
            println!();
            for r in &rows {
                println!("{}", experiment::verdict(r));
            }
        }
    }
    Ok(EXIT_OK)
}
