//! Transfers: a case a tier did not resolve moves up to the next tier able
//! to take it, by the transfer policy.
//!
//! Warm: an agent of the target tier free now takes the caller at once;
//! else the caller holds with the agent until one is, within the hold limit,
//! and at the limit joins the target tier's priority lane or is let go for a
//! callback (`transfer.on_timeout`). Cold: the caller joins the target
//! tier's queue. Callback: the caller hangs up and the target tier calls
//! back. A case with no caller on the line (a callback) can only be passed
//! on as a callback.

use super::Desk;
use super::agent::Phase;
use crate::engine::{Handle, Time};
use crate::model::call::{CaseEnd, VisitEnd, VisitEntry};
use crate::model::observer::{EventKind, Observer, Reason, Rule};
use crate::scenario::{TransferPolicy, WarmTimeout};

impl Desk<'_> {
    /// Moves an unresolved case from `agent` up to tier `target`, by the
    /// transfer policy (a case without a caller can only be called back).
    pub(super) fn escalate<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        target: u8,
        handle: f64,
        obs: &mut O,
    ) {
        let h = self.agents[agent as usize].work.case;
        obs.event(now, &self.handle_event(EventKind::Escalated, h).by(agent));
        let live = self.cases[h].live;
        let policy = if live {
            self.desk.transfer.policy
        } else {
            TransferPolicy::Callback
        };
        match policy {
            TransferPolicy::Cold => {
                self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                self.move_case(now, h, target, VisitEntry::ColdTransfer, obs);
                self.route_live(now, h, obs);
                self.start_wrap(now, agent, obs);
            }
            TransferPolicy::Callback => {
                self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                if live {
                    obs.event(now, &self.transferred_event(h, target));
                    self.let_go_for_callback(now, h, target, obs);
                } else {
                    self.move_case(now, h, target, VisitEntry::Callback, obs);
                    self.route_callback(now, h, obs);
                }
                self.start_wrap(now, agent, obs);
            }
            TransferPolicy::Warm => {
                obs.event(
                    now,
                    &self.handle_event(EventKind::TransferAsked, h).by(agent),
                );
                if let Some(to) = self.take_idle(now, target, obs) {
                    let consent = self.handle_event(EventKind::TransferConsented, h);
                    obs.event(now, &consent.by(to));
                    self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
                    self.move_case(now, h, target, VisitEntry::WarmTransfer, obs);
                    self.start_visit(now, to, h, obs);
                    self.start_wrap(now, agent, obs);
                } else {
                    self.start_warm_hold(now, agent, target, handle, obs);
                }
            }
        }
    }

    /// Points the case at tier `target`, counting a transfer for a live call.
    pub(super) fn move_case<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        target: u8,
        entry: VisitEntry,
        obs: &mut O,
    ) {
        let c = &mut self.cases[h];
        c.tier = target;
        c.entered = now;
        c.entry = entry;
        if c.live {
            c.info.transfers = c.info.transfers.saturating_add(1);
        }
        obs.event(now, &self.handle_event(EventKind::Transferred, h));
    }

    /// No agent of the target tier is free: the caller holds with `agent`
    /// until one is, within the hold limit.
    pub(super) fn start_warm_hold<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        target: u8,
        handle: f64,
        obs: &mut O,
    ) {
        let max = self.hold_limit();
        let w = &self.agents[agent as usize].work;
        let hang_at = self.hang_up_time(now, w.case, w.holds.count);
        let a = &mut self.agents[agent as usize];
        a.phase = Phase::WarmHold;
        let w = &mut a.work;
        // The visit so far, kept to report when the hold ends.
        w.talk = handle - w.holds.seconds;
        w.holds.started = now;
        w.holds.count += 1;
        w.holds.segment = max;
        w.phase_end = now + max;
        w.hang_at = hang_at;
        w.warm_target = target;
        let (epoch, h) = (a.epoch, w.case);
        self.queue.push_warm(target, agent, epoch);
        obs.event(now, &self.handle_event(EventKind::HoldStarted, h).by(agent));
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
        let held = now - a.work.holds.started;
        a.work.holds.seconds += held;
        let (h, target) = (a.work.case, a.work.warm_target);
        let warm_since = a.work.holds.started;
        let handle = a.work.talk + a.work.holds.seconds;
        obs.hold_ended(now, self.cases[h].id, held, false);
        obs.event(now, &self.handle_event(EventKind::HoldEnded, h).by(holder));
        obs.event(
            now,
            &self.handle_event(EventKind::TransferConsented, h).by(to),
        );
        self.finish_visit(now, holder, VisitEnd::Escalated, handle, obs);
        self.move_case(now, h, target, VisitEntry::WarmTransfer, obs);
        // The new tier's visit began when the caller started holding for it.
        self.cases[h].entered = warm_since;
        self.start_visit(now, to, h, obs);
        self.start_wrap(now, holder, obs);
    }

    /// Nobody of the target tier became free within the hold limit.
    pub(super) fn warm_timeout<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let a = &mut self.agents[agent as usize];
        let w = &mut a.work;
        w.holds.seconds += w.holds.segment;
        w.holds.limit_events += 1;
        let (h, target, segment) = (w.case, w.warm_target, w.holds.segment);
        let handle = w.talk + w.holds.seconds;
        obs.hold_ended(now, self.cases[h].id, segment, true);
        obs.event(now, &self.handle_event(EventKind::HoldEnded, h).by(agent));
        let refused = self.handle_event(EventKind::TransferRefused, h).by(agent);
        let reason = Reason::Seconds {
            seconds: segment,
            max: self.hold_limit(),
        };
        obs.event(now, &refused.decided(Rule::WarmTransfer, reason));
        self.finish_visit(now, agent, VisitEnd::Escalated, handle, obs);
        match self.desk.transfer.on_timeout {
            WarmTimeout::PriorityQueue => {
                // Nobody accepted: the caller is put in the queue without
                // the receiving technician's consent.
                let i = &mut self.cases[h].info;
                i.transfers_without_consent = i.transfers_without_consent.saturating_add(1);
                self.move_case(now, h, target, VisitEntry::WarmTimeout, obs);
                self.route_live(now, h, obs);
            }
            WarmTimeout::Callback => {
                obs.event(now, &self.transferred_event(h, target));
                self.let_go_for_callback(now, h, target, obs);
            }
        }
        self.start_wrap(now, agent, obs);
    }

    /// The caller hangs up with a callback promised; tier `tier` owes it.
    pub(super) fn let_go_for_callback<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        tier: u8,
        obs: &mut O,
    ) {
        self.caller_leaves_keep_case(now, h, CaseEnd::CallbackPromised, obs);
        let c = &mut self.cases[h];
        c.live = false;
        c.contacts.first_resolved = false;
        c.tier = tier;
        c.entered = now;
        c.entry = VisitEntry::Callback;
        obs.event(now, &self.handle_event(EventKind::CallbackPromised, h));
        self.route_callback(now, h, obs);
    }
}
