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

use super::document::{RawScenario, Scenario, validate};
use super::error::{ErrorKind, Location, ScenarioError, io_words};
use super::limits::MAX_INPUT_BYTES;
use super::locate::{SpanIndex, parent_path};
use super::overrides::{Override, apply_overrides};

/// Reads and loads the scenario file at `path`; CSV files it names are
/// resolved from the file's folder.
pub fn load_file(path: &Path, overrides: &[Override]) -> Result<Scenario, ScenarioError> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown, "scenario file")?;
    let base_dir = path.parent().unwrap_or(Path::new(""));
    load_str(&text, &shown, base_dir, overrides)
}

/// Reads the text file at `path` (`shown` is its name in messages, `what`
/// says what it is: "scenario file", "profile file").
///
/// Only a regular file is read: a folder, a FIFO or a device (`/dev/zero`)
/// would block or never end, so they are refused at once, as is a file over
/// [`MAX_INPUT_BYTES`]. I/O failures are [`ErrorKind::Io`] errors without a
/// location, in plain words; text that is not UTF-8 is a
/// [`ErrorKind::Syntax`] error at the first invalid byte.
pub(crate) fn read_text(path: &Path, shown: &str, what: &str) -> Result<String, ScenarioError> {
    use std::io::Read;
    let cannot = |why: String| {
        ScenarioError::new(
            ErrorKind::Io,
            format!("cannot read {what} {shown:?}: {why}"),
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| cannot(io_words(&e)))?;
    if meta.is_dir() {
        return Err(cannot("it is a folder, not a file".into()));
    }
    if !meta.is_file() {
        return Err(
            cannot("not a regular file (a pipe, a socket or a device)".into())
                .with_help(format!("give the path of a {what} saved on disk")),
        );
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(cannot(format!(
            "it holds {} bytes: expected at most {} MiB",
            meta.len(),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| cannot(io_words(&e)))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(cannot(format!(
            "it holds more than {} MiB",
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    String::from_utf8(bytes).map_err(|e| not_utf8(e.as_bytes(), e.utf8_error(), shown, what))
}

/// A located error at the first byte of `bytes` that is not UTF-8.
fn not_utf8(bytes: &[u8], error: std::str::Utf8Error, shown: &str, what: &str) -> ScenarioError {
    let at = error.valid_up_to();
    // The text up to the bad byte is valid, so its offsets survive the
    // lossy decoding that lets the line be shown.
    let text: Arc<str> = String::from_utf8_lossy(bytes).into();
    let byte = bytes.get(at).copied().unwrap_or_default();
    ScenarioError::new(
        ErrorKind::Syntax,
        format!(
            "the {what} is not UTF-8 text: byte 0x{byte:02X} cannot start or continue a character"
        ),
    )
    .located(Location::Span {
        name: shown.to_owned(),
        text,
        span: at..at + 1,
    })
    .with_label("not UTF-8")
    .with_help("save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")")
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
    let mut scenario = validate(&raw, base_dir).map_err(|err| match err.location_ref() {
        Location::Key(path) => {
            let location = locate_key(path, &index, overrides, &source);
            err.located(location)
        }
        _ => err,
    })?;
    // `target = -0.0` is 0, and must never be shown as "SLA -0 %".
    scenario.sla.target += 0.0;
    Ok(scenario)
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
