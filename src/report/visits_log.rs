//! `visits.csv`: one row per visit of a case to a tier, as Ciw records its
//! service visits (`callsim run --events`): the case and contact, the tier,
//! how and when the case reached it, its wait, the agent, the service's
//! start and end, its holds, how it ended, and for an escalation the next
//! tier, so that a case's path can be rebuilt from the rows.
//!
//! A reader of the event stream beside the engine's visit reports: the
//! report gives the visit's figures, the events around it the case and the
//! next tier. Rows are written as visits end; memory holds only the visits
//! under way.

use super::events_log::tier_levels;
use super::streamed::StreamedCsv;
use crate::engine::Time;
use crate::model::observer::{Event, EventKind};
use crate::model::{Observer, VisitEnd, VisitRecord};
use crate::replication::Companion;
use crate::scenario::Scenario;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

/// The header of `visits.csv`.
pub const VISITS_HEADER: &str = "case,contact,tier,entry,entered_seconds,wait_seconds,agent,\
agent_tier,start_seconds,end_seconds,handle_seconds,hold_seconds,holds,outcome,next_tier,\
callback,counted";

/// A visit log being written; [`finish`](Self::finish) puts it in place.
#[derive(Debug)]
pub struct VisitLog {
    file: StreamedCsv,
    levels: Vec<u8>,
    /// When each visit under way began, by contact.
    started: HashMap<u64, Time>,
    /// The contact and case of the last call event.
    last: Option<(u64, u64)>,
    /// A visit just ended, waiting for the event that follows it to name its
    /// case or, for an escalation, its next tier; with its start and end.
    pending: Option<(VisitRecord, Option<u64>, Option<Time>, Time)>,
}

impl VisitLog {
    /// Starts the visit log of a run of `scenario` at `path`.
    pub fn create(path: &Path, scenario: &Scenario) -> io::Result<Self> {
        Ok(Self {
            file: StreamedCsv::create(path, VISITS_HEADER)?,
            levels: tier_levels(scenario),
            started: HashMap::new(),
            last: None,
            pending: None,
        })
    }

    /// Writes what is pending, flushes the log and moves it to its final
    /// name; returns the rows written.
    pub fn finish(mut self) -> io::Result<u64> {
        self.write_pending(None, None);
        self.file.finish()
    }

    /// Writes the visit pending, with its case if it was not known, and
    /// its next tier.
    fn write_pending(&mut self, case: Option<u64>, next: Option<u8>) {
        if let Some((v, known, start, end)) = self.pending.take() {
            self.write(&v, known.or(case), start, end, next);
        }
    }

    fn write(
        &mut self,
        v: &VisitRecord,
        case: Option<u64>,
        start: Option<Time>,
        end: Time,
        next: Option<u8>,
    ) {
        let levels = &self.levels;
        let level = |t: u8| levels.get(usize::from(t)).copied();
        let (tier, agent_tier, next) = (
            level(v.tier),
            v.agent_tier.and_then(level),
            next.and_then(level),
        );
        self.file.row(|w| {
            if let Some(case) = case {
                write!(w, "{case}")?;
            }
            write!(w, ",{},", v.call_id)?;
            cell(w, tier)?;
            write!(w, "{},{},{},", v.entry.as_str(), v.entered, v.wait)?;
            cell(w, v.agent)?;
            cell(w, agent_tier)?;
            cell(w, start)?;
            cell(w, start.map(|_| end))?;
            write!(w, "{},{},{},{},", v.handle, v.hold, v.holds, v.end.as_str())?;
            cell(w, next)?;
            writeln!(w, "{},{}", v.callback, v.counted)
        });
    }
}

/// A cell and its comma: the value, or empty.
fn cell(w: &mut impl Write, value: Option<impl std::fmt::Display>) -> io::Result<()> {
    match value {
        Some(v) => write!(w, "{v},"),
        None => w.write_all(b","),
    }
}

impl Observer for VisitLog {
    fn event(&mut self, now: Time, e: &Event) {
        let (Some(contact), Some(case)) = (e.contact, e.case) else {
            return;
        };
        match self.pending {
            Some((v, ..)) if v.call_id == contact => {
                // An escalated visit is followed by the case's move.
                let moved = e.kind == EventKind::Transferred && v.end == VisitEnd::Escalated;
                self.write_pending(Some(case), if moved { e.tier } else { None });
            }
            Some(_) => self.write_pending(None, None),
            None => {}
        }
        if e.kind == EventKind::VisitStarted {
            self.started.insert(contact, now);
        }
        self.last = Some((contact, case));
    }

    fn visit_finished(&mut self, now: Time, v: &VisitRecord) {
        self.write_pending(None, None);
        let case = self
            .last
            .filter(|&(contact, _)| contact == v.call_id)
            .map(|(_, case)| case);
        let start = match v.agent {
            Some(_) => self.started.remove(&v.call_id),
            None => None,
        };
        if v.end == VisitEnd::Escalated || case.is_none() {
            self.pending = Some((*v, case, start, now));
        } else {
            self.write(v, case, start, now, None);
        }
    }
}

impl Companion for VisitLog {
    /// The walk-in counter's visitors are not desk visits.
    fn walk_ins(&mut self) -> impl Observer + '_ {}

    fn reads_events(&self) -> bool {
        true
    }
}
