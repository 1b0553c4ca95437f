//! The run loop: the next event or the next arrival, whichever comes first,
//! until nothing is left; new calls arriving and taking a trunk line; the
//! bound on the system's size; and the end of the run.
//!
//! The loop, the draws at arrival and the order of observer events are those
//! of the single-pool engine ([`center`](crate::model::center)), so a help
//! desk with one plain tier reproduces a single-pool run exactly.

use super::case::Case;
use super::{Desk, Event};
use crate::engine::Time;
use crate::model::call::{CaseInfo, CaseOutcome, Outcome};
use crate::model::center::{BuildError, RunInfo};
use crate::model::observer::{EventKind, Observer};
use crate::scenario::{Helpdesk, Scenario};

/// Simulates replication `replication` of a help-desk scenario.
pub(crate) fn simulate<O: Observer>(
    scenario: &Scenario,
    desk: &Helpdesk,
    replication: u64,
    observer: &mut O,
) -> Result<RunInfo, BuildError> {
    let mut model = Desk::new(scenario, desk, replication)?;
    model.run(observer)
}

/// Where a run stands between two stretches of [`Desk::advance`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor {
    pub next_arrival: Time,
    pub events: u64,
}

/// The trunk lines: a caller holds one from arrival until they hang up (a
/// virtual-hold callback is outbound and holds none); a call arriving with
/// every line in use is blocked.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lines {
    capacity: u32,
    in_use: u32,
}

impl Lines {
    pub fn new(capacity: u32) -> Self {
        Self {
            capacity,
            in_use: 0,
        }
    }

    /// A caller arriving now is blocked.
    #[inline]
    pub fn all_in_use(&self) -> bool {
        self.in_use >= self.capacity
    }

    #[inline]
    pub fn take(&mut self) {
        self.in_use += 1;
    }

    #[inline]
    pub fn release(&mut self) {
        self.in_use -= 1;
    }
}

impl Desk<'_> {
    pub(super) fn next_arrival_after(&mut self, now: Time) -> Time {
        self.arrivals
            .next(now, &mut self.arrival_interval, &mut self.streams.arrivals)
            .unwrap_or(f64::INFINITY)
    }

    pub(super) fn run<O: Observer>(&mut self, obs: &mut O) -> Result<RunInfo, BuildError> {
        let mut cursor = self.start();
        self.advance(&mut cursor, f64::INFINITY, obs);
        if let Some((now, n)) = self.overflow {
            return Err(BuildError::unbounded(now, n, self.max_in_system));
        }
        Ok(self.finish(cursor, obs))
    }

    /// Cases and tickets in the system now.
    #[inline]
    pub(super) fn in_system(&self) -> u64 {
        (self.cases.len() + self.tickets.as_ref().map_or(0, |t| t.waiting())) as u64
    }

    /// Whether the system outgrew its bound; if so, records when. One
    /// comparison, made only where the system grows (arrivals, tickets).
    #[inline]
    pub(super) fn outgrown(&mut self, now: Time) -> bool {
        let n = self.in_system();
        if n > self.max_in_system {
            self.overflow = Some((now, n));
            return true;
        }
        false
    }

    /// Schedules what the run starts with: logins, tickets, the first arrival.
    pub(super) fn start(&mut self) -> Cursor {
        self.schedule_duties();
        self.schedule_tickets();
        Cursor {
            next_arrival: self.next_arrival_after(0.0),
            events: 0,
        }
    }

    /// Processes every event before `until` (all of them when `until` is
    /// infinite); returns whether any is left. Paused runs resume exactly
    /// where they stopped, so a run cut in stretches is the same run.
    #[inline]
    pub(super) fn advance<O: Observer>(
        &mut self,
        cursor: &mut Cursor,
        until: Time,
        obs: &mut O,
    ) -> bool {
        loop {
            if let Some((now, event)) = self.agenda.pop_due_before(cursor.next_arrival, until) {
                cursor.events += 1;
                match event {
                    Event::Abandon(case, token) => self.abandon(now, case, token, obs),
                    Event::Agent(agent, epoch) => {
                        if self.agents[agent as usize].epoch == epoch {
                            self.last_change = now;
                            self.agent_timer(now, agent, obs);
                        }
                    }
                    Event::Duty(agent, e) => self.duty_event(now, agent, e, obs),
                    Event::Meeting(m, start) => self.meeting_event(now, m, start, obs),
                    Event::Repeat(case, stage) => self.repeat_call(now, case, stage, obs),
                    Event::FollowUpDue(case, stage) => self.followup_due(now, case, stage, obs),
                    Event::Ticket => {
                        self.ticket_arrives(now, obs);
                        if self.outgrown(now) {
                            return false;
                        }
                    }
                }
            } else if cursor.next_arrival < until {
                cursor.events += 1;
                let now = cursor.next_arrival;
                self.agenda.advance_to(now);
                cursor.next_arrival = self.next_arrival_after(now);
                self.arrive(now, obs);
                if self.outgrown(now) {
                    return false;
                }
            } else {
                return !self.agenda.is_empty() || cursor.next_arrival.is_finite();
            }
        }
    }

    /// Settles what is left once no event is: follow-ups never made, the
    /// ticket backlog; tells observers the run is over.
    pub(super) fn finish<O: Observer>(&mut self, cursor: Cursor, obs: &mut O) -> RunInfo {
        let end_time = self.last_change;
        self.flush_followups(end_time, obs);
        self.report_tickets_left(end_time, obs);
        obs.run_finished(end_time);
        RunInfo {
            end_time,
            calls: self.next_id,
            events: cursor.events,
            peak_waiting: self.cases.capacity_used(),
        }
    }

    pub(super) fn arrive<O: Observer>(&mut self, now: Time, obs: &mut O) {
        self.last_change = now;
        let id = self.next_id;
        self.next_id += 1;
        let s = &mut self.streams;
        let first_talk = self.handle_time.sample(&mut s.handle_time) * self.scale.talk(now);
        let first_wrap = match &self.wrap_up {
            Some(w) => w.sample(&mut s.wrap_up) * self.scale.wrap(now),
            None => 0.0,
        };
        let base_patience = match &self.patience {
            Some(p) => p.sample(&mut s.patience),
            None => f64::INFINITY,
        };
        let customer = self.mixes.customer.draw(&mut s.customer);
        let info = CaseInfo {
            customer,
            class: self.mixes.class.draw(&mut s.class),
            complexity: self.mixes.complexity.draw(&mut s.complexity),
            topic: self.mixes.topic.draw(&mut s.topic),
            language: self.mixes.language.draw(&mut s.language),
            case_id: id,
            opened: now,
            ..CaseInfo::PLAIN
        };
        let patience = base_patience * self.desk.customers[usize::from(customer)].patience;
        let counted = now >= self.warmup;
        let case = Case::arriving(id, now, counted, patience, first_talk, first_wrap, info);
        obs.call_arrived(now, id);
        obs.event(now, &self.case_event(EventKind::Arrived, &case));
        if self.lines.all_in_use() {
            obs.call_finished(now, &case.record(Outcome::Blocked, 0.0));
            obs.event(now, &self.case_event(EventKind::Blocked, &case));
            if self.desk.quality.repeats.is_some() {
                // The customer may try again later.
                let h = self.cases.insert(case);
                self.contact_over(now, h, false, obs);
            } else {
                obs.case_finished(now, &self.case_record(&case, CaseOutcome::Abandoned));
            }
            return;
        }
        self.lines.take();
        let handle = self.cases.insert(case);
        self.route_live(now, handle, obs);
    }
}
