//! The file as a whole: its top-level keys (`name`, `seed`,
//! `description`), the tables it may hold, and the order in which they are
//! validated into a [`Scenario`] (a forecast before `[time]`, shifts
//! before the help desk, the desk before `[costs]`).
//!
//! Errors carry the key path (`arrivals.profile[3]`), not a position: the
//! loader resolves it to `file:line:col` or to the `--set` flag that wrote
//! the value, so this code stays free of spans.

use std::path::Path;

use serde::Deserialize;

use super::agents::{RawCount, validate_count};
use super::arrivals::{Arrivals, RawArrivals, forecast_handling, validate_arrivals};
use super::costs::{Costs, RawCosts, validate_costs};
use super::desk::{
    Helpdesk, RawCallLimit, RawCalls, RawCustomerEffects, RawCustomers, RawHold, RawPriority,
    RawRouting, RawTickets, RawTier, RawTransfer, RawWalkIns, missing_agents, validate_desk,
};
use super::distribution::{DistributionSpec, RawDistribution, validate_distribution};
use super::error::{ErrorKind, ScenarioError, invalid};
use super::forecast::read_forecast;
use super::quality::{RawCallbacks, RawExperience, RawFollowUps, RawRepeatCalls};
use super::sla::{RawSla, Sla, validate_sla};
use super::time::{RawTime, TimeSpec, time_from_forecast, validate_time};
use super::values::PrepRange;
use super::workforce::{
    RawBreakRules, RawLeave, RawMeeting, RawShift, Workforce, tier_totals, validate_workforce,
};

/// The whole file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawScenario {
    pub name: Option<String>,
    pub seed: Option<i64>,
    /// Free text for humans; accepted and ignored.
    #[allow(dead_code)]
    pub description: Option<String>,
    pub time: Option<RawTime>,
    pub arrivals: Option<RawArrivals>,
    pub handle_time: Option<RawDistribution>,
    pub patience: Option<RawDistribution>,
    pub wrap_up: Option<RawDistribution>,
    pub agents: Option<RawCount>,
    pub lines: Option<RawCount>,
    pub sla: Option<RawSla>,
    /// Help-desk tables (`desk/`); all optional.
    pub tiers: Option<Vec<RawTier>>,
    pub calls: Option<RawCalls>,
    pub customers: Option<RawCustomers>,
    pub customer_effects: Option<RawCustomerEffects>,
    pub priorities: Option<Vec<RawPriority>>,
    pub routing: Option<RawRouting>,
    pub transfer: Option<RawTransfer>,
    pub hold: Option<RawHold>,
    pub call_limit: Option<RawCallLimit>,
    /// Quality tables (`quality/`); all optional.
    pub repeat_calls: Option<RawRepeatCalls>,
    pub followups: Option<RawFollowUps>,
    pub callbacks: Option<RawCallbacks>,
    pub experience: Option<RawExperience>,
    pub costs: Option<RawCosts>,
    pub tickets: Option<RawTickets>,
    pub walk_ins: Option<RawWalkIns>,
    /// Workforce tables (`workforce/`); all optional.
    pub shifts: Option<Vec<RawShift>>,
    pub prep_time: Option<PrepRange>,
    pub breaks: Option<RawBreakRules>,
    pub meetings: Option<Vec<RawMeeting>>,
    pub personal_leave: Option<RawLeave>,
    pub daily_quota: Option<i64>,
}

/// A complete, validated call-center scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// Names the output folder (`output/<name>/`) and appears in every report.
    pub name: String,
    /// Master seed: every random stream is derived from it, the replication
    /// number and the stream's purpose.
    pub seed: u64,
    /// The horizon, the reporting intervals and the warm-up.
    pub time: TimeSpec,
    /// The calls' arrival rates per interval.
    pub arrivals: Arrivals,
    /// Talk time of an answered call.
    pub handle_time: DistributionSpec,
    /// How long a caller is willing to wait in queue; `None`: callers never hang up.
    pub patience: Option<DistributionSpec>,
    /// After-call work done by the agent once the caller has hung up;
    /// `None`: the agent is free at once.
    pub wrap_up: Option<DistributionSpec>,
    /// Agents in the single pool.
    pub agents: u32,
    /// Trunk lines (calls waiting or talking); `None`: unlimited.
    pub lines: Option<u32>,
    /// The service-level threshold and target the headline figures are judged by.
    pub sla: Sla,
    /// Tiers, call mix, customer types, classes and policies; `None`: one
    /// agent pool (the foundation model). When present, `agents` is the sum
    /// of the tiers' agents.
    pub helpdesk: Option<Helpdesk>,
    /// Shifts, breaks, meetings and leave as live rules; `None`: every agent
    /// works the whole run. When present, `agents` (and each tier's agents)
    /// count every agent of every shift.
    pub workforce: Option<Workforce>,
    /// Prices of agent time, SLA breaches, callbacks and follow-ups; `None`:
    /// the run reports no money.
    pub costs: Option<Costs>,
}

impl Scenario {
    /// Judges every call at `threshold` seconds: the `[sla]` and every
    /// priority class, which copy the `[sla]` threshold unless they give
    /// their own. A staffing plan judges one threshold throughout.
    pub fn set_sla_threshold(&mut self, threshold: f64) {
        self.sla.threshold = threshold;
        if let Some(desk) = &mut self.helpdesk {
            for class in &mut desk.classes {
                class.threshold = threshold;
            }
        }
    }

    /// Mean agent time per call (talk plus after-call work) of calls
    /// arriving in interval `k`: the distributions' means, scaled by a
    /// forecast's AHT and ACW for that interval when there is one.
    pub fn interval_aht(&self, k: usize) -> f64 {
        let talk = self.arrivals.talk_mean(k, self.handle_time.mean());
        let wrap = self
            .wrap_up
            .as_ref()
            .map_or(0.0, |w| self.arrivals.wrap_mean(k, w.mean()));
        talk + wrap
    }
}

const DEFAULT_SEED: u64 = 1;

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
    let sla = validate_sla(raw.sla.as_ref())?;
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
