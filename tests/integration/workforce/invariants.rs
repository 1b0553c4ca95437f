//! Invariants of runs with shifts, checked on every event of random
//! schedules by an observer that keeps its own books:
//!
//! - no call is interrupted: an agent never goes from a call (talk, hold,
//!   wrap-up) to a break, lunch, meeting, leave, preparation or offline;
//! - with `no_break_while_waiting`, no break or lunch starts (unless forced at
//!   the deferral limit) while N or more calls wait for the tiers the agent
//!   serves: its own, and with `routing.overflow` the lower tiers it covers
//!   (worked out here from the scenario, not taken from the engine);
//! - with `staggered`, no break starts, forced or not, while K agents of the
//!   tier are already on one;
//! - leave is decided when it would start: granted exactly when at least
//!   `min_available` other agents of the tier are on duty and able to take a
//!   call (not away, not in overtime), and a granted leave starts at once;
//! - after its shift ends during a call, an agent only finishes calls and then
//!   goes offline;
//! - busy agents never exceed available ones; every agent is offline at the
//!   end; every call ends exactly once; each agent's state times add up to
//!   the run's length.

use callsim::model::{AgentState, BreakRecord, CallRecord, Observer, roster, simulate};
use callsim::scenario::{Scenario, load_str};
use proptest::prelude::*;
use std::collections::HashSet;
use std::path::Path;

struct Checker {
    tier_of: Vec<u8>,
    state: Vec<AgentState>,
    since: Vec<f64>,
    time_in: Vec<[f64; 10]>,
    overtime: Vec<bool>,
    /// A break or lunch started while a rule said no: allowed only if the
    /// break turns out forced.
    suspicious: Vec<bool>,
    waiting: u32,
    /// Live callers waiting for each tier, and the tiers each tier's agents
    /// take waiting callers from.
    tier_waiting: Vec<u32>,
    serves: Vec<Vec<usize>>,
    /// When each agent's last leave was granted (cleared when it starts).
    leave_granted_at: Vec<Option<f64>>,
    available: Vec<u32>,
    tier_busy: Vec<u32>,
    n: Option<u32>,
    k: Option<u32>,
    min_available: u32,
    arrived: HashSet<u64>,
    finished: HashSet<u64>,
    breaks_taken: usize,
    breaks_deferred: usize,
    breaks_forced: usize,
    breaks_missed: usize,
    leaves_granted: usize,
    leaves_refused: usize,
    end: f64,
}

impl Checker {
    fn new(s: &Scenario) -> Self {
        let w = s.workforce.as_ref().expect("a workforce");
        let tiers = s.helpdesk.as_ref().map_or(1, |d| d.tiers.len());
        let per_tier: Vec<u32> = s.helpdesk.as_ref().map_or(vec![s.agents], |d| {
            d.tiers.iter().map(|t| t.agents).collect()
        });
        let tier_of: Vec<u8> = roster(tiers, &per_tier, Some(w))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        let agents = tier_of.len();
        // Overflow: an agent also takes the callers waiting for the entry
        // tier, and for lower tiers whose skills and languages it has.
        let superset = |h: &[bool], l: &[bool]| h.iter().zip(l).all(|(&h, &l)| h || !l);
        let serves = (0..tiers)
            .map(|j| {
                (0..=j)
                    .filter(|&k| {
                        k == j
                            || s.helpdesk.as_ref().is_some_and(|d| {
                                d.routing.overflow
                                    && (k == 0
                                        || (superset(&d.tiers[j].skills, &d.tiers[k].skills)
                                            && superset(
                                                &d.tiers[j].languages,
                                                &d.tiers[k].languages,
                                            )))
                            })
                    })
                    .collect()
            })
            .collect();
        Self {
            tier_of,
            state: vec![AgentState::Offline; agents],
            since: vec![0.0; agents],
            time_in: vec![[0.0; 10]; agents],
            overtime: vec![false; agents],
            suspicious: vec![false; agents],
            waiting: 0,
            tier_waiting: vec![0; tiers],
            serves,
            leave_granted_at: vec![None; agents],
            available: vec![0; tiers],
            tier_busy: vec![0; tiers],
            n: w.rules.no_break_while_waiting,
            k: w.rules.staggered,
            min_available: w.leave.as_ref().map_or(0, |l| l.min_available),
            arrived: HashSet::new(),
            finished: HashSet::new(),
            breaks_taken: 0,
            breaks_deferred: 0,
            breaks_forced: 0,
            breaks_missed: 0,
            leaves_granted: 0,
            leaves_refused: 0,
            end: 0.0,
        }
    }

    fn on_break(&self, tier: u8, except: usize) -> u32 {
        (0..self.state.len())
            .filter(|&a| a != except && self.tier_of[a] == tier)
            .filter(|&a| matches!(self.state[a], AgentState::Break | AgentState::Lunch))
            .count() as u32
    }

    fn verify(&self, end: f64) {
        assert_eq!(self.arrived, self.finished, "every call ends exactly once");
        for (a, state) in self.state.iter().enumerate() {
            assert_eq!(*state, AgentState::Offline, "agent {a} still on at the end");
            let mut times = self.time_in[a];
            times[0] += end - self.since[a];
            let total: f64 = times.iter().sum();
            assert!(
                (total - end).abs() < 1e-6 * end.max(1.0),
                "agent {a}: {total} vs {end}"
            );
        }
    }
}

impl Observer for Checker {
    fn call_arrived(&mut self, _now: f64, id: u64) {
        assert!(self.arrived.insert(id));
    }

    fn call_finished(&mut self, _now: f64, c: &CallRecord) {
        assert!(self.finished.insert(c.id), "call {} finished twice", c.id);
    }

    fn queue_changed(&mut self, _now: f64, waiting: u32) {
        self.waiting = waiting;
    }

    fn tier_queue_changed(&mut self, _now: f64, tier: usize, waiting: u32) {
        self.tier_waiting[tier] = waiting;
        assert_eq!(
            self.tier_waiting.iter().sum::<u32>(),
            self.waiting,
            "the tiers' queues add up to the total"
        );
    }

    fn shift_started(&mut self, _now: f64, agent: u32, _day: u32) {
        // A new period: an agent that worked over into it is on duty again.
        self.overtime[agent as usize] = false;
    }

    fn tier_busy_changed(&mut self, _now: f64, tier: usize, busy: u32) {
        self.tier_busy[tier] = busy;
        assert!(
            busy <= self.available[tier],
            "tier {tier}: {busy} busy, {} available",
            self.available[tier]
        );
    }

    fn available_changed(&mut self, _now: f64, tier: usize, available: u32) {
        self.available[tier] = available;
    }

    fn agent_state(&mut self, now: f64, agent: u32, state: AgentState) {
        let a = agent as usize;
        let old = self.state[a];
        assert_ne!(old, state, "agent {agent}: repeated state");
        let on_call = matches!(old, AgentState::Talk | AgentState::Hold);
        let away = !state.available();
        assert!(
            !(on_call && away),
            "agent {agent} left a call for {state:?} at {now}"
        );
        if self.overtime[a] {
            assert!(
                state.available() || state == AgentState::Offline,
                "agent {agent} in overtime went to {state:?}"
            );
        }
        if matches!(state, AgentState::Break | AgentState::Lunch) {
            let tier = self.tier_of[a];
            let waiting: u32 = self.serves[usize::from(tier)]
                .iter()
                .map(|&k| self.tier_waiting[k])
                .sum();
            let on_break = self.on_break(tier, a);
            assert!(
                self.k.is_none_or(|k| on_break < k),
                "agent {agent} went on {state:?} at {now} with {on_break} of tier {tier} \
                 already away: staggering holds even for a forced break"
            );
            // Allowed only if the break turns out forced.
            self.suspicious[a] = self.n.is_some_and(|n| waiting >= n);
        }
        if state == AgentState::Leave {
            assert_eq!(
                self.leave_granted_at[a].take(),
                Some(now),
                "agent {agent}: leave started at {now} other than when it was granted"
            );
        }
        if state == AgentState::Offline {
            self.overtime[a] = false;
        }
        self.time_in[a][old.index()] += now - self.since[a];
        self.since[a] = now;
        self.state[a] = state;
    }

    fn overtime_started(&mut self, _now: f64, agent: u32) {
        let a = agent as usize;
        assert!(
            matches!(
                self.state[a],
                AgentState::Talk | AgentState::Hold | AgentState::WrapUp
            ),
            "overtime starts only during a call"
        );
        self.overtime[a] = true;
    }

    fn break_finished(&mut self, _now: f64, b: &BreakRecord) {
        let a = b.agent as usize;
        self.breaks_deferred += usize::from(b.deferred);
        self.breaks_forced += usize::from(b.forced);
        self.breaks_missed += usize::from(b.missed);
        if !b.missed {
            self.breaks_taken += 1;
            assert!(
                !self.suspicious[a] || b.forced,
                "agent {a}: a break started against the rules without being forced: {b:?}"
            );
            assert!(b.started >= b.due && b.ended >= b.started, "{b:?}");
        }
        self.suspicious[a] = false;
    }

    fn leave_requested(&mut self, now: f64, agent: u32, granted: bool) {
        let a = agent as usize;
        let tier = self.tier_of[a];
        let others = (0..self.state.len())
            .filter(|&o| {
                o != a && self.tier_of[o] == tier && self.state[o].available() && !self.overtime[o]
            })
            .count() as u32;
        assert_eq!(
            granted,
            others >= self.min_available,
            "agent {a}: leave decided at {now} with {others} others available"
        );
        if granted {
            self.leave_granted_at[a] = Some(now);
        }
        self.leaves_granted += usize::from(granted);
        self.leaves_refused += usize::from(!granted);
    }

    fn run_finished(&mut self, now: f64) {
        self.end = now;
    }
}

/// A random single-pool day of `hours` hours with two or three shift groups.
fn schedule() -> impl Strategy<Value = String> {
    (
        4u32..=10,                       // hours open
        (60.0f64..400.0),                // calls per hour
        (2u32..12, 2u32..12, 0u32..8),   // agents per group
        (0u32..3, 1u32..4),              // early start offset, late end offset (half hours)
        (any::<bool>(), any::<bool>(), 1u32..3, 0u32..3),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        (0u64..1000),
    )
        .prop_map(|(hours, rate, agents, offsets, rules, extras, seed)| {
            let (a, b, c) = agents;
            let (wait_rule, stagger, n, k) = rules;
            let (meeting, leave, miss) = extras;
            let close = hours * 60;
            let early_end = (close / 2 + 30 * offsets.0).min(close);
            let late_start = (close / 2).saturating_sub(30 * offsets.1);
            let clock = |m: u32| format!("\"{:02}:{:02}\"", 8 + m / 60, m % 60);
            let mut t = format!(
                "name = \"w\"\nseed = {seed}\nprep_time = [\"5m\", \"15m\"]\n[time]\nduration = \"{hours}h\"\ninterval = \"30m\"\nstart = \"08:00\"\n\
                 [arrivals]\nrate_per_hour = {rate:.1}\n[handle_time]\ndistribution = \"exponential\"\nmean = \"4m\"\n\
                 [wrap_up]\ndistribution = \"constant\"\nmean = \"20s\"\n\
                 [patience]\ndistribution = \"exponential\"\nmean = \"2m\"\n"
            );
            t.push_str(&format!(
                "[[shifts]]\nname = \"early\"\nstart = \"08:00\"\nend = {}\nagents = {a}\n",
                clock(early_end)
            ));
            if early_end > 90 {
                t.push_str(&format!(
                    "[[shifts.breaks]]\nduration = \"10m\"\nwindow = [{}, {}]\n",
                    clock(30),
                    clock(60)
                ));
            }
            t.push_str(&format!(
                "[[shifts]]\nname = \"late\"\nstart = {}\nend = {}\nagents = {b}\n",
                clock(late_start),
                clock(close)
            ));
            if close - late_start > 120 {
                t.push_str(&format!(
                    "[[shifts.breaks]]\nkind = \"lunch\"\nduration = \"30m\"\nwindow = [{}, {}]\n\
                     [[shifts.breaks]]\nduration = \"10m\"\nwindow = [{}, {}]\n",
                    clock(late_start + 30),
                    clock(late_start + 60),
                    clock(late_start + 60),
                    clock(late_start + 90)
                ));
            }
            if c > 0 {
                t.push_str(&format!(
                    "[[shifts]]\nname = \"split\"\nstart = \"08:00\"\nend = {}\nagents = {c}\n\
                     [[shifts]]\nname = \"split\"\nstart = {}\nend = {}\n",
                    clock(60),
                    clock(close / 2),
                    clock(close)
                ));
            }
            t.push_str(&format!(
                "[breaks]\nno_break_while_waiting = {wait_rule}\nwaiting_threshold = {n}\nstaggered = {stagger}\n\
                 max_on_break = {}\nmax_deferral = \"20m\"\non_max_deferral = \"{}\"\n\
                 overrun = {{ distribution = \"exponential\", mean = \"1m\" }}\n",
                k.max(1),
                if miss { "miss" } else { "take" }
            ));
            if meeting {
                t.push_str(&format!("[[meetings]]\nstart = {}\nduration = \"20m\"\n", clock(close / 2)));
            }
            if leave {
                t.push_str(
                    "[personal_leave]\nper_agent_day = 2\nduration = { distribution = \"exponential\", mean = \"10m\" }\n",
                );
            }
            t
        })
}

fn check(text: &str) -> Checker {
    let s = load_str(text, "w.toml", Path::new("."), &[]).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let mut checker = Checker::new(&s);
    let info = simulate(&s, 0, &mut checker).unwrap();
    checker.verify(info.end_time.max(checker.end));
    checker
}

proptest! {
    #![proptest_config(crate::common::proptest_config(64))]
    #[test]
    fn shift_runs_keep_every_invariant(text in schedule()) {
        check(&text);
    }
}

/// A busy day with every rule on exercises deferral, forcing and leave.
#[test]
fn a_busy_day_defers_forces_and_grants() {
    let text = r#"name = "busy"
prep_time = ["15m", "20m"]
[time]
duration = "10h"
start = "08:00"
[arrivals]
rate_per_hour = 220
[handle_time]
distribution = "exponential"
mean = "5m"
[patience]
distribution = "exponential"
mean = "3m"
[[shifts]]
name = "early"
start = "08:00"
end = "14:00"
agents = 12
[[shifts.breaks]]
duration = "15m"
window = ["09:30", "10:00"]
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["11:30", "12:30"]
[[shifts]]
name = "late"
start = "12:00"
end = "18:00"
agents = 12
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["14:00", "15:00"]
[[shifts.breaks]]
duration = "15m"
window = ["16:00", "16:30"]
[breaks]
max_on_break = 2
max_deferral = "15m"
overrun = { distribution = "exponential", mean = "2m" }
[[meetings]]
start = "13:00"
duration = "30m"
[personal_leave]
per_agent_day = 1
duration = { distribution = "exponential", mean = "15m" }
min_available = 9
"#;
    let c = check(text);
    assert!(c.breaks_taken > 30, "{} breaks", c.breaks_taken);
    assert!(c.leaves_granted > 5, "{} leaves", c.leaves_granted);
    eprintln!(
        "breaks taken {}, deferred {}, forced {}; leave granted {}, refused {}",
        c.breaks_taken, c.breaks_deferred, c.breaks_forced, c.leaves_granted, c.leaves_refused
    );
    assert!(c.breaks_deferred > 5 && c.breaks_forced > 0 && c.leaves_refused > 0);
}

/// The five-tier desk staffed by shifts: tiers keep their own breaks,
/// staggering, meetings and leave, and every invariant holds.
#[test]
fn a_tiered_desk_on_shifts_keeps_every_invariant() {
    let desk = std::fs::read_to_string(crate::cli::repo("scenarios/helpdesk-tiers.toml")).unwrap();
    let mut text: String = desk
        .lines()
        .filter(|l| !l.starts_with("agents = "))
        .map(|l| format!("{l}\n"))
        .collect();
    text = format!("prep_time = [\"10m\", \"15m\"]\n{text}");
    text.push_str(
        r#"
[[shifts]]
name = "early"
start = "07:45"
end = "14:00"
agents = [12, 4, 2, 1, 1]
[[shifts.breaks]]
duration = "15m"
window = ["09:30", "10:30"]
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["12:00", "13:00"]
[[shifts]]
name = "late"
start = "11:45"
end = "18:00"
agents = [12, 3, 2, 1, 1]
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["13:30", "14:30"]
[breaks]
max_on_break = 2
[[meetings]]
start = "15:00"
duration = "30m"
tiers = [2, 3]
[personal_leave]
per_agent_day = 0.5
duration = { distribution = "exponential", mean = "15m" }
"#,
    );
    let c = check(&text);
    assert!(c.breaks_taken > 40, "{} breaks", c.breaks_taken);
}

/// Issue 13 R3: four agents, 40 calls/h of 12 minutes, three leave requests
/// per agent-day. Leave asked for during a call used to be granted at once
/// and to start when the call ended, when two others were no longer
/// available (seed 2: three of four away at 08:27:21). The checker sees the
/// leave start exactly when it is granted, with two others available.
#[test]
fn leave_starts_only_with_two_others_available() {
    let mut granted = 0;
    let mut refused = 0;
    for seed in 1..=8 {
        let text = format!(
            r#"name = "leave"
seed = {seed}
prep_time = "0s"
[time]
duration = "8h"
start = "08:00"
[arrivals]
rate_per_hour = 40
[handle_time]
distribution = "constant"
mean = "12m"
[[shifts]]
name = "day"
start = "08:00"
end = "16:00"
agents = 4
[personal_leave]
per_agent_day = 3
duration = {{ distribution = "constant", mean = "20m" }}
min_available = 2
"#
        );
        let c = check(&text);
        granted += c.leaves_granted;
        refused += c.leaves_refused;
    }
    assert!(
        granted > 20 && refused > 0,
        "{granted} granted, {refused} refused"
    );
}

/// The R7 desk: six agents, at most one on a break, breaks forced after an
/// hour's deferral. Forced breaks used to start regardless of the others:
/// all six away at once while callers waited.
fn forced_breaks(seed: u64, rate: u32) -> String {
    format!(
        r#"name = "forced"
seed = {seed}
prep_time = "0s"
[time]
duration = "8h"
start = "08:00"
[arrivals]
rate_per_hour = {rate}
[handle_time]
distribution = "exponential"
mean = "5m"
[patience]
distribution = "exponential"
mean = "10m"
[[shifts]]
name = "day"
start = "08:00"
end = "16:00"
agents = 6
[[shifts.breaks]]
duration = "15m"
window = ["09:00", "09:30"]
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["12:00", "12:30"]
[breaks]
no_break_while_waiting = true
waiting_threshold = 1
staggered = true
max_on_break = 1
max_deferral = "60m"
on_max_deferral = "take"
"#
    )
}

/// Issue 13 R7: a forced break overrides the waiting rule, never
/// staggering; it waits for a free slot. Overloaded and busy desks, several
/// seeds, and the shipped `helpdesk-shifts` (at most 3 away).
#[test]
fn a_forced_break_waits_for_a_staggering_slot() {
    let mut forced = 0;
    for seed in 1..=4 {
        for rate in [70, 90, 120] {
            let c = check(&forced_breaks(seed, rate));
            // A forced break still waiting for a slot when the shift ends
            // is missed.
            assert_eq!(
                c.breaks_taken + c.breaks_missed,
                12,
                "seed {seed}, {rate}/h"
            );
            forced += c.breaks_forced;
        }
    }
    assert!(forced > 20, "{forced} forced breaks");
    let shifts =
        std::fs::read_to_string(crate::cli::repo("scenarios/helpdesk-shifts.toml")).unwrap();
    let c = check(&shifts);
    assert!(c.breaks_forced > 0, "helpdesk-shifts forces breaks");
}

/// A three-tier desk on two shifts with breaks, the waiting rule and
/// staggering, under `routing.agent = choice` and `routing.overflow`; the
/// entry tier is overloaded at `rate` calls per hour.
fn tiers_on_shifts(choice: &str, overflow: bool, seed: u64, rate: u32) -> String {
    tiers_on_shifts_for(choice, overflow, seed, rate, 9)
}

/// [`tiers_on_shifts`] over `hours` from 08:00 (the shifts repeat daily).
fn tiers_on_shifts_for(choice: &str, overflow: bool, seed: u64, rate: u32, hours: u32) -> String {
    format!(
        r#"name = "tiers-on-shifts"
seed = {seed}
prep_time = ["5m", "10m"]
[time]
duration = "{hours}h"
start = "08:00"
[arrivals]
rate_per_hour = {rate}
[handle_time]
distribution = "exponential"
mean = "4m"
[patience]
distribution = "exponential"
mean = "4m"
[calls]
complexity = {{ basic = 0.6, intermediate = 0.3, complex = 0.1 }}
topics = {{ network = 0.5, sap = 0.5 }}
[[tiers]]
level = 1
skills = ["network", "sap"]
diagnosis = "30s"
resolve = {{ basic = 0.9, intermediate = 0.5, complex = 0.1 }}
[[tiers]]
level = 2
skills = ["network"]
handle_factor = 1.2
resolve = {{ basic = 1.0, intermediate = 0.9, complex = 0.5 }}
[[tiers]]
level = 3
skills = ["network", "sap"]
handle_factor = 1.5
[routing]
agent = "{choice}"
overflow = {overflow}
[transfer]
policy = "cold"
[[shifts]]
name = "early"
start = "08:00"
end = "13:00"
agents = [5, 2, 1]
[[shifts.breaks]]
duration = "15m"
window = ["09:30", "10:30"]
[[shifts]]
name = "late"
start = "11:30"
end = "17:00"
agents = [5, 2, 2]
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["13:00", "14:30"]
[[shifts.breaks]]
duration = "15m"
window = ["15:00", "16:00"]
[breaks]
no_break_while_waiting = true
waiting_threshold = 1
staggered = true
max_on_break = 2
max_deferral = "30m"
on_max_deferral = "take"
[personal_leave]
per_agent_day = 1
duration = {{ distribution = "exponential", mean = "10m" }}
min_available = 1
"#
    )
}

/// Issue 13 section 6: the waiting rule counts the callers waiting for every
/// tier the agent serves. With overflow, tier 2 and 3 agents also take the
/// entry tier's callers, so their breaks wait while those callers do. Every
/// routing option is covered, on shifts with breaks. Counting only the
/// agent's own tier makes this fail (checked by planting that fault).
#[test]
fn the_waiting_rule_counts_every_tier_an_agent_serves() {
    for choice in ["lowest_tier", "longest_idle"] {
        for overflow in [false, true] {
            let (mut deferred, mut taken) = (0, 0);
            for seed in 1..=3 {
                for rate in [60, 110] {
                    let c = check(&tiers_on_shifts(choice, overflow, seed, rate));
                    deferred += c.breaks_deferred;
                    taken += c.breaks_taken;
                }
            }
            assert!(
                deferred > 10 && taken > 40,
                "{choice}, overflow {overflow}: {deferred} deferred, {taken} taken"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Every routing option on a tiered desk on shifts, one or two days,
    /// light to overloaded: every invariant holds.
    #[test]
    fn tiered_shift_runs_keep_every_invariant(
        longest_idle in any::<bool>(),
        overflow in any::<bool>(),
        seed in 0u64..1000,
        rate in 40u32..160,
        hours in prop_oneof![Just(9u32), Just(33u32)],
    ) {
        let choice = if longest_idle { "longest_idle" } else { "lowest_tier" };
        check(&tiers_on_shifts_for(choice, overflow, seed, rate, hours));
    }
}
