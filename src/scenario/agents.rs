//! `[agents]` and `[lines]`: the agents of a single pool, and the trunk
//! lines that bound the calls in the system.

use serde::Deserialize;

use super::error::{ErrorKind, ScenarioError, invalid};
use super::limits::{MAX_AGENTS, MAX_LINES};

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
        ("agents", i64::from(MAX_AGENTS))
    } else {
        ("trunk lines", i64::from(MAX_LINES))
    };
    u32::try_from(count)
        .ok()
        .filter(|c| *c >= 1 && i64::from(*c) <= max)
        .ok_or_else(|| {
            invalid(
                &key,
                format!(
                    "invalid `{key}` {count}: expected a whole number of {what} from 1 to {max}"
                ),
            )
            .with_label(format!("must be 1..={max}"))
        })
}
