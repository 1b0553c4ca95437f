//! Meetings: at a set time on set days, the agents of the attending tiers
//! and shift groups leave the phones for the meeting's length. An agent busy
//! with a call when the meeting starts joins when the call is over, if the
//! meeting is still on; one who was away (break, leave) joins on its return.
//! When the meeting ends, its attendees go back on duty and held-back breaks
//! are tried again.

use super::duty::Status;
use super::shifts::DAY;
use super::{Desk, Event};
use crate::engine::Time;
use crate::model::observer::{EventKind, Observer};
use crate::scenario::Workforce;

/// When each meeting's current instance ends (or ended).
#[derive(Clone)]
pub(super) struct Meetings {
    until: Vec<Time>,
}

impl Meetings {
    pub fn new(w: &Workforce) -> Self {
        Self {
            until: vec![f64::NEG_INFINITY; w.meetings.len()],
        }
    }

    /// Every meeting instance before `close`, by meeting then day: its
    /// start and the meeting's index.
    pub fn instances(w: &Workforce, close: Time) -> Vec<(Time, u16)> {
        let mut meetings = Vec::new();
        let days = (close / DAY).ceil() as u32;
        for (m, meeting) in w.meetings.iter().enumerate() {
            for day in 0..days {
                if meeting.days.as_ref().is_some_and(|d| !d.contains(&day)) {
                    continue;
                }
                let at = meeting.start + f64::from(day) * DAY;
                if at < close {
                    meetings.push((at, m as u16));
                }
            }
        }
        meetings
    }

    /// Meeting `m` is under way at `now`.
    #[inline]
    pub fn under_way(&self, m: u16, now: Time) -> bool {
        self.until[usize::from(m)] > now
    }
}

impl Desk<'_> {
    /// A meeting starts (`start`) or ends for the tiers that attend.
    pub(super) fn meeting_event<O: Observer>(
        &mut self,
        now: Time,
        m: u16,
        start: bool,
        obs: &mut O,
    ) {
        let Some(workforce) = &mut self.workforce else {
            return;
        };
        let meeting = &workforce.w.meetings[usize::from(m)];
        let (tiers, groups) = (meeting.tiers.clone(), meeting.groups.clone());
        if start {
            workforce.meetings.until[usize::from(m)] = now + meeting.duration;
            self.agenda
                .schedule(now + meeting.duration, Event::Meeting(m, false));
        } else {
            workforce.meetings.until[usize::from(m)] = now;
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
                    obs.event(now, &self.agent_event(EventKind::MeetingEnded, agent));
                    self.report_for_duty(now, agent, obs);
                }
            }
        }
        if !start {
            self.recheck_breaks(now, obs);
        }
    }
}
