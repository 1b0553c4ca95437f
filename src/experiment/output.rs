//! An experiment's final files: `experiment.json` (what was run), `runs.csv`
//! (one row per point × replication) and `points.csv` (one row per point:
//! mean, standard deviation and 95 % confidence interval of every metric,
//! ratio metrics also as ratios of sums, and the probability that the SLA
//! target is met).
//!
//! Both CSV files are built from the units in unit order, with sums in
//! replication order, so any split of the work (jobs, shards, resumes) gives
//! the same bytes.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::metrics::{METRICS, RATIOS, estimate, metric_index};
use super::parts::UnitRow;
use super::spec::Experiment;
use crate::report::write_atomically;

pub const EXPERIMENT_FILE: &str = "experiment.json";
pub const RUNS_FILE: &str = "runs.csv";
pub const POINTS_FILE: &str = "points.csv";

use super::metrics::LEVEL_95 as LEVEL;

/// `experiment.json`: the experiment as run, enough to reproduce it and to
/// merge its shards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentRecord {
    pub name: String,
    pub tool: String,
    pub experiment_hash: String,
    pub experiment_file: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub replications: u64,
    /// Overrides applied to every point, `key=value`.
    pub fixed: Vec<String>,
    pub parameters: Vec<String>,
    pub points: Vec<Vec<String>>,
    pub units: u64,
    pub metrics: Vec<String>,
}

impl ExperimentRecord {
    pub fn of(e: &Experiment) -> Self {
        Self {
            name: e.name.clone(),
            tool: format!("callsim {}", env!("CARGO_PKG_VERSION")),
            experiment_hash: e.hash.clone(),
            experiment_file: e.file.display().to_string(),
            scenario_file: e.scenario_file.display().to_string(),
            scenario_sha256: e.scenario_sha256.clone(),
            seed: e.seed,
            replications: e.replications,
            fixed: e
                .fixed
                .iter()
                .map(|o| format!("{}={}", o.key(), o.value()))
                .collect(),
            parameters: e.parameters.clone(),
            points: e.points.clone(),
            units: e.units(),
            metrics: METRICS.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    pub fn write(&self, dir: &Path) -> io::Result<PathBuf> {
        write_atomically(&dir.join(EXPERIMENT_FILE), |w| {
            serde_json::to_writer_pretty(&mut *w, self)?;
            writeln!(w)
        })
    }

    pub fn read(dir: &Path) -> io::Result<Self> {
        let text = std::fs::read_to_string(dir.join(EXPERIMENT_FILE))?;
        serde_json::from_str(&text).map_err(io::Error::other)
    }
}

fn cell(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A CSV cell: quoted when it holds a separator or a quote.
fn text_cell(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Writes `runs.csv` and `points.csv` from every unit of the experiment.
pub fn write_final(
    dir: &Path,
    rec: &ExperimentRecord,
    rows: &BTreeMap<u64, UnitRow>,
) -> io::Result<Vec<PathBuf>> {
    let reps = rec.replications;
    let runs = write_atomically(&dir.join(RUNS_FILE), |w| {
        let mut header = vec!["point".to_owned()];
        header.extend(rec.parameters.iter().map(|p| text_cell(p)));
        header.extend(["replication".to_owned(), "seed".to_owned()]);
        header.extend(METRICS.iter().map(|m| (*m).to_owned()));
        writeln!(w, "{}", header.join(","))?;
        for row in rows.values() {
            let (point, r) = (row.unit / reps, row.unit % reps);
            let mut line = vec![point.to_string()];
            line.extend(rec.points[point as usize].iter().map(|v| text_cell(v)));
            line.extend([r.to_string(), rec.seed.to_string()]);
            line.extend(row.values.iter().map(|v| cell(*v)));
            writeln!(w, "{}", line.join(","))?;
        }
        Ok(())
    })?;
    let points = write_atomically(&dir.join(POINTS_FILE), |w| {
        let mut header = vec!["point".to_owned()];
        header.extend(rec.parameters.iter().map(|p| text_cell(p)));
        header.push("replications".into());
        for m in METRICS {
            for stat in ["mean", "sd", "ci_low", "ci_high"] {
                header.push(format!("{m}_{stat}"));
            }
        }
        for (m, _) in RATIOS {
            header.push(format!("{m}_ratio_of_sums"));
        }
        header.push("p_sla_met".into());
        writeln!(w, "{}", header.join(","))?;
        for (p, values) in rec.points.iter().enumerate() {
            let first = p as u64 * reps;
            let units: Vec<&UnitRow> = rows.range(first..first + reps).map(|(_, r)| r).collect();
            let mut line = vec![p.to_string()];
            line.extend(values.iter().map(|v| text_cell(v)));
            line.push(units.len().to_string());
            for m in 0..METRICS.len() {
                let e = estimate(units.iter().map(|u| u.values[m]), LEVEL);
                line.push(cell(e.map(|e| e.mean)));
                line.push(cell(e.and_then(|e| e.sd)));
                line.push(cell(e.and_then(|e| e.half_width.map(|h| e.mean - h))));
                line.push(cell(e.and_then(|e| e.half_width.map(|h| e.mean + h))));
            }
            for (m, weight) in RATIOS {
                let (mi, wi) = (
                    metric_index(m).unwrap_or(0),
                    metric_index(weight).unwrap_or(0),
                );
                let (mut num, mut den) = (0.0, 0.0);
                for u in &units {
                    if let (Some(v), Some(wt)) = (u.values[mi], u.values[wi]) {
                        num += v * wt;
                        den += wt;
                    }
                }
                line.push(cell((den > 0.0).then(|| num / den)));
            }
            let met = metric_index("sla_met").unwrap_or(0);
            line.push(cell(
                estimate(units.iter().map(|u| u.values[met]), LEVEL).map(|e| e.mean),
            ));
            writeln!(w, "{}", line.join(","))?;
        }
        Ok(())
    })?;
    Ok(vec![runs, points])
}
