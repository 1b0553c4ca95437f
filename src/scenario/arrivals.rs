//! `[arrivals]`: the calls' arrival rate per interval, from a constant
//! rate, a profile, a profile CSV or a forecast (whose handle times then
//! scale the talk and after-call work of the calls in each interval).

use std::path::Path;

use serde::Deserialize;

use super::distribution::DistributionSpec;
use super::duration::{format_duration, format_number};
use super::error::{ErrorKind, ScenarioError, invalid};
use super::forecast::{Forecast, RawForecast};
use super::limits::{MAX_EXPECTED_CALLS, MAX_RATE_PER_HOUR};
use super::profile::read_profile;
use super::time::TimeSpec;

/// `[arrivals]`: exactly one of the three sources.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawArrivals {
    pub rate_per_hour: Option<f64>,
    pub profile: Option<Vec<f64>>,
    pub profile_file: Option<String>,
    /// A WFM forecast CSV: volumes, and handle times per interval.
    pub forecast: Option<RawForecast>,
    /// Multiplies every rate: a sweep's "10 % more calls".
    pub scale: Option<f64>,
}

/// The three mutually exclusive sources of `[arrivals]`.
pub(crate) const ARRIVAL_SOURCES: [&str; 4] =
    ["rate_per_hour", "profile", "profile_file", "forecast"];

/// Arrival process: Poisson with a rate that is constant within each reporting interval.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arrivals {
    /// Calls per hour for each reporting interval; length == `TimeSpec::interval_count()`.
    pub rates_per_hour: Vec<f64>,
    /// From a forecast's AHT: per interval, the factor on the talk-time draw
    /// of calls arriving in it (the distribution keeps its shape, its mean
    /// becomes the interval's). Empty: 1 everywhere.
    pub talk_factors: Vec<f64>,
    /// The same for after-call work, from a forecast's ACW column.
    pub wrap_factors: Vec<f64>,
    /// Where the rates came from, when a forecast file.
    pub forecast: Option<ForecastInfo>,
}

impl Arrivals {
    /// Constant-per-interval rates with no forecast handle times.
    pub fn from_rates(rates_per_hour: Vec<f64>) -> Self {
        Self {
            rates_per_hour,
            ..Self::default()
        }
    }

    /// The factor on talk times of calls arriving at `t`, for runs whose
    /// intervals are `interval` seconds long.
    #[inline]
    pub fn talk_factor(&self, t: f64, interval: f64) -> f64 {
        factor(&self.talk_factors, t, interval)
    }

    /// The factor on after-call work of calls arriving at `t`.
    #[inline]
    pub fn wrap_factor(&self, t: f64, interval: f64) -> f64 {
        factor(&self.wrap_factors, t, interval)
    }

    /// Mean talk time of calls arriving in interval `k`, given the
    /// distribution's mean.
    pub fn talk_mean(&self, k: usize, base: f64) -> f64 {
        base * self.talk_factors.get(k).copied().unwrap_or(1.0)
    }

    /// Mean after-call work of calls arriving in interval `k`.
    pub fn wrap_mean(&self, k: usize, base: f64) -> f64 {
        base * self.wrap_factors.get(k).copied().unwrap_or(1.0)
    }
}

#[inline]
fn factor(factors: &[f64], t: f64, interval: f64) -> f64 {
    if factors.is_empty() {
        return 1.0;
    }
    let k = ((t / interval) as usize).min(factors.len() - 1);
    factors[k]
}

/// A forecast file's contribution to a scenario, for descriptions.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastInfo {
    /// The file as the user named it (resolved against the scenario's folder).
    pub file: String,
    /// Data rows in the file.
    pub rows: usize,
    /// Calls the forecast offers within the run.
    pub volume: f64,
    /// Volume-weighted mean AHT (talk plus after-call work) within the run, seconds.
    pub aht: Option<f64>,
    /// Whether the file had an after-call-work column.
    pub has_acw: bool,
}

pub(crate) fn validate_arrivals(
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

/// Sets the per-interval handle-time factors from the forecast's AHT and
/// ACW, and returns the after-call work distribution to use.
pub(crate) fn forecast_handling(
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
