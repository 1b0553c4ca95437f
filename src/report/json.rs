//! `summary.json`: one object with every key of the output contract.

use crate::stats::{ClassRow, CustomerRow, DeskTotals, Summary, TierRow};
use serde::Serialize;
use std::io::{self, Write};

/// The summary of a help-desk run: the single-pool keys first, unchanged,
/// then the desk's sections.
#[derive(Serialize)]
struct WithDesk<'a> {
    #[serde(flatten)]
    summary: &'a Summary,
    helpdesk: &'a DeskTotals,
    tiers: &'a [TierRow],
    customers: &'a [CustomerRow],
    classes: &'a [ClassRow],
}

/// Writes the summary as pretty-printed JSON and a final newline. Numbers
/// keep full precision (shortest round-trip form), so the same run gives the
/// same bytes and re-reading loses nothing. A help-desk run adds the keys
/// `helpdesk`, `tiers`, `customers` and `classes`.
pub fn write_summary(
    w: &mut dyn Write,
    summary: &Summary,
    desk: Option<&crate::stats::DeskResults>,
) -> io::Result<()> {
    match desk {
        None => serde_json::to_writer_pretty(&mut *w, summary)?,
        Some(d) => serde_json::to_writer_pretty(
            &mut *w,
            &WithDesk {
                summary,
                helpdesk: &d.totals,
                tiers: &d.tiers,
                customers: &d.customers,
                classes: &d.classes,
            },
        )?,
    }
    writeln!(w)
}
