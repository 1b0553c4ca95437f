//! `compare`: two scenarios run on common random numbers, and the paired
//! difference of each key metric with its confidence interval.
//!
//! Replication r of A and of B use the same seeds for every purpose, so the
//! calls (arrivals, talk times, patience) are the same in both and a policy
//! or staffing change is measured against the same day. The paired
//! difference cancels the day-to-day noise the two share, which an unpaired
//! comparison of two independent samples cannot.

use rayon::prelude::*;
use serde::Serialize;

use super::metrics::{Estimate, LEVEL_95, estimate, metric_index, metric_values};
use crate::model::{BuildError, simulate};
use crate::scenario::Scenario;
use crate::stats::{DeskRecorder, QualityRecorder, QualityResults, Recorder, StaffRecorder};

/// The metrics `compare` reports, with how to say them.
pub const COMPARED: [(&str, &str, Unit); 7] = [
    ("service_level", "service level", Unit::Share),
    ("abandonment_rate", "abandonment", Unit::Share),
    ("prob_wait", "P(wait)", Unit::Share),
    ("asa_seconds", "ASA", Unit::Seconds),
    ("mean_wait_seconds", "mean wait", Unit::Seconds),
    ("occupancy", "occupancy", Unit::Share),
    ("blocking_rate", "blocking", Unit::Share),
];

/// The quality metrics `compare` adds when either scenario has a quality
/// rule on (`[repeat_calls]`, `[followups]`, `[experience]`).
pub const COMPARED_QUALITY: [(&str, &str, Unit); 5] = [
    ("first_call_resolution", "first-call res.", Unit::Share),
    ("repeat_rate", "repeat calls", Unit::Share),
    ("calls_per_case", "calls per case", Unit::Count),
    ("experience_mean", "experience", Unit::Score),
    ("experience_phone_mean", "exp. of calls", Unit::Score),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share, shown in percent and compared in percentage points.
    Share,
    Seconds,
    /// A plain number (calls per case).
    Count,
    /// Experience-score points (0-100).
    Score,
    /// Money, in the scenario's currency.
    Money,
}

/// The money metrics `compare` adds when either scenario has `[costs]`.
pub const COMPARED_COSTS: [(&str, &str, Unit); 2] = [
    ("cost_total", "total cost", Unit::Money),
    ("cost_per_resolved", "cost/resolved", Unit::Money),
];

/// A replication's quality metrics, in [`COMPARED_QUALITY`] order.
fn quality_values(q: Option<QualityResults>) -> Vec<Option<f64>> {
    match q {
        None => vec![None; COMPARED_QUALITY.len()],
        Some(q) => vec![
            q.cases.first_call_resolution,
            q.cases.repeat_rate,
            q.cases.calls_per_case,
            q.experience.as_ref().and_then(|e| e.mean),
            q.experience
                .as_ref()
                .and_then(|e| e.by_channel.first().and_then(|r| r.mean)),
        ],
    }
}

/// One metric of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    pub metric: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    pub a_mean: Option<f64>,
    pub b_mean: Option<f64>,
    /// Mean of the paired differences B - A and the half-width of its 95 %
    /// confidence interval.
    pub difference: Option<f64>,
    pub half_width: Option<f64>,
    /// The half-width the same data would give unpaired (Welch), for
    /// contrast.
    pub unpaired_half_width: Option<f64>,
    pub significant: Option<bool>,
    pub replications: usize,
}

/// Runs `reps` replications of `a` and of `b` (on `jobs` threads) and
/// compares them.
pub fn compare(
    a: &Scenario,
    b: &Scenario,
    reps: u64,
    jobs: usize,
) -> Result<Vec<CompareRow>, BuildError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| BuildError::new(e.to_string()))?;
    let units: Vec<(bool, u64)> = (0..reps).flat_map(|r| [(false, r), (true, r)]).collect();
    let results: Vec<Vec<Option<f64>>> = pool.install(|| {
        units
            .par_iter()
            .map(|&(second, r)| {
                let s = if second { b } else { a };
                // Money needs the desk's classes and the shifts' paid time.
                let priced = s.costs.is_some();
                let mut recorders = (
                    (Recorder::new(s), QualityRecorder::new(s)),
                    (
                        DeskRecorder::new(s).filter(|_| priced),
                        StaffRecorder::new(s).filter(|_| priced),
                    ),
                );
                simulate(s, r, &mut recorders)?;
                let ((recorder, quality), (desk, staff)) = recorders;
                let mut results = recorder.results(s, r);
                results.quality = quality.map(|q| q.results());
                results.desk = desk.map(|d| d.results(s));
                if let Some(staff) = staff {
                    results = results.with_staff(staff.results(s));
                }
                let costs = crate::stats::costs::costs(s, &results);
                let mut values = metric_values(&results.summary);
                values.extend(quality_values(results.quality));
                values.push(costs.as_ref().map(|c| c.total));
                values.push(costs.and_then(|c| c.cost_per_resolved));
                Ok(values)
            })
            .collect::<Result<Vec<_>, BuildError>>()
    })?;
    let has_quality = [a, b]
        .iter()
        .any(|s| s.helpdesk.as_ref().is_some_and(|d| d.quality.is_on()));
    let quality_rows = if has_quality {
        &COMPARED_QUALITY[..]
    } else {
        &[]
    };
    let cost_rows = if a.costs.is_some() || b.costs.is_some() {
        &COMPARED_COSTS[..]
    } else {
        &[]
    };
    let base = super::metrics::METRICS.len();
    let cost_base = base + COMPARED_QUALITY.len();
    Ok(COMPARED
        .iter()
        .map(|&(metric, label, unit)| (metric_index(metric).unwrap_or(0), metric, label, unit))
        .chain(
            quality_rows
                .iter()
                .enumerate()
                .map(|(i, &(metric, label, unit))| (base + i, metric, label, unit)),
        )
        .chain(
            cost_rows
                .iter()
                .enumerate()
                .map(|(i, &(metric, label, unit))| (cost_base + i, metric, label, unit)),
        )
        .map(|(m, metric, label, unit)| {
            let a_values: Vec<Option<f64>> = results.iter().step_by(2).map(|v| v[m]).collect();
            let b_values: Vec<Option<f64>> =
                results.iter().skip(1).step_by(2).map(|v| v[m]).collect();
            let diffs = a_values
                .iter()
                .zip(&b_values)
                .map(|(x, y)| Some(y.as_ref()? - x.as_ref()?));
            let ea = estimate(a_values.iter().copied(), LEVEL_95);
            let eb = estimate(b_values.iter().copied(), LEVEL_95);
            let d = estimate(diffs, LEVEL_95);
            CompareRow {
                metric,
                label,
                unit,
                a_mean: ea.map(|e| e.mean),
                b_mean: eb.map(|e| e.mean),
                difference: d.map(|e| e.mean),
                half_width: d.and_then(|e| e.half_width),
                unpaired_half_width: welch(ea, eb),
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

/// "B raises service level by 4.1 ± 0.8 points; significant".
pub fn verdict(row: &CompareRow) -> String {
    let (Some(d), Some(h)) = (row.difference, row.half_width) else {
        return format!("{}: not enough replications to compare", row.label);
    };
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
    if d == 0.0 {
        return format!("B leaves {} unchanged", row.label);
    }
    format!("B {verb} {} by {amount}; {judgement}", row.label)
}
