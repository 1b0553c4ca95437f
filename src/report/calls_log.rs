//! `calls.csv`: one row per call, streamed to disk as calls finish, so a
//! ten-million-call log needs no more memory than a short one.
//!
//! Rows hold synthetic sequential ids only, never a caller's identity, and
//! appear in the order calls leave the system (not their arrival order).

use super::streamed::StreamedCsv;
use crate::engine::Time;
use crate::model::{
    CallRecord, CaseEnd, FollowUpOutcome, FollowUpRecord, Observer, Outcome, TicketRecord, roster,
};
use crate::replication::Companion;
use crate::scenario::{CustomerKind, Helpdesk, Scenario};
use crate::stats::experience::{call_score, followup_score, ticket_score, walk_in_score};
use std::io::{self, Write};
use std::path::Path;

const HEADER: &str = "call_id,arrival_seconds,outcome,wait_seconds,talk_seconds,\
wrap_up_seconds,agent,end_seconds,counted";

/// Columns a help-desk run appends: who the caller was and what the desk did.
const DESK_HEADER: &str = ",customer_type,class,complexity,topic,language,tier_path,\
transfers,escalations,holds,hold_seconds,hold_limit_events,hold_check_ins,\
hold_limit_escalations,hold_limit_callback,transfers_without_consent,over_limit,case_end";

/// Columns a run with quality rules, tickets or walk-ins appends: the
/// contact's channel (`phone`, `followup`, `ticket`, `walk_in`), its case
/// (repeat calls and follow-ups share the id of the case's first call; ids
/// are per channel), the contact's number within the case, whether the fix
/// held, the virtual-hold offer, and the experience score (`[experience]`).
const QUALITY_HEADER: &str = ",channel,case_id,contact,fix_held,callback,experience_score";

/// A call log being written to `path.partial`; [`finish`](Self::finish)
/// renames it into place.
#[derive(Debug)]
pub struct CallLog {
    out: StreamedCsv,
    columns: Columns,
}

/// What the rows of a run's call log hold, and how they are written.
#[derive(Debug)]
struct Columns {
    /// Names for the help-desk columns; `None` in a single-pool run.
    desk: Option<Helpdesk>,
    /// The channel columns are on (a quality rule, tickets or walk-ins).
    channels: bool,
    /// Agents on the phones: the walk-in counter's agents are numbered
    /// after them, so an agent id names one person in the whole log.
    phone_agents: u32,
}

impl CallLog {
    /// Starts a call log of a run of `scenario` at `path` (written to
    /// `path.partial` until finished). A help-desk run gets the extra columns.
    pub fn create(path: &Path, scenario: &Scenario) -> io::Result<Self> {
        let mut header = String::from(HEADER);
        if scenario.helpdesk.is_some() {
            header.push_str(DESK_HEADER);
        }
        let channels = scenario
            .helpdesk
            .as_ref()
            .is_some_and(|d| d.quality.is_on() || d.tickets.is_some() || d.walk_ins.is_some());
        if channels {
            header.push_str(QUALITY_HEADER);
        }
        let phone_agents = match &scenario.helpdesk {
            Some(d) => {
                let per_tier: Vec<u32> = d.tiers.iter().map(|t| t.agents).collect();
                roster(d.tiers.len(), &per_tier, scenario.workforce.as_ref()).len() as u32
            }
            None => scenario.agents,
        };
        Ok(Self {
            out: StreamedCsv::create(path, &header)?,
            columns: Columns {
                desk: scenario.helpdesk.clone(),
                channels,
                phone_agents,
            },
        })
    }

    /// Flushes the log and moves it to its final name; returns the rows written.
    pub fn finish(self) -> io::Result<u64> {
        self.out.finish()
    }

    /// Writes a row of another channel than the phones, if the log has
    /// the channel columns.
    fn push(&mut self, now: Time, row: Option<ContactRow>) {
        let Some(row) = row else {
            return;
        };
        if !self.columns.channels {
            return;
        }
        let columns = &self.columns;
        self.out.row(|w| columns.write_contact(w, now, &row));
    }
}

impl Columns {
    fn write_row(&self, w: &mut impl Write, now: Time, call: &CallRecord) -> io::Result<()> {
        // Times to the microsecond: exact enough for any analysis, and a
        // fixed format keeps files byte-identical across runs.
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
                ",{},{},{},{:.6},{},{},{},{},{},{},{}",
                c.transfers,
                c.escalations,
                c.holds,
                c.hold_seconds,
                c.hold_limit_events,
                c.hold_check_ins,
                c.hold_limit_escalations,
                c.hold_limit_callback,
                c.transfers_without_consent,
                c.over_limit,
                c.end.as_str()
            )?;
            if self.channels {
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

    /// A row of another channel than the phones (see [`ContactRow`]).
    fn write_contact(&self, w: &mut impl Write, now: Time, r: &ContactRow) -> io::Result<()> {
        if let Some(id) = r.id {
            write!(w, "{id}")?;
        }
        write!(w, ",{:.6},{},", r.arrival, r.outcome)?;
        if let Some(wait) = r.wait {
            write!(w, "{wait:.6}")?;
        }
        write!(w, ",{:.6},0.000000,", r.talk)?;
        if let Some(agent) = r.agent {
            write!(w, "{agent}")?;
        }
        let customer = r
            .customer
            .map_or("", |k| CustomerKind::ALL[usize::from(k)].as_str());
        let class = match (r.class, &self.desk) {
            (Some(k), Some(desk)) => desk.classes[usize::from(k)].name.as_str(),
            _ => "",
        };
        write!(
            w,
            ",{now:.6},{},{customer},{class},,,,,0,0,0,0.000000,0,0,0,false,0,false,{},{},{},",
            r.counted, r.case_end, r.channel, r.case_id
        )?;
        if let Some(contact) = r.contact {
            write!(w, "{contact}")?;
        }
        w.write_all(b",,,")?;
        if let Some(score) = r.score {
            write!(w, "{score:.2}")?;
        }
        writeln!(w)
    }

    fn followup_row(&self, f: &FollowUpRecord) -> Option<ContactRow> {
        let desk = self.desk.as_ref()?;
        Some(ContactRow {
            id: None,
            arrival: f.due,
            outcome: f.outcome.as_str(),
            wait: f.started.map(|s| s - f.due),
            talk: f.talk,
            agent: f.agent,
            counted: f.counted,
            customer: Some(f.customer),
            class: Some(f.class),
            case_end: "",
            channel: "followup",
            case_id: f.case_id,
            contact: None,
            score: desk
                .quality
                .experience
                .as_ref()
                .and_then(|m| followup_score(m, f)),
        })
    }

    fn ticket_row(&self, t: &TicketRecord) -> Option<ContactRow> {
        let desk = self.desk.as_ref()?;
        let sla = desk.tickets.as_ref()?.response_sla;
        Some(ContactRow {
            id: None,
            arrival: t.arrival,
            outcome: "resolved",
            wait: Some(t.started - t.arrival),
            talk: t.finished - t.started,
            agent: Some(t.agent),
            counted: t.counted,
            customer: None,
            class: None,
            case_end: "resolved",
            channel: "ticket",
            case_id: t.id,
            contact: Some(1),
            score: desk
                .quality
                .experience
                .as_ref()
                .map(|m| ticket_score(m, sla, t.started - t.arrival)),
        })
    }

    fn walk_in_row(&self, v: &CallRecord) -> Option<ContactRow> {
        let desk = self.desk.as_ref()?;
        let threshold = desk.walk_ins.as_ref()?.threshold;
        let served = v.outcome == Outcome::Answered;
        Some(ContactRow {
            id: Some(v.id),
            arrival: v.arrival,
            outcome: v.outcome.as_str(),
            wait: Some(v.wait),
            talk: v.talk,
            agent: v.agent.map(|a| a + self.phone_agents),
            counted: v.counted,
            customer: None,
            class: None,
            case_end: if served { "resolved" } else { "unanswered" },
            channel: "walk_in",
            case_id: v.id,
            contact: Some(1),
            score: desk
                .quality
                .experience
                .as_ref()
                .map(|m| walk_in_score(m, threshold, v)),
        })
    }
}

/// A contact of another channel than the phones, as a `calls.csv` row.
/// Ids are per channel: (`channel`, `case_id`) names a case.
#[derive(Debug)]
struct ContactRow {
    /// `call_id`: walk-in visitors' own numbers; none for follow-ups and
    /// tickets.
    id: Option<u64>,
    arrival: Time,
    outcome: &'static str,
    wait: Option<f64>,
    talk: f64,
    agent: Option<u32>,
    counted: bool,
    /// Customer type and class indices, if the contact has them.
    customer: Option<u8>,
    class: Option<u8>,
    case_end: &'static str,
    channel: &'static str,
    case_id: u64,
    contact: Option<u8>,
    score: Option<f64>,
}

/// The walk-in counter's visitors go into the same log, as `walk_in` rows.
impl Companion for CallLog {
    fn walk_ins(&mut self) -> impl Observer + '_ {
        WalkInRows { log: self }
    }
}

/// Writes the walk-in counter's visitors into the call log.
#[derive(Debug)]
struct WalkInRows<'a> {
    log: &'a mut CallLog,
}

impl Observer for WalkInRows<'_> {
    fn call_finished(&mut self, now: Time, visit: &CallRecord) {
        let row = self.log.columns.walk_in_row(visit);
        self.log.push(now, row);
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
        let columns = &self.columns;
        self.out.row(|w| columns.write_row(w, now, call));
    }

    /// Follow-ups that fell due (made or missed) are rows; one superseded
    /// by a repeat call or due after the horizon never became a contact.
    fn followup_finished(&mut self, now: Time, record: &FollowUpRecord) {
        if matches!(
            record.outcome,
            FollowUpOutcome::Superseded | FollowUpOutcome::AfterHorizon
        ) {
            return;
        }
        let row = self.columns.followup_row(record);
        self.push(now, row);
    }

    fn ticket_finished(&mut self, now: Time, record: &TicketRecord) {
        let row = self.columns.ticket_row(record);
        self.push(now, row);
    }
}
