//! How the desk tells its event stream: the ids, tier and queue length each
//! [`Event`] carries, filled from the case or the agent it is about.
//!
//! Everything here reads without indexing that could panic and has no other
//! effect, so with an observer that ignores events the compiler removes the
//! whole of it: the stream costs nothing when nobody reads it.

use super::Desk;
use super::case::Case;
use crate::engine::{Handle, Time};
use crate::model::observer::{Event, EventKind, Observer, Reason, Rule};

impl Desk<'_> {
    /// An event of `kind` about case `c`: its ids, its tier and the callers
    /// waiting there.
    #[inline]
    pub(super) fn case_event(&self, kind: EventKind, c: &Case) -> Event {
        Event {
            case: Some(c.info.case_id),
            contact: Some(c.id),
            visit: Some(c.visits),
            tier: Some(c.tier),
            queue: self.queue.tier_waiting.get(usize::from(c.tier)).copied(),
            ..Event::new(kind)
        }
    }

    /// An event of `kind` about the case behind handle `h` (only its kind
    /// if the case is gone).
    #[inline]
    pub(super) fn handle_event(&self, kind: EventKind, h: Handle) -> Event {
        match self.cases.get(h) {
            Some(c) => self.case_event(kind, c),
            None => Event::new(kind),
        }
    }

    /// Case `h` leaves its tier for tier `target`, before it is moved (as a
    /// callback the target tier owes, where no transfer moves it).
    #[inline]
    pub(super) fn transferred_event(&self, h: Handle, target: u8) -> Event {
        Event {
            tier: Some(target),
            queue: self.queue.tier_waiting.get(usize::from(target)).copied(),
            ..self.handle_event(EventKind::Transferred, h)
        }
    }

    /// An event of `kind` about `agent`: its tier and the callers waiting
    /// there.
    #[inline]
    pub(super) fn agent_event(&self, kind: EventKind, agent: u32) -> Event {
        let tier = self.agents.get(agent as usize).map(|a| a.tier);
        Event {
            agent: Some(agent),
            tier,
            queue: tier.and_then(|t| self.queue.tier_waiting.get(usize::from(t)).copied()),
            ..Event::new(kind)
        }
    }

    /// An event of `kind` about ticket `id`, at the ticket tier, worked by
    /// `agent` if any.
    #[inline]
    pub(super) fn ticket_event(&self, kind: EventKind, id: u64, agent: Option<u32>) -> Event {
        let tier = self.ticket_tier();
        Event {
            contact: Some(id),
            agent,
            tier,
            queue: tier.and_then(|t| self.queue.tier_waiting.get(usize::from(t)).copied()),
            ..Event::new(kind)
        }
    }

    /// `agent` starts a visit to case `c` (already counted in `c.visits`):
    /// a first answer, a callback, or a later visit of the call.
    #[inline]
    pub(super) fn tell_visit_started<O: Observer>(
        &self,
        now: Time,
        agent: u32,
        c: &Case,
        obs: &mut O,
    ) {
        let answered = c.live && c.visits == 1;
        if (c.info.virtual_hold && answered) || !c.live {
            obs.event(now, &self.case_event(EventKind::CallbackMade, c).by(agent));
        }
        if c.info.virtual_hold && answered && c.info.promise_broken {
            obs.event(
                now,
                &self.case_event(EventKind::CallbackBroken, c).by(agent),
            );
        }
        if answered {
            obs.event(now, &self.case_event(EventKind::Answered, c).by(agent));
        }
        obs.event(now, &self.case_event(EventKind::VisitStarted, c).by(agent));
    }

    /// Case `h`'s call reached the call-length limit: with `agent`, or
    /// flagged once past it when it next meets one (or hangs up) after
    /// passing it between agents.
    pub(super) fn call_limit_event(&self, h: Handle, agent: Option<u32>) -> Event {
        let event = Event {
            agent,
            ..self.handle_event(EventKind::CallLimit, h)
        };
        match self.desk.call_limit {
            Some(limit) => event.decided(
                Rule::CallLimit,
                Reason::Seconds {
                    seconds: limit.max,
                    max: limit.max,
                },
            ),
            None => event,
        }
    }

    /// The reason the rules hold `agent`'s due break back: the waiting
    /// rule first (unless the break is forced), then staggering; `None` if
    /// neither does.
    pub(super) fn break_held_back_by(&self, agent: u32) -> Option<(Rule, Reason)> {
        let workforce = self.workforce.as_ref()?;
        let a = self.agents.get(agent as usize)?;
        let p = a.duty.pending_break?;
        let rules = &workforce.w.rules;
        if let Some(threshold) = rules.no_break_while_waiting {
            let waiting = self.waiting_for(agent);
            if !p.forced && waiting >= threshold {
                return Some((
                    Rule::NoBreakWhileWaiting,
                    Reason::Waiting { waiting, threshold },
                ));
            }
        }
        let on_break = workforce.breaks.on_break(usize::from(a.tier));
        match rules.staggered {
            Some(max) if on_break >= max => {
                Some((Rule::Staggered, Reason::OnBreak { on_break, max }))
            }
            _ => None,
        }
    }

    /// `agent`'s due break is held back by a rule: marks it deferred and,
    /// the first time for this break, tells observers why.
    pub(super) fn defer_break<O: Observer>(&mut self, now: Time, agent: u32, obs: &mut O) {
        let Some(p) = &mut self.agents[agent as usize].duty.pending_break else {
            return;
        };
        if p.deferred {
            return;
        }
        p.deferred = true;
        let event = self.agent_event(EventKind::BreakDeferred, agent);
        let event = match self.break_held_back_by(agent) {
            Some((rule, reason)) => event.decided(rule, reason),
            None => event,
        };
        obs.event(now, &event);
    }
}
