//! `[costs]`: what agents, SLA breaches, callbacks and follow-ups cost (seed
//! 003: "an SLA includes costs and penalties"), so staffing options and
//! service rules can be compared in money.

use super::duration::format_number;
use super::error::{ScenarioError, did_you_mean, invalid};
use super::values::{PerTier, Shares};
use serde::Deserialize;

/// The prices of a run. Money is in the scenario's `currency`, a label.
#[derive(Debug, Clone, PartialEq)]
pub struct Costs {
    /// Label printed with every amount; callsim converts nothing.
    pub currency: String,
    /// `agent_hour[t]`: cost of one paid hour of a tier-`t` agent.
    pub agent_hour: Vec<f64>,
    /// `sla_penalty[c]`: cost of one call of class `c` not answered within
    /// its threshold (answered late, abandoned or blocked).
    pub sla_penalty: Vec<f64>,
    /// Cost of each callback made (a promised one, or a reopened case).
    pub callback: f64,
    /// Cost of each follow-up call made.
    pub followup: f64,
    /// Cost of one hour of a walk-in desk agent (`[walk_ins]`).
    pub walk_in_hour: f64,
}

/// A number for every class (`2.5`) or a table by class name
/// (`{ gold = 10, bronze = 1 }`; classes left out cost nothing).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum PerClass {
    All(f64),
    Each(Shares),
}

/// `[costs]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCosts {
    pub currency: Option<String>,
    pub agent_hour: Option<PerTier>,
    pub sla_penalty: Option<PerClass>,
    pub callback: Option<f64>,
    pub followup: Option<f64>,
    pub walk_in_hour: Option<f64>,
}

fn amount(key: &str, value: f64) -> Result<f64, ScenarioError> {
    if value.is_finite() && value >= 0.0 {
        return Ok(value);
    }
    Err(invalid(
        key,
        format!(
            "invalid amount {} for `{key}`: expected a number >= 0",
            format_number(value)
        ),
    )
    .with_label("must be >= 0"))
}

/// Validates `[costs]` for a run with `tiers` tiers and the classes named
/// `classes` (in priority order).
pub(crate) fn validate_costs(
    raw: &RawCosts,
    tiers: usize,
    classes: &[&str],
) -> Result<Costs, ScenarioError> {
    let key = "costs.agent_hour";
    let agent_hour = match &raw.agent_hour {
        None => vec![0.0; tiers],
        Some(PerTier::All(x)) => vec![amount(key, *x)?; tiers],
        Some(PerTier::Each(list)) if list.len() == tiers => list
            .iter()
            .map(|&x| amount(key, x))
            .collect::<Result<_, _>>()?,
        Some(PerTier::Each(list)) => {
            return Err(invalid(
                key,
                format!(
                    "`{key}` has {} entries but the run has {tiers} tier{}: expected one cost \
                     per tier, in `[[tiers]]` order",
                    list.len(),
                    if tiers == 1 { "" } else { "s" }
                ),
            )
            .with_label(format!("expected {tiers} entries"))
            .with_help("or write one number for every tier, e.g. `agent_hour = 22.5`"));
        }
    };
    let key = "costs.sla_penalty";
    let sla_penalty = match &raw.sla_penalty {
        None => vec![0.0; classes.len()],
        Some(PerClass::All(x)) => vec![amount(key, *x)?; classes.len()],
        Some(PerClass::Each(Shares(entries))) => {
            let mut out = vec![0.0; classes.len()];
            for (name, value) in entries {
                let entry = format!("{key}.{name}");
                let Some(i) = classes.iter().position(|c| c == name) else {
                    let mut err = invalid(
                        &entry,
                        format!(
                            "`{key}` names the class `{name}`, which the scenario does not have: \
                             expected one of {}",
                            classes.join(", ")
                        ),
                    );
                    if let Some(close) = did_you_mean(name, classes.iter().copied()) {
                        err = err.with_help(format!("did you mean {close:?}?"));
                    }
                    return Err(err);
                };
                out[i] = amount(&entry, *value)?;
            }
            out
        }
    };
    Ok(Costs {
        currency: raw.currency.clone().unwrap_or_else(|| "EUR".into()),
        agent_hour,
        sla_penalty,
        callback: amount("costs.callback", raw.callback.unwrap_or(0.0))?,
        followup: amount("costs.followup", raw.followup.unwrap_or(0.0))?,
        walk_in_hour: amount("costs.walk_in_hour", raw.walk_in_hour.unwrap_or(0.0))?,
    })
}
