//! `summary.json`: one object with every key of the output contract.

use crate::stats::{
    ClassRow, CostFigures, CustomerRow, DeskTotals, QualityResults, Results, RuleAudit, Summary,
    TicketFigures, TierRow, WalkInFigures, WorkforceSummary,
};
use serde::Serialize;
use std::io::{self, Write};

/// `summary.json` as a value: the single-pool keys first, unchanged, then
/// the sections the run has. Experiments flatten this same value into their
/// columns, so a sweep or a comparison reports exactly the figures a run
/// writes, under the same names.
#[derive(Debug, Serialize)]
pub struct SummaryView<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    helpdesk: Option<&'a DeskTotals>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tiers: Option<&'a [TierRow]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customers: Option<&'a [CustomerRow]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    classes: Option<&'a [ClassRow]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    workforce: Option<&'a WorkforceSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quality: Option<&'a QualityResults>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tickets: Option<&'a TicketFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    walk_ins: Option<&'a WalkInFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    costs: Option<&'a CostFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<&'a RuleAudit>,
}

impl<'a> SummaryView<'a> {
    /// The sections `results` has; the others are left out.
    pub fn of(results: &'a Results) -> Self {
        let desk = results.desk.as_ref();
        Self {
            summary: &results.summary,
            helpdesk: desk.map(|d| &d.totals),
            tiers: desk.map(|d| d.tiers.as_slice()),
            customers: desk.map(|d| d.customers.as_slice()),
            classes: desk.map(|d| d.classes.as_slice()),
            workforce: results.workforce.as_ref().map(|s| &s.summary),
            quality: results.quality.as_ref(),
            tickets: results.tickets.as_ref(),
            walk_ins: results.walk_ins.as_ref(),
            costs: results.costs.as_ref(),
            rules: results.rules.as_ref(),
        }
    }

    /// Whether the run has any section beyond the single-pool keys.
    fn extended(&self) -> bool {
        self.helpdesk.is_some()
            || self.workforce.is_some()
            || self.quality.is_some()
            || self.costs.is_some()
            || self.tickets.is_some()
            || self.walk_ins.is_some()
            || self.rules.is_some()
    }
}

/// Writes the summary as pretty-printed JSON and a final newline. Numbers
/// keep full precision (shortest round-trip form), so the same run gives the
/// same bytes and re-reading loses nothing. A help-desk run adds the keys
/// `helpdesk`, `tiers`, `customers` and `classes`; a run with shifts adds
/// `workforce`; one with quality rules `quality`; one with tickets
/// `tickets`; one with walk-ins `walk_ins`; one with `[costs]` `costs`; one
/// with a rule on `rules`, the rule audit.
pub fn write_summary(w: &mut dyn Write, results: &Results) -> io::Result<()> {
    let view = SummaryView::of(results);
    if view.extended() {
        serde_json::to_writer_pretty(&mut *w, &view)?;
    } else {
        serde_json::to_writer_pretty(&mut *w, view.summary)?;
    }
    writeln!(w)
}
