//! `--set` flags: applied before validation, their errors reported at the flag.

use super::*;

#[test]
fn overrides_change_values_and_create_tables() {
    let s = load_with(
        MINIMAL,
        &[
            "agents.count=95",
            "time.duration=24h",
            "patience.mean=90s",
            "patience.distribution=exponential",
            "sla.target=0.85",
        ],
    )
    .unwrap();
    assert_eq!(s.agents, 95);
    assert_eq!(s.arrivals.rates_per_hour.len(), 48);
    assert_eq!(
        s.patience,
        Some(DistributionSpec::Exponential { mean: 90.0 })
    );
    assert_eq!(s.sla.target, 0.85);
    let s = load_with(FULL, &["arrivals.rate_per_hour=500", "time.start=09:30"]).unwrap();
    assert_eq!(s.arrivals.rates_per_hour, vec![500.0; 4]);
    assert_eq!(s.time.start_clock, 34_200.0);
}

#[test]
fn override_fixes_a_broken_file_value() {
    let text = MINIMAL.replace("count = 90", "count = \"ninety\"");
    assert_eq!(load_with(&text, &["agents.count=9"]).unwrap().agents, 9);
}

#[test]
fn override_errors_name_the_flag() {
    let err = load_with(MINIMAL, &["agents.cout=95"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::UnknownKey,
        "--set agents.cout=95",
        &["`cout`", "did you mean `agents.count`?"],
    );
    let err = load_with(MINIMAL, &["agents.count=-3"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "--set agents.count=-3",
        &["invalid `agents.count` -3"],
    );
    let err = load_with(MINIMAL, &["time.duration=abc"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "--set time.duration=abc",
        &[r#"invalid duration "abc""#],
    );
    let err = load_with(MINIMAL, &["patience.mean=90s"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::MissingKey,
        "--set patience.mean=90s",
        &["`patience.distribution`"],
    );
    assert!(
        "agents.count"
            .parse::<Override>()
            .unwrap_err()
            .contains("expected KEY=VALUE")
    );
}
