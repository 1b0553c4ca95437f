//! Shifts: when each agent logs in and out, its preparation before the
//! first call, and overtime.
//!
//! Each agent belongs to a shift group; a group works its periods every day.
//! At login the agent prepares for a time drawn between the two `prep`
//! bounds before taking calls (a shift under way when the run starts may
//! have finished preparing already). At the end of the shift an idle agent
//! logs out at once; one on a call finishes it first, in overtime; one away
//! (break, meeting, leave, preparation) logs out and its break or leave ends
//! with the shift. An agent whose shift ends at or after the close (or
//! whenever the staffing planner closes the desk, `drain`) first works the
//! calls still waiting for it.
//!
//! Everything is scheduled per agent and period, lazily: an agent's next
//! login is scheduled when it logs in, so memory grows with the agents, not
//! with the length of the run.

use super::draws::Draw;
use super::duty::{DutyEvent, Status};
use super::{Desk, Event};
use crate::engine::Time;
use crate::engine::rng::keyed_stream;
use crate::model::observer::{EventKind, Observer};
use crate::scenario::Workforce;
use rand::RngExt;

pub(super) const DAY: f64 = 86_400.0;

/// The shift periods of a run, as the engine looks them up.
#[derive(Clone)]
pub(super) struct Shifts {
    /// Each group's periods, earliest first within the day.
    periods: Vec<Vec<u16>>,
    /// Seconds each group works per day, to spread leave requests.
    pub day_length: Vec<f64>,
    /// The latest start of each group's periods within its day, to start
    /// the search for its next period near the current one.
    latest_start: Vec<f64>,
    /// The close: arrivals stop; agents on shift then drain the queues.
    pub close: Time,
    /// Agents sent home before the close work the calls still waiting
    /// first, as at the close: set by the staffing planner when the desk
    /// closes for an interval (see [`super::Stepper`]).
    pub drain: bool,
}

impl Shifts {
    pub fn new(w: &Workforce, close: Time) -> Self {
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
        Self {
            periods,
            day_length,
            latest_start,
            close,
            drain: false,
        }
    }

    /// The first period instance of `group` that starts after `after`
    /// (or, at the very start, the one under way at time 0).
    ///
    /// The search starts a day before the last day whose periods all start
    /// by `after` (with a day's margin for rounding): every instance before
    /// it starts before `after`, so the result is the one a search from day
    /// 0 finds, at a cost that does not grow with the horizon.
    pub fn next_instance(
        &self,
        w: &Workforce,
        group: usize,
        after: Time,
        first: bool,
    ) -> Option<(u32, u16, Time)> {
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
                let s = &w.shifts[usize::from(p)];
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
    pub(super) fn log_in<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        day: u32,
        period: u16,
        obs: &mut O,
    ) {
        let Some(workforce) = &self.workforce else {
            return;
        };
        let w = workforce.w;
        let shift = &w.shifts[usize::from(period)];
        let offset = f64::from(day) * DAY;
        let (start, end) = (shift.start + offset, shift.end + offset);
        let group = usize::from(self.agents[agent as usize].duty.group);
        let next = workforce.shifts.next_instance(w, group, start, false);
        let seed = workforce.seed;
        let day_length = workforce.shifts.day_length[group];
        {
            let d = &mut self.agents[agent as usize].duty;
            d.period = period;
            d.day = day;
            d.logout_pending = false;
            d.overtime = false;
        }
        obs.shift_started(now, agent, day);
        obs.event(now, &self.agent_event(EventKind::ShiftStarted, agent));
        self.agenda
            .schedule(end, Event::Duty(agent, DutyEvent::LogOut));
        if let Some((next_day, next_period, at)) = next {
            self.agenda.schedule(
                at,
                Event::Duty(
                    agent,
                    DutyEvent::LogIn {
                        day: next_day,
                        period: next_period,
                    },
                ),
            );
        }
        self.schedule_breaks(now, agent, shift, offset);
        if let Some(leave) = &w.leave {
            let period = (day, period, start, end);
            self.schedule_leave_requests(now, agent, leave, seed, period, day_length);
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
                .schedule(ready, Event::Duty(agent, DutyEvent::PrepDone));
        } else {
            self.report_for_duty(now, agent, obs);
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
