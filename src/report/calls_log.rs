//! `calls.csv`: one row per call, streamed to disk as calls finish, so a
//! ten-million-call log needs no more memory than a short one.
//!
//! Rows hold synthetic sequential ids only, never a caller's identity, and
//! appear in the order calls leave the system (not their arrival order).

use super::partial_path;
use crate::engine::Time;
use crate::model::{CallRecord, Observer};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

const HEADER: &str = "call_id,arrival_seconds,outcome,wait_seconds,talk_seconds,\
wrap_up_seconds,agent,end_seconds,counted\n";

/// A call log being written to `path.partial`; [`finish`](Self::finish)
/// renames it into place.
#[derive(Debug)]
pub struct CallLog {
    path: PathBuf,
    writer: BufWriter<fs::File>,
    /// The first write error: the run goes on, the error is reported at the end.
    error: Option<io::Error>,
    rows: u64,
}

impl CallLog {
    /// Starts a call log at `path` (written to `path.partial` until finished).
    pub fn create(path: &Path) -> io::Result<Self> {
        let mut writer = BufWriter::with_capacity(1 << 16, fs::File::create(partial_path(path))?);
        writer.write_all(HEADER.as_bytes())?;
        Ok(Self {
            path: path.to_path_buf(),
            writer,
            error: None,
            rows: 0,
        })
    }

    /// Flushes the log and moves it to its final name; returns the rows written.
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

    fn write_row(&mut self, now: Time, call: &CallRecord) -> io::Result<()> {
        // Times to the microsecond: exact enough for any analysis, and a
        // fixed format keeps files byte-identical across runs.
        let w = &mut self.writer;
        write!(
            w,
            "{},{:.6},{},{:.6},{:.6},{:.6},",
            call.id,
            call.arrival,
            call.outcome.as_str(),
            call.wait,
            call.talk,
            call.wrap_up,
        )?;
        if let Some(agent) = call.agent {
            write!(w, "{agent}")?;
        }
        writeln!(w, ",{now:.6},{}", call.counted)
    }
}

impl Observer for CallLog {
    fn call_finished(&mut self, now: Time, call: &CallRecord) {
        if self.error.is_some() {
            return;
        }
        match self.write_row(now, call) {
            Ok(()) => self.rows += 1,
            Err(e) => self.error = Some(e),
        }
    }
}
