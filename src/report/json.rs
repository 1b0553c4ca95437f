//! `summary.json`: one object with every key of the output contract.

use crate::stats::{
    ClassRow, CostFigures, CustomerRow, DeskTotals, QualityResults, Results, StaffSummary, Summary,
    TicketFigures, TierRow, WalkInFigures,
};
use serde::Serialize;
use std::io::{self, Write};

/// The summary of a run with a help desk or shifts: the single-pool keys
/// first, unchanged, then the sections the run has.
#[derive(Serialize)]
struct Extended<'a> {
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
    workforce: Option<&'a StaffSummary>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quality: Option<&'a QualityResults>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tickets: Option<&'a TicketFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    walk_ins: Option<&'a WalkInFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    costs: Option<&'a CostFigures>,
}

/// Writes the summary as pretty-printed JSON and a final newline. Numbers
/// keep full precision (shortest round-trip form), so the same run gives the
/// same bytes and re-reading loses nothing. A help-desk run adds the keys
/// `helpdesk`, `tiers`, `customers` and `classes`; a run with shifts adds
/// `workforce`; one with quality rules `quality`; one with tickets
/// `tickets`; one with walk-ins `walk_ins`; one with `[costs]` `costs`.
pub fn write_summary(w: &mut dyn Write, results: &Results) -> io::Result<()> {
    let summary = &results.summary;
    let desk = results.desk.as_ref();
    let staff = results.staff.as_ref().map(|s| &s.summary);
    let (quality, costs) = (results.quality.as_ref(), results.costs.as_ref());
    let (tickets, walk_ins) = (results.tickets.as_ref(), results.walk_ins.as_ref());
    let extended = desk.is_some()
        || staff.is_some()
        || quality.is_some()
        || costs.is_some()
        || tickets.is_some()
        || walk_ins.is_some();
    if !extended {
        serde_json::to_writer_pretty(&mut *w, summary)?;
    } else {
        serde_json::to_writer_pretty(
            &mut *w,
            &Extended {
                summary,
                helpdesk: desk.map(|d| &d.totals),
                tiers: desk.map(|d| d.tiers.as_slice()),
                customers: desk.map(|d| d.customers.as_slice()),
                classes: desk.map(|d| d.classes.as_slice()),
                workforce: staff,
                quality,
                tickets,
                walk_ins,
                costs,
            },
        )?;
    }
    writeln!(w)
}
