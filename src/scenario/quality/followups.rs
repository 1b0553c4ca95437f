//! `[followups]`: outbound calls after a case closes, to check that the fix
//! held, made by entry-tier agents when the phones allow.

use std::path::Path;

use serde::Deserialize;

use crate::scenario::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use crate::scenario::error::{ScenarioError, missing};
use crate::scenario::values::{Seconds, count, positive_seconds, share, waiting_calls};

/// `[followups]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFollowUps {
    pub share: Option<f64>,
    pub delay: Option<RawDistribution>,
    pub reach: Option<f64>,
    pub detect: Option<f64>,
    pub talk: Option<RawDistribution>,
    pub no_answer: Option<Seconds>,
    pub max_waiting: Option<i64>,
    pub keep_idle: Option<i64>,
    pub expires: Option<Seconds>,
}

/// Outbound follow-up calls after a case closes: the same day, a few hours
/// after the support, the desk calls back to check that the fix held.
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

/// `followups.expires` without a value: the rest of a working day.
const DEFAULT_EXPIRES: f64 = 4.0 * 3600.0;

/// `followups.no_answer` without a value: ringing out and noting it.
const DEFAULT_NO_ANSWER: f64 = 30.0;

pub(super) fn validate_followups(
    raw: &RawFollowUps,
    base_dir: &Path,
) -> Result<FollowUps, ScenarioError> {
    let delay = raw.delay.as_ref().ok_or_else(|| {
        missing(
            "followups.delay",
            r#"delay = { distribution = "constant", mean = "3h" }"#,
        )
    })?;
    let talk = raw.talk.as_ref().ok_or_else(|| {
        missing(
            "followups.talk",
            r#"talk = { distribution = "exponential", mean = "2m" }"#,
        )
    })?;
    let max_waiting = waiting_calls(
        "followups.max_waiting",
        raw.max_waiting.unwrap_or(1),
        "agents make follow-ups only while fewer calls than this wait",
    )?;
    let keep_idle = count(
        "followups.keep_idle",
        raw.keep_idle.unwrap_or(0),
        0..=u32::MAX,
        "agents",
    )?;
    Ok(FollowUps {
        keep_idle,
        share: share("followups.share", raw.share.unwrap_or(1.0))?,
        delay: validate_distribution("followups.delay", delay, true, base_dir)?,
        reach: share("followups.reach", raw.reach.unwrap_or(1.0))?,
        detect: share("followups.detect", raw.detect.unwrap_or(1.0))?,
        talk: validate_distribution("followups.talk", talk, false, base_dir)?,
        no_answer: positive_seconds(
            "followups.no_answer",
            raw.no_answer.map_or(DEFAULT_NO_ANSWER, |s| s.0),
        )?,
        max_waiting,
        expires: positive_seconds(
            "followups.expires",
            raw.expires.map_or(DEFAULT_EXPIRES, |s| s.0),
        )?,
    })
}
