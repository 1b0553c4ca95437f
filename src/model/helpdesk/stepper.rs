//! A help-desk run taken a stretch at a time, with each tier's headcount
//! set from outside between stretches.
//!
//! The staffing planner tries several headcounts for an interval from the
//! state that the planned intervals before it left, then carries on from
//! there with the one it picks. Re-simulating the planned prefix for every
//! candidate made planning quadratic in the horizon; a `Stepper` pauses at
//! any time, is copied (`Clone`) to try a candidate on the same calls (every
//! draw comes from the copied streams: common random numbers), and is
//! re-staffed, so planning is linear.
//!
//! The scenario carries a roster workforce: one agent group per tier and no
//! shift periods, so no agent logs in by itself; [`Stepper::set_agents`]
//! decides who is on the phones.

use super::Desk;
use super::agent::{Agent, Phase};
use super::duty::Status;
use super::run::Cursor;
use crate::engine::Time;
use crate::model::center::{BuildError, RunInfo};
use crate::model::observer::Observer;
use crate::scenario::Scenario;

/// A paused help-desk run whose headcount the caller sets.
#[derive(Clone)]
pub struct Stepper<'s> {
    desk: Desk<'s>,
    cursor: Cursor,
}

impl std::fmt::Debug for Stepper<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stepper")
            .field("now", &self.now())
            .field("agents", &self.desk.agents.len())
            .finish_non_exhaustive()
    }
}

impl<'s> Stepper<'s> {
    /// Replication `replication` of `scenario`, paused at time 0 with nobody
    /// on the phones. The scenario needs a help desk and a roster workforce
    /// (one group per tier, no shift periods).
    pub fn new(scenario: &'s Scenario, replication: u64) -> Result<Self, BuildError> {
        let desk = scenario
            .helpdesk
            .as_ref()
            .ok_or_else(|| BuildError::new("a stepped run needs a help desk"))?;
        let roster = scenario.workforce.as_ref().is_some_and(|w| {
            w.shifts.is_empty()
                && w.group_agents.len() == desk.tiers.len()
                && w.rules.no_break_while_waiting.is_none()
                && w.meetings.is_empty()
                && w.leave.is_none()
        });
        if !roster {
            return Err(BuildError::new(
                "a stepped run needs a roster workforce: one group per tier, no shifts",
            ));
        }
        let mut desk = Desk::new(scenario, desk, replication)?;
        // The planner sets the headcount and stops each stretch itself.
        desk.max_in_system = u64::MAX;
        let cursor = desk.start();
        Ok(Self { desk, cursor })
    }

    /// The time the run is paused at.
    pub fn now(&self) -> Time {
        self.desk.agenda.now()
    }

    /// Runs every event before `until` and pauses at `until`; returns
    /// whether any event is left.
    pub fn advance<O: Observer>(&mut self, until: Time, obs: &mut O) -> bool {
        let more = self.desk.advance(&mut self.cursor, until, obs);
        if until.is_finite() && self.desk.agenda.now() < until {
            self.desk.agenda.advance_to(until);
        }
        more
    }

    /// Agents of tier `tier` busy with work now.
    pub fn busy(&self, tier: usize) -> u32 {
        self.desk.tier_busy[tier]
    }

    /// Agents of tier `tier` able to take work now (leaving ones included
    /// until they are gone).
    pub fn available(&self, tier: usize) -> u32 {
        self.desk.available[tier]
    }

    /// Puts `n` agents of tier `tier` on the phones from now. Agents sent
    /// home finish the call in hand (a hand-over), and with `drain` also
    /// the calls still waiting for them, as at the close; agents called in
    /// take waiting work at once.
    pub fn set_agents<O: Observer>(&mut self, tier: usize, n: u32, drain: bool, obs: &mut O) {
        let now = self.now();
        let d = &mut self.desk;
        if let Some(workforce) = d.workforce.as_mut() {
            workforce.shifts.drain = drain;
        }
        let mut on = d.agents.iter().filter(|a| on_duty(a, tier)).count() as u32;
        while on > n {
            if let Some(agent) = d.idle[tier].pop_back() {
                d.go(now, agent, Status::Off, obs);
            } else if let Some(a) = d
                .agents
                .iter_mut()
                .find(|a| on_duty(a, tier) && a.phase != Phase::Idle)
            {
                a.duty.logout_pending = true;
            } else {
                break;
            }
            on -= 1;
        }
        while on < n {
            if let Some(a) = d.agents.iter_mut().find(|a| {
                usize::from(a.tier) == tier && a.duty.status == Status::On && a.duty.logout_pending
            }) {
                a.duty.logout_pending = false;
            } else {
                let agent = match d
                    .agents
                    .iter()
                    .position(|a| usize::from(a.tier) == tier && a.duty.status == Status::Off)
                {
                    Some(i) => i,
                    None => {
                        d.agents.push(Agent::new(tier as u8, tier as u16, true));
                        d.agents.len() - 1
                    }
                };
                d.report_for_duty(now, agent as u32, obs);
            }
            on += 1;
        }
    }

    /// Runs to the end and tells observers the run is over.
    pub fn finish<O: Observer>(mut self, obs: &mut O) -> RunInfo {
        self.desk.advance(&mut self.cursor, f64::INFINITY, obs);
        self.desk.finish(self.cursor, obs)
    }
}

fn on_duty(a: &Agent, tier: usize) -> bool {
    usize::from(a.tier) == tier && a.duty.status == Status::On && !a.duty.logout_pending
}
