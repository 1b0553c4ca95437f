//! An exact check of escalation: two tiers, cold transfers, no abandonment.
//!
//! Tier 1 is an M/M/c queue (Poisson arrivals at rate lambda, exponential
//! handle times). It resolves each call with probability p, independently, and
//! passes the rest blind into tier 2's queue. By Burke's theorem the
//! departures of a stationary M/M/c queue are Poisson at rate lambda, so the
//! escalations are a thinned Poisson stream at rate lambda (1 - p), and tier 2
//! (exponential handle times, its own agents) is again an M/M/c queue:
//! its P(wait) is Erlang C. The expected number of counted tier-2 visits is
//! exactly (1 - p) times the expected counted arrivals, stationary or not.
//!
//! Tolerance rule (as in `erlang.rs`): R = 20 independent replications; each
//! of the K = 2 comparisons must satisfy |mean - exact| <= t * s / sqrt(R)
//! with t the 1 - alpha / (2K) quantile of Student's t with R - 1 degrees of
//! freedom and family-wise alpha = 0.001. Release builds only.

use super::equivalence::plain_desk;
use crate::common::{constant_rate, erlang_c, mean_and_half_width, run_with};
use callsim::model::{Observer, VisitRecord};
use callsim::scenario::{Mix, TransferPolicy};

const REPLICATIONS: u64 = 20;
const FAMILY_ALPHA: f64 = 0.001;
const ARRIVALS_PER_HOUR: f64 = 600.0;
const TIER1_AHT: f64 = 240.0;
const TIER1_AGENTS: u32 = 45;
const RESOLVED_AT_TIER1: f64 = 0.7;
const TIER2_FACTOR: f64 = 1.25;
const TIER2_AGENTS: u32 = 17;
/// Tier 2 runs at rho = 15 / 17; its relaxation time 1 / (c mu (1 - sqrt
/// rho)^2) is about 1.3 h: 12 h of warm-up forget the empty start.
const WARMUP_HOURS: f64 = 12.0;
const COUNTED_HOURS: f64 = 400.0;

/// Counted tier-2 visits and how many of them waited.
#[derive(Default)]
struct Tier2 {
    visits: u64,
    waited: u64,
}

impl Observer for Tier2 {
    fn visit_finished(&mut self, _now: f64, v: &VisitRecord) {
        if v.counted && v.tier == 1 {
            assert!(!v.callback && v.agent_tier == Some(1), "{v:?}");
            self.visits += 1;
            self.waited += u64::from(v.wait > 0.0);
        }
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical test: run with --release")]
fn escalations_are_a_thinned_poisson_stream_and_tier_two_is_erlang_c() {
    let duration = (WARMUP_HOURS + COUNTED_HOURS) * 3600.0;
    let mut s = constant_rate(ARRIVALS_PER_HOUR, TIER1_AHT, TIER1_AGENTS, duration, 3600.0);
    s.seed = 20_261_122;
    s.time.warmup = WARMUP_HOURS * 3600.0;
    let mut desk = plain_desk(&s);
    desk.complexities = Mix {
        names: vec!["standard".into()],
        shares: vec![1.0],
    };
    desk.tiers[0].resolve = vec![RESOLVED_AT_TIER1];
    let mut tier2 = desk.tiers[0].clone();
    tier2.level = 2;
    tier2.agents = TIER2_AGENTS;
    tier2.handle_factor = TIER2_FACTOR;
    tier2.resolve = vec![1.0];
    desk.tiers.push(tier2);
    desk.transfer.policy = TransferPolicy::Cold;
    s.agents = TIER1_AGENTS + TIER2_AGENTS;
    s.helpdesk = Some(desk);

    let mut rates = Vec::new();
    let mut waits = Vec::new();
    for r in 0..REPLICATIONS {
        let mut t2 = Tier2::default();
        let (_, results) = run_with(&s, r, &mut t2);
        assert_eq!(
            results.summary.calls_answered,
            results.summary.calls_arrived
        );
        rates.push(t2.visits as f64 / COUNTED_HOURS);
        waits.push(t2.waited as f64 / t2.visits as f64);
    }
    let load2 = ARRIVALS_PER_HOUR * (1.0 - RESOLVED_AT_TIER1) * TIER1_AHT * TIER2_FACTOR / 3600.0;
    let exact = [
        (
            "tier-2 offered per hour",
            ARRIVALS_PER_HOUR * (1.0 - RESOLVED_AT_TIER1),
            &rates,
        ),
        ("tier-2 P(wait)", erlang_c(TIER2_AGENTS, load2), &waits),
    ];
    let comparisons = exact.len();
    for (name, value, samples) in exact {
        let (mean, half_width) = mean_and_half_width(samples, comparisons, FAMILY_ALPHA);
        eprintln!("{name}: exact {value:.5}, mean {mean:.5} +- {half_width:.5}");
        assert!(
            (mean - value).abs() <= half_width,
            "{name}: exact {value}, simulated {mean} +- {half_width}"
        );
    }
}
