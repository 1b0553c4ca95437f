//! What a replication reports to an experiment, and how replications are
//! summarised: mean, standard deviation, Student-t confidence interval, and
//! for ratio metrics the ratio of sums across replications.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::stats::Summary;

/// Every summary metric of a replication, in column order.
pub const METRICS: [&str; 24] = [
    "calls_arrived",
    "calls_blocked",
    "calls_offered",
    "calls_answered",
    "calls_abandoned",
    "calls_answered_within_threshold",
    "service_level",
    "sla_met",
    "asa_seconds",
    "mean_wait_seconds",
    "prob_wait",
    "abandonment_rate",
    "blocking_rate",
    "occupancy",
    "mean_handle_seconds",
    "avg_queue_length",
    "max_queue_length",
    "wait_p50_seconds",
    "wait_p80_seconds",
    "wait_p90_seconds",
    "wait_p95_seconds",
    "wait_p99_seconds",
    "wait_max_seconds",
    "mean_abandon_wait_seconds",
];

/// A replication's metrics, in [`METRICS`] order; `None` when undefined
/// (e.g. no call answered).
pub fn metric_values(s: &Summary) -> Vec<Option<f64>> {
    let count = |n: u64| Some(n as f64);
    let w = s.wait_seconds.as_ref();
    vec![
        count(s.calls_arrived),
        count(s.calls_blocked),
        count(s.calls_offered),
        count(s.calls_answered),
        count(s.calls_abandoned),
        count(s.calls_answered_within_threshold),
        s.service_level,
        s.sla_met.map(|m| f64::from(u8::from(m))),
        s.asa_seconds,
        s.mean_wait_seconds,
        s.prob_wait,
        s.abandonment_rate,
        s.blocking_rate,
        s.occupancy,
        s.mean_handle_seconds,
        s.avg_queue_length,
        count(s.max_queue_length),
        w.map(|w| w.p50),
        w.map(|w| w.p80),
        w.map(|w| w.p90),
        w.map(|w| w.p95),
        w.map(|w| w.p99),
        w.map(|w| w.max),
        s.mean_abandon_wait_seconds,
    ]
}

/// Ratio metrics also reported as a ratio of sums across replications, as
/// research tools do: (name, numerator weight metric, denominator metric).
/// The numerator of replication r is `value_r * weight_r`.
pub const RATIOS: [(&str, &str); 6] = [
    ("service_level", "calls_offered"),
    ("prob_wait", "calls_offered"),
    ("abandonment_rate", "calls_offered"),
    ("blocking_rate", "calls_arrived"),
    ("asa_seconds", "calls_answered"),
    ("mean_wait_seconds", "calls_offered"),
];

/// Position of `name` in [`METRICS`].
pub fn metric_index(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| *m == name)
}

/// The confidence level of every interval callsim reports.
pub const LEVEL_95: f64 = 0.95;

/// Mean, standard deviation and a confidence interval of independent
/// replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub n: usize,
    pub mean: f64,
    /// `None` with fewer than two values.
    pub sd: Option<f64>,
    pub half_width: Option<f64>,
}

/// The two-sided `level` (e.g. 0.95) Student-t quantile with `df` degrees.
pub fn t_quantile(level: f64, df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df)
        .map(|t| t.inverse_cdf(0.5 + level / 2.0))
        .unwrap_or(f64::NAN)
}

/// The estimate of the defined values among `values`, summed in the given
/// order (so the same replications always give the same bits).
pub fn estimate(values: impl IntoIterator<Item = Option<f64>>, level: f64) -> Option<Estimate> {
    let xs: Vec<f64> = values.into_iter().flatten().collect();
    let n = xs.len();
    if n == 0 {
        return None;
    }
    let mean = xs.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return Some(Estimate {
            n,
            mean,
            sd: None,
            half_width: None,
        });
    }
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let sd = var.sqrt();
    Some(Estimate {
        n,
        mean,
        sd: Some(sd),
        half_width: Some(t_quantile(level, (n - 1) as f64) * sd / (n as f64).sqrt()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_match_textbook_values() {
        let e = estimate([Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)], 0.95).unwrap();
        assert_eq!((e.n, e.mean), (4, 2.5));
        assert!((e.sd.unwrap() - 1.290_994_448_735_805_6).abs() < 1e-12);
        // t(0.975, 3) = 3.182446305284263
        assert!(
            (e.half_width.unwrap() - 3.182_446_305_284_263 * 1.290_994_448_735_805_6 / 2.0).abs()
                < 1e-9
        );
        assert_eq!(estimate([None], 0.95), None);
        assert_eq!(estimate([Some(7.0)], 0.95).unwrap().half_width, None);
    }

    #[test]
    fn ratios_name_real_metrics() {
        for (m, w) in RATIOS {
            assert!(metric_index(m).is_some() && metric_index(w).is_some());
        }
    }
}
