//! Time-weighted averages of a piecewise-constant quantity (queue length,
//! busy agents) over a measurement window, in total and per interval.

use crate::engine::Time;

/// Integrates a step function over `[start, end]`, splitting the area across
/// reporting intervals of fixed length.
#[derive(Debug, Clone)]
pub struct TimeWeighted {
    start: Time,
    end: Time,
    interval: f64,
    last_change: Time,
    value: f64,
    per_interval: Vec<f64>,
    max: f64,
    /// The interval the last change fell in, and its end (the fast path).
    current: usize,
    current_end: Time,
}

impl TimeWeighted {
    /// A quantity that is 0 at time 0, measured over `[start, end]`.
    pub fn new(start: Time, end: Time, interval: f64, intervals: usize) -> Self {
        Self {
            start,
            end,
            interval,
            last_change: 0.0,
            value: 0.0,
            per_interval: vec![0.0; intervals],
            max: 0.0,
            current: 0,
            current_end: interval,
        }
    }

    /// The quantity becomes `value` at time `now`.
    #[inline]
    pub fn set(&mut self, now: Time, value: f64) {
        self.advance(now);
        self.value = value;
    }

    /// Accumulates the area of the current value from the last change to `now`.
    #[inline]
    pub fn advance(&mut self, now: Time) {
        let mut a = self.last_change.max(self.start);
        let b = now.min(self.end);
        self.last_change = now;
        if b <= a {
            return;
        }
        self.max = self.max.max(self.value);
        if self.value == 0.0 {
            return;
        }
        if b <= self.current_end && a >= self.current_end - self.interval {
            // Most changes fall in the same interval as the last one.
            if let Some(area) = self.per_interval.get_mut(self.current) {
                *area += self.value * (b - a);
            }
            return;
        }
        let mut k = (a / self.interval) as usize;
        while a < b && k < self.per_interval.len() {
            let stop = ((k + 1) as f64 * self.interval).min(b);
            self.per_interval[k] += self.value * (stop - a);
            a = stop;
            k += 1;
        }
        self.current = k.saturating_sub(1);
        self.current_end = (self.current + 1) as f64 * self.interval;
    }

    /// Mean value over the window; `None` for an empty window.
    pub fn mean(&self) -> Option<f64> {
        super::ratio(self.per_interval.iter().sum(), self.end - self.start)
    }

    /// Mean value over the parts of the window in the intervals `k` for
    /// which `counts(k)` holds (the desk's open hours, say); `None` if they
    /// cover no time.
    pub fn mean_where(&self, counts: impl Fn(usize) -> bool) -> Option<f64> {
        let (mut area, mut time) = (0.0, 0.0);
        for (k, a) in self.per_interval.iter().enumerate() {
            if !counts(k) {
                continue;
            }
            let lo = (k as f64 * self.interval).max(self.start);
            let hi = ((k + 1) as f64 * self.interval).min(self.end);
            if hi > lo {
                area += a;
                time += hi - lo;
            }
        }
        super::ratio(area, time)
    }

    /// Largest value held for a positive time inside the window.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// Mean value over the part of interval `k` inside the window.
    pub fn interval_mean(&self, k: usize) -> Option<f64> {
        let lo = (k as f64 * self.interval).max(self.start);
        let hi = ((k + 1) as f64 * self.interval).min(self.end);
        super::ratio(*self.per_interval.get(k)?, hi - lo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrates_a_step_function_across_intervals() {
        // Window [10, 40], intervals of 20: value 2 on [0, 30), 5 on [30, 50).
        let mut tw = TimeWeighted::new(10.0, 40.0, 20.0, 2);
        tw.set(0.0, 2.0);
        tw.set(30.0, 5.0);
        tw.advance(50.0);
        assert_eq!(tw.mean(), Some((2.0 * 20.0 + 5.0 * 10.0) / 30.0));
        assert_eq!(tw.interval_mean(0), Some(2.0)); // [10, 20)
        assert_eq!(tw.interval_mean(1), Some((2.0 * 10.0 + 5.0 * 10.0) / 20.0));
        assert_eq!(tw.max(), 5.0);
    }

    #[test]
    fn means_over_some_intervals_weigh_their_time_in_the_window() {
        // Window [10, 40], intervals of 20: value 2 on [0, 30), 5 on [30, 50).
        let mut tw = TimeWeighted::new(10.0, 40.0, 20.0, 2);
        tw.set(0.0, 2.0);
        tw.set(30.0, 5.0);
        tw.advance(50.0);
        assert_eq!(tw.mean_where(|_| true), tw.mean());
        assert_eq!(tw.mean_where(|k| k == 0), Some(2.0));
        assert_eq!(tw.mean_where(|k| k == 1), tw.interval_mean(1));
        assert_eq!(tw.mean_where(|_| false), None);
    }

    #[test]
    fn values_outside_the_window_do_not_count() {
        let mut tw = TimeWeighted::new(10.0, 20.0, 10.0, 2);
        tw.set(0.0, 9.0);
        tw.set(10.0, 1.0);
        tw.set(20.0, 9.0);
        tw.advance(30.0);
        assert_eq!(tw.mean(), Some(1.0));
        assert_eq!(tw.max(), 1.0);
    }
}
