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

use super::arrivals::ARRIVAL_SOURCES;
use super::distribution::applies;
use super::document::RawScenario;
use super::error::{ErrorKind, Location, ScenarioError, did_you_mean};
use super::keys::{DISTRIBUTION_TABLES, FREE_TABLES, TABLE_ARRAYS, all_key_paths, table_keys};
use super::locate::unknown_key_error;

/// One `--set key=value` flag: a key path (`agents.count`,
/// `tiers[0].agents` or `tiers.0.agents`) and a value, read as TOML when it
/// parses as TOML (`95`, `0.85`, `[1, 2]`, `"quoted"`), otherwise as a plain
/// string (`24h`, `lognormal`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// The path as errors name it: indices in brackets, `tiers[0].agents`.
    key: String,
    /// The path as the user wrote it, for showing the flag back.
    written: String,
    value: String,
}

/// One step of a key path: a table key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

impl Override {
    /// An override built in code (e.g. by a sweep), same as parsing `key=value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        let written = key.into().trim().to_owned();
        Self {
            key: bracket_indices(&written),
            written,
            value: value.into().trim().to_owned(),
        }
    }

    /// The key path, indices in brackets, e.g. `agents.count` or `tiers[0].agents`.
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
    fn checked_value(&self, steps: &[Step<'_>]) -> Result<Value, ScenarioError> {
        let value = self.toml_value();
        let Err(error) = deserialize(alone(steps, value.clone())) else {
            return Ok(value);
        };
        let text = Value::String(self.value.clone());
        if !value.is_str() && deserialize(alone(steps, text.clone())).is_ok() {
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

    /// Checks the key against the format; returns its steps.
    fn steps(&self) -> Result<Vec<Step<'_>>, ScenarioError> {
        let Some(steps) = parse_steps(&self.key) else {
            return Err(self
                .error(
                    ErrorKind::BadOverride,
                    format!("invalid key {:?}: a key path has an empty or malformed part", self.written),
                )
                .with_help("write dotted keys like `agents.count`, and list entries like `tiers[0].agents`"));
        };
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
        let not_a_table = |path: &str| {
            self.error(
                ErrorKind::BadOverride,
                format!("`{path}` is a value, not a table"),
            )
            .with_help(format!("write `--set {path}=VALUE`"))
        };
        // Walk the schema: `schema` is the path without indices, `shown` with.
        let mut schema = String::new();
        let mut shown = String::new();
        let mut leaf = false;
        let mut needs_index = false;
        for step in &steps {
            match *step {
                Step::Key(key) => {
                    if needs_index {
                        return Err(self
                            .error(
                                ErrorKind::BadOverride,
                                format!("`{shown}` is a list of tables: name the entry to change"),
                            )
                            .with_help(format!("e.g. `--set {}`", example_entry(&schema))));
                    }
                    let free = FREE_TABLES.contains(&schema.as_str());
                    if leaf {
                        return Err(not_a_table(&shown));
                    }
                    if !free {
                        let Some(valid) = table_keys(&schema) else {
                            return Err(not_a_table(&shown));
                        };
                        if !valid.contains(&key) {
                            return Err(unknown(&shown, key, valid));
                        }
                    }
                    for path in [&mut schema, &mut shown] {
                        if !path.is_empty() {
                            path.push('.');
                        }
                        path.push_str(key);
                    }
                    leaf = free
                        || !(table_keys(&schema).is_some()
                            || FREE_TABLES.contains(&schema.as_str()));
                    needs_index = TABLE_ARRAYS.contains(&schema.as_str());
                }
                Step::Index(i) => {
                    needs_index = false;
                    shown.push_str(&format!("[{i}]"));
                }
            }
        }
        if TABLE_ARRAYS.contains(&schema.as_str()) && matches!(steps.last(), Some(Step::Key(_))) {
            return Err(self
                .error(
                    ErrorKind::BadOverride,
                    format!("`{schema}` is a list of tables: set one field of one entry"),
                )
                .with_help(format!("e.g. `--set {}`", example_entry(&schema))));
        }
        Ok(steps)
    }
}

/// `tiers.0.agents` → `tiers[0].agents`: one spelling for list entries, the
/// one error messages use.
fn bracket_indices(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    for (i, part) in key.split('.').enumerate() {
        let part = part.trim();
        if i > 0 && !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(part);
            out.push(']');
        } else {
            if i > 0 {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// Splits `tiers[0].resolve.basic` into steps; `None` if a part is empty or
/// a bracket is malformed.
fn parse_steps(key: &str) -> Option<Vec<Step<'_>>> {
    let mut steps = Vec::new();
    for part in key.split('.') {
        let (name, mut rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if name.is_empty() {
            return None;
        }
        steps.push(Step::Key(name));
        if !rest.is_empty() {
            rest = &part[name.len()..];
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let (index, after) = inner.split_once(']')?;
            steps.push(Step::Index(index.parse().ok()?));
            rest = after;
        }
        if !rest.is_empty() {
            return None;
        }
    }
    Some(steps)
}

fn example_entry(array: &str) -> &'static str {
    if array == "tiers" {
        "tiers[0].agents=12"
    } else {
        "priorities[0].share=0.2"
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
        write!(f, "--set {}={}", self.written, self.value)
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
        let steps = ov.steps()?;
        if let [Step::Key("arrivals"), Step::Key(source)] = steps.as_slice()
            && ARRIVAL_SOURCES.contains(source)
        {
            if let Some(earlier) = sources.filter(|e| e.key != ov.key) {
                return Err(ov.error(
                    ErrorKind::Conflict,
                    format!("`{earlier}` and `{ov}` both set the arrival rate: expected only one"),
                ));
            }
            sources = Some(ov);
            // The new source replaces the file's: drop its alternatives
            // (the scale still applies to it).
            if let Some(Value::Table(arrivals)) = table.get_mut("arrivals") {
                arrivals.retain(|k, _| k == *source || k == "scale");
            }
        }
        if let Some(Step::Key("agents")) = steps.first()
            && !table.contains_key("agents")
            && let Some(err) = agents_elsewhere(&table, ov)
        {
            return Err(err);
        }
        let value = ov.checked_value(&steps)?;
        set(&mut table, &steps, value, ov)?;
    }
    prune_distribution_params(&mut table, overrides);
    deserialize(table).map_err(|e| ScenarioError::from_serde(e.message(), None))
}

/// `--set agents.count=25` on a file whose agents come from its shifts or
/// tiers (it has no `[agents]`): says which keys set them there, instead of
/// creating an `[agents]` table the file cannot have.
fn agents_elsewhere(table: &Table, ov: &Override) -> Option<ScenarioError> {
    let count = |key: &str| match table.get(key) {
        Some(Value::Array(entries)) => Some(entries.len()),
        _ => None,
    };
    let value = ov.value();
    let (source, examples) = if let Some(n) = count("shifts") {
        let what = format!("its {n} `[[shifts]]` groups");
        let tiers = if table.contains_key("tiers") {
            " (with tiers, a shift's `agents` may be a list with one count per tier)"
        } else {
            ""
        };
        (
            what,
            format!(
                "set a shift group's agents, e.g. `--set shifts[0].agents={value}`{tiers}; \
                 the shifts are numbered from 0 in the order of the file"
            ),
        )
    } else if let Some(n) = count("tiers") {
        (
            format!("its {n} `[[tiers]]`"),
            format!(
                "set a tier's agents, e.g. `--set tiers[0].agents={value}` for the first tier; \
                 the tiers are numbered from 0 in the order of the file"
            ),
        )
    } else {
        return None;
    };
    Some(
        ov.error(
            ErrorKind::Conflict,
            format!("this scenario has no `[agents]`: its agents come from {source}"),
        )
        .with_help(examples),
    )
}

/// A table holding only `value` at `steps` (a list index becomes a
/// one-entry list): every field of the schema is optional, so it
/// deserializes exactly when `value` has the right type.
fn alone(steps: &[Step<'_>], value: Value) -> Table {
    let nested = steps.iter().rev().fold(value, |inner, step| match step {
        Step::Key(key) => Value::Table(Table::from_iter([((*key).to_owned(), inner)])),
        Step::Index(_) => Value::Array(vec![inner]),
    });
    match nested {
        Value::Table(table) => table,
        _ => Table::new(),
    }
}

fn deserialize(table: Table) -> Result<RawScenario, toml::de::Error> {
    RawScenario::deserialize(Value::Table(table))
}

/// Writes `value` at `steps`, creating missing tables; list entries must
/// already exist (a flag changes a tier, it does not invent one).
fn set(
    table: &mut Table,
    steps: &[Step<'_>],
    value: Value,
    ov: &Override,
) -> Result<(), ScenarioError> {
    let mut current = Value::Table(std::mem::take(table));
    let result = set_in(&mut current, steps, value, ov, String::new());
    if let Value::Table(t) = current {
        *table = t;
    }
    result
}

fn set_in(
    current: &mut Value,
    steps: &[Step<'_>],
    value: Value,
    ov: &Override,
    shown: String,
) -> Result<(), ScenarioError> {
    let Some((step, rest)) = steps.split_first() else {
        *current = value;
        return Ok(());
    };
    let kind = current.type_str();
    match (step, current) {
        (Step::Key(key), Value::Table(t)) => {
            let child = t
                .entry((*key).to_owned())
                .or_insert_with(|| match rest.first() {
                    Some(Step::Index(_)) => Value::Array(Vec::new()),
                    _ => Value::Table(Table::new()),
                });
            let path = if shown.is_empty() {
                (*key).to_owned()
            } else {
                format!("{shown}.{key}")
            };
            set_in(child, rest, value, ov, path)
        }
        (Step::Index(i), Value::Array(items)) => {
            let len = items.len();
            let Some(item) = items.get_mut(*i) else {
                let have = match len {
                    0 => format!("`{shown}` has no entries"),
                    1 => format!("`{shown}` has one entry, `{shown}[0]`"),
                    n => format!(
                        "`{shown}` has {n} entries, `{shown}[0]` to `{shown}[{}]`",
                        n - 1
                    ),
                };
                return Err(ov
                    .error(
                        ErrorKind::BadOverride,
                        format!("cannot set `{}`: {have}", ov.key),
                    )
                    .with_help(
                        "--set changes entries the scenario file has; add new ones in the file",
                    ));
            };
            set_in(item, rest, value, ov, format!("{shown}[{i}]"))
        }
        (_, _) => Err(ov.error(
            ErrorKind::BadOverride,
            format!(
                "cannot set `{}`: `{shown}` in the scenario file is a {kind}, not a {}",
                ov.key,
                if matches!(step, Step::Index(_)) {
                    "list"
                } else {
                    "table"
                }
            ),
        )),
    }
}

/// After `--set X.distribution=NEW`, drops the file's parameters of `[X]`
/// that do not apply to `NEW` (a lognormal's `cv` when switching to
/// exponential), unless a flag set them too.
fn prune_distribution_params(table: &mut Table, overrides: &[Override]) {
    for name in DISTRIBUTION_TABLES {
        if !overrides
            .iter()
            .any(|o| o.key == format!("{name}.distribution"))
        {
            continue;
        }
        let mut dist = Some(&mut *table);
        for part in name.split('.') {
            dist = match dist.and_then(|t| t.get_mut(part)) {
                Some(Value::Table(t)) => Some(t),
                _ => None,
            };
        }
        let Some(dist) = dist else {
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
        // Every distribution table, not only the phones' own.
        let file = "[tickets.work]\ndistribution = \"gamma\"\nmean = \"15m\"\ncv = 0.5\n";
        let raw = apply(file, &["tickets.work.distribution=constant"]).unwrap();
        assert_eq!(raw.tickets.unwrap().work.unwrap().cv, None);
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
