//! `[time]`: the horizon, the reporting interval, the warm-up and the
//! clock time the scenario starts at (some of which a forecast may give).

use serde::Deserialize;

use super::duration::{DAY, format_clock, format_duration};
use super::error::{ErrorKind, ScenarioError, invalid};
use super::forecast::{Forecast, describe_start, time_conflict};
use super::limits::MAX_INTERVALS;
use super::values::{Clock, Seconds};

/// `[time]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTime {
    pub duration: Option<Seconds>,
    pub interval: Option<Seconds>,
    pub warmup: Option<Seconds>,
    pub start: Option<Clock>,
}

/// The simulated day, in seconds from the scenario's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeSpec {
    /// Arrivals stop at this time (seconds); calls still in the system drain.
    pub duration: f64,
    /// Length of a reporting interval (seconds, > 0).
    pub interval: f64,
    /// Calls arriving before this time are simulated but not counted (seconds, < duration).
    pub warmup: f64,
    /// Wall-clock time of day at which the scenario starts, seconds after
    /// midnight (e.g. 28800 for 08:00); only labels intervals.
    pub start_clock: f64,
}

impl TimeSpec {
    /// Number of reporting intervals: the last one may be partial.
    pub fn interval_count(&self) -> usize {
        (self.duration / self.interval).ceil().max(1.0) as usize
    }
}

pub(crate) const DEFAULT_INTERVAL: f64 = 1800.0;

pub(crate) fn validate_time(raw: &RawTime) -> Result<TimeSpec, ScenarioError> {
    let Some(duration) = raw.duration.map(|d| d.0) else {
        return Err(ScenarioError::at_key(
            ErrorKind::MissingKey,
            "time.duration",
            "missing required key `time.duration`",
        )
        .with_help(r#"add e.g. `duration = "8h"` to `[time]`: arrivals stop after this long"#));
    };
    if duration <= 0.0 {
        return Err(invalid(
            "time.duration",
            "`time.duration` is 0s: expected a duration greater than 0".into(),
        )
        .with_label("must be > 0"));
    }
    let interval = raw.interval.map_or(DEFAULT_INTERVAL.min(duration), |i| i.0);
    if interval <= 0.0 {
        return Err(invalid(
            "time.interval",
            "`time.interval` is 0s: expected a duration greater than 0".into(),
        )
        .with_label("must be > 0")
        .with_help(r#"reports are per interval; "30m" or "15m" are usual"#));
    }
    if interval > duration {
        return Err(invalid(
            "time.interval",
            format!(
                "`time.interval` ({}) is longer than `time.duration` ({}): expected an interval <= the duration",
                format_duration(interval),
                format_duration(duration)
            ),
        )
        .with_label("longer than the day"));
    }
    if (duration / interval).ceil() > MAX_INTERVALS {
        return Err(invalid(
            "time.interval",
            format!(
                "`time.interval` {} over {} gives {} reporting intervals: expected at most {MAX_INTERVALS}",
                format_duration(interval),
                format_duration(duration),
                (duration / interval).ceil()
            ),
        )
        .with_label("too short"));
    }
    let warmup = raw.warmup.map_or(0.0, |w| w.0);
    if warmup >= duration {
        return Err(invalid(
            "time.warmup",
            format!(
                "`time.warmup` ({}) is not shorter than `time.duration` ({}): expected a warm-up < the duration",
                format_duration(warmup),
                format_duration(duration)
            ),
        )
        .with_label("must end before the close")
        .with_help("calls arriving during the warm-up are not counted, so nothing would be reported"));
    }
    let start_clock = raw.start.map_or(0.0, |s| s.0);
    Ok(TimeSpec {
        duration,
        interval,
        warmup,
        start_clock,
    })
}

/// `[time]` with what it leaves out taken from the forecast: its first
/// row's clock time, its interval and its span. What it gives must agree.
pub(crate) fn time_from_forecast(
    raw: Option<&RawTime>,
    f: &Forecast,
) -> Result<RawTime, ScenarioError> {
    let mut time = raw.cloned().unwrap_or_default();
    if let Some(start) = time.start {
        let gap = (start.0 - f.start_clock).rem_euclid(DAY);
        if gap.min(DAY - gap) >= 0.5 {
            return Err(time_conflict(
                "time.start",
                format!(
                    "`time.start` is {} but the forecast starts at {}: expected them to agree",
                    format_clock(start.0),
                    describe_start(f)
                ),
            ));
        }
    }
    if let Some(duration) = time.duration
        && duration.0 > f.span() + 0.5
    {
        return Err(time_conflict(
            "time.duration",
            format!(
                "`time.duration` is {} but the forecast covers only {} from {}: expected at most that",
                format_duration(duration.0),
                format_duration(f.span()),
                describe_start(f)
            ),
        ));
    }
    time.start = Some(Clock(f.start_clock));
    time.interval = Some(Seconds(f.interval));
    time.duration = Some(time.duration.unwrap_or(Seconds(f.span())));
    Ok(time)
}
