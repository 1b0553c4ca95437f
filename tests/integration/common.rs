//! Helpers shared by the integration tests.

use callsim::model::{Observer, RunInfo, simulate};
use callsim::scenario::{Arrivals, DistributionSpec, Scenario, Sla, TimeSpec};
use callsim::stats::{Recorder, Results};

/// A scenario with `rate_per_hour` Poisson arrivals in every interval of a
/// `duration`-second day split into `interval`-second intervals, exponential
/// handle times of mean `aht` seconds, `agents` agents, no patience, no
/// wrap-up, unlimited lines, no warm-up and an 80/20 SLA. Tests change the
/// fields they need (keeping `arrivals` as long as `time.interval_count()`).
pub fn constant_rate(
    rate_per_hour: f64,
    aht: f64,
    agents: u32,
    duration: f64,
    interval: f64,
) -> Scenario {
    let time = TimeSpec {
        duration,
        interval,
        warmup: 0.0,
        start_clock: 0.0,
    };
    Scenario {
        name: "integration".into(),
        seed: 1,
        arrivals: Arrivals::from_rates(vec![rate_per_hour; time.interval_count()]),
        time,
        handle_time: DistributionSpec::Exponential { mean: aht },
        patience: None,
        wrap_up: None,
        agents,
        lines: None,
        sla: Sla {
            threshold: 20.0,
            target: 0.8,
        },
        helpdesk: None,
        workforce: None,
        costs: None,
    }
}

/// Runs `replication` of `scenario` with the standard [`Recorder`] and `extra`
/// watching the same events (`()` for none).
pub fn run_with<O: Observer>(
    scenario: &Scenario,
    replication: u64,
    extra: O,
) -> (RunInfo, Results) {
    let mut recorder = Recorder::new(scenario);
    let info =
        simulate(scenario, replication, (&mut recorder, extra)).expect("the scenario builds");
    (info, recorder.results(scenario, replication))
}

pub use callsim::staffing::erlang::erlang_c;

/// Mean of independent replications and the half-width of its confidence
/// interval, Bonferroni-corrected so that `comparisons` intervals hold
/// together at family-wise level `alpha` (Student t, R - 1 degrees).
pub fn mean_and_half_width(samples: &[f64], comparisons: usize, alpha: f64) -> (f64, f64) {
    let level = 1.0 - alpha / comparisons as f64;
    let e = callsim::experiment::estimate(samples.iter().map(|&x| Some(x)), level)
        .expect("at least one replication");
    (e.mean, e.half_width.expect("at least two replications"))
}

/// The settings of every property test here: `cases` random cases per run,
/// drawn from a new seed each run (so CI keeps exploring), and a failure
/// that CI can reproduce:
///
/// - the run's seed is printed (shown with a failing test's output):
///   `PROPTEST_RNG_SEED=<seed> cargo test --release --test integration
///   <test name>` replays the same cases;
/// - each failure's own seed is printed as a `cc …` line and appended to
///   `tests/proptest-regressions/<module path>.txt` (proptest's
///   source-parallel file, next to `tests/integration/`), which is
///   committed: every later run replays the recorded failures first. Copy
///   the `cc` line from a CI log into that file to replay it locally.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, FileFailurePersistence, RngSeed};
    use std::hash::{BuildHasher, RandomState};
    let mut config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    // `Config::default()` honours PROPTEST_RNG_SEED; otherwise draw the
    // seed here, where it can be printed.
    let seed = match config.rng_seed {
        RngSeed::Fixed(seed) => seed,
        RngSeed::Random => RandomState::new().hash_one(std::time::SystemTime::now()),
    };
    config.rng_seed = RngSeed::Fixed(seed);
    println!("proptest: this run's seed is {seed}; PROPTEST_RNG_SEED={seed} replays its cases");
    config
}

/// A CSV file's rows as maps from column name to cell, as a user's script
/// would read an output file.
pub fn csv_rows(path: &std::path::Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}
