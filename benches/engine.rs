//! Engine throughput on the validation cases P05 (M/M/c: 1000 calls/h, 300 s
//! mean handle, 90 agents) and P08 (its Erlang-A twin, 120 s mean patience),
//! with all standard statistics recorded.
//!
//! The same two cases also run as a desk of one plain tier, the help-desk
//! engine's path for a single pool (`P05_desk`, `P08_desk`): the desk must
//! match the single-pool engine's speed before it can replace it.
//!
//! Also the five-tier help desk `scenarios/helpdesk-tiers.toml` (warm
//! transfers, holds, call limit, customer types, classes), run as 100
//! replications of its 10-hour day per iteration; and the same with a reader
//! of the event stream (`helpdesk_tiers_events`), the price of the events
//! once read (unread, they are not built).
//!
//! `cargo bench --bench engine` reports calls simulated per second
//! ("thrpt", in elements/s).

use callsim::model::{Event, Observer, simulate};
use callsim::scenario::{Arrivals, DistributionSpec, Helpdesk, Scenario, Sla, TimeSpec, load_file};
use callsim::stats::{QualityRecorder, Recorder};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// Simulated calls per benchmark iteration.
const CALLS: f64 = 1_000_000.0;

fn case(name: &str, patience: Option<f64>) -> Scenario {
    let rate = 1000.0;
    let hours = CALLS / rate;
    Scenario {
        name: name.into(),
        seed: 1,
        time: TimeSpec {
            duration: hours * 3600.0,
            interval: 1800.0,
            warmup: 0.0,
            start_clock: 0.0,
        },
        arrivals: Arrivals::from_rates(vec![rate; (hours * 2.0) as usize]),
        handle_time: DistributionSpec::Exponential { mean: 300.0 },
        patience: patience.map(|mean| DistributionSpec::Exponential { mean }),
        wrap_up: None,
        agents: 90,
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

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.throughput(Throughput::Elements(CALLS as u64));
    for (name, patience, desk) in [
        ("P05_mmc", None, false),
        ("P08_erlang_a", Some(120.0), false),
        ("P05_desk", None, true),
        ("P08_desk", Some(120.0), true),
    ] {
        let mut scenario = case(name, patience);
        if desk {
            scenario.helpdesk = Some(Helpdesk::single_pool(scenario.agents, scenario.sla));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut recorder = Recorder::new(&scenario);
                let info =
                    simulate(black_box(&scenario), 0, &mut recorder).expect("valid scenario");
                black_box(recorder.results(&scenario, 0));
                info
            })
        });
    }
    group.finish();
}

/// Replications of the help-desk day per benchmark iteration.
const DAYS: u64 = 100;

fn run_days(scenario: &Scenario) -> u64 {
    run_days_with(scenario, || ())
}

/// `run_days` with a reader of the event stream beside the recorders, made
/// fresh for each day by `reader`.
fn run_days_with<R: Observer>(scenario: &Scenario, reader: impl Fn() -> R) -> u64 {
    (0..DAYS)
        .map(|r| {
            let mut recorders = (
                (Recorder::new(scenario), QualityRecorder::new(scenario)),
                reader(),
            );
            let info = simulate(black_box(scenario), r, &mut recorders).expect("valid scenario");
            black_box(recorders.0.0.results(scenario, r));
            black_box(recorders.0.1.map(|q| q.results()));
            black_box(recorders.1);
            info.calls
        })
        .sum()
}

/// The cheapest reader of the event stream: it counts events. Beside
/// `helpdesk_tiers`, `helpdesk_tiers_events` shows what the engine pays to
/// build the events once someone reads them; without a reader it builds
/// none (the default `Observer::event` does nothing and is compiled away).
#[derive(Default)]
struct EventCount(u64);

impl Observer for EventCount {
    fn event(&mut self, _now: f64, _event: &Event) {
        self.0 += 1;
    }
}

fn helpdesk(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    // The five-tier desk; and a two-tier desk with repeat calls, follow-ups
    // and the experience score on, watched by the quality recorder too.
    for (name, file) in [
        ("helpdesk_tiers", "helpdesk-tiers.toml"),
        ("helpdesk_followups", "training/followups-on.toml"),
    ] {
        let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
        let scenario =
            load_file(std::path::Path::new(&path), &[]).expect("the shipped scenario loads");
        let calls = run_days(&scenario);
        group.throughput(Throughput::Elements(calls));
        group.bench_function(name, |b| b.iter(|| run_days(&scenario)));
        if name == "helpdesk_tiers" {
            group.bench_function("helpdesk_tiers_events", |b| {
                b.iter(|| run_days_with(&scenario, EventCount::default))
            });
        }
    }
    group.finish();
}

// No plots: criterion's plotters backend shares our plotters build, whose
// text rendering needs fonts registered (ours are, criterion's are not).
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = engine, helpdesk
}
criterion_main!(benches);
