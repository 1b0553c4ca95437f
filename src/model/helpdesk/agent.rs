//! An agent: its tier, what it is doing with a call (its phase), its one
//! live timer, and the rules of picking the next piece of work.
//!
//! Idle agents of each tier wait in a pool, longest idle at the front. A new
//! caller goes to an idle agent of the first tier that may take it (lowest
//! tier first, or longest idle across the tiers, by `routing.agent`). An
//! agent who becomes free first settles what its shift owes (the end of the
//! shift, a meeting, a break, leave); then it takes queued work (see
//! [`queue`](super::queue)), then, at the entry tier, a follow-up the
//! blending rule allows, then, at the ticket tier, a ticket; else it goes
//! idle.
//!
//! Each agent has at most one live timer (the end of its current phase, the
//! call-length limit or a hang-up on hold, whichever comes first); it carries
//! the agent's epoch, so a timer overtaken by events (a warm transfer that
//! completes early) is recognised and skipped, like a stale patience timer.

use super::duty::{Duty, Status};
use super::tickets::TicketWork;
use super::visit::Work;
use super::{Desk, Event};
use crate::engine::{Handle, Time};
use crate::model::observer::{EventKind, Observer};
use crate::model::workforce::AgentState;
use crate::scenario::AgentChoice;

/// What an agent is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Idle,
    /// Talking before a hold (only when a hold is planned), or checking in
    /// with the caller at the hold limit before holding again.
    Talk1,
    /// The caller holds while the agent researches.
    Hold,
    /// The last stretch of talk; the visit ends with it.
    Talk2,
    /// Holding the caller until an agent of the target tier is free.
    WarmHold,
    /// After-call work.
    Wrap,
}

/// Which of an agent's deadlines its pending timer is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Due {
    PhaseEnd,
    Limit,
    HangUp,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Agent {
    pub tier: u8,
    /// Bumped whenever the agent's pending timer becomes meaningless.
    pub epoch: u32,
    pub idle_since: Time,
    pub phase: Phase,
    pub due: Due,
    pub work: Work,
    /// Shift, breaks, meetings and leave (always on duty without shifts).
    pub duty: Duty,
    /// The state observers were last told.
    pub shown: AgentState,
    /// Leave taken so far, to key the draws of its lengths.
    pub leaves: u16,
}

impl Agent {
    /// An agent of tier `tier` (shift group `group`): on duty and idle, or,
    /// with shifts, off until its first login.
    pub fn new(tier: u8, group: u16, shifts: bool) -> Self {
        let mut duty = Duty::always_on();
        duty.group = group;
        if shifts {
            duty.status = Status::Off;
        }
        Self {
            tier,
            epoch: 0,
            idle_since: 0.0,
            phase: Phase::Idle,
            due: Due::PhaseEnd,
            work: Work::NONE,
            duty,
            shown: if shifts {
                AgentState::Offline
            } else {
                AgentState::Idle
            },
            leaves: 0,
        }
    }
}

/// Work an agent who just became free takes next.
pub(super) enum Next {
    Warm(u32),
    Queued(Handle, bool),
    /// A follow-up call that fell due at the given time.
    FollowUp(Handle, Time),
    Ticket(TicketWork),
}

impl Desk<'_> {
    /// Takes an idle agent who may work on tier `tier`'s calls, by the
    /// routing rule, and counts it busy.
    pub(super) fn take_idle<O: Observer>(
        &mut self,
        now: Time,
        tier: u8,
        obs: &mut O,
    ) -> Option<u32> {
        let servers = &self.map.servers[usize::from(tier)];
        let from = match self.desk.routing.agent {
            // One tier serves these calls: no choice to make.
            _ if servers.len() == 1 => {
                Some(servers[0]).filter(|&j| !self.idle[usize::from(j)].is_empty())
            }
            AgentChoice::LowestTier => servers
                .iter()
                .copied()
                .find(|&j| !self.idle[usize::from(j)].is_empty()),
            AgentChoice::LongestIdle => servers
                .iter()
                .copied()
                .filter_map(|j| {
                    let a = *self.idle[usize::from(j)].front()?;
                    Some((self.agents[a as usize].idle_since, j))
                })
                .min_by(|x, y| x.0.total_cmp(&y.0))
                .map(|(_, j)| j),
        }?;
        let agent = self.idle[usize::from(from)].pop_front()?;
        self.busy += 1;
        obs.busy_changed(now, self.busy);
        self.tier_busy[usize::from(from)] += 1;
        obs.tier_busy_changed(now, usize::from(from), self.tier_busy[usize::from(from)]);
        Some(agent)
    }

    /// `agent` has finished its last piece of work: it goes away if its
    /// shift, a meeting, a break or leave is due; else it takes over a warm
    /// transfer, the next queued caller, or a callback, in that order; or it
    /// goes idle.
    pub(super) fn agent_free<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        self.last_change = now;
        let a = &mut self.agents[agent as usize];
        a.phase = Phase::Idle;
        a.epoch = a.epoch.wrapping_add(1);
        self.show(now, agent, obs);
        if self.leave_duty_if_due(now, agent, obs) {
            return;
        }
        let tier = self.agents[agent as usize].tier;
        match self.next_job(now, tier, obs) {
            Some(next) => self.take_work(now, agent, next, obs),
            None => {
                self.busy -= 1;
                obs.busy_changed(now, self.busy);
                let j = usize::from(tier);
                self.tier_busy[j] -= 1;
                obs.tier_busy_changed(now, j, self.tier_busy[j]);
                if self.off_if_shift_over(now, agent, obs) {
                    return;
                }
                self.go_idle(now, agent, obs);
            }
        }
    }

    /// `agent` (on duty, not counted busy) starts working, or goes idle.
    pub(super) fn look_for_work<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let tier = self.agents[agent as usize].tier;
        match self.next_job(now, tier, obs) {
            Some(next) => {
                self.busy += 1;
                obs.busy_changed(now, self.busy);
                let j = usize::from(tier);
                self.tier_busy[j] += 1;
                obs.tier_busy_changed(now, j, self.tier_busy[j]);
                self.take_work(now, agent, next, obs);
            }
            None => self.go_idle(now, agent, obs),
        }
    }

    fn go_idle<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        a.idle_since = now;
        let j = usize::from(a.tier);
        self.idle[j].push_back(agent);
        obs.event(now, &self.agent_event(EventKind::Idle, agent));
        self.show(now, agent, obs);
        self.idle_with_pending_break(now, agent, obs);
    }

    fn take_work<O: Observer>(&mut self, now: Time, agent: u32, next: Next, obs: &mut O) {
        match next {
            Next::Warm(holder) => self.complete_warm_transfer(now, holder, agent, obs),
            Next::Queued(h, live) => {
                self.cases[h].queued = false;
                let c = &self.cases[h];
                if c.info.virtual_hold && !c.answered {
                    self.start_virtual_hold_callback(now, h);
                }
                if live {
                    self.queue_counts(now, self.cases[h].tier, false, obs);
                }
                self.start_visit(now, agent, h, obs);
                self.recheck_breaks(now, obs);
                if live {
                    // One caller fewer waiting may let idle agents make
                    // follow-ups or take tickets.
                    self.dispatch_background(now, obs);
                }
            }
            Next::FollowUp(h, due) => self.start_followup(now, agent, h, due, obs),
            Next::Ticket(ticket) => self.start_ticket(now, agent, ticket, obs),
        }
    }

    /// What an agent of `tier` does next: callers and callbacks first, then
    /// (entry tier only) a follow-up the blending rule allows, then (ticket
    /// tier only) a ticket.
    fn next_job<O: Observer>(&mut self, now: Time, tier: u8, obs: &mut O) -> Option<Next> {
        if let Some(next) = self.next_work(tier) {
            return Some(next);
        }
        // This agent is not in the idle pool: the others must cover the reserve.
        if tier == 0
            && self.after.followups_on()
            && self.idle[0].len() >= self.after.keep_idle()
            && let Some((h, due)) = self.claim_followup(now, obs)
        {
            return Some(Next::FollowUp(h, due));
        }
        if self.ticket_tier() == Some(tier) {
            return self.claim_ticket(now).map(Next::Ticket);
        }
        None
    }

    /// Idle agents pick up the work that waits for a free moment: follow-ups,
    /// then tickets.
    pub(super) fn dispatch_background<O: Observer>(&mut self, now: Time, obs: &mut O) {
        self.dispatch_followups(now, obs);
        self.dispatch_tickets(now, obs);
    }

    /// Schedules the agent's next timer: the earliest of its phase end, a
    /// hang-up on hold and the call-length limit (a phase end wins ties).
    /// The limit runs while the caller is on the line with the agent:
    /// talking, on hold, or holding for a warm transfer. A hang-up on hold
    /// yields to anything else at the same instant (an agent freeing to
    /// take the warm transfer), as a caller's patience in queue does.
    pub(super) fn arm<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        self.show(now, agent, obs);
        let a = &mut self.agents[agent as usize];
        let w = &a.work;
        let (mut at, mut due) = (w.phase_end, Due::PhaseEnd);
        if matches!(a.phase, Phase::Hold | Phase::WarmHold) && w.hang_at < at {
            (at, due) = (w.hang_at, Due::HangUp);
        }
        if matches!(
            a.phase,
            Phase::Talk1 | Phase::Hold | Phase::Talk2 | Phase::WarmHold
        ) && w.limit_at < at
        {
            (at, due) = (w.limit_at, Due::Limit);
        }
        a.due = due;
        let epoch = a.epoch;
        if due == Due::HangUp {
            self.agenda
                .schedule_after_ties(at, Event::Agent(agent, epoch));
        } else {
            self.agenda.schedule(at, Event::Agent(agent, epoch));
        }
    }
}
