//! What happens around the call (DOMAIN.md, seed 004): problems that come
//! back as repeat calls, the same-day follow-up call that checks the fix
//! held, and the customer-experience score every contact gets.
//!
//! All three are optional and off by default; a scenario without them runs
//! exactly as before, byte for byte.

use super::types::DistributionSpec;

/// First-contact resolution: a closed case whose fix does not hold comes back
/// as a repeat call, and a caller who leaves unhelped may call again.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatCalls {
    /// `unresolved[t]`: probability that a case tier `t` closes as resolved
    /// was not really fixed (0..=1), before the customer type's `repeat`
    /// multiplier. One entry per tier.
    pub unresolved: Vec<f64>,
    /// Probability that a caller who leaves without help (blocked, abandoned
    /// in a queue, hung up on hold) calls again about the same problem.
    pub after_abandon: f64,
    /// Time from the end of a contact to the repeat call.
    pub delay: DistributionSpec,
    /// Most calls one case may take, the first included (≥ 1): a customer
    /// gives up after this many.
    pub max_calls: u8,
}

/// Outbound follow-up calls after a case closes (seed 004: "the same day, a
/// few hours after the support, call back to check that the fix held").
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUps {
    /// Share of closed cases that get a follow-up (0..=1).
    pub share: f64,
    /// Time from the close to when the follow-up is due.
    pub delay: DistributionSpec,
    /// Probability that the customer answers (0..=1).
    pub reach: f64,
    /// Probability that a reached customer whose fix did not hold says so,
    /// reopening the case (0..=1).
    pub detect: f64,
    /// Length of a reached follow-up conversation.
    pub talk: DistributionSpec,
    /// Seconds an agent spends on an unanswered attempt.
    pub no_answer: f64,
    /// The blending rule: entry-tier agents make follow-ups only while fewer
    /// than this many callers wait (≥ 1).
    pub max_waiting: u32,
    /// Entry-tier agents kept free for inbound calls: a follow-up starts
    /// only while more than this many would stay idle.
    pub keep_idle: u32,
    /// A follow-up not started this many seconds after it fell due is missed.
    pub expires: f64,
}

/// Virtual hold: when the expected wait is long, callers are offered a
/// callback that keeps their place in the queue (seed 004: do not promise
/// what cannot be kept; meet the promised time).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VirtualHold {
    /// Offer when the expected wait at the entry tier exceeds this (seconds).
    pub offer_after: f64,
    /// Share of callers offered who accept (0..=1).
    pub accept: f64,
    /// The promised time is the expected wait plus this margin (seconds);
    /// a callback started later breaks the promise.
    pub margin: f64,
}

/// The customer-experience score of a contact: a transparent teaching model,
/// not a prediction of what customers would say. A contact scores
///
/// ```text
/// score = clamp(base - penalties + credits, 0, 100)
/// penalties = wait_per_minute x minutes waiting for an agent (every queue,
///                                and warm-transfer holds) beyond the class threshold
///           + abandoned        (hung up before being helped)
///           + transfer x transfers + runaround (2 or more transfers)
///           + hold_limit x holds that reached the hold limit
///           + unresolved       (the contact did not fix the problem)
///           + repeat           (a repeat call about the same problem)
///           + broken_promise   (a virtual-hold callback made after the promised time)
/// credits   = followup         (an answered follow-up call)
/// ```
///
/// A ticket scores `base - ticket_late_per_hour x hours answered beyond the
/// response SLA`; a walk-in visitor like a call (wait beyond the counter's
/// threshold, leaving unserved).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ExperienceModel {
    pub base: f64,
    pub wait_per_minute: f64,
    pub abandoned: f64,
    pub transfer: f64,
    pub runaround: f64,
    pub hold_limit: f64,
    pub unresolved: f64,
    pub repeat: f64,
    pub broken_promise: f64,
    pub followup: f64,
    pub ticket_late_per_hour: f64,
}

impl ExperienceModel {
    /// The weights a scenario gets for each key it leaves out of
    /// `[experience]` (README, "Customer experience").
    pub const DEFAULT: Self = Self {
        base: 80.0,
        wait_per_minute: 5.0,
        abandoned: 40.0,
        transfer: 5.0,
        runaround: 10.0,
        hold_limit: 5.0,
        unresolved: 30.0,
        repeat: 10.0,
        broken_promise: 20.0,
        followup: 10.0,
        ticket_late_per_hour: 2.0,
    };

    /// The weights in `[experience]` key order, with their names.
    pub fn weights(&self) -> [(&'static str, f64); 11] {
        [
            ("base", self.base),
            ("wait_per_minute", self.wait_per_minute),
            ("abandoned", self.abandoned),
            ("transfer", self.transfer),
            ("runaround", self.runaround),
            ("hold_limit", self.hold_limit),
            ("unresolved", self.unresolved),
            ("repeat", self.repeat),
            ("broken_promise", self.broken_promise),
            ("followup", self.followup),
            ("ticket_late_per_hour", self.ticket_late_per_hour),
        ]
    }
}

/// The quality rules of a help desk; every part optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Quality {
    pub repeats: Option<RepeatCalls>,
    pub followups: Option<FollowUps>,
    pub callbacks: Option<VirtualHold>,
    pub experience: Option<ExperienceModel>,
}

impl Quality {
    /// Whether any rule is on: only then do outputs gain the quality columns
    /// and sections.
    pub fn is_on(&self) -> bool {
        self.repeats.is_some()
            || self.followups.is_some()
            || self.callbacks.is_some()
            || self.experience.is_some()
    }
}
