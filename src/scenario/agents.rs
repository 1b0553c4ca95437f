//! `[agents]` and `[lines]`: the agents of a single pool, and the trunk
//! lines that bound the calls in the system.

use serde::Deserialize;

use super::error::{ErrorKind, ScenarioError};
use super::limits::{MAX_AGENTS, MAX_LINES};
use super::values::count as count_in;

/// `[agents]`, `[lines]`: signed so that `-3` reaches validation and gets a
/// range message rather than a type error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCount {
    pub count: Option<i64>,
}

pub(crate) fn validate_count(table: &str, raw: &RawCount) -> Result<u32, ScenarioError> {
    let key = format!("{table}.count");
    let Some(count) = raw.count else {
        return Err(ScenarioError::at_key(
            ErrorKind::MissingKey,
            &key,
            format!("missing required key `{key}`"),
        )
        .with_help(format!("add e.g. `count = 10` to `[{table}]`")));
    };
    let (what, max) = if table == "agents" {
        ("agents", MAX_AGENTS)
    } else {
        ("trunk lines", MAX_LINES)
    };
    count_in(&key, count, 1..=max, what)
}
