//! Every sentence `callsim trace` prints, in one place, so that a catalog in
//! another language can replace this module alone.
//!
//! A sentence is told from a point of view: a case's story names the agents
//! and leaves the caller implied; an agent's day names the calls and leaves
//! the agent implied; a rule's list names both. Durations that the stream
//! implies (a wait, a hold, a break) come in [`Recall`], measured from the
//! subject's own earlier events.

use crate::engine::Time;
use crate::model::observer::{Decision, Event, EventKind, Reason, Rule};
use std::fmt::Write as _;

/// Whose story a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// One case: the caller is the subject.
    Case,
    /// One agent's day: the agent is the subject.
    Agent,
    /// Every act of one rule: each line names whom it concerns.
    Rule,
}

/// How the scenario names tiers and agents: what the stream's numbers mean
/// to a reader.
pub trait Names {
    /// `tier 2` for tier index `tier`.
    fn tier(&self, tier: u8) -> String;
    /// `agent 7 (tier 1)`.
    fn agent(&self, agent: u32) -> String;
    /// A single pool: a desk of one tier, whose tier goes unsaid.
    fn one_tier(&self) -> bool;
}

/// Durations measured by the story teller from the subject's earlier
/// events, in seconds; `None` when the start was not seen.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recall {
    /// Since the call arrived or last joined a queue.
    pub waited: Option<Time>,
    /// Since the hold began.
    pub held: Option<Time>,
    /// Since the break, leave or meeting began.
    pub away: Option<Time>,
    /// Since the break fell due.
    pub due: Option<Time>,
    /// The case owes a callback: its `queued` event is not a live caller.
    pub callback_owed: bool,
}

/// The sentence for event `e` seen from `view`.
pub fn sentence(view: View, e: &Event, recall: &Recall, names: &impl Names) -> String {
    let text = match view {
        View::Case => case_sentence(e, recall, names),
        View::Agent => agent_sentence(e, recall, names),
        View::Rule => return rule_sentence(e, recall, names),
    };
    text.unwrap_or_else(|| fallback(e, names))
}

/// A rule's act: whom it concerns, then what happened.
fn rule_sentence(e: &Event, recall: &Recall, names: &impl Names) -> String {
    match (e.case, e.agent) {
        (Some(case), _) => format!(
            "case {case}: {}",
            case_sentence(e, recall, names).unwrap_or_else(|| fallback(e, names))
        ),
        (None, Some(agent)) => format!(
            "{}: {}",
            names.agent(agent),
            agent_sentence(e, recall, names).unwrap_or_else(|| fallback(e, names))
        ),
        (None, None) => fallback(e, names),
    }
}

/// An event the view has no sentence for: its kind, as `events.csv` names it.
fn fallback(e: &Event, names: &impl Names) -> String {
    let mut text = e.kind.as_str().replace('_', " ");
    if let Some(agent) = e.agent {
        let _ = write!(text, " ({})", names.agent(agent));
    }
    text
}

/// The caller's side of event `e`.
fn case_sentence(e: &Event, recall: &Recall, names: &impl Names) -> Option<String> {
    use EventKind::*;
    let agent = || {
        e.agent
            .map_or_else(|| "an agent".to_owned(), |a| names.agent(a))
    };
    let tier = || {
        e.tier
            .map_or_else(|| "the next tier".to_owned(), |t| names.tier(t))
    };
    let queue = e.queue.unwrap_or(0);
    let one = names.one_tier();
    Some(match e.kind {
        Arrived => {
            let contact = e.contact.unwrap_or_default();
            if e.case == e.contact {
                format!("call {contact} arrives (first call)")
            } else {
                format!("call {contact} arrives (a repeat call)")
            }
        }
        Blocked => "every line is busy: the call is blocked".into(),
        Queued if recall.callback_owed && one => {
            format!("a callback is owed ({queue} callers waiting)")
        }
        Queued if recall.callback_owed => {
            format!("{} owes a callback ({queue} callers waiting)", tier())
        }
        Queued if one => format!("waits in the queue ({queue} waiting)"),
        Queued => format!("waits in {}'s queue ({queue} waiting)", tier()),
        Answered => match recall.waited {
            Some(w) if w >= 0.5 => format!("{} answers after {}", agent(), span(w)),
            _ => format!("{} answers at once", agent()),
        },
        VisitStarted if one => format!("visit {} begins", e.visit.unwrap_or_default()),
        VisitStarted => format!("visit {} begins at {}", e.visit.unwrap_or_default(), tier()),
        HoldStarted => format!("{} puts the caller on hold", agent()),
        HoldEnded => held("back from hold", recall),
        HoldLimit => "the hold reached its limit, research left".into(),
        CallLimit => "the call reached its length limit".into(),
        Resolved => format!("{} resolves the case", agent()),
        Escalated => format!("{} cannot resolve it: it goes up a tier", agent()),
        TransferAsked => format!("{} asks for a warm transfer", agent()),
        TransferConsented => format!("{} takes the caller (consent)", agent()),
        TransferRefused => "nobody of the next tier took the caller (refusal)".into(),
        Transferred => format!("the case moves to {}", tier()),
        Abandoned => match recall.waited {
            Some(w) => format!("the caller hangs up after waiting {}", span(w)),
            None => "the caller hangs up".into(),
        },
        HungUpOnHold => "the caller hangs up on hold".into(),
        Ended => "the call ends".into(),
        CallbackOffered => "a callback is offered".into(),
        CallbackAccepted => "the caller accepts: hangs up, keeps the place".into(),
        CallbackDeclined => "the caller declines and waits on the line".into(),
        CallbackPromised if one => "a callback is promised".into(),
        CallbackPromised => format!("{} promises a callback", tier()),
        CallbackMade => format!("{} calls the customer back", agent()),
        CallbackBroken => "the callback came later than promised".into(),
        FollowUpDue => "a follow-up call falls due".into(),
        FollowUpMade => format!("{} makes the follow-up call", agent()),
        FollowUpEnded => "the follow-up call is over".into(),
        FollowUpMissed => "the follow-up is not made".into(),
        FollowUpCancelled => "the follow-up is no longer needed".into(),
        _ => return None,
    })
}

/// The agent's side of event `e`.
fn agent_sentence(e: &Event, recall: &Recall, names: &impl Names) -> Option<String> {
    use EventKind::*;
    let call = || match (e.contact, e.case) {
        (Some(contact), Some(case)) if contact != case => {
            format!("call {contact} (case {case})")
        }
        (Some(contact), _) => format!("call {contact}"),
        _ => "the call".into(),
    };
    let case = e.case.unwrap_or_default();
    let ticket = e.contact.unwrap_or_default();
    Some(match e.kind {
        Answered => format!("answers {}", call()),
        VisitStarted if names.one_tier() => {
            format!(
                "visit {} of case {case} begins",
                e.visit.unwrap_or_default()
            )
        }
        VisitStarted => format!(
            "visit {} of case {case} begins at {}",
            e.visit.unwrap_or_default(),
            e.tier
                .map_or_else(|| "its tier".to_owned(), |t| names.tier(t))
        ),
        HoldStarted => format!("puts {} on hold", call()),
        HoldEnded => held(&format!("{} back from hold", call()), recall),
        HoldLimit => format!("{}: the hold reached its limit", call()),
        CallLimit => format!("{}: the call reached its length limit", call()),
        Resolved => format!("resolves case {case}"),
        Escalated => format!("cannot resolve case {case}: it goes up a tier"),
        TransferAsked => format!("asks a warm transfer of {}", call()),
        TransferConsented => format!("takes {} from the tier below (consent)", call()),
        TransferRefused => format!("{}: nobody of the next tier took it", call()),
        HungUpOnHold => format!("{} hangs up on hold", call()),
        WrapUpStarted => "after-call work".into(),
        WrapUpEnded => "after-call work done".into(),
        Idle => "free, waits for a call".into(),
        CallbackMade => format!("calls back case {case}"),
        CallbackBroken => format!("calls back case {case} later than promised"),
        FollowUpMade => format!("makes the follow-up call of case {case}"),
        FollowUpEnded => format!("follow-up call of case {case} over"),
        TicketStarted => format!("starts ticket {ticket}"),
        TicketEnded => format!("resolves ticket {ticket}"),
        ShiftStarted => "logs in".into(),
        ShiftEnded => "logs out".into(),
        PrepStarted => "prepares before taking calls".into(),
        OvertimeStarted => "shift over during a call: overtime".into(),
        BreakDue => "a break falls due".into(),
        BreakDeferred => "the break is held back".into(),
        BreakForced => "the break can wait no longer: it will be taken".into(),
        BreakTaken => match recall.due {
            Some(d) if d >= 0.5 => format!("goes on break, {} after it fell due", span(d)),
            _ => "goes on break".into(),
        },
        BreakEnded => away("back from break", recall),
        BreakMissed => "the break is lost".into(),
        LeaveAsked => "asks for personal leave".into(),
        LeaveRefused => "leave refused: asked again later".into(),
        LeaveStarted => "goes on personal leave".into(),
        LeaveEnded => away("back from leave", recall),
        MeetingStarted => "joins a meeting".into(),
        MeetingEnded => away("leaves the meeting", recall),
        _ => return None,
    })
}

/// `what` and, if known, how long the hold lasted.
fn held(what: &str, recall: &Recall) -> String {
    match recall.held {
        Some(h) => format!("{what} after {}", span(h)),
        None => what.to_owned(),
    }
}

/// `what` and, if known, how long the agent was away.
fn away(what: &str, recall: &Recall) -> String {
    match recall.away {
        Some(a) => format!("{what} after {}", span(a)),
        None => what.to_owned(),
    }
}

/// Why the rule decided: `rule staggered: 3 on break, at most 3`.
pub fn because(d: &Decision) -> String {
    let rule = d.rule.as_str();
    let why = match (d.rule, d.reason) {
        (_, Reason::Waiting { waiting, threshold }) => {
            format!("{waiting} waiting, threshold {threshold}")
        }
        (_, Reason::OnBreak { on_break, max }) => format!("{on_break} on break, at most {max}"),
        (_, Reason::Available { available, min }) => {
            format!("{available} others available, at least {min}")
        }
        (
            _,
            Reason::ExpectedWait {
                expected,
                offer_after,
            },
        ) => format!(
            "expected wait {}, offered past {}",
            span(expected),
            span(offer_after)
        ),
        (rule, Reason::Seconds { seconds, max }) => {
            let measured = match rule {
                Rule::HoldLimit => "held",
                Rule::CallLimit => "on the call",
                Rule::WarmTransfer => "no consent in",
                Rule::MaxDeferral => "held back",
                Rule::FollowUpExpiry => "late by",
                _ => "measured",
            };
            format!("{measured} {}, limit {}", span(seconds), span(max))
        }
    };
    format!("rule {rule}: {why}")
}

/// A duration to the second: `2 m 35 s`, `1 h 5 m`, `45 s`.
pub fn span(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::new();
    for (value, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if value > 0 {
            if !out.is_empty() {
                out.push(' ');
            }
            let _ = write!(out, "{value} {unit}");
        }
    }
    if out.is_empty() { "0 s".into() } else { out }
}

/// The heading of a case's story.
pub fn case_heading(case: u64) -> String {
    format!("case {case}")
}

/// The heading of an agent's day.
pub fn agent_heading(agent: &str) -> String {
    format!("the day of {agent}")
}

/// The heading of a rule's acts.
pub fn rule_heading(rule: Rule, acts: usize) -> String {
    match acts {
        0 => format!("rule {}: it did not act in this run", rule.as_str()),
        1 => format!("rule {}: acted once", rule.as_str()),
        n => format!("rule {}: acted {n} times", rule.as_str()),
    }
}

/// Said when an agent's or a case's story is empty.
pub const NOTHING_HAPPENED: &str = "nothing happened to it in this run";

/// What a run is: `helpdesk-tiers, seed 1, replication 0`.
pub fn run_heading(scenario: &str, seed: u64, replication: u64) -> String {
    format!("{scenario}, seed {seed}, replication {replication}")
}

/// The error for a case that is not one, with the valid range.
pub fn no_such_case(case: u64, calls: u64) -> String {
    match calls {
        0 => format!("--case {case}: no such case: no call arrived in this run"),
        n => format!(
            "--case {case}: no such case: the calls of this run are 0 to {}",
            n - 1
        ),
    }
}

/// The error for a call that is a repeat call of another case.
pub fn repeat_call(call: u64, case: u64) -> String {
    format!(
        "--case {call}: call {call} is a repeat call of case {case}: \
         trace that case with --case {case}"
    )
}

/// The error for an agent that is not one, with the valid range.
pub fn no_such_agent(agent: u32, agents: u32) -> String {
    format!(
        "--agent {agent}: no such agent: the agents of this scenario are 0 to {}",
        agents.saturating_sub(1)
    )
}

/// The error for a rule name that is not one, with the names.
pub fn no_such_rule(name: &str, rules: &[Rule]) -> String {
    let names: Vec<&str> = rules.iter().map(|r| r.as_str()).collect();
    format!(
        "--rule {name}: no such rule: the rules are {}",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_read_as_spoken() {
        assert_eq!(span(0.2), "0 s");
        assert_eq!(span(155.4), "2 m 35 s");
        assert_eq!(span(3900.0), "1 h 5 m");
        assert_eq!(span(45.0), "45 s");
    }

    #[test]
    fn a_rule_says_what_it_measured_against_its_limit() {
        let d = Decision {
            rule: Rule::NoBreakWhileWaiting,
            reason: Reason::Waiting {
                waiting: 2,
                threshold: 1,
            },
        };
        assert_eq!(
            because(&d),
            "rule no_break_while_waiting: 2 waiting, threshold 1"
        );
        let d = Decision {
            rule: Rule::WarmTransfer,
            reason: Reason::Seconds {
                seconds: 180.0,
                max: 180.0,
            },
        };
        assert_eq!(
            because(&d),
            "rule warm_transfer: no consent in 3 m, limit 3 m"
        );
    }
}
