//! The workforce tables exactly as written: `[[shifts]]` (with their
//! `[[shifts.breaks]]`), `prep_time`, `[breaks]`, `[[meetings]]`,
//! `[personal_leave]` and `daily_quota`.
//!
//! As in `schema.rs`, only types and spelling are checked here; times,
//! ranges and the links between shifts, breaks and meetings are checked in
//! `staff_validate.rs`.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use super::schema::{Clock, RawDistribution, Seconds};

/// One `[[shifts]]` entry. Entries that share a `name` are the same agents
/// working several periods (a split shift).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShift {
    pub name: Option<String>,
    pub start: Option<Clock>,
    pub end: Option<Clock>,
    pub agents: Option<Counts>,
    pub breaks: Option<Vec<RawBreak>>,
}

/// One `[[shifts.breaks]]` entry: a break or lunch the shift's agents are
/// entitled to, to start within `window`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBreak {
    pub kind: Option<String>,
    pub duration: Option<Seconds>,
    pub window: Option<Vec<Clock>>,
}

/// `[breaks]`: the rules, each with its switch.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBreakRules {
    pub no_break_while_waiting: Option<bool>,
    pub waiting_threshold: Option<i64>,
    pub staggered: Option<bool>,
    pub max_on_break: Option<i64>,
    pub max_deferral: Option<Seconds>,
    pub on_max_deferral: Option<String>,
    pub overrun: Option<RawDistribution>,
}

/// One `[[meetings]]` entry: scheduled unavailability.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeeting {
    pub name: Option<String>,
    pub start: Option<Clock>,
    pub duration: Option<Seconds>,
    pub days: Option<Vec<i64>>,
    pub tiers: Option<Vec<i64>>,
    pub shifts: Option<Vec<String>>,
}

/// `[personal_leave]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawLeave {
    pub per_agent_day: Option<f64>,
    pub duration: Option<RawDistribution>,
    pub min_available: Option<i64>,
    pub retry: Option<Seconds>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        a: Counts,
        b: Counts,
        p: PrepRange,
        q: PrepRange,
    }

    #[test]
    fn counts_and_prep_ranges_take_both_forms() {
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
}
