//! Staffing plans found by simulation: for each reporting interval, the
//! fewest agents that meet the service-level target (and, if asked, an
//! abandonment and an occupancy cap), with the queue carried over from the
//! intervals before.
//!
//! Intervals are planned in order, on R replications of the run that go
//! forward together. At the start of interval k each replication is paused
//! in the state the planned intervals 0..k left it in; a candidate
//! headcount is tried on a copy of each (the same calls: common random
//! numbers) from there until every call that arrived in k has left, and
//! the headcount chosen is then applied to the replications themselves,
//! which run on to the end of k. The planned prefix is never simulated
//! again, so the cost grows linearly with the horizon.
//!
//! The choice takes noise into account (`decision.rs`): a candidate meets
//! the targets when the one-sided 95 % confidence bound of each figure
//! clears it. While a candidate is undecided, replications are added (up to
//! `Options::max_reps`); a candidate still undecided then counts as not
//! meeting them. Each interval reports the confidence that its headcount
//! meets the targets on an average day.
//!
//! The search starts from the Erlang A answer (Erlang C without patience)
//! and moves down while the targets hold and up while they do not. Agents
//! leaving at the end of an interval finish the call in hand, as in a real
//! hand-over; an interval without calls (the desk is closed) gets no
//! agents, and the agents leaving at its start first answer the calls still
//! waiting, as at the close.
//!
//! A tiered help desk is planned tier by tier: each tier starts from its own
//! Erlang answer (the cases expected to reach it and their handle time) and
//! is searched with the others held, tier 1 against the headline targets and
//! every other tier against the same targets on its own queue; more passes
//! settle what the tiers do to each other (escalations feed the upper
//! tiers, warm transfers hold the lower ones), up to four passes until one
//! changes nothing.
//!
//! With shifts, the simulated agents are agents on the phones. The breaks,
//! lunches, meetings, leave and preparation that the scenario's own rules
//! put in each interval (measured by running the scenario as written) are
//! added on top to give the headcount to schedule, together with the
//! `shrinkage` for what the scenario does not model.

mod decision;
mod probe;
mod replications;

use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

use super::erlang::min_agents;
use crate::model::{BuildError, expected_tier_flow_at};
use crate::replication::run_replication;
use crate::scenario::Scenario;
use crate::stats::intervals::interval_label;
use decision::{Estimate, Verdict};
use replications::planning_scenario;
pub use replications::run_plan;
use replications::{Figures, Replications, Sample};
use std::ops::ControlFlow;

/// What a plan must achieve in every interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets {
    /// Share of calls to answer within `threshold` (0..=1).
    pub service_level: f64,
    /// Service-level threshold, seconds.
    pub threshold: f64,
    /// Highest share of offered calls that may hang up; `None`: no cap.
    pub max_abandon: Option<f64>,
    /// Highest occupancy the agents may be worked at; `None`: no cap.
    pub max_occupancy: Option<f64>,
    /// Share of paid time not available for calls, for the headcount.
    pub shrinkage: f64,
}

/// How hard the planner works.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Replications every candidate is first judged on (at least 2).
    pub reps: u64,
    /// Replications a candidate may get while it is undecided. If you are
    /// not sure, use 16 times `reps`.
    pub max_reps: u64,
    /// The search never goes above this many agents in a tier.
    pub max_agents: u32,
}

/// A staffing plan: one row per interval, and for a tiered desk one row per
/// tier and interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// False when `progress` asked the planner to stop: `rows` then hold
    /// the intervals planned before it did.
    pub complete: bool,
    /// One row per interval, in order.
    pub rows: Vec<PlanRow>,
    /// Empty for a single pool.
    pub tiers: Vec<TierPlanRow>,
}

/// One interval of the plan (`staffing.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanRow {
    /// Position of the interval, from 0.
    pub interval: usize,
    /// Clock time the interval starts, `HH:MM`.
    pub interval_start: String,
    /// Calls the scenario expects in the interval.
    pub calls_forecast: f64,
    /// Mean handle time of those calls, seconds.
    pub aht_seconds: f64,
    /// For a tiered desk, the sum of each tier's Erlang answer.
    pub erlang_c_agents: Option<u32>,
    /// Erlang A's answer; `None` when callers never hang up (then
    /// `erlang_c_agents` is the formula's answer).
    pub erlang_a_agents: Option<u32>,
    /// Agents on the phones (all tiers); 0 when the desk is closed.
    pub agents: u32,
    /// Simulated service level with `agents`, over the replications.
    pub service_level: Option<f64>,
    /// Half-width of the 95 % interval of `service_level`.
    pub service_level_ci: Option<f64>,
    /// Simulated mean wait of answered calls, seconds.
    pub asa_seconds: Option<f64>,
    /// Half-width of the 95 % interval of `asa_seconds`.
    pub asa_ci: Option<f64>,
    /// Simulated share of offered calls that hung up.
    pub abandonment_rate: Option<f64>,
    /// Half-width of the 95 % interval of `abandonment_rate`.
    pub abandonment_ci: Option<f64>,
    /// Simulated share of agent time busy with calls.
    pub occupancy: Option<f64>,
    /// The probability, given the replications, that `agents` meet every
    /// target on an average day (the lowest over the targets; Student t).
    pub confidence: Option<f64>,
    /// Replications the figures of this interval come from.
    pub replications: u64,
    /// Scenarios with shifts: the share of scheduled agents away from the
    /// phones in this interval under the scenario's rules (breaks, lunch,
    /// meetings, leave, preparation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_shrinkage: Option<f64>,
    /// Agents to schedule so that `agents` are on the phones after the
    /// rules' shrinkage and `Targets::shrinkage`.
    pub scheduled_headcount: u32,
    /// The headline targets (tier 1's queue on a help desk) are met: each
    /// figure's one-sided 95 % bound clears its target. False when that
    /// could not be shown within the search's limits.
    pub met: bool,
}

/// One tier in one interval (`staffing_tiers.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierPlanRow {
    /// Position of the interval, from 0.
    pub interval: usize,
    /// Clock time the interval starts, `HH:MM`.
    pub interval_start: String,
    /// The tier's level (1 for the entry tier).
    pub tier: u8,
    /// Cases expected to reach the tier from the interval's calls, on an
    /// uncongested desk.
    pub cases_forecast: f64,
    /// Mean agent time per case at the tier (talk, holds, wrap-up), seconds.
    pub handle_seconds: f64,
    /// Erlang C's answer for the tier's own queue.
    pub erlang_c_agents: Option<u32>,
    /// Agents planned at the tier.
    pub agents: u32,
    /// Simulated service level on the tier's queue.
    pub service_level: Option<f64>,
    /// Half-width of the 95 % interval of `service_level`.
    pub service_level_ci: Option<f64>,
    /// Simulated mean wait from reaching the tier to an agent, seconds.
    pub asa_seconds: Option<f64>,
    /// Simulated share of calls that hung up in the tier's queue.
    pub abandonment_rate: Option<f64>,
    /// Simulated share of the tier's agent time busy.
    pub occupancy: Option<f64>,
    /// The probability that `agents` meet the targets on the tier's queue on an average day.
    pub confidence: Option<f64>,
    /// The targets are met on the tier's queue (one-sided 95 % bounds).
    pub met: bool,
}

/// Whether the figures of one queue meet the targets, and how sure that is.
fn judge(figures: &[Figures], t: &Targets) -> (Verdict, Option<f64>) {
    let est = |f: fn(&Figures) -> Option<f64>| Estimate::of(figures.iter().map(f));
    let mut verdict = Verdict::Meets;
    let mut confidence: Option<f64> = None;
    let mut check = |e: Option<Estimate>, target: f64, at_least: bool| {
        if let Some(e) = e {
            verdict = verdict.and(e.verdict(target, at_least));
            let c = e.confidence(target, at_least);
            confidence = Some(confidence.map_or(c, |x| x.min(c)));
        }
    };
    check(est(|f| f.sl), t.service_level, true);
    if let Some(cap) = t.max_abandon {
        check(est(|f| f.abandon), cap, false);
    }
    if let Some(cap) = t.max_occupancy {
        check(est(|f| f.occupancy), cap, false);
    }
    (verdict, confidence)
}

/// The figures tier `j` is judged by: tier 1 by the headline queue (with
/// its own occupancy), the others by their own queues.
fn queue_figures(samples: &[Sample], j: usize) -> Vec<Figures> {
    samples
        .iter()
        .map(|s| match j {
            0 => Figures {
                occupancy: s.tiers[0].occupancy,
                ..s.headline
            },
            _ => s.tiers[j],
        })
        .collect()
}

/// The candidates tried in one interval and what they gave, with more
/// replications added while one is undecided. Each interval starts from
/// `Options::reps` again: a hard interval does not make the easy ones after
/// it dearer.
struct Interval<'p, 's> {
    reps: &'p mut Replications<'s>,
    k: usize,
    targets: &'p Targets,
    /// Replications the candidates of this interval are judged on now.
    active: usize,
    max_reps: usize,
    tried: HashMap<Vec<u32>, Vec<Sample>>,
}

impl Interval<'_, '_> {
    /// The samples of `candidate` on the first `active` replications.
    fn samples(&mut self, candidate: &[u32]) -> Result<Vec<Sample>, BuildError> {
        let have = self.tried.get(candidate).map_or(0, Vec::len);
        let total = self.active;
        if self.reps.len() < total {
            self.reps.grow(total)?;
        }
        if have < total {
            let more = self.reps.sample(self.k, candidate, have..total)?;
            self.tried
                .entry(candidate.to_vec())
                .or_default()
                .extend(more);
        }
        Ok(self.tried[candidate][..total].to_vec())
    }

    /// Whether `candidate` meets the targets of tier `j`'s queue, adding
    /// replications while that is undecided.
    fn meets(&mut self, candidate: &[u32], j: usize) -> Result<bool, BuildError> {
        loop {
            let samples = self.samples(candidate)?;
            let (verdict, _) = judge(&queue_figures(&samples, j), self.targets);
            let n = self.active;
            if verdict != Verdict::Undecided || n >= self.max_reps {
                return Ok(verdict == Verdict::Meets);
            }
            self.active = (2 * n).min(self.max_reps);
        }
    }

    /// The fewest agents of tier `j` (the others as in `current`) that meet
    /// its targets, searched from `current[j]`: down while they hold, else
    /// up in doubling steps and then by bisection (more agents never make
    /// an interval worse). Returns `cap` if even that does not do.
    fn search(&mut self, current: &mut [u32], j: usize, cap: u32) -> Result<u32, BuildError> {
        let at = |n: u32, this: &mut Self, current: &mut [u32]| {
            current[j] = n;
            this.meets(current, j)
        };
        let mut n = current[j].clamp(1, cap);
        if at(n, self, current)? {
            while n > 1 && at(n - 1, self, current)? {
                n -= 1;
            }
            return Ok(n);
        }
        let (mut lo, mut step) = (n, 1u32);
        let mut hi;
        loop {
            if lo >= cap {
                return Ok(cap);
            }
            hi = lo.saturating_add(step).min(cap);
            if at(hi, self, current)? {
                break;
            }
            lo = hi;
            step = step.saturating_mul(2);
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if at(mid, self, current)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(hi)
    }
}

/// Plans `base` interval by interval (and tier by tier on a help desk),
/// calling `progress` after each interval; a `Break` from it stops the
/// planner there (Ctrl-C), with [`Plan::complete`] false.
pub fn plan(
    base: &Scenario,
    targets: &Targets,
    options: &Options,
    progress: &(dyn Fn() -> ControlFlow<()> + Sync),
) -> Result<Plan, BuildError> {
    let reps = options.reps.max(2);
    let rule_shrinkage = measured_shrinkage(base, reps)?;
    let (sl, threshold) = (targets.service_level, targets.threshold);
    let planning = planning_scenario(base, threshold);
    let s = &planning;
    let tiers = s.helpdesk.as_ref().map_or(1, |d| d.tiers.len());
    let tiered = base.helpdesk.is_some();
    let patience = s.patience.as_ref().map(|p| p.mean());
    let interval = s.time.interval;
    let max_agents = options.max_agents.max(1);
    let mut replications = Replications::new(s, reps as usize)?;
    let mut plan = Plan {
        complete: true,
        rows: Vec::new(),
        tiers: Vec::new(),
    };
    for (k, &rate_h) in s.arrivals.rates_per_hour.iter().enumerate() {
        let rate = rate_h / 3600.0;
        let work = s.interval_aht(k);
        // Each queue's arrival rate and handle time, for the Erlang answers.
        let queues: Vec<(f64, f64)> = match expected_tier_flow_at(s, k) {
            Some((work, visits)) => work
                .iter()
                .zip(&visits)
                .map(|(w, v)| (rate * v, if *v > 0.0 { w / v } else { 0.0 }))
                .collect(),
            None => vec![(rate, work)],
        };
        let open: Vec<bool> = queues.iter().map(|&(r, a)| r > 0.0 && a > 0.0).collect();
        let erlang = |p: Option<f64>| -> Vec<Option<u32>> {
            queues
                .iter()
                .zip(&open)
                .map(|(&(r, aht), &open)| {
                    if open {
                        min_agents(r, aht, p, threshold, sl, max_agents)
                    } else {
                        Some(0) // a closed desk, or a tier no case reaches
                    }
                })
                .collect()
        };
        let erlang_c = erlang(None);
        let erlang_a = patience.map(|p| erlang(Some(p)));
        let sum = |v: &[Option<u32>]| v.iter().copied().sum::<Option<u32>>();
        let start = k as f64 * interval;
        let length = (s.time.duration - start).min(interval);
        let label = interval_label(&s.time, start);
        let closed = rate <= 0.0;
        let mut current: Vec<u32> = (0..tiers)
            .map(|j| match open[j] {
                true => erlang_a
                    .as_ref()
                    .and_then(|a| a[j])
                    .or(erlang_c[j])
                    .unwrap_or(1)
                    .max(1),
                false => 0,
            })
            .collect();
        let mut chosen = Vec::new();
        if !closed {
            let mut this = Interval {
                reps: &mut replications,
                k,
                targets,
                active: reps as usize,
                max_reps: options.max_reps.max(reps) as usize,
                tried: HashMap::new(),
            };
            let first = current.clone();
            let mut capped = vec![false; tiers];
            // Until a pass changes nothing: then every tier's figures were
            // judged with the others as finally planned.
            let passes = if tiers > 1 { 4 } else { 1 };
            for _round in 0..3 {
                for _ in 0..passes {
                    let mut changed = false;
                    for j in (0..tiers).filter(|&j| open[j]) {
                        let before = current[j];
                        // An upper tier's waits are partly structural (cases
                        // wait for skills, transfers, callbacks): past a few
                        // times its Erlang answer more agents stop helping,
                        // so the search stops there and keeps the Erlang
                        // answer, flagged unmet.
                        let cap = if tiers > 1 {
                            (3 * erlang_c[j].unwrap_or(1)).max(10).min(max_agents)
                        } else {
                            max_agents
                        };
                        let found = this.search(&mut current.clone(), j, cap)?;
                        capped[j] = found >= cap && tiers > 1;
                        current[j] = if capped[j] { first[j] } else { found };
                        changed |= current[j] != before;
                    }
                    if !changed {
                        break;
                    }
                }
                // A candidate judged on few replications may no longer
                // clear the targets on the more a later candidate needed:
                // search again from it until the verdict holds on all of
                // them.
                let mut settled = true;
                for j in (0..tiers).filter(|&j| open[j] && !capped[j]) {
                    settled &= this.meets(&current, j)?;
                }
                if settled {
                    break;
                }
            }
            chosen = this.samples(&current)?;
        }
        replications.commit(&current, closed);
        let total: u32 = current.iter().sum();
        let away = rule_shrinkage.as_ref().map(|s| s[k]);
        let available_share = (1.0 - away.unwrap_or(0.0)) * (1.0 - targets.shrinkage);
        let head = queue_figures(&chosen, 0);
        let (verdict, confidence) = judge(&head, targets);
        let est = |f: fn(&Figures) -> Option<f64>| Estimate::of(head.iter().map(f));
        let all_occupancy = Estimate::of(chosen.iter().map(|s| s.occupancy));
        let (sl_e, asa_e, ab_e) = (est(|f| f.sl), est(|f| f.asa), est(|f| f.abandon));
        plan.rows.push(PlanRow {
            interval: k,
            interval_start: label.clone(),
            calls_forecast: rate * length,
            aht_seconds: work,
            erlang_c_agents: sum(&erlang_c),
            erlang_a_agents: erlang_a.as_deref().and_then(sum),
            agents: total,
            service_level: sl_e.map(|e| e.mean),
            service_level_ci: sl_e.and_then(|e| e.half_width()),
            asa_seconds: asa_e.map(|e| e.mean),
            asa_ci: asa_e.and_then(|e| e.half_width()),
            abandonment_rate: ab_e.map(|e| e.mean),
            abandonment_ci: ab_e.and_then(|e| e.half_width()),
            occupancy: all_occupancy.map(|e| e.mean),
            confidence,
            replications: chosen.len() as u64,
            rule_shrinkage: away,
            scheduled_headcount: (f64::from(total) / available_share - 1e-9).ceil() as u32,
            met: closed || verdict == Verdict::Meets,
        });
        if tiered {
            for j in 0..tiers {
                let figures = queue_figures(&chosen, j);
                let own: Vec<Figures> = chosen.iter().map(|s| s.tiers[j]).collect();
                let (verdict, confidence) = judge(&figures, targets);
                let est = |f: fn(&Figures) -> Option<f64>| Estimate::of(own.iter().map(f));
                let sl_e = est(|f| f.sl);
                plan.tiers.push(TierPlanRow {
                    interval: k,
                    interval_start: label.clone(),
                    tier: j as u8 + 1,
                    cases_forecast: queues[j].0 * length,
                    handle_seconds: queues[j].1,
                    erlang_c_agents: erlang_c[j],
                    agents: current[j],
                    service_level: sl_e.map(|e| e.mean),
                    service_level_ci: sl_e.and_then(|e| e.half_width()),
                    asa_seconds: est(|f| f.asa).map(|e| e.mean),
                    abandonment_rate: est(|f| f.abandon).map(|e| e.mean),
                    occupancy: est(|f| f.occupancy).map(|e| e.mean),
                    confidence,
                    met: !open[j] || verdict == Verdict::Meets,
                });
            }
        }
        if progress().is_break() {
            plan.complete = false;
            break;
        }
    }
    Ok(plan)
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
            Ok(run_replication(base, r)?
                .workforce
                .map(|s| {
                    s.intervals
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
