//! Reading the small CSV files a scenario names (profiles, samples), keeping
//! enough of the text to point at `file.csv:LINE:COL` when a cell is wrong.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use csv::StringRecord;

use super::error::{ErrorKind, Location, ScenarioError, backticked, did_you_mean, line_col};
use super::load::read_text;

/// A CSV file read whole: header, rows, and its text for error rendering.
#[derive(Debug)]
pub(crate) struct CsvFile {
    /// The path as shown to the user (scenario directory joined with the
    /// path written in the scenario).
    pub name: String,
    text: Arc<str>,
    pub headers: Vec<String>,
    pub rows: Vec<StringRecord>,
    delimiter: u8,
}

impl CsvFile {
    /// Reads `relative` (resolved against `base_dir`). `key` is the scenario
    /// key that named the file, where a missing file is reported; `what`
    /// names the file in messages (`"profile file"`).
    pub(crate) fn read(
        base_dir: &Path,
        relative: &str,
        key: &str,
        what: &str,
    ) -> Result<Self, ScenarioError> {
        Self::read_with(base_dir, relative, key, what, b',')
    }

    /// [`read`](Self::read) with another field separator (`;` in many
    /// European exports).
    pub(crate) fn read_with(
        base_dir: &Path,
        relative: &str,
        key: &str,
        what: &str,
        delimiter: u8,
    ) -> Result<Self, ScenarioError> {
        let path = base_dir.join(relative);
        let name = path.display().to_string();
        let text: Arc<str> = read_text(&path, &name, what)
            .map_err(|e| {
                if e.kind() != ErrorKind::Io {
                    return e;
                }
                ScenarioError::at_key(ErrorKind::Io, key, e.message())
                    .with_help_all(e.help())
                    .with_label(format!("{what} named here"))
                    .with_help(format!(
                        "relative paths are resolved from the scenario file's folder{}",
                        if base_dir.as_os_str().is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", base_dir.display())
                        }
                    ))
            })?
            .into();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut file = Self {
            name,
            text: text.clone(),
            headers: Vec::new(),
            rows: Vec::new(),
            delimiter,
        };
        let headers = reader.headers().map_err(|e| file.csv_error(&e, true))?;
        file.headers = headers.iter().map(str::to_owned).collect();
        if file.headers.iter().all(String::is_empty) {
            return Err(file.header_error(format!(
                "{what} {:?} is empty: expected a header row",
                file.name
            )));
        }
        for record in reader.records() {
            file.rows
                .push(record.map_err(|e| file.csv_error(&e, false))?);
        }
        Ok(file)
    }

    /// The index of the column named `name`, if present.
    pub(crate) fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// An error about the header row, with a suggestion when a column name
    /// is close to one of `expected`.
    pub(crate) fn header_error(&self, message: impl Into<String>) -> ScenarioError {
        let end = self.text.find(['\r', '\n']).unwrap_or(self.text.len());
        self.error_at(0..end, message)
    }

    /// Adds "did you mean" for a header close to `wanted`, then lists the columns found.
    pub(crate) fn with_column_hints(
        &self,
        mut err: ScenarioError,
        wanted: &[&str],
    ) -> ScenarioError {
        for header in &self.headers {
            if let Some(close) =
                did_you_mean(header, wanted.iter().copied()).filter(|c| c != header)
            {
                err = err.with_help(format!("column `{header}`: did you mean `{close}`?"));
            }
        }
        let found: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        err.with_help(format!("columns found: {}", backticked(&found)))
    }

    /// An error about one cell: `row` indexes `rows`, `column` the fields.
    /// It shows the cell and its column, never the other cells of the row.
    pub(crate) fn cell_error(
        &self,
        row: usize,
        column: usize,
        message: impl Into<String>,
    ) -> ScenarioError {
        let start = self
            .rows
            .get(row)
            .and_then(|r| r.position())
            .map_or(0, |p| p.byte() as usize);
        let field = field_span(&self.text, start, column, self.delimiter);
        let cell = self.text.get(field.clone()).unwrap_or_default();
        ScenarioError::new(ErrorKind::Csv, message).located(Location::Cell {
            place: self.place(field.start),
            column: self.headers.get(column).cloned().unwrap_or_default(),
            cell: cell.trim_matches('"').to_owned(),
        })
    }

    /// `file.csv:LINE:COL` of a byte offset.
    fn place(&self, offset: usize) -> String {
        let (line, col) = line_col(&self.text, offset);
        format!("{}:{line}:{col}", self.name)
    }

    /// A malformed row; `header` says whether it is the header row.
    fn csv_error(&self, error: &csv::Error, header: bool) -> ScenarioError {
        let start = error.position().map_or(0, |p| p.byte() as usize);
        let end = self
            .text
            .get(start..)
            .and_then(|rest| rest.find(['\r', '\n']))
            .map_or(self.text.len(), |i| start + i);
        let message = match error.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("row has {len} fields, expected {expected_len} like the header row")
            }
            csv::ErrorKind::Utf8 { .. } => "the file is not valid UTF-8 text".to_owned(),
            _ => format!("malformed CSV: {error}"),
        };
        if header {
            // Column names: safe to show.
            return self.error_at(start..end, message);
        }
        // A data row: its place only, never its cells.
        ScenarioError::new(ErrorKind::Csv, message).located(Location::File(self.place(start)))
    }

    fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        ScenarioError::new(ErrorKind::Csv, message).located(Location::Span {
            name: self.name.clone(),
            text: self.text.clone(),
            span,
        })
    }
}

/// The byte span of field `column` of the record starting at byte `start`,
/// honouring double quotes (a field that cannot be found spans nothing at
/// the record start).
fn field_span(text: &str, start: usize, column: usize, delimiter: u8) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut i, mut field, mut field_start, mut quoted) = (start.min(bytes.len()), 0, start, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b if b == delimiter && !quoted => {
                if field == column {
                    return trim_span(text, field_start..i);
                }
                field += 1;
                field_start = i + 1;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    if field == column {
        trim_span(text, field_start..i)
    } else {
        start..start
    }
}

fn trim_span(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(slice) = text.get(span.clone()) else {
        return span;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    span.start + lead..span.start + lead + trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_spans_skip_quoted_commas() {
        let text = "a,b,c\n1, \"x,y\" ,3\n";
        assert_eq!(&text[field_span(text, 6, 0, b',')], "1");
        assert_eq!(&text[field_span(text, 6, 1, b',')], "\"x,y\"");
        assert_eq!(&text[field_span(text, 6, 2, b',')], "3");
        assert_eq!(field_span(text, 6, 7, b','), 6..6);
    }

    #[test]
    fn cell_errors_point_at_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("p.csv"),
            "interval_start,rate_per_hour\n08:00,12\n08:30,abc\n",
        )
        .unwrap();
        let file =
            CsvFile::read(dir.path(), "p.csv", "arrivals.profile_file", "profile file").unwrap();
        assert_eq!(file.rows.len(), 2);
        assert_eq!(file.column("rate_per_hour"), Some(1));
        let err = file.cell_error(1, 1, "invalid rate \"abc\"");
        assert!(err.location().unwrap().ends_with("p.csv:3:7"), "{err}");
        // The cell and its column, not the row (rows may hold personal data).
        let shown = err.to_string();
        assert!(
            shown.contains("column `rate_per_hour`, cell \"abc\""),
            "{shown}"
        );
        assert!(!shown.contains("08:30"), "{shown}");
    }

    #[test]
    fn missing_files_and_ragged_rows_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let err = CsvFile::read(dir.path(), "nope.csv", "k", "profile file").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Io);
        assert!(
            err.message().contains("cannot read profile file")
                && err.message().contains("nope.csv")
        );
        std::fs::write(dir.path().join("r.csv"), "a,b\n1,2\n3\n").unwrap();
        let err = CsvFile::read(dir.path(), "r.csv", "k", "profile file").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Csv);
        assert!(err.location().unwrap().ends_with("r.csv:3:1"), "{err}");
        std::fs::write(dir.path().join("e.csv"), "").unwrap();
        let err = CsvFile::read(dir.path(), "e.csv", "k", "profile file").unwrap_err();
        assert!(err.message().contains("is empty"), "{err}");
    }
}
