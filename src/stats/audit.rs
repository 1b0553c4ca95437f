//! The rule audit: for each rule the scenario switches on, how often it
//! acted, the delay it caused and what it protected, so a trainer can
//! show what a rule did in a run rather than only its totals.
//!
//! The [`AuditRecorder`] reads nothing but the typed event stream
//! ([`Observer::event`]): every figure can be rebuilt from `events.csv`.
//! A rule acts when it decides (an event carrying its [`Decision`]); an act
//! counts when it happens at or after the warm-up, like the other figures,
//! and a delay or a protected figure belongs to the act that caused it.
//! Memory is bounded: one slot per agent, and one per warm transfer in
//! progress (each ties up an agent).
//!
//! [`Decision`]: crate::model::observer::Decision

use super::ratio;
use crate::engine::Time;
use crate::model::Observer;
use crate::model::observer::{Event, EventKind, Reason, Rule};
use crate::scenario::{DeferralAction, Scenario, TransferPolicy};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Every rule, in the order the audit lists them.
const RULES: [Rule; 9] = Rule::ALL;

/// The delay a rule caused: `of` says which (a break held back, a caller
/// held for consent); `count` delays were over by the end of the run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Delay {
    /// What was delayed, in words ("break held back").
    pub of: &'static str,
    /// Delays over by the end of the run (the others have no length yet).
    pub count: u64,
    /// Their mean length; `None` when none was over.
    pub mean_seconds: Option<f64>,
    /// The longest; `None` when none was over.
    pub max_seconds: Option<f64>,
}

/// What a rule protected, summed over its acts (`of` says what is
/// counted); `mean`: per act, where the figure belongs to each act.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Protected {
    /// What is counted, in words.
    pub of: &'static str,
    /// Summed over the rule's acts.
    pub total: u64,
    /// Per act, where the figure belongs to each act.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
}

/// One rule's line of the audit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RuleRow {
    /// What the rule does when it acts, in a word: `deferred`, `refused`.
    pub action: &'static str,
    /// Times it acted after the warm-up.
    pub acted: u64,
    /// The delay the rule's acts caused, for rules that delay something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay: Option<Delay>,
    /// What its acts protected, for rules that protect something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protected: Option<Protected>,
}

/// The audit of a run: a line for each rule that is on, none for those
/// that are off (a rule off did nothing, which is not the same as a rule
/// on that never had to act). `summary.json` writes it as an object keyed
/// by the rule's name, so a sweep's columns name the rule
/// (`rules.staggered.acted`) whatever other rules a scenario has.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleAudit {
    /// The rules that are on, in a fixed order, with their lines.
    pub rows: Vec<(Rule, RuleRow)>,
}

impl Serialize for RuleAudit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.rows.len()))?;
        for (rule, row) in &self.rows {
            map.serialize_entry(rule.as_str(), row)?;
        }
        map.end()
    }
}

/// Delays seen so far: how many, their sum and the longest.
#[derive(Debug, Clone, Copy, Default)]
struct Spread {
    count: u64,
    sum: f64,
    max: f64,
}

impl Spread {
    #[inline]
    fn add(&mut self, seconds: f64) {
        self.count += 1;
        self.sum += seconds;
        self.max = self.max.max(seconds);
    }
}

/// One rule's books.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    on: bool,
    acted: u64,
    delay: Spread,
    protected: u64,
}

/// What the audit follows for one agent between events.
#[derive(Debug, Clone, Copy, Default)]
struct AgentWatch {
    /// The agent's due break a rule held back (counted): since when, and
    /// by which rule.
    deferred: Option<(Time, Rule)>,
    /// Its break forced at the deferral limit (counted): since when.
    forced: Option<Time>,
    /// Its leave refused (counted) and not yet started: since the first
    /// refusal.
    leave_refused: Option<Time>,
}

/// Keeps the rule audit from the event stream.
#[derive(Debug, Clone)]
pub struct AuditRecorder {
    warmup: Time,
    /// The deferral limit loses breaks rather than forcing them.
    lose_at_limit: bool,
    tally: [Tally; RULES.len()],
    agents: Vec<AgentWatch>,
    /// Warm transfers asked for (counted) and not yet settled: the case,
    /// and when the caller started to wait for consent.
    asks: Vec<(u64, Time)>,
}

impl AuditRecorder {
    /// An audit of a run of `scenario`, or `None` when it has no rule on.
    pub fn new(scenario: &Scenario) -> Option<Self> {
        let desk = scenario.helpdesk.as_ref();
        let w = scenario.workforce.as_ref();
        let breaks = w.is_some_and(|w| w.shifts.iter().any(|s| !s.breaks.is_empty()));
        let rules = w.map(|w| &w.rules);
        let nbww = breaks && rules.is_some_and(|r| r.no_break_while_waiting.is_some());
        let staggered = breaks && rules.is_some_and(|r| r.staggered.is_some());
        let mut on = [false; RULES.len()];
        on[Rule::NoBreakWhileWaiting as usize] = nbww;
        on[Rule::Staggered as usize] = staggered;
        on[Rule::MaxDeferral as usize] = nbww || staggered;
        on[Rule::MinAvailable as usize] = w.is_some_and(|w| w.leave.is_some());
        on[Rule::HoldLimit as usize] = desk.is_some_and(|d| d.hold.is_some());
        on[Rule::CallLimit as usize] = desk.is_some_and(|d| d.call_limit.is_some());
        on[Rule::WarmTransfer as usize] =
            desk.is_some_and(|d| d.transfer.policy == TransferPolicy::Warm);
        on[Rule::VirtualHold as usize] = desk.is_some_and(|d| d.quality.callbacks.is_some());
        on[Rule::FollowUpExpiry as usize] = desk.is_some_and(|d| d.quality.followups.is_some());
        if !on.contains(&true) {
            return None;
        }
        // The scenario's agents, so that the books are sized once.
        let per_tier: Vec<u32> = desk.map_or(vec![scenario.agents], |d| {
            d.tiers.iter().map(|t| t.agents).collect()
        });
        let agents = crate::model::roster(per_tier.len(), &per_tier, w).len();
        Some(Self {
            warmup: scenario.time.warmup,
            lose_at_limit: rules.is_some_and(|r| r.on_max_deferral == DeferralAction::Miss),
            tally: on.map(|on| Tally {
                on,
                ..Tally::default()
            }),
            agents: vec![AgentWatch::default(); agents],
            asks: Vec::with_capacity(agents),
        })
    }

    /// The audit: a row for each rule that is on.
    pub fn results(&self) -> RuleAudit {
        let rows = RULES
            .iter()
            .zip(&self.tally)
            .filter(|(_, t)| t.on)
            .map(|(&rule, t)| (rule, self.row(rule, t)))
            .collect();
        RuleAudit { rows }
    }

    fn row(&self, rule: Rule, t: &Tally) -> RuleRow {
        let delay = |of| {
            Some(Delay {
                of,
                count: t.delay.count,
                mean_seconds: ratio(t.delay.sum, t.delay.count as f64),
                max_seconds: (t.delay.count > 0).then_some(t.delay.max),
            })
        };
        let per_act = |of| {
            Some(Protected {
                of,
                total: t.protected,
                mean: ratio(t.protected as f64, t.acted as f64),
            })
        };
        let (action, delay, protected) = match rule {
            Rule::NoBreakWhileWaiting => (
                "deferred",
                delay("break held back"),
                per_act("callers waiting"),
            ),
            Rule::Staggered => (
                "deferred",
                delay("break held back"),
                per_act("agents already on break"),
            ),
            Rule::MaxDeferral if self.lose_at_limit => {
                ("lost", None, per_act("callers waiting at the tier"))
            }
            Rule::MaxDeferral => (
                "forced",
                delay("forced break waiting to start"),
                per_act("breaks kept"),
            ),
            Rule::MinAvailable => (
                "refused",
                delay("leave put off"),
                per_act("other agents available"),
            ),
            Rule::HoldLimit => ("ended", None, None),
            Rule::CallLimit => ("flagged", None, None),
            Rule::WarmTransfer => (
                "refused",
                delay("caller held for consent"),
                Some(Protected {
                    of: "callers passed on with consent",
                    total: t.protected,
                    mean: None,
                }),
            ),
            Rule::VirtualHold => (
                "offered",
                delay("wait announced"),
                per_act("callers who took a callback"),
            ),
            Rule::FollowUpExpiry => ("expired", delay("late when dropped"), None),
        };
        RuleRow {
            action,
            acted: t.acted,
            delay,
            protected,
        }
    }

    /// Counts an act of `rule` that protected `protected`.
    #[inline]
    fn act(&mut self, rule: Rule, protected: u32) {
        let t = &mut self.tally[rule as usize];
        t.acted += 1;
        t.protected += u64::from(protected);
    }

    /// The warm transfer of `case` is settled at `now` (consent, refusal,
    /// or the caller hung up): the caller's wait for consent is over.
    #[inline]
    fn settle_ask(&mut self, now: Time, case: Option<u64>, consented: bool) {
        let Some(i) = self.asks.iter().position(|&(c, _)| Some(c) == case) else {
            return;
        };
        let (_, since) = self.asks.swap_remove(i);
        let t = &mut self.tally[Rule::WarmTransfer as usize];
        t.delay.add(now - since);
        t.protected += u64::from(consented);
    }

    /// The watch of the event's agent. An agent beyond the scenario's
    /// roster (a staffing plan checked end to end adds agents) gets one on
    /// first sight: the list grows once per new agent, never per event.
    #[inline]
    fn watch(&mut self, e: &Event) -> Option<&mut AgentWatch> {
        let a = e.agent? as usize;
        if a >= self.agents.len() {
            self.agents.resize(a + 1, AgentWatch::default());
        }
        self.agents.get_mut(a)
    }
}

/// The figure of a reason an act protected: callers waiting, agents on
/// break or available.
#[inline]
fn protected_by(reason: Reason) -> u32 {
    match reason {
        Reason::Waiting { waiting, .. } => waiting,
        Reason::OnBreak { on_break, .. } => on_break,
        Reason::Available { available, .. } => available,
        Reason::Seconds { .. } | Reason::ExpectedWait { .. } => 0,
    }
}

impl Observer for AuditRecorder {
    fn event(&mut self, now: Time, e: &Event) {
        let counted = now >= self.warmup;
        let decided = e.decision.filter(|d| self.tally[d.rule as usize].on);
        match e.kind {
            EventKind::BreakDeferred => {
                if let Some(d) = decided.filter(|_| counted) {
                    self.act(d.rule, protected_by(d.reason));
                    if let Some(w) = self.watch(e) {
                        w.deferred = Some((now, d.rule));
                    }
                }
            }
            EventKind::BreakForced if decided.is_some() && counted => {
                self.act(Rule::MaxDeferral, 0);
                if let Some(w) = self.watch(e) {
                    w.forced = Some(now);
                }
            }
            EventKind::BreakTaken => {
                let Some(w) = self.watch(e) else { return };
                let (deferred, forced) = (w.deferred.take(), w.forced.take());
                if let Some((since, rule)) = deferred {
                    self.tally[rule as usize].delay.add(now - since);
                }
                if let Some(since) = forced {
                    let t = &mut self.tally[Rule::MaxDeferral as usize];
                    t.delay.add(now - since);
                    t.protected += 1;
                }
            }
            EventKind::BreakMissed => {
                if let Some(w) = self.watch(e) {
                    (w.deferred, w.forced) = (None, None);
                }
                if decided.is_some() && counted {
                    self.act(Rule::MaxDeferral, e.queue.unwrap_or(0));
                }
            }
            EventKind::LeaveRefused => {
                if let Some(d) = decided.filter(|_| counted) {
                    self.act(d.rule, protected_by(d.reason));
                    if let Some(w) = self.watch(e) {
                        w.leave_refused.get_or_insert(now);
                    }
                }
            }
            EventKind::LeaveStarted => {
                if let Some(since) = self.watch(e).and_then(|w| w.leave_refused.take()) {
                    self.tally[Rule::MinAvailable as usize]
                        .delay
                        .add(now - since);
                }
            }
            EventKind::ShiftEnded => {
                if let Some(w) = self.watch(e) {
                    *w = AgentWatch::default();
                }
            }
            EventKind::HoldLimit | EventKind::CallLimit => {
                if let Some(d) = decided.filter(|_| counted) {
                    self.act(d.rule, 0);
                }
            }
            EventKind::TransferAsked if counted && self.tally[Rule::WarmTransfer as usize].on => {
                if let Some(case) = e.case {
                    self.asks.push((case, now));
                }
            }
            EventKind::TransferConsented => self.settle_ask(now, e.case, true),
            EventKind::TransferRefused => {
                if decided.is_some() && counted {
                    self.act(Rule::WarmTransfer, 0);
                }
                self.settle_ask(now, e.case, false);
            }
            EventKind::HungUpOnHold => self.settle_ask(now, e.case, false),
            EventKind::CallbackOffered => {
                if let Some(d) = decided.filter(|_| counted) {
                    self.act(d.rule, 0);
                    if let Reason::ExpectedWait { expected, .. } = d.reason {
                        self.tally[d.rule as usize].delay.add(expected);
                    }
                }
            }
            EventKind::CallbackAccepted => {
                let t = &mut self.tally[Rule::VirtualHold as usize];
                if counted && t.on {
                    t.protected += 1;
                }
            }
            EventKind::FollowUpMissed => {
                if let Some(d) = decided.filter(|_| counted) {
                    self.act(d.rule, 0);
                    if let Reason::Seconds { seconds, .. } = d.reason {
                        self.tally[d.rule as usize].delay.add(seconds);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_lists_the_rules_in_their_declared_order() {
        for (i, rule) in RULES.iter().enumerate() {
            assert_eq!(*rule as usize, i, "{}", rule.as_str());
        }
    }
}
