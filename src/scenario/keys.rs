//! The keys of the format, in one place: which keys each table accepts
//! (read from the serde structs themselves, so they cannot drift from what
//! deserializing accepts), which tables are arrays of tables, which take
//! names chosen by the author, and which hold a distribution. Unknown-key
//! errors, `--set` paths, "did you mean" hints and the pruning of
//! distribution parameters on `--set X.distribution=...` all read them.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};

use super::agents::RawCount;
use super::arrivals::RawArrivals;
use super::costs::RawCosts;
use super::desk::{
    RawCallLimit, RawCalls, RawCustomerEffects, RawCustomers, RawEffect, RawHold, RawPriority,
    RawRouting, RawTickets, RawTier, RawTransfer, RawWalkIns,
};
use super::distribution::RawDistribution;
use super::document::RawScenario;
use super::forecast::{RawForecast, RawForecastColumns};
use super::quality::{RawCallbacks, RawExperience, RawFollowUps, RawRepeatCalls};
use super::sla::RawSla;
use super::time::RawTime;
use super::workforce::{RawBreak, RawBreakRules, RawLeave, RawMeeting, RawShift};

/// Every table that holds a distribution (`distribution`, `mean`, `cv`,
/// `file`), by its path.
pub(crate) const DISTRIBUTION_TABLES: [&str; 13] = [
    "handle_time",
    "patience",
    "wrap_up",
    "hold.duration",
    "hold.patience",
    "tickets.work",
    "walk_ins.service",
    "walk_ins.patience",
    "repeat_calls.delay",
    "followups.delay",
    "followups.talk",
    "breaks.overrun",
    "personal_leave.duration",
];

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
        "walk_ins" => Some(fields_of::<RawWalkIns>()),
        "shifts" => Some(fields_of::<RawShift>()),
        "shifts.breaks" => Some(fields_of::<RawBreak>()),
        "breaks" => Some(fields_of::<RawBreakRules>()),
        "meetings" => Some(fields_of::<RawMeeting>()),
        "personal_leave" => Some(fields_of::<RawLeave>()),
        _ if DISTRIBUTION_TABLES.contains(&path) => Some(fields_of::<RawDistribution>()),
        _ => None,
    }
}

/// The tables written as arrays of tables (`[[tiers]]`): their keys are
/// reached through an index, `tiers[0].agents`.
pub(crate) const TABLE_ARRAYS: [&str; 5] =
    ["tiers", "priorities", "shifts", "shifts.breaks", "meetings"];

/// The tables whose keys are names chosen by the author (topics,
/// complexities...), so any key is accepted there.
pub(crate) const FREE_TABLES: [&str; 5] = [
    "calls.complexity",
    "calls.topics",
    "calls.languages",
    "tiers.resolve",
    "costs.sla_penalty",
];

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
}
