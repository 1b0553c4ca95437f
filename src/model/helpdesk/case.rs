//! A case: one customer's problem from the first call until it is resolved
//! or the customer gives up for good, with the facts of the call in progress.
//!
//! A case outlives its calls: a repeat call or a callback is a new contact of
//! the same case (see [`aftercall`](super::aftercall)). Its `token` tells its
//! current queue entry and patience timer from stale ones, and the `stage` of
//! its [`Contacts`] does the same for pending repeat calls and follow-ups, so
//! nothing is ever removed from the agenda or a queue: stale entries are
//! skipped.

use super::aftercall::Contacts;
use crate::engine::Time;
use crate::model::call::{CallRecord, CaseInfo, Outcome, VisitEntry};

/// A case from arrival until it is resolved or the caller leaves for good.
#[derive(Debug, Clone, Copy)]
pub(super) struct Case {
    pub id: u64,
    pub arrival: Time,
    pub counted: bool,
    /// Seconds the caller waits in a queue before hanging up (type applied).
    pub patience: f64,
    /// Talk and wrap-up of the first visit, drawn at arrival like the
    /// single-pool engine does; later visits draw their own.
    pub first_talk: f64,
    pub first_wrap: f64,
    /// Tier the case is routed to now, when it got there, and how.
    pub tier: u8,
    pub entered: Time,
    pub entry: VisitEntry,
    /// Waiting in a lane; `token` tells current queue entries and patience
    /// timers from stale ones.
    pub queued: bool,
    pub token: u32,
    /// The caller is on the line (holds a trunk line). False once the case
    /// has become a callback.
    pub live: bool,
    pub answered: bool,
    pub first_wait: f64,
    pub first_agent: Option<u32>,
    /// Seconds with agents (talk and hold) and of their wrap-up, over the
    /// caller's visits.
    pub talk_total: f64,
    pub wrap_total: f64,
    /// When the call-length limit falls (first answer + limit).
    pub limit_at: Time,
    pub visits: u8,
    pub info: CaseInfo,
    /// Where the case stands between its contacts: repeat calls and
    /// follow-ups to come.
    pub contacts: Contacts,
    /// When a virtual-hold callback was promised by (infinite if none).
    pub promised_at: Time,
    /// Let go at the hold limit: the talk (research left and the rest of
    /// the conversation) and wrap-up the callback visit does.
    pub resume: Option<(f64, f64)>,
}

impl Case {
    /// The caller leaves now: flags the call if they were on the line past
    /// the call-length limit, wherever the limit fell (also in a queue after
    /// a transfer, where no agent was there to act on it).
    #[inline]
    pub fn flag_if_over_limit(&mut self, now: Time) {
        if now > self.limit_at {
            self.info.over_limit = true;
        }
    }

    /// A new call `id` arriving `now` at the entry tier with its first
    /// visit's talk and wrap-up, the caller's patience (type applied) and
    /// facts `info`; `counted` unless it arrived in the warm-up.
    #[allow(clippy::too_many_arguments)]
    pub fn arriving(
        id: u64,
        now: Time,
        counted: bool,
        patience: f64,
        first_talk: f64,
        first_wrap: f64,
        info: CaseInfo,
    ) -> Self {
        Self {
            id,
            arrival: now,
            counted,
            patience,
            first_talk,
            first_wrap,
            tier: 0,
            entered: now,
            entry: VisitEntry::Arrival,
            queued: false,
            token: 0,
            live: true,
            answered: false,
            first_wait: 0.0,
            first_agent: None,
            talk_total: 0.0,
            wrap_total: 0.0,
            limit_at: f64::INFINITY,
            visits: 0,
            info,
            contacts: Contacts::FIRST,
            promised_at: f64::INFINITY,
            resume: None,
        }
    }
}

impl Case {
    /// What observers learn about a caller who leaves.
    #[inline]
    pub fn record(&self, outcome: Outcome, wait: f64) -> CallRecord {
        CallRecord {
            id: self.id,
            arrival: self.arrival,
            outcome,
            wait,
            talk: self.talk_total,
            wrap_up: self.wrap_total,
            agent: self.first_agent,
            counted: self.counted,
            case: self.info,
        }
    }
}
