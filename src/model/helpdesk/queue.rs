//! The queues: each tier's lanes of waiting cases, the callers held for a
//! warm transfer, and the rules of joining, leaving and being served.
//!
//! A caller who finds no idle agent able to take the call joins a lane of
//! the tier (by class; a warm transfer that timed out goes to the priority
//! lane, ahead of every class) and hangs up when their patience runs out.
//! An agent who becomes free serves, in order: a caller held for a warm
//! transfer to a tier it serves, the priority lane and the classes from the
//! highest, first come first served within a lane; and only when no caller
//! waits, the callbacks the tier owes. It looks at its own tier first, then
//! at the lower tiers it may help (see [`TierMap`](super::tiers::TierMap)).

use super::agent::{Next, Phase};
use super::{Desk, Event};
use crate::engine::{Handle, Time};
use crate::model::call::{CaseEnd, Outcome, VisitEnd, VisitEntry};
use crate::model::observer::{EventKind, Observer};
use std::collections::VecDeque;

/// The queues of every tier, and how many live callers wait.
///
/// Each tier has lanes: lane 0 is the priority lane (warm transfers that
/// timed out), lanes 1..=classes the classes from highest priority, and the
/// last lane the callbacks the tier owes (served only when no caller waits).
/// Entries carry the case's queue token; stale ones are skipped on pop.
#[derive(Debug, Clone)]
pub(super) struct Queue {
    lanes: Vec<Vec<VecDeque<(Handle, u32)>>>,
    /// Agents holding a caller for a warm transfer to each tier, with the
    /// epoch at which they started holding (stale once the epoch moved on).
    warm: Vec<VecDeque<(u32, u32)>>,
    /// Entries in each tier's lanes and warm holders, stale ones included:
    /// an agent skips a tier with none without looking at its lanes.
    entries: Vec<u32>,
    /// Live callers waiting in queues (not on hold, not callbacks).
    pub waiting: u32,
    /// Live callers waiting for each tier.
    pub tier_waiting: Vec<u32>,
}

impl Queue {
    pub const PRIORITY: usize = 0;

    pub fn class(class: u8) -> usize {
        1 + usize::from(class)
    }

    pub fn callback(classes: usize) -> usize {
        1 + classes
    }

    pub fn new(tiers: usize, classes: usize) -> Self {
        Self {
            lanes: vec![vec![VecDeque::new(); classes + 2]; tiers],
            warm: vec![VecDeque::new(); tiers],
            entries: vec![0; tiers],
            waiting: 0,
            tier_waiting: vec![0; tiers],
        }
    }

    pub fn push(&mut self, tier: u8, lane: usize, case: Handle, token: u32) {
        self.lanes[usize::from(tier)][lane].push_back((case, token));
        self.entries[usize::from(tier)] += 1;
    }

    /// `agent` holds a caller for a warm transfer to tier `target`.
    pub fn push_warm(&mut self, target: u8, agent: u32, epoch: u32) {
        self.warm[usize::from(target)].push_back((agent, epoch));
        self.entries[usize::from(target)] += 1;
    }

    /// A live caller starts or stops waiting for tier `tier`; returns the
    /// callers waiting in all, and for the tier.
    #[inline]
    pub fn count(&mut self, tier: u8, joined: bool) -> (u32, u32) {
        let k = usize::from(tier);
        if joined {
            self.waiting += 1;
            self.tier_waiting[k] += 1;
        } else {
            self.waiting -= 1;
            self.tier_waiting[k] -= 1;
        }
        (self.waiting, self.tier_waiting[k])
    }
}

impl Desk<'_> {
    /// A live caller starts (`joined`) or stops waiting for tier `tier`:
    /// counted, and observers told.
    #[inline]
    pub(super) fn queue_counts<O: Observer>(
        &mut self,
        now: Time,
        tier: u8,
        joined: bool,
        obs: &mut O,
    ) {
        let (all, of_tier) = self.queue.count(tier, joined);
        obs.queue_changed(now, all);
        obs.tier_queue_changed(now, usize::from(tier), of_tier);
    }

    /// A live caller reaches `case.tier`: an idle agent who may take it
    /// answers at once, or the caller queues (or, with no patience at all,
    /// hangs up on the spot).
    pub(super) fn route_live<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        let tier = self.cases[h].tier;
        if let Some(agent) = self.take_idle(now, tier, obs) {
            self.start_visit(now, agent, h, obs);
        } else if self.offer_callback(now, h, obs) {
            // The caller hung up and keeps their place in the queue.
        } else {
            let c = &self.cases[h];
            let patience = c.patience;
            if patience <= 0.0 {
                self.caller_gives_up(now, h, obs);
                return;
            }
            let lane = if c.entry == VisitEntry::WarmTimeout {
                Queue::PRIORITY
            } else {
                Queue::class(c.info.class)
            };
            let token = self.enqueue(h, lane);
            self.queue_counts(now, tier, true, obs);
            obs.event(now, &self.handle_event(EventKind::Queued, h));
            if patience.is_finite() {
                // As in the single-pool engine: a caller reached at the very
                // instant their patience runs out is answered.
                self.agenda
                    .schedule_after_ties(now + patience, Event::Abandon(h, token));
            }
        }
    }

    /// The case becomes a callback from `case.tier`.
    pub(super) fn route_callback<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        let tier = self.cases[h].tier;
        if let Some(agent) = self.take_idle(now, tier, obs) {
            self.start_visit(now, agent, h, obs);
        } else {
            self.enqueue(h, Queue::callback(self.desk.classes.len()));
            obs.event(now, &self.handle_event(EventKind::Queued, h));
        }
    }

    pub(super) fn enqueue(&mut self, h: Handle, lane: usize) -> u32 {
        let c = &mut self.cases[h];
        c.queued = true;
        c.token = c.token.wrapping_add(1);
        let (tier, token) = (c.tier, c.token);
        self.queue.push(tier, lane, h, token);
        token
    }

    pub(super) fn abandon<O: Observer>(&mut self, now: Time, h: Handle, token: u32, obs: &mut O) {
        match self.cases.get(h) {
            Some(c) if c.queued && c.token == token => {}
            _ => return, // answered before its patience ran out: a stale timer
        }
        self.last_change = now;
        self.cases[h].queued = false;
        self.queue_counts(now, self.cases[h].tier, false, obs);
        self.caller_gives_up(now, h, obs);
        self.recheck_breaks(now, obs);
        // One caller fewer waiting may let idle agents make follow-ups or
        // take tickets.
        self.dispatch_background(now, obs);
    }

    /// A caller waiting for `case.tier` (or finding nobody and no patience)
    /// hangs up: the end of the case.
    pub(super) fn caller_gives_up<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        if self.cases.get(h).is_none() {
            return;
        }
        self.release_line(h);
        let c = &self.cases[h];
        if c.answered && !c.info.over_limit && now > c.limit_at {
            // The limit passed while the caller waited between agents.
            obs.event(now, &self.call_limit_event(h, None));
        }
        obs.event(now, &self.handle_event(EventKind::Abandoned, h));
        self.report_visit_without_agent(now, &self.cases[h], VisitEnd::Abandoned, obs);
        let c = &mut self.cases[h];
        c.info.waited += now - c.entered;
        if c.answered {
            c.info.end = CaseEnd::AbandonedAfterTransfer;
            c.flag_if_over_limit(now);
            obs.call_finished(now, &c.record(Outcome::Answered, c.first_wait));
        } else {
            c.info.end = CaseEnd::Unanswered;
            obs.call_finished(now, &c.record(Outcome::Abandoned, now - c.arrival));
        }
        self.contact_over(now, h, false, obs);
    }

    /// The caller of `c` hangs up: their trunk line is free again (a
    /// virtual-hold callback is outbound and holds none).
    #[inline]
    pub(super) fn release_line(&mut self, h: Handle) {
        if !self.cases[h].info.virtual_hold {
            self.lines.release();
        }
    }

    pub(super) fn next_work(&mut self, tier: u8) -> Option<Next> {
        let serves = &self.map.serves[usize::from(tier)];
        let q = &mut self.queue;
        if serves.iter().all(|&k| q.entries[usize::from(k)] == 0) {
            return None;
        }
        for &k in serves {
            let k = usize::from(k);
            while let Some((holder, epoch)) = q.warm[k].pop_front() {
                q.entries[k] -= 1;
                let a = &self.agents[holder as usize];
                if a.epoch == epoch && a.phase == Phase::WarmHold {
                    return Some(Next::Warm(holder));
                }
            }
        }
        let callback_lane = Self::callback_lane(self.desk.classes.len());
        for pass in [false, true] {
            for &k in serves {
                let k = usize::from(k);
                let range = if pass {
                    callback_lane..callback_lane + 1
                } else {
                    0..callback_lane
                };
                for lane in &mut q.lanes[k][range] {
                    while let Some((h, token)) = lane.pop_front() {
                        q.entries[k] -= 1;
                        if let Some(c) = self.cases.get(h)
                            && c.queued
                            && c.token == token
                        {
                            return Some(Next::Queued(h, c.live));
                        }
                    }
                }
            }
        }
        None
    }

    fn callback_lane(classes: usize) -> usize {
        Queue::callback(classes)
    }
}
