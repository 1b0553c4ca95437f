//! The help-desk tables exactly as written: `[[tiers]]`, `[calls]`,
//! `[customers]`, `[customer_effects]`, `[[priorities]]`, `[routing]`,
//! `[transfer]`, `[hold]` and `[call_limit]`.
//!
//! Like `schema.rs`, these only check types and spelling; names, ranges and
//! the links between tables (every topic served by some tier) are checked in
//! `desk_validate.rs`. Policy names stay strings here so that a wrong one is
//! answered with the list of accepted names rather than serde's enum message.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};

use super::schema::{RawDistribution, Seconds};

/// One `[[tiers]]` entry. Counts are signed so that `-3` reaches validation
/// and gets a range message rather than a type error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTier {
    pub level: Option<i64>,
    pub agents: Option<i64>,
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub handle_factor: Option<f64>,
    pub diagnosis: Option<Seconds>,
    pub resolve: Option<Shares>,
}

/// `[calls]`: the issue mix every arriving call draws from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCalls {
    pub complexity: Option<Shares>,
    pub topics: Option<Shares>,
    pub languages: Option<Shares>,
}

/// `[customers]`: the share of each customer type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCustomers {
    pub normal: Option<f64>,
    pub talkative: Option<f64>,
    pub rude: Option<f64>,
    pub inexperienced: Option<f64>,
    pub angry: Option<f64>,
}

impl RawCustomers {
    /// The shares in `CustomerKind::ALL` order.
    pub(crate) fn shares(&self) -> [Option<f64>; 5] {
        [
            self.normal,
            self.talkative,
            self.rude,
            self.inexperienced,
            self.angry,
        ]
    }
}

/// `[customer_effects]`: per-type overrides of the default multipliers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCustomerEffects {
    pub normal: Option<RawEffect>,
    pub talkative: Option<RawEffect>,
    pub rude: Option<RawEffect>,
    pub inexperienced: Option<RawEffect>,
    pub angry: Option<RawEffect>,
}

impl RawCustomerEffects {
    /// The tables in `CustomerKind::ALL` order.
    pub(crate) fn effects(&self) -> [Option<&RawEffect>; 5] {
        [
            self.normal.as_ref(),
            self.talkative.as_ref(),
            self.rude.as_ref(),
            self.inexperienced.as_ref(),
            self.angry.as_ref(),
        ]
    }
}

/// `[customer_effects.<type>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEffect {
    pub talk: Option<f64>,
    pub patience: Option<f64>,
    pub hold: Option<f64>,
    pub escalation: Option<f64>,
    pub repeat: Option<f64>,
}

/// One `[[priorities]]` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPriority {
    pub name: Option<String>,
    pub share: Option<f64>,
    pub threshold: Option<Seconds>,
    pub target: Option<f64>,
}

/// `[routing]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRouting {
    pub agent: Option<String>,
    pub overflow: Option<bool>,
}

/// `[transfer]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransfer {
    pub policy: Option<String>,
    pub on_timeout: Option<String>,
}

/// `[hold]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHold {
    pub probability: Option<f64>,
    pub duration: Option<RawDistribution>,
    pub max: Option<Seconds>,
    pub patience: Option<RawDistribution>,
    pub at_limit: Option<String>,
    pub check_in: Option<Seconds>,
}

/// `[call_limit]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCallLimit {
    pub max: Option<Seconds>,
    pub action: Option<String>,
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

/// The tables whose keys are names chosen by the author (topics,
/// complexities...), so any key is accepted there.
pub(crate) const FREE_TABLES: [&str; 5] = [
    "calls.complexity",
    "calls.topics",
    "calls.languages",
    "tiers.resolve",
    "costs.sla_penalty",
];

#[cfg(test)]
mod tests {
    use super::*;

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
}
