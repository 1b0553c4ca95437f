//! `compare`: two scenarios run on common random numbers, and the paired
//! difference of every figure their runs report, with its confidence
//! interval.
//!
//! Replication r of A and of B use the same seeds for every purpose, so the
//! calls (arrivals, talk times, patience) are the same in both and a policy
//! or staffing change is measured against the same day. The paired
//! difference cancels the day-to-day noise the two share, which an unpaired
//! comparison of two independent samples cannot.
//!
//! The figures are those of `summary.json`, under the same names (see
//! [`figures`](mod@super::figures)): the headline figures, and every section
//! either scenario has (tiers, customer types, classes, workforce, quality,
//! tickets, walk-ins, costs).

use std::fmt::Write;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::figures::{Unit, figures, unit};
use super::metrics::{Estimate, LEVEL_95, estimate};
use super::output::Columns;
use super::parts::UnitRow;
use crate::model::BuildError;
use crate::replication::run_replication;
use crate::scenario::Scenario;

/// One figure of the comparison. `compare --format json` writes these
/// fields and `--format csv` has them as its columns, under the same names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// The figure's name in `summary.json` (`tiers[1].service_level`).
    pub metric: String,
    /// How the figure is shown and what a difference of it means (points for a share).
    pub unit: Unit,
    /// Mean over the replications of A that define the figure; `None` if none does.
    pub a_mean: Option<f64>,
    /// Mean over the replications of B that define the figure; `None` if none does.
    pub b_mean: Option<f64>,
    /// Mean of the paired differences B - A and the half-width of its 95 %
    /// confidence interval.
    pub difference: Option<f64>,
    /// Half-width of the 95 % interval of `difference` (`None` with fewer than two pairs).
    pub ci_half_width: Option<f64>,
    /// The half-width the same data would give unpaired (Welch), for
    /// contrast.
    pub unpaired_ci_half_width: Option<f64>,
    /// The interval excludes 0: B differs from A beyond the noise of these replications.
    pub significant: Option<bool>,
    /// Replications in which both A and B define the figure.
    pub replications: usize,
}

impl CompareRow {
    /// Whether A and B gave the same value in every replication (a
    /// parameter such as `sla_target`, or a count both keep at 0).
    pub fn identical(&self) -> bool {
        self.difference == Some(0.0) && self.ci_half_width.is_none_or(|h| h == 0.0)
            || self.a_mean.is_none() && self.b_mean.is_none()
    }
}

/// A comparison: what was compared, and every figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub a: String,
    pub b: String,
    pub seed: u64,
    pub replications: u64,
    pub metrics: Vec<CompareRow>,
}

/// Runs `reps` replications of `a` and of `b` (on `jobs` threads) and
/// compares every figure either reports.
pub fn compare(
    a: &Scenario,
    b: &Scenario,
    reps: u64,
    jobs: usize,
) -> Result<Vec<CompareRow>, BuildError> {
    compare_with_progress(a, b, reps, jobs, &|| {})
}

/// [`compare`], calling `done` after each of the `2 × reps` runs (for a
/// progress bar).
pub fn compare_with_progress(
    a: &Scenario,
    b: &Scenario,
    reps: u64,
    jobs: usize,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<CompareRow>, BuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| BuildError::new(e.to_string()))?;
    let units: Vec<(bool, u64)> = (0..reps).flat_map(|r| [(false, r), (true, r)]).collect();
    let mut rows: Vec<UnitRow> = pool.install(|| {
        units
            .par_iter()
            .enumerate()
            .map(|(i, &(second, r))| {
                let f = figures(&run_replication(if second { b } else { a }, r)?);
                done();
                Ok(UnitRow {
                    unit: i as u64,
                    names: Arc::from(f.names),
                    values: f.values,
                })
            })
            .collect::<Result<Vec<_>, BuildError>>()
    })?;
    let cols = Columns::new(rows.iter_mut());
    let values: Vec<Vec<Option<f64>>> = rows.iter().map(|r| cols.values(r)).collect();
    Ok(cols
        .names
        .iter()
        .enumerate()
        .map(|(m, metric)| {
            let a_values: Vec<Option<f64>> = values.iter().step_by(2).map(|v| v[m]).collect();
            let b_values: Vec<Option<f64>> =
                values.iter().skip(1).step_by(2).map(|v| v[m]).collect();
            let diffs = a_values
                .iter()
                .zip(&b_values)
                .map(|(x, y)| Some(y.as_ref()? - x.as_ref()?));
            let ea = estimate(a_values.iter().copied(), LEVEL_95);
            let eb = estimate(b_values.iter().copied(), LEVEL_95);
            let d = estimate(diffs, LEVEL_95);
            CompareRow {
                metric: metric.clone(),
                unit: unit(metric),
                a_mean: ea.map(|e| e.mean),
                b_mean: eb.map(|e| e.mean),
                difference: d.map(|e| e.mean),
                ci_half_width: d.and_then(|e| e.half_width),
                unpaired_ci_half_width: welch(ea, eb),
                significant: d.and_then(|e| e.half_width.map(|h| e.mean.abs() > h)),
                replications: d.map_or(0, |e| e.n),
            }
        })
        .collect())
}

/// Half-width of the 95 % interval of a difference of two independent
/// means (Welch-Satterthwaite degrees of freedom).
fn welch(a: Option<Estimate>, b: Option<Estimate>) -> Option<f64> {
    let (a, b) = (a?, b?);
    let (va, vb) = (a.sd?.powi(2) / a.n as f64, b.sd?.powi(2) / b.n as f64);
    let se2 = va + vb;
    if se2 == 0.0 {
        return Some(0.0);
    }
    let df = se2.powi(2) / (va.powi(2) / (a.n as f64 - 1.0) + vb.powi(2) / (b.n as f64 - 1.0));
    Some(super::metrics::t_quantile(LEVEL_95, df) * se2.sqrt())
}

/// "B raises service_level by 4.1 ± 0.8 points; significant".
pub fn verdict(row: &CompareRow) -> String {
    let (Some(d), Some(h)) = (row.difference, row.ci_half_width) else {
        return format!("{}: not enough replications to compare", row.metric);
    };
    if d == 0.0 {
        return format!("B leaves {} unchanged", row.metric);
    }
    let verb = if d > 0.0 { "raises" } else { "lowers" };
    let amount = match row.unit {
        Unit::Share => format!("{:.1} ± {:.1} points", 100.0 * d.abs(), 100.0 * h),
        Unit::Seconds => format!("{:.1} ± {:.1} s", d.abs(), h),
        Unit::Count => format!("{:.3} ± {:.3}", d.abs(), h),
        Unit::Score => format!("{:.1} ± {:.1} score points", d.abs(), h),
        Unit::Money => format!("{:.2} ± {:.2}", d.abs(), h),
    };
    let judgement = if d.abs() > h {
        "significant"
    } else {
        "not significant (the interval includes 0)"
    };
    format!("B {verb} {} by {amount}; {judgement}", row.metric)
}

fn show(v: Option<f64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "-".to_owned(),
        (Some(v), Unit::Share) => format!("{:.2} %", 100.0 * v),
        (Some(v), Unit::Seconds) => format!("{v:.2} s"),
        (Some(v), Unit::Count) => format!("{v:.3}"),
        (Some(v), Unit::Score | Unit::Money) => format!("{v:.2}"),
    }
}

fn plus_minus(v: Option<f64>, unit: Unit) -> String {
    match (v, unit) {
        (None, _) => "-".to_owned(),
        (Some(v), Unit::Share) => format!("± {:.2} pts", 100.0 * v),
        (Some(v), Unit::Seconds) => format!("± {v:.2} s"),
        (Some(v), Unit::Count) => format!("± {v:.3}"),
        (Some(v), Unit::Score | Unit::Money) => format!("± {v:.2}"),
    }
}

fn difference(r: &CompareRow) -> String {
    let pm = plus_minus(r.ci_half_width, r.unit);
    // A difference that rounds to 0 is shown as +0, never -0.
    let signed = |d: f64, decimals: usize| {
        let text = format!("{d:+.decimals$}");
        if text.bytes().all(|b| matches!(b, b'+' | b'-' | b'0' | b'.')) {
            text.replacen('-', "+", 1)
        } else {
            text
        }
    };
    match (r.difference, r.unit) {
        (None, _) => "-".to_owned(),
        (Some(d), Unit::Share) => format!("{} pts {pm}", signed(100.0 * d, 2)),
        (Some(d), Unit::Seconds) => format!("{} s {pm}", signed(d, 2)),
        (Some(d), Unit::Count) => format!("{} {pm}", signed(d, 3)),
        (Some(d), Unit::Score | Unit::Money) => format!("{} {pm}", signed(d, 2)),
    }
}

/// The section a figure belongs to: the first segment of its name, or ""
/// for the headline figures.
fn section(metric: &str) -> &str {
    match metric.find(['.', '[']) {
        Some(i) => &metric[..i],
        None => "",
    }
}

impl Comparison {
    /// The terminal table: every figure that differs in some replication,
    /// grouped by section, with a mark on the significant differences, then
    /// a verdict for each headline figure that differs.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "A = {}, B = {}: {} replications each on common random numbers (seed {})\n",
            self.a, self.b, self.replications, self.seed
        );
        let shown: Vec<&CompareRow> = self.metrics.iter().filter(|r| !r.identical()).collect();
        let width = shown
            .iter()
            .map(|r| r.metric.chars().count())
            .max()
            .unwrap_or(6)
            .max(6);
        let _ = writeln!(
            out,
            "  {:<width$}  {:>12}  {:>12}  {:>24}    {:>16}",
            "metric", "A", "B", "B - A (95 % CI)", "unpaired CI"
        );
        let mut last = None;
        for r in &shown {
            let s = section(&r.metric);
            if last.is_some_and(|l| l != s) {
                out.push('\n');
            }
            last = Some(s);
            let mark = if r.significant == Some(true) {
                '*'
            } else {
                ' '
            };
            let _ = writeln!(
                out,
                "  {:<width$}  {:>12}  {:>12}  {:>24} {mark}  {:>16}",
                r.metric,
                show(r.a_mean, r.unit),
                show(r.b_mean, r.unit),
                difference(r),
                plus_minus(r.unpaired_ci_half_width, r.unit)
            );
        }
        let same = self.metrics.len() - shown.len();
        let _ = writeln!(
            out,
            "\n* significant: the paired 95 % interval excludes 0. {same} of {} figures are \
             the same in A and B in every replication and are not shown (--format csv or json \
             lists them all).\n",
            self.metrics.len()
        );
        for r in shown.iter().filter(|r| section(&r.metric).is_empty()) {
            let _ = writeln!(out, "{}", verdict(r));
        }
        out
    }

    /// `--format json`: the comparison as one object.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// `--format csv`: one row per figure, the columns named as the fields
    /// of `--format json`.
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = true;
        for r in &self.metrics {
            // csv writes the header from the first row's fields.
            let _ = w.serialize(r);
            header = false;
        }
        if header {
            let _ = w.write_record(CSV_FIELDS);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// The fields of [`CompareRow`], for the header of an empty comparison.
const CSV_FIELDS: [&str; 9] = [
    "metric",
    "unit",
    "a_mean",
    "b_mean",
    "difference",
    "ci_half_width",
    "unpaired_ci_half_width",
    "significant",
    "replications",
];
