//! `summary.json`: one object with every key of the output contract.

use crate::stats::Summary;
use std::io::{self, Write};

/// Writes the summary as pretty-printed JSON and a final newline. Numbers
/// keep full precision (shortest round-trip form), so the same run gives the
/// same bytes and re-reading loses nothing.
pub fn write_summary(w: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, summary)?;
    writeln!(w)
}
