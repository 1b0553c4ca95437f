//! `[[tiers]]`: the support levels, each with its agents, skills,
//! languages, speed, diagnosis time and the probability that it resolves a
//! call of each complexity.

use serde::Deserialize;

use super::calls::Mix;
use super::missing_agents;
use crate::scenario::duration::format_number;
use crate::scenario::error::{
    ErrorKind, ScenarioError, backticked, did_you_mean, invalid, missing,
};
use crate::scenario::limits::{MAX_AGENTS, MAX_FACTOR, MAX_TIERS};
use crate::scenario::values::{Seconds, Shares, count, share};

/// One `[[tiers]]` entry. Counts are signed so that `-3` reaches validation
/// and gets a range message rather than a type error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTier {
    pub level: Option<i64>,
    pub agents: Option<i64>,
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub handle_factor: Option<f64>,
    pub diagnosis: Option<Seconds>,
    pub resolve: Option<Shares>,
}

/// One support tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// 1..=5, strictly increasing along `Helpdesk::tiers`.
    pub level: u8,
    /// Agents in this tier (≥ 1).
    pub agents: u32,
    /// `skills[t]`: this tier can work on topic `t` (indices into `topics`).
    pub skills: Vec<bool>,
    /// `languages[l]`: this tier speaks language `l` (indices into `languages`).
    pub languages: Vec<bool>,
    /// Multiplies the call's drawn talk time (> 0).
    pub handle_factor: f64,
    /// Seconds spent on diagnosis at the start of every call this tier takes
    /// (≥ 0); a call the tier cannot work on (skill or language missing) gets
    /// only this triage before it is escalated.
    pub diagnosis: f64,
    /// `resolve[c]`: probability this tier resolves a call of complexity `c`
    /// (0..=1). The highest tier able to take a call resolves it whatever
    /// this says: a call is escalated, never dropped.
    pub resolve: Vec<f64>,
}

/// `staffed`: agents per tier from `[[shifts]]`, which then replace the
/// tiers' own `agents`.
pub(super) fn validate_tiers(
    raw: &[RawTier],
    complexities: &Mix,
    topics: &Mix,
    languages: &Mix,
    staffed: Option<&[u32]>,
) -> Result<Vec<Tier>, ScenarioError> {
    if raw.is_empty() {
        return Err(missing_agents());
    }
    if raw.len() > MAX_TIERS {
        return Err(invalid(
            &format!("tiers[{MAX_TIERS}]"),
            format!(
                "{} `[[tiers]]`: expected at most {MAX_TIERS} (levels 1 to 5)",
                raw.len()
            ),
        )
        .with_label("one tier too many"));
    }
    let mut tiers = Vec::with_capacity(raw.len());
    for (i, t) in raw.iter().enumerate() {
        let key = |field: &str| format!("tiers[{i}].{field}");
        let level = t.level.ok_or_else(|| missing(&key("level"), "level = 1"))?;
        let previous = tiers.last().map_or(0, |p: &Tier| i64::from(p.level));
        let top = MAX_TIERS as i64;
        if !(1..=top).contains(&level) || level <= previous {
            let expected = if previous == 0 {
                format!("a level from 1 to {top}")
            } else {
                format!(
                    "a level from {} to {top}, above the tier before ({previous})",
                    previous + 1
                )
            };
            return Err(invalid(
                &key("level"),
                format!(
                    "invalid `level` {level} for tier {}: expected {expected}",
                    i + 1
                ),
            )
            .with_label("levels must increase down the file")
            .with_help(
                "list the tiers lowest level first; level 1 is the single point of contact",
            ));
        }
        let agents = match (staffed, t.agents) {
            (Some(_), Some(_)) => {
                return Err(ScenarioError::at_key(
                    ErrorKind::Conflict,
                    key("agents"),
                    "`agents` in `[[tiers]]` and `[[shifts]]` cannot be used together: with shifts, the shifts give each tier's agents",
                )
                .with_help("remove `agents` from the tiers; write `agents = [tier 1, tier 2, ...]` in each shift"));
            }
            (Some(counts), None) => i64::from(counts[i]),
            (None, agents) => agents.ok_or_else(|| missing(&key("agents"), "agents = 10"))?,
        };
        let agents = count(&key("agents"), agents, 1..=MAX_AGENTS, "agents")?;
        let handle_factor = t.handle_factor.unwrap_or(1.0);
        if !(handle_factor.is_finite() && handle_factor > 0.0 && handle_factor <= MAX_FACTOR) {
            return Err(invalid(
                &key("handle_factor"),
                format!(
                    "invalid `handle_factor` {} for tier {}: expected a number > 0 and at most {MAX_FACTOR}",
                    format_number(handle_factor),
                    i + 1
                ),
            )
            .with_label("must be > 0")
            .with_help("1.5 means this tier's calls last 1.5 times the drawn talk time"));
        }
        tiers.push(Tier {
            level: level as u8,
            agents,
            skills: names_used(&key("skills"), t.skills.as_deref(), topics, "topic")?,
            languages: names_used(
                &key("languages"),
                t.languages.as_deref(),
                languages,
                "language",
            )?,
            handle_factor,
            diagnosis: t.diagnosis.map_or(0.0, |d| d.0),
            resolve: validate_resolve(&key("resolve"), t.resolve.as_ref(), complexities)?,
        });
    }
    Ok(tiers)
}

/// A tier's `skills` or `languages` as flags over the mix's names (every
/// name when absent).
fn names_used(
    key: &str,
    raw: Option<&[String]>,
    mix: &Mix,
    what: &str,
) -> Result<Vec<bool>, ScenarioError> {
    let Some(names) = raw else {
        return Ok(vec![true; mix.names.len()]);
    };
    let mut flags = vec![false; mix.names.len()];
    for (j, name) in names.iter().enumerate() {
        let Some(k) = mix.names.iter().position(|n| n == name) else {
            let valid: Vec<&str> = mix.names.iter().map(String::as_str).collect();
            let table = if what == "topic" {
                "calls.topics"
            } else {
                "calls.languages"
            };
            let mut err = invalid(
                &format!("{key}[{j}]"),
                format!(
                    "unknown {what} {name:?} in `{key}`: expected one of the {what}s of `{table}`"
                ),
            )
            .with_label(format!("not in `{table}`"));
            if let Some(close) = did_you_mean(name, valid.iter().copied()) {
                err = err.with_help(format!("did you mean {close:?}?"));
            }
            return Err(err.with_help(format!(
                "`{table}` has {}; add {name:?} there with its share if calls need it",
                backticked(&valid)
            )));
        };
        flags[k] = true;
    }
    Ok(flags)
}

fn validate_resolve(
    key: &str,
    raw: Option<&Shares>,
    complexities: &Mix,
) -> Result<Vec<f64>, ScenarioError> {
    let Some(Shares(entries)) = raw else {
        return Ok(vec![1.0; complexities.names.len()]);
    };
    let valid: Vec<&str> = complexities.names.iter().map(String::as_str).collect();
    let mut resolve = vec![f64::NAN; valid.len()];
    for (name, p) in entries {
        let entry = format!("{key}.{name}");
        let Some(c) = valid.iter().position(|v| v == name) else {
            let mut err = invalid(
                &entry,
                format!(
                    "unknown complexity {name:?} in `{key}`: expected one of {}",
                    backticked(&valid)
                ),
            )
            .with_label("not in `calls.complexity`");
            if let Some(close) = did_you_mean(name, valid.iter().copied()) {
                err = err.with_help(format!("did you mean `{close}`?"));
            }
            return Err(err);
        };
        resolve[c] = share(&entry, *p)?;
    }
    if let Some(c) = resolve.iter().position(|p| p.is_nan()) {
        return Err(ScenarioError::at_key(
            ErrorKind::MissingKey,
            key,
            format!(
                "`{key}` has no probability for complexity `{}`: expected one for each of {}",
                valid[c],
                backticked(&valid)
            ),
        )
        .with_label(format!("add `{} = ...`", valid[c])));
    }
    Ok(resolve)
}
