//! `calls.csv`: one row per call, streamed to disk as calls finish, so a
//! ten-million-call log needs no more memory than a short one.
//!
//! Rows hold synthetic sequential ids only, never a caller's identity, and
//! appear in the order calls leave the system (not their arrival order).

use super::partial_path;
use crate::engine::Time;
use crate::model::{CallRecord, CaseEnd, FollowUpOutcome, FollowUpRecord, Observer};
use crate::scenario::{CustomerKind, Helpdesk, Scenario};
use crate::stats::experience::{call_score, followup_score};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

const HEADER: &str = "call_id,arrival_seconds,outcome,wait_seconds,talk_seconds,\
wrap_up_seconds,agent,end_seconds,counted";

/// Columns a help-desk run appends: who the caller was and what the desk did.
const DESK_HEADER: &str = ",customer_type,class,complexity,topic,language,tier_path,\
transfers,escalations,holds,hold_seconds,hold_limit_events,over_limit,case_end";

/// Columns a run with quality rules appends: the contact's channel, its case
/// (repeat calls and follow-ups share the id of the case's first call), the
/// contact's number within the case, whether the fix held, and the
/// experience score (`[experience]` only).
const QUALITY_HEADER: &str = ",channel,case_id,contact,fix_held,callback,experience_score";

/// A call log being written to `path.partial`; [`finish`](Self::finish)
/// renames it into place.
#[derive(Debug)]
pub struct CallLog {
    path: PathBuf,
    writer: BufWriter<fs::File>,
    /// The first write error: the run goes on, the error is reported at the end.
    error: Option<io::Error>,
    rows: u64,
    /// Names for the help-desk columns; `None` in a single-pool run.
    desk: Option<Helpdesk>,
    /// The quality columns are on.
    quality: bool,
}

impl CallLog {
    /// Starts a call log of a run of `scenario` at `path` (written to
    /// `path.partial` until finished). A help-desk run gets the extra columns.
    pub fn create(path: &Path, scenario: &Scenario) -> io::Result<Self> {
        let mut writer = BufWriter::with_capacity(1 << 16, fs::File::create(partial_path(path))?);
        writer.write_all(HEADER.as_bytes())?;
        if scenario.helpdesk.is_some() {
            writer.write_all(DESK_HEADER.as_bytes())?;
        }
        let quality = scenario
            .helpdesk
            .as_ref()
            .is_some_and(|d| d.quality.is_on());
        if quality {
            writer.write_all(QUALITY_HEADER.as_bytes())?;
        }
        writer.write_all(b"\n")?;
        Ok(Self {
            path: path.to_path_buf(),
            writer,
            error: None,
            rows: 0,
            desk: scenario.helpdesk.clone(),
            quality,
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
        write!(w, ",{now:.6},{}", call.counted)?;
        if let Some(desk) = &self.desk {
            let c = &call.case;
            write!(
                w,
                ",{},{},{},{},{},",
                CustomerKind::ALL[usize::from(c.customer)].as_str(),
                desk.classes[usize::from(c.class)].name,
                desk.complexities.names[usize::from(c.complexity)],
                desk.topics.names[usize::from(c.topic)],
                desk.languages.names[usize::from(c.language)],
            )?;
            // Tier levels in visiting order: `1>2>5`.
            for (i, tier) in c.path.iter().enumerate() {
                let sep = if i == 0 { "" } else { ">" };
                write!(w, "{sep}{}", desk.tiers[usize::from(tier)].level)?;
            }
            write!(
                w,
                ",{},{},{},{:.6},{},{},{}",
                c.transfers,
                c.escalations,
                c.holds,
                c.hold_seconds,
                c.hold_limit_events,
                c.over_limit,
                c.end.as_str()
            )?;
            if self.quality {
                write!(
                    w,
                    ",phone,{},{},{},{},",
                    c.case_id,
                    c.contact,
                    fix_held(call),
                    callback(call)
                )?;
                if let Some(model) = &desk.quality.experience {
                    write!(w, "{:.2}", call_score(model, desk, call))?;
                }
            }
        }
        writeln!(w)
    }

    /// A follow-up row: no call id (follow-ups are not inbound calls), the
    /// due time as its arrival, its outcome, the wait from due to made.
    fn write_followup(&mut self, now: Time, f: &FollowUpRecord) -> io::Result<()> {
        let Some(desk) = &self.desk else {
            return Ok(());
        };
        let w = &mut self.writer;
        write!(w, ",{:.6},{},", f.due, f.outcome.as_str())?;
        if let Some(started) = f.started {
            write!(w, "{:.6}", started - f.due)?;
        }
        write!(w, ",{:.6},0.000000,", f.talk)?;
        if let Some(agent) = f.agent {
            write!(w, "{agent}")?;
        }
        write!(
            w,
            ",{now:.6},{},{},{},,,,,0,0,0,0.000000,0,false,,followup,{},,,,",
            f.counted,
            CustomerKind::ALL[usize::from(f.customer)].as_str(),
            desk.classes[usize::from(f.class)].name,
            f.case_id
        )?;
        if let Some(score) = desk
            .quality
            .experience
            .as_ref()
            .and_then(|m| followup_score(m, f))
        {
            write!(w, "{score:.2}")?;
        }
        writeln!(w)
    }
}

/// The virtual-hold offer: empty if none, `declined`, or the callback's
/// `kept` or `broken` promise.
fn callback(call: &CallRecord) -> &'static str {
    let c = &call.case;
    match (c.callback_offered, c.virtual_hold, c.promise_broken) {
        (false, _, _) => "",
        (true, false, _) => "declined",
        (true, true, false) => "kept",
        (true, true, true) => "broken",
    }
}

/// `true`/`false` for a resolved call; empty when the call did not end
/// with a fix.
fn fix_held(call: &CallRecord) -> &'static str {
    match (call.case.end, call.case.unfixed) {
        (CaseEnd::Resolved, false) => "true",
        (CaseEnd::Resolved, true) => "false",
        _ => "",
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

    /// Follow-ups that fell due (made or missed) are rows; one superseded
    /// by a repeat call or due after the horizon never became a contact.
    fn followup_finished(&mut self, now: Time, record: &FollowUpRecord) {
        if self.error.is_some()
            || !self.quality
            || matches!(
                record.outcome,
                FollowUpOutcome::Superseded | FollowUpOutcome::AfterHorizon
            )
        {
            return;
        }
        match self.write_followup(now, record) {
            Ok(()) => self.rows += 1,
            Err(e) => self.error = Some(e),
        }
    }
}
