//! The checked values of the format, in one place: how a duration, a clock
//! time, a share, a table of shares, agent counts and per-tier numbers are
//! read (serde), and how a number is checked against its range (one
//! message per kind of value, so "a number in 0..=1" reads the same in
//! every table).
//!
//! The serde forms only check types, so a malformed `"5x"` is reported at
//! its exact span; ranges are checked after deserializing, with the key in
//! the message, because serde cannot name the key or suggest a fix.

use std::fmt;
use std::ops::RangeInclusive;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::duration::{
    format_duration, format_number, parse_clock, parse_duration, seconds_from_number,
};
use super::error::{ScenarioError, backticked, did_you_mean, invalid};

/// A duration in seconds, written `"1h30m"` or as a bare number of seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seconds(pub f64);

impl<'de> Deserialize<'de> for Seconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SecondsVisitor;
        impl Visitor<'_> for SecondsVisitor {
            type Value = Seconds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a duration such as "20s", "5m" or "1h30m""#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Seconds, E> {
                parse_duration(v).map(Seconds).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Seconds, E> {
                seconds_from_number(v as f64)
                    .map(Seconds)
                    .map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Seconds, E> {
                seconds_from_number(v as f64)
                    .map(Seconds)
                    .map_err(E::custom)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Seconds, E> {
                seconds_from_number(v).map(Seconds).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(SecondsVisitor)
    }
}

/// A time of day in seconds after midnight, written `"08:00"` (or as an
/// unquoted TOML local time, `08:00:00`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Clock(pub f64);

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ClockVisitor;
        impl<'de> Visitor<'de> for ClockVisitor {
            type Value = Clock;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a time of day such as "08:00""#)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Clock, E> {
                parse_clock(v).map(Clock).map_err(E::custom)
            }
            // toml hands datetimes over as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Clock, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
                };
                parse_clock(&text).map(Clock).map_err(de::Error::custom)
            }
        }
        deserializer.deserialize_any(ClockVisitor)
    }
}

/// A table of names to numbers (`{ basic = 0.6, complex = 0.4 }`), in the
/// order written: reports list topics and classes the way the author did.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Shares(pub Vec<(String, f64)>);

impl<'de> Deserialize<'de> for Shares {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SharesVisitor;
        impl<'de> Visitor<'de> for SharesVisitor {
            type Value = Shares;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of names to numbers, e.g. { basic = 0.7, complex = 0.3 }")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shares, A::Error> {
                let mut entries = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, f64>()? {
                    entries.push((name, value));
                }
                Ok(Shares(entries))
            }
        }
        deserializer.deserialize_map(SharesVisitor)
    }
}

/// Agent counts: one number (a single pool, or tier 1 only) or one per tier.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Counts(pub Vec<i64>);

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountsVisitor;
        impl<'de> Visitor<'de> for CountsVisitor {
            type Value = Counts;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number of agents, or a list with one per tier")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Counts, E> {
                Ok(Counts(vec![v]))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Counts, E> {
                Ok(Counts(vec![i64::try_from(v).unwrap_or(i64::MAX)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Counts, A::Error> {
                let mut counts = Vec::new();
                while let Some(v) = seq.next_element::<i64>()? {
                    counts.push(v);
                }
                Ok(Counts(counts))
            }
        }
        deserializer.deserialize_any(CountsVisitor)
    }
}

/// `prep_time`: one duration, or a `[min, max]` range drawn uniformly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PrepRange(pub f64, pub f64);

impl<'de> Deserialize<'de> for PrepRange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PrepVisitor;
        impl<'de> Visitor<'de> for PrepVisitor {
            type Value = PrepRange;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#"a duration such as "15m", or a range such as ["15m", "20m"]"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PrepRange, E> {
                let s = Seconds::deserialize(serde::de::value::StrDeserializer::<E>::new(v))?;
                Ok(PrepRange(s.0, s.0))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<PrepRange, E> {
                let s = Seconds::deserialize(serde::de::value::I64Deserializer::<E>::new(v))?;
                Ok(PrepRange(s.0, s.0))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<PrepRange, E> {
                let s = Seconds::deserialize(serde::de::value::F64Deserializer::<E>::new(v))?;
                Ok(PrepRange(s.0, s.0))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PrepRange, A::Error> {
                let low: Option<Seconds> = seq.next_element()?;
                let high: Option<Seconds> = seq.next_element()?;
                let extra: Option<Seconds> = seq.next_element()?;
                match (low, high, extra) {
                    (Some(l), Some(h), None) => Ok(PrepRange(l.0, h.0)),
                    _ => Err(serde::de::Error::custom(
                        "a prep_time range has two durations, [min, max]",
                    )),
                }
            }
        }
        deserializer.deserialize_any(PrepVisitor)
    }
}

/// A probability for every tier (`0.1`) or one per tier (`[0.1, 0.05]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum PerTier {
    All(f64),
    Each(Vec<f64>),
}

/// A share or a probability: `value` if it is in 0..=1, else the error at
/// `key`.
pub(crate) fn share(key: &str, value: f64) -> Result<f64, ScenarioError> {
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        return Ok(value);
    }
    Err(invalid(
        key,
        format!(
            "invalid `{key}` {}: expected a number from 0 to 1",
            format_number(value)
        ),
    )
    .with_label("must be in 0..=1")
    .with_help("write 80% as 0.8"))
}

/// A duration that must be longer than zero.
pub(crate) fn positive_seconds(key: &str, value: f64) -> Result<f64, ScenarioError> {
    if value > 0.0 {
        return Ok(value);
    }
    Err(invalid(
        key,
        format!(
            "`{key}` is {}: expected a duration greater than 0",
            format_duration(value)
        ),
    )
    .with_label("must be > 0"))
}

/// A duration of at least `min` seconds; `why` says what a shorter one
/// would do.
pub(crate) fn seconds_at_least(
    key: &str,
    value: f64,
    min: f64,
    why: &str,
) -> Result<f64, ScenarioError> {
    if value >= min {
        return Ok(value);
    }
    Err(invalid(
        key,
        format!(
            "`{key}` is {}: expected a duration of at least {}",
            format_duration(value),
            format_duration(min)
        ),
    )
    .with_label(format!(">= {}", format_duration(min)))
    .with_help(why))
}

/// A whole number of `what` (agents, calls) in `range`, written signed so
/// that `-3` reaches this check and gets a range message rather than a
/// type error. A range up to `u32::MAX` reads as "at least".
pub(crate) fn count(
    key: &str,
    value: i64,
    range: RangeInclusive<u32>,
    what: &str,
) -> Result<u32, ScenarioError> {
    let (low, high) = (*range.start(), *range.end());
    if let Some(n) = u32::try_from(value).ok().filter(|n| range.contains(n)) {
        return Ok(n);
    }
    let (expected, label) = if high == u32::MAX {
        (format!(">= {low}"), format!("must be >= {low}"))
    } else {
        (
            format!("from {low} to {high}"),
            format!("must be {low}..={high}"),
        )
    };
    Err(invalid(
        key,
        format!("invalid `{key}` {value}: expected a whole number of {what} {expected}"),
    )
    .with_label(label))
}

/// A whole number of calls, for the blending rules (`max_waiting`): at
/// least 1. `rule` explains the number in the message.
pub(crate) fn waiting_calls(key: &str, value: i64, rule: &str) -> Result<u32, ScenarioError> {
    u32::try_from(value)
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| {
            invalid(
                key,
                format!("invalid `{key}` {value}: expected a whole number of calls >= 1 ({rule})"),
            )
            .with_label("must be >= 1")
            .with_help("1: only when no caller waits")
        })
}

/// A name that becomes a CSV cell, a JSON key or a folder: what a bare TOML
/// key allows.
pub(crate) fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

/// A policy name from a fixed list, with the list (and a near miss) in the
/// error. Kept a string in the raw form, not a serde enum, so that a wrong
/// name is answered with the key, the accepted names and a suggestion.
pub(crate) fn choice<T: Copy>(
    key: &str,
    raw: Option<&str>,
    options: &[(&str, T)],
    default: T,
) -> Result<T, ScenarioError> {
    let Some(name) = raw else {
        return Ok(default);
    };
    if let Some((_, value)) = options.iter().find(|(n, _)| *n == name) {
        return Ok(*value);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let mut err = invalid(
        key,
        format!(
            "unknown `{key}` {name:?}: expected one of {}",
            backticked(&names)
        ),
    )
    .with_label("not a known value");
    if let Some(close) = did_you_mean(&name.to_lowercase(), names.iter().copied()) {
        err = err.with_help(format!("did you mean {close:?}?"));
    }
    Err(err)
}

/// A name chosen by the author (a topic, a class) that becomes a CSV cell
/// and a JSON key.
pub(crate) fn check_name(key: &str, name: &str) -> Result<(), ScenarioError> {
    if is_plain_name(name) {
        return Ok(());
    }
    Err(invalid(
        key,
        format!("invalid name {name:?}: expected letters, digits, '-' and '_' only"),
    )
    .with_label("not a plain name"))
}

/// Shares of a whole (a mix, the customer types, the classes) must sum to 1
/// within this: they are written as decimals.
const SHARE_TOLERANCE: f64 = 1e-9;

/// Checks that the shares of `what` (at `key`) sum to 1.
pub(crate) fn check_sum(
    key: &str,
    what: &str,
    shares: impl IntoIterator<Item = f64>,
) -> Result<(), ScenarioError> {
    let sum: f64 = shares.into_iter().sum();
    if (sum - 1.0).abs() <= SHARE_TOLERANCE {
        return Ok(());
    }
    Err(invalid(
        key,
        format!(
            "the {what} shares sum to {}: expected them to sum to 1",
            format_number((sum * 1e9).round() / 1e9)
        ),
    )
    .with_label(format!(
        "sum is {}",
        format_number((sum * 1e9).round() / 1e9)
    ))
    .with_help("adjust the shares so that they add up to exactly 1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_clocks_deserialize_from_toml() {
        #[derive(Deserialize)]
        struct T {
            a: Seconds,
            b: Seconds,
            c: Clock,
            d: Clock,
        }
        let t: T = toml::from_str("a = \"1h30m\"\nb = 2.5\nc = \"08:00\"\nd = 09:30:00").unwrap();
        assert_eq!(
            (t.a, t.b, t.c, t.d),
            (
                Seconds(5400.0),
                Seconds(2.5),
                Clock(28_800.0),
                Clock(34_200.0)
            )
        );
        let err = toml::from_str::<T>("a = \"5x\"\nb = 1\nc = \"08:00\"\nd = \"08:00\"")
            .err()
            .unwrap();
        assert!(err.message().contains("invalid duration \"5x\""), "{err}");
        assert_eq!(err.span(), Some(4..8));
    }

    #[test]
    fn shares_keep_the_written_order() {
        #[derive(Deserialize)]
        struct T {
            s: Shares,
        }
        let t: T = toml::from_str("s = { zeta = 0.5, alpha = 1, mid = 0.25 }").unwrap();
        let names: Vec<&str> = t.s.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
        assert_eq!(t.s.0[1].1, 1.0);
        let table: toml::Table = toml::from_str("[s]\nzeta = 1\nalpha = 2\n").unwrap();
        let t = T::deserialize(toml::Value::Table(table)).unwrap();
        assert_eq!(t.s.0[0].0, "zeta");
        assert!(toml::from_str::<T>("s = { a = \"x\" }").is_err());
    }

    #[test]
    fn counts_and_prep_ranges_take_both_forms() {
        #[derive(Deserialize)]
        struct T {
            a: Counts,
            b: Counts,
            p: PrepRange,
            q: PrepRange,
        }
        let t: T =
            toml::from_str("a = 5\nb = [3, 2]\np = \"15m\"\nq = [\"15m\", \"20m\"]").unwrap();
        assert_eq!((t.a.0, t.b.0), (vec![5], vec![3, 2]));
        assert_eq!(
            (t.p, t.q),
            (PrepRange(900.0, 900.0), PrepRange(900.0, 1200.0))
        );
        let err = toml::from_str::<T>("a = 5\nb = 1\np = \"1m\"\nq = [\"1m\"]")
            .err()
            .unwrap();
        assert!(err.message().contains("[min, max]"), "{err}");
    }

    #[test]
    fn shares_are_checked_with_one_message() {
        assert_eq!(share("x.y", 0.25), Ok(0.25));
        let err = share("sla.target", 1.5).unwrap_err();
        assert_eq!(
            err.message(),
            "invalid `sla.target` 1.5: expected a number from 0 to 1"
        );
        assert!(share("x", f64::NAN).is_err());
    }
}
