//! The help-desk tables → a validated [`Helpdesk`], or `None` when the file
//! describes a single agent pool.
//!
//! Beyond ranges, this checks the links between tables, because they are
//! where help-desk files go wrong: every skill and language a tier lists
//! must be one the calls have, and every kind of call that arrives (topic ×
//! language) must be something some tier can resolve, or it would be
//! escalated forever.

use std::path::Path;

use super::desk_schema::{RawEffect, RawHold, RawPriority, RawTier, Shares};
use super::distribution::validate_distribution;
use super::duration::{format_duration, format_number};
use super::error::{ErrorKind, ScenarioError, backticked, did_you_mean, invalid, missing};
use super::helpdesk::{
    AgentChoice, CallLimit, CustomerKind, CustomerType, Helpdesk, Hold, HoldLimitAction,
    LimitAction, Mix, PriorityClass, Routing, Tier, Transfer, TransferPolicy, WarmTimeout,
};
use super::limits::{MAX_AGENTS, MAX_FACTOR, MAX_HOLD_SEGMENTS, MIN_HOLD_STEP_SECONDS};
use super::quality_validate::{uses_quality, validate_quality};
use super::schema::RawScenario;
use super::tickets::validate_tickets;
use super::types::{Sla, TimeSpec};
use super::walk_ins::validate_walk_ins;

/// Shares must sum to 1 within this (they are written as decimals).
const SHARE_TOLERANCE: f64 = 1e-9;
/// Most tiers: the course notes' desk has five levels.
const MAX_TIERS: usize = 5;
/// Most names in a mix or classes in `[[priorities]]`: calls carry these
/// as one byte, and more than a few dozen is a typo or a generated file.
const MAX_NAMES: usize = 64;
/// `hold.max` without a value: the 3-minute hold limit of the course notes.
const DEFAULT_HOLD_MAX: f64 = 180.0;
/// `hold.check_in` without a value: a short word with the caller.
const DEFAULT_CHECK_IN: f64 = 30.0;
/// `call_limit.max` without a value: the 15-minute limit of the course notes.
const DEFAULT_CALL_LIMIT: f64 = 900.0;

/// The multipliers a customer type has unless `[customer_effects]` says
/// otherwise: talk, patience, hold, escalation, repeat (README, "Default
/// customer effects"). Inexperienced callers cannot follow the instructions
/// that fix a problem, so their fixes fail most often.
pub(crate) fn default_effects(kind: CustomerKind) -> [f64; 5] {
    match kind {
        CustomerKind::Normal => [1.0, 1.0, 1.0, 1.0, 1.0],
        CustomerKind::Talkative => [1.5, 1.2, 1.0, 1.0, 1.0],
        CustomerKind::Rude => [1.2, 0.8, 1.0, 1.3, 1.2],
        CustomerKind::Inexperienced => [1.4, 1.0, 1.5, 1.2, 1.5],
        CustomerKind::Angry => [1.1, 0.6, 1.0, 1.4, 1.2],
    }
}

/// The help desk a file describes and the total number of agents, or `None`
/// if it uses no help-desk table at all. The desk itself is `None` when it
/// behaves exactly like one agent pool. `agents` is the `[agents]` count, if
/// written (it makes one tier).
pub(crate) fn validate_desk(
    raw: &RawScenario,
    agents: Option<u32>,
    sla: Sla,
    base_dir: &Path,
    staffed: Option<&[u32]>,
    time: &TimeSpec,
) -> Result<Option<(Option<Helpdesk>, u32)>, ScenarioError> {
    let uses_desk = raw.tiers.is_some()
        || raw.calls.is_some()
        || raw.customers.is_some()
        || raw.customer_effects.is_some()
        || raw.priorities.is_some()
        || raw.routing.is_some()
        || raw.transfer.is_some()
        || raw.hold.is_some()
        || raw.call_limit.is_some()
        || uses_quality(raw)
        || raw.tickets.is_some()
        || raw.walk_ins.is_some();
    if !uses_desk {
        return Ok(None);
    }
    let calls = raw.calls.clone().unwrap_or_default();
    let complexities = validate_mix("calls.complexity", calls.complexity.as_ref(), "standard")?;
    let topics = validate_mix("calls.topics", calls.topics.as_ref(), "general")?;
    let languages = validate_mix("calls.languages", calls.languages.as_ref(), "any")?;
    let tiers = match (&raw.tiers, agents) {
        (Some(tiers), _) => validate_tiers(tiers, &complexities, &topics, &languages, staffed)?,
        (None, Some(count)) => vec![Tier {
            level: 1,
            agents: count,
            skills: vec![true; topics.names.len()],
            languages: vec![true; languages.names.len()],
            handle_factor: 1.0,
            diagnosis: 0.0,
            resolve: vec![1.0; complexities.names.len()],
        }],
        (None, None) => return Err(missing_agents()),
    };
    check_coverage(&tiers, &topics, &languages)?;
    let desk = Helpdesk {
        customers: validate_customers(raw)?,
        classes: validate_classes(raw.priorities.as_deref(), sla)?,
        routing: validate_routing(raw)?,
        transfer: validate_transfer(raw)?,
        hold: raw
            .hold
            .as_ref()
            .map(|h| validate_hold(h, base_dir))
            .transpose()?,
        call_limit: validate_call_limit(raw)?,
        quality: validate_quality(raw, tiers.len(), base_dir)?,
        tickets: raw
            .tickets
            .as_ref()
            .map(|t| {
                let levels: Vec<u8> = tiers.iter().map(|t| t.level).collect();
                validate_tickets(t, time, &levels, base_dir)
            })
            .transpose()?,
        walk_ins: raw
            .walk_ins
            .as_ref()
            .map(|w| validate_walk_ins(w, time, base_dir))
            .transpose()?,
        tiers,
        complexities,
        topics,
        languages,
    };
    let total: u32 = desk.tiers.iter().map(|t| t.agents).sum();
    if total > MAX_AGENTS {
        return Err(invalid(
            "tiers",
            format!("the tiers have {total} agents in all: expected at most {MAX_AGENTS}"),
        ));
    }
    let single_pool = is_single_pool(&desk, sla);
    Ok(Some(((!single_pool).then_some(desk), total)))
}

/// The error for a file with neither `[agents]` nor `[[tiers]]`.
pub(crate) fn missing_agents() -> ScenarioError {
    ScenarioError::at_key(
        ErrorKind::MissingKey,
        "agents",
        "missing required table `[agents]` (or `[[tiers]]`)",
    )
    .with_help("add `[agents]` with e.g. `count = 10`, or one `[[tiers]]` table per support tier")
}

/// Whether the desk behaves exactly like one agent pool: then the run uses
/// the single-pool engine and reports, so a one-tier file gives the same
/// bytes as the `[agents]` form.
fn is_single_pool(desk: &Helpdesk, sla: Sla) -> bool {
    let [tier] = desk.tiers.as_slice() else {
        return false;
    };
    let normal = desk.customers[0];
    let class = &desk.classes[0];
    tier.handle_factor == 1.0
        && tier.diagnosis == 0.0
        && desk.complexities.names.len() == 1
        && desk.topics.names.len() == 1
        && desk.languages.names.len() == 1
        && normal.share == 1.0
        && [normal.talk, normal.patience, normal.hold, normal.escalation] == [1.0; 4]
        && !desk.quality.is_on()
        && desk.tickets.is_none()
        && desk.walk_ins.is_none()
        && desk.classes.len() == 1
        && class.threshold == sla.threshold
        && class.target == sla.target
        && desk.hold.is_none()
        && desk.call_limit.is_none()
}

/// Names become CSV cells and JSON keys: keep them to what a bare TOML key
/// allows.
fn check_name(key: &str, name: &str) -> Result<(), ScenarioError> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if ok {
        return Ok(());
    }
    Err(invalid(
        key,
        format!("invalid name {name:?}: expected letters, digits, '-' and '_' only"),
    )
    .with_label("not a plain name"))
}

fn check_share(key: &str, share: f64) -> Result<(), ScenarioError> {
    if share.is_finite() && (0.0..=1.0).contains(&share) {
        return Ok(());
    }
    Err(invalid(
        key,
        format!(
            "invalid share {} for `{key}`: expected a number from 0 to 1",
            format_number(share)
        ),
    )
    .with_label("must be in 0..=1")
    .with_help("write 35% as 0.35"))
}

fn check_sum(key: &str, what: &str, shares: impl IntoIterator<Item = f64>) -> Sr {
    let sum: f64 = shares.into_iter().sum();
    if (sum - 1.0).abs() <= SHARE_TOLERANCE {
        return Ok(());
    }
    Err(invalid(
        key,
        format!(
            "the {what} shares sum to {}: expected them to sum to 1",
            format_number((sum * 1e9).round() / 1e9)
        ),
    )
    .with_label(format!(
        "sum is {}",
        format_number((sum * 1e9).round() / 1e9)
    ))
    .with_help("adjust the shares so that they add up to exactly 1"))
}

type Sr = Result<(), ScenarioError>;

fn validate_mix(key: &str, raw: Option<&Shares>, default: &str) -> Result<Mix, ScenarioError> {
    let Some(Shares(entries)) = raw else {
        return Ok(Mix {
            names: vec![default.to_owned()],
            shares: vec![1.0],
        });
    };
    if entries.is_empty() {
        return Err(invalid(
            key,
            format!("`{key}` is empty: expected at least one `name = share`"),
        )
        .with_help(format!(
            "write e.g. `{} = {{ a = 0.7, b = 0.3 }}`, or remove it",
            key.rsplit('.').next().unwrap_or(key)
        )));
    }
    if entries.len() > MAX_NAMES {
        return Err(invalid(
            key,
            format!(
                "`{key}` has {} entries: expected at most {MAX_NAMES}",
                entries.len()
            ),
        ));
    }
    for (name, share) in entries {
        let entry = format!("{key}.{name}");
        check_name(&entry, name)?;
        check_share(&entry, *share)?;
    }
    check_sum(key, &format!("`{key}`"), entries.iter().map(|(_, s)| *s))?;
    Ok(Mix {
        names: entries.iter().map(|(n, _)| n.clone()).collect(),
        shares: entries.iter().map(|(_, s)| *s).collect(),
    })
}

/// `staffed`: agents per tier from `[[shifts]]`, which then replace the
/// tiers' own `agents`.
fn validate_tiers(
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
        if !(1..=5).contains(&level) || level <= previous {
            let expected = if previous == 0 {
                "a level from 1 to 5".to_owned()
            } else {
                format!(
                    "a level from {} to 5, above the tier before ({previous})",
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
        let agents = u32::try_from(agents)
            .ok()
            .filter(|a| *a >= 1 && *a <= MAX_AGENTS)
            .ok_or_else(|| {
                invalid(
                    &key("agents"),
                    format!(
                        "invalid `agents` {agents} for tier {}: expected a whole number from 1 to {MAX_AGENTS}",
                        i + 1
                    ),
                )
                .with_label(format!("must be 1..={MAX_AGENTS}"))
            })?;
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
        if !(p.is_finite() && (0.0..=1.0).contains(p)) {
            return Err(invalid(
                &entry,
                format!(
                    "invalid probability {} for `{entry}`: expected a number from 0 to 1",
                    format_number(*p)
                ),
            )
            .with_label("must be in 0..=1"));
        }
        resolve[c] = *p;
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

/// Every topic and language that calls have (share > 0) must be served, in
/// combination, by some tier: otherwise such a call could never be resolved.
fn check_coverage(tiers: &[Tier], topics: &Mix, languages: &Mix) -> Sr {
    let serving = |t: usize, l: usize| tiers.iter().any(|x| x.skills[t] && x.languages[l]);
    for (t, name) in topics.names.iter().enumerate() {
        if topics.shares[t] > 0.0 && !tiers.iter().any(|x| x.skills[t]) {
            return Err(invalid(
                &format!("calls.topics.{name}"),
                format!(
                    "no tier has the skill {name:?}, but {} of calls need it",
                    percent(topics.shares[t])
                ),
            )
            .with_label("no tier can resolve these calls")
            .with_help(format!(
                "add {name:?} to the `skills` of a tier, or set its share to 0"
            )));
        }
    }
    for (l, name) in languages.names.iter().enumerate() {
        if languages.shares[l] > 0.0 && !tiers.iter().any(|x| x.languages[l]) {
            return Err(invalid(
                &format!("calls.languages.{name}"),
                format!(
                    "no tier speaks {name:?}, but {} of calls need it",
                    percent(languages.shares[l])
                ),
            )
            .with_label("no tier can serve these callers")
            .with_help(format!(
                "add {name:?} to the `languages` of a tier, or set its share to 0"
            )));
        }
    }
    for (t, topic) in topics.names.iter().enumerate() {
        for (l, language) in languages.names.iter().enumerate() {
            if topics.shares[t] > 0.0 && languages.shares[l] > 0.0 && !serving(t, l) {
                return Err(invalid(
                    &format!("calls.topics.{topic}"),
                    format!("no tier has the skill {topic:?} and speaks {language:?}: such calls could never be resolved"),
                )
                .with_label(format!("no tier serves {topic:?} in {language:?}"))
                .with_help(format!(
                    "give one tier both {topic:?} in `skills` and {language:?} in `languages`"
                )));
            }
        }
    }
    Ok(())
}

fn percent(share: f64) -> String {
    format!("{} %", format_number((share * 1000.0).round() / 10.0))
}

fn validate_customers(raw: &RawScenario) -> Result<Vec<CustomerType>, ScenarioError> {
    let shares = match &raw.customers {
        None => [Some(1.0), None, None, None, None],
        Some(c) => c.shares(),
    };
    for (kind, share) in CustomerKind::ALL.iter().zip(shares) {
        if let Some(share) = share {
            check_share(&format!("customers.{}", kind.as_str()), share)?;
        }
    }
    check_sum(
        "customers",
        "customer-type",
        shares.iter().map(|s| s.unwrap_or(0.0)),
    )?;
    let effects = raw
        .customer_effects
        .as_ref()
        .map(|e| e.effects())
        .unwrap_or_default();
    let mut customers = Vec::with_capacity(CustomerKind::ALL.len());
    for ((kind, share), effect) in CustomerKind::ALL.iter().zip(shares).zip(effects) {
        let [talk, patience, hold, escalation, repeat] = validate_effect(*kind, effect)?;
        customers.push(CustomerType {
            kind: *kind,
            share: share.unwrap_or(0.0),
            talk,
            patience,
            hold,
            escalation,
            repeat,
        });
    }
    Ok(customers)
}

fn validate_effect(kind: CustomerKind, raw: Option<&RawEffect>) -> Result<[f64; 5], ScenarioError> {
    let mut values = default_effects(kind);
    let Some(raw) = raw else {
        return Ok(values);
    };
    let given = [raw.talk, raw.patience, raw.hold, raw.escalation, raw.repeat];
    let names = ["talk", "patience", "hold", "escalation", "repeat"];
    for (i, value) in given.into_iter().enumerate() {
        let Some(value) = value else { continue };
        // Talk and patience scale durations: 0 would be a caller who is
        // never there. Hold and escalation scale probabilities: 0 is "never".
        let zero_ok = i >= 2;
        if !value.is_finite() || !(0.0..=MAX_FACTOR).contains(&value) || (value == 0.0 && !zero_ok)
        {
            let key = format!("customer_effects.{}.{}", kind.as_str(), names[i]);
            let bound = if zero_ok { ">= 0" } else { "> 0" };
            return Err(invalid(
                &key,
                format!(
                    "invalid multiplier {} for `{key}`: expected a number {bound} and at most {MAX_FACTOR}",
                    format_number(value)
                ),
            )
            .with_label(format!("must be {bound}"))
            .with_help("1 leaves the base value unchanged; 1.5 is half as much again"));
        }
        values[i] = value;
    }
    Ok(values)
}

fn validate_classes(
    raw: Option<&[RawPriority]>,
    sla: Sla,
) -> Result<Vec<PriorityClass>, ScenarioError> {
    let Some(raw) = raw else {
        return Ok(vec![PriorityClass {
            name: "standard".into(),
            share: 1.0,
            threshold: sla.threshold,
            target: sla.target,
        }]);
    };
    if raw.is_empty() {
        return Err(invalid(
            "priorities",
            "`priorities` is empty: expected at least one class".into(),
        ));
    }
    if raw.len() > MAX_NAMES {
        return Err(invalid(
            "priorities",
            format!(
                "{} priority classes: expected at most {MAX_NAMES}",
                raw.len()
            ),
        ));
    }
    let mut classes: Vec<PriorityClass> = Vec::with_capacity(raw.len());
    for (i, p) in raw.iter().enumerate() {
        let key = |field: &str| format!("priorities[{i}].{field}");
        let name = p
            .name
            .clone()
            .ok_or_else(|| missing(&key("name"), "name = \"gold\""))?;
        check_name(&key("name"), &name)?;
        if classes.iter().any(|c| c.name == name) {
            return Err(ScenarioError::at_key(
                ErrorKind::Conflict,
                key("name"),
                format!("duplicate priority class {name:?}: expected each name once"),
            )
            .with_label("already used above"));
        }
        let share = p
            .share
            .ok_or_else(|| missing(&key("share"), "share = 0.2"))?;
        check_share(&key("share"), share)?;
        let target = p.target.unwrap_or(sla.target);
        if !(target.is_finite() && (0.0..=1.0).contains(&target)) {
            return Err(invalid(
                &key("target"),
                format!(
                    "invalid `target` {} for class {name:?}: expected a share between 0 and 1",
                    format_number(target)
                ),
            )
            .with_label("must be in 0..=1")
            .with_help("write 80% as 0.8"));
        }
        classes.push(PriorityClass {
            name,
            share,
            threshold: p.threshold.map_or(sla.threshold, |t| t.0),
            target,
        });
    }
    check_sum(
        "priorities",
        "priority-class",
        classes.iter().map(|c| c.share),
    )?;
    Ok(classes)
}

/// A policy name from a fixed list, with the list (and a near miss) in the
/// error.
fn choice<T: Copy>(
    key: &str,
    raw: Option<&str>,
    options: &[(&str, T)],
    default: T,
) -> Result<T, ScenarioError> {
    let Some(name) = raw else {
        return Ok(default);
    };
    if let Some((_, value)) = options.iter().find(|(n, _)| *n == name) {
        return Ok(*value);
    }
    let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
    let mut err = invalid(
        key,
        format!(
            "unknown `{key}` {name:?}: expected one of {}",
            backticked(&names)
        ),
    )
    .with_label("not a known value");
    if let Some(close) = did_you_mean(&name.to_lowercase(), names.iter().copied()) {
        err = err.with_help(format!("did you mean {close:?}?"));
    }
    Err(err)
}

fn validate_routing(raw: &RawScenario) -> Result<Routing, ScenarioError> {
    let routing = raw.routing.clone().unwrap_or_default();
    Ok(Routing {
        agent: choice(
            "routing.agent",
            routing.agent.as_deref(),
            &[
                ("lowest_tier", AgentChoice::LowestTier),
                ("longest_idle", AgentChoice::LongestIdle),
            ],
            AgentChoice::LowestTier,
        )?,
        overflow: routing.overflow.unwrap_or(false),
    })
}

fn validate_transfer(raw: &RawScenario) -> Result<Transfer, ScenarioError> {
    let transfer = raw.transfer.clone().unwrap_or_default();
    Ok(Transfer {
        policy: choice(
            "transfer.policy",
            transfer.policy.as_deref(),
            &[
                ("warm", TransferPolicy::Warm),
                ("cold", TransferPolicy::Cold),
                ("callback", TransferPolicy::Callback),
            ],
            TransferPolicy::Warm,
        )?,
        on_timeout: choice(
            "transfer.on_timeout",
            transfer.on_timeout.as_deref(),
            &[
                ("priority_queue", WarmTimeout::PriorityQueue),
                ("callback", WarmTimeout::Callback),
            ],
            // The course: a transfer needs the receiving technician's
            // consent; when nobody can take the call, offer a callback.
            WarmTimeout::Callback,
        )?,
    })
}

fn validate_hold(raw: &RawHold, base_dir: &Path) -> Result<Hold, ScenarioError> {
    let probability = raw
        .probability
        .ok_or_else(|| missing("hold.probability", "probability = 0.2"))?;
    if !(probability.is_finite() && (0.0..=1.0).contains(&probability)) {
        return Err(invalid(
            "hold.probability",
            format!(
                "invalid `hold.probability` {}: expected a number from 0 to 1",
                format_number(probability)
            ),
        )
        .with_label("must be in 0..=1"));
    }
    let duration = raw.duration.as_ref().ok_or_else(|| {
        missing(
            "hold.duration",
            r#"duration = { distribution = "exponential", mean = "2m" }"#,
        )
    })?;
    let max = raw.max.map_or(DEFAULT_HOLD_MAX, |m| m.0);
    if max < MIN_HOLD_STEP_SECONDS {
        return Err(invalid(
            "hold.max",
            format!(
                "`hold.max` is {}: expected a duration of at least {}",
                format_duration(max),
                format_duration(MIN_HOLD_STEP_SECONDS)
            ),
        )
        .with_label(format!(">= {}", format_duration(MIN_HOLD_STEP_SECONDS)))
        .with_help("a shorter limit splits one hold into millions of segments"));
    }
    let at_limit = choice(
        "hold.at_limit",
        raw.at_limit.as_deref(),
        &[
            ("callback", HoldLimitAction::Callback),
            ("escalate", HoldLimitAction::Escalate),
            ("check_in", HoldLimitAction::CheckIn),
        ],
        // The course's alternative to leaving a customer on hold.
        HoldLimitAction::Callback,
    )?;
    let check_in = raw.check_in.map_or(DEFAULT_CHECK_IN, |c| c.0);
    if check_in < MIN_HOLD_STEP_SECONDS {
        return Err(invalid(
            "hold.check_in",
            format!(
                "`hold.check_in` is {}: expected a duration of at least {}",
                format_duration(check_in),
                format_duration(MIN_HOLD_STEP_SECONDS)
            ),
        )
        .with_label(format!(">= {}", format_duration(MIN_HOLD_STEP_SECONDS)))
        .with_help("a check-in is the agent talking to the caller: it takes time"));
    }
    let duration = validate_distribution("hold.duration", duration, false, base_dir)?;
    if duration.mean() / max > MAX_HOLD_SEGMENTS {
        return Err(invalid(
            "hold.max",
            format!(
                "`hold.max` is {} for holds of {} on average: expected at least {} \
                 (1/{MAX_HOLD_SEGMENTS} of the mean hold)",
                format_duration(max),
                format_duration(duration.mean()),
                format_duration(duration.mean() / MAX_HOLD_SEGMENTS)
            ),
        )
        .with_label("too short for the holds")
        .with_help("each time the limit is reached the agent returns to the caller"));
    }
    Ok(Hold {
        probability,
        duration,
        max,
        patience: raw
            .patience
            .as_ref()
            .map(|p| validate_distribution("hold.patience", p, true, base_dir))
            .transpose()?,
        at_limit,
        check_in,
    })
}

fn validate_call_limit(raw: &RawScenario) -> Result<Option<CallLimit>, ScenarioError> {
    let Some(limit) = &raw.call_limit else {
        return Ok(None);
    };
    let max = limit.max.map_or(DEFAULT_CALL_LIMIT, |m| m.0);
    if max <= 0.0 {
        return Err(invalid(
            "call_limit.max",
            format!(
                "`call_limit.max` is {}: expected a duration greater than 0",
                format_duration(max)
            ),
        )
        .with_label("must be > 0"));
    }
    let action = choice(
        "call_limit.action",
        limit.action.as_deref(),
        &[
            ("escalate", LimitAction::Escalate),
            ("callback", LimitAction::Callback),
            ("continue", LimitAction::Continue),
        ],
        LimitAction::Continue,
    )?;
    Ok(Some(CallLimit { max, action }))
}
