//! The limits contract: the range of every numeric scenario value that
//! `validate` accepts and `run` can honour, in one place.
//!
//! A value outside its range is refused by `validate` (and so by every verb
//! that loads a scenario) with a located message and exit code 2. Within the
//! ranges a run never panics, never allocates by the size of one drawn value,
//! and never loops without advancing the clock. The README's "Limits" section
//! lists these constants; keep the two in step.

/// Longest duration any scenario value may take, in seconds (3,660 days,
/// 87,840 hours, about ten years): the horizon, the interval, every mean,
/// constant, sample, hold or leave time. The long steady-state runs that
/// check Erlang C use 10,000 hours; anything far longer is a unit mistake
/// (`1e20`) that would make waits astronomically long.
pub const MAX_DURATION_SECONDS: f64 = 3_660.0 * 86_400.0;

/// Most reporting intervals a run may have (`duration / interval`). Per
/// interval tables cost memory, and more than this is a typo
/// (`interval = "1ms"`).
pub const MAX_INTERVALS: f64 = 1_000_000.0;

/// Most agents a scenario may have, and the most `staff` searches. Each agent
/// costs memory up front, and the largest real contact centres have tens of
/// thousands of seats: a count beyond this is a typo.
pub const MAX_AGENTS: u32 = 100_000;

/// Most trunk lines (`[lines] count`): far beyond any switch, and the bound
/// on calls in the system when lines are set.
pub const MAX_LINES: u32 = 10_000_000;

/// Highest arrival rate accepted for any channel (calls, tickets, visitors),
/// per hour (about 280,000 arrivals per second of simulated time). Beyond it
/// a run would not finish in any useful time: a typo or a unit mistake.
pub const MAX_RATE_PER_HOUR: f64 = 1e9;

/// Most calls a run may expect (the rates over the horizon): about three
/// minutes of one core per replication. More is a rate or a horizon off by
/// orders of magnitude, and would run for hours.
pub const MAX_EXPECTED_CALLS: f64 = 1e9;

/// Smallest and largest coefficient of variation of a lognormal or gamma
/// distribution. Beyond them the distributions' parameters overflow (a
/// lognormal with `cv = 1e200`) or underflow (a gamma with `cv = 1e-200`);
/// inside them every draw is finite. Use `constant` for no variation.
pub const MIN_CV: f64 = 1e-3;
/// See [`MIN_CV`].
pub const MAX_CV: f64 = 100.0;

/// Largest multiplier a scenario may apply: a tier's `handle_factor` and
/// the `customer_effects` on talk, patience, hold, escalation and repeat
/// calls. A factor of `1e300` turns a 5-minute call into an infinite one.
pub const MAX_FACTOR: f64 = 100.0;

/// Most hold segments one hold may need on average: `hold.max` must be at
/// least the mean of `hold.duration` divided by this. Each segment is a
/// return to the caller (a check-in, an escalation or a callback).
pub const MAX_HOLD_SEGMENTS: f64 = 10_000.0;

/// Shortest `hold.max` and `hold.check_in`, in seconds. A shorter hold limit
/// splits one hold into millions of segments (`hold.max = "0.001ms"` never
/// finishes).
pub const MIN_HOLD_STEP_SECONDS: f64 = 1.0;

/// Most personal-leave requests per agent per day
/// (`personal_leave.per_agent_day`): more is a unit mistake, and would
/// keep agents off the phones all day.
pub const MAX_LEAVE_PER_AGENT_DAY: f64 = 100.0;

/// Shortest `personal_leave.retry`, in seconds. A refused leave is asked for
/// again after this long; a microsecond retry never lets the clock move.
pub const MIN_LEAVE_RETRY_SECONDS: f64 = 1.0;

/// Most tiers of a help desk, and the highest level: levels 1 to 5.
pub const MAX_TIERS: usize = 5;

/// Most names in a mix (`[calls]` complexities, topics, languages) and
/// most classes in `[[priorities]]`: calls carry these as one byte, and
/// more than a few dozen is a typo or a generated file.
pub const MAX_NAMES: usize = 64;

/// Most calls one case may take (`repeat_calls.max_calls`): a case counts
/// them in one byte, and more is a typo.
pub const MAX_CALLS_PER_CASE: u8 = 100;

/// Most `[[shifts]]` entries (periods) in a file.
pub const MAX_SHIFT_PERIODS: usize = 1000;

/// The largest input file read (a scenario, an experiment or a CSV file it
/// names): anything larger is not one, and is refused before it is read.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Calls (or cases, tickets, visitors) in the system at once beyond which a
/// run stops with exit code 2, whatever the scenario: the bound of
/// [`max_in_system`].
pub const MAX_IN_SYSTEM: u64 = 2_000_000;

/// The most calls in the system at once a run allows before it stops with
/// "the queue grows without bound" (exit 2) instead of exhausting memory:
/// `min(MAX_IN_SYSTEM, max(100_000, 1_000 × (agents + lines)))`, where
/// `lines` is 0 if unlimited. A stable center holds a few times its agents;
/// a queue a thousand times the staff has no steady state worth reporting.
pub fn max_in_system(agents: u64, lines: u64) -> u64 {
    (1_000 * (agents + lines)).clamp(100_000, MAX_IN_SYSTEM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::duration::{parse_duration, seconds_from_number};

    #[test]
    fn the_cap_on_calls_in_the_system_follows_the_documented_formula() {
        assert_eq!(max_in_system(9, 0), 100_000, "a floor for small centres");
        assert_eq!(max_in_system(500, 40), 540_000);
        assert_eq!(max_in_system(u64::from(MAX_AGENTS), 0), MAX_IN_SYSTEM);
        assert_eq!(
            max_in_system(u64::from(MAX_AGENTS), u64::from(MAX_LINES)),
            MAX_IN_SYSTEM
        );
    }

    #[test]
    fn durations_up_to_the_limit_are_accepted_and_beyond_refused() {
        assert_eq!(parse_duration("10000h"), Ok(36_000_000.0));
        assert_eq!(parse_duration("87840h"), Ok(MAX_DURATION_SECONDS));
        assert!(
            parse_duration("87841h")
                .unwrap_err()
                .contains("limit of 3660 days")
        );
        assert!(
            parse_duration("100000000000000000000")
                .unwrap_err()
                .contains("limit")
        );
        assert!(seconds_from_number(1e20).unwrap_err().contains("limit"));
        assert_eq!(
            seconds_from_number(MAX_DURATION_SECONDS),
            Ok(MAX_DURATION_SECONDS)
        );
        assert!(seconds_from_number(9.223_372_036_854_776e18).is_err());
    }
}
