//! The workforce part of the terminal summary: shrinkage, breaks, leave,
//! overtime and the daily quota.

use super::format::pct;
use crate::stats::WorkforceSummary;
use std::fmt::Write;

fn hours(seconds: f64) -> String {
    format!("{:.1} h", seconds / 3600.0)
}

fn minutes(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "-".into(), |s| format!("{:.1} min", s / 60.0))
}

/// Appends the workforce lines to `out`.
pub(super) fn render_workforce(out: &mut String, s: &WorkforceSummary) {
    let _ = writeln!(
        out,
        "  workforce       {} agents, {} paid, {} available for calls: shrinkage {} \
         (prep {}, breaks {}, lunch {}, meetings {}, leave {})",
        s.agents,
        hours(s.paid_seconds),
        hours(s.available_seconds),
        pct(s.shrinkage),
        pct(s.shrinkage_prep),
        pct(s.shrinkage_break),
        pct(s.shrinkage_lunch),
        pct(s.shrinkage_meeting),
        pct(s.shrinkage_leave),
    );
    let _ = writeln!(
        out,
        "  breaks          {} due: {} taken, {} deferred by the rules, {} forced at the limit, {} missed; \
         {} started in their window, mean delay {}, overrun {}",
        s.breaks_due,
        s.breaks_taken,
        s.breaks_deferred,
        s.breaks_forced,
        s.breaks_missed,
        pct(s.break_adherence),
        minutes(s.mean_break_delay_seconds),
        minutes(Some(s.break_overrun_seconds)),
    );
    let _ = writeln!(
        out,
        "  leave, quota    {} leave granted, {} refused; overtime {}; {} of {} agent-days below the quota of {} calls",
        s.leave_granted,
        s.leave_refused,
        hours(s.overtime_seconds),
        s.agent_days_below_quota,
        s.agent_days,
        s.daily_quota,
    );
}
