//! How replications are summarised: mean, standard deviation, Student-t
//! confidence interval kept inside the figure's range, and for ratio
//! figures the ratio of sums across replications.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::figures::Range;

/// Ratio figures also reported as a ratio of sums across replications, as
/// research tools do: (figure, weight), by the last segment of the name, for
/// every section that has both (`service_level` weighted by
/// `calls_offered`, and so `tiers[1].service_level` by
/// `tiers[1].calls_offered`). The numerator of replication r is
/// `value_r * weight_r`.
pub const RATIOS: [(&str, &str); 6] = [
    ("service_level", "calls_offered"),
    ("prob_wait", "calls_offered"),
    ("abandonment_rate", "calls_offered"),
    ("blocking_rate", "calls_arrived"),
    ("asa_seconds", "calls_answered"),
    ("mean_wait_seconds", "calls_offered"),
];

/// The confidence level of every interval callsim reports.
pub const LEVEL_95: f64 = 0.95;

/// Mean, standard deviation and a confidence interval of independent
/// replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Values the estimate is made of (replications that define the figure).
    pub n: usize,
    /// Their mean, the point estimate.
    pub mean: f64,
    /// `None` with fewer than two values.
    pub sd: Option<f64>,
    /// Half-width of the Student-t interval at the level asked; `None` with fewer than two values.
    pub half_width: Option<f64>,
}

impl Estimate {
    /// The confidence interval, `mean ± half_width` cut to `range`: the
    /// Student-t interval on the replication means, truncated. The true
    /// mean lies in the range, so cutting off the part outside it never
    /// removes the true value: the coverage stays what the t-interval
    /// gives, and no bound is impossible (a share below 0 or above 1, a
    /// negative wait). `None` with fewer than two values.
    pub fn interval(&self, range: Range) -> Option<(f64, f64)> {
        let h = self.half_width?;
        let (lo, hi) = range.bounds();
        Some(((self.mean - h).max(lo), (self.mean + h).min(hi)))
    }
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
    fn intervals_stay_inside_the_range() {
        // Three tiny replications of a share: 0, 0, 0.5.
        let e = estimate([Some(0.0), Some(0.0), Some(0.5)], 0.95).unwrap();
        assert!(e.mean - e.half_width.unwrap() < 0.0);
        let (lo, hi) = e.interval(Range::Share).unwrap();
        assert_eq!(lo, 0.0);
        assert!((hi - (e.mean + e.half_width.unwrap())).abs() < 1e-15);
        let e = estimate([Some(1.0), Some(1.0), Some(0.6)], 0.95).unwrap();
        assert_eq!(e.interval(Range::Share).unwrap().1, 1.0);
        let e = estimate([Some(0.0), Some(30.0)], 0.95).unwrap();
        assert_eq!(e.interval(Range::NonNegative).unwrap().0, 0.0);
        assert_eq!(
            estimate([Some(0.2)], 0.95).unwrap().interval(Range::Share),
            None
        );
    }
}
