//! Breaks and lunch: each shift's breaks fall due when their window opens,
//! and start when the agent is free and the rules allow.
//!
//! The rules: no break starts while `no_break_while_waiting` or more live
//! callers wait for the tiers the agent serves, and at most `staggered`
//! agents of a tier are on break at once. A break a rule holds back is
//! *deferred*; the agent stays on duty and tries again whenever something
//! that could lift the rule happens (a caller leaves the queue, a break
//! ends). At `max_deferral` past the window's end the break is either
//! forced (`take`: it overrides the waiting rule but never staggering, so it
//! still waits for a free slot) or lost (`miss`). A break never interrupts a
//! call: one falling due while the agent is busy starts when the call is
//! over, and a break still not taken when the next one falls due, or when
//! the shift ends, is lost. A break may overrun its planned length by a
//! drawn amount; one under way at the end of the shift ends with it.

use super::draws::Draw;
use super::duty::{DutyEvent, Status};
use super::shifts::DAY;
use super::{Desk, Event};
use crate::engine::Time;
use crate::engine::rng::keyed_stream;
use crate::model::observer::{EventKind, Observer, Reason, Rule};
use crate::model::sampler::Sampler;
use crate::model::workforce::BreakRecord;
use crate::scenario::{BreakKind, DeferralAction, Shift, Workforce};

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

impl PendingBreak {
    /// What observers learn when this entitlement ends at `now`: taken
    /// from `started` (planned `planned` seconds), or, with no start,
    /// lost.
    fn record(
        &self,
        agent: u32,
        kind: BreakKind,
        planned: f64,
        started: Option<Time>,
        now: Time,
    ) -> BreakRecord {
        BreakRecord {
            agent,
            kind,
            due: self.due,
            window_end: self.window_end,
            started: started.unwrap_or(now),
            ended: now,
            planned,
            overrun: started.map_or(0.0, |s| (now - s - planned).max(0.0)),
            deferred: self.deferred,
            forced: self.forced,
            missed: started.is_none(),
            adherent: started.is_some_and(|s| s <= self.window_end),
        }
    }
}

/// A break under way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct OnBreak {
    pub pending: PendingBreak,
    pub started: Time,
    pub planned: f64,
    pub overrun: f64,
}

/// The break book-keeping of a run: who waits for a break a rule holds
/// back, how many of each tier are on break, and the overrun sampler.
#[derive(Clone)]
pub(super) struct Breaks {
    overrun: Option<Sampler>,
    /// Idle agents whose due break a rule holds back, earliest first.
    deferred: Vec<u32>,
    /// Agents of each tier on break.
    on_break: Vec<u32>,
}

impl Breaks {
    pub fn new(w: &Workforce, tiers: usize) -> Result<Self, String> {
        Ok(Self {
            overrun: w.rules.overrun.as_ref().map(Sampler::new).transpose()?,
            deferred: Vec::new(),
            on_break: vec![0; tiers],
        })
    }

    /// Counts an agent of tier `tier` going from status `old` to `new`.
    #[inline]
    pub fn status_changed(&mut self, tier: usize, old: Status, new: Status) {
        if matches!(old, Status::Break(_)) {
            self.on_break[tier] -= 1;
        }
        if matches!(new, Status::Break(_)) {
            self.on_break[tier] += 1;
        }
    }

    /// Agents of tier `tier` on break now.
    #[inline]
    pub fn on_break(&self, tier: usize) -> u32 {
        self.on_break[tier]
    }

    /// Notes that a rule holds `agent`'s break back.
    fn defer(&mut self, agent: u32) {
        if !self.deferred.contains(&agent) {
            self.deferred.push(agent);
        }
    }

    /// `agent` no longer waits for a held-back break.
    fn forget(&mut self, agent: u32) {
        self.deferred.retain(|&a| a != agent);
    }
}

impl Desk<'_> {
    /// Schedules the breaks of `agent`'s shift period `shift` (of the day
    /// starting at `offset`) that fall due from `now` on.
    pub(super) fn schedule_breaks(&mut self, now: Time, agent: u32, shift: &Shift, offset: Time) {
        for (b, brk) in shift.breaks.iter().enumerate() {
            let due = brk.window.0 + offset;
            if due >= now {
                self.agenda
                    .schedule(due, Event::Duty(agent, DutyEvent::BreakDue(b as u16)));
            }
        }
    }

    /// Live calls waiting for tiers `agent` serves.
    pub(super) fn waiting_for(&self, agent: u32) -> u32 {
        let tier = self.agents[agent as usize].tier;
        self.map.serves[usize::from(tier)]
            .iter()
            .map(|&k| self.queue.tier_waiting[usize::from(k)])
            .sum()
    }

    /// Whether the rules let `agent` start its pending break now.
    pub(super) fn break_allowed(&self, agent: u32) -> bool {
        let Some(workforce) = &self.workforce else {
            return false;
        };
        let a = &self.agents[agent as usize];
        let Some(p) = a.duty.pending_break else {
            return false;
        };
        let rules = &workforce.w.rules;
        // Forcing overrides the waiting rule, never staggering.
        let calm = p.forced
            || rules
                .no_break_while_waiting
                .is_none_or(|n| self.waiting_for(agent) < n);
        let room = rules
            .staggered
            .is_none_or(|k| workforce.breaks.on_break[usize::from(a.tier)] < k);
        calm && room
    }

    /// An agent just gone idle with a break due that the rules hold back:
    /// note the deferral (and take the break if they no longer do).
    pub(super) fn idle_with_pending_break<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        obs: &mut O,
    ) {
        if self.workforce.is_some() && self.agents[agent as usize].duty.pending_break.is_some() {
            self.try_break(now, agent, obs);
        }
    }

    pub(super) fn break_due<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        index: u16,
        obs: &mut O,
    ) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let a = &self.agents[agent as usize];
        if a.duty.status == Status::Off {
            return;
        }
        let shift = &workforce.w.shifts[usize::from(a.duty.period)];
        let offset = f64::from(a.duty.day) * DAY;
        let brk = shift.breaks[usize::from(index)];
        let window_end = brk.window.1 + offset;
        let limit = window_end + workforce.w.rules.max_deferral;
        if let Some(old) = self.agents[agent as usize].duty.pending_break.take() {
            // An earlier break still not taken when the next falls due: lost.
            self.report_missed(now, agent, old, None, obs);
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
            .schedule(limit, Event::Duty(agent, DutyEvent::DeferralLimit(index)));
        obs.event(now, &self.agent_event(EventKind::BreakDue, agent));
        self.try_break(now, agent, obs);
    }

    /// Starts `agent`'s pending break if it is idle and the rules allow;
    /// otherwise notes a deferral when a rule (not a call) held it back.
    pub(super) fn try_break<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
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
            self.defer_break(now, agent, obs);
            if let Some(workforce) = &mut self.workforce {
                workforce.breaks.defer(agent);
            }
        }
    }

    /// Idle agents whose breaks a rule held back try again (something that
    /// could have lifted the rule happened).
    pub(super) fn recheck_breaks<O: Observer>(&mut self, now: Time, obs: &mut O) {
        // No copy of the list: a try either removes the agent (it went on
        // break) or leaves the list as it was.
        let deferred = |d: &Self| d.workforce.as_ref().map_or(0, |s| s.breaks.deferred.len());
        let mut i = 0;
        while i < deferred(self) {
            let before = deferred(self);
            let agent = self.workforce.as_ref().map_or(0, |s| s.breaks.deferred[i]);
            self.try_break(now, agent, obs);
            if deferred(self) == before {
                i += 1;
            }
        }
    }

    pub(super) fn forget_deferred(&mut self, agent: u32) {
        if let Some(workforce) = &mut self.workforce {
            workforce.breaks.forget(agent);
        }
    }

    pub(super) fn start_break<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let d = self.agents[agent as usize].duty;
        let Some(p) = d.pending_break else {
            return;
        };
        let brk = workforce.w.shifts[usize::from(d.period)].breaks[usize::from(p.index)];
        let overrun = match &workforce.breaks.overrun {
            Some(sampler) => {
                let key = u64::from(d.day) << 32 | u64::from(d.period) << 16 | u64::from(p.index);
                let mut rng = keyed_stream(
                    workforce.seed,
                    [u64::from(agent), Draw::Overrun as u64, key],
                );
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
        obs.event(now, &self.agent_event(EventKind::BreakTaken, agent));
        self.agenda.schedule(
            now + brk.duration + overrun,
            Event::Duty(agent, DutyEvent::BreakEnd),
        );
    }

    pub(super) fn report_break<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        b: OnBreak,
        obs: &mut O,
    ) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let d = &self.agents[agent as usize].duty;
        let kind =
            workforce.w.shifts[usize::from(d.period)].breaks[usize::from(b.pending.index)].kind;
        obs.event(now, &self.agent_event(EventKind::BreakEnded, agent));
        let record = b
            .pending
            .record(agent, kind, b.planned, Some(b.started), now);
        obs.break_finished(now, &record);
    }

    /// Reports `agent`'s pending break `p` lost; `by`: the rule that lost it
    /// (none when the next break fell due or the shift ended first).
    pub(super) fn report_missed<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        p: PendingBreak,
        by: Option<(Rule, Reason)>,
        obs: &mut O,
    ) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let d = &self.agents[agent as usize].duty;
        let brk = workforce.w.shifts[usize::from(d.period)].breaks[usize::from(p.index)];
        let event = self.agent_event(EventKind::BreakMissed, agent);
        obs.event(
            now,
            &match by {
                Some((rule, reason)) => event.decided(rule, reason),
                None => event,
            },
        );
        obs.break_finished(now, &p.record(agent, brk.kind, brk.duration, None, now));
    }

    pub(super) fn deferral_limit<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        index: u16,
        obs: &mut O,
    ) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let (action, max) = (
            workforce.w.rules.on_max_deferral,
            workforce.w.rules.max_deferral,
        );
        let d = &mut self.agents[agent as usize].duty;
        let Some(p) = d.pending_break.as_mut().filter(|p| p.index == index) else {
            return;
        };
        let why = (
            Rule::MaxDeferral,
            Reason::Seconds {
                seconds: now - p.window_end,
                max,
            },
        );
        match action {
            DeferralAction::Take => {
                p.forced = true;
                let event = self.agent_event(EventKind::BreakForced, agent);
                obs.event(now, &event.decided(why.0, why.1));
                self.try_break(now, agent, obs);
            }
            DeferralAction::Miss => {
                let p = *p;
                d.pending_break = None;
                self.forget_deferred(agent);
                self.report_missed(now, agent, p, Some(why), obs);
            }
        }
    }
}
