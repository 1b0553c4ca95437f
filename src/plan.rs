//! Staffing plans found by simulation: for each reporting interval, the
//! fewest agents that meet the service-level target (and, if asked, an
//! abandonment and an occupancy cap), with the queue carried over from the
//! intervals before.
//!
//! Intervals are planned in order. For interval k the day is simulated up to
//! its end with the agents already planned for 0..k and a candidate count
//! for k, R replications on common random numbers; the search starts from
//! the Erlang A answer (Erlang C without patience) and moves down while the
//! targets hold and up while they do not. Agents of one interval are a shift
//! of their own: those leaving finish their calls, as in a real hand-over.

use rayon::prelude::*;
use serde::Serialize;

use crate::erlang::min_agents;
use crate::experiment::metrics::{LEVEL_95, estimate};
use crate::model::{BuildError, simulate};
use crate::scenario::{BreakRules, DeferralAction, Scenario, Shift, Workforce};
use crate::stats::Recorder;
use crate::stats::intervals::clock_label;

/// What a plan must achieve in every interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    pub service_level: f64,
    pub threshold: f64,
    pub max_abandon: Option<f64>,
    pub max_occupancy: Option<f64>,
    /// Share of paid time not available for calls, for the headcount.
    pub shrinkage: f64,
}

/// One interval of the plan (`staffing.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub interval: usize,
    pub interval_start: String,
    pub calls_forecast: f64,
    pub aht_seconds: f64,
    pub erlang_c_agents: Option<u32>,
    pub erlang_a_agents: Option<u32>,
    pub agents: u32,
    pub service_level: Option<f64>,
    pub service_level_ci: Option<f64>,
    pub asa_seconds: Option<f64>,
    pub asa_ci: Option<f64>,
    pub abandonment_rate: Option<f64>,
    pub abandonment_ci: Option<f64>,
    pub occupancy: Option<f64>,
    /// Agents to schedule so that `agents` are available after shrinkage.
    pub scheduled_headcount: u32,
    /// The targets could not be met with up to the search's limit.
    pub met: bool,
}

/// The mean of one interval's figures over the replications.
struct Achieved {
    sl: Option<(f64, Option<f64>)>,
    asa: Option<(f64, Option<f64>)>,
    abandon: Option<(f64, Option<f64>)>,
    occupancy: Option<f64>,
}

impl Achieved {
    fn meets(&self, t: &Targets) -> bool {
        let sl_ok = self.sl.is_none_or(|(m, _)| m >= t.service_level);
        let ab_ok = t
            .max_abandon
            .is_none_or(|cap| self.abandon.is_none_or(|(m, _)| m <= cap));
        let occ_ok = t
            .max_occupancy
            .is_none_or(|cap| self.occupancy.is_none_or(|m| m <= cap));
        sl_ok && ab_ok && occ_ok
    }
}

/// The scenario up to the end of interval `k`, staffed per interval.
fn staffed(base: &Scenario, agents: &[u32]) -> Scenario {
    let k = agents.len();
    let interval = base.time.interval;
    let mut s = base.clone();
    s.time.duration = (k as f64 * interval).min(base.time.duration);
    s.arrivals.rates_per_hour.truncate(k);
    s.workforce = Some(Workforce {
        shifts: (0..k)
            .map(|i| Shift {
                name: format!("i{i}"),
                group: i,
                start: i as f64 * interval,
                end: ((i + 1) as f64 * interval).min(s.time.duration),
                breaks: Vec::new(),
            })
            .collect(),
        groups: (0..k).map(|i| format!("i{i}")).collect(),
        group_agents: agents.iter().map(|&n| vec![n]).collect(),
        prep: (0.0, 0.0),
        rules: BreakRules {
            no_break_while_waiting: None,
            staggered: None,
            max_deferral: 0.0,
            on_max_deferral: DeferralAction::Take,
            overrun: None,
        },
        meetings: Vec::new(),
        leave: None,
        daily_quota: 0,
    });
    s.agents = agents.iter().sum::<u32>().max(1);
    s
}

fn evaluate(base: &Scenario, agents: &[u32], reps: u64) -> Result<Achieved, BuildError> {
    let s = staffed(base, agents);
    let k = agents.len() - 1;
    let rows: Vec<_> = (0..reps)
        .into_par_iter()
        .map(|r| {
            let mut recorder = Recorder::new(&s);
            simulate(&s, r, &mut recorder)?;
            Ok(recorder
                .results(&s, r)
                .intervals
                .into_iter()
                .find(|row| row.interval == k))
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let pick = |f: fn(&crate::stats::IntervalRow) -> Option<f64>| {
        estimate(rows.iter().map(|r| r.as_ref().and_then(f)), LEVEL_95)
            .map(|e| (e.mean, e.half_width))
    };
    Ok(Achieved {
        sl: pick(|r| r.service_level),
        asa: pick(|r| r.asa_seconds),
        abandon: pick(|r| r.abandonment_rate),
        occupancy: pick(|r| r.occupancy).map(|(m, _)| m),
    })
}

/// Plans `base` (a single pool) interval by interval.
pub fn plan(
    base: &Scenario,
    targets: &Targets,
    reps: u64,
    max_agents: u32,
) -> Result<Vec<PlanRow>, BuildError> {
    if base.helpdesk.is_some() || base.workforce.is_some() {
        return Err(BuildError::new(
            "staff plans single-pool scenarios (no [[tiers]] or [[shifts]]) for now",
        ));
    }
    let patience = base.patience.as_ref().map(|p| p.mean());
    let interval = base.time.interval;
    let mut agents: Vec<u32> = Vec::new();
    let mut rows = Vec::new();
    for (k, &rate_h) in base.arrivals.rates_per_hour.iter().enumerate() {
        let rate = rate_h / 3600.0;
        let work = base.interval_aht(k);
        let (sl, threshold) = (targets.service_level, targets.threshold);
        let erlang_c = min_agents(rate, work, None, threshold, sl, max_agents);
        let erlang_a =
            patience.and_then(|p| min_agents(rate, work, Some(p), threshold, sl, max_agents));
        let mut n = erlang_a.or(erlang_c).unwrap_or(1).max(1);
        let try_n = |n: u32, agents: &mut Vec<u32>| -> Result<Achieved, BuildError> {
            agents.push(n);
            let a = evaluate(base, agents, reps);
            agents.pop();
            a
        };
        let mut achieved = try_n(n, &mut agents)?;
        if achieved.meets(targets) {
            while n > 1 {
                let fewer = try_n(n - 1, &mut agents)?;
                if !fewer.meets(targets) {
                    break;
                }
                n -= 1;
                achieved = fewer;
            }
        } else {
            // Up in doubling steps, then bisect: the targets are met from
            // some count on (more agents never make an interval worse).
            let mut lo = n;
            let mut step = 1;
            let mut hi = n;
            let mut found = None;
            while hi < max_agents {
                hi = lo.saturating_add(step).min(max_agents);
                let a = try_n(hi, &mut agents)?;
                if a.meets(targets) {
                    found = Some(a);
                    break;
                }
                lo = hi;
                step = step.saturating_mul(2);
            }
            match found {
                None => {
                    n = hi;
                    achieved = try_n(n, &mut agents)?;
                }
                Some(mut best) => {
                    while hi - lo > 1 {
                        let mid = lo + (hi - lo) / 2;
                        let a = try_n(mid, &mut agents)?;
                        if a.meets(targets) {
                            hi = mid;
                            best = a;
                        } else {
                            lo = mid;
                        }
                    }
                    n = hi;
                    achieved = best;
                }
            }
        }
        let met = achieved.meets(targets);
        agents.push(n);
        let start = k as f64 * interval;
        let length = (base.time.duration - start).min(interval);
        rows.push(PlanRow {
            interval: k,
            interval_start: clock_label(base.time.start_clock + start),
            calls_forecast: rate * length,
            aht_seconds: work,
            erlang_c_agents: erlang_c,
            erlang_a_agents: erlang_a,
            agents: n,
            service_level: achieved.sl.map(|x| x.0),
            service_level_ci: achieved.sl.and_then(|x| x.1),
            asa_seconds: achieved.asa.map(|x| x.0),
            asa_ci: achieved.asa.and_then(|x| x.1),
            abandonment_rate: achieved.abandon.map(|x| x.0),
            abandonment_ci: achieved.abandon.and_then(|x| x.1),
            occupancy: achieved.occupancy,
            scheduled_headcount: (f64::from(n) / (1.0 - targets.shrinkage)).ceil() as u32,
            met,
        });
    }
    Ok(rows)
}
