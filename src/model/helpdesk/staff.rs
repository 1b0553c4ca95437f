//! Shifts, preparation, breaks and lunch, meetings, personal leave and
//! overtime as rules enforced while the run goes on (DOMAIN.md, seed 003).
//!
//! An agent's *status* (off, preparing, on duty, on break...) is separate
//! from its *phase* with a call: a break, a meeting, leave or the end of a
//! shift never interrupts a call. What falls due while the agent is busy is
//! kept pending and settled when the agent is free again, in this order: the
//! end of the shift, a meeting under way, a break the rules allow, personal
//! leave. An agent whose shift ends at or after the close keeps taking the
//! calls still waiting for it (overtime) until none is left.
//!
//! A break forced at its deferral limit overrides the waiting rule but never
//! staggering: it still waits for a free slot. Personal leave is decided
//! when it would start: at once if the agent is idle, else when it is free
//! (after its call, break, meeting or preparation). It is granted only if
//! enough other agents of the tier are on duty and able to take a call
//! (not away, shift not over); otherwise it is refused and asked again
//! after `retry`.
//!
//! Everything is scheduled per agent and period, lazily: an agent's next
//! login is scheduled when it logs in, so memory grows with the agents, not
//! with the length of the run.

use super::agents::Phase;
use super::{Desk, Draw, Event};
use crate::engine::Time;
use crate::engine::rng::keyed_stream;
use crate::model::observer::Observer;
use crate::model::sampler::Sampler;
use crate::model::staffing::{AgentState, BreakRecord};
use crate::scenario::{BreakKind, DeferralAction, Workforce};
use rand::RngExt;
use rand_distr::{Distribution, Poisson};

const DAY: f64 = 86_400.0;

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

/// A break that has fallen due and has not started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PendingBreak {
    /// Index in the current period's breaks.
    pub index: u16,
    pub due: Time,
    pub window_end: Time,
    pub deferred: bool,
    pub forced: bool,
}

/// A break under way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct OnBreak {
    pub pending: PendingBreak,
    pub started: Time,
    pub planned: f64,
    pub overrun: f64,
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
pub(super) enum StaffEvent {
    LogIn { day: u32, period: u16 },
    PrepDone,
    LogOut,
    BreakDue(u16),
    BreakEnd,
    DeferralLimit(u16),
    LeaveRequest,
    LeaveEnd,
}

/// The workforce of a run, with what the engine derives from it.
#[derive(Clone)]
pub(super) struct Staff<'s> {
    pub w: &'s Workforce,
    /// Each group's periods, earliest first within the day.
    periods: Vec<Vec<u16>>,
    /// Seconds each group works per day, to spread leave requests.
    day_length: Vec<f64>,
    /// The latest start of each group's periods within its day, to start
    /// the search for its next period near the current one.
    latest_start: Vec<f64>,
    overrun: Option<Sampler>,
    leave_duration: Option<Sampler>,
    /// When each meeting's current instance ends (or ended).
    pub meeting_until: Vec<Time>,
    /// The close: arrivals stop; agents on shift then drain the queues.
    pub close: Time,
    /// Base seed of the agents' keyed streams.
    seed: u64,
    /// Agents sent home before the close work the calls still waiting
    /// first, as at the close: set by the staffing planner when the desk
    /// closes for an interval (see [`super::Stepper`]).
    pub drain: bool,
}

impl<'s> Staff<'s> {
    pub fn new(w: &'s Workforce, close: Time, seed: u64) -> Result<Self, String> {
        let mut periods = vec![Vec::new(); w.groups.len()];
        for (p, shift) in w.shifts.iter().enumerate() {
            periods[shift.group].push(p as u16);
        }
        for list in &mut periods {
            list.sort_by(|&a, &b| {
                w.shifts[usize::from(a)]
                    .start
                    .total_cmp(&w.shifts[usize::from(b)].start)
            });
        }
        let day_length = periods
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&p| w.shifts[usize::from(p)].end - w.shifts[usize::from(p)].start)
                    .sum()
            })
            .collect();
        let latest_start = periods
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&p| w.shifts[usize::from(p)].start)
                    .fold(f64::NEG_INFINITY, f64::max)
            })
            .collect();
        Ok(Self {
            periods,
            day_length,
            latest_start,
            overrun: w.rules.overrun.as_ref().map(Sampler::new).transpose()?,
            leave_duration: w
                .leave
                .as_ref()
                .map(|l| Sampler::new(&l.duration))
                .transpose()?,
            meeting_until: vec![f64::NEG_INFINITY; w.meetings.len()],
            close,
            w,
            seed,
            drain: false,
        })
    }

    /// The first period instance of `group` that starts after `after`
    /// (or, at the very start, the one under way at time 0).
    ///
    /// The search starts a day before the last day whose periods all start
    /// by `after` (with a day's margin for rounding): every instance before
    /// it starts before `after`, so the result is the one a search from day
    /// 0 finds, at a cost that does not grow with the horizon.
    fn next_instance(&self, group: usize, after: Time, first: bool) -> Option<(u32, u16, Time)> {
        let list = &self.periods[group];
        let days = (self.close / DAY).ceil() as u32 + 1;
        let from = if first {
            0
        } else {
            // Whole days after which even the latest period starts by `after`.
            let past = ((after - self.latest_start[group]) / DAY).floor() - 1.0;
            past.clamp(0.0, f64::from(days)) as u32
        };
        for day in from..=days {
            for &p in list {
                let s = &self.w.shifts[usize::from(p)];
                let start = s.start + f64::from(day) * DAY;
                let end = s.end + f64::from(day) * DAY;
                if start >= self.close {
                    return None;
                }
                let begins_later = start > after || (first && start <= 0.0 && end > 0.0);
                if begins_later && end > 0.0 {
                    return Some((day, p, start.max(0.0)));
                }
            }
        }
        None
    }
}

impl Desk<'_> {
    /// Schedules every agent's first login and the meetings (shift runs).
    pub(super) fn schedule_staff(&mut self) {
        let Some(staff) = &self.staff else {
            return;
        };
        let mut first = Vec::new();
        for (i, a) in self.agents.iter().enumerate() {
            if let Some((day, period, at)) =
                staff.next_instance(usize::from(a.duty.group), 0.0, true)
            {
                first.push((at, i as u32, day, period));
            }
        }
        let mut meetings = Vec::new();
        let days = (staff.close / DAY).ceil() as u32;
        for (m, meeting) in staff.w.meetings.iter().enumerate() {
            for day in 0..days {
                if meeting.days.as_ref().is_some_and(|d| !d.contains(&day)) {
                    continue;
                }
                let at = meeting.start + f64::from(day) * DAY;
                if at < staff.close {
                    meetings.push((at, m as u16));
                }
            }
        }
        for (at, agent, day, period) in first {
            self.agenda
                .schedule(at, Event::Staff(agent, StaffEvent::LogIn { day, period }));
        }
        for (at, m) in meetings {
            self.agenda.schedule(at, Event::Meeting(m, true));
        }
    }

    /// The state observers see for `agent` now.
    fn state_of(&self, agent: u32) -> AgentState {
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
    fn set_status<O: Observer>(&mut self, now: Time, agent: u32, status: Status, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let old = a.duty.status;
        a.duty.status = status;
        let j = usize::from(a.tier);
        if matches!(old, Status::Break(_)) {
            self.on_break[j] -= 1;
        }
        if matches!(status, Status::Break(_)) {
            self.on_break[j] += 1;
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

    fn is_idle_on(&self, agent: u32) -> bool {
        let a = &self.agents[agent as usize];
        a.duty.status == Status::On && a.phase == Phase::Idle
    }

    /// Live calls waiting for tiers `agent` serves.
    fn waiting_for(&self, agent: u32) -> u32 {
        let tier = self.agents[agent as usize].tier;
        self.map.serves[usize::from(tier)]
            .iter()
            .map(|&k| self.tier_waiting[usize::from(k)])
            .sum()
    }

    /// Whether the rules let `agent` start its pending break now.
    fn break_allowed(&self, agent: u32) -> bool {
        let Some(staff) = &self.staff else {
            return false;
        };
        let a = &self.agents[agent as usize];
        let Some(p) = a.duty.pending_break else {
            return false;
        };
        let rules = &staff.w.rules;
        // Forcing overrides the waiting rule, never staggering.
        let calm = p.forced
            || rules
                .no_break_while_waiting
                .is_none_or(|n| self.waiting_for(agent) < n);
        let room = rules
            .staggered
            .is_none_or(|k| self.on_break[usize::from(a.tier)] < k);
        calm && room
    }

    /// Something pending that `agent`, free of calls, must do now instead of
    /// taking work; `None`: it stays on duty. `draining`: at or after the
    /// close an agent whose shift is over still takes the work left.
    fn away_now(&self, now: Time, agent: u32, draining: bool) -> Option<Status> {
        let staff = self.staff.as_ref()?;
        let d = &self.agents[agent as usize].duty;
        if d.logout_pending {
            // Past the shift: straight home, or (after the close) first the
            // work still waiting; never a break, meeting or leave.
            return (!(draining && (now >= staff.close || staff.drain))).then_some(Status::Off);
        }
        if let Some(m) = d.meeting_pending
            && staff.meeting_until[usize::from(m)] > now
        {
            return Some(Status::Meeting(m));
        }
        if d.pending_break.is_some() && self.break_allowed(agent) {
            let p = d.pending_break?;
            let shift = &staff.w.shifts[usize::from(d.period)];
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
        if self.staff.is_none() {
            return false;
        }
        let held_back =
            self.agents[agent as usize].duty.pending_break.is_some() && !self.break_allowed(agent);
        if let Some(p) = &mut self.agents[agent as usize].duty.pending_break
            && held_back
        {
            // Free, but a rule says not now: a deferral the rules cause.
            p.deferred = true;
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
        if self.staff.is_none() || !self.agents[agent as usize].duty.logout_pending {
            return false;
        }
        self.go(now, agent, Status::Off, obs);
        true
    }

    fn stop_busy<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
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
                    self.report_missed(now, agent, p, obs);
                }
                self.forget_deferred(agent);
                self.set_status(now, agent, Status::Off, obs);
            }
            Status::Meeting(_) => {
                self.agents[agent as usize].duty.meeting_pending = None;
                self.set_status(now, agent, status, obs);
            }
            Status::Break(_) => self.start_break(now, agent, obs),
            Status::Leave => {
                self.agents[agent as usize].duty.leave_pending = false;
                self.set_status(now, agent, Status::Leave, obs);
                let end = now + self.leave_length(agent);
                self.agenda
                    .schedule(end, Event::Staff(agent, StaffEvent::LeaveEnd));
            }
            Status::On | Status::Prep => self.set_status(now, agent, status, obs),
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

    /// An agent just gone idle with a break due that the rules hold back:
    /// note the deferral (and take the break if they no longer do).
    pub(super) fn idle_with_pending_break<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        obs: &mut O,
    ) {
        if self.staff.is_some() && self.agents[agent as usize].duty.pending_break.is_some() {
            self.try_break(now, agent, obs);
        }
    }

    /// A scheduled event of one agent.
    pub(super) fn staff_event<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        e: StaffEvent,
        obs: &mut O,
    ) {
        let Some(staff) = &self.staff else {
            return;
        };
        let close = staff.close;
        match e {
            StaffEvent::LogIn { day, period } => self.log_in(now, agent, day, period, obs),
            StaffEvent::PrepDone => {
                if self.agents[agent as usize].duty.status == Status::Prep {
                    self.report_for_duty(now, agent, obs);
                }
            }
            StaffEvent::LogOut => {
                let a = &self.agents[agent as usize];
                match a.duty.status {
                    Status::Off => {}
                    Status::On if a.phase != Phase::Idle => {
                        self.agents[agent as usize].duty.logout_pending = true;
                        self.agents[agent as usize].duty.overtime = true;
                        obs.overtime_started(now, agent);
                    }
                    Status::On => {
                        self.leave_idle_pool(agent);
                        self.go(now, agent, Status::Off, obs);
                    }
                    Status::Break(_) | Status::Leave | Status::Meeting(_) | Status::Prep => {
                        // Away from the phone at the end of the shift: the
                        // break or leave ends with it.
                        let on_break = self.agents[agent as usize].duty.on_break.take();
                        if let Some(b) = on_break {
                            self.report_break(now, agent, b, obs);
                        }
                        self.go(now, agent, Status::Off, obs);
                        if on_break.is_some() {
                            // A break slot came free.
                            self.recheck_breaks(now, obs);
                        }
                    }
                }
                let _ = close;
            }
            StaffEvent::BreakDue(index) => self.break_due(now, agent, index, obs),
            StaffEvent::BreakEnd => {
                if matches!(self.agents[agent as usize].duty.status, Status::Break(_))
                    && let Some(b) = self.agents[agent as usize].duty.on_break.take()
                {
                    self.report_break(now, agent, b, obs);
                    self.report_for_duty(now, agent, obs);
                    self.recheck_breaks(now, obs);
                }
            }
            StaffEvent::DeferralLimit(index) => self.deferral_limit(now, agent, index, obs),
            StaffEvent::LeaveRequest => self.leave_request(now, agent, obs),
            StaffEvent::LeaveEnd => {
                if self.agents[agent as usize].duty.status == Status::Leave {
                    self.report_for_duty(now, agent, obs);
                }
            }
        }
    }

    fn log_in<O: Observer>(&mut self, now: Time, agent: u32, day: u32, period: u16, obs: &mut O) {
        let Some(staff) = &self.staff else {
            return;
        };
        let w = staff.w;
        let shift = &w.shifts[usize::from(period)];
        let offset = f64::from(day) * DAY;
        let (start, end) = (shift.start + offset, shift.end + offset);
        let group = usize::from(self.agents[agent as usize].duty.group);
        let next = staff.next_instance(group, start, false);
        let seed = staff.seed;
        let day_length = staff.day_length[group];
        {
            let d = &mut self.agents[agent as usize].duty;
            d.period = period;
            d.day = day;
            d.logout_pending = false;
            d.overtime = false;
        }
        obs.shift_started(now, agent, day);
        self.agenda
            .schedule(end, Event::Staff(agent, StaffEvent::LogOut));
        if let Some((next_day, next_period, at)) = next {
            self.agenda.schedule(
                at,
                Event::Staff(
                    agent,
                    StaffEvent::LogIn {
                        day: next_day,
                        period: next_period,
                    },
                ),
            );
        }
        for (b, brk) in shift.breaks.iter().enumerate() {
            let due = brk.window.0 + offset;
            if due >= now {
                self.agenda
                    .schedule(due, Event::Staff(agent, StaffEvent::BreakDue(b as u16)));
            }
        }
        if let Some(leave) = &w.leave {
            let key = u64::from(day) << 16 | u64::from(period);
            let mut rng = keyed_stream(seed, [u64::from(agent), Draw::Leave as u64, key]);
            let mean = leave.per_agent_day * (end - start) / day_length.max(1.0);
            if mean > 0.0 {
                let n = Poisson::new(mean).map_or(0.0, |p| p.sample(&mut rng)) as u64;
                for _ in 0..n {
                    let at = start + rng.random::<f64>() * (end - start);
                    if at >= now {
                        self.agenda
                            .schedule(at, Event::Staff(agent, StaffEvent::LeaveRequest));
                    }
                }
            }
        }
        let a = &self.agents[agent as usize];
        if a.duty.status != Status::Off {
            // Still finishing a call from the previous period: straight on.
            return;
        }
        let (lo, hi) = w.prep;
        let prep = if hi > lo {
            let key = u64::from(day) << 16 | u64::from(period);
            let mut rng = keyed_stream(seed, [u64::from(agent), Draw::Prep as u64, key]);
            lo + rng.random::<f64>() * (hi - lo)
        } else {
            lo
        };
        // A shift under way at time 0 started before the run: its
        // preparation may be over already.
        let ready = (shift.start + offset + prep).max(now);
        if ready > now {
            self.go(now, agent, Status::Prep, obs);
            self.agenda
                .schedule(ready, Event::Staff(agent, StaffEvent::PrepDone));
        } else {
            self.report_for_duty(now, agent, obs);
        }
    }

    fn break_due<O: Observer>(&mut self, now: Time, agent: u32, index: u16, obs: &mut O) {
        let Some(staff) = &self.staff else {
            return;
        };
        let a = &self.agents[agent as usize];
        if a.duty.status == Status::Off {
            return;
        }
        let shift = &staff.w.shifts[usize::from(a.duty.period)];
        let offset = f64::from(a.duty.day) * DAY;
        let brk = shift.breaks[usize::from(index)];
        let window_end = brk.window.1 + offset;
        let limit = window_end + staff.w.rules.max_deferral;
        if let Some(old) = self.agents[agent as usize].duty.pending_break.take() {
            // An earlier break still not taken when the next falls due: lost.
            self.report_missed(now, agent, old, obs);
            self.forget_deferred(agent);
        }
        self.agents[agent as usize].duty.pending_break = Some(PendingBreak {
            index,
            due: now,
            window_end,
            deferred: false,
            forced: false,
        });
        self.agenda
            .schedule(limit, Event::Staff(agent, StaffEvent::DeferralLimit(index)));
        self.try_break(now, agent, obs);
    }

    /// Starts `agent`'s pending break if it is idle and the rules allow;
    /// otherwise notes a deferral when a rule (not a call) held it back.
    fn try_break<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        if self.agents[agent as usize].duty.pending_break.is_none() {
            return;
        }
        if !self.is_idle_on(agent) {
            // Busy with a call (settled when it ends), or away.
            return;
        }
        if self.break_allowed(agent) {
            self.leave_idle_pool(agent);
            self.forget_deferred(agent);
            self.start_break(now, agent, obs);
        } else {
            if let Some(p) = &mut self.agents[agent as usize].duty.pending_break {
                p.deferred = true;
            }
            if !self.deferred.contains(&agent) {
                self.deferred.push(agent);
            }
        }
    }

    /// Idle agents whose breaks a rule held back try again (something that
    /// could have lifted the rule happened).
    pub(super) fn recheck_breaks<O: Observer>(&mut self, now: Time, obs: &mut O) {
        // No copy of the list: a try either removes the agent (it went on
        // break) or leaves the list as it was.
        let mut i = 0;
        while i < self.deferred.len() {
            let before = self.deferred.len();
            self.try_break(now, self.deferred[i], obs);
            if self.deferred.len() == before {
                i += 1;
            }
        }
    }

    fn forget_deferred(&mut self, agent: u32) {
        self.deferred.retain(|&a| a != agent);
    }

    fn start_break<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let Some(staff) = &self.staff else {
            return;
        };
        let d = self.agents[agent as usize].duty;
        let Some(p) = d.pending_break else {
            return;
        };
        let brk = staff.w.shifts[usize::from(d.period)].breaks[usize::from(p.index)];
        let overrun = match &staff.overrun {
            Some(sampler) => {
                let key = u64::from(d.day) << 32 | u64::from(d.period) << 16 | u64::from(p.index);
                let mut rng =
                    keyed_stream(staff.seed, [u64::from(agent), Draw::Overrun as u64, key]);
                sampler.sample(&mut rng)
            }
            None => 0.0,
        };
        let a = &mut self.agents[agent as usize];
        a.duty.pending_break = None;
        a.duty.on_break = Some(OnBreak {
            pending: p,
            started: now,
            planned: brk.duration,
            overrun,
        });
        self.set_status(now, agent, Status::Break(brk.kind), obs);
        self.agenda.schedule(
            now + brk.duration + overrun,
            Event::Staff(agent, StaffEvent::BreakEnd),
        );
    }

    fn report_break<O: Observer>(&mut self, now: Time, agent: u32, b: OnBreak, obs: &mut O) {
        let Some(staff) = &self.staff else {
            return;
        };
        let d = &self.agents[agent as usize].duty;
        let kind = staff.w.shifts[usize::from(d.period)].breaks[usize::from(b.pending.index)].kind;
        obs.break_finished(
            now,
            &BreakRecord {
                agent,
                kind,
                due: b.pending.due,
                window_end: b.pending.window_end,
                started: b.started,
                ended: now,
                planned: b.planned,
                overrun: (now - b.started - b.planned).max(0.0),
                deferred: b.pending.deferred,
                forced: b.pending.forced,
                missed: false,
                adherent: b.started <= b.pending.window_end,
            },
        );
    }

    fn report_missed<O: Observer>(&mut self, now: Time, agent: u32, p: PendingBreak, obs: &mut O) {
        let Some(staff) = &self.staff else {
            return;
        };
        let d = &self.agents[agent as usize].duty;
        let brk = staff.w.shifts[usize::from(d.period)].breaks[usize::from(p.index)];
        obs.break_finished(
            now,
            &BreakRecord {
                agent,
                kind: brk.kind,
                due: p.due,
                window_end: p.window_end,
                started: now,
                ended: now,
                planned: brk.duration,
                overrun: 0.0,
                deferred: p.deferred,
                forced: p.forced,
                missed: true,
                adherent: false,
            },
        );
    }

    fn deferral_limit<O: Observer>(&mut self, now: Time, agent: u32, index: u16, obs: &mut O) {
        let Some(staff) = &self.staff else {
            return;
        };
        let action = staff.w.rules.on_max_deferral;
        let d = &mut self.agents[agent as usize].duty;
        let Some(p) = d.pending_break.as_mut().filter(|p| p.index == index) else {
            return;
        };
        match action {
            DeferralAction::Take => {
                p.forced = true;
                self.try_break(now, agent, obs);
            }
            DeferralAction::Miss => {
                let p = *p;
                d.pending_break = None;
                self.forget_deferred(agent);
                self.report_missed(now, agent, p, obs);
            }
        }
    }

    fn leave_length(&self, agent: u32) -> f64 {
        let Some(staff) = &self.staff else {
            return 0.0;
        };
        let Some(sampler) = &staff.leave_duration else {
            return 0.0;
        };
        let d = &self.agents[agent as usize].duty;
        let key = u64::from(d.day) << 32 | self.leave_count(agent);
        let mut rng = keyed_stream(
            staff.seed,
            [u64::from(agent), Draw::LeaveLength as u64, key],
        );
        sampler.sample(&mut rng)
    }

    fn leave_count(&self, agent: u32) -> u64 {
        u64::from(self.agents[agent as usize].leaves)
    }

    /// `agent` asks for personal leave: decided at once if it is idle; if
    /// it is busy or away, when it is free again (`leave_pending`).
    fn leave_request<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        if self.staff.as_ref().is_none_or(|s| s.w.leave.is_none()) {
            return;
        }
        let a = &self.agents[agent as usize];
        if a.duty.status == Status::Off || a.duty.status == Status::Leave || a.duty.leave_pending {
            return;
        }
        if !self.is_idle_on(agent) {
            // Never leave a call, a break or a meeting for it: asked again
            // when the agent is free.
            self.agents[agent as usize].duty.leave_pending = true;
            return;
        }
        if self.decide_leave(now, agent, obs) {
            self.leave_idle_pool(agent);
            self.go(now, agent, Status::Leave, obs);
        }
    }

    /// Decides `agent`'s leave as it would start now: granted if at least
    /// `min_available` other agents of its tier are on duty and able to
    /// take a call (not away, shift not over); refused leave is asked again
    /// after `retry`. Returns whether it was granted.
    fn decide_leave<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) -> bool {
        let Some((min, retry)) = self
            .staff
            .as_ref()
            .and_then(|s| s.w.leave.as_ref())
            .map(|l| (l.min_available, l.retry))
        else {
            return false;
        };
        let tier = self.agents[agent as usize].tier;
        let others = self
            .agents
            .iter()
            .enumerate()
            .filter(|&(i, o)| {
                i != agent as usize
                    && o.tier == tier
                    && o.duty.status == Status::On
                    && !o.duty.logout_pending
            })
            .count();
        let granted = others >= min as usize;
        obs.leave_requested(now, agent, granted);
        let a = &mut self.agents[agent as usize];
        a.duty.leave_pending = false;
        if granted {
            a.leaves = a.leaves.wrapping_add(1);
        } else {
            self.agenda
                .schedule(now + retry, Event::Staff(agent, StaffEvent::LeaveRequest));
        }
        granted
    }

    /// A meeting starts (`start`) or ends for the tiers that attend.
    pub(super) fn meeting_event<O: Observer>(
        &mut self,
        now: Time,
        m: u16,
        start: bool,
        obs: &mut O,
    ) {
        let Some(staff) = &mut self.staff else {
            return;
        };
        let meeting = &staff.w.meetings[usize::from(m)];
        let (tiers, groups) = (meeting.tiers.clone(), meeting.groups.clone());
        if start {
            staff.meeting_until[usize::from(m)] = now + meeting.duration;
            self.agenda
                .schedule(now + meeting.duration, Event::Meeting(m, false));
        } else {
            staff.meeting_until[usize::from(m)] = now;
        }
        for agent in 0..self.agents.len() as u32 {
            let a = &self.agents[agent as usize];
            let attends = tiers[usize::from(a.tier)] && groups[usize::from(a.duty.group)];
            if !attends || a.duty.status == Status::Off {
                continue;
            }
            if start {
                self.agents[agent as usize].duty.meeting_pending = Some(m);
                if self.is_idle_on(agent) {
                    self.leave_idle_pool(agent);
                    self.go(now, agent, Status::Meeting(m), obs);
                }
            } else {
                let d = &mut self.agents[agent as usize].duty;
                if d.meeting_pending == Some(m) {
                    d.meeting_pending = None;
                }
                if d.status == Status::Meeting(m) {
                    self.report_for_duty(now, agent, obs);
                }
            }
        }
        if !start {
            self.recheck_breaks(now, obs);
        }
    }
}

/// Agents of a run in engine order: tier by tier, and within a tier group by
/// group (`(tier, group)` for each agent). Reports use it to name agents.
pub fn roster(tiers: usize, agents_per_tier: &[u32], w: Option<&Workforce>) -> Vec<(u8, u16)> {
    let mut out = Vec::new();
    for j in 0..tiers {
        match w {
            Some(w) => {
                for (g, counts) in w.group_agents.iter().enumerate() {
                    out.extend((0..counts[j]).map(|_| (j as u8, g as u16)));
                }
            }
            None => out.extend((0..agents_per_tier[j]).map(|_| (j as u8, 0))),
        }
    }
    out
}
