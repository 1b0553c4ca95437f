//! Arrival profiles from CSV: one row per reporting interval.
//!
//! Forecasts usually come out of a spreadsheet, so a profile can be a CSV
//! file with a `rate_per_hour` column (calls per hour) or a `calls` column
//! (calls in the interval). An optional `interval_start` column (`"HH:MM"`)
//! is checked against the scenario's clock, which catches files that are
//! shifted by a row or made for another interval length.
//!
//! A `calls` volume is converted with the full interval length, also for a
//! partial last interval: the file gives the rate the forecast implies, and
//! the simulation simply stops offering calls at close.

use std::path::Path;

use super::csvfile::CsvFile;
use super::duration::{DAY, format_clock, format_duration, parse_clock};
use super::error::{ErrorKind, ScenarioError};
use super::limits::MAX_RATE_PER_HOUR;
use super::time::TimeSpec;

const KEY: &str = "arrivals.profile_file";
const RATE: &str = "rate_per_hour";
const CALLS: &str = "calls";
const START: &str = "interval_start";

/// Reads the per-interval arrival rates (calls per hour) from `relative`,
/// resolved against `base_dir`, checking them against `time`.
pub(crate) fn read_profile(
    base_dir: &Path,
    relative: &str,
    time: &TimeSpec,
) -> Result<Vec<f64>, ScenarioError> {
    let file = CsvFile::read(base_dir, relative, KEY, "profile file")?;
    let (column, per_call) = match (file.column(RATE), file.column(CALLS)) {
        (Some(c), None) => (c, false),
        (None, Some(c)) => (c, true),
        (Some(_), Some(_)) => {
            let err = file.header_error(
                "profile file has both `rate_per_hour` and `calls` columns: expected exactly one",
            );
            return Err(err.with_help(
                "keep `rate_per_hour` (calls per hour) or `calls` (calls per interval)",
            ));
        }
        (None, None) => {
            let err = file.header_error("profile file has no `rate_per_hour` or `calls` column: expected a header row naming one of them");
            return Err(file.with_column_hints(err, &[RATE, CALLS, START]));
        }
    };
    let start_column = file.column(START);
    let mut rates = Vec::with_capacity(file.rows.len());
    for (row, record) in file.rows.iter().enumerate() {
        let cell = record.get(column).unwrap_or_default();
        let value = cell
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0);
        let Some(value) = value else {
            let message = if per_call {
                format!(
                    "invalid call count {cell:?} in column calls: expected a number of calls in the interval >= 0"
                )
            } else {
                format!(
                    "invalid rate {cell:?} in column rate_per_hour: expected a number of calls per hour >= 0"
                )
            };
            return Err(file.cell_error(row, column, message));
        };
        if let Some(start) = start_column {
            check_interval_start(
                &file,
                row,
                start,
                record.get(start).unwrap_or_default(),
                time,
            )?;
        }
        let rate = if per_call {
            value * 3600.0 / time.interval
        } else {
            value
        };
        if rate > MAX_RATE_PER_HOUR {
            let message = format!(
                "{cell:?} in column {} means {rate:e} calls per hour: expected at most {MAX_RATE_PER_HOUR:e}",
                if per_call { CALLS } else { RATE }
            );
            return Err(file.cell_error(row, column, message));
        }
        rates.push(rate);
    }
    let expected = time.interval_count();
    if rates.len() != expected {
        return Err(ScenarioError::at_key(
            ErrorKind::InvalidValue,
            KEY,
            format!(
                "profile file {:?} has {} data rows, expected {expected}: one per {} interval over {}",
                file.name,
                rates.len(),
                format_duration(time.interval),
                format_duration(time.duration),
            ),
        )
        .with_label(format!("expected {expected} rows"))
        .with_help("add or remove rows, or change `time.duration` or `time.interval`"));
    }
    Ok(rates)
}

/// Checks that row `row`'s `interval_start` is the clock time its interval starts at.
fn check_interval_start(
    file: &CsvFile,
    row: usize,
    column: usize,
    cell: &str,
    time: &TimeSpec,
) -> Result<(), ScenarioError> {
    let expected = time.start_clock + row as f64 * time.interval;
    let wanted = format_clock(expected);
    let actual = parse_clock(cell).map_err(|_| {
        file.cell_error(
            row,
            column,
            format!(
                "invalid interval_start {cell:?}: expected a clock time HH:MM, here {wanted:?}"
            ),
        )
    })?;
    let day = DAY;
    let gap = (actual - expected.rem_euclid(day)).rem_euclid(day);
    if gap.min(day - gap) >= 0.5 {
        let err = file.cell_error(
            row,
            column,
            format!(
                "interval_start {cell:?} does not match this row's interval, which starts at {wanted} ({} + {row} x {})",
                format_clock(time.start_clock),
                format_duration(time.interval),
            ),
        );
        return Err(err.with_help(
            "rows must run in time order, one per `time.interval`, the first at `time.start`",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(hours: f64) -> TimeSpec {
        TimeSpec {
            duration: hours * 3600.0,
            interval: 1800.0,
            warmup: 0.0,
            start_clock: 23.0 * 3600.0,
        }
    }

    fn read(text: &str, time: &TimeSpec) -> Result<Vec<f64>, ScenarioError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("p.csv"), text).unwrap();
        read_profile(dir.path(), "p.csv", time)
    }

    #[test]
    fn reads_rates_and_calls_with_wrapping_clock() {
        let rates = read(
            "interval_start,rate_per_hour\n23:00,10\n23:30,20\n00:00,30.5\n",
            &time(1.5),
        );
        assert_eq!(rates.unwrap(), vec![10.0, 20.0, 30.5]);
        let calls = read("calls\n5\n10\n", &time(0.75)).unwrap();
        assert_eq!(
            calls,
            vec![10.0, 20.0],
            "the partial last interval uses the full length"
        );
    }

    #[test]
    fn bad_cells_point_into_the_csv() {
        let text = "interval_start,rate_per_hour\n23:00,10\n23:30,abc\n";
        let err = read(text, &time(1.0)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Csv);
        assert!(err.location().unwrap().ends_with("p.csv:3:7"), "{err}");
        assert!(
            err.message()
                .contains(r#"invalid rate "abc" in column rate_per_hour"#)
        );
        assert!(err.message().contains("calls per hour >= 0"));
        let err = read("rate_per_hour\n-1\n", &time(0.5)).unwrap_err();
        assert!(err.location().unwrap().ends_with("p.csv:2:1"), "{err}");
    }

    #[test]
    fn misaligned_interval_start_is_caught() {
        let err = read(
            "interval_start,rate_per_hour\n23:00,10\n00:00,20\n",
            &time(1.0),
        )
        .unwrap_err();
        assert!(err.location().unwrap().ends_with("p.csv:3:1"), "{err}");
        assert!(err.message().contains("starts at 23:30"), "{err}");
    }

    #[test]
    fn row_count_and_header_errors() {
        let err = read("rate_per_hour\n1\n", &time(1.0)).unwrap_err();
        assert!(
            err.message().contains("has 1 data rows, expected 2"),
            "{err}"
        );
        let err = read("rate_per_houre\n1\n", &time(0.5)).unwrap_err();
        assert!(
            err.to_string().contains("did you mean `rate_per_hour`?"),
            "{err}"
        );
        assert!(err.location().unwrap().ends_with("p.csv:1:1"), "{err}");
        let err = read("rate_per_hour,calls\n1,2\n", &time(0.5)).unwrap_err();
        assert!(err.message().contains("both"), "{err}");
    }
}
