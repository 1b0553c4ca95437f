//! Statistics: observers that turn a run's events into the numbers managers
//! and researchers read. They only count; formatting belongs to `report`.

pub mod audit;
pub mod costs;
pub mod desk;
pub(crate) mod desk_counts;
pub mod experience;
pub mod intervals;
pub mod quality;
pub mod recorder;
pub mod staffing;
pub mod summary;
pub mod tickets;
pub mod tier_intervals;
pub mod time_weighted;
pub mod waits;
pub mod walk_ins;

pub use audit::{AuditRecorder, RuleAudit};
pub use costs::CostFigures;
pub use desk::{
    CallFigures, ClassRow, CustomerRow, DeskRecorder, DeskResults, DeskTotals, TierRow,
};
pub use intervals::{IntervalRow, IntervalStart, clock_label, interval_label};
pub use quality::{QualityRecorder, QualityResults};
pub use recorder::{Recorder, Results};
pub use staffing::{AgentRow, StaffRecorder, StaffResults, StaffSummary};
pub use summary::{Summary, WaitPercentiles};
pub use tickets::{TicketFigures, TicketRecorder};
pub use tier_intervals::{TierIntervalRow, TierIntervals};
pub use waits::HistogramRow;
pub use walk_ins::WalkInFigures;

/// `numerator / denominator`, or `None` when nothing was observed, so an
/// empty run reports "undefined" (JSON `null`) rather than a made-up 0 or NaN.
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0).then(|| numerator / denominator)
}
