//! The scenario file exactly as written: serde structs, no meaning yet.
//!
//! Almost every field is an `Option` so that serde only checks *types* and
//! spelling; defaults, required keys and ranges are `validate.rs`'s job, where
//! messages can name the key and say what to write. Durations and clock times
//! are parsed here, so a malformed `"5x"` is reported at its exact span.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

use super::costs::RawCosts;
use super::desk_schema::{
    RawCallLimit, RawCalls, RawCustomerEffects, RawCustomers, RawEffect, RawHold, RawPriority,
    RawRouting, RawTier, RawTransfer,
};
use super::duration::{parse_clock, parse_duration, seconds_from_number};
use super::quality_schema::{RawCallbacks, RawExperience, RawFollowUps, RawRepeatCalls};
use super::staff_schema::{PrepRange, RawBreak, RawBreakRules, RawLeave, RawMeeting, RawShift};
use super::tickets::RawTickets;
use super::walk_ins::RawWalkIns;

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: Option<String>,
    pub seed: Option<i64>,
    /// Free text for humans; accepted and ignored.
    #[allow(dead_code)]
    pub description: Option<String>,
    pub time: Option<RawTime>,
    pub arrivals: Option<RawArrivals>,
    pub handle_time: Option<RawDistribution>,
    pub patience: Option<RawDistribution>,
    pub wrap_up: Option<RawDistribution>,
    pub agents: Option<RawCount>,
    pub lines: Option<RawCount>,
    pub sla: Option<RawSla>,
    /// Help-desk tables (`desk_schema.rs`); all optional.
    pub tiers: Option<Vec<RawTier>>,
    pub calls: Option<RawCalls>,
    pub customers: Option<RawCustomers>,
    pub customer_effects: Option<RawCustomerEffects>,
    pub priorities: Option<Vec<RawPriority>>,
    pub routing: Option<RawRouting>,
    pub transfer: Option<RawTransfer>,
    pub hold: Option<RawHold>,
    pub call_limit: Option<RawCallLimit>,
    /// Quality tables (`quality_schema.rs`); all optional.
    pub repeat_calls: Option<RawRepeatCalls>,
    pub followups: Option<RawFollowUps>,
    pub callbacks: Option<RawCallbacks>,
    pub experience: Option<RawExperience>,
    pub costs: Option<RawCosts>,
    pub tickets: Option<RawTickets>,
    pub walk_ins: Option<RawWalkIns>,
    /// Workforce tables (`staff_schema.rs`); all optional.
    pub shifts: Option<Vec<RawShift>>,
    pub prep_time: Option<PrepRange>,
    pub breaks: Option<RawBreakRules>,
    pub meetings: Option<Vec<RawMeeting>>,
    pub personal_leave: Option<RawLeave>,
    pub daily_quota: Option<i64>,
}

/// `[time]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTime {
    pub duration: Option<Seconds>,
    pub interval: Option<Seconds>,
    pub warmup: Option<Seconds>,
    pub start: Option<Clock>,
}

/// `[arrivals]`: exactly one of the three sources.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArrivals {
    pub rate_per_hour: Option<f64>,
    pub profile: Option<Vec<f64>>,
    pub profile_file: Option<String>,
    /// A WFM forecast CSV: volumes, and handle times per interval.
    pub forecast: Option<RawForecast>,
    /// Multiplies every rate: a sweep's "10 % more calls".
    pub scale: Option<f64>,
}

/// `[arrivals.forecast]`: how to read a WFM tool's export.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForecast {
    pub file: Option<String>,
    pub delimiter: Option<String>,
    pub decimal_comma: Option<bool>,
    pub time_format: Option<String>,
    pub aht_includes_acw: Option<bool>,
    pub columns: Option<RawForecastColumns>,
}

/// `[arrivals.forecast.columns]`: header names, where they differ from the
/// usual ones.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForecastColumns {
    pub start: Option<String>,
    pub date: Option<String>,
    pub volume: Option<String>,
    pub aht: Option<String>,
    pub acw: Option<String>,
}

/// `[handle_time]`, `[patience]`, `[wrap_up]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDistribution {
    pub distribution: Option<String>,
    pub mean: Option<Seconds>,
    pub cv: Option<f64>,
    pub file: Option<String>,
}

/// `[agents]`, `[lines]`: signed so that `-3` reaches validation and gets a
/// range message rather than a type error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCount {
    pub count: Option<i64>,
}

/// `[sla]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSla {
    pub threshold: Option<Seconds>,
    pub target: Option<f64>,
}

/// The three mutually exclusive sources of `[arrivals]`.
pub(crate) const ARRIVAL_SOURCES: [&str; 4] =
    ["rate_per_hour", "profile", "profile_file", "forecast"];

/// The keys the table at `path` accepts (`""` is the top level), or `None`
/// if `path` is not a table of the format with fixed keys. Array elements
/// are written without their index (`tiers`, not `tiers[2]`; see
/// [`schema_path`]). Derived from the serde structs themselves, so it
/// cannot drift from what deserialization accepts.
pub(crate) fn table_keys(path: &str) -> Option<&'static [&'static str]> {
    match path {
        "" => Some(fields_of::<RawScenario>()),
        "time" => Some(fields_of::<RawTime>()),
        "arrivals" => Some(fields_of::<RawArrivals>()),
        "arrivals.forecast" => Some(fields_of::<RawForecast>()),
        "arrivals.forecast.columns" => Some(fields_of::<RawForecastColumns>()),
        "handle_time" | "patience" | "wrap_up" | "hold.duration" | "hold.patience" => {
            Some(fields_of::<RawDistribution>())
        }
        "agents" | "lines" => Some(fields_of::<RawCount>()),
        "sla" => Some(fields_of::<RawSla>()),
        "tiers" => Some(fields_of::<RawTier>()),
        "calls" => Some(fields_of::<RawCalls>()),
        "customers" => Some(fields_of::<RawCustomers>()),
        "customer_effects" => Some(fields_of::<RawCustomerEffects>()),
        "customer_effects.normal"
        | "customer_effects.talkative"
        | "customer_effects.rude"
        | "customer_effects.inexperienced"
        | "customer_effects.angry" => Some(fields_of::<RawEffect>()),
        "priorities" => Some(fields_of::<RawPriority>()),
        "routing" => Some(fields_of::<RawRouting>()),
        "transfer" => Some(fields_of::<RawTransfer>()),
        "hold" => Some(fields_of::<RawHold>()),
        "call_limit" => Some(fields_of::<RawCallLimit>()),
        "repeat_calls" => Some(fields_of::<RawRepeatCalls>()),
        "followups" => Some(fields_of::<RawFollowUps>()),
        "experience" => Some(fields_of::<RawExperience>()),
        "callbacks" => Some(fields_of::<RawCallbacks>()),
        "costs" => Some(fields_of::<RawCosts>()),
        "tickets" => Some(fields_of::<RawTickets>()),
        "tickets.work" => Some(fields_of::<RawDistribution>()),
        "walk_ins" => Some(fields_of::<RawWalkIns>()),
        "walk_ins.service" | "walk_ins.patience" => Some(fields_of::<RawDistribution>()),
        "repeat_calls.delay" | "followups.delay" | "followups.talk" => {
            Some(fields_of::<RawDistribution>())
        }
        "shifts" => Some(fields_of::<RawShift>()),
        "shifts.breaks" => Some(fields_of::<RawBreak>()),
        "breaks" => Some(fields_of::<RawBreakRules>()),
        "breaks.overrun" | "personal_leave.duration" => Some(fields_of::<RawDistribution>()),
        "meetings" => Some(fields_of::<RawMeeting>()),
        "personal_leave" => Some(fields_of::<RawLeave>()),
        _ => None,
    }
}

/// The tables written as arrays of tables (`[[tiers]]`): their keys are
/// reached through an index, `tiers[0].agents`.
pub(crate) const TABLE_ARRAYS: [&str; 5] =
    ["tiers", "priorities", "shifts", "shifts.breaks", "meetings"];

/// A key path without its array indices, as [`table_keys`] takes it:
/// `tiers[2].resolve` → `tiers.resolve`.
pub(crate) fn schema_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every leaf key of the format as a dotted path (`agents.count`,
/// `tiers[0].agents`), for "did you mean" hints on `--set`.
pub(crate) fn all_key_paths() -> Vec<String> {
    fn walk(schema: &str, shown: &str, paths: &mut Vec<String>) {
        for key in table_keys(schema).unwrap_or_default() {
            let child_schema = join(schema, key);
            let mut child_shown = join(shown, key);
            if TABLE_ARRAYS.contains(&child_schema.as_str()) {
                child_shown.push_str("[0]");
            }
            match table_keys(&child_schema) {
                Some(_) => walk(&child_schema, &child_shown, paths),
                None => paths.push(child_shown),
            }
        }
    }
    let mut paths = Vec::new();
    walk("", "", &mut paths);
    paths
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

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

/// The field names a serde struct accepts, read from its `Deserialize` impl.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that only records the field list of the struct asked for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field names recorded")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_keys_follow_the_structs() {
        assert_eq!(table_keys("agents"), Some(&["count"][..]));
        assert_eq!(
            table_keys("arrivals"),
            Some(
                &[
                    "rate_per_hour",
                    "profile",
                    "profile_file",
                    "forecast",
                    "scale"
                ][..]
            )
        );
        assert!(table_keys("").is_some_and(|k| k.contains(&"handle_time")));
        assert_eq!(table_keys("nope"), None);
        let paths = all_key_paths();
        assert!(paths.contains(&"agents.count".to_owned()));
        assert!(paths.contains(&"seed".to_owned()));
        assert!(paths.contains(&"patience.cv".to_owned()));
        assert!(paths.contains(&"tiers[0].agents".to_owned()));
        assert!(paths.contains(&"hold.duration.mean".to_owned()));
        assert!(paths.contains(&"customer_effects.angry.patience".to_owned()));
        assert!(paths.contains(&"calls.topics".to_owned()));
        assert!(paths.contains(&"arrivals.forecast.columns.aht".to_owned()));
        assert_eq!(schema_path("tiers[2].resolve.basic"), "tiers.resolve.basic");
        assert_eq!(schema_path("arrivals.profile[3]"), "arrivals.profile");
    }

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
}
