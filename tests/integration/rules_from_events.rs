//! Every rule of issue 16's "What must hold", checked from the event stream
//! alone over random desks with every rule switched on
//! ([`checker::Checker`]: a state machine per agent and per contact that
//! reads the scenario's limits and the events, and nothing of the engine):
//!
//! - no hold longer than the hold limit;
//! - every call still with an agent at its call limit is flagged then, and
//!   every call that leaves past its limit is flagged;
//! - a warm transfer reaches the next tier only through the consenting
//!   agent, or, refused with `on_timeout = "priority_queue"`, marked as
//!   without consent (or else as a callback);
//! - no break starts while the waiting threshold is reached, unless forced;
//! - never more than `max_on_break` of a tier on break, forced or not;
//! - leave starts only with `min_available` others available, and is
//!   refused only without them;
//! - preparation before the first call of a shift;
//! - no call interrupted: an agent never starts anything while on a call;
//! - no ticket worked while the blending rule forbids it, or after the
//!   close; no follow-up made while its blending rule forbids it.
//!
//! Where a rule's decision carries its reason (the callers waiting, the
//! agents on break or available), the figure must be the one the stream
//! itself gives at that moment.
//!
//! The typed stream is read through the library for speed; one case reads
//! `events.csv` written by the binary, so the file carries the same facts.

mod checker;
mod csv;

use callsim::model::Event;
use callsim::model::{Observer, simulate};
use callsim::scenario::{Scenario, load_str};
use checker::{Checker, Limits, Tally};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

/// Collects a run's stream.
#[derive(Default)]
struct Stream(Vec<(f64, Event)>);

impl Observer for Stream {
    fn event(&mut self, now: f64, event: &Event) {
        self.0.push((now, *event));
    }
}

/// A random desk: two or three tiers on two daily shifts, with every rule on.
#[derive(Debug, Clone)]
struct Desk {
    seed: u64,
    hours: u32,
    rate: u32,
    tiers: usize,
    early: [u32; 3],
    late: [u32; 3],
    hold_max: &'static str,
    hold_probability: f64,
    at_limit: &'static str,
    call_max: &'static str,
    call_action: &'static str,
    on_timeout: &'static str,
    overflow: bool,
    threshold: u32,
    max_on_break: u32,
    max_deferral: &'static str,
    on_max_deferral: &'static str,
    min_available: u32,
    leave_per_day: f64,
    ticket_rate: u32,
    ticket_max_waiting: u32,
    followup_max_waiting: u32,
    wrap: bool,
    callbacks: bool,
}

impl Desk {
    fn toml(&self) -> String {
        let agents = |a: &[u32; 3]| {
            let a: Vec<String> = a[..self.tiers].iter().map(u32::to_string).collect();
            format!("[{}]", a.join(", "))
        };
        let tiers: String = (1..=self.tiers)
            .map(|level| {
                let resolve = if level == self.tiers {
                    String::new()
                } else {
                    "resolve = { basic = 0.8, intermediate = 0.5, complex = 0.1 }\n".to_owned()
                };
                format!(
                    "[[tiers]]\nlevel = {level}\nhandle_factor = 1.{level}\ndiagnosis = \"30s\"\n{resolve}"
                )
            })
            .collect();
        let wrap = if self.wrap {
            "[wrap_up]\ndistribution = \"constant\"\nmean = \"20s\"\n"
        } else {
            ""
        };
        let callbacks = if self.callbacks {
            "[callbacks]\noffer_after = \"1m\"\naccept = 0.5\nmargin = \"5m\"\n"
        } else {
            ""
        };
        format!(
            r#"name = "rules"
seed = {seed}
prep_time = ["5m", "10m"]
[time]
duration = "{hours}h"
interval = "30m"
start = "08:00"
[arrivals]
rate_per_hour = {rate}
[handle_time]
distribution = "exponential"
mean = "4m"
{wrap}[patience]
distribution = "exponential"
mean = "3m"
[calls]
complexity = {{ basic = 0.6, intermediate = 0.3, complex = 0.1 }}
{tiers}[routing]
overflow = {overflow}
[transfer]
policy = "warm"
on_timeout = "{on_timeout}"
[hold]
probability = {hold_probability}
duration = {{ distribution = "exponential", mean = "1m" }}
max = "{hold_max}"
at_limit = "{at_limit}"
patience = {{ distribution = "exponential", mean = "5m" }}
[call_limit]
max = "{call_max}"
action = "{call_action}"
{callbacks}[repeat_calls]
unresolved = {unresolved}
after_abandon = 0.3
delay = {{ distribution = "exponential", mean = "2h" }}
[followups]
delay = {{ distribution = "constant", mean = "1h" }}
talk = {{ distribution = "exponential", mean = "2m" }}
max_waiting = {followup_max_waiting}
keep_idle = 1
expires = "3h"
[tickets]
rate_per_hour = {ticket_rate}
work = {{ distribution = "exponential", mean = "8m" }}
max_waiting = {ticket_max_waiting}
[[shifts]]
name = "early"
start = "08:00"
end = "14:00"
agents = {early}
[[shifts.breaks]]
duration = "15m"
window = ["09:30", "10:00"]
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["11:30", "12:30"]
[[shifts]]
name = "late"
start = "11:00"
end = "18:00"
agents = {late}
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["13:30", "14:30"]
[[shifts.breaks]]
duration = "15m"
window = ["16:00", "16:30"]
[breaks]
no_break_while_waiting = true
waiting_threshold = {threshold}
staggered = true
max_on_break = {max_on_break}
max_deferral = "{max_deferral}"
on_max_deferral = "{on_max_deferral}"
overrun = {{ distribution = "exponential", mean = "1m" }}
[[meetings]]
start = "15:00"
duration = "20m"
[personal_leave]
per_agent_day = {leave_per_day}
duration = {{ distribution = "exponential", mean = "10m" }}
min_available = {min_available}
"#,
            seed = self.seed,
            hours = self.hours,
            rate = self.rate,
            early = agents(&self.early),
            late = agents(&self.late),
            overflow = self.overflow,
            on_timeout = self.on_timeout,
            hold_probability = self.hold_probability,
            hold_max = self.hold_max,
            at_limit = self.at_limit,
            call_max = self.call_max,
            call_action = self.call_action,
            ticket_rate = self.ticket_rate,
            ticket_max_waiting = self.ticket_max_waiting,
            followup_max_waiting = self.followup_max_waiting,
            unresolved = ["[0.1]", "[0.1, 0.05]", "[0.1, 0.05, 0.02]"][self.tiers - 1],
            threshold = self.threshold,
            max_on_break = self.max_on_break,
            max_deferral = self.max_deferral,
            on_max_deferral = self.on_max_deferral,
            min_available = self.min_available,
            leave_per_day = self.leave_per_day,
        )
    }

    fn scenario(&self) -> Scenario {
        let text = self.toml();
        load_str(&text, "rules.toml", Path::new("."), &[]).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }
}

/// A busy desk with every rule on, for the fixed cases to vary.
fn busy() -> Desk {
    Desk {
        seed: 1,
        hours: 10,
        rate: 120,
        tiers: 3,
        early: [8, 3, 2],
        late: [8, 3, 2],
        hold_max: "2m",
        hold_probability: 0.3,
        at_limit: "check_in",
        call_max: "10m",
        call_action: "escalate",
        on_timeout: "priority_queue",
        overflow: true,
        threshold: 1,
        max_on_break: 2,
        max_deferral: "20m",
        on_max_deferral: "take",
        min_available: 3,
        leave_per_day: 1.0,
        ticket_rate: 10,
        ticket_max_waiting: 2,
        followup_max_waiting: 1,
        wrap: true,
        callbacks: true,
    }
}

fn desks() -> impl Strategy<Value = Desk> {
    let agents = || (2u32..10, 1u32..4, 1u32..3).prop_map(|(a, b, c)| [a, b, c]);
    (
        (
            0u64..10_000,
            prop_oneof![Just(10u32), Just(34), Just(58)],
            prop_oneof![40u32..160, 160u32..320],
            2usize..=3,
            agents(),
            agents(),
        ),
        (
            prop_oneof![Just("5s"), Just("30s"), Just("2m"), Just("4m")],
            0.05f64..0.7,
            prop_oneof![Just("check_in"), Just("escalate"), Just("callback")],
            prop_oneof![Just("2m"), Just("6m"), Just("15m")],
            prop_oneof![Just("escalate"), Just("callback"), Just("continue")],
            prop_oneof![Just("callback"), Just("priority_queue")],
            any::<bool>(),
        ),
        (
            1u32..4,
            1u32..4,
            prop_oneof![Just("5m"), Just("30m")],
            prop_oneof![Just("take"), Just("miss")],
            0u32..8,
            prop_oneof![Just(0.5), Just(2.0)],
        ),
        (0u32..30, 1u32..4, 1u32..4, any::<bool>(), any::<bool>()),
    )
        .prop_map(|(run, calls, breaks, extras)| {
            let (seed, hours, rate, tiers, early, late) = run;
            let (hold_max, hold_probability, at_limit, call_max, call_action, on_timeout, overflow) =
                calls;
            let (threshold, max_on_break, max_deferral, on_max_deferral, min_available, leave) =
                breaks;
            let (ticket_rate, ticket_max_waiting, followup_max_waiting, wrap, callbacks) = extras;
            Desk {
                seed,
                hours,
                rate,
                tiers,
                early,
                late,
                hold_max,
                hold_probability,
                at_limit,
                call_max,
                call_action,
                on_timeout,
                overflow,
                threshold,
                max_on_break,
                max_deferral,
                on_max_deferral,
                min_available,
                leave_per_day: leave,
                ticket_rate,
                ticket_max_waiting,
                followup_max_waiting,
                wrap,
                callbacks,
            }
        })
}

/// Runs replication 0 of `s` and returns its stream.
fn stream(s: &Scenario) -> Vec<(f64, Event)> {
    let mut events = Stream::default();
    simulate(s, 0, &mut events).expect("the scenario builds");
    events.0
}

/// Checks every rule on `desk`'s stream.
fn check(desk: &Desk) -> Tally {
    let s = desk.scenario();
    Checker::check(Limits::of(&s), &stream(&s))
}

/// Fixed settings: the same cases on every run, so the suite stays
/// deterministic and fast; a failure names its desk.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: proptest::test_runner::RngSeed::Fixed(16),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// Random desks, light to overloaded, of one to three days: every rule
    /// holds on every event.
    #[test]
    fn every_rule_holds_on_random_desks(desk in desks()) {
        check(&desk);
    }
}

/// The fixed cases exercise every rule, over several seeds.
#[test]
fn a_busy_desk_puts_every_rule_to_the_test() {
    let mut total = Tally::default();
    for seed in 1..=4 {
        total += check(&Desk { seed, ..busy() });
    }
    eprintln!("{total:?}");
    let t = total;
    assert!(
        t.holds > 100 && t.hold_limits > 10 && t.call_limits > 10,
        "{t:?}"
    );
    assert!(t.consents > 50 && t.refusals > 5, "{t:?}");
    assert!(t.breaks > 50 && t.breaks_deferred > 5, "{t:?}");
    assert!(t.leave_started > 5 && t.leave_refused > 5, "{t:?}");
    assert!(t.tickets > 50 && t.followups > 50 && t.preps > 50, "{t:?}");
}

/// Extreme values: holds of five seconds, one agent on break at a time,
/// leave that needs more others than a tier has, breaks forced at once,
/// an overloaded desk over two and a half days.
#[test]
fn extreme_limits_hold_too() {
    let extremes = [
        Desk {
            hold_max: "5s",
            hold_probability: 0.9,
            call_max: "2m",
            call_action: "callback",
            ..busy()
        },
        Desk {
            max_on_break: 1,
            max_deferral: "5m",
            threshold: 1,
            rate: 300,
            hours: 58,
            ..busy()
        },
        Desk {
            min_available: 20,
            leave_per_day: 2.0,
            on_timeout: "callback",
            at_limit: "escalate",
            ..busy()
        },
        Desk {
            ticket_max_waiting: 1,
            ticket_rate: 29,
            on_max_deferral: "miss",
            call_action: "continue",
            overflow: false,
            ..busy()
        },
    ];
    for desk in &extremes {
        let t = check(desk);
        eprintln!("{t:?}");
    }
}

/// The file contract: `events.csv` written by the binary carries, row for
/// row, the library's stream, and the rules hold on what the file says.
#[test]
fn the_rules_hold_on_events_csv_written_by_the_binary() {
    let desk = Desk {
        hours: 34,
        ..busy()
    };
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("rules.toml");
    std::fs::write(&file, desk.toml()).unwrap();
    let out = dir.path().join("out");
    let done = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .arg("run")
        .arg(&file)
        .args(["--events", "--calls-log", "-q", "--no-charts", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(done.status.success(), "{done:?}");
    let text = std::fs::read_to_string(out.join("events.csv")).unwrap();
    let s = desk.scenario();
    let typed = stream(&s);
    let levels: Vec<u8> = s
        .helpdesk
        .as_ref()
        .unwrap()
        .tiers
        .iter()
        .map(|t| t.level)
        .collect();
    let read = csv::parse(&text, &csv::Names::from(&typed), &levels);
    assert_eq!(read.len(), typed.len(), "one row per event");
    for (row, (file, lib)) in read.iter().zip(&typed).enumerate() {
        assert_eq!(file, lib, "row {}", row + 2);
    }
    let t = Checker::check(Limits::of(&s), &read);
    assert!(
        t.breaks > 0 && t.leave_started > 0 && t.consents > 0,
        "{t:?}"
    );
    flags_agree_with_calls_csv(&read, &out.join("calls.csv"));
}

/// The stream tells every flag `calls.csv` records: the calls over the
/// call limit are those with a `call_limit` event, and each refused warm
/// transfer (queued without consent) is one counted without consent.
fn flags_agree_with_calls_csv(events: &[(f64, Event)], calls: &Path) {
    use callsim::model::EventKind;
    use std::collections::{BTreeMap, BTreeSet};
    let mut flagged = BTreeSet::new();
    let mut without_consent: BTreeMap<u64, u64> = BTreeMap::new();
    for (_, e) in events {
        match (e.kind, e.contact) {
            (EventKind::CallLimit, Some(id)) => {
                flagged.insert(id);
            }
            (EventKind::TransferRefused, Some(id)) => *without_consent.entry(id).or_default() += 1,
            _ => {}
        }
    }
    let mut recorded = BTreeSet::new();
    let mut recorded_without: BTreeMap<u64, u64> = BTreeMap::new();
    for row in crate::common::csv_rows(calls) {
        if row.get("channel").is_some_and(|c| c != "phone") {
            continue;
        }
        let id: u64 = row["call_id"].parse().unwrap();
        if row["over_limit"] == "true" || row["over_limit"] == "1" {
            recorded.insert(id);
        }
        let n: u64 = row["transfers_without_consent"].parse().unwrap();
        if n > 0 {
            recorded_without.insert(id, n);
        }
    }
    assert!(!recorded.is_empty() && !recorded_without.is_empty());
    assert_eq!(flagged, recorded, "calls over the limit");
    assert_eq!(
        without_consent, recorded_without,
        "transfers without consent"
    );
}
