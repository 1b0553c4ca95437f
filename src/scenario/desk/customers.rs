//! `[customers]` and `[customer_effects]`: the five customer types, their
//! shares of calls and how each changes talk, patience, holds, escalation
//! and repeat calls.

use serde::Deserialize;

use crate::scenario::duration::format_number;
use crate::scenario::error::{ScenarioError, invalid};
use crate::scenario::limits::MAX_FACTOR;
use crate::scenario::values::{check_sum, share};

/// `[customers]`: the share of each customer type.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCustomers {
    pub normal: Option<f64>,
    pub talkative: Option<f64>,
    pub rude: Option<f64>,
    pub inexperienced: Option<f64>,
    pub angry: Option<f64>,
}

impl RawCustomers {
    /// The shares in `CustomerKind::ALL` order.
    pub(crate) fn shares(&self) -> [Option<f64>; 5] {
        [
            self.normal,
            self.talkative,
            self.rude,
            self.inexperienced,
            self.angry,
        ]
    }
}

/// `[customer_effects]`: per-type overrides of the default multipliers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCustomerEffects {
    pub normal: Option<RawEffect>,
    pub talkative: Option<RawEffect>,
    pub rude: Option<RawEffect>,
    pub inexperienced: Option<RawEffect>,
    pub angry: Option<RawEffect>,
}

impl RawCustomerEffects {
    /// The tables in `CustomerKind::ALL` order.
    pub(crate) fn effects(&self) -> [Option<&RawEffect>; 5] {
        [
            self.normal.as_ref(),
            self.talkative.as_ref(),
            self.rude.as_ref(),
            self.inexperienced.as_ref(),
            self.angry.as_ref(),
        ]
    }
}

/// `[customer_effects.<type>]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEffect {
    pub talk: Option<f64>,
    pub patience: Option<f64>,
    pub hold: Option<f64>,
    pub escalation: Option<f64>,
    pub repeat: Option<f64>,
}

/// The five customer types a help desk meets: normal, talkative, rude,
/// inexperienced and angry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerKind {
    /// `normal`; what it does to a call is its [`CustomerType`] multipliers.
    Normal,
    /// `talkative`; what it does to a call is its [`CustomerType`] multipliers.
    Talkative,
    /// `rude`; what it does to a call is its [`CustomerType`] multipliers.
    Rude,
    /// `inexperienced`; what it does to a call is its [`CustomerType`] multipliers.
    Inexperienced,
    /// `angry`; what it does to a call is its [`CustomerType`] multipliers.
    Angry,
}

impl CustomerKind {
    /// Every type, in the order reports list them.
    pub const ALL: [CustomerKind; 5] = [
        Self::Normal,
        Self::Talkative,
        Self::Rude,
        Self::Inexperienced,
        Self::Angry,
    ];

    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Talkative => "talkative",
            Self::Rude => "rude",
            Self::Inexperienced => "inexperienced",
            Self::Angry => "angry",
        }
    }
}

/// A customer type's share of calls and how it changes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerType {
    /// Which of the five types this is.
    pub kind: CustomerKind,
    /// Share of calls (0..=1); the five shares sum to 1.
    pub share: f64,
    /// Multiplies talk time (> 0).
    pub talk: f64,
    /// Multiplies patience in queue and on hold (> 0).
    pub patience: f64,
    /// Multiplies the probability of being put on hold (≥ 0; capped at 1).
    pub hold: f64,
    /// Multiplies the probability that a tier does not resolve the call
    /// (≥ 0; capped at 1).
    pub escalation: f64,
    /// Multiplies the probability that a fix does not hold (`[repeat_calls]`;
    /// ≥ 0, capped at 1).
    pub repeat: f64,
}

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

pub(super) fn validate_customers(
    customers: Option<&RawCustomers>,
    effects: Option<&RawCustomerEffects>,
) -> Result<Vec<CustomerType>, ScenarioError> {
    let shares = match customers {
        None => [Some(1.0), None, None, None, None],
        Some(c) => c.shares(),
    };
    for (kind, written) in CustomerKind::ALL.iter().zip(shares) {
        if let Some(value) = written {
            share(&format!("customers.{}", kind.as_str()), value)?;
        }
    }
    check_sum(
        "customers",
        "customer-type",
        shares.iter().map(|s| s.unwrap_or(0.0)),
    )?;
    let effects = effects.map(|e| e.effects()).unwrap_or_default();
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

pub(super) fn validate_effect(
    kind: CustomerKind,
    raw: Option<&RawEffect>,
) -> Result<[f64; 5], ScenarioError> {
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
