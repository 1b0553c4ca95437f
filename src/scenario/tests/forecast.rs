//! Forecast import: the shapes WFM tools export, the time axis it implies,
//! the handle-time factors, and each mistake located in the CSV or the TOML.

use super::*;

const SCENARIO: &str = r#"name = "f"
[arrivals.forecast]
file = "f.csv"
[agents]
count = 20
"#;

/// Loads `toml` from a folder holding `csv` as `f.csv`.
fn with_csv(toml: &str, csv: &str) -> Result<Scenario, ScenarioError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("f.csv"), csv).unwrap();
    let toml_path = dir.path().join("s.toml");
    std::fs::write(&toml_path, toml).unwrap();
    load_file(&toml_path, &[])
}

/// The error's location with the temporary folder cut off.
fn place(err: &ScenarioError) -> String {
    let loc = err.location().unwrap_or_default();
    loc.rsplit('/').next().unwrap_or_default().to_owned()
}

fn expect_error(toml: &str, csv: &str, at: &str, words: &[&str]) {
    let err = with_csv(toml, csv).unwrap_err();
    let shown = err.to_string();
    assert_eq!(place(&err), at, "{shown}");
    for w in words {
        assert!(shown.contains(w), "missing {w:?} in:\n{shown}");
    }
}

const WEEK_HEAD: &str = "Interval Start,Forecast Volume,Forecast AHT,ACW\n";

#[test]
fn a_wfm_export_sets_the_clock_the_rates_and_the_handle_times() {
    let csv = format!(
        "{WEEK_HEAD}2026-11-16 23:00,10,330,30\n2026-11-16 23:30,20,390,30\n2026-11-17 01:00,5,300,0\n"
    );
    let s = with_csv(SCENARIO, &csv).unwrap();
    // 23:00 to 01:30 the next day: five half hours, two of them missing
    // from the file (no calls then).
    assert_eq!(
        s.time,
        TimeSpec {
            duration: 5.0 * 1800.0,
            interval: 1800.0,
            warmup: 0.0,
            start_clock: 23.0 * 3600.0
        }
    );
    assert_eq!(s.arrivals.rates_per_hour, vec![20.0, 40.0, 0.0, 0.0, 10.0]);
    // No [handle_time]: exponential with the volume-weighted talk time.
    let talk = (10.0 * 300.0 + 20.0 * 360.0 + 5.0 * 300.0) / 35.0;
    match s.handle_time {
        DistributionSpec::Exponential { mean } => assert!((mean - talk).abs() < 1e-9),
        ref other => panic!("{other:?}"),
    }
    // ACW from the file, constant around its weighted mean.
    let acw = (10.0 * 30.0 + 20.0 * 30.0) / 35.0;
    assert_eq!(s.wrap_up, Some(DistributionSpec::Constant { value: acw }));
    for (k, aht) in [(0, 330.0), (1, 390.0), (4, 300.0)] {
        assert!((s.interval_aht(k) - aht).abs() < 1e-9, "interval {k}");
    }
    let info = s.arrivals.forecast.as_ref().unwrap();
    assert_eq!((info.rows, info.volume, info.has_acw), (3, 35.0, true));
}

#[test]
fn european_exports_with_mapped_headers_and_a_time_format() {
    let toml = r#"name = "f"
[arrivals.forecast]
file = "f.csv"
delimiter = ";"
decimal_comma = true
time_format = "%d.%m.%Y %H:%M"
aht_includes_acw = false
[arrivals.forecast.columns]
start = "Beginn"
volume = "Anrufe"
aht = "Gesprächszeit"
[handle_time]
distribution = "gamma"
mean = "5m"
cv = 0.5
[agents]
count = 20
"#;
    let csv = "Beginn;Anrufe;Gesprächszeit\n16.11.2026 08:00;12,5;300\n16.11.2026 08:15;10;450,5\n";
    let s = with_csv(toml, csv).unwrap();
    assert_eq!(s.time.interval, 900.0);
    assert_eq!(s.time.start_clock, 8.0 * 3600.0);
    assert_eq!(s.arrivals.rates_per_hour, vec![50.0, 40.0]);
    assert_eq!(s.arrivals.talk_factors, vec![1.0, 450.5 / 300.0]);
    assert!(s.wrap_up.is_none() && s.arrivals.wrap_factors.is_empty());
}

#[test]
fn separate_date_and_clock_columns_and_clock_times_past_midnight() {
    let csv = "Date,Interval,Offered,AHT\n2026-11-16,23:30,4,200\n2026-11-17,00:00,2,200\n";
    let s = with_csv(SCENARIO, csv).unwrap();
    assert_eq!(s.arrivals.rates_per_hour, vec![8.0, 4.0]);
    let csv = "time,calls,aht\n23:30,4,200\n00:00,2,200\n00:30,0,\n";
    let s = with_csv(SCENARIO, csv).unwrap();
    assert_eq!(s.arrivals.rates_per_hour, vec![8.0, 4.0, 0.0]);
    assert_eq!(s.time.duration, 3.0 * 1800.0);
}

#[test]
fn time_settings_must_agree_with_the_file_and_may_cut_it_short() {
    let csv = format!("{WEEK_HEAD}2026-11-16 08:00,10,330,30\n2026-11-16 08:30,20,330,30\n");
    let toml = SCENARIO.replace("[agents]", "[time]\nduration = \"30m\"\n[agents]");
    let s = with_csv(&toml, &csv).unwrap();
    assert_eq!(s.arrivals.rates_per_hour, vec![20.0]);
    let toml = SCENARIO.replace("[agents]", "[time]\nduration = \"2h\"\n[agents]");
    let err = with_csv(&toml, &csv).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(
        err.to_string().contains("the forecast covers only 1h"),
        "{err}"
    );
    assert!(err.location().unwrap().ends_with("s.toml:5:12"), "{err}");
    let toml = SCENARIO.replace("[agents]", "[time]\nstart = \"09:00\"\n[agents]");
    let err = with_csv(&toml, &csv).unwrap_err();
    assert!(
        err.to_string()
            .contains("`time.start` is 09:00 but the forecast starts at 08:00"),
        "{err}"
    );
    // An interval set in [time] must fit the rows' spacing.
    let toml = SCENARIO.replace("[agents]", "[time]\ninterval = \"20m\"\n[agents]");
    expect_error(
        &toml,
        &csv,
        "f.csv:3:1",
        &["is 30m after the first row, not a whole number of 20m intervals"],
    );
}

#[test]
fn missing_columns_are_named_with_what_was_found() {
    expect_error(
        SCENARIO,
        "Interval Start,Handled,AHT\n08:00,3,300\n",
        "f.csv:1:1",
        &[
            "forecast file has no offered volume column",
            "`offered`",
            "columns found: `Interval Start`, `Handled`, `AHT`",
            "[arrivals.forecast.columns]",
        ],
    );
    expect_error(
        SCENARIO,
        "start,volume\n08:00,3\n",
        "f.csv:1:1",
        &["no average handle time (AHT) column"],
    );
    let toml = SCENARIO.replace(
        "[agents]",
        "[arrivals.forecast.columns]\nvolume = \"Offerd\"\n[agents]",
    );
    expect_error(
        &toml,
        "start,Offered,aht\n08:00,3,300\n",
        "f.csv:1:1",
        &[
            "no column \"Offerd\"",
            "columns.volume",
            "did you mean `Offerd`?",
        ],
    );
}

#[test]
fn bad_timestamps_are_located() {
    expect_error(
        SCENARIO,
        "start,volume,aht\n08:00,3,300\n8h30,3,300\n",
        "f.csv:3:1",
        &[
            "invalid interval start \"8h30\"",
            "expected a clock time `HH:MM` or a date-time `YYYY-MM-DD HH:MM`",
            "time_format",
        ],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht\n2026-11-16 08:00,3,300\n2026-13-01 08:30,3,300\n",
        "f.csv:3:1",
        &["invalid interval start \"2026-13-01 08:30\""],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht\n2026-11-16 09:00,3,300\n2026-11-16 08:30,3,300\n",
        "f.csv:3:1",
        &["is not after the previous row's", "sort the file"],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht\n2026-11-16 08:00,3,300\n2026-11-16 08:30,3,300\n2026-11-16 09:00,3,300\n2026-11-16 09:15,3,300\n",
        "f.csv:5:1",
        &["is 1h15m after the first row, not a whole number of 30m intervals"],
    );
    let toml = SCENARIO.replace(
        "file = \"f.csv\"",
        "file = \"f.csv\"\ntime_format = \"%d/%m/%Y %H:%M\"",
    );
    expect_error(
        &toml,
        "start,volume,aht\n16/11/2026 08:00,3,300\n2026-11-16 08:30,3,300\n",
        "f.csv:3:1",
        &["expected a time written as `%d/%m/%Y %H:%M` (strftime)"],
    );
}

#[test]
fn bad_cells_are_located() {
    expect_error(
        SCENARIO,
        "start,volume,aht\n08:00,-3,300\n",
        "f.csv:2:7",
        &["invalid volume \"-3\" in column `volume`: expected a number >= 0"],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht\n08:00,3,\n",
        "f.csv:2:9",
        &["no AHT for an interval with 3 calls"],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht,acw\n08:00,3,30,45\n",
        "f.csv:2:9",
        &[
            "AHT 30 s is not more than its ACW 45 s",
            "aht_includes_acw = false",
        ],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht\n08:00,3,30,45\n",
        "f.csv:2:1",
        &["row has 4 fields, expected 3"],
    );
    expect_error(
        SCENARIO,
        "start,volume,aht\n",
        "f.csv:1:1",
        &["has no data rows"],
    );
}

#[test]
fn the_forecast_table_is_checked_like_the_rest() {
    let toml = SCENARIO.replace("file = \"f.csv\"", "file = \"f.csv\"\nseparator = \";\"");
    let err = with_csv(&toml, "start,volume,aht\n08:00,3,300\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownKey, "{err}");
    assert!(err.to_string().contains("unknown key `separator`"), "{err}");
    let toml = SCENARIO.replace(
        "[arrivals.forecast]",
        "[arrivals]\nrate_per_hour = 3\n[arrivals.forecast]",
    );
    let err = with_csv(&toml, "start,volume,aht\n08:00,3,300\n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    let toml = SCENARIO.replace("file = \"f.csv\"", "file = \"f.csv\"\ndecimal_comma = true");
    let err = with_csv(&toml, "start,volume,aht\n08:00,3,300\n").unwrap_err();
    assert!(
        err.to_string()
            .contains("a comma cannot both separate fields and decimals"),
        "{err}"
    );
    let err = with_csv(&SCENARIO.replace("f.csv", "nope.csv"), "").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert!(
        err.to_string().contains("cannot read forecast file"),
        "{err}"
    );
}
