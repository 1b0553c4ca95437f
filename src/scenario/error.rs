//! The one error type of scenario loading, and how it is shown to a user.
//!
//! Every message answers three questions: what is wrong (lowercase, the bad
//! value quoted), where (`file:line:col` with the source line and a caret, or
//! the `--set` flag), and what was expected, plus a hint when one helps.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Chars, Config};

/// What went wrong, so callers (and tests) can react without parsing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The scenario file (or a CSV it names) cannot be read: it is missing or
    /// unreadable. Fix the path, or the file's permissions.
    Io,
    /// The file is not valid TOML (unclosed quote, missing `=`, duplicate
    /// key, ...). Fix the syntax at the location shown.
    Syntax,
    /// A key (in the file or in a `--set`) is not part of the scenario format,
    /// usually a typo. Use one of the keys listed in the message.
    UnknownKey,
    /// A required table or key is absent (e.g. `[time]` or `agents.count`).
    /// Add it; the message shows an example.
    MissingKey,
    /// A value has the wrong TOML type (e.g. `count = "ninety"`). Write a
    /// value of the type named in the message.
    WrongType,
    /// A value has the right type but is impossible: a malformed duration, a
    /// negative rate, zero agents, a target above 1, a profile of the wrong
    /// length, an unknown distribution name. Change it to the range shown.
    InvalidValue,
    /// Keys that cannot be used together, or a parameter that does not apply
    /// (two arrival sources, `cv` on an exponential). Keep only one.
    Conflict,
    /// A row or column of a profile or samples CSV file is wrong; the location
    /// points into the CSV file. Fix that cell or the header.
    Csv,
    /// A `--set` flag is malformed (no `=`, empty key) or its path crosses a
    /// value that is not a table. Write it as `--set table.key=value`.
    BadOverride,
}

/// Where an error is, before and after the loader has resolved it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Location {
    /// No place to show (e.g. an unreadable file, whose path is in the message).
    Nowhere,
    /// A key path such as `arrivals.profile[3]`, not yet resolved to a place.
    Key(String),
    /// A file as a whole (the key is absent, so there is nothing to point at).
    File(String),
    /// A span of a file whose text we hold.
    Span {
        name: String,
        text: Arc<str>,
        span: Range<usize>,
    },
    /// A `--set key=value` flag, written as the user typed it.
    Flag(String),
    /// One cell of a data file (a forecast, profile or samples CSV):
    /// `file:line:col`, the column's name and the cell's text. Shown
    /// without the rest of its row, which may hold personal data (names,
    /// phone numbers) that a message must not repeat.
    Cell {
        place: String,
        column: String,
        cell: String,
    },
}

/// A scenario that could not be loaded, with everything needed to tell the
/// user what to change.
///
/// `Display` renders the complete multi-line message (starting with
/// `error: `, no colour) that a command-line tool prints to stderr as is.
///
/// Boxed: errors are rare and results are passed around a lot.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError(Box<Details>);

#[derive(Debug, Clone, PartialEq)]
struct Details {
    kind: ErrorKind,
    message: String,
    location: Location,
    label: Option<String>,
    help: Vec<String>,
}

impl ScenarioError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self(Box::new(Details {
            kind,
            message: message.into(),
            location: Location::Nowhere,
            label: None,
            help: Vec::new(),
        }))
    }

    /// An error about the value at a key path, resolved to a place by the loader.
    pub(crate) fn at_key(
        kind: ErrorKind,
        key: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(kind, message).located(Location::Key(key.into()))
    }

    /// Turns serde's message (`invalid type: string "x", expected i64`) into
    /// one that names the key and says what to write; `key` is the path of
    /// the offending value when known. The location is left to the caller.
    pub(crate) fn from_serde(message: &str, key: Option<&str>) -> Self {
        let for_key = key.map(|k| format!(" for `{k}`")).unwrap_or_default();
        if let Some((found, expected)) = message
            .strip_prefix("invalid type: ")
            .and_then(|rest| rest.split_once(", expected "))
        {
            let expected = plain_type(expected);
            return Self::new(
                ErrorKind::WrongType,
                format!("wrong type{for_key}: expected {expected}, found {found}"),
            )
            .with_label(format!("expected {expected}"));
        }
        if let Some((_, expected)) = message
            .strip_prefix("invalid length ")
            .and_then(|rest| rest.split_once(", expected "))
            && expected.starts_with("struct ")
        {
            // `--set sla=[1]`: an array where a table belongs. serde names
            // the Rust struct; the user wrote neither.
            return Self::new(
                ErrorKind::WrongType,
                format!("wrong type{for_key}: expected a table, found an array"),
            )
            .with_label("expected a table")
            .with_help(format!(
                "set one key of the table at a time, e.g. `--set {}.KEY=VALUE`",
                key.unwrap_or("TABLE")
            ));
        }
        let kind = if message.starts_with("unknown field") {
            ErrorKind::UnknownKey
        } else if message.starts_with("missing field") {
            ErrorKind::MissingKey
        } else {
            ErrorKind::InvalidValue
        };
        Self::new(kind, message)
    }

    pub(crate) fn located(mut self, location: Location) -> Self {
        self.0.location = location;
        self
    }

    /// A short note shown under the caret (rich rendering only).
    pub(crate) fn with_label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    /// A `help: ...` line; several may be added.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.0.help.push(help.into());
        self
    }

    /// Adds every hint of `help`, in order.
    pub(crate) fn with_help_all(mut self, help: &[String]) -> Self {
        self.0.help.extend(help.iter().cloned());
        self
    }

    pub(crate) fn location_ref(&self) -> &Location {
        &self.0.location
    }

    /// What went wrong, as a category.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The one-line description of the problem, without location or hints.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where the problem is: `file:line:col`, a file name, or the `--set`
    /// flag; `None` when the message itself names the place.
    pub fn location(&self) -> Option<String> {
        match &self.0.location {
            Location::Nowhere => None,
            Location::Key(key) => Some(format!("`{key}`")),
            Location::File(name) | Location::Flag(name) => Some(name.clone()),
            Location::Cell { place, .. } => Some(place.clone()),
            Location::Span { name, text, span } => {
                let (line, col) = line_col(text, span.start);
                Some(format!("{name}:{line}:{col}"))
            }
        }
    }

    /// Hints on how to fix the problem (e.g. "did you mean `rate_per_hour`?").
    pub fn help(&self) -> &[String] {
        &self.0.help
    }

    fn render_rich(&self, name: &str, text: &str, span: &Range<usize>) -> Option<String> {
        let file = SimpleFile::new(name, text);
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let mut label = Label::primary((), start..end);
        if let Some(note) = &self.0.label {
            label = label.with_message(note);
        }
        let diagnostic = Diagnostic::error()
            .with_message(&self.0.message)
            .with_labels(vec![label])
            .with_notes(self.0.help.iter().map(|h| format!("help: {h}")).collect());
        let config = Config {
            chars: Chars::ascii(),
            ..Config::default()
        };
        term::emit_into_string(&config, &file, &diagnostic).ok()
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Location::Span { name, text, span } = &self.0.location
            && let Some(rendered) = self.render_rich(name, text, span)
        {
            return f.write_str(rendered.trim_end());
        }
        write!(f, "error: {}", self.0.message)?;
        if let Some(place) = self.location() {
            write!(f, "\n  --> {place}")?;
        }
        if let Location::Cell { column, cell, .. } = &self.0.location {
            write!(
                f,
                "\n   | column `{column}`, cell {cell:?} (the rest of the row is not shown)"
            )?;
        }
        for help in &self.0.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

/// An I/O error in plain words ("no such file or directory", "permission
/// denied"), without the operating system's "(os error N)" suffix.
pub(crate) fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let words = match e.kind() {
        K::NotFound => "no such file or directory",
        K::PermissionDenied => "permission denied",
        K::IsADirectory => "it is a folder, not a file",
        K::NotADirectory => "a part of the path is not a folder",
        K::AlreadyExists => "it already exists",
        K::StorageFull => "no space left on the device",
        K::ReadOnlyFilesystem => "the file system is read-only",
        K::QuotaExceeded => "the disk quota is exceeded",
        K::FileTooLarge => "the file is too large",
        K::ResourceBusy => "the resource is busy",
        K::InvalidFilename => "the file name is too long or invalid",
        K::WouldBlock => "resource temporarily unavailable",
        K::BrokenPipe => "the reader closed the pipe",
        K::InvalidData => "the file is not UTF-8 text",
        _ => {
            let text = e.to_string();
            let text = match text.rfind(" (os error ") {
                Some(at) if text.ends_with(')') => text[..at].to_owned(),
                _ => text,
            };
            let mut chars = text.chars();
            return match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => "an input/output error".to_owned(),
            };
        }
    };
    words.to_owned()
}

/// Serde's type names in words a scenario author knows.
fn plain_type(expected: &str) -> &str {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "i128" => "a whole number",
        "u8" | "u16" | "u32" | "u64" | "u128" => "a whole number >= 0",
        "f32" | "f64" => "a number",
        "a sequence" => "an array, e.g. [100, 120]",
        "a string" => "a string in quotes",
        other if other.starts_with("struct ") => "a table",
        other => other,
    }
}

/// A value at `key` that is out of range or otherwise wrong.
pub(crate) fn invalid(key: &str, message: String) -> ScenarioError {
    ScenarioError::at_key(ErrorKind::InvalidValue, key, message)
}

/// A required key that is absent, with an example to add.
pub(crate) fn missing(key: &str, example: &str) -> ScenarioError {
    ScenarioError::at_key(
        ErrorKind::MissingKey,
        key,
        format!("missing required key `{key}`"),
    )
    .with_help(format!("add e.g. `{example}`"))
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest candidate to a misspelt name, if any is close enough to be a
/// plausible typo.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// `` `a`, `b`, `c` `` for listing valid names in messages.
pub(crate) fn backticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spanned(text: &str, span: Range<usize>) -> ScenarioError {
        ScenarioError::new(ErrorKind::InvalidValue, "invalid duration \"5x\"")
            .located(Location::Span {
                name: "s.toml".into(),
                text: text.into(),
                span,
            })
            .with_label("expected a duration")
            .with_help("write \"5m\"")
    }

    #[test]
    fn renders_source_line_and_caret() {
        let text = "name = \"x\"\nmean = \"5x\"\n";
        let err = spanned(text, 18..22);
        let shown = err.to_string();
        assert!(
            shown.starts_with("error: invalid duration \"5x\""),
            "{shown}"
        );
        assert!(shown.contains("s.toml:2:8"), "{shown}");
        assert!(shown.contains("mean = \"5x\""), "{shown}");
        assert!(shown.contains("^^^^ expected a duration"), "{shown}");
        assert!(shown.contains("help: write \"5m\""), "{shown}");
        assert_eq!(err.location().as_deref(), Some("s.toml:2:8"));
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let text = "é = 1";
        #[allow(clippy::reversed_empty_ranges)]
        for span in [0..100, 1..2, 50..60, 3..1] {
            let _ = spanned(text, span).to_string();
        }
    }

    #[test]
    fn renders_flags_and_files_plainly() {
        let err = ScenarioError::new(ErrorKind::UnknownKey, "unknown key `agents.cout`")
            .located(Location::Flag("--set agents.cout=95".into()))
            .with_help("did you mean `agents.count`?");
        assert_eq!(
            err.to_string(),
            "error: unknown key `agents.cout`\n  --> --set agents.cout=95\n  = help: did you mean `agents.count`?"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let keys = ["rate_per_hour", "profile", "profile_file"];
        assert_eq!(did_you_mean("ratee_per_hour", keys), Some("rate_per_hour"));
        assert_eq!(did_you_mean("profil", keys), Some("profile"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
