//! Per-interval statistics: calls grouped by the reporting interval in which
//! they arrived, and time-weighted quantities by clock interval.

use serde::Serialize;

use crate::model::{CallRecord, Outcome};

/// Exact counts of the calls that arrived in one reporting interval.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct IntervalCounts {
    pub arrived: u64,
    pub blocked: u64,
    pub answered: u64,
    pub abandoned: u64,
    /// Answered with a wait ≤ the SLA threshold.
    pub answered_within: u64,
    /// Answered with a wait of exactly zero.
    pub answered_at_once: u64,
    pub wait_answered_sum: f64,
    pub wait_abandoned_sum: f64,
    /// Talk plus wrap-up of answered calls.
    pub handle_sum: f64,
}

impl IntervalCounts {
    /// Calls that reached the system: arrived minus blocked.
    pub fn offered(&self) -> u64 {
        self.arrived - self.blocked
    }

    /// Counts a finished call that arrived in this interval: the one place
    /// that says what blocked, abandoned, answered and "within" mean.
    #[inline]
    pub fn add_call(&mut self, call: &CallRecord, threshold: f64) {
        match call.outcome {
            Outcome::Blocked => self.blocked += 1,
            Outcome::Abandoned => {
                self.abandoned += 1;
                self.wait_abandoned_sum += call.wait;
            }
            Outcome::Answered => {
                self.answered += 1;
                self.answered_within += u64::from(call.wait <= threshold);
                self.answered_at_once += u64::from(call.wait == 0.0);
                self.wait_answered_sum += call.wait;
                self.handle_sum += call.talk + call.wrap_up;
            }
        }
    }

    /// Adds another interval's counts (for totals).
    pub fn add(&mut self, other: &Self) {
        self.arrived += other.arrived;
        self.blocked += other.blocked;
        self.answered += other.answered;
        self.abandoned += other.abandoned;
        self.answered_within += other.answered_within;
        self.answered_at_once += other.answered_at_once;
        self.wait_answered_sum += other.wait_answered_sum;
        self.wait_abandoned_sum += other.wait_abandoned_sum;
        self.handle_sum += other.handle_sum;
    }
}

/// One row of `intervals.csv`. Ratios are empty when undefined (no calls).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntervalRow {
    /// Position of the interval, from 0.
    pub interval: usize,
    /// Clock time the interval starts, `HH:MM` (days wrap past midnight).
    pub interval_start: IntervalStart,
    /// Start in seconds from the scenario's start.
    pub interval_start_seconds: f64,
    /// The arrival rate the scenario asked for in this interval.
    pub forecast_rate_per_hour: f64,
    /// Calls that arrived in the interval.
    pub calls_arrived: u64,
    /// Refused for want of a free line.
    pub calls_blocked: u64,
    /// Arrived minus blocked.
    pub calls_offered: u64,
    /// Reached an agent.
    pub calls_answered: u64,
    /// Hung up before reaching an agent.
    pub calls_abandoned: u64,
    /// Answered within the threshold / offered.
    pub service_level: Option<f64>,
    /// Mean wait of answered calls, seconds.
    pub asa_seconds: Option<f64>,
    /// Mean wait of all offered calls, seconds.
    pub mean_wait_seconds: Option<f64>,
    /// Abandoned / offered.
    pub abandonment_rate: Option<f64>,
    /// Mean talk plus wrap-up of answered calls, seconds.
    pub mean_handle_seconds: Option<f64>,
    /// Time-weighted over the part of the interval inside the measurement window.
    pub avg_queue_length: Option<f64>,
    /// Time-weighted over the part of the interval inside the measurement window.
    pub occupancy: Option<f64>,
    /// Runs with shifts only (absent otherwise): mean agents logged in, on
    /// duty (able to take calls) and on break or lunch over the interval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agents_scheduled: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Runs with shifts only: mean agents able to take calls.
    pub agents_available: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Runs with shifts only: mean agents on break or lunch.
    pub agents_on_break: Option<f64>,
}

/// `HH:MM` for `seconds` after midnight, wrapping every 24 hours.
pub fn clock_label(seconds: f64) -> String {
    let minutes = (seconds / 60.0).round() as u64 % (24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The label of the interval starting `start` seconds into a run on `time`:
/// `HH:MM`, and `d2 08:00` (day number from 1) when the run spans more than
/// a day, so the rows of a week are told apart. One-day runs keep the plain
/// clock time.
pub fn interval_label(time: &crate::scenario::TimeSpec, start: f64) -> String {
    IntervalStart::new(time, start).to_string()
}

/// An interval's label (`HH:MM`, or `d2 08:00` with the day number from 1
/// when the run spans more than a day), kept as the numbers it is written
/// from: a long run has one per interval, and a `String` each would
/// cost more than the rest of the row's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntervalStart {
    /// The day number from 1, when the run spans more than a day.
    day: Option<u32>,
    /// Minutes after midnight.
    minutes: u16,
}

impl IntervalStart {
    /// The start of the interval starting `start` seconds into a run on `time`.
    pub(crate) fn new(time: &crate::scenario::TimeSpec, start: f64) -> Self {
        let seconds = time.start_clock + start;
        // The limits contract bounds a run to 3,660 days: the day fits.
        let day =
            (time.duration > 86_400.0).then(|| (seconds / 86_400.0 + 1e-9).floor() as u32 + 1);
        let minutes = ((seconds / 60.0).round() as u64 % (24 * 60)) as u16;
        Self { day, minutes }
    }
}

impl std::fmt::Display for IntervalStart {
    /// Honours width and alignment, as the text report's columns ask.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let clock = format!("{:02}:{:02}", self.minutes / 60, self.minutes % 60);
        match self.day {
            Some(day) => f.pad(&format!("d{day} {clock}")),
            None => f.pad(&clock),
        }
    }
}

impl Serialize for IntervalStart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{clock_label, interval_label};
    use crate::scenario::TimeSpec;

    #[test]
    fn multi_day_labels_carry_the_day() {
        let mut time = TimeSpec {
            duration: 10.0 * 3600.0,
            interval: 1800.0,
            warmup: 0.0,
            start_clock: 8.0 * 3600.0,
        };
        assert_eq!(interval_label(&time, 3600.0), "09:00");
        time.duration = 106.0 * 3600.0;
        assert_eq!(interval_label(&time, 3600.0), "d1 09:00");
        assert_eq!(interval_label(&time, 24.0 * 3600.0), "d2 08:00");
        assert_eq!(interval_label(&time, 16.0 * 3600.0), "d2 00:00");
    }

    #[test]
    fn labels_wrap_at_midnight() {
        assert_eq!(clock_label(8.0 * 3600.0), "08:00");
        assert_eq!(clock_label(23.5 * 3600.0), "23:30");
        assert_eq!(clock_label(24.5 * 3600.0), "00:30");
    }
}
