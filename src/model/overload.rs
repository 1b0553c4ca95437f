//! Loads that no queue can carry: an interval whose offered load reaches a
//! pool's (or a tier's) agents while nobody hangs up and no line limit turns
//! callers away. `validate` and `run` name it before the run, so that a typo
//! (9 agents for 90) reads as a warning rather than as a run that stops at
//! the in-system bound.

use super::helpdesk::expected_tier_flow_at;
use crate::scenario::Scenario;
use crate::scenario::limits::max_in_system;

/// The first overloaded interval: see [`overload`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overload {
    /// The interval (0-based).
    pub interval: usize,
    /// The help-desk tier's level (1-5), or `None` for a single pool.
    pub tier: Option<u8>,
    /// Offered load there, in Erlangs (arrival rate × mean agent time per
    /// call, or per case reaching the tier on an uncongested desk).
    pub erlangs: f64,
    /// The pool's or the tier's agents.
    pub agents: u32,
    /// The run's bound on calls in the system (the limits contract).
    pub bound: u64,
}

/// The first interval whose offered load reaches the agents while nothing
/// bounds the queue: no `[patience]` and no `[lines]`. On a help desk each
/// tier's load, from the desk's routing ([`expected_tier_flow_at`]), is
/// compared with that tier's agents; the desk's tickets and walk-ins, which
/// take agent time too, are left out, so a desk flagged here is overloaded
/// at least that much. `None` with shifts: their agents on duty vary within
/// the day (those runs are still bounded by [`max_in_system`]).
pub fn overload(s: &Scenario) -> Option<Overload> {
    if s.patience.is_some() || s.lines.is_some() || s.workforce.is_some() {
        return None;
    }
    let bound = max_in_system(u64::from(s.agents), 0);
    s.arrivals
        .rates_per_hour
        .iter()
        .enumerate()
        .find_map(|(k, &rate_h)| {
            let rate = rate_h / 3600.0;
            let found = |tier, erlangs: f64, agents: u32| {
                (erlangs >= f64::from(agents)).then_some(Overload {
                    interval: k,
                    tier,
                    erlangs,
                    agents,
                    bound,
                })
            };
            match (&s.helpdesk, expected_tier_flow_at(s, k)) {
                (Some(desk), Some((work, _))) => desk
                    .tiers
                    .iter()
                    .zip(&work)
                    .find_map(|(t, w)| found(Some(t.level), rate * w, t.agents)),
                _ => found(None, rate * s.interval_aht(k), s.agents),
            }
        })
}

impl std::fmt::Display for Overload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let whose = match self.tier {
            Some(level) => format!("tier {level}'s load"),
            None => "the load".to_owned(),
        };
        write!(
            f,
            "warning: {whose} in interval {} is {:.1} Erlangs for {} agents, with no `[patience]`: \
             the queue grows without bound, and the run stops once more than {} calls are in \
             the system (add agents, a `[patience]` table or `[lines]`)",
            self.interval + 1,
            self.erlangs,
            self.agents,
            self.bound
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Scenario, load_str};

    fn pool(tables: &str) -> Scenario {
        load_str(
            &format!("{POOL}{tables}"),
            "p.toml",
            std::path::Path::new("."),
            &[],
        )
        .unwrap()
    }

    const POOL: &str = "name = \"p\"\n[time]\nduration = \"2h\"\ninterval = \"1h\"\n\
        [arrivals]\nrate_per_hour = 100\n[handle_time]\ndistribution = \"constant\"\nmean = \"180s\"\n";

    #[test]
    fn a_pool_is_overloaded_when_its_load_reaches_its_agents() {
        let o = overload(&pool("[agents]\ncount = 5\n")).expect("5 Erlangs on 5 agents");
        assert_eq!((o.interval, o.tier, o.agents), (0, None, 5));
        assert!((o.erlangs - 5.0).abs() < 1e-9);
        assert_eq!(overload(&pool("[agents]\ncount = 6\n")), None);
        let patient =
            "[agents]\ncount = 5\n[patience]\ndistribution = \"exponential\"\nmean = \"60s\"\n";
        assert_eq!(
            overload(&pool(patient)),
            None,
            "callers who hang up bound the queue"
        );
    }
}
