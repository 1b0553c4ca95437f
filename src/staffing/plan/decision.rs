//! Deciding with noise: whether a candidate staffing meets a target, from
//! replications of one interval, or whether more replications are needed.
//!
//! Each replication gives one value of a figure (the interval's service
//! level, say). The mean over replications estimates what the interval
//! achieves on an average day; a one-sided 95 % Student-t bound says how
//! sure that estimate is. A candidate *meets* a target when the bound on
//! the safe side clears it, *fails* when the bound on the other side does
//! not reach it, and is *undecided* otherwise: the planner then adds
//! replications, on common random numbers, until it is decided or the
//! replication budget is spent.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// One-sided confidence of the decision bounds.
const CONFIDENCE: f64 = 0.95;

/// What the replications say about a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Meets,
    Fails,
    Undecided,
}

impl Verdict {
    /// Both must hold.
    pub fn and(self, other: Self) -> Self {
        match (self, other) {
            (Self::Fails, _) | (_, Self::Fails) => Self::Fails,
            (Self::Meets, Self::Meets) => Self::Meets,
            _ => Self::Undecided,
        }
    }
}

/// The mean of a figure over replications and its standard error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimate {
    pub mean: f64,
    pub std_error: f64,
    pub n: usize,
}

impl Estimate {
    /// Over the replications that have a value (an interval without calls
    /// has no service level); `None` if none has.
    pub fn of(values: impl Iterator<Item = Option<f64>>) -> Option<Self> {
        let (mut n, mut sum, mut sum_sq) = (0usize, 0.0, 0.0);
        for v in values.flatten() {
            n += 1;
            sum += v;
            sum_sq += v * v;
        }
        if n == 0 {
            return None;
        }
        let mean = sum / n as f64;
        let var = if n > 1 {
            ((sum_sq - n as f64 * mean * mean) / (n - 1) as f64).max(0.0)
        } else {
            f64::INFINITY
        };
        Some(Self {
            mean,
            std_error: (var / n as f64).sqrt(),
            n,
        })
    }

    fn t(&self, p: f64) -> f64 {
        if self.n < 2 {
            return f64::INFINITY;
        }
        StudentsT::new(0.0, 1.0, (self.n - 1) as f64).map_or(f64::INFINITY, |t| t.inverse_cdf(p))
    }

    /// Half-width of the two-sided 95 % interval (for reports).
    pub fn half_width(&self) -> Option<f64> {
        let h = self.t(0.975) * self.std_error;
        h.is_finite().then_some(h)
    }

    /// Whether the figure is at least `target` (`at_least`) or at most it.
    pub fn verdict(&self, target: f64, at_least: bool) -> Verdict {
        if self.std_error == 0.0 && self.n >= 2 {
            // Every replication gave the same value: nothing to doubt.
            let ok = if at_least {
                self.mean >= target
            } else {
                self.mean <= target
            };
            return if ok { Verdict::Meets } else { Verdict::Fails };
        }
        let margin = self.t(CONFIDENCE) * self.std_error;
        let (low, high) = (self.mean - margin, self.mean + margin);
        let (safe, unsafe_) = if at_least { (low, high) } else { (high, low) };
        let ok = |x: f64| if at_least { x >= target } else { x <= target };
        if ok(safe) {
            Verdict::Meets
        } else if !ok(unsafe_) {
            Verdict::Fails
        } else {
            Verdict::Undecided
        }
    }

    /// How sure the replications make it that the mean is at least
    /// `target` (`at_least`) or at most it: the Student-t probability of
    /// the observed margin.
    pub fn confidence(&self, target: f64, at_least: bool) -> f64 {
        let margin = if at_least {
            self.mean - target
        } else {
            target - self.mean
        };
        if self.std_error == 0.0 || self.n < 2 {
            return if margin >= 0.0 { 1.0 } else { 0.0 };
        }
        StudentsT::new(0.0, 1.0, (self.n - 1) as f64)
            .map_or(0.5, |t| t.cdf(margin / self.std_error))
    }
}

#[cfg(test)]
mod tests {
    use super::{Estimate, Verdict};

    fn est(values: &[f64]) -> Estimate {
        Estimate::of(values.iter().map(|&v| Some(v))).unwrap()
    }

    #[test]
    fn a_clear_margin_decides_and_a_thin_one_does_not() {
        let high = est(&[0.90, 0.92, 0.91, 0.93, 0.89]);
        assert_eq!(high.verdict(0.8, true), Verdict::Meets);
        assert_eq!(high.verdict(0.95, true), Verdict::Fails);
        let noisy = est(&[0.70, 0.95, 0.75, 0.90, 0.82]);
        assert_eq!(noisy.verdict(0.8, true), Verdict::Undecided);
        assert!(noisy.confidence(0.8, true) > 0.5);
        assert!(noisy.confidence(0.8, true) < 0.95);
        // A cap reads the other way.
        assert_eq!(high.verdict(0.95, false), Verdict::Meets);
        assert_eq!(high.verdict(0.80, false), Verdict::Fails);
    }

    #[test]
    fn identical_replications_leave_no_doubt() {
        let all = est(&[1.0, 1.0, 1.0]);
        assert_eq!(all.verdict(0.8, true), Verdict::Meets);
        assert_eq!(all.confidence(0.8, true), 1.0);
        assert_eq!(est(&[0.5]).verdict(0.8, true), Verdict::Undecided);
    }
}
