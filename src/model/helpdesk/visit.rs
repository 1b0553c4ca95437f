//! A visit: an agent works on a case from taking it to letting it go —
//! talk, holds, the call-length limit, resolution, escalation and transfers.

use super::Desk;
use super::aftercall::FollowUpCall;
use super::agent::{Due, Phase};
use super::case::Case;
use super::draws::Draw;
use super::tickets::TicketWork;
use crate::engine::{Handle, Time};
use crate::model::call::{CaseEnd, Outcome, VisitEnd, VisitEntry, VisitRecord};
use crate::model::observer::Observer;
use crate::scenario::{HoldLimitAction, LimitAction, TransferPolicy, WarmTimeout};
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
    /// Research still to do on hold.
    pub research_left: f64,
    /// The current hold: when it began, its planned length, and whether that
    /// length is the hold limit.
    pub hold_started: Time,
    pub segment: f64,
    pub segment_at_limit: bool,
    pub hold: f64,
    pub holds: u16,
    pub hold_limit_events: u16,
    /// Check-ins at the hold limit (`hold.at_limit = "check_in"`): how many,
    /// and their talk time.
    pub check_ins: u16,
    pub check_in: f64,
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
        research_left: 0.0,
        hold_started: 0.0,
        segment: 0.0,
        segment_at_limit: false,
        hold: 0.0,
        holds: 0,
        hold_limit_events: 0,
        check_ins: 0,
        check_in: 0.0,
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

/// Longest warm-transfer hold when the scenario has no `[hold]` table (its
/// `max` otherwise): three minutes. Nobody of the target tier free by then,
/// the transfer times out (`transfer.on_timeout`).
const DEFAULT_HOLD_LIMIT: f64 = 180.0;

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
            }
        }
        let c = self.cases[h];
        let visit = u64::from(c.visits);
        let (base, wrap) = if first {
            (c.first_talk, c.first_wrap)
        } else {
            let talk = self
                .handle_time
                .sample(&mut self.draw(h, Draw::LaterTalk, visit, 0))
                * self.scale.talk(c.arrival);
            let wrap = self.wrap_up.as_ref().map_or(0.0, |w| {
                w.sample(&mut self.draw(h, Draw::LaterWrap, visit, 0)) * self.scale.wrap(c.arrival)
            });
            (talk, wrap)
        };
        let info = c.info;
        let customer = &desk.customers[usize::from(info.customer)];
        let skilled = self.map.skilled(tier, info.topic, info.language);
        let talk = if skilled {
            t.diagnosis + base * t.handle_factor * customer.talk
        } else {
            t.diagnosis
        };
        // The callback after a hold limit finishes the visit it interrupted:
        // the research left, the rest of the talk, the after-call work.
        let (talk, wrap) = match c.resume {
            Some(resume) => {
                self.cases[h].resume = None;
                resume
            }
            None => (talk, wrap),
        };
        let mut research = 0.0;
        if let (Some(hold), Some(sampler), true, true) =
            (&desk.hold, &self.hold_time, skilled, c.live)
        {
            let p = (hold.probability * customer.hold).min(1.0);
            if p > 0.0 && (p >= 1.0 || self.draw(h, Draw::Hold, visit, 0).random::<f64>() < p) {
                research = sampler.sample(&mut self.draw(h, Draw::HoldTime, visit, 0));
            }
        }
        let limit_at = if c.live && !c.info.over_limit {
            c.limit_at
        } else {
            f64::INFINITY
        };
        let a = &mut self.agents[agent as usize];
        a.work = Work {
            case: h,
            started: now,
            wait,
            talk,
            research_left: research,
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
        let a = self.agents[agent as usize];
        match (a.due, a.phase) {
            (Due::HangUp, Phase::Hold | Phase::WarmHold) => self.hang_up_on_hold(now, agent, obs),
            (Due::Limit, _) => self.call_limit_reached(now, agent, obs),
            (_, Phase::Talk1) => self.start_hold(now, agent, obs),
            (_, Phase::Hold) => self.end_hold(now, agent, obs),
            (_, Phase::Talk2) => self.end_talk(now, agent, obs),
            (_, Phase::WarmHold) => self.warm_timeout(now, agent, obs),
            (_, Phase::Wrap) => self.agent_free(now, agent, obs),
            (_, Phase::Idle) => debug_assert!(false, "an idle agent's timer fired"),
        }
    }

    fn hold_limit(&self) -> f64 {
        self.desk
            .hold
            .as_ref()
            .map_or(DEFAULT_HOLD_LIMIT, |h| h.max)
    }

    /// Draws how long the caller will stay on hold number `hold` (from 0) of
    /// the current visit, starting now.
    fn hang_up_time(&mut self, now: Time, h: Handle, hold: u16) -> Time {
        let Some(sampler) = &self.hold_patience else {
            return f64::INFINITY;
        };
        let c = &self.cases[h];
        let factor = self.desk.customers[usize::from(c.info.customer)].patience;
        let mut rng = self.draw(h, Draw::HoldPatience, u64::from(c.visits), u64::from(hold));
        now + sampler.sample(&mut rng) * factor
    }

    fn start_hold<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let max = self.hold_limit();
        let w = &self.agents[agent as usize].work;
        let hang_at = self.hang_up_time(now, w.case, w.holds);
        let a = &mut self.agents[agent as usize];
        let w = &mut a.work;
        a.phase = Phase::Hold;
        w.hold_started = now;
        w.holds += 1;
        w.segment_at_limit = w.research_left > max;
        w.segment = w.research_left.min(max);
        w.phase_end = now + w.segment;
        w.hang_at = hang_at;
        self.arm(now, agent, obs);
    }

    fn end_hold<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let w = &mut a.work;
        w.hold += w.segment;
        w.research_left -= w.segment;
        let at_limit = w.segment_at_limit;
        let (segment, h) = (w.segment, w.case);
        obs.hold_ended(now, self.cases[h].id, segment, at_limit);
        let a = &mut self.agents[agent as usize];
        if at_limit {
            a.work.hold_limit_events += 1;
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
    fn research_hold_limit<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
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
                let resume = (w.research_left + w.talk / 2.0, w.wrap);
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
                a.work.check_ins += 1;
                a.work.check_in += check_in;
                a.work.phase_end = now + check_in;
                a.work.hang_at = f64::INFINITY;
                self.arm(now, agent, obs);
            }
        }
    }

    /// The caller on hold (research or warm transfer) hangs up.
    fn hang_up_on_hold<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let held = now - a.work.hold_started;
        a.work.hold += held;
        let h = a.work.case;
        obs.hold_ended(now, self.cases[h].id, held, false);
        let handle = now - self.agents[agent as usize].work.started;
        self.finish_visit(now, agent, VisitEnd::HungUpOnHold, handle, obs);
        self.caller_leaves(now, h, CaseEnd::HungUpOnHold, obs);
        self.start_wrap(now, agent, obs);
    }

    fn call_limit_reached<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = self.agents[agent as usize];
        let h = a.work.case;
        let info = self.cases[h].info;
        let action = self.desk.call_limit.map(|l| l.action);
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
                let held = now - a.work.hold_started;
                let w = &mut self.agents[agent as usize].work;
                w.hold += held;
                let handle = w.talk + w.hold;
                obs.hold_ended(now, self.cases[h].id, held, false);
                self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
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
            let held = now - a.work.hold_started;
            self.agents[agent as usize].work.hold += held;
            obs.hold_ended(now, self.cases[h].id, held, false);
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
    fn end_talk<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = self.agents[agent as usize];
        let w = a.work;
        if let Some(call) = w.followup {
            self.followup_call_ended(now, agent, call, obs);
            return;
        }
        if let Some(ticket) = w.ticket {
            self.ticket_done(now, agent, ticket, obs);
            return;
        }
        let info = self.cases[w.case].info;
        let target = self
            .map
            .escalation_target(a.tier, info.topic, info.language);
        let resolved = target.is_none() || (w.skilled && self.resolves(a.tier, w.case));
        let handle = w.talk + w.hold + w.check_in;
        match target {
            Some(target) if !resolved => self.escalate(now, agent, target, handle, obs),
            _ => {
                self.finish_visit(now, agent, VisitEnd::Resolved, handle, obs);
                self.draw_fix(w.case, a.tier);
                let c = self.cases[w.case];
                if c.live {
                    self.caller_leaves(now, w.case, CaseEnd::Resolved, obs);
                } else {
                    self.contact_over(now, w.case, true, obs);
                }
                self.start_wrap(now, agent, obs);
            }
        }
    }

    /// Whether tier `tier` resolves the case (drawn only when in doubt).
    fn resolves(&mut self, tier: u8, h: Handle) -> bool {
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

    /// Moves an unresolved case from `agent` up to tier `target`, by the
    /// transfer policy (a case without a caller can only be called back).
    fn escalate<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        target: u8,
        handle: f64,
        obs: &mut O,
    ) {
        let h = self.agents[agent as usize].work.case;
        let live = self.cases[h].live;
        let policy = if live {
            self.desk.transfer.policy
        } else {
            TransferPolicy::Callback
        };
        match policy {
            TransferPolicy::Cold => {
                self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                self.move_case(now, h, target, VisitEntry::ColdTransfer);
                self.route_live(now, h, obs);
                self.start_wrap(now, agent, obs);
            }
            TransferPolicy::Callback => {
                self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                if live {
                    self.let_go_for_callback(now, h, target, obs);
                } else {
                    self.move_case(now, h, target, VisitEntry::Callback);
                    self.route_callback(now, h, obs);
                }
                self.start_wrap(now, agent, obs);
            }
            TransferPolicy::Warm => {
                if let Some(to) = self.take_idle(now, target, obs) {
                    self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                    self.move_case(now, h, target, VisitEntry::WarmTransfer);
                    self.start_visit(now, to, h, obs);
                    self.start_wrap(now, agent, obs);
                } else {
                    self.start_warm_hold(now, agent, target, handle, obs);
                }
            }
        }
    }

    /// Points the case at tier `target`, counting a transfer for a live call.
    fn move_case(&mut self, now: Time, h: Handle, target: u8, entry: VisitEntry) {
        let c = &mut self.cases[h];
        c.tier = target;
        c.entered = now;
        c.entry = entry;
        if c.live {
            c.info.transfers = c.info.transfers.saturating_add(1);
        }
    }

    /// No agent of the target tier is free: the caller holds with `agent`
    /// until one is, within the hold limit.
    fn start_warm_hold<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        target: u8,
        handle: f64,
        obs: &mut O,
    ) {
        let max = self.hold_limit();
        let w = &self.agents[agent as usize].work;
        let hang_at = self.hang_up_time(now, w.case, w.holds);
        let a = &mut self.agents[agent as usize];
        a.phase = Phase::WarmHold;
        let w = &mut a.work;
        // The visit so far, kept to report when the hold ends.
        w.talk = handle - w.hold;
        w.hold_started = now;
        w.holds += 1;
        w.segment = max;
        w.phase_end = now + max;
        w.hang_at = hang_at;
        w.warm_target = target;
        let epoch = a.epoch;
        self.queue.push_warm(target, agent, epoch);
        self.arm(now, agent, obs);
    }

    /// Agent `to` (busy, just freed) takes the caller `holder` is holding.
    pub(super) fn complete_warm_transfer<O: Observer>(
        &mut self,
        now: Time,
        holder: u32,
        to: u32,
        obs: &mut O,
    ) {
        let a = &mut self.agents[holder as usize];
        a.epoch = a.epoch.wrapping_add(1); // its hold timer is void now
        let held = now - a.work.hold_started;
        a.work.hold += held;
        let (h, target) = (a.work.case, a.work.warm_target);
        let warm_since = a.work.hold_started;
        let handle = a.work.talk + a.work.hold;
        obs.hold_ended(now, self.cases[h].id, held, false);
        self.finish_visit(now, holder, VisitEnd::Escalated, handle, obs);
        self.move_case(now, h, target, VisitEntry::WarmTransfer);
        // The new tier's visit began when the caller started holding for it.
        self.cases[h].entered = warm_since;
        self.start_visit(now, to, h, obs);
        self.start_wrap(now, holder, obs);
    }

    /// Nobody of the target tier became free within the hold limit.
    fn warm_timeout<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let w = &mut a.work;
        w.hold += w.segment;
        w.hold_limit_events += 1;
        let (h, target, segment) = (w.case, w.warm_target, w.segment);
        let handle = w.talk + w.hold;
        obs.hold_ended(now, self.cases[h].id, segment, true);
        self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
        match self.desk.transfer.on_timeout {
            WarmTimeout::PriorityQueue => {
                // Nobody accepted: the caller is put in the queue without
                // the receiving technician's consent.
                let i = &mut self.cases[h].info;
                i.transfers_without_consent = i.transfers_without_consent.saturating_add(1);
                self.move_case(now, h, target, VisitEntry::WarmTimeout);
                self.route_live(now, h, obs);
            }
            WarmTimeout::Callback => self.let_go_for_callback(now, h, target, obs),
        }
        self.start_wrap(now, agent, obs);
    }

    /// The caller hangs up with a callback promised; tier `tier` owes it.
    fn let_go_for_callback<O: Observer>(&mut self, now: Time, h: Handle, tier: u8, obs: &mut O) {
        self.caller_leaves_keep_case(now, h, CaseEnd::CallbackPromised, obs);
        let c = &mut self.cases[h];
        c.live = false;
        c.contacts.first_resolved = false;
        c.tier = tier;
        c.entered = now;
        c.entry = VisitEntry::Callback;
        self.route_callback(now, h, obs);
    }

    /// The caller leaves: the contact is over.
    fn caller_leaves<O: Observer>(&mut self, now: Time, h: Handle, end: CaseEnd, obs: &mut O) {
        self.caller_leaves_keep_case(now, h, end, obs);
        self.contact_over(now, h, end == CaseEnd::Resolved, obs);
    }

    fn caller_leaves_keep_case<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        end: CaseEnd,
        obs: &mut O,
    ) {
        let c = self.cases[h];
        self.release_line(&c);
        let c = &mut self.cases[h];
        c.info.end = end;
        c.flag_if_over_limit(now);
        let c = *c;
        obs.call_finished(now, &self.record(&c, Outcome::Answered, c.first_wait));
    }

    /// Reports the agent's visit and adds it to the case's totals.
    fn finish_visit<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        end: VisitEnd,
        handle: f64,
        obs: &mut O,
    ) {
        let a = self.agents[agent as usize];
        let w = a.work;
        let c = &mut self.cases[w.case];
        if c.live {
            c.talk_total += handle;
            c.wrap_total += w.wrap;
            let i = &mut c.info;
            i.hold_seconds += w.hold;
            i.holds = i.holds.saturating_add(w.holds);
            i.hold_limit_events = i.hold_limit_events.saturating_add(w.hold_limit_events);
            i.hold_check_ins = i.hold_check_ins.saturating_add(w.check_ins);
            i.hold_check_in_seconds += w.check_in;
            // Counted when the case leaves the tier, not when the agent
            // decides: a caller who hangs up waiting for a warm transfer
            // never moved up.
            if end == VisitEnd::Escalated {
                i.escalations = i.escalations.saturating_add(1);
            }
        }
        let c = *c;
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
                hold: w.hold,
                holds: w.holds,
                hold_limit_events: w.hold_limit_events,
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
            self.arm(now, agent, obs);
        } else {
            self.agent_free(now, agent, obs);
        }
    }
}
