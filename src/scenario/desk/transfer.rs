//! `[transfer]`: how a call its tier could not resolve reaches the next
//! tier (warm, cold or by callback), and what a warm transfer does when
//! nobody frees up in time.

use serde::Deserialize;

use crate::scenario::error::ScenarioError;
use crate::scenario::values::choice;

/// `[transfer]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTransfer {
    pub policy: Option<String>,
    pub on_timeout: Option<String>,
}

/// What happens to a call its tier could not resolve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    /// How an unresolved call reaches the next tier.
    pub policy: TransferPolicy,
    /// Warm transfers only: what happens when no agent of the target tier has
    /// become free by the hold limit.
    pub on_timeout: WarmTimeout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How an unresolved call reaches the next tier (`transfer.policy`).
pub enum TransferPolicy {
    /// With consent: the call passes only to a free agent of the target tier;
    /// until one is free the caller waits on hold with the current agent.
    Warm,
    /// Blind: the call joins the target tier's queue and the agent moves on.
    Cold,
    /// The caller hangs up and the target tier calls back when it has time.
    Callback,
}

impl TransferPolicy {
    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warm => "warm",
            Self::Cold => "cold",
            Self::Callback => "callback",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// What a warm transfer does when no agent of the target tier is free in time (`transfer.on_timeout`).
pub enum WarmTimeout {
    /// The case becomes a callback from the target tier: when nobody can
    /// take the call, the caller is called back (the default).
    Callback,
    /// The caller joins the target tier's queue ahead of every class: a
    /// transfer *without* the receiving technician's consent, counted as such.
    PriorityQueue,
}

pub(super) fn validate_transfer(raw: Option<&RawTransfer>) -> Result<Transfer, ScenarioError> {
    let transfer = raw.cloned().unwrap_or_default();
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
            // A transfer needs the receiving technician's consent; when
            // nobody can take the call, offer a callback.
            WarmTimeout::Callback,
        )?,
    })
}
