//! The help-desk sections of the reports: their accounting identities with
//! the headline figures and between sections, and per-class service level
//! recomputed independently from the calls, on the shipped five-tier desk
//! under every transfer policy and call-limit action.

use crate::cli::repo;
use crate::common::run_with;
use callsim::model::{CallRecord, Observer, Outcome};
use callsim::scenario::{Override, Scenario, load_file};
use callsim::stats::{DeskRecorder, DeskResults, Results};

fn desk(overrides: &[&str]) -> Scenario {
    let flags: Vec<Override> = overrides.iter().map(|o| o.parse().unwrap()).collect();
    load_file(&repo("scenarios/helpdesk-tiers.toml"), &flags).unwrap()
}

/// Every counted call, kept to recompute per-class figures independently.
#[derive(Default)]
struct Calls(Vec<CallRecord>);

impl Observer for Calls {
    fn call_finished(&mut self, _now: f64, call: &CallRecord) {
        if call.counted {
            self.0.push(*call);
        }
    }
}

fn run(s: &Scenario, replication: u64) -> (Results, DeskResults, Vec<CallRecord>) {
    let mut recorder = DeskRecorder::new(s).expect("a help desk");
    let mut calls = Calls::default();
    let (_, results) = run_with(s, replication, (&mut recorder, &mut calls));
    let desk = recorder.results(s);
    (results, desk, calls.0)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `callbacks`: whether the configuration lets callers go with a callback
/// promised, after which a case's further escalations happen without the
/// caller and are counted at the tiers only.
fn check(s: &Scenario, replication: u64, callbacks: bool) {
    let (results, d, calls) = run(s, replication);
    let sum = &results.summary;
    let t = &d.totals.figures;
    let what = format!(
        "{:?} rep {replication}",
        s.helpdesk.as_ref().unwrap().transfer
    );

    // Groups partition the calls: classes and customer types add up to the
    // headline counts.
    for groups in [
        d.classes.iter().map(|c| &c.figures).collect::<Vec<_>>(),
        d.customers.iter().map(|c| &c.figures).collect(),
    ] {
        let total =
            |f: fn(&callsim::stats::CallFigures) -> u64| groups.iter().map(|g| f(g)).sum::<u64>();
        assert_eq!(total(|g| g.calls_arrived), sum.calls_arrived, "{what}");
        assert_eq!(total(|g| g.calls_blocked), sum.calls_blocked, "{what}");
        assert_eq!(total(|g| g.calls_answered), sum.calls_answered, "{what}");
        assert_eq!(total(|g| g.calls_abandoned), sum.calls_abandoned, "{what}");
        assert_eq!(total(|g| g.transfers), t.transfers, "{what}");
        assert_eq!(
            total(|g| g.resolved_first_contact),
            t.resolved_first_contact,
            "{what}"
        );
    }
    assert!(
        sum.calls_answered > 1000,
        "{what}: too few calls to mean anything"
    );

    // Every live call enters at tier 1 exactly once.
    let entry = &d.tiers[0];
    assert_eq!(entry.calls_offered, sum.calls_offered, "{what}");
    assert_eq!(entry.calls_answered, sum.calls_answered, "{what}");
    assert_eq!(entry.calls_abandoned, sum.calls_abandoned, "{what}");
    assert!(
        close(entry.asa_seconds.unwrap(), sum.asa_seconds.unwrap()),
        "{what}"
    );

    // Every case is resolved somewhere: live (the caller's case ends
    // resolved) or by a callback.
    let tier_sum = |f: fn(&callsim::stats::TierRow) -> u64| d.tiers.iter().map(f).sum::<u64>();
    assert_eq!(
        tier_sum(|r| r.resolved),
        t.resolved + t.callbacks_promised,
        "{what}"
    );
    assert_eq!(
        t.resolved + t.hung_up_on_hold + t.abandoned_after_transfer + t.callbacks_promised,
        t.calls_answered,
        "{what}: every answered call ends one way"
    );
    assert!(t.resolved_first_contact <= t.resolved && t.runarounds <= t.calls_answered);
    if callbacks {
        assert!(tier_sum(|r| r.escalated) >= t.escalations, "{what}");
        assert!(tier_sum(|r| r.callbacks_made) > 0, "{what}");
    } else {
        assert_eq!(tier_sum(|r| r.escalated), t.escalations, "{what}");
        assert_eq!(tier_sum(|r| r.holds), t.holds, "{what}");
        assert_eq!(
            tier_sum(|r| r.hold_limit_events),
            t.hold_limit_events,
            "{what}"
        );
        assert!(
            close(d.tiers.iter().map(|r| r.hold_seconds).sum(), t.hold_seconds),
            "{what}"
        );
        assert_eq!(tier_sum(|r| r.callbacks_made), 0, "{what}");
    }

    // Tier occupancies weighted by agents give the desk's occupancy.
    let busy: f64 = d
        .tiers
        .iter()
        .map(|r| r.occupancy.unwrap() * f64::from(r.agents))
        .sum();
    let agents: u32 = d.tiers.iter().map(|r| r.agents).sum();
    assert!(
        close(busy, sum.occupancy.unwrap() * f64::from(agents)),
        "{what}"
    );
    assert!(
        d.tiers
            .iter()
            .all(|r| (0.0..=1.0).contains(&r.occupancy.unwrap()))
    );

    // The per-interval rows add up to the tiers.
    for r in &d.tiers {
        let rows: Vec<_> = d
            .tier_intervals
            .iter()
            .filter(|i| i.tier == r.level)
            .collect();
        assert_eq!(rows.len(), s.time.interval_count());
        assert_eq!(
            rows.iter().map(|i| i.calls_offered).sum::<u64>(),
            r.calls_offered
        );
        assert_eq!(rows.iter().map(|i| i.resolved).sum::<u64>(), r.resolved);
        assert_eq!(rows.iter().map(|i| i.escalated).sum::<u64>(), r.escalated);
    }

    // Per-class service level, recomputed from the calls with each class's
    // own threshold.
    let desk = s.helpdesk.as_ref().unwrap();
    for (k, (class, row)) in desk.classes.iter().zip(&d.classes).enumerate() {
        let mine: Vec<&CallRecord> = calls
            .iter()
            .filter(|c| usize::from(c.case.class) == k)
            .collect();
        let offered = mine
            .iter()
            .filter(|c| c.outcome != Outcome::Blocked)
            .count();
        let within = mine
            .iter()
            .filter(|c| c.outcome == Outcome::Answered && c.wait <= class.threshold)
            .count();
        assert_eq!(
            row.figures.calls_offered as usize, offered,
            "{}",
            class.name
        );
        assert_eq!(
            row.figures.calls_answered_within_threshold as usize, within,
            "{}",
            class.name
        );
        let runarounds = mine.iter().filter(|c| c.case.transfers >= 2).count();
        assert_eq!(
            row.figures.runarounds as usize, runarounds,
            "{}",
            class.name
        );
        assert_eq!(
            row.sla_met,
            row.figures.service_level.map(|sl| sl >= class.target)
        );
    }
}

#[test]
fn desk_sections_add_up_under_every_policy() {
    // The defaults at the hold limit and when a warm transfer times out are
    // callbacks (issue 13, R4 and R8): configs meant to run without
    // callbacks check in and queue the caller instead.
    const NO_CALLBACKS: [&str; 2] = [
        "hold.at_limit=check_in",
        "transfer.on_timeout=priority_queue",
    ];
    let configs: &[(&[&str], bool)] = &[
        (&NO_CALLBACKS, false),
        (&[], true),
        (&["transfer.policy=cold", "hold.at_limit=check_in"], false),
        (
            &["transfer.on_timeout=callback", "hold.at_limit=check_in"],
            true,
        ),
        (
            &[
                "hold.at_limit=escalate",
                "transfer.on_timeout=priority_queue",
            ],
            false,
        ),
        (&["transfer.policy=callback"], true),
        (&["call_limit.action=callback", "call_limit.max=8m"], true),
        (
            &[
                "call_limit.action=continue",
                "routing.agent=longest_idle",
                "routing.overflow=true",
                "hold.at_limit=check_in",
                "transfer.on_timeout=priority_queue",
            ],
            false,
        ),
    ];
    for (overrides, callbacks) in configs {
        let s = desk(overrides);
        for replication in 0..2 {
            check(&s, replication, *callbacks);
        }
    }
}

#[test]
fn a_warm_up_is_excluded_from_every_section() {
    let s = desk(&["time.warmup=2h"]);
    let (results, d, _) = run(&s, 0);
    assert_eq!(d.tiers[0].calls_offered, results.summary.calls_offered);
    let rows = d.tier_intervals.iter().filter(|r| r.tier == 1).count();
    assert_eq!(
        rows,
        s.time.interval_count() - 4,
        "no rows for warm-up intervals"
    );
    let classes: u64 = d.classes.iter().map(|c| c.figures.calls_arrived).sum();
    assert_eq!(classes, results.summary.calls_arrived);
}
