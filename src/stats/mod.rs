//! Statistics: observers that turn a run's events into the numbers managers
//! and researchers read. They only count; formatting belongs to `report`.

pub(crate) mod audit;
pub(crate) mod costs;
pub(crate) mod desk;
pub(crate) mod desk_counts;
pub(crate) mod experience;
pub(crate) mod intervals;
pub(crate) mod quality;
pub(crate) mod recorder;
pub(crate) mod summary;
pub(crate) mod tickets;
pub(crate) mod tier_intervals;
pub(crate) mod time_weighted;
pub(crate) mod waits;
pub(crate) mod walk_ins;
pub(crate) mod workforce;

pub use audit::{AuditRecorder, Delay, Protected, RuleAudit, RuleRow};
pub use costs::{ClassCost, CostFigures, TierCost};
pub use desk::{
    CallFigures, ClassRow, CustomerRow, DeskRecorder, DeskResults, DeskTotals, TierRow,
};
pub(crate) use intervals::clock_label;
pub use intervals::{IntervalRow, IntervalStart};
pub use quality::{
    CallbackFigures, CaseFigures, ExperienceFigures, FollowUpFigures, QualityRecorder,
    QualityResults, ScoreRow,
};
pub use recorder::{Recorder, Results};
pub use summary::{Summary, WaitPercentiles};
pub use tickets::{TicketDay, TicketFigures, TicketRecorder};
pub use tier_intervals::{TierIntervalRow, TierIntervals};
pub use waits::HistogramRow;
pub use walk_ins::WalkInFigures;
pub use workforce::{AgentRow, WorkforceRecorder, WorkforceResults, WorkforceSummary};

/// `numerator / denominator`, or `None` when nothing was observed, so an
/// empty run reports "undefined" (JSON `null`) rather than a made-up 0 or NaN.
pub(crate) fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| numerator / denominator)
}
