//! The reporting interval a time falls in, without a division per lookup.
//!
//! Models and statistics place a time `t` in interval `(t / width) as usize`.
//! A division costs tens of cycles, and most lookups land in the same
//! interval as the previous one, so [`IntervalCursor`] remembers the range of
//! times that map to its current interval and divides only when a time falls
//! outside it.
//!
//! The range is not `[k * width, (k + 1) * width)`: rounding can put a time
//! just below `k * width` in interval `k`, or one just above it in `k - 1`.
//! The cursor's bounds are found by stepping ulp by ulp from the products
//! until the division agrees, so every lookup returns exactly what the
//! division would, at every boundary.
//!
//! The cursor also knows the interval before its current one: calls finish
//! a few minutes after they arrive, so the arrivals of the calls finishing
//! early in an interval alternate between it and the one before.

use super::Time;

/// The division every lookup must agree with: interval `(t / width) as
/// usize`, capped at `last`.
#[inline]
pub fn divided_index(t: Time, width: f64, last: usize) -> usize {
    ((t / width) as usize).min(last)
}

/// The interval of a time on a grid of fixed-width intervals, cached.
#[derive(Debug, Clone, Copy)]
pub struct IntervalCursor {
    width: f64,
    last: usize,
    /// Times in `[lo, hi)` map to interval `index`, and times in
    /// `[before, lo)` to the one before it.
    before: Time,
    lo: Time,
    hi: Time,
    index: usize,
}

impl IntervalCursor {
    /// A cursor over intervals of `width` seconds (positive), numbered from
    /// 0, where every time at or after interval `last` counts in `last`.
    pub fn new(width: f64, last: usize) -> Self {
        let mut cursor = Self {
            width,
            last,
            before: 0.0,
            lo: 0.0,
            hi: 0.0,
            index: 0,
        };
        cursor.seek(0.0);
        cursor
    }

    /// The interval of `t` (≥ 0): `(t / width) as usize`, capped at the last.
    #[inline]
    pub fn index(&mut self, t: Time) -> usize {
        if t >= self.lo {
            if t < self.hi {
                return self.index;
            }
        } else if t >= self.before {
            return self.index - 1;
        }
        self.seek(t)
    }

    #[cold]
    fn seek(&mut self, t: Time) -> usize {
        let k = divided_index(t, self.width, self.last);
        self.index = k;
        self.before = self.first_time_of(k.saturating_sub(1));
        self.lo = self.first_time_of(k);
        self.hi = if k == self.last {
            f64::INFINITY
        } else {
            self.first_time_of(k + 1)
        };
        k
    }

    /// The smallest non-negative time whose interval is at least `k`. The
    /// division is monotone in `t`, so this is the only boundary between
    /// interval `k - 1` and `k`; it lies within a few ulps of `k * width`.
    fn first_time_of(&self, k: usize) -> Time {
        if k == 0 {
            return f64::NEG_INFINITY;
        }
        let reaches = |t: Time| divided_index(t, self.width, usize::MAX) >= k;
        let mut t = k as f64 * self.width;
        if !t.is_finite() {
            return t;
        }
        while !reaches(t) {
            t = t.next_up();
        }
        while t > 0.0 && reaches(t.next_down()) {
            t = t.next_down();
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every time within 64 ulps of every boundary, for awkward widths,
    /// in the order a run visits them and out of order.
    #[test]
    fn agrees_with_the_division_at_every_boundary() {
        for width in [1800.0, 900.0, 0.1, 1.0 / 3.0, 7.3, 86_400.0 / 7.0, 1e-3] {
            let last = 2_000;
            let mut cursor = IntervalCursor::new(width, last);
            let mut times = Vec::new();
            for k in 0..=last + 2 {
                let mut t = k as f64 * width;
                for _ in 0..64 {
                    t = t.next_down();
                }
                for _ in 0..128 {
                    if t >= 0.0 {
                        times.push(t);
                    }
                    t = t.next_up();
                }
            }
            for &t in &times {
                assert_eq!(
                    cursor.index(t),
                    divided_index(t, width, last),
                    "{t} / {width}"
                );
            }
            // Backwards, and jumping about.
            for &t in times.iter().rev().step_by(7) {
                assert_eq!(
                    cursor.index(t),
                    divided_index(t, width, last),
                    "{t} / {width}"
                );
            }
            for i in 0..times.len() {
                let t = times[(i * 7919) % times.len()];
                assert_eq!(
                    cursor.index(t),
                    divided_index(t, width, last),
                    "{t} / {width}"
                );
            }
        }
    }

    #[test]
    fn agrees_with_the_division_on_random_times() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(15);
        for width in [1800.0, 0.7, 3.0e5] {
            let last = 500;
            let mut cursor = IntervalCursor::new(width, last);
            let mut t = 0.0;
            for _ in 0..200_000 {
                t += rng.random_range(0.0..width / 3.0);
                assert_eq!(cursor.index(t), divided_index(t, width, last));
                let back = t - rng.random_range(0.0..width);
                if back >= 0.0 {
                    assert_eq!(cursor.index(back), divided_index(back, width, last));
                }
            }
        }
    }

    #[test]
    fn the_last_interval_takes_every_later_time() {
        let mut cursor = IntervalCursor::new(10.0, 3);
        assert_eq!(cursor.index(35.0), 3);
        assert_eq!(cursor.index(1e300), 3);
        assert_eq!(cursor.index(0.0), 0);
        assert_eq!(cursor.index(9.999), 0);
        assert_eq!(cursor.index(10.0), 1);
    }
}
