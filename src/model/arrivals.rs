//! Non-homogeneous Poisson arrivals with a rate that is constant within each
//! reporting interval.
//!
//! Arrival times are generated exactly, by inverting the cumulative rate: draw
//! a unit-exponential amount of "rate mass" and walk forward through the
//! intervals spending it. No thinning, so no random numbers are rejected and
//! the stream stays in step across scenarios with different profiles.

use crate::engine::{IntervalCursor, Time};
use rand::Rng;
use rand_distr::{Distribution, Exp1};

/// The arrival process of one run.
#[derive(Debug, Clone)]
pub struct ArrivalProcess {
    /// Calls per second in each interval.
    rates: Vec<f64>,
    interval: f64,
    close: Time,
    /// Unit tests only: arrivals at these times instead, to set up exact
    /// ties that Poisson arrivals never produce.
    #[cfg(test)]
    script: Option<Vec<Time>>,
}

impl ArrivalProcess {
    /// Arrivals at `rates_per_hour[k]` in `[k * interval, (k + 1) * interval)`,
    /// stopping at `close`.
    pub fn new(rates_per_hour: &[f64], interval: f64, close: Time) -> Self {
        Self {
            rates: rates_per_hour.iter().map(|r| r / 3600.0).collect(),
            interval,
            close,
            #[cfg(test)]
            script: None,
        }
    }

    /// Unit tests only: arrivals at exactly `times` (ascending).
    #[cfg(test)]
    pub(crate) fn scripted(times: Vec<Time>) -> Self {
        Self {
            rates: Vec::new(),
            interval: 1.0,
            close: f64::INFINITY,
            script: Some(times),
        }
    }

    /// The first arrival strictly after `now`, or `None` if it would fall at
    /// or after closing time.
    #[inline]
    pub fn next_after<R: Rng + ?Sized>(&self, now: Time, rng: &mut R) -> Option<Time> {
        #[cfg(test)]
        if let Some(times) = &self.script {
            return times.iter().copied().find(|&t| t > now);
        }
        let mass: f64 = Exp1.sample(rng);
        self.spend(mass, now, (now / self.interval) as usize)
    }

    /// Like [`next_after`](Self::next_after), with the same result, for a
    /// caller whose `now` only moves forward: the interval of `now` comes
    /// from a cursor instead of a division.
    #[inline]
    pub fn next<R: Rng + ?Sized>(
        &self,
        now: Time,
        cursor: &mut IntervalCursor,
        rng: &mut R,
    ) -> Option<Time> {
        #[cfg(test)]
        if let Some(times) = &self.script {
            return times.iter().copied().find(|&t| t > now);
        }
        let mass: f64 = Exp1.sample(rng);
        self.spend(mass, now, cursor.index(now))
    }

    /// A cursor for [`next`](Self::next): intervals past the profile all
    /// count as its end, where no call comes.
    pub fn cursor(&self) -> IntervalCursor {
        IntervalCursor::new(self.interval, self.rates.len())
    }

    /// Walks from `now`, in interval `k`, through the profile until a unit
    /// rate `mass` is spent: the arrival, unless it falls at or after close.
    #[inline]
    fn spend(&self, mut mass: f64, now: Time, mut k: usize) -> Option<Time> {
        let mut t = now;
        while k < self.rates.len() {
            let end = ((k + 1) as f64 * self.interval).min(self.close);
            let rate = self.rates[k];
            if rate > 0.0 {
                let needed = rate * (end - t);
                if mass < needed {
                    let arrival = t + mass / rate;
                    return (arrival < self.close).then_some(arrival);
                }
                mass -= needed;
            }
            t = end;
            k += 1;
        }
        None
    }

    /// The time `amount` seconds of *open* time after `t`, counting only
    /// intervals in which calls come in (positive rate); `None` if that is
    /// at or after closing time. A customer who calls again "three hours
    /// later" calls three business hours later, never into a closed desk.
    pub fn after_open_time(&self, t: Time, amount: f64) -> Option<Time> {
        let mut left = amount;
        let mut at = t;
        let mut k = (t / self.interval) as usize;
        while k < self.rates.len() {
            let end = ((k + 1) as f64 * self.interval).min(self.close);
            if self.rates[k] > 0.0 {
                if at + left < end {
                    return Some(at + left);
                }
                left -= end - at;
            }
            k += 1;
            at = k as f64 * self.interval;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::StreamSeeds;

    fn counts(rates: &[f64], interval: f64, close: f64) -> Vec<u64> {
        let process = ArrivalProcess::new(rates, interval, close);
        let mut rng = StreamSeeds::new(3, 0).stream("arrivals");
        let mut per_interval = vec![0u64; rates.len()];
        let mut t = 0.0;
        while let Some(next) = process.next_after(t, &mut rng) {
            assert!(next > t && next < close);
            per_interval[(next / interval) as usize] += 1;
            t = next;
        }
        per_interval
    }

    #[test]
    fn follows_the_profile_and_skips_empty_intervals() {
        // 1000 hours per interval: Poisson counts with sd = sqrt(mean), so the
        // bounds below are more than 5 standard deviations wide.
        let hour = 3600.0;
        let c = counts(&[100.0, 0.0, 400.0], 1000.0 * hour, 3000.0 * hour);
        assert_eq!(c[1], 0);
        assert!(
            (c[0] as f64 - 100_000.0).abs() < 5.0 * 100_000f64.sqrt(),
            "{c:?}"
        );
        assert!(
            (c[2] as f64 - 400_000.0).abs() < 5.0 * 400_000f64.sqrt(),
            "{c:?}"
        );
    }

    #[test]
    fn stops_at_close_even_mid_interval() {
        let c = counts(&[3600.0, 3600.0], 100.0, 150.0);
        assert!(c[1] > 0 && c[1] < 100, "{c:?}");
    }

    #[test]
    fn the_cursor_walk_gives_the_same_arrivals_as_the_division() {
        // Intervals whose products round: 0.1 s and a third of a second.
        for interval in [0.1, 1.0 / 3.0, 1800.0] {
            let rates = [36_000.0, 0.0, 72_000.0, 3_600.0, 0.0, 50_000.0];
            let close = interval * rates.len() as f64;
            let process = ArrivalProcess::new(&rates, interval, close);
            let mut a = StreamSeeds::new(4, 0).stream("arrivals");
            let mut b = StreamSeeds::new(4, 0).stream("arrivals");
            let mut cursor = process.cursor();
            let (mut t, mut u) = (0.0, 0.0);
            loop {
                let (x, y) = (
                    process.next_after(t, &mut a),
                    process.next(u, &mut cursor, &mut b),
                );
                assert_eq!(x, y);
                match x {
                    Some(next) => (t, u) = (next, next),
                    None => break,
                }
            }
        }
    }

    #[test]
    fn zero_rate_never_arrives() {
        assert_eq!(counts(&[0.0], 60.0, 60.0), vec![0]);
    }

    #[test]
    fn open_time_skips_closed_intervals() {
        let p = ArrivalProcess::new(&[10.0, 0.0, 0.0, 5.0, 0.0], 100.0, 450.0);
        assert_eq!(p.after_open_time(50.0, 20.0), Some(70.0));
        // 50 s left in the first interval, then the closed ones are skipped.
        assert_eq!(p.after_open_time(50.0, 70.0), Some(320.0));
        assert_eq!(p.after_open_time(120.0, 0.0), Some(300.0));
        // The last open interval ends at 400; after it, nothing.
        assert_eq!(p.after_open_time(50.0, 160.0), None);
    }
}
