//! A CSV file streamed to disk while a run goes (the event and visit logs):
//! rows go through a buffered writer to `path.partial`, and the file takes
//! its final name only once complete, so memory stays flat and a half
//! written log never passes for a whole one.

use super::partial_path;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A log being written to `path.partial`; [`finish`](Self::finish) renames
/// it into place.
#[derive(Debug)]
pub struct StreamedCsv {
    path: PathBuf,
    writer: BufWriter<fs::File>,
    /// The first write error: the run goes on, the error is reported at the end.
    error: Option<io::Error>,
    rows: u64,
}

impl StreamedCsv {
    /// Starts the file at `path` with its `header` line.
    pub fn create(path: &Path, header: &str) -> io::Result<Self> {
        let mut writer = BufWriter::with_capacity(1 << 16, fs::File::create(partial_path(path))?);
        writeln!(writer, "{header}")?;
        Ok(Self {
            path: path.to_path_buf(),
            writer,
            error: None,
            rows: 0,
        })
    }

    /// Writes one row through `fill` (which ends it with a newline); after a
    /// first error, nothing more is written.
    #[inline]
    pub fn row(&mut self, fill: impl FnOnce(&mut BufWriter<fs::File>) -> io::Result<()>) {
        if self.error.is_some() {
            return;
        }
        match fill(&mut self.writer) {
            Ok(()) => self.rows += 1,
            Err(e) => self.error = Some(e),
        }
    }

    /// Flushes the file and moves it to its final name; returns the rows
    /// written. On an error the partial file is removed.
    pub fn finish(mut self) -> io::Result<u64> {
        let partial = partial_path(&self.path);
        let done = match self.error.take() {
            Some(e) => Err(e),
            None => self
                .writer
                .flush()
                .and_then(|()| self.writer.get_ref().sync_all()),
        };
        match done {
            Ok(()) => {
                fs::rename(&partial, &self.path)?;
                Ok(self.rows)
            }
            Err(e) => {
                let _ = fs::remove_file(&partial);
                Err(e)
            }
        }
    }
}
