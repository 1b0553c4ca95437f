//! `--set key=value`: changing any field of a scenario from the command line,
//! so scripts and sweeps never rewrite files.
//!
//! Overrides are applied to the parsed TOML *before* deserializing, so an
//! overridden value goes through exactly the same checks as one in the file,
//! and every error it causes is reported against the flag.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use toml::{Table, Value};

use super::distribution::applies;
use super::error::{ErrorKind, Location, ScenarioError, did_you_mean};
use super::locate::unknown_key_error;
use super::schema::{ARRIVAL_SOURCES, RawScenario, all_key_paths, table_keys};

/// One `--set key=value` flag: a dotted key path (`agents.count`) and a
/// value, read as TOML when it parses as TOML (`95`, `0.85`, `[1, 2]`,
/// `"quoted"`), otherwise as a plain string (`24h`, `lognormal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    key: String,
    value: String,
}

impl Override {
    /// An override built in code (e.g. by a sweep), same as parsing `key=value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            key: key.into().trim().to_owned(),
            value: value.into().trim().to_owned(),
        }
    }

    /// The dotted key path, e.g. `agents.count`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value as written, e.g. `95`.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The value as TOML: a TOML literal if it is one, else a string. Date
    /// and time literals stay strings (`08:00` is a clock time for us).
    fn toml_value(&self) -> Value {
        let text = format!("value = {}", self.value);
        match toml::from_str::<Table>(&text) {
            Ok(mut table) if table.len() == 1 => match table.remove("value") {
                Some(Value::Datetime(_)) | None => Value::String(self.value.clone()),
                Some(value) => value,
            },
            _ => Value::String(self.value.clone()),
        }
    }

    /// The value to write, checked on its own against the schema so a type
    /// error is blamed on this flag. A TOML literal of the wrong type falls
    /// back to the plain string (`--set name=2024` is the name "2024").
    fn checked_value(&self, segments: &[&str]) -> Result<Value, ScenarioError> {
        let value = self.toml_value();
        let Err(error) = deserialize(alone(segments, value.clone())) else {
            return Ok(value);
        };
        let text = Value::String(self.value.clone());
        if !value.is_str() && deserialize(alone(segments, text.clone())).is_ok() {
            return Ok(text);
        }
        Err(ScenarioError::from_serde(error.message(), Some(self.key())).located(self.flag()))
    }

    fn flag(&self) -> Location {
        Location::Flag(self.to_string())
    }

    fn error(&self, kind: ErrorKind, message: impl Into<String>) -> ScenarioError {
        ScenarioError::new(kind, message).located(self.flag())
    }

    /// Whether this override wrote the value at `path` (or a table holding it).
    pub(crate) fn covers(&self, path: &str) -> bool {
        path.strip_prefix(self.key.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
    }

    /// Checks the key against the format; returns its segments.
    fn segments(&self) -> Result<Vec<&str>, ScenarioError> {
        let segments: Vec<&str> = self.key.split('.').map(str::trim).collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(self
                .error(
                    ErrorKind::BadOverride,
                    format!("invalid key {:?}: a key path has an empty part", self.key),
                )
                .with_help("write dotted keys like `agents.count`"));
        }
        // Suggest a whole path (`agent.count` -> `agents.count`), else a
        // sibling of the misspelt key.
        let unknown = |parent: &str, key: &str, valid: &[&str]| {
            let paths = all_key_paths();
            let suggestion = did_you_mean(&self.key, paths.iter().map(String::as_str))
                .map(str::to_owned)
                .or_else(|| {
                    let close = did_you_mean(key, valid.iter().copied())?;
                    Some(if parent.is_empty() {
                        close.to_owned()
                    } else {
                        format!("{parent}.{close}")
                    })
                });
            unknown_key_error(parent, key, valid, suggestion).located(self.flag())
        };
        let top = table_keys("").unwrap_or_default();
        if !top.contains(&segments[0]) {
            return Err(unknown("", segments[0], top));
        }
        let Some(second) = segments.get(1) else {
            return Ok(segments);
        };
        let Some(keys) = table_keys(segments[0]) else {
            return Err(self
                .error(
                    ErrorKind::BadOverride,
                    format!("`{}` is a value, not a table", segments[0]),
                )
                .with_help(format!("write `--set {}=VALUE`", segments[0])));
        };
        if !keys.contains(second) {
            return Err(unknown(segments[0], second, keys));
        }
        if segments.len() > 2 {
            let path = segments[..2].join(".");
            return Err(self
                .error(
                    ErrorKind::BadOverride,
                    format!("`{path}` is a value, not a table"),
                )
                .with_help(format!("write `--set {path}=VALUE`")));
        }
        Ok(segments)
    }
}

impl FromStr for Override {
    type Err = String;

    /// Parses `key=value` (the text after `--set`).
    fn from_str(s: &str) -> Result<Self, String> {
        let expected = "expected KEY=VALUE, e.g. `agents.count=95` or `time.duration=24h`";
        let Some((key, value)) = s.split_once('=') else {
            return Err(format!("invalid --set {s:?}: no '=' found; {expected}"));
        };
        if key.trim().is_empty() {
            return Err(format!(
                "invalid --set {s:?}: the key before '=' is empty; {expected}"
            ));
        }
        Ok(Self::new(key, value))
    }
}

impl fmt::Display for Override {
    /// The flag as the user wrote it: `--set agents.count=95`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--set {}={}", self.key, self.value)
    }
}

/// Applies `overrides` in order to the file's `table` and deserializes the
/// result. Any error is located at the flag responsible.
pub(crate) fn apply_overrides(
    mut table: Table,
    overrides: &[Override],
) -> Result<RawScenario, ScenarioError> {
    let mut sources: Option<&Override> = None;
    for ov in overrides {
        let segments = ov.segments()?;
        if segments[0] == "arrivals"
            && segments.len() == 2
            && ARRIVAL_SOURCES.contains(&segments[1])
        {
            if let Some(earlier) = sources.filter(|e| e.key != ov.key) {
                return Err(ov.error(
                    ErrorKind::Conflict,
                    format!("`{earlier}` and `{ov}` both set the arrival rate: expected only one"),
                ));
            }
            sources = Some(ov);
            // The new source replaces the file's: drop its alternatives.
            if let Some(Value::Table(arrivals)) = table.get_mut("arrivals") {
                arrivals.retain(|k, _| k == segments[1]);
            }
        }
        let value = ov.checked_value(&segments)?;
        set(&mut table, &segments, value, ov)?;
    }
    prune_distribution_params(&mut table, overrides);
    deserialize(table).map_err(|e| ScenarioError::from_serde(e.message(), None))
}

/// A table holding only `value` at `segments`: every field of the schema is
/// optional, so it deserializes exactly when `value` has the right type.
fn alone(segments: &[&str], value: Value) -> Table {
    let nested = segments.iter().rev().fold(value, |inner, segment| {
        Value::Table(Table::from_iter([((*segment).to_owned(), inner)]))
    });
    match nested {
        Value::Table(table) => table,
        _ => Table::new(),
    }
}

fn deserialize(table: Table) -> Result<RawScenario, toml::de::Error> {
    RawScenario::deserialize(Value::Table(table))
}

fn set(
    table: &mut Table,
    segments: &[&str],
    value: Value,
    ov: &Override,
) -> Result<(), ScenarioError> {
    let Some((last, parents)) = segments.split_last() else {
        return Ok(());
    };
    let mut current = table;
    for (depth, segment) in parents.iter().enumerate() {
        let entry = current
            .entry(segment.to_string())
            .or_insert_with(|| Value::Table(Table::new()));
        let Value::Table(next) = entry else {
            let path = segments[..=depth].join(".");
            return Err(ov.error(
                ErrorKind::BadOverride,
                format!(
                    "cannot set `{}`: `{path}` in the scenario file is a {}, not a table",
                    ov.key,
                    entry.type_str()
                ),
            ));
        };
        current = next;
    }
    current.insert(last.to_string(), value);
    Ok(())
}

/// After `--set X.distribution=NEW`, drops the file's parameters of `[X]`
/// that do not apply to `NEW` (a lognormal's `cv` when switching to
/// exponential), unless a flag set them too.
fn prune_distribution_params(table: &mut Table, overrides: &[Override]) {
    for name in ["handle_time", "patience", "wrap_up"] {
        if !overrides
            .iter()
            .any(|o| o.key == format!("{name}.distribution"))
        {
            continue;
        }
        let Some(Value::Table(dist)) = table.get_mut(name) else {
            continue;
        };
        let Some(Value::String(kind)) = dist.get("distribution").cloned() else {
            continue;
        };
        dist.retain(|param, _| {
            applies(param, &kind) || overrides.iter().any(|o| o.key == format!("{name}.{param}"))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ov(s: &str) -> Override {
        s.parse().unwrap()
    }

    fn apply(file: &str, flags: &[&str]) -> Result<RawScenario, ScenarioError> {
        let flags: Vec<Override> = flags.iter().map(|f| ov(f)).collect();
        apply_overrides(toml::from_str(file).unwrap(), &flags)
    }

    #[test]
    fn parses_flags() {
        let o = ov(" agents.count = 95 ");
        assert_eq!((o.key(), o.value()), ("agents.count", "95"));
        assert_eq!(o.to_string(), "--set agents.count=95");
        assert_eq!(ov("a=b=c").value(), "b=c");
        assert!(
            "agents.count"
                .parse::<Override>()
                .unwrap_err()
                .contains("no '='")
        );
        assert!(
            "=5".parse::<Override>()
                .unwrap_err()
                .contains("key before '=' is empty")
        );
    }

    #[test]
    fn values_are_toml_or_strings() {
        assert_eq!(ov("k=95").toml_value(), Value::Integer(95));
        assert_eq!(
            ov("k=[1, 2]").toml_value(),
            Value::Array(vec![Value::Integer(1), Value::Integer(2)])
        );
        assert_eq!(ov("k=\"x y\"").toml_value(), Value::String("x y".into()));
        assert_eq!(ov("k=24h").toml_value(), Value::String("24h".into()));
        assert_eq!(ov("k=08:00").toml_value(), Value::String("08:00".into()));
        assert_eq!(ov("k=1\nj=2").toml_value(), Value::String("1\nj=2".into()));
    }

    #[test]
    fn creates_tables_and_replaces_arrival_sources() {
        let raw = apply(
            "[arrivals]\nprofile = [1, 2]\n",
            &["patience.mean=90s", "arrivals.rate_per_hour=500"],
        )
        .unwrap();
        assert_eq!(raw.patience.unwrap().mean.map(|m| m.0), Some(90.0));
        let arrivals = raw.arrivals.unwrap();
        assert_eq!(
            (arrivals.rate_per_hour, arrivals.profile),
            (Some(500.0), None)
        );
    }

    #[test]
    fn switching_distribution_drops_parameters_that_no_longer_apply() {
        let file = "[handle_time]\ndistribution = \"lognormal\"\nmean = \"5m\"\ncv = 0.5\n";
        let raw = apply(file, &["handle_time.distribution=exponential"]).unwrap();
        assert_eq!(raw.handle_time.unwrap().cv, None);
    }

    #[test]
    fn a_bad_file_value_fixed_by_a_later_flag_is_not_blamed_on_an_earlier_one() {
        let raw = apply(
            "[agents]\ncount = \"ninety\"\n",
            &["seed=3", "agents.count=9"],
        )
        .unwrap();
        assert_eq!(raw.agents.unwrap().count, Some(9));
    }

    #[test]
    fn literals_of_the_wrong_type_fall_back_to_strings() {
        assert_eq!(
            apply("", &["name=2024"]).unwrap().name.as_deref(),
            Some("2024")
        );
        let err = apply("", &["agents.count=1.5"]).unwrap_err();
        assert!(
            err.message().contains("found floating point `1.5`"),
            "{err}"
        );
    }

    #[test]
    fn errors_name_the_flag() {
        let err = apply("", &["agents.cout=95"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownKey);
        assert_eq!(err.location().as_deref(), Some("--set agents.cout=95"));
        assert!(
            err.help()
                .iter()
                .any(|h| h == "did you mean `agents.count`?"),
            "{err}"
        );
        let err = apply("", &["agent.count=95"]).unwrap_err();
        assert!(
            err.help()
                .iter()
                .any(|h| h == "did you mean `agents.count`?"),
            "{err}"
        );
        let err = apply("", &["time.duration=abc"]).unwrap_err();
        assert_eq!(err.location().as_deref(), Some("--set time.duration=abc"));
        assert!(err.message().contains("invalid duration \"abc\""), "{err}");
        let err = apply("", &["agents.count=ninety"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WrongType);
        assert!(
            err.message().contains("`agents.count`") && err.message().contains("whole number"),
            "{err}"
        );
        let err = apply("", &["seed.x=1"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BadOverride);
        let err = apply("", &["arrivals.profile=[1]", "arrivals.rate_per_hour=5"]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
    }
}
