//! The experiment file: a base scenario, the parameters to vary (a grid or
//! explicit points), replications and the master seed; validated into one
//! loaded scenario per point.
//!
//! ```toml
//! name = "staffing-sweep"
//! scenario = "../erlang-c-p05.toml"   # relative to this file
//! replications = 20
//! seed = 2026                          # default: the scenario's seed
//! set = { "time.duration" = "8h" }     # applied to every point
//! sla = { threshold = "20s", target = 0.8 }
//!
//! [[parameters]]
//! path = "agents.count"
//! range = { from = 80, to = 100, step = 1 }
//!
//! [[parameters]]
//! path = "arrivals.scale"
//! values = [0.9, 1.0, 1.1]
//! ```

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::scenario::{ErrorKind, Location, Override, Scenario, ScenarioError, load_str};

/// Most units (points × replications) an experiment may have: beyond this a
/// grid is a typo (a step of 0.001 instead of 1).
const MAX_UNITS: u64 = 10_000_000;
const MAX_POINTS: usize = 100_000;

/// A validated experiment.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// Names the output folder and appears in every file a sweep writes.
    pub name: String,
    /// The experiment file, as given: relative paths in it are relative to it.
    pub file: PathBuf,
    /// The base scenario every point varies, resolved against `file`.
    pub scenario_file: PathBuf,
    /// SHA-256 of the base scenario's text.
    pub scenario_sha256: String,
    /// Replications of every point (units = points × replications).
    pub replications: u64,
    /// Master seed of every point, so replication r of every point sees the same calls.
    pub seed: u64,
    /// `--set` overrides applied to every point (`set`, then `sla`).
    pub fixed: Vec<Override>,
    /// The varied parameters' key paths.
    pub parameters: Vec<String>,
    /// Each point's value of each parameter, as `--set` would take it.
    pub points: Vec<Vec<String>>,
    /// The loaded scenario of each point, its seed the experiment's.
    pub scenarios: Vec<Scenario>,
    /// Identity of the experiment (everything that decides its results);
    /// part files and merges check it.
    pub hash: String,
}

impl Experiment {
    /// Units (point × replication) in all.
    pub fn units(&self) -> u64 {
        self.points.len() as u64 * self.replications
    }

    /// The (point, replication) of unit `u`: units run point by point.
    pub fn unit(&self, u: u64) -> (usize, u64) {
        ((u / self.replications) as usize, u % self.replications)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExperiment {
    name: Option<Spanned<String>>,
    scenario: Option<Spanned<String>>,
    replications: Option<Spanned<i64>>,
    seed: Option<Spanned<i64>>,
    set: Option<Spanned<toml::Table>>,
    sla: Option<Spanned<toml::Table>>,
    parameters: Option<Vec<RawParameter>>,
    points: Option<Spanned<Vec<Spanned<toml::Table>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    path: Spanned<String>,
    values: Option<Spanned<Vec<toml::Value>>>,
    range: Option<Spanned<RawRange>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    from: f64,
    to: f64,
    step: f64,
}

/// The experiment file's text and name, to locate errors.
struct Source {
    name: String,
    text: Arc<str>,
}

impl Source {
    fn at(&self, span: Range<usize>) -> Location {
        Location::Span {
            name: self.name.clone(),
            text: self.text.clone(),
            span,
        }
    }

    fn error(
        &self,
        kind: ErrorKind,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> ScenarioError {
        ScenarioError::new(kind, message).located(self.at(span))
    }
}

/// Reads and validates the experiment file at `path`, loading its scenario
/// once per point.
pub fn load_experiment(path: &Path) -> Result<Experiment, ScenarioError> {
    let shown = path.display().to_string();
    let text = crate::scenario::read_text(path, &shown, "experiment file")?;
    let src = Source {
        name: shown,
        text: text.as_str().into(),
    };
    let raw: RawExperiment = toml::from_str(&text).map_err(|e| {
        let err = ScenarioError::from_serde(e.message(), None);
        match e.span() {
            Some(span) => err.located(src.at(span)),
            None => err,
        }
    })?;
    let whole = 0..text.len().min(1);
    let required = |what: &str, example: &str| {
        src.error(
            ErrorKind::MissingKey,
            whole.clone(),
            format!("missing required key `{what}` in the experiment file"),
        )
        .with_help(format!("add e.g. `{example}` at the top"))
    };
    let name = raw
        .name
        .as_ref()
        .ok_or_else(|| required("name", "name = \"staffing-sweep\""))?;
    let ok_name = !name.get_ref().is_empty()
        && name
            .get_ref()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok_name {
        return Err(src.error(
            ErrorKind::InvalidValue,
            name.span(),
            format!(
                "invalid experiment name {:?}: expected letters, digits, '-', '_' and '.' only",
                name.get_ref()
            ),
        ));
    }
    let scenario_rel = raw
        .scenario
        .as_ref()
        .ok_or_else(|| required("scenario", "scenario = \"../helpdesk-basic.toml\""))?;
    let base = path.parent().unwrap_or(Path::new(""));
    let scenario_file = base.join(scenario_rel.get_ref());
    let scenario_shown = scenario_file.display().to_string();
    let scenario_text = crate::scenario::read_text(&scenario_file, &scenario_shown, "scenario")
        .map_err(|e| {
            if e.kind() != ErrorKind::Io {
                return e;
            }
            let message =
                e.message()
                    .replacen("cannot read scenario", "cannot read the scenario", 1);
            src.error(ErrorKind::Io, scenario_rel.span(), message)
                .with_help("the path is relative to the experiment file")
        })?;
    let replications = raw
        .replications
        .as_ref()
        .ok_or_else(|| required("replications", "replications = 20"))?;
    let reps = u64::try_from(*replications.get_ref())
        .ok()
        .filter(|r| *r >= 1)
        .ok_or_else(|| {
            src.error(
                ErrorKind::InvalidValue,
                replications.span(),
                format!(
                    "invalid `replications` {}: expected a whole number >= 1",
                    replications.get_ref()
                ),
            )
            .with_help("a single run proves nothing: 10 to 30 replications are usual")
        })?;
    let (parameters, points, param_spans) = grid(&raw, &src)?;
    if points.len() > MAX_POINTS || points.len() as u64 * reps > MAX_UNITS {
        return Err(src.error(
            ErrorKind::InvalidValue,
            whole,
            format!(
                "{} points x {reps} replications: expected at most {MAX_UNITS} units",
                points.len()
            ),
        ));
    }
    let mut fixed = Vec::new();
    for (key, table) in [("set", &raw.set), ("sla", &raw.sla)] {
        let Some(table) = table else { continue };
        let prefix = if key == "sla" { "sla." } else { "" };
        for (k, v) in table.get_ref() {
            fixed.push((
                Override::new(format!("{prefix}{k}"), value_text(v)),
                table.span(),
            ));
        }
    }
    // Load every point's scenario: a bad value is reported at its place in
    // the experiment file.
    let scenario_name = scenario_file.display().to_string();
    let mut scenarios = Vec::with_capacity(points.len());
    for (p, values) in points.iter().enumerate() {
        let mut overrides: Vec<Override> = fixed.iter().map(|(o, _)| o.clone()).collect();
        overrides.extend(
            parameters
                .iter()
                .zip(values)
                .map(|(path, value)| Override::new(path.clone(), value.clone())),
        );
        let mut s = load_str(
            &scenario_text,
            &scenario_name,
            base_of(&scenario_file),
            &overrides,
        )
        .map_err(|e| relocate(e, &src, &fixed, &parameters, &param_spans, p, values))?;
        if let Some(seed) = &raw.seed {
            s.seed = u64::try_from(*seed.get_ref()).map_err(|_| {
                src.error(
                    ErrorKind::InvalidValue,
                    seed.span(),
                    format!(
                        "invalid `seed` {}: expected a whole number >= 0",
                        seed.get_ref()
                    ),
                )
            })?;
        }
        scenarios.push(s);
    }
    let seed = scenarios.first().map_or(1, |s| s.seed);
    let fixed: Vec<Override> = fixed.into_iter().map(|(o, _)| o).collect();
    let scenario_sha256 = hex(&Sha256::digest(scenario_text.as_bytes()));
    let identity = serde_json::json!({
        "name": name.get_ref(),
        "scenario_sha256": scenario_sha256,
        "replications": reps,
        "seed": seed,
        "fixed": fixed.iter().map(|o| format!("{}={}", o.key(), o.value())).collect::<Vec<_>>(),
        "parameters": parameters,
        "points": points,
    });
    let hash = hex(&Sha256::digest(identity.to_string().as_bytes()));
    Ok(Experiment {
        name: name.get_ref().clone(),
        file: path.to_path_buf(),
        scenario_file,
        scenario_sha256,
        replications: reps,
        seed,
        fixed,
        parameters,
        points,
        scenarios,
        hash,
    })
}

fn base_of(file: &Path) -> &Path {
    file.parent().unwrap_or(Path::new(""))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A TOML value as `--set` takes it.
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Float(f) => format!("{f:?}"),
        other => other.to_string(),
    }
}

/// Parameters (paths), points (values per parameter) and each parameter's
/// span, from `[[parameters]]` (a full grid, first parameter slowest) or
/// `points`.
#[allow(clippy::type_complexity)]
fn grid(
    raw: &RawExperiment,
    src: &Source,
) -> Result<(Vec<String>, Vec<Vec<String>>, Vec<Range<usize>>), ScenarioError> {
    match (&raw.parameters, &raw.points) {
        (Some(_), Some(points)) => Err(src.error(
            ErrorKind::Conflict,
            points.span(),
            "`parameters` and `points` cannot be used together: expected a grid or a list of points",
        )),
        (None, None) => Err(src.error(
            ErrorKind::MissingKey,
            0..src.text.len().min(1),
            "the experiment varies nothing: expected `[[parameters]]` or `points`",
        )
        .with_help("add e.g. `[[parameters]]` with `path = \"agents.count\"` and `values = [20, 22, 24]`")),
        (Some(params), None) => {
            if params.is_empty() {
                return Err(src.error(
                    ErrorKind::InvalidValue,
                    0..src.text.len().min(1),
                    "`parameters` is empty: expected at least one parameter",
                ));
            }
            let mut paths = Vec::new();
            let mut spans = Vec::new();
            let mut axes: Vec<Vec<String>> = Vec::new();
            for p in params {
                if paths.contains(p.path.get_ref()) {
                    return Err(src.error(
                        ErrorKind::Conflict,
                        p.path.span(),
                        format!("parameter `{}` is varied twice", p.path.get_ref()),
                    ));
                }
                let values = match (&p.values, &p.range) {
                    (Some(values), None) => {
                        if values.get_ref().is_empty() {
                            return Err(src.error(
                                ErrorKind::InvalidValue,
                                values.span(),
                                format!("`values` of `{}` is empty: the grid has no point", p.path.get_ref()),
                            ));
                        }
                        values.get_ref().iter().map(value_text).collect()
                    }
                    (None, Some(range)) => range_values(range, src)?,
                    _ => {
                        return Err(src.error(
                            ErrorKind::InvalidValue,
                            p.path.span(),
                            format!(
                                "parameter `{}` needs exactly one of `values = [...]` or `range = {{ from, to, step }}`",
                                p.path.get_ref()
                            ),
                        ));
                    }
                };
                paths.push(p.path.get_ref().clone());
                spans.push(p.path.span());
                axes.push(values);
            }
            let mut points: Vec<Vec<String>> = vec![Vec::new()];
            for axis in &axes {
                points = points
                    .into_iter()
                    .flat_map(|prefix| {
                        axis.iter().map(move |v| {
                            let mut p = prefix.clone();
                            p.push(v.clone());
                            p
                        })
                    })
                    .collect();
                if points.len() > MAX_POINTS {
                    break;
                }
            }
            Ok((paths, points, spans))
        }
        (None, Some(points)) => {
            let list = points.get_ref();
            let Some(first) = list.first() else {
                return Err(src.error(
                    ErrorKind::InvalidValue,
                    points.span(),
                    "`points` is empty: the experiment has no point",
                ));
            };
            let paths: Vec<String> = first.get_ref().keys().cloned().collect();
            let mut out = Vec::with_capacity(list.len());
            for point in list {
                let keys: Vec<&String> = point.get_ref().keys().collect();
                if keys.len() != paths.len() || keys.iter().zip(&paths).any(|(a, b)| *a != b) {
                    return Err(src.error(
                        ErrorKind::InvalidValue,
                        point.span(),
                        format!(
                            "every point must set the same keys as the first: expected {}",
                            paths.join(", ")
                        ),
                    ));
                }
                out.push(point.get_ref().values().map(value_text).collect());
            }
            let spans = vec![first.span(); paths.len()];
            Ok((paths, out, spans))
        }
    }
}

fn range_values(range: &Spanned<RawRange>, src: &Source) -> Result<Vec<String>, ScenarioError> {
    let RawRange { from, to, step } = *range.get_ref();
    let bad = |why: &str| {
        src.error(
            ErrorKind::InvalidValue,
            range.span(),
            format!("invalid range {{ from = {from}, to = {to}, step = {step} }}: {why}"),
        )
    };
    if !(from.is_finite() && to.is_finite() && step.is_finite()) {
        return Err(bad("expected finite numbers"));
    }
    if step <= 0.0 {
        return Err(bad("expected a step > 0"));
    }
    if to < from {
        return Err(bad("expected `to` >= `from`: the grid has no point"));
    }
    let count = ((to - from) / step + 1e-9).floor() + 1.0;
    if count > MAX_POINTS as f64 {
        return Err(bad(&format!(
            "{count} values: expected at most {MAX_POINTS}"
        )));
    }
    let integers = [from, to, step].iter().all(|x| x.fract() == 0.0);
    Ok((0..count as u64)
        .map(|i| {
            let v = from + i as f64 * step;
            if integers {
                format!("{}", v as i64)
            } else {
                // Shortest text of the value, rounded to the step's precision.
                let rounded = (v * 1e9).round() / 1e9;
                format!("{rounded:?}")
            }
        })
        .collect())
}

/// A scenario error caused by an experiment's value, placed at the parameter
/// (or the `set`/`sla` table) that produced it.
fn relocate(
    e: ScenarioError,
    src: &Source,
    fixed: &[(Override, Range<usize>)],
    parameters: &[String],
    spans: &[Range<usize>],
    point: usize,
    values: &[String],
) -> ScenarioError {
    let Some(flag) = e.location() else {
        return e;
    };
    for (o, span) in fixed {
        if flag == o.to_string() {
            return e.located(src.at(span.clone()));
        }
    }
    for (i, path) in parameters.iter().enumerate() {
        if flag == Override::new(path.clone(), values[i].clone()).to_string() {
            let message = format!("point {point} ({path} = {}): {}", values[i], e.message());
            let mut err = ScenarioError::new(e.kind(), message).located(src.at(spans[i].clone()));
            for h in e.help() {
                err = err.with_help(h.clone());
            }
            return err;
        }
    }
    e
}
