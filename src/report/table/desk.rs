//! The help-desk part of the terminal summary: the desk's totals, the tier
//! table, and the class and customer-type tables.

use super::format::{human_duration, pct, secs};
use crate::stats::{CallFigures, DeskResults};
use std::fmt::Write;

/// Appends the help-desk sections to `out`.
pub(super) fn render_desk(out: &mut String, d: &DeskResults) {
    totals(out, d);
    out.push('\n');
    tier_table(out, d);
    out.push('\n');
    class_table(out, d);
    out.push('\n');
    customer_table(out, d);
}

fn totals(out: &mut String, d: &DeskResults) {
    let t = &d.totals;
    let f = &t.figures;
    let _ = writeln!(
        out,
        "  help desk       {} tiers, {} transfers: {} transfers ({} without consent), {} runarounds ({} of answered), {} escalations",
        t.tiers,
        t.transfer_policy,
        f.transfers,
        f.transfers_without_consent,
        f.runarounds,
        pct(f.runaround_rate),
        f.escalations
    );
    let _ = writeln!(
        out,
        "  resolution      {} at first contact, {} resolved, {} hung up on hold, \
         {} abandoned after transfer, {} callbacks promised",
        pct(f.fcr_rate),
        f.resolved,
        f.hung_up_on_hold,
        f.abandoned_after_transfer,
        f.callbacks_promised
    );
    let _ = writeln!(
        out,
        "  holds           {} holds (mean {}), {} hold-limit events, {} calls over the time limit",
        f.holds,
        secs(f.mean_hold_seconds),
        f.hold_limit_events,
        f.calls_over_limit
    );
    let _ = writeln!(
        out,
        "  at hold limit   {} callbacks offered, {} escalated, {} check-ins ({} of talk)",
        f.hold_limit_callbacks,
        f.hold_limit_escalations,
        f.hold_check_ins,
        human_duration(f.hold_check_in_seconds)
    );
}

fn tier_table(out: &mut String, d: &DeskResults) {
    let _ = writeln!(
        out,
        "  {:<4}  {:>6}  {:>7}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7}  {:>8}  {:>9}  {:>9}  {:>5}  {:>10}  {:>9}",
        "tier",
        "agents",
        "offered",
        "answered",
        "abandoned",
        "SL",
        "ASA",
        "handle",
        "resolved",
        "escalated",
        "callbacks",
        "holds",
        "hold-limit",
        "occupancy"
    );
    for r in &d.tiers {
        let _ = writeln!(
            out,
            "  {:<4}  {:>6}  {:>7}  {:>8}  {:>9}  {:>7}  {:>7}  {:>7}  {:>8}  {:>9}  {:>9}  {:>5}  {:>10}  {:>9}",
            r.level,
            r.agents,
            r.calls_offered,
            r.calls_answered,
            r.calls_abandoned,
            pct(r.service_level),
            secs(r.asa_seconds),
            secs_whole(r.mean_handle_seconds),
            r.resolved,
            r.escalated,
            r.callbacks_made,
            r.holds,
            r.hold_limit_events,
            pct(r.occupancy)
        );
    }
}

fn secs_whole(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.0} s"))
}

/// The columns the class and customer tables share.
fn group_header(out: &mut String, first: &str, width: usize, extra: &str) {
    let _ = writeln!(
        out,
        "  {first:<width$}  {:>5}  {extra}{:>7}  {:>7}  {:>7}  {:>7}  {:>9}  {:>10}  {:>7}  {:>9}  {:>10}",
        "share",
        "offered",
        "SL",
        "ASA",
        "abandon",
        "transfers",
        "runarounds",
        "FCR",
        "hung up",
        "over limit"
    );
}

fn group_cells(f: &CallFigures) -> String {
    format!(
        "{:>7}  {:>7}  {:>7}  {:>7}  {:>9}  {:>10}  {:>7}  {:>9}  {:>10}",
        f.calls_offered,
        pct(f.service_level),
        secs(f.asa_seconds),
        pct(f.abandonment_rate),
        f.transfers,
        f.runarounds,
        pct(f.fcr_rate),
        f.hung_up_on_hold,
        f.calls_over_limit
    )
}

fn share(x: f64) -> String {
    format!("{:.0} %", 100.0 * x)
}

fn class_table(out: &mut String, d: &DeskResults) {
    let width = d
        .classes
        .iter()
        .map(|c| c.class.len())
        .max()
        .unwrap_or(0)
        .max(5);
    group_header(out, "class", width, &format!("{:<16}  ", "target"));
    for c in &d.classes {
        let target = format!(
            "{:.0} % in {}",
            100.0 * c.sla_target,
            human_duration(c.sla_threshold_seconds)
        );
        let verdict = match c.sla_met {
            Some(false) => " *",
            _ => "",
        };
        let _ = writeln!(
            out,
            "  {:<width$}  {:>5}  {:<16}  {}{verdict}",
            c.class,
            share(c.share),
            target,
            group_cells(&c.figures)
        );
    }
    if d.classes.iter().any(|c| c.sla_met == Some(false)) {
        let _ = writeln!(out, "  * below the class's service-level target");
    }
}

fn customer_table(out: &mut String, d: &DeskResults) {
    group_header(out, "customer", 13, "");
    for c in d.customers.iter().filter(|c| c.share > 0.0) {
        let _ = writeln!(
            out,
            "  {:<13}  {:>5}  {}",
            c.customer_type,
            share(c.share),
            group_cells(&c.figures)
        );
    }
}
