//! The loading pipeline: text → syntax check → key check → serde → `--set`
//! overrides → validation, each failure located as precisely as possible.
//!
//! The file is deserialized alone first, so its errors carry spans; overrides
//! are then applied to a plain TOML table and deserialized again, and errors
//! they cause are attributed to the flag.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use toml_edit::Document;

use super::error::{ErrorKind, Location, ScenarioError};
use super::locate::{SpanIndex, parent_path};
use super::overrides::{Override, apply_overrides};
use super::schema::RawScenario;
use super::types::Scenario;
use super::validate::validate;

/// Reads and loads the scenario file at `path`; CSV files it names are
/// resolved from the file's folder.
pub fn load_file(path: &Path, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        ScenarioError::new(
            ErrorKind::Io,
            format!("cannot read scenario file {shown:?}: {e}"),
        )
    })?;
    let base_dir = path.parent().unwrap_or(Path::new(""));
    load_str(&text, &shown, base_dir, overrides)
}

/// Loads a scenario from its text. `origin` is the name shown in errors (a
/// path or the built-in name); `base_dir` resolves relative CSV paths;
/// `overrides` are `--set` flags, applied in order.
pub fn load_str(
    text: &str,
    origin: &str,
    base_dir: &Path,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let source = Source {
        origin,
        text: text.into(),
    };
    let doc = Document::parse(text).map_err(|e| {
        let (message, detail) = split_syntax_message(e.message());
        let mut err = ScenarioError::new(ErrorKind::Syntax, message).located(source.at(e.span()));
        if let Some(detail) = detail {
            err = err.with_label(detail);
        }
        err.with_help("the scenario must be valid TOML: https://toml.io")
    })?;
    let index = SpanIndex::new(&doc);
    index
        .check_unknown_keys()
        .map_err(|(err, span)| err.located(source.at(Some(span))))?;
    let raw = match toml::from_str::<RawScenario>(text) {
        Ok(raw) if overrides.is_empty() => raw,
        Err(e) if overrides.is_empty() || !overridden(&index, e.span(), overrides) => {
            let key = e.span().and_then(|s| index.path_at(&s));
            return Err(ScenarioError::from_serde(e.message(), key).located(source.at(e.span())));
        }
        _ => {
            let table = toml::from_str(text).map_err(|e| {
                ScenarioError::new(ErrorKind::Syntax, e.message().to_owned())
                    .located(source.at(e.span()))
            })?;
            apply_overrides(table, overrides)?
        }
    };
    validate(&raw, base_dir).map_err(|err| match err.location_ref() {
        Location::Key(path) => {
            let location = locate_key(path, &index, overrides, &source);
            err.located(location)
        }
        _ => err,
    })
}

/// The scenario text and its name, for building locations.
struct Source<'a> {
    origin: &'a str,
    text: Arc<str>,
}

impl Source<'_> {
    fn at(&self, span: Option<Range<usize>>) -> Location {
        match span {
            Some(span) => Location::Span {
                name: self.origin.to_owned(),
                text: self.text.clone(),
                span,
            },
            None => Location::File(self.origin.to_owned()),
        }
    }
}

/// Whether the value at `span` is one a `--set` replaces (so its error in
/// the file does not matter).
fn overridden(index: &SpanIndex, span: Option<Range<usize>>, overrides: &[Override]) -> bool {
    let Some(path) = span.and_then(|s| index.path_at(&s)) else {
        return false;
    };
    overrides.iter().any(|o| o.covers(path))
}

/// Where the user should look for the value at `path`: the flag that set
/// it, its place in the file, or (when absent) the table that should hold
/// it, or the flag that created that table, or the file as a whole.
fn locate_key(
    path: &str,
    index: &SpanIndex,
    overrides: &[Override],
    source: &Source<'_>,
) -> Location {
    let flag = |o: &Override| Location::Flag(o.to_string());
    if let Some(o) = overrides.iter().rev().find(|o| o.covers(path)) {
        return flag(o);
    }
    if let Some(span) = index.value_span(path) {
        return source.at(Some(span));
    }
    let mut current = path;
    while let Some(parent) = parent_path(current).filter(|p| !p.is_empty()) {
        if let Some(span) = index.value_span(parent) {
            return source.at(Some(span));
        }
        if let Some(o) = overrides
            .iter()
            .rev()
            .find(|o| o.key().starts_with(&format!("{parent}.")))
        {
            return flag(o);
        }
        current = parent;
    }
    Location::File(source.origin.to_owned())
}

/// toml_edit's messages are `"invalid string\nexpected `\"`"`: a headline
/// and details, which go under the caret.
fn split_syntax_message(message: &str) -> (String, Option<String>) {
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let headline = lines.next().unwrap_or("invalid TOML").to_owned();
    let detail: Vec<&str> = lines.collect();
    (
        format!("invalid TOML: {headline}"),
        (!detail.is_empty()).then(|| detail.join("; ")),
    )
}
