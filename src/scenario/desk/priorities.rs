//! `[[priorities]]`: SLA contract classes (gold, silver, bronze), each
//! with its share of calls and its own threshold and target (the scenario's
//! `[sla]` where not written).

use serde::Deserialize;

use crate::scenario::error::{ErrorKind, ScenarioError, invalid, missing};
use crate::scenario::limits::MAX_NAMES;
use crate::scenario::sla::Sla;
use crate::scenario::values::{Seconds, check_name, check_sum, share};

/// One `[[priorities]]` entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPriority {
    pub name: Option<String>,
    pub share: Option<f64>,
    pub threshold: Option<Seconds>,
    pub target: Option<f64>,
}

/// An SLA contract class (e.g. gold, silver, bronze).
#[derive(Debug, Clone, PartialEq)]
pub struct PriorityClass {
    /// Names the class in reports (`classes[i].class`).
    pub name: String,
    /// Share of calls (0..=1); the shares sum to 1.
    pub share: f64,
    /// Answer within this many seconds.
    pub threshold: f64,
    /// Share of offered calls to answer within the threshold (0..=1).
    pub target: f64,
}

pub(super) fn validate_classes(
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
        let written = p
            .share
            .ok_or_else(|| missing(&key("share"), "share = 0.2"))?;
        classes.push(PriorityClass {
            name,
            share: share(&key("share"), written)?,
            threshold: p.threshold.map_or(sla.threshold, |t| t.0),
            target: share(&key("target"), p.target.unwrap_or(sla.target))?,
        });
    }
    check_sum(
        "priorities",
        "priority-class",
        classes.iter().map(|c| c.share),
    )?;
    Ok(classes)
}
