//! Tidy CSV files: one header row, one observation per row, snake_case
//! columns with units in their names; undefined ratios are empty fields.

use serde::Serialize;
use std::io::{self, Write};

/// Writes `rows` with a header taken from the row type's field names; rows
/// may be built as they are written, so a long run's need not all exist.
pub fn write_rows<T: Serialize>(
    w: &mut dyn Write,
    rows: impl IntoIterator<Item = T>,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(w);
    for row in rows {
        writer.serialize(row).map_err(io::Error::other)?;
    }
    writer.flush()
}
