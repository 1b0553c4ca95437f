//! Non-homogeneous Poisson arrivals with a rate that is constant within each
//! reporting interval.
//!
//! Arrival times are generated exactly, by inverting the cumulative rate: draw
//! a unit-exponential amount of "rate mass" and walk forward through the
//! intervals spending it. No thinning, so no random numbers are rejected and
//! the stream stays in step across scenarios with different profiles.

use crate::engine::Time;
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
        let mut mass: f64 = Exp1.sample(rng);
        let mut t = now;
        let mut k = (t / self.interval) as usize;
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
