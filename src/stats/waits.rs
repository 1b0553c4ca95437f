//! Wait-time distributions: an HDR histogram for percentiles, and exact
//! one-second bins for the published histogram, so its cumulative share at the
//! SLA threshold equals the service level computed from exact counters.
//!
//! Memory is bounded whatever the waits: the exact bins cover waits up to
//! [`EXACT_WAIT_RANGE_SECONDS`] (at most 8 bytes per second of that range,
//! 4.8 MB, allocated only as far as the longest wait), longer waits share one
//! overflow bin, and the HDR histogram grows with the logarithm of the
//! longest wait (under 0.5 MB up to 585 million years).

use hdrhistogram::Histogram;
use serde::Serialize;

/// One bin of the published wait-time histogram of answered calls.
///
/// The first row holds the calls answered at once (`0, 0`); every other row
/// is the half-open range `(wait_from_seconds, wait_to_seconds]`, so the
/// cumulative share at a row ending on the SLA threshold is the share of
/// answered calls answered within it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistogramRow {
    /// Lower end of the row's range (excluded, except in the first row).
    pub wait_from_seconds: f64,
    /// Upper end of the row's range (included).
    pub wait_to_seconds: f64,
    /// Answered calls whose wait lies in the range.
    pub calls_answered: u64,
    /// Their share of answered calls.
    pub share: f64,
    /// Share of answered calls that waited at most `wait_to_seconds`.
    pub cumulative_share: f64,
}

/// Longest wait with its own one-second bin in the published histogram (7
/// days). Longer waits are counted in one last row, from this range to the
/// longest wait; the percentiles and the maximum stay exact to HDR precision.
pub const EXACT_WAIT_RANGE_SECONDS: usize = 7 * 86_400;

/// A distribution of waits.
///
/// Zero waits (calls answered at once, often most of them) are only counted
/// in `bins[0]`, which keeps the HDR record off the commonest path; quantiles
/// account for them by rank.
#[derive(Debug, Clone)]
pub struct WaitDistribution {
    /// Positive waits in whole milliseconds, 3 significant digits.
    hdr: Histogram<u64>,
    /// `bins[0]`: zero waits; `bins[k]`: waits in `(k - 1, k]` seconds, for
    /// `k` up to [`EXACT_WAIT_RANGE_SECONDS`].
    bins: Vec<u64>,
    /// Waits longer than [`EXACT_WAIT_RANGE_SECONDS`].
    overflow: u64,
    max: f64,
}

/// 3 significant digits (0.1 %) at any wait, sized for waits up to a day so
/// the hot loop does not resize; longer waits grow the histogram.
fn new_hdr() -> Histogram<u64> {
    const DAY_MILLIS: u64 = 24 * 3600 * 1000;
    let mut hdr = Histogram::new_with_bounds(1, DAY_MILLIS, 3)
        .expect("1 ms to 1 day at 3 significant digits is a valid range");
    hdr.auto(true);
    hdr
}

impl Default for WaitDistribution {
    fn default() -> Self {
        Self::new()
    }
}

impl WaitDistribution {
    /// An empty distribution.
    pub fn new() -> Self {
        Self {
            hdr: new_hdr(),
            bins: vec![0],
            overflow: 0,
            max: 0.0,
        }
    }

    /// Records one wait in seconds (≥ 0).
    #[inline]
    pub fn record(&mut self, wait: f64) {
        if wait == 0.0 {
            self.bins[0] += 1;
            return;
        }
        let millis = round_to_u64(wait * 1000.0);
        if self.hdr.record(millis).is_err() {
            // Only past u64 milliseconds (585 million years) can this fail.
            self.hdr.saturating_record(millis);
        }
        self.max = self.max.max(wait);
        if wait > EXACT_WAIT_RANGE_SECONDS as f64 {
            self.overflow += 1;
            return;
        }
        let bin = ceil_to_usize(wait);
        if bin >= self.bins.len() {
            self.bins.resize(bin + 1, 0);
        }
        self.bins[bin] += 1;
    }

    /// Number of waits recorded.
    pub fn count(&self) -> u64 {
        self.bins[0] + self.hdr.len()
    }

    /// Bytes held by the exact bins (at most `8 × (EXACT_WAIT_RANGE_SECONDS + 1)`).
    #[cfg(test)]
    pub fn bins_bytes(&self) -> usize {
        self.bins.capacity() * std::mem::size_of::<u64>()
    }

    /// The wait in seconds below which a share `q` of waits fall (HDR, to 0.1 %);
    /// `None` if nothing was recorded.
    ///
    /// Same convention as HDR's `value_at_quantile`: the value of rank
    /// `max(1, ceil(q * count))` in sorted order, reported as the highest
    /// value equivalent to it at the histogram's precision, but never above
    /// the exact longest wait: the top bucket's highest equivalent value
    /// lies up to 0.1 % above the waits in it, so an unclamped p99 could
    /// exceed `max`.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let count = self.count();
        if count == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * count as f64).ceil() as u64).max(1);
        let zeros = self.bins[0];
        if rank <= zeros {
            return Some(0.0);
        }
        let mut seen = zeros;
        for v in self.hdr.iter_recorded() {
            seen += v.count_at_value();
            if seen >= rank {
                return Some((v.value_iterated_to() as f64 / 1000.0).min(self.max));
            }
        }
        Some(self.max)
    }

    /// The longest wait recorded (exact); `None` if nothing was recorded.
    pub fn max(&self) -> Option<f64> {
        (self.count() > 0).then_some(self.max)
    }

    /// The histogram as rows of bins `width` seconds wide (a whole number ≥ 1),
    /// then, if some waits exceed [`EXACT_WAIT_RANGE_SECONDS`], one row from
    /// that range to the longest wait.
    pub fn rows(&self, width: usize) -> Vec<HistogramRow> {
        let total = self.count();
        if total == 0 {
            return Vec::new();
        }
        let share = |n: u64| n as f64 / total as f64;
        let mut rows = vec![HistogramRow {
            wait_from_seconds: 0.0,
            wait_to_seconds: 0.0,
            calls_answered: self.bins[0],
            share: share(self.bins[0]),
            cumulative_share: share(self.bins[0]),
        }];
        let mut cumulative = self.bins[0];
        for (k, chunk) in self.bins[1..].chunks(width).enumerate() {
            let n: u64 = chunk.iter().sum();
            cumulative += n;
            rows.push(HistogramRow {
                wait_from_seconds: (k * width) as f64,
                wait_to_seconds: ((k + 1) * width) as f64,
                calls_answered: n,
                share: share(n),
                cumulative_share: share(cumulative),
            });
        }
        if self.overflow > 0 {
            cumulative += self.overflow;
            rows.push(HistogramRow {
                // Every wait here is beyond the range: rows may leave a gap
                // before it, never overlap it.
                wait_from_seconds: EXACT_WAIT_RANGE_SECONDS as f64,
                wait_to_seconds: self.max,
                calls_answered: self.overflow,
                share: share(self.overflow),
                cumulative_share: share(cumulative),
            });
        }
        rows
    }

    /// A bin width (seconds) that keeps the histogram to at most `max_rows`
    /// rows, chosen from round values and dividing `threshold` when possible
    /// so the SLA threshold falls on a bin edge.
    pub fn bin_width(&self, max_rows: usize, threshold: f64) -> usize {
        const WIDTHS: [usize; 13] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
        let span = self.bins.len().saturating_sub(1);
        let fits = |w: usize| span.div_ceil(w) <= max_rows;
        let on_edge = |w: usize| threshold % w as f64 == 0.0;
        WIDTHS
            .iter()
            .copied()
            .find(|&w| fits(w) && on_edge(w))
            .or_else(|| WIDTHS.iter().copied().find(|&w| fits(w)))
            .unwrap_or_else(|| span.div_ceil(max_rows).max(1))
    }
}

/// `x.round() as u64` for `x > 0`, without the library call `round` is on
/// targets without SSE4.1: truncation is one instruction, and below 2^52 the
/// fraction `x - trunc(x)` is exact, so comparing it with one half rounds
/// halves away from zero as `round` does. From 2^52 up every `f64` is a
/// whole number already.
#[inline]
fn round_to_u64(x: f64) -> u64 {
    const WHOLE: f64 = (1u64 << 52) as f64;
    if x < WHOLE {
        let whole = x as u64;
        whole + u64::from(x - whole as f64 >= 0.5)
    } else {
        x as u64
    }
}

/// `x.ceil() as usize` for `0 < x ≤` [`EXACT_WAIT_RANGE_SECONDS`]: the
/// truncation, plus one unless `x` was whole (exact in that range).
#[inline]
fn ceil_to_usize(x: f64) -> usize {
    let whole = x as usize;
    whole + usize::from((whole as f64) < x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positive values at and around every half and whole number in a
    /// stretch of each binade that waits reach, and the extremes.
    fn awkward_values() -> Vec<f64> {
        let mut values = vec![f64::MIN_POSITIVE, 5e-324, 0.49999999999999994, f64::MAX];
        for e in -3..64 {
            let base = 2f64.powi(e);
            for step in 0..40 {
                let centre = base + f64::from(step) * 0.5;
                let mut x = centre;
                for _ in 0..4 {
                    x = x.next_down();
                }
                for _ in 0..9 {
                    values.push(x);
                    x = x.next_up();
                }
            }
        }
        values.extend((1..200_000).map(|i| f64::from(i) * 0.0137));
        values
    }

    #[test]
    fn rounding_without_the_library_agrees_with_it() {
        for x in awkward_values() {
            assert_eq!(round_to_u64(x), x.round() as u64, "{x:e}");
            if x <= EXACT_WAIT_RANGE_SECONDS as f64 {
                assert_eq!(ceil_to_usize(x), x.ceil() as usize, "{x:e}");
            }
        }
    }

    #[test]
    fn bins_are_exact_and_half_open() {
        let mut d = WaitDistribution::new();
        for w in [0.0, 0.0, 0.5, 1.0, 1.001, 20.0, 20.5] {
            d.record(w);
        }
        let rows = d.rows(1);
        assert_eq!(rows[0].calls_answered, 2);
        assert_eq!(
            (rows[1].wait_from_seconds, rows[1].wait_to_seconds),
            (0.0, 1.0)
        );
        assert_eq!(rows[1].calls_answered, 2, "0.5 and 1.0 fall in (0, 1]");
        assert_eq!(rows[2].calls_answered, 1, "1.001 falls in (1, 2]");
        let at_20 = rows.iter().find(|r| r.wait_to_seconds == 20.0).unwrap();
        assert!((at_20.cumulative_share - 6.0 / 7.0).abs() < 1e-12);
        assert_eq!(rows.last().unwrap().cumulative_share, 1.0);
        assert_eq!(d.max(), Some(20.5));
        let wide = d.rows(10);
        assert_eq!(wide.iter().map(|r| r.calls_answered).sum::<u64>(), 7);
    }

    #[test]
    fn width_keeps_rows_bounded_and_threshold_on_an_edge() {
        let mut d = WaitDistribution::new();
        d.record(7200.0);
        let w = d.bin_width(300, 20.0);
        assert!(7200usize.div_ceil(w) <= 300, "{w}");
        let mut d = WaitDistribution::new();
        d.record(500.0);
        assert_eq!(
            d.bin_width(300, 20.0),
            2,
            "the smallest width that fits and divides 20 s"
        );
        assert_eq!(WaitDistribution::new().bin_width(300, 20.0), 1);
    }

    #[test]
    fn quantiles_count_zero_waits_by_rank() {
        let mut d = WaitDistribution::new();
        for _ in 0..6 {
            d.record(0.0);
        }
        for w in [1.0, 2.0, 3.0, 4.0] {
            d.record(w);
        }
        assert_eq!(d.quantile(0.5), Some(0.0), "rank 5 of 10 is a zero");
        assert_eq!(d.quantile(0.6), Some(0.0), "rank 6 of 10 is the last zero");
        assert!(
            (d.quantile(0.61).unwrap() - 1.0).abs() < 1e-3,
            "rank 7 is 1 s"
        );
        assert!(
            (d.quantile(0.9).unwrap() - 3.0).abs() < 3e-3,
            "rank 9 is 3 s"
        );
        assert!((d.quantile(1.0).unwrap() - 4.0).abs() < 4e-3);
        assert_eq!(d.count(), 10);
    }

    #[test]
    fn quantiles_never_exceed_the_longest_wait() {
        // 146.642 s rounds into a bucket whose highest equivalent value is
        // 146.687 s: the top quantiles are the exact maximum instead.
        let mut d = WaitDistribution::new();
        for w in [3.0, 52.5, 146.642_488_940_968_18] {
            d.record(w);
        }
        let max = d.max().unwrap();
        for q in [0.5, 0.9, 0.99, 1.0] {
            assert!(d.quantile(q).unwrap() <= max, "q {q}: {:?}", d.quantile(q));
        }
        assert_eq!(d.quantile(1.0), Some(max));
    }

    #[test]
    fn quantiles_are_within_hdr_precision() {
        let mut d = WaitDistribution::new();
        for i in 1..=1000 {
            d.record(i as f64);
        }
        let p90 = d.quantile(0.9).unwrap();
        assert!((p90 - 900.0).abs() <= 1.0, "{p90}");
        assert_eq!(WaitDistribution::new().quantile(0.5), None);
        d.record(3.0 * 86_400.0);
        assert_eq!(
            d.max(),
            Some(3.0 * 86_400.0),
            "waits beyond a day grow the histogram"
        );
        assert!((d.quantile(1.0).unwrap() / (3.0 * 86_400.0) - 1.0).abs() < 1e-3);
    }

    #[test]
    fn huge_waits_keep_memory_bounded_and_land_in_one_last_row() {
        let mut d = WaitDistribution::new();
        for w in [
            1.5,
            1e20,
            9.223_372_036_854_776e18,
            30.0 * 86_400.0,
            f64::MAX,
        ] {
            d.record(w);
        }
        assert!(d.bins_bytes() <= 8 * 4, "only the short wait has a bin");
        assert_eq!(d.count(), 5);
        assert_eq!(d.max(), Some(f64::MAX));
        let rows = d.rows(1);
        let last = rows.last().unwrap();
        assert_eq!(last.calls_answered, 4);
        assert_eq!(last.wait_from_seconds, EXACT_WAIT_RANGE_SECONDS as f64);
        assert_eq!(last.cumulative_share, 1.0);
        let w = d.bin_width(300, 20.0);
        assert!(d.rows(w).len() <= 302, "{w}");
        // A wait just past the range: the bins stop at the range.
        let mut d = WaitDistribution::new();
        d.record(EXACT_WAIT_RANGE_SECONDS as f64 + 0.5);
        d.record(EXACT_WAIT_RANGE_SECONDS as f64);
        assert!(d.bins_bytes() <= 8 * 2 * (EXACT_WAIT_RANGE_SECONDS + 1));
        assert_eq!(d.rows(1).last().unwrap().calls_answered, 1);
    }
}
