//! Reports: finished statistics turned into files and text.
//!
//! Each format has its own module. Files are written under a temporary name
//! and renamed into place once complete, so a reader never mistakes a
//! half-written file (disk full, killed process) for a result.

pub mod agent_states_log;
pub mod calls_log;
pub mod charts;
pub mod csv_files;
pub mod events_log;
pub mod html;
pub mod json;
pub mod story;
mod streamed;
pub mod table;
pub mod visits_log;

use crate::stats::Results;
use crate::stats::quality::SCORE_BIN;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub use agent_states_log::AgentStateLog;
pub use calls_log::CallLog;
pub use events_log::{EventLog, EventWindow};
pub use visits_log::VisitLog;

/// File names of a run's outputs, relative to its output directory.
pub const SUMMARY_FILE: &str = "summary.json";
pub const INTERVALS_FILE: &str = "intervals.csv";
pub const HISTOGRAM_FILE: &str = "wait_histogram.csv";
pub const CALLS_FILE: &str = "calls.csv";
/// With `--events` only.
pub const EVENTS_FILE: &str = "events.csv";
/// With `--events` only.
pub const VISITS_FILE: &str = "visits.csv";
/// With `--events` only.
pub const AGENT_STATES_FILE: &str = "agent_states.csv";
/// Help-desk runs only.
pub const TIER_INTERVALS_FILE: &str = "tier_intervals.csv";
/// Runs with shifts only.
pub const AGENTS_FILE: &str = "agents.csv";
/// Runs with `[experience]` only.
pub const EXPERIENCE_FILE: &str = "experience_histogram.csv";

/// One bin of the experience-score histogram.
#[derive(Debug, serde::Serialize)]
struct ScoreBin {
    score_from: usize,
    score_to: usize,
    contacts: u64,
    share: Option<f64>,
}

/// Writes `summary.json`, `intervals.csv` and `wait_histogram.csv` (and
/// for a help desk `tier_intervals.csv`, for shifts `agents.csv`) into
/// `dir`, which must exist, and returns their paths.
pub fn write_results(dir: &Path, results: &Results) -> io::Result<Vec<PathBuf>> {
    let desk = results.desk.as_ref();
    let workforce = results.workforce.as_ref();
    let mut written = vec![
        write_atomically(&dir.join(SUMMARY_FILE), |w| json::write_summary(w, results))?,
        write_atomically(&dir.join(INTERVALS_FILE), |w| {
            csv_files::write_rows(w, &results.intervals)
        })?,
        write_atomically(&dir.join(HISTOGRAM_FILE), |w| {
            csv_files::write_rows(w, &results.wait_histogram)
        })?,
    ];
    let tier_intervals = dir.join(TIER_INTERVALS_FILE);
    match desk {
        Some(d) => written.push(write_atomically(&tier_intervals, |w| {
            csv_files::write_rows(w, d.tier_intervals.iter())
        })?),
        // A file left by an earlier help-desk run into the same folder would
        // not belong to this run.
        None if tier_intervals.exists() => fs::remove_file(&tier_intervals)?,
        None => {}
    }
    let agents = dir.join(AGENTS_FILE);
    match workforce {
        Some(s) => written.push(write_atomically(&agents, |w| {
            csv_files::write_rows(w, &s.agents)
        })?),
        None if agents.exists() => fs::remove_file(&agents)?,
        None => {}
    }
    let experience = dir.join(EXPERIENCE_FILE);
    match results.quality.as_ref().and_then(|q| q.experience.as_ref()) {
        Some(e) => {
            let bins: Vec<ScoreBin> = e
                .histogram
                .iter()
                .enumerate()
                .map(|(i, &contacts)| ScoreBin {
                    score_from: i * SCORE_BIN,
                    score_to: (i + 1) * SCORE_BIN,
                    contacts,
                    share: crate::stats::ratio(contacts as f64, e.contacts as f64),
                })
                .collect();
            written.push(write_atomically(&experience, |w| {
                csv_files::write_rows(w, &bins)
            })?);
        }
        None if experience.exists() => fs::remove_file(&experience)?,
        None => {}
    }
    Ok(written)
}

/// Writes `path` through `fill` into a temporary file of this writer's own
/// (`<name>.<pid>-<n>.partial` beside it), synced to disk, then renamed into
/// place: the final name only ever holds a complete file, and concurrent
/// writers of the same file (shards of a cluster job sharing a folder) never
/// share a temporary. On any error the temporary is removed.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<PathBuf> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(
        ".{}-{}.partial",
        std::process::id(),
        WRITES.fetch_add(1, Ordering::Relaxed)
    ));
    let temp = path.with_file_name(name);
    let mut writer = io::BufWriter::new(fs::File::create(&temp)?);
    let written = fill(&mut writer)
        .and_then(|()| writer.flush())
        .and_then(|()| writer.get_ref().sync_all())
        .and_then(|()| fs::rename(&temp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    Ok(path.to_path_buf())
}

/// Where a file is written before it is complete: `name.partial` beside it.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}
