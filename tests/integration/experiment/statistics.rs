//! The statistics of experiments: confidence intervals that cover the exact
//! value as often as they claim, and common random numbers that sharpen
//! comparisons.

use crate::common::{constant_rate, erlang_c};
use callsim::experiment::compare;
use callsim::experiment::figures;
use callsim::experiment::{LEVEL_95, estimate};
use callsim::replication::run_replication;

/// Over K independent experiments of R replications each on an M/M/c queue,
/// the 95 % interval of P(wait) should cover Erlang C about 95 % of the time.
/// The number covering is Binomial(K, 0.95): with K = 200, mean 190 and
/// standard deviation 3.08; we accept 180..=200 (mean +- 3.29 sd, a
/// two-sided 99.9 % band, so a correct interval fails this test once in a
/// thousand seeds).
#[test]
#[cfg_attr(debug_assertions, ignore = "statistical test: run with --release")]
fn ninety_five_percent_intervals_cover_erlang_c_ninety_five_percent_of_the_time() {
    const K: u64 = 200;
    const R: u64 = 10;
    // 8 Erlangs on 10 agents: P(wait) = 0.409.
    let mut s = constant_rate(300.0, 96.0, 10, 20.0 * 3600.0, 3600.0);
    s.time.warmup = 2.0 * 3600.0;
    let exact = erlang_c(10, 300.0 * 96.0 / 3600.0);
    let mut covered = 0;
    for k in 0..K {
        s.seed = 1_000 + k;
        let values = (0..R).map(|r| {
            let f = figures(&run_replication(&s, r).unwrap());
            let m = f.names.iter().position(|n| n == "prob_wait").unwrap();
            f.values[m]
        });
        let e = estimate(values, LEVEL_95).unwrap();
        let h = e.half_width.unwrap();
        covered += u64::from((e.mean - exact).abs() <= h);
    }
    eprintln!("{covered} of {K} intervals cover P(wait) = {exact:.4}");
    assert!(
        (180..=200).contains(&covered),
        "{covered} of {K} intervals cover the exact value"
    );
}

/// Common random numbers: comparing 90 and 93 agents on the same calls
/// gives a paired interval much narrower than the unpaired one.
#[test]
fn common_random_numbers_narrow_the_comparison() {
    let mut a = constant_rate(1000.0, 300.0, 90, 4.0 * 3600.0, 1800.0);
    a.time.warmup = 1800.0;
    let mut b = a.clone();
    b.agents = 93;
    let rows = compare(&a, &b, 20, 2).unwrap();
    for metric in ["service_level", "asa_seconds", "prob_wait"] {
        let row = rows.iter().find(|r| r.metric == metric).unwrap();
        let (paired, unpaired) = (
            row.ci_half_width.unwrap(),
            row.unpaired_ci_half_width.unwrap(),
        );
        eprintln!("{metric}: paired +- {paired:.5}, unpaired +- {unpaired:.5}");
        assert!(
            paired < 0.75 * unpaired,
            "{metric}: paired {paired}, unpaired {unpaired}"
        );
        assert_eq!(row.significant, Some(true), "{metric}");
    }
}
