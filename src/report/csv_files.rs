//! Tidy CSV files: one header row, one observation per row, snake_case
//! columns with units in their names; undefined ratios are empty fields.

use serde::Serialize;
use std::io::{self, Write};

/// Writes `rows` with a header taken from the row type's field names.
pub fn write_rows<T: Serialize>(w: &mut dyn Write, rows: &[T]) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(w);
    for row in rows {
        writer.serialize(row).map_err(io::Error::other)?;
    }
    writer.flush()
}
