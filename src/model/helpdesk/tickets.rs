//! Tickets (`[tickets]`): e-mails and web forms arriving on their own
//! Poisson profile, queued first come first served, and worked in one
//! sitting by agents of the ticket tier when the blending rule allows (by
//! default only when no caller waits), after callers, callbacks and
//! follow-ups. The first response is the start of that sitting; a ticket
//! left when agents go home waits for the next shift (the backlog carries
//! across days). At the close (the end of the horizon) no ticket is started
//! any more: agents finish the one in hand, and the backlog left is reported
//! (`waiting_at_end`) instead of being worked overnight.
//!
//! Ticket arrivals and work come from their own streams, so adding tickets
//! never shifts the calls a run sees.

use super::agent::Phase;
use super::visit::Work;
use super::{Desk, Event};
use crate::engine::rng::{Stream, StreamSeeds, keyed_stream};
use crate::engine::{Handle, Time};
use crate::model::arrivals::ArrivalProcess;
use crate::model::call::TicketRecord;
use crate::model::observer::{EventKind, Observer};
use crate::model::sampler::Sampler;
use crate::scenario::{Tickets, TimeSpec};
use std::collections::VecDeque;

/// The ticket channel of a run.
#[derive(Clone)]
pub(super) struct TicketDesk<'s> {
    rules: &'s Tickets,
    work: Sampler,
    arrivals: ArrivalProcess,
    stream: Stream,
    /// Base of the keyed streams of tickets' work.
    work_draws: u64,
    /// Tickets waiting for a first response: id and arrival.
    queue: VecDeque<(u64, Time)>,
    next_id: u64,
    /// The close: no ticket is started at or after it.
    close: Time,
}

/// A ticket an agent is working on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct TicketWork {
    pub id: u64,
    pub arrival: Time,
}

impl<'s> TicketDesk<'s> {
    pub fn new(rules: &'s Tickets, time: &TimeSpec, seeds: &StreamSeeds) -> Result<Self, String> {
        Ok(Self {
            rules,
            work: Sampler::new(&rules.work)?,
            arrivals: ArrivalProcess::new(&rules.rates_per_hour, time.interval, time.duration),
            stream: seeds.stream("tickets"),
            work_draws: seeds.seed("ticket_work"),
            queue: VecDeque::new(),
            next_id: 0,
            close: time.duration,
        })
    }

    /// Tickets waiting for a first response.
    #[inline]
    pub fn waiting(&self) -> usize {
        self.queue.len()
    }

    fn next_arrival_after(&mut self, now: Time) -> Option<Time> {
        self.arrivals.next_after(now, &mut self.stream)
    }
}

impl Desk<'_> {
    /// Schedules the first ticket arrival.
    pub(super) fn schedule_tickets(&mut self) {
        if let Some(t) = self.tickets.as_mut()
            && let Some(at) = t.next_arrival_after(0.0)
        {
            self.agenda.schedule(at, Event::Ticket);
        }
    }

    /// A ticket arrives: it joins the queue, and the next one is scheduled.
    pub(super) fn ticket_arrives<O: Observer>(&mut self, now: Time, obs: &mut O) {
        let Some(t) = self.tickets.as_mut() else {
            return;
        };
        self.last_change = now;
        let id = t.next_id;
        t.next_id += 1;
        t.queue.push_back((id, now));
        if let Some(at) = t.next_arrival_after(now) {
            self.agenda.schedule(at, Event::Ticket);
        }
        obs.ticket_arrived(now, id);
        obs.event(now, &self.ticket_event(EventKind::TicketArrived, id, None));
        self.dispatch_background(now, obs);
    }

    /// The tier whose agents work tickets, if tickets are on.
    pub(super) fn ticket_tier(&self) -> Option<u8> {
        self.tickets.as_ref().map(|t| t.rules.tier)
    }

    /// The next ticket an agent of the ticket tier may take at `now`, if the
    /// blending rule allows and the desk has not closed.
    pub(super) fn claim_ticket(&mut self, now: Time) -> Option<TicketWork> {
        let t = self.tickets.as_mut()?;
        if self.queue.waiting >= t.rules.max_waiting || now >= t.close {
            return None;
        }
        t.queue
            .pop_front()
            .map(|(id, arrival)| TicketWork { id, arrival })
    }

    /// Idle agents of the ticket tier take waiting tickets while the
    /// blending rule allows.
    pub(super) fn dispatch_tickets<O: Observer>(&mut self, now: Time, obs: &mut O) {
        let Some(tier) = self.ticket_tier() else {
            return;
        };
        let j = usize::from(tier);
        while !self.idle[j].is_empty() {
            let Some(ticket) = self.claim_ticket(now) else {
                return;
            };
            let agent = self.idle[j].pop_front().expect("an idle agent");
            self.busy += 1;
            obs.busy_changed(now, self.busy);
            self.tier_busy[j] += 1;
            obs.tier_busy_changed(now, j, self.tier_busy[j]);
            self.start_ticket(now, agent, ticket, obs);
        }
    }

    /// `agent` (counted busy) answers and resolves `ticket`.
    pub(super) fn start_ticket<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        ticket: TicketWork,
        obs: &mut O,
    ) {
        let t = self.tickets.as_ref().expect("tickets on");
        let mut rng = keyed_stream(t.work_draws, [ticket.id, 0, 0]);
        let length = t.work.sample(&mut rng);
        obs.ticket_started(now, ticket.id, agent);
        obs.event(
            now,
            &self.ticket_event(EventKind::TicketStarted, ticket.id, Some(agent)),
        );
        let a = &mut self.agents[agent as usize];
        a.phase = Phase::Talk2;
        a.work = Work {
            case: Handle::DANGLING,
            started: now,
            talk: length,
            phase_end: now + length,
            ticket: Some(ticket),
            ..Work::NONE
        };
        self.arm(now, agent, obs);
    }

    /// `agent` has finished `ticket`.
    pub(super) fn ticket_done<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        ticket: TicketWork,
        obs: &mut O,
    ) {
        let a = &mut self.agents[agent as usize];
        let started = a.work.started;
        a.work.ticket = None;
        obs.ticket_finished(
            now,
            &TicketRecord {
                id: ticket.id,
                arrival: ticket.arrival,
                started,
                finished: now,
                agent,
                counted: ticket.arrival >= self.warmup,
            },
        );
        obs.event(
            now,
            &self.ticket_event(EventKind::TicketEnded, ticket.id, Some(agent)),
        );
        self.start_wrap(now, agent, obs);
    }

    /// Reports the tickets never answered before the run ended at `now`
    /// (those that arrived after the warm-up), and how many are overdue.
    pub(super) fn report_tickets_left<O: Observer>(&self, now: Time, obs: &mut O) {
        let Some(t) = &self.tickets else {
            return;
        };
        let counted = t.queue.iter().filter(|(_, at)| *at >= self.warmup);
        let (waiting, overdue) = counted.fold((0, 0), |(n, late), (_, at)| {
            (n + 1, late + usize::from(now - at > t.rules.response_sla))
        });
        obs.tickets_left(now, waiting, overdue);
    }
}
