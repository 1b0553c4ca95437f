//! A visit: an agent works on a case from taking it to letting it go — the
//! talk, the call-length limit, resolution, the after-call work, and what
//! observers learn of it. Holds have their own file ([`hold`](super::hold)),
//! and so do the ways an unresolved case moves up
//! ([`transfer`](super::transfer)).
//!
//! The talk of a visit is the tier's diagnosis plus, if the tier has the
//! call's skill and language, the drawn talk scaled by the tier's factor and
//! the customer type. At its end the tier resolves the case (drawn from the
//! tier's resolution rate for the case's complexity, scaled by the customer
//! type) or escalates it; a tier without the call's skill and language
//! passes it on, and the last tier able to take the call resolves it. The
//! call-length limit counts from the first answer; reached with an agent, by
//! `call_limit.action` the call is flagged only, escalated (when a tier
//! above can take it), or the caller is let go for a callback.

use super::Desk;
use super::aftercall::FollowUpCall;
use super::agent::{Due, Phase};
use super::case::Case;
use super::draws::Draw;
use super::hold::Holds;
use super::tickets::TicketWork;
use crate::engine::{Handle, Time};
use crate::model::call::{CaseEnd, Outcome, VisitEnd, VisitRecord};
use crate::model::observer::{EventKind, Observer};
use crate::scenario::LimitAction;
use rand::RngExt;

/// The visit an agent is working on.
#[derive(Debug, Clone, Copy)]
pub(super) struct Work {
    pub case: Handle,
    /// When the agent took the case, and how long the case had waited.
    pub started: Time,
    pub wait: f64,
    /// Planned talk of this visit (diagnosis included), split in two around
    /// the holds when there are any.
    pub talk: f64,
    /// The holds of this visit.
    pub holds: Holds,
    pub wrap: f64,
    /// The agent's tier can work on the call's topic and language.
    pub skilled: bool,
    pub over_limit: bool,
    /// Deadlines of the current phase; infinite when they do not apply.
    pub phase_end: Time,
    pub hang_at: Time,
    pub limit_at: Time,
    /// Tier a warm transfer waits for.
    pub warm_target: u8,
    /// This is an outbound follow-up call, not a visit.
    pub followup: Option<FollowUpCall>,
    /// This is a ticket, not a call.
    pub ticket: Option<TicketWork>,
}

impl Work {
    pub const NONE: Self = Self {
        case: Handle::DANGLING,
        started: 0.0,
        wait: 0.0,
        talk: 0.0,
        holds: Holds::NONE,
        wrap: 0.0,
        skilled: true,
        over_limit: false,
        phase_end: f64::INFINITY,
        hang_at: f64::INFINITY,
        limit_at: f64::INFINITY,
        warm_target: 0,
        followup: None,
        ticket: None,
    };
}

impl Desk<'_> {
    /// `agent` (already counted busy) takes case `h` now.
    pub(super) fn start_visit<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        h: Handle,
        obs: &mut O,
    ) {
        let tier = self.agents[agent as usize].tier;
        let desk = self.desk;
        let t = &desk.tiers[usize::from(tier)];
        let mut flagged_late = false;
        let c = &mut self.cases[h];
        let wait = now - c.entered;
        let first = c.visits == 0;
        c.visits = c.visits.saturating_add(1);
        if c.live {
            c.info.path.push(tier);
            // A virtual-hold customer did not wait on the line for the
            // callback.
            if !c.info.virtual_hold || c.answered {
                c.info.waited += wait;
            }
            if !c.answered {
                c.answered = true;
                c.first_wait = wait;
                c.first_agent = Some(agent);
                if let Some(limit) = &desk.call_limit {
                    c.limit_at = now + limit.max;
                }
                obs.call_answered(now, c.id, agent, wait);
            } else if now >= c.limit_at && !c.info.over_limit {
                // The limit passed while the case was between agents: flag
                // it; the new tier is not cut short for it.
                c.info.over_limit = true;
                flagged_late = true;
            }
        }
        if flagged_late {
            obs.event(now, &self.call_limit_event(h, Some(agent)));
        }
        let c = &self.cases[h];
        self.tell_visit_started(now, agent, c, obs);
        let visit = u64::from(c.visits);
        let (arrival, live, resume) = (c.arrival, c.live, c.resume);
        let limit_at = if live && !c.info.over_limit {
            c.limit_at
        } else {
            f64::INFINITY
        };
        let (customer, topic, language) = (c.info.customer, c.info.topic, c.info.language);
        let (base, wrap) = if first {
            (c.first_talk, c.first_wrap)
        } else {
            let talk = self
                .handle_time
                .sample(&mut self.draw(h, Draw::LaterTalk, visit, 0))
                * self.scale.talk(arrival);
            let wrap = self.wrap_up.as_ref().map_or(0.0, |w| {
                w.sample(&mut self.draw(h, Draw::LaterWrap, visit, 0)) * self.scale.wrap(arrival)
            });
            (talk, wrap)
        };
        let customer = &desk.customers[usize::from(customer)];
        let skilled = self.map.skilled(tier, topic, language);
        let talk = if skilled {
            t.diagnosis + base * t.handle_factor * customer.talk
        } else {
            t.diagnosis
        };
        // The callback after a hold limit finishes the visit it interrupted:
        // the research left, the rest of the talk, the after-call work.
        let (talk, wrap) = match resume {
            Some(resume) => {
                self.cases[h].resume = None;
                resume
            }
            None => (talk, wrap),
        };
        let mut research = 0.0;
        if let (Some(hold), Some(sampler), true, true) =
            (&desk.hold, &self.hold_time, skilled, live)
        {
            let p = (hold.probability * customer.hold).min(1.0);
            if p > 0.0 && (p >= 1.0 || self.draw(h, Draw::Hold, visit, 0).random::<f64>() < p) {
                research = sampler.sample(&mut self.draw(h, Draw::HoldTime, visit, 0));
            }
        }
        let a = &mut self.agents[agent as usize];
        a.work = Work {
            case: h,
            started: now,
            wait,
            talk,
            holds: Holds {
                research_left: research,
                ..Holds::NONE
            },
            wrap,
            skilled,
            limit_at,
            ..Work::NONE
        };
        if research > 0.0 {
            a.phase = Phase::Talk1;
            a.work.phase_end = now + talk / 2.0;
        } else {
            a.phase = Phase::Talk2;
            a.work.phase_end = now + talk;
        }
        self.arm(now, agent, obs);
    }

    /// The agent's pending timer fired (and is current).
    pub(super) fn agent_timer<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &self.agents[agent as usize];
        match (a.due, a.phase) {
            (Due::HangUp, Phase::Hold | Phase::WarmHold) => self.hang_up_on_hold(now, agent, obs),
            (Due::Limit, _) => self.call_limit_reached(now, agent, obs),
            (_, Phase::Talk1) => self.start_hold(now, agent, obs),
            (_, Phase::Hold) => self.end_hold(now, agent, obs),
            (_, Phase::Talk2) => self.end_talk(now, agent, obs),
            (_, Phase::WarmHold) => self.warm_timeout(now, agent, obs),
            (_, Phase::Wrap) => {
                obs.event(now, &self.agent_event(EventKind::WrapUpEnded, agent));
                self.agent_free(now, agent, obs);
            }
            (_, Phase::Idle) => debug_assert!(false, "an idle agent's timer fired"),
        }
    }

    pub(super) fn call_limit_reached<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = self.agents[agent as usize];
        let h = a.work.case;
        let info = self.cases[h].info;
        let action = self.desk.call_limit.map(|l| l.action);
        obs.event(now, &self.call_limit_event(h, Some(agent)));
        let target = self
            .map
            .escalation_target(a.tier, info.topic, info.language);
        self.cases[h].info.over_limit = true;
        let w = &mut self.agents[agent as usize].work;
        w.over_limit = true;
        w.limit_at = f64::INFINITY;
        if a.phase == Phase::WarmHold {
            // The call is already on its way up: flagged; a `callback` limit
            // lets the caller go, and the tier the call waited for calls back.
            if action == Some(LimitAction::Callback) {
                let held = now - a.work.holds.started;
                let w = &mut self.agents[agent as usize].work;
                w.holds.seconds += held;
                let handle = w.talk + w.holds.seconds;
                obs.hold_ended(now, self.cases[h].id, held, false);
                obs.event(now, &self.handle_event(EventKind::HoldEnded, h).by(agent));
                self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                obs.event(now, &self.transferred_event(h, a.work.warm_target));
                self.let_go_for_callback(now, h, a.work.warm_target, obs);
                self.start_wrap(now, agent, obs);
            } else {
                self.arm(now, agent, obs);
            }
            return;
        }
        let cut = match action {
            Some(LimitAction::Escalate) => target.is_some(),
            Some(LimitAction::Callback) => true,
            _ => false,
        };
        if !cut {
            self.arm(now, agent, obs);
            return;
        }
        if a.phase == Phase::Hold {
            let held = now - a.work.holds.started;
            self.agents[agent as usize].work.holds.seconds += held;
            obs.hold_ended(now, self.cases[h].id, held, false);
            obs.event(now, &self.handle_event(EventKind::HoldEnded, h).by(agent));
        }
        let handle = now - a.work.started;
        match (action, target) {
            (Some(LimitAction::Escalate), Some(target)) => {
                self.escalate(now, agent, target, handle, obs);
            }
            _ => {
                self.finish_visit(now, agent, VisitEnd::CallbackPromised, handle, obs);
                self.let_go_for_callback(now, h, a.tier, obs);
                self.start_wrap(now, agent, obs);
            }
        }
    }

    /// The talk is over: the agent resolves the problem or escalates it.
    pub(super) fn end_talk<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &self.agents[agent as usize];
        let (tier, w) = (a.tier, &a.work);
        if let Some(call) = w.followup {
            self.followup_call_ended(now, agent, call, obs);
            return;
        }
        if let Some(ticket) = w.ticket {
            self.ticket_done(now, agent, ticket, obs);
            return;
        }
        let (case, skilled) = (w.case, w.skilled);
        let handle = w.talk + w.holds.seconds + w.holds.check_in;
        let info = &self.cases[case].info;
        let target = self.map.escalation_target(tier, info.topic, info.language);
        let resolved = target.is_none() || (skilled && self.resolves(tier, case));
        match target {
            Some(target) if !resolved => self.escalate(now, agent, target, handle, obs),
            _ => {
                self.finish_visit(now, agent, VisitEnd::Resolved, handle, obs);
                obs.event(now, &self.handle_event(EventKind::Resolved, case).by(agent));
                self.draw_fix(case, tier);
                if self.cases[case].live {
                    self.caller_leaves(now, case, CaseEnd::Resolved, obs);
                } else {
                    self.contact_over(now, case, true, obs);
                }
                self.start_wrap(now, agent, obs);
            }
        }
    }

    /// Whether tier `tier` resolves the case (drawn only when in doubt).
    pub(super) fn resolves(&mut self, tier: u8, h: Handle) -> bool {
        let info = self.cases[h].info;
        let p = self.desk.tiers[usize::from(tier)].resolve[usize::from(info.complexity)];
        let factor = self.desk.customers[usize::from(info.customer)].escalation;
        let unresolved = ((1.0 - p) * factor).min(1.0);
        if unresolved <= 0.0 {
            true
        } else if unresolved >= 1.0 {
            false
        } else {
            let visit = u64::from(self.cases[h].visits);
            self.draw(h, Draw::Resolution, visit, 0).random::<f64>() >= unresolved
        }
    }

    /// The caller leaves: the contact is over.
    pub(super) fn caller_leaves<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        end: CaseEnd,
        obs: &mut O,
    ) {
        self.caller_leaves_keep_case(now, h, end, obs);
        self.contact_over(now, h, end == CaseEnd::Resolved, obs);
    }

    pub(super) fn caller_leaves_keep_case<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        end: CaseEnd,
        obs: &mut O,
    ) {
        self.release_line(h);
        let c = &mut self.cases[h];
        c.info.end = end;
        c.flag_if_over_limit(now);
        obs.call_finished(now, &c.record(Outcome::Answered, c.first_wait));
        obs.event(now, &self.handle_event(EventKind::Ended, h));
    }

    /// Reports the agent's visit and adds it to the case's totals.
    pub(super) fn finish_visit<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        end: VisitEnd,
        handle: f64,
        obs: &mut O,
    ) {
        let a = &self.agents[agent as usize];
        let w = &a.work;
        let c = &mut self.cases[w.case];
        if c.live {
            c.talk_total += handle;
            c.wrap_total += w.wrap;
            let i = &mut c.info;
            i.hold_seconds += w.holds.seconds;
            i.holds = i.holds.saturating_add(w.holds.count);
            i.hold_limit_events = i.hold_limit_events.saturating_add(w.holds.limit_events);
            i.hold_check_ins = i.hold_check_ins.saturating_add(w.holds.check_ins);
            i.hold_check_in_seconds += w.holds.check_in;
            // Counted when the case leaves the tier, not when the agent
            // decides: a caller who hangs up waiting for a warm transfer
            // never moved up.
            if end == VisitEnd::Escalated {
                i.escalations = i.escalations.saturating_add(1);
            }
        }
        let c = &*c;
        obs.visit_finished(
            now,
            &VisitRecord {
                call_id: c.id,
                tier: c.tier,
                agent_tier: Some(a.tier),
                agent: Some(agent),
                customer: c.info.customer,
                class: c.info.class,
                entry: c.entry,
                callback: !c.live,
                entered: c.entered,
                wait: w.wait,
                handle,
                hold: w.holds.seconds,
                holds: w.holds.count,
                hold_limit_events: w.holds.limit_events,
                wrap_up: w.wrap,
                over_limit: w.over_limit,
                end,
                counted: c.counted,
            },
        );
    }

    /// Reports a visit that ended before any agent took the case.
    pub(super) fn report_visit_without_agent<O: Observer>(
        &self,
        now: Time,
        c: &Case,
        end: VisitEnd,
        obs: &mut O,
    ) {
        obs.visit_finished(
            now,
            &VisitRecord {
                call_id: c.id,
                tier: c.tier,
                agent_tier: None,
                agent: None,
                customer: c.info.customer,
                class: c.info.class,
                entry: c.entry,
                callback: !c.live,
                entered: c.entered,
                wait: now - c.entered,
                handle: 0.0,
                hold: 0.0,
                holds: 0,
                hold_limit_events: 0,
                wrap_up: 0.0,
                over_limit: false,
                end,
                counted: c.counted,
            },
        );
    }

    /// After-call work, then the agent is free.
    pub(super) fn start_wrap<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let wrap = a.work.wrap;
        if wrap > 0.0 {
            a.phase = Phase::Wrap;
            a.work.phase_end = now + wrap;
            obs.event(now, &self.agent_event(EventKind::WrapUpStarted, agent));
            self.arm(now, agent, obs);
        } else {
            self.agent_free(now, agent, obs);
        }
    }
}
