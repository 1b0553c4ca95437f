//! An exact check of breaks: agents away at fixed times turn the pool into a
//! smaller M/M/c.
//!
//! A pool works around the clock in two 12-hour shifts of C agents. K of
//! the first shift's agents take a 6-hour "break" due at 02:00 each day,
//! with the rules off (no waiting rule, no staggering), so nothing but a call
//! in progress delays it. Arrivals are Poisson, talk times exponential,
//! nobody abandons. Then:
//!
//! 1. once the calls in progress at 02:00 have ended, exactly C - K agents
//!    are on duty: from 03:00 to 08:00 every interval's time-weighted
//!    available agents equal C - K (a deterministic check);
//! 2. the pool then is an M/M/(C - K) queue; by 05:00 it has long forgotten
//!    the change of staffing, so calls arriving 05:00-08:00 wait with the
//!    Erlang C probability for C - K agents, and the agents' occupancy in
//!    those hours is the offered load over C - K. Both are compared with the
//!    exact values within the confidence interval of R independent
//!    replications (Student t, Bonferroni over the 2 comparisons,
//!    family-wise alpha 0.001).

use crate::common::{erlang_c, mean_and_half_width};
use callsim::model::{CallRecord, Observer, Outcome, simulate};
use callsim::scenario::load_str;
use callsim::stats::{Recorder, WorkforceRecorder};
use std::path::Path;

const C: u32 = 12;
const K: u32 = 4;
const RATE_PER_HOUR: f64 = 72.0;
const MEAN_TALK_MINUTES: f64 = 5.0;
const DAYS: u32 = 40;
const REPLICATIONS: u64 = 20;
const FAMILY_ALPHA: f64 = 0.001;

fn scenario() -> String {
    format!(
        r#"name = "breaks-exact"
prep_time = "0s"
[time]
duration = "{hours}h"
interval = "1h"
start = "00:00"
[arrivals]
rate_per_hour = {RATE_PER_HOUR}
[handle_time]
distribution = "exponential"
mean = "{MEAN_TALK_MINUTES}m"
[[shifts]]
name = "nights"
start = "00:00"
end = "12:00"
agents = {stay}
[[shifts]]
name = "nights-away"
start = "00:00"
end = "12:00"
agents = {K}
[[shifts.breaks]]
duration = "6h"
window = ["02:00", "02:00"]
[[shifts]]
name = "days"
start = "12:00"
end = "00:00"
agents = {C}
[breaks]
no_break_while_waiting = false
staggered = false
"#,
        hours = DAYS * 24,
        stay = C - K,
    )
}

/// Calls arriving 05:00-08:00 on any day, and how many of them waited.
#[derive(Default)]
struct Window {
    calls: u64,
    waited: u64,
}

impl Observer for Window {
    fn call_finished(&mut self, _now: f64, c: &CallRecord) {
        let hour = (c.arrival / 3600.0) % 24.0;
        if (5.0..8.0).contains(&hour) {
            assert_eq!(c.outcome, Outcome::Answered);
            self.calls += 1;
            self.waited += u64::from(c.wait > 0.0);
        }
    }
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical test: run with --release")]
fn agents_on_break_leave_an_erlang_c_pool() {
    let s = load_str(&scenario(), "exact.toml", Path::new("."), &[]).unwrap();
    let load = RATE_PER_HOUR * MEAN_TALK_MINUTES / 60.0;
    let (mut waits, mut occupancies) = (Vec::new(), Vec::new());
    for r in 0..REPLICATIONS {
        let mut recorder = Recorder::new(&s);
        let mut staff = WorkforceRecorder::new(&s).unwrap();
        let mut window = Window::default();
        simulate(&s, r, (&mut recorder, (&mut staff, &mut window))).unwrap();
        let results = recorder.results(&s, r).with_workforce(staff.results(&s));
        let mut busy_hours = 0.0;
        let mut staffed_hours = 0.0;
        for row in &results.intervals {
            let hour = row.interval % 24;
            if (3..8).contains(&hour) {
                let available = row.agents_available.unwrap();
                assert!(
                    (available - f64::from(C - K)).abs() < 1e-9,
                    "replication {r}, interval {}: {available} agents on duty",
                    row.interval
                );
            }
            if (5..8).contains(&hour) {
                let available = row.agents_available.unwrap();
                busy_hours += row.occupancy.unwrap() * available;
                staffed_hours += available;
            }
        }
        waits.push(window.waited as f64 / window.calls as f64);
        occupancies.push(busy_hours / staffed_hours);
    }
    let exact = [
        ("P(wait) with C - K agents", erlang_c(C - K, load), &waits),
        (
            "occupancy with C - K agents",
            load / f64::from(C - K),
            &occupancies,
        ),
    ];
    for (name, value, samples) in exact {
        let (mean, half_width) = mean_and_half_width(samples, exact.len(), FAMILY_ALPHA);
        eprintln!("{name}: exact {value:.5}, simulated {mean:.5} +- {half_width:.5}");
        assert!(
            (mean - value).abs() <= half_width,
            "{name}: exact {value}, simulated {mean} +- {half_width}"
        );
    }
}
