//! Mistakes in the file: each located at `file:line:col`.

use super::*;

#[test]
fn toml_syntax_error() {
    let err = broken("count = 90", "count = = 90");
    assert_error(
        &err,
        ErrorKind::Syntax,
        "s.toml:10:9",
        &["invalid TOML", "count = = 90", "^"],
    );
}

#[test]
fn unknown_key_with_suggestion() {
    let err = broken("rate_per_hour", "ratee_per_hour");
    assert_error(
        &err,
        ErrorKind::UnknownKey,
        "s.toml:5:1",
        &[
            "unknown key `ratee_per_hour`",
            "did you mean `rate_per_hour`?",
            "`profile_file`",
            "ratee_per_hour = 1000",
        ],
    );
    let err = broken("name = \"m\"", "name = \"m\"\nseeds = 3");
    assert_error(
        &err,
        ErrorKind::UnknownKey,
        "s.toml:2:1",
        &["did you mean `seed`?"],
    );
}

#[test]
fn wrong_type() {
    let err = broken("count = 90", "count = \"ninety\"");
    assert_error(
        &err,
        ErrorKind::WrongType,
        "s.toml:10:9",
        &[
            "wrong type for `agents.count`",
            "expected a whole number",
            "found string \"ninety\"",
        ],
    );
    let err = broken("rate_per_hour = 1000", "rate_per_hour = [1]");
    assert_error(
        &err,
        ErrorKind::WrongType,
        "s.toml:5:17",
        &["expected a number"],
    );
}

#[test]
fn negative_and_nan_rates() {
    let err = broken("1000", "-5");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:5:17",
        &["invalid arrival rate -5", "calls per hour from 0 to 1e9"],
    );
    let err = broken("1000", "nan");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:5:17",
        &["invalid arrival rate nan"],
    );
    let text = MINIMAL
        .replace("duration = \"10h\"", "duration = \"2h\"")
        .replace("rate_per_hour = 1000", "profile = [1, 2, 3, -4]");
    let err = load(&text).unwrap_err();
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:5:21",
        &["`arrivals.profile[3]`"],
    );
}

#[test]
fn malformed_duration() {
    let err = broken("\"5m\"", "\"5x\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:8:8",
        &[
            r#"invalid duration "5x""#,
            "(h, m, s, ms)",
            r#""1h30m""#,
            "^^^^",
        ],
    );
}

#[test]
fn impossible_times() {
    let with_time = |extra: &str| {
        load(&MINIMAL.replace(
            "duration = \"10h\"",
            &format!("duration = \"10h\"\n{extra}"),
        ))
        .unwrap_err()
    };
    let err = with_time("interval = \"0s\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:4:12",
        &["`time.interval` is 0s", "greater than 0"],
    );
    let err = with_time("warmup = \"10h\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:4:10",
        &["`time.warmup` (10h)", "`time.duration` (10h)"],
    );
    let err = with_time("interval = \"11h\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:4:12",
        &["longer than `time.duration`"],
    );
    let err = with_time("start = \"24:00\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:4:9",
        &["invalid clock time \"24:00\"", "HH:MM"],
    );
    let err = broken("duration = \"10h\"", "duration = 0");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:3:12",
        &["`time.duration` is 0s"],
    );
}

#[test]
fn impossible_parameters() {
    let err = broken("\"5m\"", "\"5m\"\ncv = 0.5");
    assert_error(
        &err,
        ErrorKind::Conflict,
        "s.toml:9:6",
        &["`cv` applies only to lognormal and gamma"],
    );
    let err = broken("\"exponential\"", "\"lognormal\"\ncv = 0");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:8:6",
        &["coefficient of variation 0", "from 0.001 to 100"],
    );
    let err = broken("\"exponential\"", "\"expo\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:7:16",
        &[
            "unknown distribution \"expo\"",
            "exponential, lognormal, gamma, constant, empirical",
        ],
    );
    let err = broken("count = 90", "count = 90\n[sla]\ntarget = 1.5");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:12:10",
        &["invalid `sla.target` 1.5", "from 0 to 1"],
    );
    let err = broken("name = \"m\"", "name = \"\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:1:8",
        &["the scenario name is empty"],
    );
    let err = broken("name = \"m\"", "name = \"a/b\"");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:1:8",
        &[r#"invalid scenario name "a/b""#, "output/<name>/"],
    );
    let err = broken("count = 90", "count = 0");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:10:9",
        &["invalid `agents.count` 0", "agents from 1 to 100000"],
    );
}

#[test]
fn profile_length_mismatch() {
    let err = broken("rate_per_hour = 1000", "profile = [1, 2, 3]");
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "s.toml:5:11",
        &["has 3 entries, expected 20", "30m interval over 10h"],
    );
}

#[test]
fn profile_csv_with_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let rows: String = (0..20)
        .map(|i| {
            if i == 5 {
                "abc\n".to_owned()
            } else {
                format!("{i}\n")
            }
        })
        .collect();
    std::fs::write(dir.path().join("p.csv"), format!("rate_per_hour\n{rows}")).unwrap();
    let text = MINIMAL.replace("rate_per_hour = 1000", "profile_file = \"p.csv\"");
    let err = load_str(&text, "s.toml", dir.path(), &[]).unwrap_err();
    let place = format!("{}:7:1", dir.path().join("p.csv").display());
    assert_error(
        &err,
        ErrorKind::Csv,
        &place,
        &[r#"invalid rate "abc" in column rate_per_hour"#],
    );
    let err = load_str(&text.replace("p.csv", "q.csv"), "s.toml", dir.path(), &[]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::Io,
        "s.toml:5:16",
        &["cannot read profile file", "q.csv"],
    );
}

#[test]
fn missing_and_conflicting_keys() {
    let err = broken("[agents]\ncount = 90\n", "");
    assert_error(
        &err,
        ErrorKind::MissingKey,
        "s.toml",
        &["missing required table `[agents]`"],
    );
    let err = broken("count = 90", "");
    assert_error(
        &err,
        ErrorKind::MissingKey,
        "s.toml:9:1",
        &["missing required key `agents.count`"],
    );
    let err = broken(
        "rate_per_hour = 1000",
        "rate_per_hour = 1000\nprofile = [1]",
    );
    assert_error(
        &err,
        ErrorKind::Conflict,
        "s.toml:6:11",
        &["cannot be used together"],
    );
}
