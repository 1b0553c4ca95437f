//! Raw file → validated `Scenario`: defaults filled, units resolved, every
//! impossible value rejected.
//!
//! Errors carry the key path (`arrivals.profile[3]`), not a position: the
//! loader resolves it to `file:line:col` or to the `--set` flag that wrote
//! the value, so this code stays free of spans.

use std::path::Path;

use super::costs::validate_costs;
use super::desk_validate::{missing_agents, validate_desk};
use super::distribution::validate_distribution;
use super::duration::{format_clock, format_duration, format_number};
use super::error::{ErrorKind, ScenarioError, invalid};
use super::forecast::{Forecast, describe_start, read_forecast, time_conflict};
use super::profile::read_profile;
use super::schema::{ARRIVAL_SOURCES, Clock, RawArrivals, RawCount, RawScenario, RawTime, Seconds};
use super::staff_validate::{tier_totals, validate_workforce};
use super::types::{Arrivals, DistributionSpec, ForecastInfo, Scenario, Sla, TimeSpec};
use super::workforce::Workforce;

use super::limits::{MAX_AGENTS, MAX_EXPECTED_CALLS, MAX_INTERVALS, MAX_LINES, MAX_RATE_PER_HOUR};
const DEFAULT_SEED: u64 = 1;
const DEFAULT_INTERVAL: f64 = 1800.0;
const DEFAULT_SLA_THRESHOLD: f64 = 20.0;
const DEFAULT_SLA_TARGET: f64 = 0.8;

/// Checks everything and builds the scenario; CSV paths resolve against `base_dir`.
pub(crate) fn validate(raw: &RawScenario, base_dir: &Path) -> Result<Scenario, ScenarioError> {
    let name = validate_name(raw.name.as_deref())?;
    let seed = match raw.seed {
        None => DEFAULT_SEED,
        Some(seed) => u64::try_from(seed).map_err(|_| {
            invalid(
                "seed",
                format!("invalid seed {seed}: expected a whole number >= 0"),
            )
            .with_label("must be >= 0")
        })?,
    };
    let wrap_up = raw
        .wrap_up
        .as_ref()
        .map(|d| validate_distribution("wrap_up", d, true, base_dir))
        .transpose()?;
    let forecast = match raw.arrivals.as_ref().and_then(|a| a.forecast.as_ref()) {
        Some(f) => Some(read_forecast(
            f,
            raw.time.as_ref().and_then(|t| t.interval).map(|i| i.0),
            wrap_up.as_ref().map(DistributionSpec::mean),
            base_dir,
        )?),
        None => None,
    };
    let time = match &forecast {
        Some(f) => validate_time(&time_from_forecast(raw.time.as_ref(), f)?)?,
        None => validate_time(required(raw.time.as_ref(), "time", r#"`duration = "8h"`"#)?)?,
    };
    let mut arrivals = validate_arrivals(
        required(raw.arrivals.as_ref(), "arrivals", "`rate_per_hour = 100`")?,
        &time,
        base_dir,
        forecast.as_ref(),
    )?;
    let handle_time = match (&raw.handle_time, &forecast) {
        // The forecast gives the means; exponential is the staffing
        // models' assumption, so the run compares with Erlang C and A.
        (None, Some(f)) => DistributionSpec::Exponential {
            mean: f.weighted_mean(&f.talk).unwrap_or(1.0),
        },
        (raw_handle, _) => validate_distribution(
            "handle_time",
            required(
                raw_handle.as_ref(),
                "handle_time",
                r#"`distribution = "exponential"` and `mean = "300s"`"#,
            )?,
            false,
            base_dir,
        )?,
    };
    let patience = raw
        .patience
        .as_ref()
        .map(|d| validate_distribution("patience", d, true, base_dir))
        .transpose()?;
    let wrap_up = match &forecast {
        Some(f) => forecast_handling(f, &time, &mut arrivals, &handle_time, wrap_up)?,
        None => wrap_up,
    };
    let lines = raw
        .lines
        .as_ref()
        .map(|l| validate_count("lines", l))
        .transpose()?;
    let sla = raw.sla.clone().unwrap_or_default();
    let target = sla.target.unwrap_or(DEFAULT_SLA_TARGET);
    if !(0.0..=1.0).contains(&target) {
        return Err(invalid(
            "sla.target",
            format!(
                "invalid `sla.target` {}: expected a share between 0 and 1",
                format_number(target)
            ),
        )
        .with_label("must be in 0..=1")
        .with_help("write 80% as 0.8"));
    }
    let threshold = sla.threshold.map_or(DEFAULT_SLA_THRESHOLD, |t| t.0);
    let sla = Sla { threshold, target };
    let pool = raw
        .agents
        .as_ref()
        .map(|a| validate_count("agents", a))
        .transpose()?;
    if raw.agents.is_some() && raw.tiers.is_some() {
        return Err(ScenarioError::at_key(
            ErrorKind::Conflict,
            "tiers",
            "`[agents]` and `[[tiers]]` cannot be used together: expected one or the other",
        )
        .with_label("the tiers already give the agents")
        .with_help("remove `[agents]`: with tiers, each tier has its own `agents`"));
    }
    let tier_count = raw.tiers.as_ref().map_or(1, |t| t.len().max(1));
    let workforce = validate_workforce(raw, &time, tier_count, base_dir)?;
    let staffed = match &workforce {
        Some(_) if raw.agents.is_some() => {
            return Err(ScenarioError::at_key(
                ErrorKind::Conflict,
                "agents",
                "`[agents]` and `[[shifts]]` cannot be used together: with shifts, the shifts give the agents",
            )
            .with_help("remove `[agents]`; each shift has its own `agents`"));
        }
        Some((w, _)) => Some(staffed_counts(w, tier_count)?),
        None => None,
    };
    let workforce = workforce.and_then(|(w, trivial)| (!trivial).then_some(w));
    let pool = pool.or(staffed
        .as_ref()
        .map(|s| s[0])
        .filter(|_| raw.tiers.is_none()));
    let (helpdesk, agents) =
        match validate_desk(raw, pool, sla, base_dir, staffed.as_deref(), &time)? {
            Some((desk, total)) => (desk, total),
            None => (None, pool.ok_or_else(missing_agents)?),
        };
    let costs = raw
        .costs
        .as_ref()
        .map(|c| {
            let (tiers, classes): (usize, Vec<&str>) = match &helpdesk {
                Some(d) => (
                    d.tiers.len(),
                    d.classes.iter().map(|c| c.name.as_str()).collect(),
                ),
                None => (raw.tiers.as_ref().map_or(1, Vec::len), vec!["standard"]),
            };
            validate_costs(c, tiers, &classes)
        })
        .transpose()?;
    Ok(Scenario {
        name,
        seed,
        time,
        arrivals,
        handle_time,
        patience,
        wrap_up,
        agents,
        lines,
        sla,
        helpdesk,
        workforce,
        costs,
    })
}

/// Agents per tier from the shifts; every tier needs some.
fn staffed_counts(w: &Workforce, tiers: usize) -> Result<Vec<u32>, ScenarioError> {
    let totals = tier_totals(w, tiers);
    if let Some(j) = totals.iter().position(|&t| t == 0) {
        return Err(ScenarioError::at_key(
            ErrorKind::InvalidValue,
            "shifts",
            format!(
                "tier {} has no agent in any shift: expected at least one",
                j + 1
            ),
        )
        .with_help("give the tier agents in `agents = [...]` of some shift"));
    }
    Ok(totals)
}

fn required<'a, T>(
    value: Option<&'a T>,
    table: &str,
    example: &str,
) -> Result<&'a T, ScenarioError> {
    value.ok_or_else(|| {
        ScenarioError::at_key(
            ErrorKind::MissingKey,
            table,
            format!("missing required table `[{table}]`"),
        )
        .with_help(format!("add the `[{table}]` table with e.g. {example}"))
    })
}

fn validate_name(name: Option<&str>) -> Result<String, ScenarioError> {
    let Some(name) = name else {
        return Err(ScenarioError::at_key(
            ErrorKind::MissingKey,
            "name",
            "missing required key `name`",
        )
        .with_help(
            r#"add e.g. `name = "helpdesk"` at the top of the file; it names the output folder"#,
        ));
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    let problem = if name.is_empty() {
        Some("the scenario name is empty".to_owned())
    } else if !name.chars().all(allowed) || name == "." || name == ".." {
        Some(format!("invalid scenario name {name:?}"))
    } else {
        None
    };
    match problem {
        None => Ok(name.to_owned()),
        Some(what) => Err(invalid(
            "name",
            format!(
                "{what}: expected letters, digits, '-', '_' and '.' only, e.g. \"helpdesk-basic\""
            ),
        )
        .with_label("used as a folder name")
        .with_help("the name becomes the output folder `output/<name>/`")),
    }
}

fn validate_time(raw: &RawTime) -> Result<TimeSpec, ScenarioError> {
    let Some(duration) = raw.duration.map(|d| d.0) else {
        return Err(ScenarioError::at_key(
            ErrorKind::MissingKey,
            "time.duration",
            "missing required key `time.duration`",
        )
        .with_help(r#"add e.g. `duration = "8h"` to `[time]`: arrivals stop after this long"#));
    };
    if duration <= 0.0 {
        return Err(invalid(
            "time.duration",
            "`time.duration` is 0s: expected a duration greater than 0".into(),
        )
        .with_label("must be > 0"));
    }
    let interval = raw.interval.map_or(DEFAULT_INTERVAL.min(duration), |i| i.0);
    if interval <= 0.0 {
        return Err(invalid(
            "time.interval",
            "`time.interval` is 0s: expected a duration greater than 0".into(),
        )
        .with_label("must be > 0")
        .with_help(r#"reports are per interval; "30m" or "15m" are usual"#));
    }
    if interval > duration {
        return Err(invalid(
            "time.interval",
            format!(
                "`time.interval` ({}) is longer than `time.duration` ({}): expected an interval <= the duration",
                format_duration(interval),
                format_duration(duration)
            ),
        )
        .with_label("longer than the day"));
    }
    if (duration / interval).ceil() > MAX_INTERVALS {
        return Err(invalid(
            "time.interval",
            format!(
                "`time.interval` {} over {} gives {} reporting intervals: expected at most {MAX_INTERVALS}",
                format_duration(interval),
                format_duration(duration),
                (duration / interval).ceil()
            ),
        )
        .with_label("too short"));
    }
    let warmup = raw.warmup.map_or(0.0, |w| w.0);
    if warmup >= duration {
        return Err(invalid(
            "time.warmup",
            format!(
                "`time.warmup` ({}) is not shorter than `time.duration` ({}): expected a warm-up < the duration",
                format_duration(warmup),
                format_duration(duration)
            ),
        )
        .with_label("must end before the close")
        .with_help("calls arriving during the warm-up are not counted, so nothing would be reported"));
    }
    let start_clock = raw.start.map_or(0.0, |s| s.0);
    Ok(TimeSpec {
        duration,
        interval,
        warmup,
        start_clock,
    })
}

fn validate_arrivals(
    raw: &RawArrivals,
    time: &TimeSpec,
    base_dir: &Path,
    forecast: Option<&Forecast>,
) -> Result<Arrivals, ScenarioError> {
    let given = [
        raw.rate_per_hour.is_some(),
        raw.profile.is_some(),
        raw.profile_file.is_some(),
        raw.forecast.is_some(),
    ];
    let keys: Vec<&str> = ARRIVAL_SOURCES
        .iter()
        .zip(given)
        .filter(|(_, g)| *g)
        .map(|(k, _)| *k)
        .collect();
    let one_of = "one of `rate_per_hour` (constant), `profile` (a list per interval), `profile_file` (a CSV) or `[arrivals.forecast]` (a WFM forecast CSV)";
    match keys.as_slice() {
        [] => {
            return Err(ScenarioError::at_key(
                ErrorKind::MissingKey,
                "arrivals",
                format!("`[arrivals]` has no arrival rate: expected {one_of}"),
            )
            .with_label("no arrival rate")
            .with_help("add e.g. `rate_per_hour = 100`"));
        }
        [_] => {}
        [first, second, ..] => {
            return Err(ScenarioError::at_key(
                ErrorKind::Conflict,
                format!("arrivals.{second}"),
                format!("`arrivals.{first}` and `arrivals.{second}` cannot be used together: expected exactly {one_of}"),
            )
            .with_label("second arrival source")
            .with_help("keep one and remove the others"));
        }
    }
    let count = time.interval_count();
    let rates_per_hour = if let Some(rate) = raw.rate_per_hour {
        check_rate(rate, "arrivals.rate_per_hour")?;
        vec![rate; count]
    } else if let Some(profile) = &raw.profile {
        for (i, rate) in profile.iter().enumerate() {
            check_rate(*rate, &format!("arrivals.profile[{i}]"))?;
        }
        if profile.len() != count {
            return Err(invalid(
                "arrivals.profile",
                format!(
                    "`arrivals.profile` has {} entries, expected {count}: one per {} interval over {}",
                    profile.len(),
                    format_duration(time.interval),
                    format_duration(time.duration)
                ),
            )
            .with_label(format!("expected {count} entries"))
            .with_help("add or remove entries, or change `time.duration` or `time.interval`"));
        }
        profile.clone()
    } else if let Some(f) = forecast {
        f.volumes[..count]
            .iter()
            .map(|v| v * 3600.0 / time.interval)
            .collect()
    } else {
        read_profile(
            base_dir,
            raw.profile_file.as_deref().unwrap_or_default(),
            time,
        )?
    };
    let scale = raw.scale.unwrap_or(1.0);
    if !(scale.is_finite() && scale >= 0.0) {
        return Err(invalid(
            "arrivals.scale",
            format!(
                "invalid `arrivals.scale` {}: expected a number >= 0 (1 keeps the rates)",
                format_number(scale)
            ),
        )
        .with_label("must be >= 0"));
    }
    let rates_per_hour = if scale == 1.0 {
        rates_per_hour
    } else {
        let scaled: Vec<f64> = rates_per_hour.iter().map(|r| r * scale).collect();
        if let Some(k) = scaled.iter().position(|r| *r > MAX_RATE_PER_HOUR) {
            return Err(invalid(
                "arrivals.scale",
                format!(
                    "`arrivals.scale` {} makes interval {k} {} calls per hour: expected at most {MAX_RATE_PER_HOUR:e}",
                    format_number(scale),
                    format_number(scaled[k])
                ),
            ));
        }
        scaled
    };
    let expected: f64 = rates_per_hour
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let start = k as f64 * time.interval;
            r / 3600.0 * (time.duration.min(start + time.interval) - start)
        })
        .sum();
    if expected > MAX_EXPECTED_CALLS {
        let key = match keys.as_slice() {
            [only] if *only != "forecast" => format!("arrivals.{only}"),
            _ => "arrivals".to_owned(),
        };
        return Err(invalid(
            &key,
            format!(
                "the arrival rates over {} make {expected:.3e} calls: expected at most {MAX_EXPECTED_CALLS:e} in one run",
                format_duration(time.duration)
            ),
        )
        .with_label("too many calls for one run")
        .with_help("lower the rate or shorten `time.duration` (see the README's \"Limits\")"));
    }
    Ok(Arrivals::from_rates(rates_per_hour))
}

/// `[time]` with what it leaves out taken from the forecast: its first
/// row's clock time, its interval and its span. What it gives must agree.
fn time_from_forecast(raw: Option<&RawTime>, f: &Forecast) -> Result<RawTime, ScenarioError> {
    let mut time = raw.cloned().unwrap_or_default();
    if let Some(start) = time.start {
        let gap = (start.0 - f.start_clock).rem_euclid(86_400.0);
        if gap.min(86_400.0 - gap) >= 0.5 {
            return Err(time_conflict(
                "time.start",
                format!(
                    "`time.start` is {} but the forecast starts at {}: expected them to agree",
                    format_clock(start.0),
                    describe_start(f)
                ),
            ));
        }
    }
    if let Some(duration) = time.duration
        && duration.0 > f.span() + 0.5
    {
        return Err(time_conflict(
            "time.duration",
            format!(
                "`time.duration` is {} but the forecast covers only {} from {}: expected at most that",
                format_duration(duration.0),
                format_duration(f.span()),
                describe_start(f)
            ),
        ));
    }
    time.start = Some(Clock(f.start_clock));
    time.interval = Some(Seconds(f.interval));
    time.duration = Some(time.duration.unwrap_or(Seconds(f.span())));
    Ok(time)
}

/// Sets the per-interval handle-time factors from the forecast's AHT and
/// ACW, and returns the after-call work distribution to use.
fn forecast_handling(
    f: &Forecast,
    time: &TimeSpec,
    arrivals: &mut Arrivals,
    handle_time: &DistributionSpec,
    wrap_up: Option<DistributionSpec>,
) -> Result<Option<DistributionSpec>, ScenarioError> {
    let count = time.interval_count();
    let talk_mean = handle_time.mean();
    if talk_mean <= 0.0 {
        return Err(invalid(
            "handle_time",
            "`handle_time` has mean 0, so the forecast's AHT cannot scale it: expected a mean > 0"
                .into(),
        ));
    }
    arrivals.talk_factors = f.talk[..count]
        .iter()
        .map(|t| t.map_or(1.0, |t| t / talk_mean))
        .collect();
    let wrap_up = match &f.acw {
        None => wrap_up,
        Some(acw) => {
            let mean_acw = f.weighted_mean(&acw[..count]).unwrap_or(0.0);
            let spec = match wrap_up {
                Some(spec) => Some(spec),
                None if mean_acw > 0.0 => Some(DistributionSpec::Constant { value: mean_acw }),
                None => None,
            };
            if let Some(spec) = &spec {
                let base = spec.mean();
                if base <= 0.0 && mean_acw > 0.0 {
                    return Err(invalid(
                        "wrap_up",
                        "`wrap_up` has mean 0, so the forecast's ACW cannot scale it: expected a mean > 0 or no `[wrap_up]`".into(),
                    ));
                }
                if base > 0.0 {
                    arrivals.wrap_factors = acw[..count]
                        .iter()
                        .map(|a| a.map_or(1.0, |a| a / base))
                        .collect();
                }
            }
            spec
        }
    };
    let wrap_base = wrap_up.as_ref().map_or(0.0, DistributionSpec::mean);
    let aht: Vec<Option<f64>> = (0..count)
        .map(|k| {
            f.talk[k].map(|_| arrivals.talk_mean(k, talk_mean) + arrivals.wrap_mean(k, wrap_base))
        })
        .collect();
    arrivals.forecast = Some(ForecastInfo {
        file: f.file.clone(),
        rows: f.rows,
        volume: f.volumes[..count].iter().sum(),
        // `aht` covers the run only, so only the run's volumes weigh.
        aht: f.weighted_mean(&aht),
        has_acw: f.acw.is_some(),
    });
    Ok(wrap_up)
}

fn check_rate(rate: f64, key: &str) -> Result<(), ScenarioError> {
    if rate.is_finite() && (0.0..=MAX_RATE_PER_HOUR).contains(&rate) {
        return Ok(());
    }
    Err(invalid(
        key,
        format!(
            "invalid arrival rate {} in `{key}`: expected a number of calls per hour from 0 to {MAX_RATE_PER_HOUR:e}",
            format_number(rate)
        ),
    )
    .with_label(format!("must be a finite number from 0 to {MAX_RATE_PER_HOUR:e}")))
}

fn validate_count(table: &str, raw: &RawCount) -> Result<u32, ScenarioError> {
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
