//! `[calls]`: the issue mix every arriving call draws from: its
//! complexity, the topic (the skill it needs) and the caller's language.

use serde::Deserialize;

use crate::scenario::error::{ScenarioError, invalid};
use crate::scenario::limits::MAX_NAMES;
use crate::scenario::values::{Shares, check_name, check_sum, share};

/// `[calls]`: the issue mix every arriving call draws from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCalls {
    pub complexity: Option<Shares>,
    pub topics: Option<Shares>,
    pub languages: Option<Shares>,
}

/// Names with shares that sum to 1 (within 1e-9). A mix with a single entry
/// of share 1 draws no random number.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    /// The entries' names, in the file's order (indices in records refer to it).
    pub names: Vec<String>,
    /// Each entry's share of calls, in the same order.
    pub shares: Vec<f64>,
}

pub(super) fn validate_mix(
    key: &str,
    raw: Option<&Shares>,
    default: &str,
) -> Result<Mix, ScenarioError> {
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
    for (name, value) in entries {
        let entry = format!("{key}.{name}");
        check_name(&entry, name)?;
        share(&entry, *value)?;
    }
    check_sum(key, &format!("`{key}`"), entries.iter().map(|(_, s)| *s))?;
    Ok(Mix {
        names: entries.iter().map(|(n, _)| n.clone()).collect(),
        shares: entries.iter().map(|(_, s)| *s).collect(),
    })
}
