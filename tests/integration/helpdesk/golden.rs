//! Seeded golden values for `scenarios/helpdesk-tiers.toml` (seed 1,
//! replication 0), through the binary: a regression guard. Any change to the
//! engine, the streams or the scenario that moves these must say why here.
//!
//! History (newest last):
//! - 2026-11-23: first recorded, after three changes of the same day: the
//!   shipped desk retuned to its expected per-tier load (`callsim validate`:
//!   22/7/4/1/2 agents, tier-1 resolution up, 5 % English, hold patience
//!   10m); escalations counted when a case leaves its tier (a caller hanging
//!   up while waiting for a warm transfer is not escalated); a case's draws
//!   after arrival come from streams keyed by the case, so a policy change no
//!   longer reshuffles them.

use crate::cli::{repo, run_in};
use serde_json::Value;
use tempfile::TempDir;

/// (JSON pointer, value). Counts are exact; ratios and seconds are compared
/// to 12 significant digits, which only formatting could disturb.
const GOLDEN: &[(&str, f64)] = &[
    ("/calls_offered", 1424.0),
    ("/calls_answered", 1390.0),
    ("/calls_abandoned", 34.0),
    ("/service_level", 0.9206460674157303),
    ("/asa_seconds", 3.595378029775946),
    ("/occupancy", 0.5585879074481804),
    ("/mean_handle_seconds", 523.4921392732721),
    ("/helpdesk/transfers", 585.0),
    ("/helpdesk/escalations", 585.0),
    ("/helpdesk/runarounds", 137.0),
    ("/helpdesk/resolved_first_contact", 920.0),
    ("/helpdesk/holds", 566.0),
    ("/helpdesk/hold_limit_events", 86.0),
    ("/helpdesk/calls_over_limit", 156.0),
    ("/helpdesk/hung_up_on_hold", 116.0),
    ("/helpdesk/abandoned_after_transfer", 23.0),
    ("/helpdesk/service_level", 0.9396067415730337),
    ("/tiers/0/calls_offered", 1424.0),
    ("/tiers/0/resolved", 920.0),
    ("/tiers/0/escalated", 399.0),
    ("/tiers/0/occupancy", 0.5861458416410638),
    ("/tiers/1/calls_offered", 301.0),
    ("/tiers/1/resolved", 149.0),
    ("/tiers/1/escalated", 128.0),
    ("/tiers/2/calls_offered", 187.0),
    ("/tiers/2/occupancy", 0.5789062136638646),
    ("/tiers/3/calls_offered", 45.0),
    ("/tiers/4/calls_offered", 52.0),
    ("/tiers/4/resolved", 49.0),
    ("/classes/0/service_level", 0.9669811320754716),
    ("/classes/1/service_level", 0.9431578947368421),
    ("/classes/2/service_level", 0.9294436906377205),
    ("/customers/2/calls_offered", 105.0),
    ("/customers/2/fcr_rate", 0.5980392156862745),
    ("/customers/4/fcr_rate", 0.5670103092783505),
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
