//! Staffing-plan speed, linear in the horizon since plans continue from the
//! planned prefix:
//! - a 48-interval day (24 h in half hours) of the default help desk at 200
//!   calls per hour;
//! - P05 (1,000 calls/h, 300 s, about 90 agents) cut into 8 one-hour
//!   intervals, 8 hours;
//! - the shipped forecast week (212 half hours, nights closed), the goal:
//!   under 3 s.
//!
//! Each with the CLI's defaults: 10 replications per candidate, up to 160
//! while one is undecided.
//!
//! `cargo bench --bench staff`

use callsim::scenario::{Override, load_file};
use callsim::staffing::plan::{Options, Targets, plan};
use criterion::{Criterion, criterion_group, criterion_main};
use std::ops::ControlFlow;
use std::path::Path;

fn scenario(file: &str, flags: &[&str]) -> callsim::scenario::Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let flags: Vec<Override> = flags.iter().map(|f| f.parse().unwrap()).collect();
    load_file(&path, &flags).unwrap()
}

fn staff(c: &mut Criterion) {
    let targets = Targets {
        service_level: 0.8,
        threshold: 20.0,
        max_abandon: Some(0.05),
        max_occupancy: None,
        shrinkage: 0.3,
    };
    let options = Options {
        reps: 10,
        max_reps: 160,
        max_agents: 100_000,
    };
    let day = scenario(
        "scenarios/helpdesk-basic.toml",
        &["time.duration=24h", "arrivals.rate_per_hour=200"],
    );
    assert_eq!(day.arrivals.rates_per_hour.len(), 48);
    let p05 = scenario(
        "scenarios/erlang-c-p05.toml",
        &["time.duration=8h", "time.interval=1h", "time.warmup=0s"],
    );
    let week = scenario("scenarios/helpdesk-forecast.toml", &[]);
    assert_eq!(week.arrivals.rates_per_hour.len(), 212);
    let mut group = c.benchmark_group("staff");
    group.sample_size(10);
    for (name, s) in [
        ("plan_48_intervals", &day),
        ("plan_p05_8_hours", &p05),
        ("plan_forecast_week", &week),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| plan(s, &targets, &options, &|| ControlFlow::Continue(())).unwrap())
        });
    }
    group.finish();
}

// No plots: criterion's plotters backend shares our plotters build, whose
// text rendering needs fonts registered (ours are, criterion's are not).
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = staff
}
criterion_main!(benches);
