//! The replications a plan is judged on: runs that go forward together
//! through the planned intervals, and candidates tried on copies of them.

use rayon::prelude::*;
use std::ops::Range;

use super::probe::Probe;
use crate::engine::Time;
use crate::model::{BuildError, Observer, Stepper};
use crate::replication::{Options, run_replication_with};
use crate::scenario::{BreakRules, DeferralAction, Helpdesk, Scenario, Workforce};
use crate::stats::Results;
use crate::stats::desk_counts::TierFlow;
use crate::stats::intervals::IntervalCounts;

/// A candidate's calls are followed at most this long past its interval.
const DAY: f64 = 86_400.0;

/// The scenario as the planner runs it: a help desk (a single pool is a
/// desk with one plain tier) whose agents are put on the phones interval by
/// interval, without the scenario's own shifts, and whose service level is
/// judged at `threshold` in every class.
pub fn planning_scenario(base: &Scenario, threshold: f64) -> Scenario {
    let mut s = base.clone();
    s.set_sla_threshold(threshold);
    let mut desk = s
        .helpdesk
        .take()
        .unwrap_or_else(|| Helpdesk::single_pool(base.agents, s.sla));
    for tier in &mut desk.tiers {
        tier.agents = tier.agents.max(1);
    }
    let n = desk.tiers.len();
    s.helpdesk = Some(desk);
    s.workforce = Some(Workforce {
        shifts: Vec::new(),
        groups: (1..=n).map(|j| format!("tier {j}")).collect(),
        group_agents: vec![vec![0; n]; n],
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
    s
}

/// What one queue achieved in one interval of one replication.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Figures {
    pub sl: Option<f64>,
    pub asa: Option<f64>,
    pub abandon: Option<f64>,
    pub occupancy: Option<f64>,
}

/// One replication of one interval under one candidate.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    /// The calls that arrived in the interval (the first answer).
    pub headline: Figures,
    /// Every tier's agents together.
    pub occupancy: Option<f64>,
    pub tiers: Vec<Figures>,
}

fn ratio(x: f64, n: u64) -> Option<f64> {
    (n > 0).then(|| x / n as f64)
}

impl Sample {
    fn of(probe: &Probe) -> Self {
        let c: &IntervalCounts = &probe.calls;
        let offered = c.offered();
        let tier = |(j, t): (usize, &TierFlow)| Figures {
            sl: ratio(t.answered_within as f64, t.offered),
            asa: ratio(t.wait_answered_sum, t.answered),
            abandon: ratio(t.abandoned as f64, t.offered),
            occupancy: probe.occupancy(Some(j)),
        };
        Self {
            headline: Figures {
                sl: ratio(c.answered_within as f64, offered),
                asa: ratio(c.wait_answered_sum, c.answered),
                abandon: ratio(c.abandoned as f64, offered),
                occupancy: None,
            },
            occupancy: probe.occupancy(None),
            tiers: probe.tiers.iter().enumerate().map(tier).collect(),
        }
    }
}

fn staff<O: Observer>(run: &mut Stepper<'_>, agents: &[u32], drain: bool, obs: &mut O) {
    for (j, &n) in agents.iter().enumerate() {
        run.set_agents(j, n, drain, obs);
    }
}

/// Replications 0..n of the planning scenario, paused at the end of the
/// last planned interval.
pub(crate) struct Replications<'s> {
    scenario: &'s Scenario,
    runs: Vec<Stepper<'s>>,
    /// Each planned interval's agents per tier, and whether it was closed.
    history: Vec<(Vec<u32>, bool)>,
    tiers: usize,
}

impl<'s> Replications<'s> {
    pub fn new(scenario: &'s Scenario, n: usize) -> Result<Self, BuildError> {
        let mut reps = Self {
            scenario,
            runs: Vec::new(),
            history: Vec::new(),
            tiers: scenario.helpdesk.as_ref().map_or(1, |d| d.tiers.len()),
        };
        reps.grow(n)?;
        Ok(reps)
    }

    pub fn len(&self) -> usize {
        self.runs.len()
    }

    fn end_of(&self, k: usize) -> Time {
        ((k + 1) as f64 * self.scenario.time.interval).min(self.scenario.time.duration)
    }

    /// Adds replications up to `n`, brought through the planned intervals.
    pub fn grow(&mut self, n: usize) -> Result<(), BuildError> {
        let this = &*self;
        let new: Vec<Stepper<'s>> = (this.runs.len()..n)
            .into_par_iter()
            .map(|r| {
                let mut run = Stepper::new(this.scenario, r as u64)?;
                for (k, (agents, drain)) in this.history.iter().enumerate() {
                    staff(&mut run, agents, *drain, &mut ());
                    run.advance(this.end_of(k), &mut ());
                }
                Ok(run)
            })
            .collect::<Result<_, BuildError>>()?;
        self.runs.extend(new);
        Ok(())
    }

    /// Plans the next interval with `agents` per tier (`closed`: no calls
    /// arrive in it, and the agents sent home first answer those waiting)
    /// and runs every replication to its end.
    pub fn commit(&mut self, agents: &[u32], closed: bool) {
        let end = self.end_of(self.history.len());
        self.runs.par_iter_mut().for_each(|run| {
            staff(run, agents, closed, &mut ());
            run.advance(end, &mut ());
        });
        self.history.push((agents.to_vec(), closed));
    }

    /// Interval `k` (the next to plan) under `candidate`, on copies of
    /// replications `range`: followed until every call that arrived in it
    /// has left, the candidate staying on meanwhile.
    pub fn sample(
        &self,
        k: usize,
        candidate: &[u32],
        range: Range<usize>,
    ) -> Result<Vec<Sample>, BuildError> {
        debug_assert_eq!(k, self.history.len());
        let interval = self.scenario.time.interval;
        let (from, to) = (k as f64 * interval, self.end_of(k));
        let threshold = self.scenario.sla.threshold;
        Ok(self.runs[range]
            .par_iter()
            .map(|run| {
                let mut run = run.clone();
                let mut probe = Probe::new(&run, self.tiers, from, to, threshold);
                staff(&mut run, candidate, false, &mut probe);
                let mut until = to;
                while run.advance(until, &mut probe) && probe.pending > 0 && until < to + DAY {
                    until += interval;
                }
                probe.close();
                Sample::of(&probe)
            })
            .collect())
    }
}

/// Runs replication `replication` of `base` with the agents `plan` names in
/// each interval (per tier on a help desk), from start to end, as one run:
/// what checks a plan end to end. The results are those of the scenario as
/// the planner runs it: a help desk (a single pool is a desk with one plain
/// tier) without the scenario's own shifts, whose service level is judged
/// at `threshold` in every class.
pub fn run_plan(
    base: &Scenario,
    threshold: f64,
    plan: &super::Plan,
    replication: u64,
) -> Result<Results, BuildError> {
    let mut s = planning_scenario(base, threshold);
    let tiers = s.helpdesk.as_ref().map_or(1, |d| d.tiers.len());
    let agents: Vec<Vec<u32>> = plan
        .rows
        .iter()
        .map(|r| match tiers {
            1 => vec![r.agents],
            _ => (0..tiers)
                .map(|j| {
                    plan.tiers
                        .iter()
                        .find(|t| t.interval == r.interval && usize::from(t.tier) == j + 1)
                        .map_or(0, |t| t.agents)
                })
                .collect(),
        })
        .collect();
    if agents.len() != s.arrivals.rates_per_hour.len() {
        return Err(BuildError::new(format!(
            "the plan has {} intervals, the scenario {}",
            agents.len(),
            s.arrivals.rates_per_hour.len()
        )));
    }
    // Every agent the plan needs exists from the start, so that books
    // keeping one slot per agent see them all.
    if let Some(w) = s.workforce.as_mut() {
        for (j, group) in w.group_agents.iter_mut().enumerate() {
            group[j] = agents.iter().map(|a| a[j]).max().unwrap_or(0);
        }
    }
    let options = Options {
        agents: Some(&agents),
    };
    run_replication_with(&s, replication, &options, &mut ())
}
