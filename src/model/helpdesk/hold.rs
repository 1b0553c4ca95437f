//! Holds: an agent puts the caller on hold to research, never longer than
//! the hold limit (`hold.max`) at a time.
//!
//! Whether a visit has research and how long it takes is drawn when the
//! agent takes the case; the talk is split around it. A caller on hold may
//! hang up (a drawn hold patience, scaled by the customer type). At the hold
//! limit with research left, by `hold.at_limit`: the agent checks in with
//! the caller (talk) and holds again, escalates to the next tier able to
//! take the call, or lets the caller go and calls back when the research is
//! done (the default), finishing the same visit then.

use super::Desk;
use super::agent::Phase;
use super::draws::Draw;
use crate::engine::{Handle, Time};
use crate::model::call::{CaseEnd, VisitEnd};
use crate::model::observer::{EventKind, Observer, Reason, Rule};
use crate::scenario::HoldLimitAction;

/// Longest warm-transfer hold when the scenario has no `[hold]` table (its
/// `max` otherwise): three minutes. Nobody of the target tier free by then,
/// the transfer times out (`transfer.on_timeout`).
/// The holds of one visit: the research left, the hold under way, and the
/// totals reported when the visit ends.
#[derive(Debug, Clone, Copy)]
pub(super) struct Holds {
    /// Research still to do on hold.
    pub research_left: f64,
    /// The current hold: when it began, its planned length, and whether that
    /// length is the hold limit.
    pub started: Time,
    pub segment: f64,
    pub at_limit: bool,
    /// Seconds on hold, holds, and holds that reached the limit.
    pub seconds: f64,
    pub count: u16,
    pub limit_events: u16,
    /// Check-ins at the hold limit (`hold.at_limit = "check_in"`): how many,
    /// and their talk time.
    pub check_ins: u16,
    pub check_in: f64,
}

impl Holds {
    pub const NONE: Self = Self {
        research_left: 0.0,
        started: 0.0,
        segment: 0.0,
        at_limit: false,
        seconds: 0.0,
        count: 0,
        limit_events: 0,
        check_ins: 0,
        check_in: 0.0,
    };
}

impl Desk<'_> {
    /// The longest single hold, as the scenario resolved it.
    pub(super) fn hold_limit(&self) -> f64 {
        self.desk.hold_limit()
    }

    /// Draws how long the caller will stay on hold number `hold` (from 0) of
    /// the current visit, starting now.
    pub(super) fn hang_up_time(&mut self, now: Time, h: Handle, hold: u16) -> Time {
        let Some(sampler) = &self.hold_patience else {
            return f64::INFINITY;
        };
        let c = &self.cases[h];
        let factor = self.desk.customers[usize::from(c.info.customer)].patience;
        let mut rng = self.draw(h, Draw::HoldPatience, u64::from(c.visits), u64::from(hold));
        now + sampler.sample(&mut rng) * factor
    }

    pub(super) fn start_hold<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let max = self.hold_limit();
        let w = &self.agents[agent as usize].work;
        let hang_at = self.hang_up_time(now, w.case, w.holds.count);
        let a = &mut self.agents[agent as usize];
        let w = &mut a.work;
        a.phase = Phase::Hold;
        w.holds.started = now;
        w.holds.count += 1;
        w.holds.at_limit = w.holds.research_left > max;
        w.holds.segment = w.holds.research_left.min(max);
        w.phase_end = now + w.holds.segment;
        w.hang_at = hang_at;
        let h = w.case;
        obs.event(now, &self.handle_event(EventKind::HoldStarted, h).by(agent));
        self.arm(now, agent, obs);
    }

    pub(super) fn end_hold<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let w = &mut a.work;
        w.holds.seconds += w.holds.segment;
        w.holds.research_left -= w.holds.segment;
        let at_limit = w.holds.at_limit;
        let (segment, h) = (w.holds.segment, w.case);
        obs.hold_ended(now, self.cases[h].id, segment, at_limit);
        obs.event(now, &self.handle_event(EventKind::HoldEnded, h).by(agent));
        if at_limit {
            let event = self.handle_event(EventKind::HoldLimit, h).by(agent);
            let reason = Reason::Seconds {
                seconds: segment,
                max: self.hold_limit(),
            };
            obs.event(now, &event.decided(Rule::HoldLimit, reason));
        }
        let a = &mut self.agents[agent as usize];
        if at_limit {
            a.work.holds.limit_events += 1;
            self.research_hold_limit(now, agent, obs);
        } else {
            a.phase = Phase::Talk2;
            a.work.phase_end = now + a.work.talk / 2.0;
            a.work.hang_at = f64::INFINITY;
            self.arm(now, agent, obs);
        }
    }

    /// The agent is back with the caller at the hold limit and research
    /// remains: by `hold.at_limit`, a check-in and another hold, an
    /// escalation (a check-in at the highest tier able to take the call), or
    /// a callback from this tier once the research is done.
    pub(super) fn research_hold_limit<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let Some(hold) = &self.desk.hold else {
            debug_assert!(false, "a research hold without `[hold]`");
            return;
        };
        let a = self.agents[agent as usize];
        let h = a.work.case;
        let info = self.cases[h].info;
        let target = match hold.at_limit {
            HoldLimitAction::Escalate => {
                self.map
                    .escalation_target(a.tier, info.topic, info.language)
            }
            _ => None,
        };
        let handle = now - a.work.started;
        match (hold.at_limit, target) {
            (HoldLimitAction::Escalate, Some(target)) => {
                let i = &mut self.cases[h].info;
                i.hold_limit_escalations = i.hold_limit_escalations.saturating_add(1);
                self.escalate(now, agent, target, handle, obs);
            }
            (HoldLimitAction::Callback, _) => {
                // The rest of this visit (and its after-call work) happens
                // when the tier calls back.
                let w = &mut self.agents[agent as usize].work;
                let resume = (w.holds.research_left + w.talk / 2.0, w.wrap);
                w.wrap = 0.0;
                let c = &mut self.cases[h];
                c.info.hold_limit_callback = true;
                c.resume = Some(resume);
                self.finish_visit(now, agent, VisitEnd::CallbackPromised, handle, obs);
                self.let_go_for_callback(now, h, a.tier, obs);
                self.start_wrap(now, agent, obs);
            }
            _ => {
                // The check-in is talk; the next hold starts when it ends.
                let check_in = hold.check_in;
                let a = &mut self.agents[agent as usize];
                a.phase = Phase::Talk1;
                a.work.holds.check_ins += 1;
                a.work.holds.check_in += check_in;
                a.work.phase_end = now + check_in;
                a.work.hang_at = f64::INFINITY;
                self.arm(now, agent, obs);
            }
        }
    }

    /// The caller on hold (research or warm transfer) hangs up.
    pub(super) fn hang_up_on_hold<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let held = now - a.work.holds.started;
        a.work.holds.seconds += held;
        let h = a.work.case;
        obs.hold_ended(now, self.cases[h].id, held, false);
        obs.event(now, &self.handle_event(EventKind::HoldEnded, h).by(agent));
        obs.event(
            now,
            &self.handle_event(EventKind::HungUpOnHold, h).by(agent),
        );
        let handle = now - self.agents[agent as usize].work.started;
        self.finish_visit(now, agent, VisitEnd::HungUpOnHold, handle, obs);
        self.caller_leaves(now, h, CaseEnd::HungUpOnHold, obs);
        self.start_wrap(now, agent, obs);
    }
}
