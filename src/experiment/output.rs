//! An experiment's final files: `experiment.json` (what was run), `runs.csv`
//! (one row per point × replication) and `points.csv` (one row per point:
//! mean, standard deviation and 95 % confidence interval of every metric,
//! ratio metrics also as ratios of sums, and the probability that the SLA
//! target is met).
//!
//! Both CSV files are built from the units in unit order, with sums in
//! replication order, so any split of the work (jobs, shards, resumes) gives
//! the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::figures::{Range, leaf, range, union};
use super::metrics::{RATIOS, estimate};
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
    /// The figures reported, in column order; filled once every unit is in.
    #[serde(default)]
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
            metrics: Vec::new(),
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
        serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    /// Whether `dir` holds the complete final files of this experiment:
    /// `experiment.json` with its `metrics` is written last, once `runs.csv`
    /// and `points.csv` are in place.
    pub fn is_final_in(&self, dir: &Path) -> bool {
        Self::read(dir).is_ok_and(|r| {
            r.experiment_hash == self.experiment_hash
                && !r.metrics.is_empty()
                && dir.join(RUNS_FILE).is_file()
                && dir.join(POINTS_FILE).is_file()
        })
    }
}

/// The files [`write_final`] writes, for removing their stale temporaries.
pub const FINAL_FILES: [&str; 3] = [RUNS_FILE, POINTS_FILE, EXPERIMENT_FILE];

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

/// The columns of an experiment: every figure any unit reported, in
/// `summary.json` order (see [`union`]), and where each unit keeps them.
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    /// The distinct name lists of the units, in unit order of first
    /// appearance, and for each the position of every column's value.
    lists: Vec<(Arc<[String]>, Positions)>,
}

/// For every column, where a unit's values hold it (`None`: not reported).
type Positions = Vec<Option<usize>>;

impl Columns {
    /// The columns of `rows` (in unit order). Rows that report the same
    /// figures are made to share one name list.
    pub fn new<'a>(rows: impl IntoIterator<Item = &'a mut UnitRow>) -> Self {
        let mut lists: Vec<Arc<[String]>> = Vec::new();
        for row in rows {
            let known = lists
                .iter()
                .find(|l| Arc::ptr_eq(l, &row.names))
                .or_else(|| lists.iter().find(|l| l[..] == row.names[..]));
            match known {
                Some(l) => row.names = l.clone(),
                None => lists.push(row.names.clone()),
            }
        }
        let names = union(lists.iter().map(|l| &l[..]));
        let lists = lists
            .into_iter()
            .map(|l| {
                let at: HashMap<&str, usize> =
                    l.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
                let map = names.iter().map(|n| at.get(n.as_str()).copied()).collect();
                (l, map)
            })
            .collect();
        Self { names, lists }
    }

    /// `row`'s value of every column, in column order (`None`: undefined or
    /// not reported by this unit).
    pub fn values(&self, row: &UnitRow) -> Vec<Option<f64>> {
        let map = self
            .lists
            .iter()
            .find(|(l, _)| Arc::ptr_eq(l, &row.names))
            .or_else(|| self.lists.iter().find(|(l, _)| l[..] == row.names[..]))
            .map(|(_, m)| m.as_slice())
            .unwrap_or_default();
        map.iter()
            .map(|at| at.and_then(|i| row.values.get(i).copied().flatten()))
            .collect()
    }

    /// Position of column `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The ratio figures with their weights, as column positions: every
    /// `prefix + figure` of [`RATIOS`] whose `prefix + weight` is a column.
    pub fn ratios(&self) -> Vec<(usize, usize)> {
        self.names
            .iter()
            .enumerate()
            .filter_map(|(i, name)| {
                let (_, weight) = RATIOS
                    .iter()
                    .find(|(m, _)| leaf(name) == *m && name.ends_with(m))?;
                let prefix = &name[..name.len() - leaf(name).len()];
                Some((i, self.index(&format!("{prefix}{weight}"))?))
            })
            .collect()
    }
}

/// Writes `runs.csv` and `points.csv` from every unit of the experiment,
/// then `experiment.json` with the figures' names: the mark that the set is
/// complete. Each is written whole (temporary file, then rename).
pub fn write_final(
    dir: &Path,
    rec: &ExperimentRecord,
    rows: &mut BTreeMap<u64, UnitRow>,
) -> io::Result<Vec<PathBuf>> {
    let reps = rec.replications;
    let cols = Columns::new(rows.values_mut());
    let mut rec = rec.clone();
    rec.metrics.clone_from(&cols.names);
    let runs = write_atomically(&dir.join(RUNS_FILE), |w| {
        let mut header = vec!["point".to_owned()];
        header.extend(rec.parameters.iter().map(|p| text_cell(p)));
        header.extend(["replication".to_owned(), "seed".to_owned()]);
        header.extend(cols.names.iter().map(|m| text_cell(m)));
        writeln!(w, "{}", header.join(","))?;
        let mut line = String::new();
        for row in rows.values() {
            let (point, r) = (row.unit / reps, row.unit % reps);
            line.clear();
            line.push_str(&point.to_string());
            for v in &rec.points[point as usize] {
                line.push(',');
                line.push_str(&text_cell(v));
            }
            line.push_str(&format!(",{r},{}", rec.seed));
            for v in cols.values(row) {
                line.push(',');
                line.push_str(&cell(v));
            }
            writeln!(w, "{line}")?;
        }
        Ok(())
    })?;
    let ratios = cols.ratios();
    let met = cols.index("sla_met");
    let points = write_atomically(&dir.join(POINTS_FILE), |w| {
        let mut header = vec!["point".to_owned()];
        header.extend(rec.parameters.iter().map(|p| text_cell(p)));
        header.push("replications".into());
        for m in &cols.names {
            for stat in ["mean", "sd", "ci_low", "ci_high"] {
                header.push(text_cell(&format!("{m}_{stat}")));
            }
        }
        for (m, _) in &ratios {
            header.push(text_cell(&format!("{}_ratio_of_sums", cols.names[*m])));
        }
        header.push("p_sla_met".into());
        writeln!(w, "{}", header.join(","))?;
        let ranges: Vec<Range> = cols.names.iter().map(|n| range(n)).collect();
        for (p, values) in rec.points.iter().enumerate() {
            let first = p as u64 * reps;
            let units: Vec<Vec<Option<f64>>> = rows
                .range(first..first + reps)
                .map(|(_, r)| cols.values(r))
                .collect();
            let mut line = vec![p.to_string()];
            line.extend(values.iter().map(|v| text_cell(v)));
            line.push(units.len().to_string());
            for (m, range) in ranges.iter().enumerate() {
                let e = estimate(units.iter().map(|u| u[m]), LEVEL);
                let ci = e.and_then(|e| e.interval(*range));
                line.push(cell(e.map(|e| e.mean)));
                line.push(cell(e.and_then(|e| e.sd)));
                line.push(cell(ci.map(|c| c.0)));
                line.push(cell(ci.map(|c| c.1)));
            }
            for &(mi, wi) in &ratios {
                let (mut num, mut den) = (0.0, 0.0);
                for u in &units {
                    if let (Some(v), Some(wt)) = (u[mi], u[wi]) {
                        num += v * wt;
                        den += wt;
                    }
                }
                line.push(cell((den > 0.0).then(|| num / den)));
            }
            line.push(cell(met.and_then(|met| {
                estimate(units.iter().map(|u| u[met]), LEVEL).map(|e| e.mean)
            })));
            writeln!(w, "{}", line.join(","))?;
        }
        Ok(())
    })?;
    rec.write(dir)?;
    Ok(vec![runs, points])
}
