//! The distribution tables: `[handle_time]`, `[patience]`, `[wrap_up]` and
//! every distribution nested in another table (`hold.duration`,
//! `tickets.work`...; see `keys::DISTRIBUTION_TABLES`).
//!
//! Each distribution takes its own parameters; a parameter that does not
//! apply is an error rather than silently ignored, because a `cv` on an
//! exponential usually means the author thinks it has an effect.

use std::path::Path;

use super::duration::{format_duration, format_number};
use super::error::{ErrorKind, ScenarioError, did_you_mean};
use super::limits::{MAX_CV, MIN_CV};
use super::samples::read_samples;
use std::sync::Arc;

use serde::Deserialize;

use super::values::Seconds;

/// `[handle_time]`, `[patience]`, `[wrap_up]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDistribution {
    pub distribution: Option<String>,
    pub mean: Option<Seconds>,
    pub cv: Option<f64>,
    pub file: Option<String>,
}

/// A distribution of durations in seconds, with its parameters validated.
#[derive(Debug, Clone, PartialEq)]
pub enum DistributionSpec {
    /// Memoryless: the Erlang formulas' assumption.
    Exponential {
        /// Mean > 0.
        mean: f64,
    },
    /// Right-skewed, as measured talk times usually are.
    LogNormal {
        /// Mean > 0.
        mean: f64,
        /// Coefficient of variation (standard deviation / mean) > 0.
        cv: f64,
    },
    /// Right-skewed with a lighter tail than the log-normal.
    Gamma {
        /// Mean > 0.
        mean: f64,
        /// Coefficient of variation (standard deviation / mean) > 0.
        cv: f64,
    },
    /// No variation at all.
    Constant {
        /// Always this value (≥ 0).
        value: f64,
    },
    /// Measured data, taken as it is.
    Empirical {
        /// Resampled uniformly from these observations (seconds, all ≥ 0,
        /// at least one).
        samples: Arc<[f64]>,
    },
}

impl DistributionSpec {
    /// The distribution's mean in seconds.
    pub fn mean(&self) -> f64 {
        match self {
            Self::Exponential { mean }
            | Self::LogNormal { mean, .. }
            | Self::Gamma { mean, .. } => *mean,
            Self::Constant { value } => *value,
            Self::Empirical { samples } => samples.iter().sum::<f64>() / samples.len() as f64,
        }
    }
}

/// The distribution names the format accepts.
pub(crate) const DISTRIBUTIONS: [&str; 5] =
    ["exponential", "lognormal", "gamma", "constant", "empirical"];

/// Whether parameter `param` (`mean`, `cv`, `file`) applies to distribution `name`.
pub(crate) fn applies(param: &str, name: &str) -> bool {
    match param {
        "mean" => name != "empirical",
        "cv" => matches!(name, "lognormal" | "gamma"),
        "file" => name == "empirical",
        _ => true,
    }
}

/// Which distributions a parameter applies to, for messages.
fn applies_to(param: &str) -> &'static str {
    match param {
        "cv" => "lognormal and gamma",
        "file" => "empirical",
        _ => "exponential, lognormal, gamma and constant",
    }
}

/// Turns the raw table at `table` into a spec. `zero_ok`: a constant 0 is
/// meaningful (no wrap-up, no patience) rather than a mistake.
pub(crate) fn validate_distribution(
    table: &str,
    raw: &RawDistribution,
    zero_ok: bool,
    base_dir: &Path,
) -> Result<DistributionSpec, ScenarioError> {
    let key = |param: &str| format!("{table}.{param}");
    let Some(name) = raw.distribution.as_deref() else {
        return Err(ScenarioError::at_key(
            ErrorKind::MissingKey,
            key("distribution"),
            format!("missing required key `{}`", key("distribution")),
        )
        .with_label("this table needs a `distribution`")
        .with_help(format!(
            r#"add e.g. `distribution = "exponential"` to `[{table}]`; one of {}"#,
            DISTRIBUTIONS.join(", ")
        )));
    };
    if !DISTRIBUTIONS.contains(&name) {
        let mut err = ScenarioError::at_key(
            ErrorKind::InvalidValue,
            key("distribution"),
            format!(
                "unknown distribution {name:?}: expected one of {}",
                DISTRIBUTIONS.join(", ")
            ),
        )
        .with_label("unknown distribution");
        if let Some(close) = did_you_mean(&name.to_lowercase(), DISTRIBUTIONS) {
            err = err.with_help(format!("did you mean {close:?}?"));
        }
        return Err(err);
    }
    let given = [
        ("mean", raw.mean.is_some()),
        ("cv", raw.cv.is_some()),
        ("file", raw.file.is_some()),
    ];
    for (param, present) in given {
        if present && !applies(param, name) {
            return Err(ScenarioError::at_key(
                ErrorKind::Conflict,
                key(param),
                format!(
                    "`{param}` applies only to {}, not to {name}",
                    applies_to(param)
                ),
            )
            .with_label(format!("not a parameter of {name}"))
            .with_help(format!(
                "remove `{param}` from `[{table}]`, or change `distribution`"
            )));
        }
        if !present && applies(param, name) {
            return Err(ScenarioError::at_key(
                ErrorKind::MissingKey,
                key(param),
                format!(
                    "missing required key `{}` for the {name} distribution",
                    key(param)
                ),
            )
            .with_label(format!("{name} needs `{param}`"))
            .with_help(example(table, param)));
        }
    }
    if name == "empirical" {
        let file = raw.file.as_deref().unwrap_or_default();
        return Ok(DistributionSpec::Empirical {
            samples: read_samples(base_dir, file, &key("file"))?,
        });
    }
    let mean = raw.mean.map_or(0.0, |m| m.0);
    let zero_allowed = zero_ok && name == "constant";
    if mean <= 0.0 && !zero_allowed {
        return Err(ScenarioError::at_key(
            ErrorKind::InvalidValue,
            key("mean"),
            format!(
                "`{}` is {}: expected a duration greater than 0",
                key("mean"),
                format_duration(mean)
            ),
        )
        .with_label("must be > 0"));
    }
    let cv = raw.cv.unwrap_or(1.0);
    if !(cv.is_finite() && (MIN_CV..=MAX_CV).contains(&cv)) {
        return Err(ScenarioError::at_key(
            ErrorKind::InvalidValue,
            key("cv"),
            format!("invalid coefficient of variation {} for `{}`: expected a number from {MIN_CV} to {MAX_CV}", format_number(cv), key("cv")),
        )
        .with_label(format!("must be in {MIN_CV}..={MAX_CV}"))
        .with_help("cv = standard deviation / mean; 1.0 is as variable as an exponential, 0.5 is typical for handle times"));
    }
    Ok(match name {
        "exponential" => DistributionSpec::Exponential { mean },
        "lognormal" => DistributionSpec::LogNormal { mean, cv },
        "gamma" => DistributionSpec::Gamma { mean, cv },
        _ => DistributionSpec::Constant { value: mean },
    })
}

fn example(table: &str, param: &str) -> String {
    let line = match param {
        "mean" => r#"mean = "300s""#,
        "cv" => "cv = 0.6",
        _ => r#"file = "samples.csv" (a CSV with a `seconds` column)"#,
    };
    format!("add e.g. `{line}` to `[{table}]`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(name: &str, mean: Option<f64>, cv: Option<f64>) -> RawDistribution {
        RawDistribution {
            distribution: Some(name.into()),
            mean: mean.map(Seconds),
            cv,
            file: None,
        }
    }

    fn check(r: &RawDistribution, zero_ok: bool) -> Result<DistributionSpec, ScenarioError> {
        validate_distribution("handle_time", r, zero_ok, Path::new(""))
    }

    #[test]
    fn builds_every_parametric_distribution() {
        assert_eq!(
            check(&raw("exponential", Some(300.0), None), false),
            Ok(DistributionSpec::Exponential { mean: 300.0 })
        );
        assert_eq!(
            check(&raw("gamma", Some(60.0), Some(0.5)), false),
            Ok(DistributionSpec::Gamma {
                mean: 60.0,
                cv: 0.5
            })
        );
        assert_eq!(
            check(&raw("constant", Some(0.0), None), true),
            Ok(DistributionSpec::Constant { value: 0.0 })
        );
    }

    #[test]
    fn rejects_misplaced_missing_and_impossible_parameters() {
        let err = check(&raw("exponential", Some(300.0), Some(0.5)), false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(
            err.message()
                .contains("`cv` applies only to lognormal and gamma"),
            "{err}"
        );
        let err = check(&raw("lognormal", Some(300.0), None), false).unwrap_err();
        assert!(
            err.message()
                .contains("missing required key `handle_time.cv`"),
            "{err}"
        );
        let err = check(&raw("lognormal", Some(300.0), Some(0.0)), false).unwrap_err();
        assert!(
            err.message()
                .contains("expected a number from 0.001 to 100"),
            "{err}"
        );
        let err = check(&raw("constant", Some(0.0), None), false).unwrap_err();
        assert!(err.message().contains("greater than 0"), "{err}");
        let err = check(&raw("Lognormall", Some(1.0), None), false).unwrap_err();
        assert!(
            err.message()
                .contains("expected one of exponential, lognormal"),
            "{err}"
        );
        assert_eq!(err.help(), ["did you mean \"lognormal\"?"]);
        let mut empirical = raw("empirical", Some(1.0), None);
        empirical.file = Some("x.csv".into());
        assert!(
            check(&empirical, false)
                .unwrap_err()
                .message()
                .contains("`mean` applies only to")
        );
    }
}
