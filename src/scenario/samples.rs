//! Observed durations for `distribution = "empirical"`, read from CSV.
//!
//! Call-center systems export handle times as a column of numbers; the file
//! needs a header row and either a `seconds` column or exactly one column.

use super::limits::MAX_DURATION_SECONDS;
use std::path::Path;
use std::sync::Arc;

use super::csvfile::CsvFile;
use super::error::{ErrorKind, ScenarioError};

const COLUMN: &str = "seconds";

/// Reads samples (seconds, each finite and >= 0, at least one) from
/// `relative`, resolved against `base_dir`; `key` is the scenario key that
/// named the file (e.g. `handle_time.file`).
pub(crate) fn read_samples(
    base_dir: &Path,
    relative: &str,
    key: &str,
) -> Result<Arc<[f64]>, ScenarioError> {
    let file = CsvFile::read(base_dir, relative, key, "samples file")?;
    let column = match (file.column(COLUMN), file.headers.len()) {
        (Some(c), _) => c,
        (None, 1) => 0,
        (None, _) => {
            let err = file.header_error(
                "samples file has several columns but none named `seconds`: expected a `seconds` column or a single column",
            );
            return Err(file.with_column_hints(err, &[COLUMN]));
        }
    };
    let name = file.headers.get(column).map_or(COLUMN, String::as_str);
    let mut samples = Vec::with_capacity(file.rows.len());
    for (row, record) in file.rows.iter().enumerate() {
        let cell = record.get(column).unwrap_or_default();
        match cell.parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=MAX_DURATION_SECONDS).contains(&v) => samples.push(v),
            _ => {
                let message = format!(
                    "invalid sample {cell:?} in column {name}: expected a number of seconds from 0 to {MAX_DURATION_SECONDS}"
                );
                return Err(file.cell_error(row, column, message));
            }
        }
    }
    if samples.is_empty() {
        return Err(ScenarioError::at_key(
            ErrorKind::InvalidValue,
            key,
            format!(
                "samples file {:?} has no data rows: expected at least one sample",
                file.name
            ),
        )
        .with_label("samples file named here"));
    }
    Ok(samples.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Arc<[f64]>, ScenarioError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.csv"), text).unwrap();
        read_samples(dir.path(), "s.csv", "handle_time.file")
    }

    #[test]
    fn reads_named_or_single_columns() {
        assert_eq!(
            &*read("agent,seconds\na,1.5\nb,300\n").unwrap(),
            &[1.5, 300.0]
        );
        assert_eq!(&*read("talk\n0\n42\n").unwrap(), &[0.0, 42.0]);
    }

    #[test]
    fn rejects_bad_samples_and_empty_files() {
        let err = read("seconds\n10\n-3\n").unwrap_err();
        assert!(err.location().unwrap().ends_with("s.csv:3:1"), "{err}");
        assert!(
            err.message()
                .contains(r#"invalid sample "-3" in column seconds"#),
            "{err}"
        );
        let err = read("seconds\n").unwrap_err();
        assert!(err.message().contains("no data rows"), "{err}");
        let err = read("a,b\n1,2\n").unwrap_err();
        assert!(err.message().contains("none named `seconds`"), "{err}");
    }
}
