//! Money (`[costs]`): labour by tier, SLA penalties by class, callbacks and
//! follow-ups, and the cost per resolved contact, from a run's finished
//! figures. Lets a manager compare two staffing options in one number.

use serde::Serialize;

use super::{Results, ratio};
use crate::scenario::Scenario;

/// The cost section of a run (`summary.json` key `costs`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostFigures {
    /// The scenario's currency label.
    pub currency: String,
    /// Paid agent time × the tier's hourly cost, summed (walk-in agents
    /// included).
    pub labour: f64,
    /// Labour by tier.
    pub tiers: Vec<TierCost>,
    /// The walk-in desk's agents over its opening hours (the horizon
    /// without `open`) × `walk_in_hour`.
    pub walk_in_labour: f64,
    /// SLA breaches × the class's penalty, summed.
    pub penalties: f64,
    /// Penalties by SLA class.
    pub classes: Vec<ClassCost>,
    /// Callbacks owed: those the tiers made, and the virtual-hold callbacks
    /// accepted.
    pub callbacks_made: u64,
    /// Their cost: `callbacks_made` × the price of one.
    pub callbacks: f64,
    /// Follow-up calls made.
    pub followups_made: u64,
    /// Their cost: `followups_made` × the price of one.
    pub followups: f64,
    /// `labour + penalties + callbacks + followups`.
    pub total: f64,
    /// Cases resolved for good (with a quality rule), else calls resolved
    /// (on the line or by the promised callback; answered calls in a
    /// single-pool run).
    pub resolved: u64,
    /// `total / resolved`: what a fixed problem costs.
    pub cost_per_resolved: Option<f64>,
}

/// One tier's labour.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierCost {
    /// The tier's level (1 for the entry tier).
    pub level: u8,
    /// Hours paid: every agent over the horizon, or with shifts the time
    /// logged in (overtime included).
    pub agent_hours: f64,
    /// `agent_hours` × the tier's hourly cost.
    pub cost: f64,
}

/// One class's penalties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassCost {
    /// The class's name.
    pub class: String,
    /// Calls not answered within the class threshold: answered late,
    /// abandoned or blocked.
    pub breaches: u64,
    /// `breaches` × the class's penalty.
    pub cost: f64,
}

/// The costs of a run of `scenario` with `results`, if it has `[costs]`.
pub fn costs(scenario: &Scenario, results: &Results) -> Option<CostFigures> {
    let prices = scenario.costs.as_ref()?;
    let desk = scenario.helpdesk.as_ref();
    let levels: Vec<u8> =
        desk.map_or_else(|| vec![1], |d| d.tiers.iter().map(|t| t.level).collect());
    let agents: Vec<u32> = desk.map_or_else(
        || vec![scenario.agents],
        |d| d.tiers.iter().map(|t| t.agents).collect(),
    );
    let hours: Vec<f64> = match &results.workforce {
        Some(workforce) => {
            let mut seconds = vec![0.0; levels.len()];
            for a in &workforce.agents {
                let paid = a.idle_seconds
                    + a.talk_seconds
                    + a.hold_seconds
                    + a.wrap_up_seconds
                    + a.prep_seconds
                    + a.break_seconds
                    + a.lunch_seconds
                    + a.meeting_seconds
                    + a.leave_seconds;
                if let Some(s) = seconds.get_mut(usize::from(a.tier).saturating_sub(1)) {
                    *s += paid;
                }
            }
            seconds.into_iter().map(|s| s / 3600.0).collect()
        }
        None => agents
            .iter()
            .map(|&n| f64::from(n) * scenario.time.duration / 3600.0)
            .collect(),
    };
    let tiers: Vec<TierCost> = levels
        .iter()
        .zip(&hours)
        .zip(&prices.agent_hour)
        .map(|((&level, &agent_hours), &rate)| TierCost {
            level,
            agent_hours,
            cost: agent_hours * rate,
        })
        .collect();
    let s = &results.summary;
    let breaches: Vec<(String, u64)> = match &results.desk {
        Some(d) => d
            .classes
            .iter()
            .map(|c| {
                let f = &c.figures;
                (
                    c.class.clone(),
                    f.calls_arrived - f.calls_answered_within_threshold,
                )
            })
            .collect(),
        None => vec![(
            "standard".into(),
            s.calls_arrived - s.calls_answered_within_threshold,
        )],
    };
    let classes: Vec<ClassCost> = breaches
        .into_iter()
        .zip(&prices.sla_penalty)
        .map(|((class, breaches), &penalty)| ClassCost {
            class,
            breaches,
            cost: breaches as f64 * penalty,
        })
        .collect();
    // Callbacks the tiers owed (call limit, transfers, reopened cases) and
    // virtual-hold callbacks.
    let callbacks_made: u64 = results
        .desk
        .as_ref()
        .map_or(0, |d| d.tiers.iter().map(|t| t.callbacks_made).sum::<u64>())
        + results
            .quality
            .as_ref()
            .and_then(|q| q.callbacks.as_ref())
            .map_or(0, |c| c.accepted);
    let followups_made = results
        .quality
        .as_ref()
        .and_then(|q| q.followups.as_ref())
        .map_or(0, |f| f.made);
    let resolved = match (&results.quality, &results.desk) {
        (Some(q), _) => q.cases.resolved,
        (None, Some(d)) => d.totals.figures.resolved + d.totals.figures.callbacks_promised,
        (None, None) => s.calls_answered,
    };
    let walk_in_labour = desk.and_then(|d| d.walk_ins.as_ref()).map_or(0.0, |w| {
        f64::from(w.agents) * w.staffed_seconds / 3600.0 * prices.walk_in_hour
    });
    let labour: f64 = tiers.iter().map(|t| t.cost).sum::<f64>() + walk_in_labour;
    let penalties: f64 = classes.iter().map(|c| c.cost).sum();
    let callbacks = callbacks_made as f64 * prices.callback;
    let followups = followups_made as f64 * prices.followup;
    let total = labour + penalties + callbacks + followups;
    Some(CostFigures {
        currency: prices.currency.clone(),
        labour,
        tiers,
        walk_in_labour,
        penalties,
        classes,
        callbacks_made,
        callbacks,
        followups_made,
        followups,
        total,
        resolved,
        cost_per_resolved: ratio(total, resolved as f64),
    })
}
