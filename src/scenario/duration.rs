//! Human durations (`"1h30m"`) and clock times (`"08:00"`).
//!
//! Scenario authors think in minutes and hours, the model in seconds. These
//! parsers are the one place where the two meet, so every message about a
//! malformed duration reads the same wherever it comes from (file or `--set`).

/// What a well-formed duration looks like; ends every duration error.
const EXPECTED_DURATION: &str =
    r#"expected a number with a unit (h, m, s, ms), e.g. "20s", "5m", "1h30m""#;

/// What a well-formed clock time looks like; ends every clock error.
const EXPECTED_CLOCK: &str =
    r#"expected a time of day HH:MM or HH:MM:SS from 00:00 to 23:59:59, e.g. "08:00""#;

use super::limits::MAX_DURATION_SECONDS;

/// Seconds in a day: clock times wrap at it, and shifts, meetings and
/// opening hours repeat with it.
pub(crate) const DAY: f64 = 86_400.0;

/// Parses `"20s"`, `"5m"`, `"1h30m"`, `"1.5h"`, `"250ms"`, `"2h 15m"` or a
/// unitless number (`"300"`, seconds) into seconds.
///
/// Errors are complete user-facing messages: the bad text quoted, then what
/// was expected.
pub(crate) fn parse_duration(text: &str) -> Result<f64, String> {
    let fail = |why: &str| {
        Err(format!(
            "invalid duration {text:?}: {why}{EXPECTED_DURATION}"
        ))
    };
    let s = text.trim();
    if s.is_empty() {
        return fail("");
    }
    if s.starts_with('-') {
        return Err(format!(
            "invalid duration {text:?}: a duration cannot be negative; {EXPECTED_DURATION}"
        ));
    }
    if is_plain_number(s) {
        return match s.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                within_limit(v).map_err(|why| format!("invalid duration {text:?}: {why}"))
            }
            Ok(_) => fail("the value is too large; "),
            Err(_) => fail(""),
        };
    }
    let mut total = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !is_number_char(c))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(num_len);
        let Ok(value) = number.parse::<f64>() else {
            return fail("");
        };
        let tail = tail.trim_start();
        let unit_len = tail
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(tail.len());
        let (unit, after) = tail.split_at(unit_len);
        let scale = match unit {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            "" => return fail(&format!("{number:?} has no unit; ")),
            other => return fail(&format!("unknown unit {other:?}; ")),
        };
        total += value * scale;
        rest = after.trim_start();
    }
    if !total.is_finite() {
        return fail("the value is too large; ");
    }
    within_limit(total).map_err(|why| format!("invalid duration {text:?}: {why}"))
}

/// Refuses a duration beyond [`MAX_DURATION_SECONDS`] (the limits contract).
fn within_limit(seconds: f64) -> Result<f64, String> {
    if seconds <= MAX_DURATION_SECONDS {
        Ok(seconds)
    } else {
        Err(format!(
            "longer than the limit of 3660 days: expected at most {} (see the README's \"Limits\")",
            format_duration(MAX_DURATION_SECONDS)
        ))
    }
}

/// Checks a duration written as a bare TOML number (seconds).
pub(crate) fn seconds_from_number(value: f64) -> Result<f64, String> {
    if value.is_nan() || value.is_infinite() {
        Err(format!(
            "invalid duration {}: expected a finite number of seconds >= 0",
            format_number(value)
        ))
    } else if value < 0.0 {
        Err(format!(
            "invalid duration {}: a duration cannot be negative; expected a number of seconds >= 0",
            format_number(value)
        ))
    } else {
        within_limit(value)
            .map_err(|why| format!("invalid duration {}: {why}", format_number(value)))
    }
}

/// Parses a time of day, `"HH:MM"` or `"HH:MM:SS"`, into seconds after midnight.
pub(crate) fn parse_clock(text: &str) -> Result<f64, String> {
    let fail = || Err(format!("invalid clock time {text:?}: {EXPECTED_CLOCK}"));
    let parts: Vec<&str> = text.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return fail();
    }
    let field = |s: &str, max_len: usize, limit: u32| -> Option<u32> {
        let ok = !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit());
        s.parse::<u32>().ok().filter(|v| ok && *v < limit)
    };
    let hours = field(parts[0], 2, 24);
    let minutes = field(parts[1], 2, 60).filter(|_| parts[1].len() == 2);
    let seconds = match parts.get(2) {
        Some(s) => field(s, 2, 60).filter(|_| s.len() == 2),
        None => Some(0),
    };
    match (hours, minutes, seconds) {
        (Some(h), Some(m), Some(s)) => Ok(f64::from(h * 3600 + m * 60 + s)),
        _ => fail(),
    }
}

/// Formats seconds the way a scenario author would write them: `"1h30m"`, `"250ms"`.
pub(crate) fn format_duration(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return format!("{}s", format_number(seconds));
    }
    if seconds == 0.0 {
        return "0s".to_owned();
    }
    if seconds.fract() == 0.0 && seconds < 1e15 {
        let total = seconds as u64;
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
        let mut out = String::new();
        for (value, unit) in [(h, "h"), (m, "m"), (s, "s")] {
            if value > 0 {
                out.push_str(&format!("{value}{unit}"));
            }
        }
        return out;
    }
    let millis = seconds * 1000.0;
    if seconds < 1.0 && millis.fract() == 0.0 {
        format!("{millis}ms")
    } else {
        format!("{seconds}s")
    }
}

/// Formats a time of day (seconds after midnight, wrapping past midnight) as
/// `"HH:MM"`, or `"HH:MM:SS"` when the seconds are not zero.
pub(crate) fn format_clock(seconds: f64) -> String {
    let total = seconds.rem_euclid(DAY).round() as u64 % 86_400;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if s == 0 {
        format!("{h:02}:{m:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

/// Formats a number as TOML would write it (`nan`, `inf`), so messages quote
/// what the user typed.
pub(crate) fn format_number(value: f64) -> String {
    if value.is_nan() {
        "nan".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else {
        value.to_string()
    }
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || c == '.'
}

fn is_plain_number(s: &str) -> bool {
    s.chars().all(is_number_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_form() {
        let cases = [
            ("20s", 20.0),
            ("5m", 300.0),
            ("1h30m", 5400.0),
            ("1.5h", 5400.0),
            ("250ms", 0.25),
            ("2h 15m", 8100.0),
            ("300", 300.0),
            ("0s", 0.0),
            (" 10h ", 36_000.0),
            ("1m30s500ms", 90.5),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_malformed_durations_with_the_value_quoted() {
        for text in [
            "5x",
            "",
            "  ",
            "h",
            "1h30",
            "1..5s",
            "nan",
            "inf",
            "1e3s",
            "5 minutes",
        ] {
            let err = parse_duration(text).unwrap_err();
            assert!(
                err.starts_with(&format!("invalid duration {text:?}")),
                "{err}"
            );
            assert!(err.contains("(h, m, s, ms)"), "{err}");
        }
        assert!(
            parse_duration("5x")
                .unwrap_err()
                .contains(r#"unknown unit "x""#)
        );
        assert!(
            parse_duration("-5s")
                .unwrap_err()
                .contains("cannot be negative")
        );
    }

    #[test]
    fn checks_bare_numbers() {
        assert_eq!(seconds_from_number(1.5), Ok(1.5));
        assert!(seconds_from_number(-1.0).unwrap_err().contains("negative"));
        assert!(seconds_from_number(f64::NAN).unwrap_err().contains("nan"));
        assert!(
            seconds_from_number(f64::INFINITY)
                .unwrap_err()
                .contains("inf")
        );
    }

    #[test]
    fn parses_clock_times() {
        assert_eq!(parse_clock("08:00"), Ok(28_800.0));
        assert_eq!(parse_clock("8:00"), Ok(28_800.0));
        assert_eq!(parse_clock("23:59:59"), Ok(86_399.0));
        assert_eq!(parse_clock("00:00"), Ok(0.0));
        for bad in [
            "24:00", "12:60", "12:5", "12", "", "1:2:3:4", "-1:00", "08:00:60", "+8:00",
        ] {
            let err = parse_clock(bad).unwrap_err();
            assert!(err.contains("HH:MM"), "{bad}: {err}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for s in [0.0, 20.0, 300.0, 5400.0, 36_000.0, 0.25, 1.5] {
            assert_eq!(parse_duration(&format_duration(s)), Ok(s));
        }
        assert_eq!(format_duration(5400.0), "1h30m");
        assert_eq!(format_clock(28_800.0 + 86_400.0), "08:00");
        assert_eq!(format_clock(30.0), "00:00:30");
    }
}
