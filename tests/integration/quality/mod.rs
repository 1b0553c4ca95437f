//! Quality after the call: repeat calls, follow-ups, cases and the
//! experience score (`[repeat_calls]`, `[followups]`, `[experience]`).

mod cli;
mod exact;
mod invariants;
mod tickets;
mod walk_ins;

use crate::common::constant_rate;
use crate::helpdesk::equivalence::plain_desk;
use callsim::scenario::{
    DistributionSpec, ExperienceModel, FollowUps, Mix, Quality, RepeatCalls, Scenario, VirtualHold,
};

/// A congested two-tier desk (cold transfers, impatient callers) with every
/// quality rule on, whose last repeat calls fall after the horizon.
pub(crate) fn busy_desk() -> Scenario {
    let mut s = constant_rate(260.0, 300.0, 20, 8.0 * 3600.0, 1800.0);
    s.patience = Some(DistributionSpec::Exponential { mean: 120.0 });
    let mut d = plain_desk(&s);
    d.complexities = Mix {
        names: vec!["basic".into(), "complex".into()],
        shares: vec![0.7, 0.3],
    };
    d.tiers[0].agents = 17;
    d.tiers[0].resolve = vec![0.9, 0.3];
    let mut t2 = d.tiers[0].clone();
    t2.level = 2;
    t2.agents = 5;
    t2.resolve = vec![1.0, 1.0];
    d.tiers.push(t2);
    d.transfer.policy = callsim::scenario::TransferPolicy::Cold;
    d.quality = Quality {
        repeats: Some(RepeatCalls {
            unresolved: vec![0.2, 0.1],
            after_abandon: 0.5,
            delay: DistributionSpec::Exponential { mean: 3600.0 },
            max_calls: 2,
        }),
        followups: Some(FollowUps {
            share: 1.0,
            delay: DistributionSpec::Constant { value: 1800.0 },
            reach: 0.7,
            detect: 0.9,
            talk: DistributionSpec::Exponential { mean: 120.0 },
            no_answer: 30.0,
            max_waiting: 2,
            keep_idle: 1,
            expires: 3600.0,
        }),
        callbacks: Some(VirtualHold {
            offer_after: 60.0,
            accept: 0.5,
            margin: 120.0,
        }),
        experience: Some(ExperienceModel::DEFAULT),
    };
    s.agents = 22;
    s.helpdesk = Some(d);
    s
}
