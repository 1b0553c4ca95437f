//! Duration distributions as a closed enum: sampling is a `match`, not a
//! virtual call, and each variant holds its precomputed parameters.

use crate::scenario::DistributionSpec;
use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp, Gamma, LogNormal};
use std::sync::Arc;

/// A ready-to-sample distribution of durations in seconds.
#[derive(Debug, Clone)]
pub enum Sampler {
    Exponential(Exp<f64>),
    LogNormal(LogNormal<f64>),
    Gamma(Gamma<f64>),
    Constant(f64),
    Empirical(Arc<[f64]>),
}

impl Sampler {
    /// Builds the sampler for a validated spec. Validation guarantees
    /// positive means and coefficients of variation, so construction cannot
    /// fail on a validated scenario; a spec built by hand with bad parameters
    /// is reported as an error rather than a panic.
    pub fn new(spec: &DistributionSpec) -> Result<Self, String> {
        let bad = |what: &str| format!("invalid {what} parameters in {spec:?}");
        Ok(match spec {
            DistributionSpec::Exponential { mean } => {
                Self::Exponential(Exp::new(1.0 / mean).map_err(|_| bad("exponential"))?)
            }
            DistributionSpec::LogNormal { mean, cv } => {
                // For a lognormal with mean m and coefficient of variation cv:
                // sigma^2 = ln(1 + cv^2) and mu = ln(m) - sigma^2 / 2.
                let sigma2 = cv.mul_add(*cv, 1.0).ln();
                let mu = mean.ln() - sigma2 / 2.0;
                Self::LogNormal(LogNormal::new(mu, sigma2.sqrt()).map_err(|_| bad("lognormal"))?)
            }
            DistributionSpec::Gamma { mean, cv } => {
                // Shape k = 1/cv^2 and scale theta = mean * cv^2 give the mean and cv asked for.
                let shape = 1.0 / (cv * cv);
                Self::Gamma(Gamma::new(shape, mean * cv * cv).map_err(|_| bad("gamma"))?)
            }
            DistributionSpec::Constant { value } => {
                if !(value.is_finite() && *value >= 0.0) {
                    return Err(bad("constant"));
                }
                Self::Constant(*value)
            }
            DistributionSpec::Empirical { samples } => {
                if samples.is_empty() {
                    return Err(bad("empirical"));
                }
                Self::Empirical(samples.clone())
            }
        })
    }

    /// Draws one duration in seconds (never negative).
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Self::Exponential(d) => d.sample(rng),
            Self::LogNormal(d) => d.sample(rng),
            Self::Gamma(d) => d.sample(rng),
            Self::Constant(v) => *v,
            Self::Empirical(samples) => samples[rng.random_range(0..samples.len())],
        }
    }
}

/// Per-interval factors on talk and after-call-work draws, from a
/// forecast's AHT and ACW: a call's draws are scaled by the factors of the
/// interval it arrived in, so the distribution keeps its shape and takes
/// that interval's mean. Without a forecast every factor is 1, and
/// multiplying by 1 leaves each draw's bits unchanged.
#[derive(Debug, Clone)]
pub struct HandleScale {
    factors: crate::scenario::Arrivals,
    interval: f64,
}

impl HandleScale {
    pub fn new(scenario: &crate::scenario::Scenario) -> Self {
        let a = &scenario.arrivals;
        Self {
            factors: crate::scenario::Arrivals {
                talk_factors: a.talk_factors.clone(),
                wrap_factors: a.wrap_factors.clone(),
                ..Default::default()
            },
            interval: scenario.time.interval,
        }
    }

    /// The factor on the talk time of a call that arrived at `arrival`.
    #[inline]
    pub fn talk(&self, arrival: f64) -> f64 {
        self.factors.talk_factor(arrival, self.interval)
    }

    /// The factor on the after-call work of a call that arrived at `arrival`.
    #[inline]
    pub fn wrap(&self, arrival: f64) -> f64 {
        self.factors.wrap_factor(arrival, self.interval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::StreamSeeds;

    fn mean_and_cv(spec: DistributionSpec, n: usize) -> (f64, f64) {
        let sampler = Sampler::new(&spec).unwrap();
        let mut rng = StreamSeeds::new(7, 0).stream("test");
        let xs: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        (mean, var.sqrt() / mean)
    }

    #[test]
    fn moments_match_the_spec() {
        // 400k draws: the standard error of the mean is cv * m / sqrt(n) ~ 0.16 % of m
        // for cv = 1, so 1 % is > 6 standard errors.
        let n = 400_000;
        let (m, cv) = mean_and_cv(DistributionSpec::Exponential { mean: 300.0 }, n);
        assert!(
            (m / 300.0 - 1.0).abs() < 0.01 && (cv - 1.0).abs() < 0.02,
            "{m} {cv}"
        );
        let (m, cv) = mean_and_cv(
            DistributionSpec::LogNormal {
                mean: 300.0,
                cv: 0.5,
            },
            n,
        );
        assert!(
            (m / 300.0 - 1.0).abs() < 0.01 && (cv - 0.5).abs() < 0.02,
            "{m} {cv}"
        );
        let (m, cv) = mean_and_cv(
            DistributionSpec::Gamma {
                mean: 200.0,
                cv: 0.7,
            },
            n,
        );
        assert!(
            (m / 200.0 - 1.0).abs() < 0.01 && (cv - 0.7).abs() < 0.02,
            "{m} {cv}"
        );
        let (m, _) = mean_and_cv(DistributionSpec::Constant { value: 42.0 }, 10);
        assert_eq!(m, 42.0);
        let samples: Arc<[f64]> = vec![10.0, 20.0, 60.0].into();
        let (m, _) = mean_and_cv(DistributionSpec::Empirical { samples }, n);
        assert!((m / 30.0 - 1.0).abs() < 0.01, "{m}");
    }
}
