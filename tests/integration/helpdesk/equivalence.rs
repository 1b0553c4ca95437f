//! A help desk with one plain tier must be the single-pool model, event for
//! event: same draws, same order, same statistics to the last bit. This runs
//! the help-desk engine directly (bypassing the scenario loader, which would
//! read such a file as a single pool anyway), so it tests the engine itself.

use crate::common::{constant_rate, run_with};
use callsim::model::{CallRecord, Observer};
use callsim::scenario::{DistributionSpec, Helpdesk, Scenario};

/// The one-tier help desk equivalent to `s`'s single pool.
pub fn plain_desk(s: &Scenario) -> Helpdesk {
    Helpdesk::single_pool(s.agents, s.sla)
}

/// Every call record, without the help-desk part (which a single-pool run
/// leaves empty).
#[derive(Default)]
struct Calls(Vec<(u64, CallRecord)>);

impl Observer for Calls {
    fn call_finished(&mut self, now: f64, call: &CallRecord) {
        let mut c = *call;
        c.case = callsim::model::CaseInfo::PLAIN;
        self.0.push((now.to_bits(), c));
    }
}

fn assert_same_run(s: &Scenario) {
    let mut pool_calls = Calls::default();
    let (pool_info, pool) = run_with(s, 3, &mut pool_calls);
    let mut desk = s.clone();
    desk.helpdesk = Some(plain_desk(s));
    let mut desk_calls = Calls::default();
    let (desk_info, tiered) = run_with(&desk, 3, &mut desk_calls);
    assert!(pool_calls.0.len() > 1000, "too small a run to compare");
    assert_eq!(pool_calls.0.len(), desk_calls.0.len());
    for (a, b) in pool_calls.0.iter().zip(&desk_calls.0) {
        assert_eq!(a, b);
    }
    assert_eq!(pool.summary, tiered.summary);
    assert_eq!(pool.intervals, tiered.intervals);
    assert_eq!(pool.wait_histogram, tiered.wait_histogram);
    assert_eq!(pool_info.end_time.to_bits(), desk_info.end_time.to_bits());
    assert_eq!(pool_info.calls, desk_info.calls);
}

#[test]
fn a_plain_one_tier_desk_is_the_single_pool_exactly() {
    // Erlang A with wrap-up, a line limit and a warm-up: every path of the
    // single-pool engine (block, abandon at once, queue, abandon, wrap-up).
    let mut s = constant_rate(400.0, 300.0, 30, 8.0 * 3600.0, 1800.0);
    s.patience = Some(DistributionSpec::Gamma {
        mean: 90.0,
        cv: 1.5,
    });
    s.wrap_up = Some(DistributionSpec::LogNormal {
        mean: 30.0,
        cv: 0.5,
    });
    s.lines = Some(40);
    s.time.warmup = 1800.0;
    assert_same_run(&s);
}

#[test]
fn a_plain_one_tier_desk_matches_without_patience_or_wrap_up() {
    let s = constant_rate(1000.0, 300.0, 90, 4.0 * 3600.0, 900.0);
    assert_same_run(&s);
}
