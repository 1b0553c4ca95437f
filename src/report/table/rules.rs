//! The rule audit in the terminal summary: one line per rule that is on,
//! saying in plain words what it did, what that cost in waiting and what
//! it protected.

use super::format::NONE;
use crate::stats::RuleAudit;
use std::fmt::Write;

/// Appends the rule audit's table to `out`.
pub(super) fn render_rules(out: &mut String, audit: &RuleAudit) {
    let _ = writeln!(
        out,
        "  {:<22}  {:<20}  {:<48}  protected",
        "rule", "acted", "delay: mean / max"
    );
    for (rule, row) in &audit.rows {
        let name = rule.as_str().replace('_', " ");
        let acted = format!("{} {}", row.acted, row.action);
        let delay = row.delay.as_ref().map_or_else(
            || NONE.into(),
            |d| format!("{}: {}", d.of, mean_and_max(d.mean_seconds, d.max_seconds)),
        );
        let protected = row.protected.as_ref().map_or_else(
            || NONE.into(),
            |p| match p.mean {
                Some(mean) => format!("{}: {} ({mean:.2} each)", p.of, p.total),
                None => format!("{}: {}", p.of, p.total),
            },
        );
        let _ = writeln!(out, "  {name:<22}  {acted:<20}  {delay:<48}  {protected}");
    }
}

/// A mean and a maximum in one unit, the one that reads best for the
/// maximum: `37.5 / 180.0 s`, `69.5 / 90.5 min`, `14.5 / 16.2 h`.
fn mean_and_max(mean: Option<f64>, max: Option<f64>) -> String {
    let (Some(mean), Some(max)) = (mean, max) else {
        return NONE.into();
    };
    let (scale, unit) = if max < 600.0 {
        (1.0, "s")
    } else if max < 3.0 * 3600.0 {
        (60.0, "min")
    } else {
        (3600.0, "h")
    };
    format!("{:.1} / {:.1} {unit}", mean / scale, max / scale)
}
