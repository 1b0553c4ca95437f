//! Staffing-plan speed: a 48-interval day (24 h in half hours) of the
//! default help desk at 200 calls per hour, planned by simulation with 10
//! replications per evaluation. The goal: well under a minute.
//!
//! `cargo bench --bench staff`

use callsim::plan::{Targets, plan};
use callsim::scenario::{Override, load_file};
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;

fn staff(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/helpdesk-basic.toml");
    let flags: Vec<Override> = ["time.duration=24h", "arrivals.rate_per_hour=200"]
        .iter()
        .map(|f| f.parse().unwrap())
        .collect();
    let s = load_file(Path::new(path), &flags).unwrap();
    assert_eq!(s.arrivals.rates_per_hour.len(), 48);
    let targets = Targets {
        service_level: 0.8,
        threshold: 20.0,
        max_abandon: Some(0.05),
        max_occupancy: None,
        shrinkage: 0.3,
    };
    let mut group = c.benchmark_group("staff");
    group.sample_size(10);
    group.bench_function("plan_48_intervals", |b| {
        b.iter(|| plan(&s, &targets, 10, 10_000).unwrap())
    });
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
