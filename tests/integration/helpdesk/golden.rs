//! Seeded golden values for `scenarios/helpdesk-tiers.toml` (seed 1,
//! replication 0), through the binary: a regression guard. Any change to the
//! engine, the streams or the scenario that moves these must say why here.
//!
//! History (newest last):
//! - 2026-11-23: first recorded. Tier 1 23 agents, tier 3 4 agents, hold
//!   patience 10m; escalations counted when a case leaves its tier (a caller
//!   hanging up while waiting for a warm transfer is not escalated).

use crate::cli::{repo, run_in};
use serde_json::Value;
use tempfile::TempDir;

/// (JSON pointer, value). Counts are exact; ratios and seconds are compared
/// to 12 significant digits, which only formatting could disturb.
const GOLDEN: &[(&str, f64)] = &[
    ("/calls_offered", 1424.0),
    ("/calls_answered", 1355.0),
    ("/calls_abandoned", 69.0),
    ("/service_level", 0.8588483146067416),
    ("/asa_seconds", 6.894843498537802),
    ("/occupancy", 0.6614555766805195),
    ("/mean_handle_seconds", 637.8001003233288),
    ("/helpdesk/transfers", 783.0),
    ("/helpdesk/escalations", 783.0),
    ("/helpdesk/runarounds", 194.0),
    ("/helpdesk/resolved_first_contact", 704.0),
    ("/helpdesk/holds", 997.0),
    ("/helpdesk/hold_limit_events", 162.0),
    ("/helpdesk/calls_over_limit", 250.0),
    ("/helpdesk/hung_up_on_hold", 172.0),
    ("/helpdesk/abandoned_after_transfer", 70.0),
    ("/helpdesk/service_level", 0.8799157303370787),
    ("/tiers/0/calls_offered", 1424.0),
    ("/tiers/0/resolved", 704.0),
    ("/tiers/0/escalated", 540.0),
    ("/tiers/0/occupancy", 0.6223565252424681),
    ("/tiers/1/calls_offered", 406.0),
    ("/tiers/1/resolved", 167.0),
    ("/tiers/1/escalated", 183.0),
    ("/tiers/2/calls_offered", 262.0),
    ("/tiers/2/occupancy", 0.8113877623932183),
    ("/tiers/3/calls_offered", 45.0),
    ("/tiers/4/calls_offered", 70.0),
    ("/tiers/4/resolved", 66.0),
    ("/classes/0/service_level", 0.9150943396226415),
    ("/classes/1/service_level", 0.8736842105263158),
    ("/classes/2/service_level", 0.8738127544097694),
    ("/customers/2/calls_offered", 105.0),
    ("/customers/2/fcr_rate", 0.42),
    ("/customers/4/fcr_rate", 0.44565217391304346),
];

#[test]
fn helpdesk_tiers_golden_values() {
    let tmp = TempDir::new().unwrap();
    let scenario = repo("scenarios/helpdesk-tiers.toml");
    let run = run_in(
        tmp.path(),
        &["run", scenario.to_str().unwrap(), "--out", "o", "-q"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(tmp.path().join("o/summary.json")).unwrap();
    let summary: Value = serde_json::from_str(&text).unwrap();
    let mut moved = Vec::new();
    for (pointer, expected) in GOLDEN {
        let got = summary
            .pointer(pointer)
            .and_then(Value::as_f64)
            .unwrap_or_else(|| panic!("{pointer} missing from summary.json"));
        if (got - expected).abs() > 1e-12 * expected.abs().max(1.0) {
            moved.push(format!("{pointer}: expected {expected}, got {got}"));
        }
    }
    assert!(
        moved.is_empty(),
        "golden values moved (record why in this file's history):\n{}",
        moved.join("\n")
    );
    assert_eq!(summary["classes"][0]["class"], "gold");
    assert_eq!(summary["customers"][2]["customer_type"], "rude");
    assert_eq!(summary["helpdesk"]["transfer_policy"], "warm");
}
