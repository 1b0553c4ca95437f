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
//!
//! A tiered help desk is planned tier by tier: each tier starts from its own
//! Erlang answer (the cases expected to reach it and their handle time) and
//! is searched with the others held, tier 1 against the headline targets and
//! every other tier against the same targets on its own queue; a second pass
//! settles what the tiers do to each other (escalations feed the upper
//! tiers, warm transfers hold the lower ones).
//!
//! With shifts, the simulated agents are agents on the phones. The breaks,
//! lunches, meetings, leave and preparation that the scenario's own rules
//! put in each interval (measured by running the scenario as written) are
//! added on top to give the headcount to schedule, together with the
//! `shrinkage` for what the scenario does not model.

use rayon::prelude::*;
use serde::Serialize;

use crate::erlang::min_agents;
use crate::experiment::metrics::{LEVEL_95, estimate};
use crate::model::{BuildError, expected_tier_flow_at, simulate};
use crate::scenario::{BreakRules, DeferralAction, Scenario, Shift, Workforce};
use crate::stats::intervals::interval_label;
use crate::stats::{DeskRecorder, IntervalRow, Recorder, StaffRecorder, TierIntervalRow};

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

/// A staffing plan: one row per interval, and for a tiered desk one row per
/// tier and interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub rows: Vec<PlanRow>,
    /// Empty for a single pool.
    pub tiers: Vec<TierPlanRow>,
}

/// One interval of the plan (`staffing.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    pub interval: usize,
    pub interval_start: String,
    pub calls_forecast: f64,
    pub aht_seconds: f64,
    /// For a tiered desk, the sum of each tier's Erlang answer.
    pub erlang_c_agents: Option<u32>,
    pub erlang_a_agents: Option<u32>,
    /// Agents on the phones (all tiers).
    pub agents: u32,
    pub service_level: Option<f64>,
    pub service_level_ci: Option<f64>,
    pub asa_seconds: Option<f64>,
    pub asa_ci: Option<f64>,
    pub abandonment_rate: Option<f64>,
    pub abandonment_ci: Option<f64>,
    pub occupancy: Option<f64>,
    /// Scenarios with shifts: the share of scheduled agents away from the
    /// phones in this interval under the scenario's rules (breaks, lunch,
    /// meetings, leave, preparation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_shrinkage: Option<f64>,
    /// Agents to schedule so that `agents` are on the phones after the
    /// rules' shrinkage and `Targets::shrinkage`.
    pub scheduled_headcount: u32,
    /// The headline targets (tier 1's queue on a help desk) are met; they
    /// could not be with up to the search's limit otherwise.
    pub met: bool,
}

/// One tier in one interval (`staffing_tiers.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierPlanRow {
    pub interval: usize,
    pub interval_start: String,
    pub tier: u8,
    /// Cases expected to reach the tier from the interval's calls, on an
    /// uncongested desk.
    pub cases_forecast: f64,
    /// Mean agent time per case at the tier (talk, holds, wrap-up), seconds.
    pub handle_seconds: f64,
    pub erlang_c_agents: Option<u32>,
    pub agents: u32,
    pub service_level: Option<f64>,
    pub service_level_ci: Option<f64>,
    pub asa_seconds: Option<f64>,
    pub abandonment_rate: Option<f64>,
    pub occupancy: Option<f64>,
    pub met: bool,
}

/// The mean of one queue's figures in one interval over the replications.
#[derive(Debug, Clone, Copy)]
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

/// One candidate staffing of an interval, simulated.
#[derive(Debug, Clone)]
struct Evaluation {
    /// The headline queue (the first answer).
    headline: Achieved,
    /// Each tier's own queue; empty for a single pool.
    tiers: Vec<Achieved>,
}

impl Evaluation {
    /// Whether tier `j` meets the targets: tier 1 by the headline figures
    /// (with its own occupancy on a tiered desk), the others by their queues.
    fn meets(&self, j: usize, t: &Targets) -> bool {
        match (j, self.tiers.get(j)) {
            (0, None) => self.headline.meets(t),
            (0, Some(tier)) => Achieved {
                occupancy: tier.occupancy,
                ..self.headline
            }
            .meets(t),
            (_, Some(tier)) => tier.meets(t),
            (_, None) => true,
        }
    }
}

/// The scenario up to the end of interval `k = agents.len() - 1`, with
/// `agents[i][j]` agents of tier j on duty in interval i, and the service
/// level judged at the plan's threshold.
fn staffed(base: &Scenario, agents: &[Vec<u32>], threshold: f64) -> Scenario {
    let k = agents.len();
    let interval = base.time.interval;
    let mut s = base.clone();
    s.time.duration = (k as f64 * interval).min(base.time.duration);
    s.arrivals.rates_per_hour.truncate(k);
    s.sla.threshold = threshold;
    if let Some(desk) = s.helpdesk.as_mut() {
        for class in &mut desk.classes {
            class.threshold = threshold;
        }
        for (j, tier) in desk.tiers.iter_mut().enumerate() {
            tier.agents = agents.iter().map(|a| a[j]).max().unwrap_or(1).max(1);
        }
    }
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
        group_agents: agents.to_vec(),
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
    s.agents = agents
        .iter()
        .map(|a| a.iter().sum::<u32>())
        .sum::<u32>()
        .max(1);
    s
}

fn evaluate(
    base: &Scenario,
    agents: &[Vec<u32>],
    threshold: f64,
    reps: u64,
) -> Result<Evaluation, BuildError> {
    let s = staffed(base, agents, threshold);
    let k = agents.len() - 1;
    let runs: Vec<(Option<IntervalRow>, Vec<TierIntervalRow>)> = (0..reps)
        .into_par_iter()
        .map(|r| {
            let mut recorder = Recorder::new(&s);
            let mut desk = DeskRecorder::new(&s);
            simulate(&s, r, (&mut recorder, desk.as_mut()))?;
            let row = recorder
                .results(&s, r)
                .intervals
                .into_iter()
                .find(|row| row.interval == k);
            let tiers = desk
                .map(|d| {
                    d.results(&s)
                        .tier_intervals
                        .into_iter()
                        .filter(|t| t.interval == k)
                        .collect()
                })
                .unwrap_or_default();
            Ok((row, tiers))
        })
        .collect::<Result<_, BuildError>>()?;
    let mean =
        |values: Vec<Option<f64>>| estimate(values, LEVEL_95).map(|e| (e.mean, e.half_width));
    let of_rows = |f: fn(&IntervalRow) -> Option<f64>| {
        mean(runs.iter().map(|(r, _)| r.as_ref().and_then(f)).collect())
    };
    let headline = Achieved {
        sl: of_rows(|r| r.service_level),
        asa: of_rows(|r| r.asa_seconds),
        abandon: of_rows(|r| r.abandonment_rate),
        occupancy: of_rows(|r| r.occupancy).map(|(m, _)| m),
    };
    let tier_count = base.helpdesk.as_ref().map_or(0, |d| d.tiers.len());
    let tiers = (0..tier_count)
        .map(|j| {
            let of_tier = |f: fn(&TierIntervalRow) -> Option<f64>| {
                mean(
                    runs.iter()
                        .map(|(_, t)| t.iter().find(|t| usize::from(t.tier) == j + 1).and_then(f))
                        .collect(),
                )
            };
            Achieved {
                sl: of_tier(|t| t.service_level),
                asa: of_tier(|t| t.asa_seconds),
                abandon: of_tier(|t| {
                    (t.calls_offered > 0).then(|| t.calls_abandoned as f64 / t.calls_offered as f64)
                }),
                occupancy: of_tier(|t| t.occupancy).map(|(m, _)| m),
            }
        })
        .collect();
    Ok(Evaluation { headline, tiers })
}

/// Plans `base` interval by interval (and tier by tier on a help desk).
pub fn plan(
    base: &Scenario,
    targets: &Targets,
    reps: u64,
    max_agents: u32,
) -> Result<Plan, BuildError> {
    let rule_shrinkage = measured_shrinkage(base, reps)?;
    let mut base = base.clone();
    base.workforce = None;
    let base = &base;
    let desk_tiers = base.helpdesk.as_ref().map(|d| d.tiers.len());
    let tiers = desk_tiers.unwrap_or(1);
    let patience = base.patience.as_ref().map(|p| p.mean());
    let interval = base.time.interval;
    let (sl, threshold) = (targets.service_level, targets.threshold);
    let mut history: Vec<Vec<u32>> = Vec::new();
    let mut plan = Plan {
        rows: Vec::new(),
        tiers: Vec::new(),
    };
    for (k, &rate_h) in base.arrivals.rates_per_hour.iter().enumerate() {
        let rate = rate_h / 3600.0;
        let work = base.interval_aht(k);
        // Each queue's arrival rate and handle time, for the Erlang answers.
        let queues: Vec<(f64, f64)> = match expected_tier_flow_at(base, k) {
            Some((work, visits)) => work
                .iter()
                .zip(&visits)
                .map(|(w, v)| (rate * v, if *v > 0.0 { w / v } else { 0.0 }))
                .collect(),
            None => vec![(rate, work)],
        };
        let erlang = |p: Option<f64>| -> Vec<Option<u32>> {
            queues
                .iter()
                .map(|&(r, aht)| {
                    if aht <= 0.0 {
                        return Some(0); // a tier no case reaches
                    }
                    min_agents(r, aht, p, threshold, sl, max_agents)
                })
                .collect()
        };
        let erlang_c = erlang(None);
        let erlang_a = patience.map(|p| erlang(Some(p)));
        let sum = |v: &[Option<u32>]| v.iter().copied().sum::<Option<u32>>();
        let mut current: Vec<u32> = (0..tiers)
            .map(|j| {
                erlang_a
                    .as_ref()
                    .and_then(|a| a[j])
                    .or(erlang_c[j])
                    .unwrap_or(1)
                    .max(1)
            })
            .collect();
        let start = current.clone();
        let try_agents = |candidate: &[u32], history: &mut Vec<Vec<u32>>| {
            history.push(candidate.to_vec());
            let e = evaluate(base, history, threshold, reps);
            history.pop();
            e
        };
        let passes = if tiers > 1 { 2 } else { 1 };
        for _ in 0..passes {
            let mut changed = false;
            for j in 0..tiers {
                let before = current[j];
                // An upper tier's waits are partly structural (cases wait
                // for skills, transfers, callbacks): past a few times its
                // Erlang answer more agents stop helping, so the search
                // stops there and keeps the Erlang answer, flagged unmet.
                let cap = if tiers > 1 {
                    (3 * erlang_c[j].unwrap_or(1)).max(10).min(max_agents)
                } else {
                    max_agents
                };
                let found = search(&mut current.clone(), j, cap, |c| {
                    try_agents(c, &mut history).map(|e| e.meets(j, targets))
                })?;
                current[j] = if found >= cap && tiers > 1 {
                    start[j]
                } else {
                    found
                };
                changed |= current[j] != before;
            }
            if !changed {
                break;
            }
        }
        let achieved = try_agents(&current, &mut history)?;
        // The interval's verdict is the headline queue's (what the SLA
        // promises callers); each tier's is in its own row.
        let met = achieved.meets(0, targets);
        history.push(current.clone());
        let start = k as f64 * interval;
        let length = (base.time.duration - start).min(interval);
        let label = interval_label(&base.time, start);
        let total: u32 = current.iter().sum();
        let away = rule_shrinkage.as_ref().map(|s| s[k]);
        let available_share = (1.0 - away.unwrap_or(0.0)) * (1.0 - targets.shrinkage);
        let h = achieved.headline;
        plan.rows.push(PlanRow {
            interval: k,
            interval_start: label.clone(),
            calls_forecast: rate * length,
            aht_seconds: work,
            erlang_c_agents: sum(&erlang_c),
            erlang_a_agents: erlang_a.as_deref().and_then(sum),
            agents: total,
            service_level: h.sl.map(|x| x.0),
            service_level_ci: h.sl.and_then(|x| x.1),
            asa_seconds: h.asa.map(|x| x.0),
            asa_ci: h.asa.and_then(|x| x.1),
            abandonment_rate: h.abandon.map(|x| x.0),
            abandonment_ci: h.abandon.and_then(|x| x.1),
            occupancy: h.occupancy,
            rule_shrinkage: away,
            scheduled_headcount: (f64::from(total) / available_share - 1e-9).ceil() as u32,
            met,
        });
        if desk_tiers.is_some() {
            for (j, t) in achieved.tiers.iter().enumerate() {
                plan.tiers.push(TierPlanRow {
                    interval: k,
                    interval_start: label.clone(),
                    tier: j as u8 + 1,
                    cases_forecast: queues[j].0 * length,
                    handle_seconds: queues[j].1,
                    erlang_c_agents: erlang_c[j],
                    agents: current[j],
                    service_level: t.sl.map(|x| x.0),
                    service_level_ci: t.sl.and_then(|x| x.1),
                    asa_seconds: t.asa.map(|x| x.0),
                    abandonment_rate: t.abandon.map(|x| x.0),
                    occupancy: t.occupancy,
                    met: achieved.meets(j, targets),
                });
            }
        }
    }
    Ok(plan)
}

/// The fewest agents of tier `j` (the others as in `current`) for which
/// `meets` holds, searched from `current[j]`: down while the targets hold,
/// else up in doubling steps and then by bisection (more agents never make
/// an interval worse). Returns `max_agents` if even that does not do.
fn search(
    current: &mut [u32],
    j: usize,
    max_agents: u32,
    mut meets: impl FnMut(&[u32]) -> Result<bool, BuildError>,
) -> Result<u32, BuildError> {
    let mut at = |n: u32, current: &mut [u32]| {
        current[j] = n;
        meets(current)
    };
    let mut n = current[j];
    if at(n, current)? {
        while n > 1 && at(n - 1, current)? {
            n -= 1;
        }
        return Ok(n);
    }
    let (mut lo, mut step, mut hi) = (n, 1, n);
    loop {
        if hi >= max_agents {
            return Ok(max_agents);
        }
        hi = lo.saturating_add(step).min(max_agents);
        if at(hi, current)? {
            break;
        }
        lo = hi;
        step = step.saturating_mul(2);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if at(mid, current)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// Per interval, the share of scheduled agents the scenario's own shift
/// rules keep off the phones, averaged over `reps` runs of the scenario as
/// written; `None` without shifts.
fn measured_shrinkage(base: &Scenario, reps: u64) -> Result<Option<Vec<f64>>, BuildError> {
    if base.workforce.is_none() {
        return Ok(None);
    }
    let runs: Vec<Vec<(f64, f64)>> = (0..reps)
        .into_par_iter()
        .map(|r| {
            let mut staff = StaffRecorder::new(base);
            simulate(base, r, staff.as_mut())?;
            Ok(staff
                .map(|s| {
                    s.results(base)
                        .intervals
                        .iter()
                        .map(|[scheduled, available, _]| (*scheduled, *available))
                        .collect()
                })
                .unwrap_or_default())
        })
        .collect::<Result<_, BuildError>>()?;
    let n = base.time.interval_count();
    Ok(Some(
        (0..n)
            .map(|k| {
                let (scheduled, available) = runs
                    .iter()
                    .filter_map(|r| r.get(k))
                    .fold((0.0, 0.0), |(s, a), (x, y)| (s + x, a + y));
                if scheduled > 0.0 {
                    (1.0 - available / scheduled).clamp(0.0, 0.99)
                } else {
                    0.0
                }
            })
            .collect(),
    ))
}
