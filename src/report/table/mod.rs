//! The terminal summary a manager reads after `callsim run`: this module
//! lays out the headline and the interval table and puts the sections
//! together; each section's table has its own file, and all of them share
//! the number formats of [`format`](mod@format).

mod desk;
pub mod format;
mod quality;
mod rules;
mod workforce;

use crate::scenario::Scenario;
use crate::stats::{IntervalRow, Results, Summary};
use format::{NONE, human_duration, pct, secs};
use std::fmt::Write;

/// The headline block and the per-interval table; for a help desk, then
/// the desk's totals and its tier, class and customer tables; last, the
/// rule audit when a rule is on.
pub fn render(scenario: &Scenario, results: &Results) -> String {
    let mut out = String::new();
    headline(&mut out, scenario, &results.summary);
    if let Some(workforce) = &results.workforce {
        workforce::render_workforce(&mut out, &workforce.summary);
    }
    out.push('\n');
    interval_table(&mut out, &results.intervals, scenario.sla.target);
    if let Some(desk) = &results.desk {
        out.push('\n');
        desk::render_desk(&mut out, desk);
    }
    if let Some(quality) = &results.quality {
        out.push('\n');
        quality::render_quality(&mut out, quality);
    }
    if let Some(tickets) = &results.tickets {
        out.push('\n');
        quality::render_tickets(&mut out, tickets);
    }
    if let Some(walk_ins) = &results.walk_ins {
        out.push('\n');
        quality::render_walk_ins(&mut out, walk_ins);
    }
    if let Some(costs) = &results.costs {
        out.push('\n');
        quality::render_costs(&mut out, costs);
    }
    if let Some(audit) = &results.rules {
        out.push('\n');
        rules::render_rules(&mut out, audit);
    }
    out
}

fn headline(out: &mut String, scenario: &Scenario, s: &Summary) {
    let time = &scenario.time;
    let lines = scenario
        .lines
        .map_or_else(|| "unlimited lines".into(), |l| format!("{l} lines"));
    let _ = writeln!(
        out,
        "{} (seed {}): {} in {} intervals of {}, {} agents, {}",
        s.scenario,
        s.seed,
        human_duration(time.duration),
        time.interval_count(),
        human_duration(time.interval),
        scenario.agents,
        lines,
    );
    if time.warmup > 0.0 {
        let _ = writeln!(
            out,
            "statistics exclude calls arriving in the first {}",
            human_duration(time.warmup)
        );
    }
    let verdict = match s.sla_met {
        Some(true) => "MET",
        Some(false) => "MISSED",
        None => "no calls offered",
    };
    let _ = writeln!(
        out,
        "\n  service level   {} answered within {}   target {}   {verdict}",
        pct(s.service_level),
        secs(Some(s.sla_threshold_seconds)),
        pct(Some(s.sla_target)),
    );
    let _ = writeln!(
        out,
        "  calls           {} arrived, {} blocked, {} offered, {} answered, {} abandoned",
        s.calls_arrived, s.calls_blocked, s.calls_offered, s.calls_answered, s.calls_abandoned
    );
    let _ = writeln!(
        out,
        "  waiting         ASA {}, mean wait of all offered {}, P(wait) {}",
        secs(s.asa_seconds),
        secs(s.mean_wait_seconds),
        pct(s.prob_wait)
    );
    let _ = writeln!(
        out,
        "  rates           abandonment {}, blocking {}, occupancy {}",
        pct(s.abandonment_rate),
        pct(s.blocking_rate),
        pct(s.occupancy)
    );
    let _ = writeln!(
        out,
        "  handle time     {} mean (talk + wrap-up)",
        secs(s.mean_handle_seconds)
    );
    let _ = writeln!(
        out,
        "  queue           {} calls on average, {} at most",
        s.avg_queue_length
            .map_or_else(|| NONE.into(), |q| format!("{q:.2}")),
        s.max_queue_length
    );
    if let Some(w) = &s.wait_seconds {
        let _ = writeln!(
            out,
            "  answered wait   p50 {:.1} s, p80 {:.1} s, p90 {:.1} s, p95 {:.1} s, p99 {:.1} s, max {:.1} s",
            w.p50, w.p80, w.p90, w.p95, w.p99, w.max
        );
    }
}

/// The per-interval table; intervals whose service level misses `target`
/// are marked with `*`, so the hours that need staff stand out.
fn interval_table(out: &mut String, rows: &[IntervalRow], target: f64) {
    let staffed = rows.first().is_some_and(|r| r.agents_available.is_some());
    let _ = write!(
        out,
        "  {:<8}  {:>7}  {:>8}  {:>9}  {:>9}  {:>7}  {:>7}  {:>9}  {:>5}",
        "interval",
        "offered",
        "answered",
        "abandoned",
        "SL",
        "ASA",
        "abandon",
        "occupancy",
        "queue"
    );
    if staffed {
        let _ = write!(out, "  {:>8}  {:>7}  {:>5}", "on shift", "on duty", "break");
    }
    out.push('\n');
    let mut missed = 0;
    for r in rows {
        let below = r.service_level.is_some_and(|sl| sl < target);
        missed += usize::from(below);
        let _ = write!(
            out,
            "  {:<8}  {:>7}  {:>8}  {:>9}  {:>7}{:<2}  {:>7}  {:>7}  {:>9}  {:>5}",
            r.interval_start,
            r.calls_offered,
            r.calls_answered,
            r.calls_abandoned,
            pct(r.service_level),
            if below { " *" } else { "" },
            secs(r.asa_seconds),
            pct(r.abandonment_rate),
            pct(r.occupancy),
            r.avg_queue_length
                .map_or_else(|| NONE.into(), |q| format!("{q:.2}")),
        );
        if staffed {
            let one = |x: Option<f64>| x.map_or_else(|| NONE.into(), |v| format!("{v:.1}"));
            let _ = write!(
                out,
                "  {:>8}  {:>7}  {:>5}",
                one(r.agents_scheduled),
                one(r.agents_available),
                one(r.agents_on_break)
            );
        }
        out.push('\n');
    }
    if missed > 0 {
        let _ = writeln!(
            out,
            "  * below the {} target ({missed} of {} intervals)",
            pct(Some(target)),
            rows.len()
        );
    }
}
