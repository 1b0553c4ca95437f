//! From key paths to places in the file, and back.
//!
//! Serde reports spans but not key paths; validation knows key paths but not
//! spans. This index of the spanned `toml_edit` document joins the two, so
//! every error can point at `file:line:col` and name the key.

use std::ops::Range;

use toml_edit::{Document, Item, Value};

use super::error::{ErrorKind, ScenarioError, backticked, did_you_mean};
use super::keys::{schema_path, table_keys};

/// One key or array element of the document.
#[derive(Debug, Clone)]
struct Entry {
    /// `time.duration`, `arrivals.profile[3]`.
    path: String,
    key_span: Option<Range<usize>>,
    value_span: Option<Range<usize>>,
}

/// Every key and array element of a parsed file with its spans.
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanIndex {
    entries: Vec<Entry>,
}

impl SpanIndex {
    /// Indexes a document parsed with `toml_edit::Document::parse`.
    pub(crate) fn new<S>(doc: &Document<S>) -> Self {
        let mut index = Self::default();
        index.walk_item("", doc.as_item());
        index
    }

    /// The span of the value at `path` (for a table, its `[header]`).
    pub(crate) fn value_span(&self, path: &str) -> Option<Range<usize>> {
        let entry = self.entries.iter().find(|e| e.path == path)?;
        entry.value_span.clone().or_else(|| entry.key_span.clone())
    }

    /// The key path of the innermost value whose span contains `span`.
    pub(crate) fn path_at(&self, span: &Range<usize>) -> Option<&str> {
        self.entries
            .iter()
            .filter(|e| {
                [&e.value_span, &e.key_span]
                    .into_iter()
                    .flatten()
                    .any(|s| s.start <= span.start && span.end <= s.end.max(s.start + 1))
            })
            .max_by_key(|e| e.path.len())
            .map(|e| e.path.as_str())
    }

    /// The first key that is not part of the format, as an error located at
    /// the key (`Location::Key` of its path; the loader resolves it).
    pub(crate) fn check_unknown_keys(&self) -> Result<(), (ScenarioError, Range<usize>)> {
        for entry in &self.entries {
            let (parent, key) = match entry.path.rsplit_once('.') {
                Some((parent, key)) => (parent, key),
                None => ("", entry.path.as_str()),
            };
            if key.contains('[') {
                continue;
            }
            let Some(valid) = table_keys(&schema_path(parent)) else {
                continue;
            };
            if valid.contains(&key) {
                continue;
            }
            let span = entry
                .key_span
                .clone()
                .or_else(|| entry.value_span.clone())
                .unwrap_or(0..0);
            let suggestion = did_you_mean(key, valid.iter().copied()).map(str::to_owned);
            return Err((unknown_key_error(parent, key, valid, suggestion), span));
        }
        Ok(())
    }

    fn push(
        &mut self,
        path: String,
        key_span: Option<Range<usize>>,
        value_span: Option<Range<usize>>,
    ) {
        self.entries.push(Entry {
            path,
            key_span,
            value_span,
        });
    }

    fn walk_item(&mut self, prefix: &str, item: &Item) {
        match item {
            Item::Table(table) => {
                for (name, _) in table.iter() {
                    if let Some((key, child)) = table.get_key_value(name) {
                        let path = join(prefix, name);
                        self.push(path.clone(), key.span(), child.span());
                        self.walk_item(&path, child);
                    }
                }
            }
            Item::ArrayOfTables(tables) => {
                for (i, table) in tables.iter().enumerate() {
                    let path = format!("{prefix}[{i}]");
                    self.push(path.clone(), None, table.span());
                    for (name, _) in table.iter() {
                        if let Some((key, child)) = table.get_key_value(name) {
                            let child_path = join(&path, name);
                            self.push(child_path.clone(), key.span(), child.span());
                            self.walk_item(&child_path, child);
                        }
                    }
                }
            }
            Item::Value(value) => self.walk_value(prefix, value),
            Item::None => {}
        }
    }

    fn walk_value(&mut self, prefix: &str, value: &Value) {
        match value {
            Value::InlineTable(table) => {
                for (name, _) in table.iter() {
                    if let Some((key, child)) = table.get_key_value(name) {
                        let path = join(prefix, name);
                        self.push(path.clone(), key.span(), child.span());
                        self.walk_item(&path, child);
                    }
                }
            }
            Value::Array(array) => {
                for (i, element) in array.iter().enumerate() {
                    let path = format!("{prefix}[{i}]");
                    self.push(path.clone(), None, element.span());
                    self.walk_value(&path, element);
                }
            }
            _ => {}
        }
    }
}

/// "unknown key `ratee_per_hour` in `[arrivals]`" with a did-you-mean (the
/// `suggestion`) and the list of valid keys of that table.
pub(crate) fn unknown_key_error(
    parent: &str,
    key: &str,
    valid: &[&str],
    suggestion: Option<String>,
) -> ScenarioError {
    let place = if parent.is_empty() {
        "at the top level".to_owned()
    } else if parent.ends_with(']') {
        format!("in `{parent}`")
    } else {
        format!("in `[{parent}]`")
    };
    let mut err = ScenarioError::new(
        ErrorKind::UnknownKey,
        format!("unknown key `{key}` {place}"),
    )
    .with_label("not part of the scenario format");
    if let Some(close) = suggestion {
        err = err.with_help(format!("did you mean `{close}`?"));
    }
    err.with_help(format!("valid keys {place}: {}", backticked(valid)))
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// `a.b[3]` → `a.b`, `a.b` → `a`, `a` → `""`: the enclosing table or array.
pub(crate) fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> SpanIndex {
        SpanIndex::new(&Document::parse(text).unwrap())
    }

    #[test]
    fn finds_values_tables_and_elements() {
        let text = "name = \"x\"\n[time]\nduration = \"8h\"\n[arrivals]\nprofile = [1, 2, 3]\n";
        let idx = index(text);
        let at = |p: &str| idx.value_span(p).map(|s| &text[s]);
        assert_eq!(at("name"), Some("\"x\""));
        assert_eq!(at("time.duration"), Some("\"8h\""));
        assert_eq!(at("arrivals.profile[2]"), Some("3"));
        assert_eq!(at("time"), Some("[time]"));
        assert_eq!(at("sla"), None);
        let span = idx.value_span("arrivals.profile[1]").unwrap();
        assert_eq!(idx.path_at(&span), Some("arrivals.profile[1]"));
    }

    #[test]
    fn indexes_dotted_and_inline_tables() {
        let text = "time.duration = \"8h\"\nagents = { count = 5 }\n";
        let idx = index(text);
        assert_eq!(
            idx.value_span("time.duration").map(|s| &text[s]),
            Some("\"8h\"")
        );
        assert_eq!(idx.value_span("agents.count").map(|s| &text[s]), Some("5"));
    }

    #[test]
    fn reports_unknown_keys_with_a_suggestion() {
        let text = "[arrivals]\nratee_per_hour = 5\n";
        let (err, span) = index(text).check_unknown_keys().unwrap_err();
        assert_eq!(&text[span], "ratee_per_hour");
        assert!(
            err.message()
                .contains("unknown key `ratee_per_hour` in `[arrivals]`")
        );
        assert!(err.help()[0].contains("did you mean `rate_per_hour`?"));
        assert!(err.help()[1].contains("`profile_file`"));
    }

    #[test]
    fn parents() {
        assert_eq!(parent_path("arrivals.profile[3]"), Some("arrivals.profile"));
        assert_eq!(parent_path("time.duration"), Some("time"));
        assert_eq!(parent_path("seed"), Some(""));
        assert_eq!(parent_path(""), None);
    }
}
