//! The quality part of the terminal summary: cases, first-call resolution
//! and repeat calls, follow-ups, and the customer-experience scores.

use super::format::{human_duration, pct, secs};
use crate::stats::quality::ScoreRow;
use crate::stats::{CostFigures, QualityResults, TicketFigures, WalkInFigures};
use std::fmt::Write;

fn score(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

/// Appends the ticket section to `out`.
pub(super) fn render_tickets(out: &mut String, t: &TicketFigures) {
    let hours = |x: Option<f64>| x.map_or_else(|| "-".into(), |v| format!("{:.1} h", v / 3600.0));
    let _ = writeln!(
        out,
        "  tickets         {} arrived, {} answered: {} within {} (target {}){}; {} waiting at the end ({} overdue)",
        t.arrived,
        t.responded,
        pct(t.response_sla_compliance),
        hours(Some(t.response_sla_seconds)),
        pct(Some(t.response_target)),
        if t.response_sla_met == Some(false) {
            " *"
        } else {
            ""
        },
        t.waiting_at_end,
        t.overdue_at_end
    );
    let _ = writeln!(
        out,
        "    response      mean {}, median {}, p90 {}, max {}; resolution mean {}",
        hours(t.mean_response_seconds),
        hours(t.response_p50_seconds),
        hours(t.response_p90_seconds),
        hours(t.response_max_seconds),
        hours(t.mean_resolution_seconds)
    );
    if t.days.len() > 1 {
        let backlog: Vec<String> = t.days.iter().map(|d| d.backlog_end.to_string()).collect();
        let _ = writeln!(
            out,
            "    backlog       at each day's end: {}",
            backlog.join(", ")
        );
    }
}

/// Appends the walk-in section to `out`.
pub(super) fn render_walk_ins(out: &mut String, w: &WalkInFigures) {
    let _ = writeln!(
        out,
        "  walk-ins        {} visitors, {} served, {} left; {} served within {} (target {}){}; {} agents, occupancy {}",
        w.visitors,
        w.served,
        w.left,
        pct(w.service_level),
        human_duration(w.threshold_seconds),
        pct(Some(w.target)),
        if w.target_met == Some(false) {
            " *"
        } else {
            ""
        },
        w.agents,
        pct(w.occupancy)
    );
    let _ = writeln!(
        out,
        "    wait          mean {}, p90 {}, max {}; {} in the queue at most",
        secs(w.mean_wait_seconds),
        secs(w.wait_p90_seconds),
        secs(w.wait_max_seconds),
        w.max_queue_length
    );
}

/// Appends the cost section to `out`.
pub(super) fn render_costs(out: &mut String, c: &CostFigures) {
    let money = |x: f64| format!("{x:.2} {}", c.currency);
    let _ = writeln!(
        out,
        "  costs           {} in all: labour {}, SLA penalties {} ({} breaches), callbacks {}, follow-ups {}",
        money(c.total),
        money(c.labour),
        money(c.penalties),
        c.classes.iter().map(|k| k.breaches).sum::<u64>(),
        money(c.callbacks),
        money(c.followups)
    );
    let _ = writeln!(
        out,
        "    per resolved  {} ({} resolved)",
        c.cost_per_resolved.map_or_else(|| "-".into(), money),
        c.resolved
    );
}

/// Appends the quality sections to `out`.
pub(super) fn render_quality(out: &mut String, q: &QualityResults) {
    let c = &q.cases;
    let _ = writeln!(
        out,
        "  cases           {} cases: {} resolved, {} unresolved, {} abandoned, {} open at the horizon",
        c.cases, c.resolved, c.unresolved, c.abandoned, c.open_at_horizon
    );
    let _ = writeln!(
        out,
        "  first call      {} resolved for good by the first call ({} of {} answered first calls)",
        pct(c.first_call_resolution),
        c.first_call_resolved,
        c.first_calls_answered
    );
    let _ = writeln!(
        out,
        "  repeat calls    {} of {} calls ({}), {} calls per case",
        c.repeat_calls,
        c.calls,
        pct(c.repeat_rate),
        c.calls_per_case
            .map_or_else(|| "-".into(), |v| format!("{v:.2}"))
    );
    if let Some(f) = &q.followups {
        let _ = writeln!(
            out,
            "  follow-ups      {} due: {} made ({} reached: {} confirmed, {} reopened, {} not detected; \
             {} no answer), {} missed, {} superseded by a repeat call; mean delay {}",
            f.scheduled,
            f.made,
            f.reached,
            f.confirmed,
            f.reopened,
            f.not_detected,
            f.no_answer,
            f.missed,
            f.superseded,
            secs(f.mean_delay_seconds)
        );
    }
    if let Some(cb) = &q.callbacks {
        let _ = writeln!(
            out,
            "  callbacks       {} offered, {} accepted ({}): {} kept, {} broken promises; mean wait for the callback {}",
            cb.offered,
            cb.accepted,
            pct(cb.acceptance_rate),
            cb.kept,
            cb.broken,
            secs(cb.mean_callback_wait_seconds)
        );
    }
    if let Some(e) = &q.experience {
        let _ = writeln!(
            out,
            "  experience      mean {} over {} contacts (sd {}; p10 {}, median {}, p90 {}; 0-100, teaching model)",
            score(e.mean),
            e.contacts,
            score(e.std_dev),
            score(e.p10),
            score(e.p50),
            score(e.p90)
        );
        let groups = |rows: &[ScoreRow]| {
            rows.iter()
                .filter(|r| r.contacts > 0)
                .map(|r| format!("{} {}", r.group, score(r.mean)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "    by type       {}", groups(&e.by_customer_type));
        let _ = writeln!(out, "    by class      {}", groups(&e.by_class));
        let _ = writeln!(out, "    by channel    {}", groups(&e.by_channel));
    }
}
