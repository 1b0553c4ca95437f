//! `[repeat_calls]`, `[followups]` and `[experience]` → a validated
//! [`Quality`].

use std::path::Path;

use super::distribution::validate_distribution;
use super::duration::{format_duration, format_number};
use super::error::{ScenarioError, invalid, missing};
use super::quality::{ExperienceModel, FollowUps, Quality, RepeatCalls, VirtualHold};
use super::quality_schema::{PerTier, RawCallbacks, RawExperience, RawFollowUps, RawRepeatCalls};
use super::schema::RawScenario;

/// `repeat_calls.max_calls` without a value: a customer tries three times.
const DEFAULT_MAX_CALLS: u8 = 3;
/// Calls a case carries as one byte; more than this is a typo.
const MAX_CALLS_LIMIT: i64 = 100;
/// `followups.expires` without a value: the rest of a working day.
const DEFAULT_EXPIRES: f64 = 4.0 * 3600.0;
/// `followups.no_answer` without a value: ringing out and noting it.
const DEFAULT_NO_ANSWER: f64 = 30.0;

/// Whether the file writes any quality table.
pub(crate) fn uses_quality(raw: &RawScenario) -> bool {
    raw.repeat_calls.is_some()
        || raw.followups.is_some()
        || raw.callbacks.is_some()
        || raw.experience.is_some()
}

/// The quality rules of a desk with `tiers` tiers.
pub(crate) fn validate_quality(
    raw: &RawScenario,
    tiers: usize,
    base_dir: &Path,
) -> Result<Quality, ScenarioError> {
    Ok(Quality {
        repeats: raw
            .repeat_calls
            .as_ref()
            .map(|r| validate_repeats(r, tiers, base_dir))
            .transpose()?,
        followups: raw
            .followups
            .as_ref()
            .map(|f| validate_followups(f, base_dir))
            .transpose()?,
        callbacks: raw.callbacks.as_ref().map(validate_callbacks).transpose()?,
        experience: raw
            .experience
            .as_ref()
            .map(validate_experience)
            .transpose()?,
    })
}

fn check_probability(key: &str, p: f64) -> Result<f64, ScenarioError> {
    if p.is_finite() && (0.0..=1.0).contains(&p) {
        return Ok(p);
    }
    Err(invalid(
        key,
        format!(
            "invalid probability {} for `{key}`: expected a number from 0 to 1",
            format_number(p)
        ),
    )
    .with_label("must be in 0..=1")
    .with_help("write 35% as 0.35"))
}

fn validate_repeats(
    raw: &RawRepeatCalls,
    tiers: usize,
    base_dir: &Path,
) -> Result<RepeatCalls, ScenarioError> {
    let key = "repeat_calls.unresolved";
    let unresolved = match &raw.unresolved {
        None => return Err(missing(key, "unresolved = [0.10, 0.05]")),
        Some(PerTier::All(p)) => vec![check_probability(key, *p)?; tiers],
        Some(PerTier::Each(list)) => {
            if list.len() != tiers {
                return Err(invalid(
                    key,
                    format!(
                        "`{key}` has {} entries but the desk has {tiers} tier{}: expected one \
                         probability per tier, in `[[tiers]]` order",
                        list.len(),
                        if tiers == 1 { "" } else { "s" }
                    ),
                )
                .with_label(format!("expected {tiers} entries"))
                .with_help("or write one number for every tier, e.g. `unresolved = 0.1`"));
            }
            list.iter()
                .map(|&p| check_probability(key, p))
                .collect::<Result<_, _>>()?
        }
    };
    let after_abandon = check_probability(
        "repeat_calls.after_abandon",
        raw.after_abandon.unwrap_or(0.0),
    )?;
    let delay = raw.delay.as_ref().ok_or_else(|| {
        missing(
            "repeat_calls.delay",
            r#"delay = { distribution = "exponential", mean = "2h" }"#,
        )
    })?;
    let max_calls = raw.max_calls.unwrap_or(i64::from(DEFAULT_MAX_CALLS));
    if !(1..=MAX_CALLS_LIMIT).contains(&max_calls) {
        return Err(invalid(
            "repeat_calls.max_calls",
            format!(
                "invalid `repeat_calls.max_calls` {max_calls}: expected a whole number from 1 \
                 to {MAX_CALLS_LIMIT}"
            ),
        )
        .with_label(format!("must be in 1..={MAX_CALLS_LIMIT}")));
    }
    Ok(RepeatCalls {
        unresolved,
        after_abandon,
        delay: validate_distribution("repeat_calls.delay", delay, true, base_dir)?,
        max_calls: max_calls as u8,
    })
}

fn positive_duration(key: &str, value: Option<f64>, default: f64) -> Result<f64, ScenarioError> {
    let value = value.unwrap_or(default);
    if value > 0.0 {
        return Ok(value);
    }
    Err(invalid(
        key,
        format!(
            "`{key}` is {}: expected a duration greater than 0",
            format_duration(value)
        ),
    )
    .with_label("must be > 0"))
}

fn validate_followups(raw: &RawFollowUps, base_dir: &Path) -> Result<FollowUps, ScenarioError> {
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
    let max_waiting = raw.max_waiting.unwrap_or(1);
    if !(1..=i64::from(u32::MAX)).contains(&max_waiting) {
        return Err(invalid(
            "followups.max_waiting",
            format!(
                "invalid `followups.max_waiting` {max_waiting}: expected a whole number of \
                 calls >= 1 (agents make follow-ups only while fewer calls than this wait)"
            ),
        )
        .with_label("must be >= 1")
        .with_help("1: only when no caller waits"));
    }
    let keep_idle = raw.keep_idle.unwrap_or(0);
    if !(0..=i64::from(u32::MAX)).contains(&keep_idle) {
        return Err(invalid(
            "followups.keep_idle",
            format!(
                "invalid `followups.keep_idle` {keep_idle}: expected a whole number of agents \
                 >= 0 (entry-tier agents kept free for inbound calls)"
            ),
        )
        .with_label("must be >= 0"));
    }
    Ok(FollowUps {
        keep_idle: keep_idle as u32,
        share: check_probability("followups.share", raw.share.unwrap_or(1.0))?,
        delay: validate_distribution("followups.delay", delay, true, base_dir)?,
        reach: check_probability("followups.reach", raw.reach.unwrap_or(1.0))?,
        detect: check_probability("followups.detect", raw.detect.unwrap_or(1.0))?,
        talk: validate_distribution("followups.talk", talk, false, base_dir)?,
        no_answer: positive_duration(
            "followups.no_answer",
            raw.no_answer.map(|s| s.0),
            DEFAULT_NO_ANSWER,
        )?,
        max_waiting: max_waiting as u32,
        expires: positive_duration(
            "followups.expires",
            raw.expires.map(|s| s.0),
            DEFAULT_EXPIRES,
        )?,
    })
}

/// `[callbacks] offer_after` without a value: a minute's expected wait.
const DEFAULT_OFFER_AFTER: f64 = 60.0;
/// `[callbacks] margin` without a value.
const DEFAULT_MARGIN: f64 = 600.0;

fn validate_callbacks(raw: &RawCallbacks) -> Result<VirtualHold, ScenarioError> {
    let offer_after = raw.offer_after.map_or(DEFAULT_OFFER_AFTER, |s| s.0);
    if offer_after < 0.0 {
        return Err(invalid(
            "callbacks.offer_after",
            format!(
                "`callbacks.offer_after` is {}: expected a duration >= 0",
                format_duration(offer_after)
            ),
        )
        .with_label("must be >= 0"));
    }
    Ok(VirtualHold {
        offer_after,
        accept: check_probability("callbacks.accept", raw.accept.unwrap_or(1.0))?,
        margin: positive_duration("callbacks.margin", raw.margin.map(|s| s.0), DEFAULT_MARGIN)?,
    })
}

fn validate_experience(raw: &RawExperience) -> Result<ExperienceModel, ScenarioError> {
    let mut model = ExperienceModel::DEFAULT;
    let weights = [
        &mut model.base,
        &mut model.wait_per_minute,
        &mut model.abandoned,
        &mut model.transfer,
        &mut model.runaround,
        &mut model.hold_limit,
        &mut model.unresolved,
        &mut model.repeat,
        &mut model.broken_promise,
        &mut model.followup,
        &mut model.ticket_late_per_hour,
    ];
    let names = ExperienceModel::DEFAULT.weights().map(|(name, _)| name);
    for ((slot, given), name) in weights.into_iter().zip(raw.given()).zip(names) {
        let Some(value) = given else { continue };
        let max = if name == "base" { 100.0 } else { f64::MAX };
        if !(value.is_finite() && (0.0..=max).contains(&value)) {
            let key = format!("experience.{name}");
            let expected = if name == "base" {
                "a score from 0 to 100"
            } else {
                "a number of points >= 0 (penalties are subtracted, credits added)"
            };
            return Err(invalid(
                &key,
                format!(
                    "invalid `{key}` {}: expected {expected}",
                    format_number(value)
                ),
            )
            .with_label(if name == "base" {
                "must be in 0..=100"
            } else {
                "must be >= 0"
            }));
        }
        *slot = value;
    }
    Ok(model)
}
