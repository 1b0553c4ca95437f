//! Virtual hold (`[callbacks]`): a caller facing a long wait at the entry
//! tier may hang up and be called back, keeping their place in the queue.
//!
//! The accepted caller's case stays in its class lane, no longer live (no
//! trunk line, no patience timer). When an agent reaches it, the agent calls
//! the customer and the call goes on as a live one: answered after the time
//! since arrival, with transfers and holds as usual. The promised time is
//! the arrival plus the expected wait announced plus a margin; a callback
//! started later breaks the promise.

use super::Desk;
use super::draws::Draw;
use super::queue::Queue;
use crate::engine::{Handle, Time};
use crate::model::call::VisitEntry;
use crate::model::observer::{EventKind, Observer, Reason, Rule};
use crate::scenario::{DistributionSpec, Helpdesk, Scenario};
use rand::RngExt;

/// What the announced wait is computed from.
#[derive(Debug, Clone, Copy)]
pub(super) struct VirtualHold {
    /// Accepted callbacks queued at the entry tier.
    queued: u32,
    /// The entry tier's mean handle time: diagnosis, talk and after-call work.
    entry_handle_mean: f64,
}

impl VirtualHold {
    pub fn new(scenario: &Scenario, desk: &Helpdesk) -> Self {
        let entry = &desk.tiers[0];
        Self {
            queued: 0,
            entry_handle_mean: entry.diagnosis
                + scenario.handle_time.mean() * entry.handle_factor
                + scenario
                    .wrap_up
                    .as_ref()
                    .map_or(0.0, DistributionSpec::mean),
        }
    }
}

impl Desk<'_> {
    /// The wait a caller joining the entry tier's queue now would be told:
    /// everyone ahead (callers and accepted callbacks) and the caller,
    /// served one at a time by the entry tier's agents on duty, at the
    /// tier's mean handle time: (ahead + 1) × AHT / agents.
    fn expected_entry_wait(&self) -> f64 {
        let ahead = f64::from(self.queue.tier_waiting[0] + self.vhold.queued + 1);
        match self.available[0] {
            0 => f64::INFINITY,
            on_duty => ahead * self.vhold.entry_handle_mean / f64::from(on_duty),
        }
    }

    /// Offers a new caller at the entry tier a callback if the expected wait
    /// is long; returns whether the caller accepted (and left the line).
    pub(super) fn offer_callback<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        obs: &mut O,
    ) -> bool {
        let Some(rules) = self.desk.quality.callbacks else {
            return false;
        };
        let c = &self.cases[h];
        if c.entry != VisitEntry::Arrival || c.tier != 0 || c.answered {
            return false;
        }
        let expected = self.expected_entry_wait();
        if expected <= rules.offer_after {
            return false;
        }
        let accepted = rules.accept >= 1.0
            || (rules.accept > 0.0
                && self.draw(h, Draw::CallbackAccept, 0, 0).random::<f64>() < rules.accept);
        let c = &mut self.cases[h];
        c.info.callback_offered = true;
        obs.callback_offered(now, c.id, accepted);
        let offered = self.handle_event(EventKind::CallbackOffered, h);
        let reason = Reason::ExpectedWait {
            expected,
            offer_after: rules.offer_after,
        };
        obs.event(now, &offered.decided(Rule::VirtualHold, reason));
        let answer = if accepted {
            EventKind::CallbackAccepted
        } else {
            EventKind::CallbackDeclined
        };
        obs.event(now, &self.handle_event(answer, h));
        if !accepted {
            return false;
        }
        let c = &mut self.cases[h];
        c.info.virtual_hold = true;
        c.live = false;
        // The promise: the wait announced (capped to a day when nobody is
        // on duty) plus the margin.
        c.promised_at = now + expected.min(86_400.0) + rules.margin;
        let lane = Queue::class(c.info.class);
        self.lines.release();
        self.enqueue(h, lane);
        self.vhold.queued += 1;
        true
    }

    /// An agent takes an accepted callback from the queue: it calls the
    /// customer, and the call is live from now on.
    pub(super) fn start_virtual_hold_callback(&mut self, now: Time, h: Handle) {
        self.vhold.queued -= 1;
        let c = &mut self.cases[h];
        c.live = true;
        c.info.promise_broken = now > c.promised_at;
    }
}
