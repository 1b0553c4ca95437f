//! After the call: repeat calls when a fix does not hold or a
//! caller leaves unhelped, and the outbound follow-up call that checks the
//! fix held.
//!
//! A case outlives its calls: between contacts it stays in the slab,
//! *dormant*, with its repeat call and follow-up scheduled; it ends (one
//! [`CaseRecord`]) when nothing more will happen to it. Pending events carry
//! the case's `stage`, bumped whenever they stop applying (a repeat call
//! makes the queued follow-up pointless, a reopening cancels the repeat),
//! so they are cancelled lazily like patience timers.
//!
//! Every draw here comes from the case's keyed streams, so switching
//! follow-ups on never shifts the arrivals, handle times or resolutions of
//! other calls (common random numbers across a trainer's on/off pair).

use super::agent::Phase;
use super::case::Case;
use super::draws::Draw;
use super::visit::Work;
use super::{Desk, Event};
use crate::engine::{Handle, Time};
use crate::model::call::{
    CaseEnd, CaseInfo, CaseOutcome, CaseRecord, FollowUpOutcome, FollowUpRecord, Outcome,
    VisitEntry,
};
use crate::model::observer::{self as log, EventKind, Observer, Reason, Rule};
use crate::model::sampler::Sampler;
use crate::scenario::{FollowUps, RepeatCalls};
use rand::RngExt;
use std::collections::VecDeque;

/// The quality rules of a run with their samplers.
#[derive(Clone)]
pub(super) struct AfterCall<'s> {
    repeats: Option<(&'s RepeatCalls, Sampler)>,
    /// The rules, the delay sampler and the talk sampler.
    followups: Option<(&'s FollowUps, Sampler, Sampler)>,
    /// Follow-ups due and not yet made, in due order: case, stage, due time.
    queue: VecDeque<(Handle, u32, Time)>,
    /// No repeat call or follow-up is simulated after this.
    horizon: Time,
}

/// Where a case's follow-up call stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum FollowUpState {
    None,
    /// Scheduled for this time, or queued since.
    Due(Time),
    /// An agent is on it.
    Calling,
}

/// Where a case stands between its contacts. Pending repeat calls and
/// follow-ups carry the `stage` they were scheduled at; it is bumped
/// whenever they stop applying, so they are skipped when they fire.
#[derive(Debug, Clone, Copy)]
pub(super) struct Contacts {
    /// Bumped when pending repeat and follow-up events stop applying.
    pub stage: u32,
    /// Between contacts: no call, callback or visit in progress.
    pub dormant: bool,
    /// A repeat call is scheduled.
    pub repeat_due: bool,
    pub followup: FollowUpState,
    /// How the last contact ended: resolved, or the caller left unhelped.
    pub last_resolved: bool,
    /// So far the first call is resolving it for good (no callback, no
    /// failed fix, no repeat).
    pub first_resolved: bool,
    /// A repeat call would come after the horizon.
    pub open_at_horizon: bool,
}

impl Contacts {
    /// A new case: its first call under way, nothing scheduled.
    pub const FIRST: Self = Self {
        stage: 0,
        dormant: false,
        repeat_due: false,
        followup: FollowUpState::None,
        last_resolved: false,
        first_resolved: true,
        open_at_horizon: false,
    };
}

/// A follow-up call an agent is making: decided when it starts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct FollowUpCall {
    pub due: Time,
    /// The case's stage when the call started: a repeat call that comes in
    /// meanwhile changes it.
    pub stage: u32,
    pub outcome: FollowUpOutcome,
}

/// Whether a draw with probability `p` comes true (no number drawn at 0 or 1).
#[inline]
fn chance(p: f64, rng: impl FnOnce() -> f64) -> bool {
    p >= 1.0 || (p > 0.0 && rng() < p)
}

impl<'s> AfterCall<'s> {
    pub fn new(
        repeats: Option<&'s RepeatCalls>,
        followups: Option<&'s FollowUps>,
        horizon: Time,
    ) -> Result<Self, String> {
        Ok(Self {
            repeats: repeats
                .map(|r| Sampler::new(&r.delay).map(|s| (r, s)))
                .transpose()?,
            followups: followups
                .map(|f| Ok::<_, String>((f, Sampler::new(&f.delay)?, Sampler::new(&f.talk)?)))
                .transpose()?,
            queue: VecDeque::new(),
            horizon,
        })
    }

    /// Whether follow-ups are on.
    pub fn followups_on(&self) -> bool {
        self.followups.is_some()
    }

    /// Idle entry-tier agents that follow-ups leave alone.
    pub fn keep_idle(&self) -> usize {
        self.followups
            .as_ref()
            .map_or(0, |(f, _, _)| f.keep_idle as usize)
    }
}

impl Desk<'_> {
    /// Draws whether the fix tier `tier` just gave case `h` will hold.
    pub(super) fn draw_fix(&mut self, h: Handle, tier: u8) {
        let Some((rules, _)) = &self.after.repeats else {
            return;
        };
        let c = &self.cases[h];
        let factor = self.desk.customers[usize::from(c.info.customer)].repeat;
        let p = (rules.unresolved[usize::from(tier)] * factor).min(1.0);
        let visit = u64::from(c.visits);
        let unfixed = chance(p, || self.draw(h, Draw::FixHolds, visit, 0).random::<f64>());
        self.cases[h].info.unfixed = unfixed;
    }

    /// A contact of case `h` is over: the caller (or the callback) is done,
    /// `resolved` or unhelped. Schedules the repeat call and the follow-up
    /// the rules ask for; ends the case if there is neither.
    pub(super) fn contact_over<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        resolved: bool,
        obs: &mut O,
    ) {
        let horizon = self.after.horizon;
        let visit = u64::from(self.cases[h].visits);
        let c = &mut self.cases[h];
        c.contacts.dormant = true;
        c.live = false;
        c.contacts.last_resolved = resolved;
        if !resolved || c.info.unfixed {
            c.contacts.first_resolved = false;
        }
        let (contact, unfixed) = (c.info.contact, c.info.unfixed);
        let (repeat_due, followup) = (c.contacts.repeat_due, c.contacts.followup);
        if let Some((rules, delay)) = &self.after.repeats
            && contact < rules.max_calls
            && !repeat_due
        {
            let again = if resolved {
                unfixed
            } else {
                chance(rules.after_abandon, || {
                    self.draw(h, Draw::CallsAgain, visit, 0).random::<f64>()
                })
            };
            if again {
                let wait = delay.sample(&mut self.draw(h, Draw::RepeatDelay, visit, 0));
                // Customers call again after that much time the desk is
                // open (takes calls), never into a closed desk.
                let at = self
                    .arrivals
                    .after_open_time(now, wait)
                    .unwrap_or(f64::INFINITY);
                let c = &mut self.cases[h];
                if at <= horizon {
                    c.contacts.repeat_due = true;
                    self.agenda.schedule(at, Event::Repeat(h, c.contacts.stage));
                } else {
                    c.contacts.open_at_horizon = true;
                }
            }
        }
        if let Some((rules, delay, _)) = &self.after.followups
            && resolved
            && followup == FollowUpState::None
            && chance(rules.share, || {
                self.draw(h, Draw::FollowUpShare, visit, 0).random::<f64>()
            })
        {
            let at = now + delay.sample(&mut self.draw(h, Draw::FollowUpDelay, visit, 0));
            if at <= horizon {
                let c = &mut self.cases[h];
                c.contacts.followup = FollowUpState::Due(at);
                self.agenda
                    .schedule(at, Event::FollowUpDue(h, c.contacts.stage));
            } else {
                let record = self.followup_record(
                    &self.cases[h],
                    at,
                    None,
                    0.0,
                    FollowUpOutcome::AfterHorizon,
                );
                obs.followup_finished(now, &record);
                obs.event(
                    now,
                    &self.case_event(EventKind::FollowUpCancelled, &self.cases[h]),
                );
            }
        }
        self.finish_case_if_done(now, h, obs);
    }

    /// Ends case `h` if it is between contacts with nothing more to come.
    fn finish_case_if_done<O: Observer>(&mut self, now: Time, h: Handle, obs: &mut O) {
        let c = &self.cases[h];
        if c.contacts.dormant
            && !c.contacts.repeat_due
            && c.contacts.followup == FollowUpState::None
        {
            let outcome = match (
                c.contacts.open_at_horizon,
                c.contacts.last_resolved,
                c.info.unfixed,
            ) {
                (true, _, _) => CaseOutcome::Open,
                (false, true, false) => CaseOutcome::Resolved,
                (false, true, true) => CaseOutcome::Unresolved,
                (false, false, _) => CaseOutcome::Abandoned,
            };
            let record = self.case_record(c, outcome);
            self.cases.remove(h);
            obs.case_finished(now, &record);
        }
    }

    /// The record of case `c` ending with `outcome`.
    pub(super) fn case_record(&self, c: &Case, outcome: CaseOutcome) -> CaseRecord {
        CaseRecord {
            case_id: c.info.case_id,
            opened: c.info.opened,
            customer: c.info.customer,
            class: c.info.class,
            calls: c.info.contact,
            outcome,
            first_call_resolved: c.contacts.first_resolved
                && c.info.contact == 1
                && outcome == CaseOutcome::Resolved,
            counted: c.info.opened >= self.warmup,
        }
    }

    /// A follow-up of case `c` not made, `late` seconds after it fell due:
    /// expired (the rule's decision), or left when the run ended.
    fn followup_missed_event(&self, c: &Case, late: f64) -> log::Event {
        let event = self.case_event(EventKind::FollowUpMissed, c);
        match &self.after.followups {
            Some((rules, _, _)) if late > rules.expires => event.decided(
                Rule::FollowUpExpiry,
                Reason::Seconds {
                    seconds: late,
                    max: rules.expires,
                },
            ),
            _ => event,
        }
    }

    fn followup_record(
        &self,
        c: &Case,
        due: Time,
        started: Option<(Time, u32)>,
        talk: f64,
        outcome: FollowUpOutcome,
    ) -> FollowUpRecord {
        FollowUpRecord {
            case_id: c.info.case_id,
            customer: c.info.customer,
            class: c.info.class,
            due,
            started: started.map(|s| s.0),
            agent: started.map(|s| s.1),
            talk,
            outcome,
            counted: c.info.opened >= self.warmup,
        }
    }

    /// Whether case `h` still awaits the follow-up scheduled at `stage`.
    fn followup_pending(&self, h: Handle, stage: u32) -> bool {
        self.cases.get(h).is_some_and(|c| {
            c.contacts.stage == stage && matches!(c.contacts.followup, FollowUpState::Due(_))
        })
    }

    /// The customer of dormant case `h` calls again.
    pub(super) fn repeat_call<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        stage: u32,
        obs: &mut O,
    ) {
        match self.cases.get(h) {
            Some(c) if c.contacts.stage == stage && c.contacts.repeat_due => {}
            _ => return,
        }
        self.last_change = now;
        let id = self.next_id;
        self.next_id += 1;
        let c = &mut self.cases[h];
        c.contacts.repeat_due = false;
        c.contacts.stage = c.contacts.stage.wrapping_add(1);
        if let FollowUpState::Due(due) = c.contacts.followup {
            // Calling first makes the follow-up pointless.
            c.contacts.followup = FollowUpState::None;
            let c = *c;
            let record = self.followup_record(&c, due, None, 0.0, FollowUpOutcome::Superseded);
            obs.followup_finished(now, &record);
            obs.event(now, &self.case_event(EventKind::FollowUpCancelled, &c));
        }
        self.cases[h].id = id;
        let talk = self
            .handle_time
            .sample(&mut self.draw(h, Draw::RepeatTalk, 0, 0))
            * self.scale.talk(now);
        let wrap = self.wrap_up.as_ref().map_or(0.0, |w| {
            w.sample(&mut self.draw(h, Draw::RepeatWrap, 0, 0)) * self.scale.wrap(now)
        });
        let base_patience = self.patience.as_ref().map_or(f64::INFINITY, |p| {
            p.sample(&mut self.draw(h, Draw::RepeatPatience, 0, 0))
        });
        let previous = self.cases[h];
        let customer = self.desk.customers[usize::from(previous.info.customer)];
        let info = CaseInfo {
            customer: previous.info.customer,
            class: previous.info.class,
            complexity: previous.info.complexity,
            topic: previous.info.topic,
            language: previous.info.language,
            case_id: previous.info.case_id,
            opened: previous.info.opened,
            contact: previous.info.contact.saturating_add(1),
            ..CaseInfo::PLAIN
        };
        let call = Case::arriving(
            id,
            now,
            now >= self.warmup,
            base_patience * customer.patience,
            talk,
            wrap,
            info,
        );
        // The case keeps its queue token and pending follow-up; the call is new.
        self.cases[h] = Case {
            queued: previous.queued,
            token: previous.token,
            contacts: Contacts {
                stage: previous.contacts.stage,
                followup: previous.contacts.followup,
                open_at_horizon: previous.contacts.open_at_horizon,
                first_resolved: false,
                ..call.contacts
            },
            ..call
        };
        obs.call_arrived(now, id);
        obs.event(now, &self.handle_event(EventKind::Arrived, h));
        if self.lines.all_in_use() {
            let c = self.cases[h];
            obs.call_finished(now, &c.record(Outcome::Blocked, 0.0));
            obs.event(now, &self.case_event(EventKind::Blocked, &c));
            self.contact_over(now, h, false, obs);
            return;
        }
        self.lines.take();
        self.route_live(now, h, obs);
    }

    /// The follow-up of case `h` falls due: it joins the follow-up queue.
    pub(super) fn followup_due<O: Observer>(
        &mut self,
        now: Time,
        h: Handle,
        stage: u32,
        obs: &mut O,
    ) {
        if !self.followup_pending(h, stage) {
            return;
        }
        self.last_change = now;
        obs.event(now, &self.handle_event(EventKind::FollowUpDue, h));
        self.after.queue.push_back((h, stage, now));
        self.dispatch_followups(now, obs);
    }

    /// Idle entry-tier agents make the follow-ups that are due, while the
    /// blending rule allows.
    pub(super) fn dispatch_followups<O: Observer>(&mut self, now: Time, obs: &mut O) {
        let keep_idle = self.after.keep_idle();
        while !self.after.queue.is_empty() && self.idle[0].len() > keep_idle {
            let Some((h, due)) = self.claim_followup(now, obs) else {
                return;
            };
            let agent = self.idle[0].pop_front().expect("an idle agent");
            self.busy += 1;
            obs.busy_changed(now, self.busy);
            self.tier_busy[0] += 1;
            obs.tier_busy_changed(now, 0, self.tier_busy[0]);
            self.start_followup(now, agent, h, due, obs);
        }
    }

    /// The next follow-up an entry-tier agent may make now, if the blending
    /// rule allows one; follow-ups past their window are reported missed.
    pub(super) fn claim_followup<O: Observer>(
        &mut self,
        now: Time,
        obs: &mut O,
    ) -> Option<(Handle, Time)> {
        let (rules, _, _) = self.after.followups.as_ref()?;
        let (expires, max_waiting) = (rules.expires, rules.max_waiting);
        loop {
            let &(h, stage, due) = self.after.queue.front()?;
            let current = self.followup_pending(h, stage);
            if !current {
                self.after.queue.pop_front();
            } else if now > due + expires {
                self.after.queue.pop_front();
                self.followup_not_made(now, h, due, obs);
            } else if self.queue.waiting >= max_waiting {
                return None;
            } else {
                self.after.queue.pop_front();
                return Some((h, due));
            }
        }
    }

    fn followup_not_made<O: Observer>(&mut self, now: Time, h: Handle, due: Time, obs: &mut O) {
        self.cases[h].contacts.followup = FollowUpState::None;
        let c = self.cases[h];
        let record = self.followup_record(&c, due, None, 0.0, FollowUpOutcome::Missed);
        obs.followup_finished(now, &record);
        obs.event(now, &self.followup_missed_event(&c, now - due));
        self.finish_case_if_done(now, h, obs);
    }

    /// `agent` (counted busy) calls the customer of case `h`.
    pub(super) fn start_followup<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        h: Handle,
        due: Time,
        obs: &mut O,
    ) {
        let (rules, _, talk) = self.after.followups.as_ref().expect("follow-ups on");
        let c = self.cases[h];
        // Keyed by the stage: a case may get one follow-up per close.
        let stage = u64::from(c.contacts.stage);
        let reached = chance(rules.reach, || {
            self.draw(h, Draw::FollowUpReach, stage, 0).random::<f64>()
        });
        let outcome = if !reached {
            FollowUpOutcome::NoAnswer
        } else if !c.info.unfixed {
            FollowUpOutcome::Confirmed
        } else if chance(rules.detect, || {
            self.draw(h, Draw::FollowUpDetect, stage, 0).random::<f64>()
        }) {
            FollowUpOutcome::Reopened
        } else {
            FollowUpOutcome::NotDetected
        };
        let length = if reached {
            talk.sample(&mut self.draw(h, Draw::FollowUpTalk, stage, 0))
        } else {
            rules.no_answer
        };
        self.cases[h].contacts.followup = FollowUpState::Calling;
        obs.followup_started(now, c.info.case_id, agent);
        obs.event(now, &self.case_event(EventKind::FollowUpMade, &c).by(agent));
        let a = &mut self.agents[agent as usize];
        a.phase = Phase::Talk2;
        a.work = Work {
            case: h,
            started: now,
            talk: length,
            phase_end: now + length,
            followup: Some(FollowUpCall {
                due,
                stage: c.contacts.stage,
                outcome,
            }),
            ..Work::NONE
        };
        self.arm(now, agent, obs);
    }

    /// `agent` has finished follow-up call `call`.
    pub(super) fn followup_call_ended<O: Observer>(
        &mut self,
        now: Time,
        agent: u32,
        call: FollowUpCall,
        obs: &mut O,
    ) {
        let w = self.agents[agent as usize].work;
        let h = w.case;
        self.cases[h].contacts.followup = FollowUpState::None;
        let c = self.cases[h];
        let record =
            self.followup_record(&c, call.due, Some((w.started, agent)), w.talk, call.outcome);
        obs.followup_finished(now, &record);
        obs.event(
            now,
            &self.case_event(EventKind::FollowUpEnded, &c).by(agent),
        );
        if call.outcome == FollowUpOutcome::Reopened && c.contacts.stage == call.stage {
            // The case reopens: the repeat call it would have brought is
            // void, and the entry tier calls the customer back to fix it.
            let c = &mut self.cases[h];
            c.contacts.stage = c.contacts.stage.wrapping_add(1);
            c.contacts.repeat_due = false;
            c.contacts.open_at_horizon = false;
            c.contacts.first_resolved = false;
            c.contacts.dormant = false;
            c.info.unfixed = false;
            c.info.end = CaseEnd::CallbackPromised;
            c.tier = 0;
            c.entered = now;
            c.entry = VisitEntry::Callback;
            self.agents[agent as usize].work.followup = None;
            self.route_callback(now, h, obs);
            self.start_wrap(now, agent, obs);
        } else {
            self.agents[agent as usize].work.followup = None;
            self.finish_case_if_done(now, h, obs);
            self.start_wrap(now, agent, obs);
        }
    }

    /// At the end of the run: follow-ups still queued were never made.
    pub(super) fn flush_followups<O: Observer>(&mut self, now: Time, obs: &mut O) {
        while let Some((h, stage, due)) = self.after.queue.pop_front() {
            let current = self.followup_pending(h, stage);
            if current {
                self.followup_not_made(now.max(due), h, due, obs);
            }
        }
    }
}
