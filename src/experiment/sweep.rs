//! Running an experiment's units in parallel, a shard of them, or what is
//! left of them after an interruption; merging shards.
//!
//! A unit's seed comes from (master seed, replication) and its scenario from
//! its point: never from the thread, the shard or the order in which units
//! run, so the results do not depend on how the work was split.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use super::figures::figures_like;
use super::folder::{FolderLock, remove_stale_temporaries};
use super::output::{EXPERIMENT_FILE, ExperimentRecord, FINAL_FILES, write_final};
use super::parts::{PartsError, UnitRow, read_parts, write_part};
use super::spec::Experiment;
use crate::model::BuildError;
use crate::replication::run_replication;

/// Which units this process runs: those with `unit % count == index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// `"i/N"` (0 <= i < N).
    pub fn parse(text: &str) -> Result<Self, String> {
        let expected = "expected i/N with 0 <= i < N, e.g. 0/4, or `auto`";
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| format!("invalid shard {text:?}: {expected}"))?;
        let index: u64 = i
            .trim()
            .parse()
            .map_err(|_| format!("invalid shard index {i:?}: {expected}"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("invalid shard count {n:?}: {expected}"))?;
        if count == 0 || index >= count {
            return Err(format!("shard {index}/{count} is out of range: {expected}"));
        }
        Ok(Self { index, count })
    }

    /// The shard a cluster job array gives this process: Slurm's
    /// `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`, or a Kubernetes
    /// Indexed Job's `JOB_COMPLETION_INDEX` with `shards` (from `--shards`).
    pub fn from_env(
        get: impl Fn(&str) -> Option<String>,
        shards: Option<u64>,
    ) -> Result<Self, String> {
        let number = |var: &str| -> Result<Option<u64>, String> {
            get(var)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| format!("{var}={v:?} is not a whole number"))
                })
                .transpose()
        };
        let (index, count) = if let Some(i) = number("SLURM_ARRAY_TASK_ID")? {
            let n = number("SLURM_ARRAY_TASK_COUNT")?
                .ok_or("SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not")?;
            (i, n)
        } else if let Some(i) = number("JOB_COMPLETION_INDEX")? {
            (
                i,
                shards.ok_or(
                    "JOB_COMPLETION_INDEX is set: give the number of shards with --shards N",
                )?,
            )
        } else {
            return Err(
                "--shard auto found neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX in the environment"
                    .into(),
            );
        };
        Self::parse(&format!("{index}/{count}"))
    }

    fn tag(self) -> String {
        format!("s{}of{}", self.index, self.count)
    }
}

/// How to run a sweep.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    pub jobs: usize,
    pub shard: Shard,
    pub resume: bool,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// What a sweep did.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepReport {
    /// Units of this shard, already done before, and run now.
    pub shard_units: u64,
    pub resumed: u64,
    pub ran: u64,
    /// The final files, when the folder now holds every unit and this
    /// process wrote them.
    pub written: Vec<PathBuf>,
    /// The folder holds every unit and its final files were already written
    /// (by another shard, or by an earlier run).
    pub already_final: bool,
    pub seconds: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Parts(#[from] PartsError),
    #[error(
        "\"{}\" already holds {units} finished unit(s) of this shard of the experiment: add --resume to finish it, or choose another --out",
        dir.display()
    )]
    NotResuming { units: u64, dir: PathBuf },
    #[error("cannot write in \"{}\": {}", path.display(), crate::scenario::io_words(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Bad input rather than a failure to write: a missing folder, a
    /// missing or damaged `experiment.json`.
    #[error("{0}")]
    Input(String),
    #[error("internal error: {0}")]
    Model(#[from] BuildError),
    #[error("cannot start {0} worker threads: {1}")]
    Threads(usize, String),
    #[error("{0}")]
    Merge(String),
    #[error(
        "interrupted: {saved} finished unit(s) saved in \"{}\", {left} not run; \
         run the same command with --resume to finish",
        dir.display()
    )]
    Interrupted { saved: u64, left: u64, dir: PathBuf },
}

/// Set by [`stop`]: the sweep starts no new unit, saves the finished ones and
/// returns [`SweepError::Interrupted`].
static STOP: AtomicBool = AtomicBool::new(false);

/// Asks the running sweep to stop (from a Ctrl-C handler): units already
/// running finish and are saved with the others; none starts. Returns
/// whether a stop had been asked already.
pub fn stop() -> bool {
    STOP.swap(true, Ordering::SeqCst)
}

fn stopping() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Rows gathered before a part file is written, and the longest wait.
const BATCH_ROWS: usize = 256;
const BATCH_TIME: Duration = Duration::from_millis(500);

/// Runs the units of `opts.shard` not yet in `dir`, then, if `dir` holds
/// every unit of the experiment, writes `runs.csv` and `points.csv`.
pub fn run_sweep(
    e: &Experiment,
    dir: &Path,
    opts: &SweepOptions,
) -> Result<SweepReport, SweepError> {
    let started = Instant::now();
    let io = |source| SweepError::Io {
        path: dir.to_path_buf(),
        source,
    };
    // Check what the folder holds before writing anything in it.
    let mut done = BTreeMap::new();
    let mut duplicates = Vec::new();
    read_parts(dir, &e.hash, &mut done, &mut duplicates)?;
    let shard = opts.shard;
    let mine = |u: &u64| u % shard.count == shard.index;
    let resumed = done.keys().filter(|u| mine(u)).count() as u64;
    if !opts.resume && resumed > 0 {
        return Err(SweepError::NotResuming {
            units: resumed,
            dir: dir.to_path_buf(),
        });
    }
    // Shards started together create the folder together (create_dir_all
    // accepts one another process made) and write the same experiment.json:
    // under the lock, and only if it is not there already.
    std::fs::create_dir_all(dir).map_err(io)?;
    let record = ExperimentRecord::of(e);
    {
        let _lock = FolderLock::acquire(dir).map_err(io)?;
        let present = ExperimentRecord::read(dir).is_ok_and(|mut r| {
            r.metrics.clear();
            r == record
        });
        if !present {
            record.write(dir).map_err(io)?;
        }
    }
    let pending: Vec<u64> = (0..e.units())
        .filter(|u| mine(u) && !done.contains_key(u))
        .collect();
    let shard_units = (0..e.units()).filter(mine).count() as u64;
    let bar = if opts.progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(pending.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bar:40} {pos}/{len} units  {per_sec}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|err| SweepError::Threads(opts.jobs, err.to_string()))?;
    let (tx, rx) = mpsc::channel::<Result<UnitRow, BuildError>>();
    let tag = format!("{}-{}-{}", shard.tag(), std::process::id(), nanos());
    let writer_dir = dir.to_path_buf();
    let hash = e.hash.clone();
    let writer_bar = bar.clone();
    let writer = std::thread::spawn(move || -> Result<u64, SweepError> {
        let mut batch: Vec<UnitRow> = Vec::with_capacity(BATCH_ROWS);
        let mut last = Instant::now();
        let mut written = 0u64;
        let mut seq = 0u32;
        let flush = |batch: &mut Vec<UnitRow>, seq: &mut u32| -> Result<(), SweepError> {
            if batch.is_empty() {
                return Ok(());
            }
            batch.sort_by_key(|r| r.unit);
            write_part(&writer_dir, &hash, &format!("{tag}-{seq:05}"), batch)?;
            *seq += 1;
            batch.clear();
            Ok(())
        };
        loop {
            match rx.recv_timeout(BATCH_TIME) {
                Ok(row) => {
                    batch.push(row?);
                    written += 1;
                    writer_bar.inc(1);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if batch.len() >= BATCH_ROWS || last.elapsed() >= BATCH_TIME {
                flush(&mut batch, &mut seq)?;
                last = Instant::now();
            }
        }
        flush(&mut batch, &mut seq)?;
        Ok(written)
    });
    pool.install(|| {
        pending.par_iter().for_each_with(tx, |tx, &u| {
            if !stopping() {
                let _ = tx.send(run_unit(e, u));
            }
        });
    });
    let ran = writer
        .join()
        .map_err(|_| SweepError::Merge("the part-file writer stopped unexpectedly".into()))??;
    bar.finish_and_clear();
    if stopping() && ran < pending.len() as u64 {
        return Err(SweepError::Interrupted {
            saved: ran,
            left: pending.len() as u64 - ran,
            dir: dir.to_path_buf(),
        });
    }
    let (written, already_final) = finalise(dir, &record)?;
    Ok(SweepReport {
        shard_units,
        resumed,
        ran,
        written,
        already_final,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Writes the final files if `dir` holds every unit of the experiment and
/// nobody wrote them yet: under the folder's lock, so that of shards
/// finishing together exactly one writes them, after every part is in.
/// Returns the files written, and whether they were there already.
fn finalise(dir: &Path, record: &ExperimentRecord) -> Result<(Vec<PathBuf>, bool), SweepError> {
    let io = |source| SweepError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let _lock = FolderLock::acquire(dir).map_err(io)?;
    let mut all = BTreeMap::new();
    // A unit found twice (a shard run twice at once) has the same figures:
    // read_parts refuses it otherwise.
    read_parts(dir, &record.experiment_hash, &mut all, &mut Vec::new())?;
    if (all.len() as u64) < record.units {
        return Ok((Vec::new(), false));
    }
    if record.is_final_in(dir) {
        return Ok((Vec::new(), true));
    }
    remove_stale_temporaries(dir, &FINAL_FILES);
    Ok((write_final(dir, record, &mut all).map_err(io)?, false))
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

/// Simulates unit `u`: its point's scenario, replication `u % R`, with
/// every figure its `summary.json` would hold.
pub fn run_unit(e: &Experiment, u: u64) -> Result<UnitRow, BuildError> {
    thread_local! {
        /// The names of the last unit this thread ran, mostly those of the next.
        static NAMES: std::cell::RefCell<Option<Arc<[String]>>> =
            const { std::cell::RefCell::new(None) };
    }
    let (point, replication) = e.unit(u);
    let results = run_replication(&e.scenarios[point], replication)?;
    let (names, values) = NAMES.with(|last| {
        let (names, values) = figures_like(&results, last.borrow().as_ref());
        *last.borrow_mut() = Some(names.clone());
        (names, values)
    });
    Ok(UnitRow {
        unit: u,
        names,
        values,
    })
}

/// Merges the parts of the shards in `dirs` into `out`: every unit exactly
/// once, all of one experiment; writes the same `runs.csv` and `points.csv`
/// a single-machine run writes.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<Vec<PathBuf>, SweepError> {
    if dirs.is_empty() {
        return Err(SweepError::Merge("no folder to merge".into()));
    }
    let records = dirs
        .iter()
        .map(|dir| read_record(dir))
        .collect::<Result<Vec<_>, _>>()?;
    let record = records[0].clone();
    let mut rows = BTreeMap::new();
    let mut duplicates = Vec::new();
    for (dir, other) in dirs.iter().zip(records) {
        if other.experiment_hash != record.experiment_hash {
            return Err(SweepError::Parts(PartsError::OtherExperiment {
                path: dir.clone(),
                found: other.experiment_hash,
                expected: record.experiment_hash.clone(),
            }));
        }
        read_parts(dir, &record.experiment_hash, &mut rows, &mut duplicates)?;
    }
    if let Some(u) = duplicates.first() {
        return Err(SweepError::Merge(format!(
            "unit {u} appears more than once ({} duplicate(s) in all): each unit must come from exactly one shard",
            duplicates.len()
        )));
    }
    let missing: Vec<u64> = (0..record.units)
        .filter(|u| !rows.contains_key(u))
        .collect();
    if let Some(u) = missing.first() {
        return Err(SweepError::Merge(format!(
            "{} of {} units are missing (the first is unit {u}): run the missing shards, or resume them with --resume",
            missing.len(),
            record.units
        )));
    }
    if let Some(u) = rows.keys().find(|u| **u >= record.units) {
        return Err(SweepError::Merge(format!(
            "unit {u} is not part of the experiment"
        )));
    }
    let io = |source| SweepError::Io {
        path: out.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(io)?;
    let _lock = FolderLock::acquire(out).map_err(io)?;
    remove_stale_temporaries(out, &FINAL_FILES);
    let mut written = write_final(out, &record, &mut rows).map_err(io)?;
    written.push(out.join(EXPERIMENT_FILE));
    Ok(written)
}

/// The `experiment.json` of a folder to merge, or why there is none.
fn read_record(dir: &Path) -> Result<ExperimentRecord, SweepError> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(SweepError::Input(format!(
                "\"{shown}\" does not exist: give the output folders of the shards (their --out)"
            )));
        }
        Err(e) => {
            return Err(SweepError::Input(format!(
                "cannot read \"{shown}\": {}",
                crate::scenario::io_words(&e)
            )));
        }
        Ok(m) if !m.is_dir() => {
            return Err(SweepError::Input(format!(
                "\"{shown}\" is not a folder: give the output folders of the shards (their --out)"
            )));
        }
        Ok(_) => {}
    }
    let path = dir.join(EXPERIMENT_FILE);
    ExperimentRecord::read(dir).map_err(|e| {
        SweepError::Input(match e.kind() {
            std::io::ErrorKind::NotFound => format!(
                "\"{shown}\" holds no {EXPERIMENT_FILE}: it is not the output folder of a sweep \
                 (a shard writes it when it starts)"
            ),
            std::io::ErrorKind::InvalidData => format!(
                "\"{}\" is damaged ({e}): it is not the experiment.json a sweep writes; \
                 run that shard again with --resume to rewrite it",
                path.display()
            ),
            _ => format!("cannot read \"{}\": {e}", path.display()),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_come_from_the_environment() {
        assert_eq!(Shard::parse("2/7"), Ok(Shard { index: 2, count: 7 }));
        assert!(Shard::parse("7/7").unwrap_err().contains("out of range"));
        assert!(Shard::parse("x").is_err());
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "8"),
        ]);
        assert_eq!(
            Shard::from_env(slurm, None),
            Ok(Shard { index: 3, count: 8 })
        );
        let k8s = env(&[("JOB_COMPLETION_INDEX", "1")]);
        assert_eq!(
            Shard::from_env(k8s, Some(4)),
            Ok(Shard { index: 1, count: 4 })
        );
        assert!(Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "1")]), None).is_err());
        assert!(Shard::from_env(env(&[]), None).is_err());
    }
}
