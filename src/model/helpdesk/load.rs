//! The offered load each tier should expect, from the desk's description
//! alone: what `callsim validate` reports, and a mean-value check on the
//! engine's routing and escalation.

use super::tiers::TierMap;
use crate::scenario::{Helpdesk, Scenario};

/// Mean agent seconds each tier spends per arriving call (talk, research
/// holds and wrap-up), following every mix of complexity, topic, language
/// and customer type through the tiers as the engine routes it.
///
/// This is the work an uncongested desk sees: it leaves out what depends on
/// queues and patience (abandonment, hang-ups on hold, waiting on hold for a
/// warm transfer, the call-length limit), so on a busy desk the real load
/// differs. At the hold limit it assumes the default, a callback that
/// finishes the same work; the talk of check-ins (`hold.at_limit =
/// "check_in"`) and the earlier moves up (`"escalate"`) are left out. Multiplied by an arrival rate it gives each tier's offered load
/// in Erlangs, to compare with its agents before running anything.
pub fn expected_tier_work(scenario: &Scenario) -> Option<Vec<f64>> {
    let desk = scenario.helpdesk.as_ref()?;
    let talk = scenario.handle_time.mean();
    let wrap = scenario.wrap_up.as_ref().map_or(0.0, |w| w.mean());
    Some(expected_flow(desk, talk, wrap).0)
}

/// The probability that an arriving call reaches each tier, on an
/// uncongested desk (the same flow as [`expected_tier_work`]): multiplied by
/// the arrival rate, the rate of cases into each tier.
pub fn expected_tier_visits(scenario: &Scenario) -> Option<Vec<f64>> {
    let desk = scenario.helpdesk.as_ref()?;
    Some(expected_flow(desk, 0.0, 0.0).1)
}

/// Work and visits per tier of a call arriving in interval `k`, whose
/// talk and after-call work take that interval's forecast means.
pub fn expected_tier_flow_at(scenario: &Scenario, k: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let desk = scenario.helpdesk.as_ref()?;
    let talk = scenario.arrivals.talk_mean(k, scenario.handle_time.mean());
    let wrap = scenario
        .wrap_up
        .as_ref()
        .map_or(0.0, |w| scenario.arrivals.wrap_mean(k, w.mean()));
    Some(expected_flow(desk, talk, wrap))
}

/// Work per arriving call and visits per arriving call, by tier.
fn expected_flow(desk: &Helpdesk, talk: f64, wrap: f64) -> (Vec<f64>, Vec<f64>) {
    let map = TierMap::new(desk);
    let hold = desk
        .hold
        .as_ref()
        .map_or((0.0, 0.0), |h| (h.probability, h.duration.mean()));
    let mut work = vec![0.0; desk.tiers.len()];
    let mut visits = vec![0.0; desk.tiers.len()];
    for (t, &pt) in desk.topics.shares.iter().enumerate() {
        for (l, &pl) in desk.languages.shares.iter().enumerate() {
            for customer in &desk.customers {
                for (c, &pc) in desk.complexities.shares.iter().enumerate() {
                    let weight = pt * pl * customer.share * pc;
                    if weight == 0.0 {
                        continue;
                    }
                    // Probability that the case is still unresolved as it
                    // reaches each tier on its path, from the entry tier.
                    let mut reach = weight;
                    let mut tier = Some(0u8);
                    while let Some(j) = tier.filter(|_| reach > 0.0) {
                        let spec = &desk.tiers[usize::from(j)];
                        let skilled = map.skilled(j, t as u8, l as u8);
                        let mut seconds = spec.diagnosis + wrap;
                        if skilled {
                            let p_hold = (hold.0 * customer.hold).min(1.0);
                            seconds += talk * spec.handle_factor * customer.talk + p_hold * hold.1;
                        }
                        work[usize::from(j)] += reach * seconds;
                        visits[usize::from(j)] += reach;
                        let next = map.escalation_target(j, t as u8, l as u8);
                        let unresolved = match next {
                            None => 0.0,
                            Some(_) if !skilled => 1.0,
                            Some(_) => {
                                ((1.0 - spec.resolve[c]) * customer.escalation).clamp(0.0, 1.0)
                            }
                        };
                        reach *= unresolved;
                        tier = next;
                    }
                }
            }
        }
    }
    (work, visits)
}
