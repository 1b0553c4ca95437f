//! Personal leave: requests arrive at random during each shift
//! (`per_agent_day` on average per agent and day, spread over the day's
//! periods by their length), and each is decided when it would start: at
//! once if the agent is idle, else when it is free (after its call, break,
//! meeting or preparation). It is granted only if at least `min_available`
//! other agents of the tier are on duty and able to take a call (not away,
//! shift not over); refused, it is asked again after `retry`. Leave lasts a
//! drawn time, or until the end of the shift.

use super::draws::Draw;
use super::duty::{DutyEvent, Status};
use super::{Desk, Event};
use crate::engine::Time;
use crate::engine::rng::keyed_stream;
use crate::model::observer::{EventKind, Observer, Reason, Rule};
use crate::model::sampler::Sampler;
use crate::scenario::{PersonalLeave, Workforce};
use rand::RngExt;
use rand_distr::{Distribution, Poisson};

/// The leave rules of a run with their sampler.
#[derive(Clone)]
pub(super) struct Leave {
    duration: Option<Sampler>,
}

impl Leave {
    pub fn new(w: &Workforce) -> Result<Self, String> {
        Ok(Self {
            duration: w
                .leave
                .as_ref()
                .map(|l| Sampler::new(&l.duration))
                .transpose()?,
        })
    }
}

impl Desk<'_> {
    /// Schedules `agent`'s leave requests during its shift `period` (day,
    /// period, start, end; its group works `day_length` seconds a day) that
    /// fall from `now` on.
    pub(super) fn schedule_leave_requests(
        &mut self,
        now: Time,
        agent: u32,
        leave: &PersonalLeave,
        seed: u64,
        period: (u32, u16, Time, Time),
        day_length: f64,
    ) {
        let (day, period, start, end) = period;
        let key = u64::from(day) << 16 | u64::from(period);
        let mut rng = keyed_stream(seed, [u64::from(agent), Draw::Leave as u64, key]);
        let mean = leave.per_agent_day * (end - start) / day_length.max(1.0);
        if mean > 0.0 {
            let n = Poisson::new(mean).map_or(0.0, |p| p.sample(&mut rng)) as u64;
            for _ in 0..n {
                let at = start + rng.random::<f64>() * (end - start);
                if at >= now {
                    self.agenda
                        .schedule(at, Event::Duty(agent, DutyEvent::LeaveRequest));
                }
            }
        }
    }

    pub(super) fn leave_length(&self, agent: u32) -> f64 {
        let Some(workforce) = &self.workforce else {
            return 0.0;
        };
        let Some(sampler) = &workforce.leave.duration else {
            return 0.0;
        };
        let d = &self.agents[agent as usize].duty;
        let key = u64::from(d.day) << 32 | self.leave_count(agent);
        let mut rng = keyed_stream(
            workforce.seed,
            [u64::from(agent), Draw::LeaveLength as u64, key],
        );
        sampler.sample(&mut rng)
    }

    pub(super) fn leave_count(&self, agent: u32) -> u64 {
        u64::from(self.agents[agent as usize].leaves)
    }

    /// `agent` asks for personal leave: decided at once if it is idle; if
    /// it is busy or away, when it is free again (`leave_pending`).
    pub(super) fn leave_request<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        if self.workforce.as_ref().is_none_or(|s| s.w.leave.is_none()) {
            return;
        }
        let a = &self.agents[agent as usize];
        if a.duty.status == Status::Off || a.duty.status == Status::Leave || a.duty.leave_pending {
            return;
        }
        obs.event(now, &self.agent_event(EventKind::LeaveAsked, agent));
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
    pub(super) fn decide_leave<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) -> bool {
        let Some((min, retry)) = self
            .workforce
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
        let kind = if granted {
            EventKind::LeaveStarted
        } else {
            EventKind::LeaveRefused
        };
        let reason = Reason::Available {
            available: u32::try_from(others).unwrap_or(u32::MAX),
            min,
        };
        let event = self.agent_event(kind, agent);
        obs.event(now, &event.decided(Rule::MinAvailable, reason));
        let a = &mut self.agents[agent as usize];
        a.duty.leave_pending = false;
        if granted {
            a.leaves = a.leaves.wrapping_add(1);
        } else {
            self.agenda
                .schedule(now + retry, Event::Duty(agent, DutyEvent::LeaveRequest));
        }
        granted
    }
}
