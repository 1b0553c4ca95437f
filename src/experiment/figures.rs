//! The figures of a replication, named as in `summary.json`.
//!
//! An experiment does not keep its own list of metrics: it serialises the
//! same value `summary.json` is written from ([`SummaryView`]) through a
//! flattening serializer, so every figure a run reports (tiers, classes,
//! workforce, quality, tickets, walk-ins, costs, and any key added later)
//! becomes a column, named by its path: object keys joined with `.`, array
//! elements as `[i]` (the syntax `--set` takes), e.g. `service_level`,
//! `wait_seconds.p90`, `tiers[1].abandonment_rate`,
//! `workforce.mean_break_delay_seconds`. Numbers are figures; `true`/`false`
//! become 1/0 (so their mean is a share); `null` is an empty cell; text
//! (names, the currency) is a label and is left out, as are the run's
//! identity keys `scenario`, `seed` and `replication`.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::report::json::SummaryView;
use crate::stats::Results;

/// A replication's figures: names in `summary.json` order, and values
/// (`None`: `null`, undefined in this replication).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Each figure's path in `summary.json` (`tiers[1].service_level`).
    pub names: Vec<String>,
    /// One value per name, in the same order.
    pub values: Vec<Option<f64>>,
}

/// Every figure of `results`, as `summary.json` holds them.
pub fn figures(results: &Results) -> Figures {
    let (names, values) = figures_like(results, None);
    Figures {
        names: names.to_vec(),
        values,
    }
}

/// Every figure of `results`, and their names: `known` itself when the
/// names are the same (the usual case: every replication of a point, and
/// usually every point, reports the same figures), so that a sweep neither
/// builds nor stores the names again for each unit.
pub fn figures_like(
    results: &Results,
    known: Option<&Arc<[String]>>,
) -> (Arc<[String]>, Vec<Option<f64>>) {
    let mut f = Flattener {
        known: known.cloned(),
        values: Vec::with_capacity(known.map_or(64, |k| k.len())),
        ..Flattener::default()
    };
    // The flattener accepts every shape serde produces; `summary.json`
    // holds nothing else.
    let _ = SummaryView::of(results).serialize(&mut f);
    let names = match (f.names, f.known) {
        (Some(names), _) => names.into(),
        (None, Some(known)) if known.len() == f.values.len() => known,
        (None, known) => known
            .map_or_else(Vec::new, |k| k[..f.values.len()].to_vec())
            .into(),
    };
    (names, f.values)
}

/// Keys of `summary.json` that identify the run rather than measure it.
const IDENTITY: [&str; 3] = ["scenario", "seed", "replication"];

/// The values a figure can take, from its meaning: confidence bounds are
/// kept inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// A share, a rate or a yes/no figure: [0, 1].
    Share,
    /// An experience score: [0, 100].
    Score,
    /// Counts, durations, queue lengths, money: [0, inf).
    NonNegative,
}

impl Range {
    /// The lowest and highest value a figure of this range can take.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Range::Share => (0.0, 1.0),
            Range::Score => (0.0, 100.0),
            Range::NonNegative => (0.0, f64::INFINITY),
        }
    }
}

/// The last segment of a figure's name: `tiers[1].service_level` gives
/// `service_level`, `quality.experience.histogram[3]` gives `histogram`.
pub fn leaf(name: &str) -> &str {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.split('[').next().unwrap_or(last)
}

/// The range of figure `name`. Shares follow the names `summary.json`
/// gives them (documented in the README): `service_level`, `prob_wait`,
/// `occupancy`, `share`, `target`, `first_call_resolution`,
/// `break_adherence`, `response_sla_compliance`, `shrinkage` and its parts,
/// every `*_rate` and `*_target`, and the yes/no figures `*_met`.
/// Experience scores (`quality.experience` mean and percentiles, 0-100)
/// are scores. Every other figure of `summary.json` is a count, a
/// duration, a length or an amount of money, none of which is negative.
pub fn range(name: &str) -> Range {
    let leaf = leaf(name);
    let share = matches!(
        leaf,
        "service_level"
            | "prob_wait"
            | "occupancy"
            | "share"
            | "target"
            | "first_call_resolution"
            | "break_adherence"
            | "response_sla_compliance"
    ) || leaf.starts_with("shrinkage")
        || leaf.ends_with("_rate")
        || leaf.ends_with("_target")
        || leaf.ends_with("_met");
    let score = name.starts_with("quality.experience.")
        && !name.starts_with("quality.experience.model.")
        && matches!(leaf, "mean" | "p10" | "p50" | "p90");
    if share {
        Range::Share
    } else if score {
        Range::Score
    } else {
        Range::NonNegative
    }
}

/// How a figure is shown in `compare`'s text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share, shown in percent and compared in percentage points.
    Share,
    /// A duration, compared in seconds.
    Seconds,
    /// Experience-score points (0-100).
    Score,
    /// Money, in the scenario's currency.
    Money,
    /// A count or another plain number.
    Count,
}

/// The unit of figure `name`, from its name as for [`range`]: seconds are
/// `*_seconds` (and the percentiles under `wait_seconds`...), money is a
/// decimal amount under `costs` other than hours.
pub fn unit(name: &str) -> Unit {
    let leaf = leaf(name);
    let parent = name
        .rsplit_once('.')
        .map_or("", |(p, _)| p.rsplit('.').next().unwrap_or(p));
    match range(name) {
        Range::Share => Unit::Share,
        Range::Score => Unit::Score,
        Range::NonNegative if leaf.ends_with("_seconds") || parent.ends_with("_seconds") => {
            Unit::Seconds
        }
        Range::NonNegative
            if name.starts_with("costs.")
                && !leaf.ends_with("_hours")
                && !leaf.ends_with("_made")
                && !matches!(leaf, "level" | "breaches" | "resolved") =>
        {
            Unit::Money
        }
        Range::NonNegative => Unit::Count,
    }
}

/// The columns of an experiment: every figure any of its replications
/// reported, in `summary.json` order. `schemas` are the distinct name lists
/// of the replications, in the order of the first replication that has
/// each, so the result depends only on the replications, never on how the
/// work was split. A name that is `null` in one replication but an object
/// in another (`wait_seconds` when nothing was answered) is left out in
/// favour of the object's figures.
pub fn union<'a>(schemas: impl IntoIterator<Item = &'a [String]>) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for names in schemas {
        let mut cursor = 0;
        for name in names {
            match all.iter().position(|n| n == name) {
                Some(p) => cursor = p + 1,
                None => {
                    all.insert(cursor, name.clone());
                    cursor += 1;
                }
            }
        }
    }
    let parent = |name: &String| {
        all.iter().any(|other| {
            other.len() > name.len()
                && other.starts_with(name.as_str())
                && matches!(other.as_bytes()[name.len()], b'.' | b'[')
        })
    };
    let keep: Vec<bool> = all.iter().map(|n| !parent(n)).collect();
    all.into_iter()
        .zip(keep)
        .filter_map(|(n, k)| k.then_some(n))
        .collect()
}

/// Flattens any serialisable value into named figures.
#[derive(Debug, Default)]
struct Flattener {
    path: String,
    /// Names expected, and `names` left `None` as long as they match.
    known: Option<Arc<[String]>>,
    names: Option<Vec<String>>,
    values: Vec<Option<f64>>,
}

impl Flattener {
    fn figure(&mut self, value: Option<f64>) -> Result<(), Error> {
        if IDENTITY.contains(&self.path.as_str()) {
            return Ok(());
        }
        let i = self.values.len();
        match &mut self.names {
            Some(names) => names.push(self.path.clone()),
            None => {
                let known = self.known.as_deref().unwrap_or_default();
                if known.get(i) != Some(&self.path) {
                    let mut names = known[..i.min(known.len())].to_vec();
                    names.push(self.path.clone());
                    self.names = Some(names);
                }
            }
        }
        self.values.push(value.filter(|v| v.is_finite()));
        Ok(())
    }

    /// Serialises `value` under `segment` (a key, or `[i]`).
    fn nested<T: Serialize + ?Sized>(&mut self, segment: Seg, value: &T) -> Result<(), Error> {
        let len = self.path.len();
        match segment {
            Seg::Key(k) => {
                if len > 0 {
                    self.path.push('.');
                }
                self.path.push_str(k);
            }
            Seg::Index(i) => {
                use fmt::Write;
                let _ = write!(self.path, "[{i}]");
            }
        }
        let result = value.serialize(&mut *self);
        self.path.truncate(len);
        result
    }
}

enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Debug)]
struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

macro_rules! numbers {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<(), Error> {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            self.figure(Some(v as f64))
        })*
    };
}

impl<'a> ser::Serializer for &'a mut Flattener {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Elements<'a>;
    type SerializeTuple = Elements<'a>;
    type SerializeTupleStruct = Elements<'a>;
    type SerializeTupleVariant = Elements<'a>;
    type SerializeMap = Entries<'a>;
    type SerializeStruct = Entries<'a>;
    type SerializeStructVariant = Entries<'a>;

    numbers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_f32: f32, serialize_f64: f64);

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.figure(Some(f64::from(u8::from(v))))
    }
    // Text is a label, not a figure.
    fn serialize_char(self, _: char) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_str(self, _: &str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &str, _: u32, _: &str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.figure(None)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.figure(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.figure(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.nested(Seg::Key(variant), value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Elements<'a>, Error> {
        Ok(Elements {
            f: self,
            index: 0,
            len: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Elements<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Elements<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Elements<'a>, Error> {
        let len = self.path.len();
        self.push_key(variant);
        Ok(Elements {
            f: self,
            index: 0,
            len: Some(len),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Entries<'a>, Error> {
        Ok(Entries {
            f: self,
            key: None,
            len: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Entries<'a>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Entries<'a>, Error> {
        let len = self.path.len();
        self.push_key(variant);
        Ok(Entries {
            f: self,
            key: None,
            len: Some(len),
        })
    }
}

impl Flattener {
    fn push_key(&mut self, key: &str) {
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
    }
}

/// The elements of an array, each under `[i]`.
struct Elements<'a> {
    f: &'a mut Flattener,
    index: usize,
    /// The path's length before a variant's name was pushed.
    len: Option<usize>,
}

impl Elements<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let i = self.index;
        self.index += 1;
        self.f.nested(Seg::Index(i), value)
    }
    fn finish(self) -> Result<(), Error> {
        if let Some(len) = self.len {
            self.f.path.truncate(len);
        }
        Ok(())
    }
}

impl ser::SerializeSeq for Elements<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTuple for Elements<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for Elements<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for Elements<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// The entries of an object, each under its key.
struct Entries<'a> {
    f: &'a mut Flattener,
    /// A map's key, between `serialize_key` and `serialize_value`.
    key: Option<String>,
    len: Option<usize>,
}

impl Entries<'_> {
    fn finish(self) -> Result<(), Error> {
        if let Some(len) = self.len {
            self.f.path.truncate(len);
        }
        Ok(())
    }
}

impl ser::SerializeMap for Entries<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyText)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self.key.take().unwrap_or_default();
        self.f.nested(Seg::Key(&key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStruct for Entries<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.f.nested(Seg::Key(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Entries<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.f.nested(Seg::Key(key), value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A map key as text, as `serde_json` writes it.
struct KeyText;

macro_rules! key_numbers {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<String, Error> {
            Ok(v.to_string())
        })*
    };
}

impl ser::Serializer for KeyText {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = Impossible<String, Error>;
    type SerializeTuple = Impossible<String, Error>;
    type SerializeTupleStruct = Impossible<String, Error>;
    type SerializeTupleVariant = Impossible<String, Error>;
    type SerializeMap = Impossible<String, Error>;
    type SerializeStruct = Impossible<String, Error>;
    type SerializeStructVariant = Impossible<String, Error>;

    key_numbers!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
        serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_f32: f32, serialize_f64: f64,
        serialize_char: char);

    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(v.to_owned())
    }
    fn serialize_unit_variant(self, _: &str, _: u32, variant: &str) -> Result<String, Error> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_none(self) -> Result<String, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> {
        Err(Error("a map key is not text".into()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error("a map key is not text".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Inner {
        p50: f64,
        max: Option<f64>,
    }

    #[derive(Serialize)]
    struct Outer {
        scenario: String,
        seed: u64,
        calls: u64,
        met: Option<bool>,
        wait_seconds: Option<Inner>,
        rows: Vec<Inner>,
        #[serde(flatten)]
        more: std::collections::BTreeMap<String, f64>,
    }

    #[test]
    fn values_flatten_to_dotted_paths_in_order() {
        let v = Outer {
            scenario: "x".into(),
            seed: 3,
            calls: 7,
            met: Some(true),
            wait_seconds: Some(Inner {
                p50: 1.5,
                max: None,
            }),
            rows: vec![
                Inner {
                    p50: 2.0,
                    max: Some(f64::NAN),
                },
                Inner {
                    p50: 3.0,
                    max: Some(4.0),
                },
            ],
            more: [("z".to_owned(), 9.0)].into_iter().collect(),
        };
        let mut f = Flattener::default();
        v.serialize(&mut f).unwrap();
        let names = f.names.unwrap();
        assert_eq!(
            names,
            [
                "calls",
                "met",
                "wait_seconds.p50",
                "wait_seconds.max",
                "rows[0].p50",
                "rows[0].max",
                "rows[1].p50",
                "rows[1].max",
                "z"
            ]
        );
        assert_eq!(
            f.values,
            [
                Some(7.0),
                Some(1.0),
                Some(1.5),
                None,
                Some(2.0),
                None,
                Some(3.0),
                Some(4.0),
                Some(9.0)
            ]
        );
    }

    #[test]
    fn known_names_are_reused_and_new_ones_built() {
        let v = Inner {
            p50: 1.0,
            max: Some(2.0),
        };
        let same: Arc<[String]> = vec!["p50".to_owned(), "max".to_owned()].into();
        let longer: Arc<[String]> = vec!["p50".into(), "max".into(), "x".into()].into();
        let other: Arc<[String]> = vec!["p50".to_owned(), "min".to_owned()].into();
        for known in [None, Some(&same), Some(&longer), Some(&other)] {
            let mut f = Flattener {
                known: known.cloned(),
                ..Flattener::default()
            };
            v.serialize(&mut f).unwrap();
            let names = match (f.names, f.known) {
                (Some(n), _) => n,
                (None, Some(k)) => k[..f.values.len()].to_vec(),
                (None, None) => Vec::new(),
            };
            assert_eq!(names, ["p50", "max"], "{known:?}");
            assert_eq!(f.values, [Some(1.0), Some(2.0)]);
        }
    }

    #[test]
    fn the_union_keeps_summary_order_and_drops_null_parents() {
        let s = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let a = s(&["calls", "wait_seconds", "occupancy"]);
        let b = s(&[
            "calls",
            "wait_seconds.p50",
            "wait_seconds.max",
            "occupancy",
            "x",
        ]);
        assert_eq!(
            union([a.as_slice(), b.as_slice()]),
            s(&[
                "calls",
                "wait_seconds.p50",
                "wait_seconds.max",
                "occupancy",
                "x"
            ])
        );
        assert_eq!(union([a.as_slice()]), a);
    }

    #[test]
    fn ranges_and_units_follow_the_names() {
        for share in [
            "service_level",
            "tiers[2].abandonment_rate",
            "sla_met",
            "classes[0].sla_met",
            "workforce.shrinkage_break",
            "quality.cases.first_call_resolution",
            "walk_ins.target_met",
        ] {
            assert_eq!(range(share), Range::Share, "{share}");
            assert_eq!(unit(share), Unit::Share, "{share}");
        }
        assert_eq!(range("quality.experience.mean"), Range::Score);
        assert_eq!(range("quality.experience.model.base"), Range::NonNegative);
        assert_eq!(unit("wait_seconds.p90"), Unit::Seconds);
        assert_eq!(unit("workforce.mean_break_delay_seconds"), Unit::Seconds);
        assert_eq!(unit("costs.tiers[0].cost"), Unit::Money);
        assert_eq!(unit("costs.tiers[0].agent_hours"), Unit::Count);
        assert_eq!(unit("helpdesk.runarounds"), Unit::Count);
        assert_eq!(leaf("quality.experience.histogram[3]"), "histogram");
    }
}
