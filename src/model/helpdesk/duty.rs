//! An agent's duty: where it is apart from any call (off, preparing, on
//! duty, on a break, in a meeting, on leave), and the rule that settles what
//! falls due while it is busy.
//!
//! A break, a meeting, leave or the end of a shift never interrupts a call.
//! What falls due while the agent is busy is kept pending and settled when
//! the agent is free again, in this order: the end of the shift, a meeting
//! under way, a break the rules allow, personal leave. Each of these has its
//! own file ([`shifts`](super::shifts), [`meetings`](super::meetings),
//! [`breaks`](super::breaks), [`leave`](super::leave)); this one holds what
//! they share: the status, the pending items, the scheduled events and the
//! workforce of the run.

use super::agent::Phase;
use super::breaks::{Breaks, OnBreak, PendingBreak};
use super::leave::Leave;
use super::meetings::Meetings;
use super::shifts::Shifts;
use super::{Desk, Event};
use crate::engine::Time;
use crate::model::observer::{EventKind, Observer};
use crate::model::workforce::AgentState;
use crate::scenario::{BreakKind, Workforce};

/// An agent's availability, apart from any call it is working on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Off,
    Prep,
    /// On duty: idle, or working on a call.
    On,
    Break(BreakKind),
    Meeting(u16),
    Leave,
}

/// The workforce side of one agent.
#[derive(Debug, Clone, Copy)]
pub(super) struct Duty {
    pub status: Status,
    pub group: u16,
    /// The period being worked (index into `Workforce::shifts`) and its day.
    pub period: u16,
    pub day: u32,
    pub logout_pending: bool,
    pub overtime: bool,
    pub pending_break: Option<PendingBreak>,
    pub on_break: Option<OnBreak>,
    pub meeting_pending: Option<u16>,
    pub leave_pending: bool,
}

impl Duty {
    pub fn always_on() -> Self {
        Self {
            status: Status::On,
            group: 0,
            period: 0,
            day: 0,
            logout_pending: false,
            overtime: false,
            pending_break: None,
            on_break: None,
            meeting_pending: None,
            leave_pending: false,
        }
    }
}

/// What happens to one agent at a scheduled time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DutyEvent {
    LogIn { day: u32, period: u16 },
    PrepDone,
    LogOut,
    BreakDue(u16),
    BreakEnd,
    DeferralLimit(u16),
    LeaveRequest,
    LeaveEnd,
}

/// The workforce of a run: its rules, and the state each of its topics
/// keeps. `None` on the desk: every agent works the whole run.
#[derive(Clone)]
pub(super) struct WorkforceState<'s> {
    pub w: &'s Workforce,
    pub shifts: Shifts,
    pub breaks: Breaks,
    pub meetings: Meetings,
    pub leave: Leave,
    /// Base seed of the agents' keyed streams (preparation, break overruns,
    /// leave).
    pub seed: u64,
}

impl<'s> WorkforceState<'s> {
    /// The workforce `w` of a run that closes at `close`, on a desk of
    /// `tiers` tiers.
    pub fn new(w: &'s Workforce, close: Time, seed: u64, tiers: usize) -> Result<Self, String> {
        Ok(Self {
            shifts: Shifts::new(w, close),
            breaks: Breaks::new(w, tiers)?,
            meetings: Meetings::new(w),
            leave: Leave::new(w)?,
            w,
            seed,
        })
    }
}

impl Desk<'_> {
    /// Schedules every agent's first login, then every meeting (shift runs).
    pub(super) fn schedule_duties(&mut self) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let mut first = Vec::new();
        for (i, a) in self.agents.iter().enumerate() {
            if let Some((day, period, at)) =
                workforce
                    .shifts
                    .next_instance(workforce.w, usize::from(a.duty.group), 0.0, true)
            {
                first.push((at, i as u32, day, period));
            }
        }
        let meetings = Meetings::instances(workforce.w, workforce.shifts.close);
        for (at, agent, day, period) in first {
            self.agenda
                .schedule(at, Event::Duty(agent, DutyEvent::LogIn { day, period }));
        }
        for (at, m) in meetings {
            self.agenda.schedule(at, Event::Meeting(m, true));
        }
    }

    /// The state observers see for `agent` now.
    pub(super) fn state_of(&self, agent: u32) -> AgentState {
        let a = &self.agents[agent as usize];
        match a.duty.status {
            Status::Off => AgentState::Offline,
            Status::Prep => AgentState::Prep,
            Status::Break(BreakKind::Break) => AgentState::Break,
            Status::Break(BreakKind::Lunch) => AgentState::Lunch,
            Status::Meeting(_) => AgentState::Meeting,
            Status::Leave => AgentState::Leave,
            Status::On => match a.phase {
                Phase::Idle => AgentState::Idle,
                Phase::Talk1 | Phase::Talk2 => AgentState::Talk,
                Phase::Hold | Phase::WarmHold => AgentState::Hold,
                Phase::Wrap => AgentState::WrapUp,
            },
        }
    }

    /// Tells observers `agent`'s state if it changed.
    #[inline]
    pub(super) fn show<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let state = self.state_of(agent);
        let a = &mut self.agents[agent as usize];
        if a.shown != state {
            a.shown = state;
            obs.agent_state(now, agent, state);
        }
    }

    /// Changes `agent`'s status, keeping the tier's counts of available
    /// agents and of agents on break.
    pub(super) fn set_status<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        status: Status,
        obs: &mut O,
    ) {
        let a = &mut self.agents[agent as usize];
        let old = a.duty.status;
        a.duty.status = status;
        let j = usize::from(a.tier);
        if let Some(workforce) = &mut self.workforce {
            workforce.breaks.status_changed(j, old, status);
        }
        if (old == Status::On) != (status == Status::On) {
            if status == Status::On {
                self.available[j] += 1;
            } else {
                self.available[j] -= 1;
            }
            obs.available_changed(now, j, self.available[j]);
        }
        self.show(now, agent, obs);
    }

    /// Takes an idle agent out of its tier's idle pool.
    pub(super) fn leave_idle_pool(&mut self, agent: u32) {
        let j = usize::from(self.agents[agent as usize].tier);
        if let Some(pos) = self.idle[j].iter().position(|&a| a == agent) {
            self.idle[j].remove(pos);
        }
    }

    pub(super) fn is_idle_on(&self, agent: u32) -> bool {
        let a = &self.agents[agent as usize];
        a.duty.status == Status::On && a.phase == Phase::Idle
    }

    /// Something pending that `agent`, free of calls, must do now instead of
    /// taking work; `None`: it stays on duty. `draining`: at or after the
    /// close an agent whose shift is over still takes the work left.
    fn away_now(&self, now: Time, agent: u32, draining: bool) -> Option<Status> {
        let workforce = self.workforce.as_ref()?;
        let d = &self.agents[agent as usize].duty;
        if d.logout_pending {
            // Past the shift: straight home, or (after the close) first the
            // work still waiting; never a break, meeting or leave.
            return (!(draining && (now >= workforce.shifts.close || workforce.shifts.drain)))
                .then_some(Status::Off);
        }
        if let Some(m) = d.meeting_pending
            && workforce.meetings.under_way(m, now)
        {
            return Some(Status::Meeting(m));
        }
        if d.pending_break.is_some() && self.break_allowed(agent) {
            let p = d.pending_break?;
            let shift = &workforce.w.shifts[usize::from(d.period)];
            return Some(Status::Break(shift.breaks[usize::from(p.index)].kind));
        }
        if d.leave_pending {
            return Some(Status::Leave);
        }
        None
    }

    /// `agent`, just freed from a call and still counted busy: goes away if
    /// something is pending. Returns whether it did.
    pub(super) fn leave_duty_if_due<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        obs: &mut O,
    ) -> bool {
        if self.workforce.is_none() {
            return false;
        }
        let held_back =
            self.agents[agent as usize].duty.pending_break.is_some() && !self.break_allowed(agent);
        if held_back {
            // Free, but a rule says not now: a deferral the rules cause.
            self.defer_break(now, agent, obs);
        }
        let Some(status) = self.away_now(now, agent, true) else {
            return false;
        };
        if status == Status::Leave && !self.decide_leave(now, agent, obs) {
            // Refused now that it would start: back to work.
            return false;
        }
        self.stop_busy(now, agent, obs);
        self.go(now, agent, status, obs);
        true
    }

    /// An agent freed from a call with nothing left to take: off duty if its
    /// shift is over (after the close), else idle. Returns whether it went off.
    pub(super) fn off_if_shift_over<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        obs: &mut O,
    ) -> bool {
        if self.workforce.is_none() || !self.agents[agent as usize].duty.logout_pending {
            return false;
        }
        self.go(now, agent, Status::Off, obs);
        true
    }

    pub(super) fn stop_busy<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        self.busy -= 1;
        obs.busy_changed(now, self.busy);
        let j = usize::from(self.agents[agent as usize].tier);
        self.tier_busy[j] -= 1;
        obs.tier_busy_changed(now, j, self.tier_busy[j]);
    }

    /// Puts `agent` (free of calls, not in the idle pool) into `status`.
    pub(super) fn go<O: Observer>(&mut self, now: Time, agent: u32, status: Status, obs: &mut O) {
        self.last_change = self.last_change.max(now);
        match status {
            Status::Off => {
                let d = &mut self.agents[agent as usize].duty;
                d.logout_pending = false;
                d.overtime = false;
                d.leave_pending = false;
                d.meeting_pending = None;
                if let Some(p) = d.pending_break.take() {
                    self.report_missed(now, agent, p, None, obs);
                }
                self.forget_deferred(agent);
                self.set_status(now, agent, Status::Off, obs);
                obs.event(now, &self.agent_event(EventKind::ShiftEnded, agent));
            }
            Status::Meeting(_) => {
                self.agents[agent as usize].duty.meeting_pending = None;
                self.set_status(now, agent, status, obs);
                obs.event(now, &self.agent_event(EventKind::MeetingStarted, agent));
            }
            Status::Break(_) => self.start_break(now, agent, obs),
            Status::Leave => {
                self.agents[agent as usize].duty.leave_pending = false;
                self.set_status(now, agent, Status::Leave, obs);
                let end = now + self.leave_length(agent);
                self.agenda
                    .schedule(end, Event::Duty(agent, DutyEvent::LeaveEnd));
            }
            Status::Prep => {
                self.set_status(now, agent, status, obs);
                obs.event(now, &self.agent_event(EventKind::PrepStarted, agent));
            }
            Status::On => self.set_status(now, agent, status, obs),
        }
    }

    /// `agent`, free of calls and not in the idle pool, is ready to work:
    /// something pending first, else the next work, else the idle pool.
    pub(super) fn report_for_duty<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        if let Some(status) = self.away_now(now, agent, false) {
            if self.agents[agent as usize].duty.status == status {
                return;
            }
            // Leave is decided now that it would start; refused, the agent
            // stays on duty.
            if status != Status::Leave || self.decide_leave(now, agent, obs) {
                self.go(now, agent, status, obs);
                return;
            }
        }
        self.agents[agent as usize].phase = Phase::Idle;
        self.set_status(now, agent, Status::On, obs);
        self.look_for_work(now, agent, obs);
    }

    /// A scheduled event of one agent.
    pub(super) fn duty_event<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        e: DutyEvent,
        obs: &mut O,
    ) {
        if self.workforce.is_none() {
            return;
        }
        match e {
            DutyEvent::LogIn { day, period } => self.log_in(now, agent, day, period, obs),
            DutyEvent::PrepDone => {
                if self.agents[agent as usize].duty.status == Status::Prep {
                    obs.event(now, &self.agent_event(EventKind::PrepEnded, agent));
                    self.report_for_duty(now, agent, obs);
                }
            }
            DutyEvent::LogOut => {
                let a = &self.agents[agent as usize];
                match a.duty.status {
                    Status::Off => {}
                    Status::On if a.phase != Phase::Idle => {
                        self.agents[agent as usize].duty.logout_pending = true;
                        self.agents[agent as usize].duty.overtime = true;
                        obs.overtime_started(now, agent);
                        obs.event(now, &self.agent_event(EventKind::OvertimeStarted, agent));
                    }
                    Status::On => {
                        self.leave_idle_pool(agent);
                        self.go(now, agent, Status::Off, obs);
                    }
                    Status::Break(_) | Status::Leave | Status::Meeting(_) | Status::Prep => {
                        // Away from the phone at the end of the shift: the
                        // break or leave ends with it.
                        let away = match a.duty.status {
                            Status::Leave => Some(EventKind::LeaveEnded),
                            Status::Meeting(_) => Some(EventKind::MeetingEnded),
                            _ => None,
                        };
                        let on_break = self.agents[agent as usize].duty.on_break.take();
                        if let Some(b) = on_break {
                            self.report_break(now, agent, b, obs);
                        }
                        if let Some(kind) = away {
                            obs.event(now, &self.agent_event(kind, agent));
                        }
                        self.go(now, agent, Status::Off, obs);
                        if on_break.is_some() {
                            // A break slot came free.
                            self.recheck_breaks(now, obs);
                        }
                    }
                }
            }
            DutyEvent::BreakDue(index) => self.break_due(now, agent, index, obs),
            DutyEvent::BreakEnd => {
                if matches!(self.agents[agent as usize].duty.status, Status::Break(_))
                    && let Some(b) = self.agents[agent as usize].duty.on_break.take()
                {
                    self.report_break(now, agent, b, obs);
                    self.report_for_duty(now, agent, obs);
                    self.recheck_breaks(now, obs);
                }
            }
            DutyEvent::DeferralLimit(index) => self.deferral_limit(now, agent, index, obs),
            DutyEvent::LeaveRequest => self.leave_request(now, agent, obs),
            DutyEvent::LeaveEnd => {
                if self.agents[agent as usize].duty.status == Status::Leave {
                    obs.event(now, &self.agent_event(EventKind::LeaveEnded, agent));
                    self.report_for_duty(now, agent, obs);
                }
            }
        }
    }
}
