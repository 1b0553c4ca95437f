//! `[arrivals.forecast]` (and its `columns`): forecast import, the
//! per-interval CSV that workforce-management tools export (interval start,
//! offered volume, average handle time, maybe after-call work), read as it
//! comes, so a manager can bring last week's numbers without retyping them.
//!
//! Headers are matched by name, case and punctuation ignored (`Interval
//! Start`, `interval_start`), against the usual names or the ones mapped in
//! `[arrivals.forecast.columns]`. Timestamps may be clock times or date-times
//! in the common ISO shapes, or any `time_format` (strftime). Rows must run in
//! time order on one interval grid; intervals missing between rows (a closed
//! night, a weekend) are intervals with no calls. Every bad header, cell or
//! timestamp is reported at its file:line:col.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::csvfile::CsvFile;
use super::duration::{DAY, format_clock, format_duration};
use super::error::{ErrorKind, ScenarioError, backticked, invalid};
use super::limits::{MAX_DURATION_SECONDS, MAX_INTERVALS, MAX_RATE_PER_HOUR};
use super::time::DEFAULT_INTERVAL;
use serde::Deserialize;

/// `[arrivals.forecast]`: how to read a WFM tool's export.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForecast {
    pub file: Option<String>,
    pub delimiter: Option<String>,
    pub decimal_comma: Option<bool>,
    pub time_format: Option<String>,
    pub aht_includes_acw: Option<bool>,
    pub columns: Option<RawForecastColumns>,
}

/// `[arrivals.forecast.columns]`: header names, where they differ from the
/// usual ones.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawForecastColumns {
    pub start: Option<String>,
    pub date: Option<String>,
    pub volume: Option<String>,
    pub aht: Option<String>,
    pub acw: Option<String>,
}

const KEY: &str = "arrivals.forecast.file";

/// The roles a forecast column can play, with the header names recognised
/// without a mapping (compared after [`normalise`]).
const ROLES: [(&str, &[&str]); 5] = [
    (
        "start",
        &[
            "intervalstart",
            "interval",
            "start",
            "starttime",
            "time",
            "datetime",
            "timestamp",
            "period",
            "periodstart",
            "intervalbegin",
        ],
    ),
    ("date", &["date", "day"]),
    (
        "volume",
        &[
            "offered",
            "volume",
            "calls",
            "callsoffered",
            "offeredcalls",
            "contacts",
            "contactsoffered",
            "forecastvolume",
            "forecastcalls",
            "forecast",
            "fcstvolume",
            "fcstcalls",
            "n",
        ],
    ),
    (
        "aht",
        &[
            "aht",
            "ahts",
            "ahtsec",
            "ahtseconds",
            "averagehandletime",
            "avghandletime",
            "handletime",
            "forecastaht",
            "fcstaht",
        ],
    ),
    (
        "acw",
        &[
            "acw",
            "acws",
            "acwsec",
            "acwseconds",
            "aftercallwork",
            "wrapup",
            "wrap",
            "wraptime",
            "averageacw",
            "avgacw",
        ],
    ),
];

/// Date-time shapes tried when no `time_format` is given.
const DATE_TIME_FORMATS: [&str; 8] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y%m%d %H:%M:%S",
    "%Y%m%d %H:%M",
];
const TIME_FORMATS: [&str; 2] = ["%H:%M:%S", "%H:%M"];
const DATE_FORMATS: [&str; 3] = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"];

/// A forecast file read and checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Forecast {
    /// The file as shown to the user.
    pub file: String,
    /// Data rows read.
    pub rows: usize,
    /// Clock time of the first row, seconds after midnight.
    pub start_clock: f64,
    /// The interval the rows are spaced on, seconds.
    pub interval: f64,
    /// Offered calls in each interval from the first row on (0 in gaps).
    pub volumes: Vec<f64>,
    /// Mean talk time of calls arriving in each interval (AHT less after-call
    /// work when AHT includes it); `None` where the file gives no AHT.
    pub talk: Vec<Option<f64>>,
    /// Mean after-call work per interval, if the file has the column.
    pub acw: Option<Vec<Option<f64>>>,
}

/// Which column plays which role.
struct Columns {
    start: usize,
    date: Option<usize>,
    volume: usize,
    aht: usize,
    acw: Option<usize>,
}

/// Reads `raw.file` (resolved against `base_dir`). `interval` is
/// `time.interval` if the scenario sets it; `wrap_mean` the mean of
/// `[wrap_up]`, taken off AHT when the file has no ACW column.
pub(crate) fn read_forecast(
    raw: &RawForecast,
    interval: Option<f64>,
    wrap_mean: Option<f64>,
    base_dir: &Path,
) -> Result<Forecast, ScenarioError> {
    let relative = raw.file.as_deref().ok_or_else(|| {
        invalid(
            "arrivals.forecast",
            "`[arrivals.forecast]` has no `file`: expected the path of the forecast CSV".into(),
        )
        .with_help(r#"add e.g. `file = "forecast.csv"` (relative to the scenario file)"#)
    })?;
    let delimiter = delimiter(raw.delimiter.as_deref())?;
    let decimal_comma = raw.decimal_comma.unwrap_or(false);
    if decimal_comma && delimiter == b',' {
        return Err(invalid(
            "arrivals.forecast.decimal_comma",
            "`decimal_comma = true` with the `,` delimiter: a comma cannot both separate fields and decimals".into(),
        )
        .with_help(r#"set `delimiter = ";"`, as such exports do"#));
    }
    let file = CsvFile::read_with(base_dir, relative, KEY, "forecast file", delimiter)?;
    let columns = find_columns(&file, raw)?;
    if file.rows.is_empty() {
        return Err(file.header_error(format!(
            "forecast file {:?} has no data rows: expected one row per interval",
            file.name
        )));
    }
    let number = |row: usize, column: usize, what: &str| -> Result<Option<f64>, ScenarioError> {
        let cell = file.rows[row].get(column).unwrap_or_default();
        if cell.is_empty() {
            return Ok(None);
        }
        let text = if decimal_comma {
            cell.replace(',', ".")
        } else {
            cell.to_owned()
        };
        // AHT and ACW are durations: the limits contract bounds them.
        let (max, range) = if what == "volume" {
            (f64::MAX, String::from(">= 0"))
        } else {
            (
                MAX_DURATION_SECONDS,
                format!("of seconds from 0 to {MAX_DURATION_SECONDS}"),
            )
        };
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && (0.0..=max).contains(&v) => Ok(Some(v)),
            _ => Err(file.cell_error(
                row,
                column,
                format!(
                    "invalid {what} {cell:?} in column `{}`: expected a number {range}{}",
                    file.headers[column],
                    if decimal_comma {
                        " (decimal comma)"
                    } else {
                        ""
                    }
                ),
            )),
        }
    };

    // Timestamps: seconds since the first row's midnight.
    let mut times = Vec::with_capacity(file.rows.len());
    let mut date_times = true;
    for row in 0..file.rows.len() {
        let (t, dated) = timestamp(&file, row, &columns, raw.time_format.as_deref())?;
        date_times &= dated;
        times.push(t);
    }
    let (offsets, start_clock) = offsets(&file, &columns, &times, date_times)?;
    let interval = interval
        .or_else(|| infer_interval(&offsets))
        .unwrap_or(DEFAULT_INTERVAL);
    let span = offsets.last().copied().unwrap_or(0.0);
    if (span / interval).is_nan() || span / interval >= MAX_INTERVALS {
        // Checked before the per-interval tables are allocated: a stray
        // date years away (or a tiny interval) must not take gigabytes.
        let last = offsets.len().saturating_sub(1);
        return Err(file
            .cell_error(
                last,
                columns.start,
                format!(
                    "the forecast spans {} from its first row: {:.0} intervals of {}, expected at most {MAX_INTERVALS}",
                    format_duration(span),
                    (span / interval).round() + 1.0,
                    format_duration(interval)
                ),
            )
            .with_help("check this row's date and the interval; a forecast covers days or weeks"));
    }
    let count = (span / interval).round() as usize + 1;
    let mut volumes = vec![0.0; count];
    let mut talk = vec![None; count];
    let mut acw = columns.acw.map(|_| vec![None; count]);
    let includes_acw = raw.aht_includes_acw.unwrap_or(true);
    for (row, offset) in offsets.iter().enumerate() {
        let steps = offset / interval;
        let k = steps.round();
        if (steps - k).abs() * interval > 0.5 {
            return Err(file
                .cell_error(
                    row,
                    columns.start,
                    format!(
                        "interval start {:?} is {} after the first row, not a whole number of {} intervals",
                        file.rows[row].get(columns.start).unwrap_or_default(),
                        format_duration(*offset),
                        format_duration(interval)
                    ),
                )
                .with_help("every row must start on the interval grid of the first row; check `time.interval`"));
        }
        let k = k as usize;
        let volume = number(row, columns.volume, "volume")?.ok_or_else(|| {
            file.cell_error(
                row,
                columns.volume,
                format!(
                    "empty volume in column `{}`: expected the calls offered in the interval (0 if none)",
                    file.headers[columns.volume]
                ),
            )
        })?;
        if volume * 3600.0 / interval > MAX_RATE_PER_HOUR {
            return Err(file.cell_error(
                row,
                columns.volume,
                format!(
                    "volume {volume} in one {} interval is more than {MAX_RATE_PER_HOUR:e} calls per hour",
                    format_duration(interval)
                ),
            ));
        }
        let aht = number(row, columns.aht, "AHT")?;
        let after = match columns.acw {
            Some(c) => number(row, c, "ACW")?,
            None => None,
        };
        let aht = aht.filter(|a| *a > 0.0);
        if volume > 0.0 && aht.is_none() {
            return Err(file.cell_error(
                row,
                columns.aht,
                format!(
                    "no AHT for an interval with {volume} calls: expected the average handle time in seconds, > 0"
                ),
            ));
        }
        let taken_off = if includes_acw {
            after.or(if columns.acw.is_none() {
                wrap_mean
            } else {
                None
            })
        } else {
            None
        };
        let own_talk = match (aht, taken_off) {
            (Some(a), Some(w)) if volume > 0.0 && a - w <= 0.0 => {
                let source = if after.is_some() {
                    format!("its ACW {w} s")
                } else {
                    format!("the mean of `[wrap_up]` ({w} s)")
                };
                return Err(file
                    .cell_error(
                        row,
                        columns.aht,
                        format!("AHT {a} s is not more than {source}: AHT counts talk, hold and after-call work, so talk time would be {} s", a - w),
                    )
                    .with_help("if this AHT is talk time only, set `aht_includes_acw = false`"));
            }
            (Some(a), Some(w)) => Some(a - w),
            (None, _) => None,
            (a, None) => a,
        };
        if let Some(slot) = volumes.get_mut(k) {
            *slot = volume;
            talk[k] = own_talk;
            if let Some(acw) = acw.as_mut() {
                acw[k] = after;
            }
        }
    }
    Ok(Forecast {
        file: file.name.clone(),
        rows: file.rows.len(),
        start_clock,
        interval,
        volumes,
        talk,
        acw,
    })
}

fn delimiter(raw: Option<&str>) -> Result<u8, ScenarioError> {
    match raw {
        None => Ok(b','),
        Some("\\t" | "\t" | "tab") => Ok(b'\t'),
        Some(d) if d.len() == 1 && d.is_ascii() && d != "\"" => Ok(d.as_bytes()[0]),
        Some(d) => Err(invalid(
            "arrivals.forecast.delimiter",
            format!(
                "invalid delimiter {d:?}: expected one character such as \",\", \";\" or \"tab\""
            ),
        )),
    }
}

/// Lower-case letters and digits only: `Interval Start` → `intervalstart`.
fn normalise(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn find_columns(file: &CsvFile, raw: &RawForecast) -> Result<Columns, ScenarioError> {
    let mapped = raw.columns.clone().unwrap_or_default();
    let wanted = [
        mapped.start,
        mapped.date,
        mapped.volume,
        mapped.aht,
        mapped.acw,
    ];
    let headers: Vec<String> = file.headers.iter().map(|h| normalise(h)).collect();
    let mut found = [None; 5];
    for (i, ((role, names), mapping)) in ROLES.iter().zip(&wanted).enumerate() {
        found[i] = match mapping {
            Some(name) => {
                let position = file
                    .headers
                    .iter()
                    .position(|h| h == name)
                    .or_else(|| headers.iter().position(|h| *h == normalise(name)));
                if position.is_none() {
                    let err = file.header_error(format!(
                        "forecast file has no column {name:?}, which `arrivals.forecast.columns.{role}` names"
                    ));
                    return Err(file.with_column_hints(err, &[name.as_str()]));
                }
                position
            }
            None => names
                .iter()
                .find_map(|n| headers.iter().position(|h| h == n)),
        };
    }
    let required = |i: usize, what: &str| {
        found[i].ok_or_else(|| {
            let (role, names) = ROLES[i];
            let err = file.header_error(format!(
                "forecast file has no {what} column: expected a header such as {}",
                backticked(&names[..names.len().min(3)])
            ));
            file.with_column_hints(err, names)
                .with_help(format!(
                    "or name it in the scenario: `[arrivals.forecast.columns]` `{role} = \"Your header\"`"
                ))
        })
    };
    Ok(Columns {
        start: required(0, "interval start")?,
        date: found[1],
        volume: required(2, "offered volume")?,
        aht: required(3, "average handle time (AHT)")?,
        acw: found[4],
    })
}

/// Row `row`'s start: seconds after its date's midnight (days counted from
/// the Common Era when the row has a date), and whether it had a date.
fn timestamp(
    file: &CsvFile,
    row: usize,
    columns: &Columns,
    format: Option<&str>,
) -> Result<(f64, bool), ScenarioError> {
    let cell = file.rows[row].get(columns.start).unwrap_or_default();
    let expected = match format {
        Some(f) => format!("a time written as `{f}` (strftime)"),
        None => "a clock time `HH:MM` or a date-time `YYYY-MM-DD HH:MM`".to_owned(),
    };
    let bad = |column: usize, what: &str| {
        file.cell_error(
            row,
            column,
            format!(
                "invalid {what} {:?}: expected {expected}",
                file.rows[row].get(column).unwrap_or_default()
            ),
        )
        .with_help(
            "set `time_format` in `[arrivals.forecast]` for other shapes, e.g. \"%d/%m/%Y %H:%M\"",
        )
    };
    let seconds = |t: NaiveTime| f64::from(t.num_seconds_from_midnight());
    let day_seconds = |d: NaiveDate| f64::from(chrono::Datelike::num_days_from_ce(&d)) * DAY;
    if let Some(date_column) = columns.date {
        let date_cell = file.rows[row].get(date_column).unwrap_or_default();
        let date = DATE_FORMATS
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(date_cell, f).ok())
            .or_else(|| {
                format.and_then(|f| {
                    let date_part = f.split_whitespace().next()?;
                    NaiveDate::parse_from_str(date_cell, date_part).ok()
                })
            })
            .ok_or_else(|| {
                file.cell_error(
                    row,
                    date_column,
                    format!("invalid date {date_cell:?}: expected `YYYY-MM-DD`"),
                )
            })?;
        let time = parse_time(cell, format).ok_or_else(|| bad(columns.start, "interval start"))?;
        return Ok((day_seconds(date) + seconds(time), true));
    }
    let date_time = match format {
        Some(f) => NaiveDateTime::parse_from_str(cell, f).ok(),
        None => DATE_TIME_FORMATS
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(cell, f).ok()),
    };
    if let Some(dt) = date_time {
        return Ok((day_seconds(dt.date()) + seconds(dt.time()), true));
    }
    let time = parse_time(cell, format).ok_or_else(|| bad(columns.start, "interval start"))?;
    Ok((seconds(time), false))
}

fn parse_time(cell: &str, format: Option<&str>) -> Option<NaiveTime> {
    match format {
        Some(f) => NaiveTime::parse_from_str(cell, f).ok().or_else(|| {
            f.split_whitespace()
                .last()
                .and_then(|t| NaiveTime::parse_from_str(cell, t).ok())
        }),
        None => TIME_FORMATS
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(cell, f).ok()),
    }
}

/// Each row's start in seconds after the first row's, and the first row's
/// clock time. Clock times without dates roll over to the next day when they
/// go back (`23:30` then `00:00`).
fn offsets(
    file: &CsvFile,
    columns: &Columns,
    times: &[f64],
    dated: bool,
) -> Result<(Vec<f64>, f64), ScenarioError> {
    let mut offsets = Vec::with_capacity(times.len());
    let mut day = 0.0;
    let first = times[0];
    let mut previous = first;
    for (row, &t) in times.iter().enumerate() {
        let mut t = t + day;
        if !dated && row > 0 && t <= previous {
            day += DAY;
            t += DAY;
        }
        if row > 0 && t <= previous {
            let cell = file.rows[row].get(columns.start).unwrap_or_default();
            return Err(file
                .cell_error(
                    row,
                    columns.start,
                    format!(
                        "interval start {cell:?} is not after the previous row's: expected rows in time order, one per interval"
                    ),
                )
                .with_help("sort the file by interval start and remove duplicate rows"));
        }
        offsets.push(t - first);
        previous = t;
    }
    Ok((offsets, first.rem_euclid(DAY)))
}

/// The commonest gap between consecutive rows (the smaller of equally
/// common ones): missing intervals widen some gaps, and a stray row off the
/// grid shortens one, but most rows follow each other by the interval.
fn infer_interval(offsets: &[f64]) -> Option<f64> {
    let mut gaps: Vec<u64> = offsets
        .windows(2)
        .map(|w| (w[1] - w[0]).round() as u64)
        .collect();
    gaps.sort_unstable();
    let mut best: Option<(usize, u64)> = None;
    for run in gaps.chunk_by(|a, b| a == b) {
        if best.is_none_or(|(n, _)| run.len() > n) {
            best = Some((run.len(), run[0]));
        }
    }
    best.map(|(_, gap)| gap as f64)
}

/// Describes where the forecast starts, for messages.
pub(crate) fn describe_start(forecast: &Forecast) -> String {
    format!("{} ({})", format_clock(forecast.start_clock), forecast.file)
}

impl Forecast {
    /// The span the rows cover, seconds.
    pub(crate) fn span(&self) -> f64 {
        self.volumes.len() as f64 * self.interval
    }

    /// Volume-weighted mean of per-interval `values` (`None` where absent).
    pub(crate) fn weighted_mean(&self, values: &[Option<f64>]) -> Option<f64> {
        let (sum, weight) = self
            .volumes
            .iter()
            .zip(values)
            .filter_map(|(v, x)| x.map(|x| (v * x, *v)))
            .fold((0.0, 0.0), |(s, w), (a, b)| (s + a, w + b));
        (weight > 0.0).then(|| sum / weight)
    }
}

/// Errors raised while reconciling the forecast with `[time]`.
pub(crate) fn time_conflict(key: &str, message: String) -> ScenarioError {
    ScenarioError::at_key(ErrorKind::Conflict, key, message)
        .with_help("leave it out of `[time]` to take it from the forecast")
}
