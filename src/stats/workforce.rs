//! Workforce statistics: each agent's time by state, breaks, leave, overtime
//! and daily quota; the desk's shrinkage and adherence; agents scheduled,
//! available and on break per interval.
//!
//! A separate observer from [`Recorder`](super::Recorder), added only to
//! runs with shifts. Agent figures cover the whole run (warm-up included:
//! an agent's day is not split), interval figures the measurement window.

use serde::Serialize;

use super::ratio;
use super::time_weighted::TimeWeighted;
use crate::engine::Time;
use crate::model::{AgentState, BreakRecord, Observer, VisitRecord, roster};
use crate::scenario::{Scenario, Workforce};

/// One agent's day(s), for `agents.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentRow {
    /// The agent's number, as in the records an observer receives.
    pub agent: u32,
    /// The agent's tier level (1 for the entry tier).
    pub tier: u8,
    /// The name of the agent's shift group.
    pub shift: String,
    /// Seconds logged in and waiting for a call.
    pub idle_seconds: f64,
    /// Seconds talking with callers.
    pub talk_seconds: f64,
    /// Seconds with a caller on hold.
    pub hold_seconds: f64,
    /// Seconds of after-call work.
    pub wrap_up_seconds: f64,
    /// Seconds of preparation after login.
    pub prep_seconds: f64,
    /// Seconds on short breaks.
    pub break_seconds: f64,
    /// Seconds at lunch.
    pub lunch_seconds: f64,
    /// Seconds in meetings.
    pub meeting_seconds: f64,
    /// Seconds on personal leave.
    pub leave_seconds: f64,
    /// Part of the time above after the shift's end, finishing calls.
    pub overtime_seconds: f64,
    /// Seconds logged out.
    pub offline_seconds: f64,
    /// Visits taken (callbacks included).
    pub calls_handled: u64,
    /// Days with a shift worked (a shift belongs to the day it is scheduled
    /// on, even if it starts before the run or before midnight).
    pub days_worked: u32,
    /// Days on which the agent handled at least the daily quota.
    pub days_quota_met: u32,
    /// The quota was met on every day worked.
    pub quota_met: bool,
    /// Breaks and lunches taken.
    pub breaks_taken: u32,
    /// Held back at least once by a rule.
    pub breaks_deferred: u32,
    /// Breaks and lunches lost.
    pub breaks_missed: u32,
    /// Seconds from falling due to starting, over the breaks taken.
    pub break_delay_seconds: f64,
    /// Seconds taken beyond the breaks' planned lengths.
    pub break_overrun_seconds: f64,
    /// Leave requests granted.
    pub leave_granted: u32,
    /// Leave requests refused.
    pub leave_refused: u32,
}

/// The workforce section of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkforceSummary {
    /// Agents of the run, every tier.
    pub agents: usize,
    /// Agent time logged in (shift time plus overtime).
    pub paid_seconds: f64,
    /// Logged in and able to take calls: idle, talk, hold, wrap-up.
    pub available_seconds: f64,
    /// Share of paid time not available for calls, and its causes.
    pub shrinkage: Option<f64>,
    /// Share of paid time in preparation.
    pub shrinkage_prep: Option<f64>,
    /// Share of paid time on short breaks.
    pub shrinkage_break: Option<f64>,
    /// Share of paid time at lunch.
    pub shrinkage_lunch: Option<f64>,
    /// Share of paid time in meetings.
    pub shrinkage_meeting: Option<f64>,
    /// Share of paid time on leave.
    pub shrinkage_leave: Option<f64>,
    /// Breaks and lunches due (taken or missed).
    pub breaks_due: u64,
    /// Breaks and lunches taken.
    pub breaks_taken: u64,
    /// Held back at least once by a rule.
    pub breaks_deferred: u64,
    /// Started at the deferral limit, overriding the rules.
    pub breaks_forced: u64,
    /// Lost: still deferred at the limit, or the shift ended first.
    pub breaks_missed: u64,
    /// Breaks started within their window / breaks due.
    pub break_adherence: Option<f64>,
    /// Mean seconds from falling due to starting, over the breaks taken.
    pub mean_break_delay_seconds: Option<f64>,
    /// Seconds taken beyond the breaks' planned lengths.
    pub break_overrun_seconds: f64,
    /// Leave requests granted.
    pub leave_granted: u64,
    /// Leave requests refused.
    pub leave_refused: u64,
    /// Seconds worked after the shifts' ends, finishing calls.
    pub overtime_seconds: f64,
    /// Calls each agent should handle per day.
    pub daily_quota: u32,
    /// Days worked, summed over the agents.
    pub agent_days: u64,
    /// Agent-days below the daily quota.
    pub agent_days_below_quota: u64,
}

/// The workforce part of a run's reports.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkforceResults {
    /// The figures of the whole workforce.
    pub summary: WorkforceSummary,
    /// One row per agent, in engine order.
    pub agents: Vec<AgentRow>,
    /// Per interval (all of them, warm-up included): mean agents logged in,
    /// on duty (available for calls), on break or lunch.
    pub intervals: Vec<[f64; 3]>,
    /// Per interval: mean agents in each state, indexed by
    /// [`AgentState::index`], for the agent-states chart.
    pub state_intervals: Vec<[f64; 10]>,
}

#[derive(Debug, Clone, Default)]
struct AgentBook {
    state: Option<AgentState>,
    since: Time,
    time_in: [f64; 10],
    overtime_since: Option<Time>,
    overtime: f64,
    /// Calls handled on each day worked (day index → count).
    calls_by_day: Vec<(u32, u64)>,
    /// Days worked: the day each shift was scheduled on (as the engine
    /// reports it at login, not the clock's day: a 07:40 shift in a run that
    /// starts at 08:00 belongs to the next day), with the first login.
    days_worked: Vec<(u32, Time)>,
    breaks_taken: u32,
    breaks_deferred: u32,
    breaks_forced: u32,
    breaks_missed: u32,
    breaks_adherent: u32,
    break_delay: f64,
    break_overrun: f64,
    leave_granted: u32,
    leave_refused: u32,
}

/// Keeps each agent's books and the desk's staffing over time.
#[derive(Debug, Clone)]
pub struct WorkforceRecorder {
    w: Workforce,
    /// Each agent's tier and shift group, in engine order.
    roster: Vec<(u8, u16)>,
    books: Vec<AgentBook>,
    logged_in: u32,
    available: u32,
    on_break: u32,
    curves: [TimeWeighted; 3],
    /// Agents in each state now, and its curve over time.
    in_state: [u32; 10],
    state_curves: Vec<TimeWeighted>,
    end: Time,
}

impl WorkforceRecorder {
    /// A recorder for `scenario`, or `None` if it has no shifts.
    pub fn new(scenario: &Scenario) -> Option<Self> {
        let w = scenario.workforce.clone()?;
        let tiers = scenario.helpdesk.as_ref().map_or(1, |d| d.tiers.len());
        let per_tier: Vec<u32> = scenario
            .helpdesk
            .as_ref()
            .map_or(vec![scenario.agents], |d| {
                d.tiers.iter().map(|t| t.agents).collect()
            });
        let roster = roster(tiers, &per_tier, Some(&w));
        let time = &scenario.time;
        let n = time.interval_count();
        let curve = || TimeWeighted::new(0.0, time.duration, time.interval, n);
        let roster_len = roster.len() as u32;
        let mut recorder = Self {
            books: vec![
                AgentBook {
                    state: Some(AgentState::Offline),
                    ..AgentBook::default()
                };
                roster.len()
            ],
            roster,
            w,
            logged_in: 0,
            available: 0,
            on_break: 0,
            curves: [curve(), curve(), curve()],
            in_state: std::array::from_fn(|i| {
                if i == AgentState::Offline.index() {
                    roster_len
                } else {
                    0
                }
            }),
            state_curves: AgentState::ALL.iter().map(|_| curve()).collect(),
            end: 0.0,
        };
        recorder.state_curves[AgentState::Offline.index()].set(0.0, f64::from(roster_len));
        Some(recorder)
    }

    fn count(state: AgentState) -> [u32; 3] {
        [
            u32::from(state != AgentState::Offline),
            u32::from(state.available()),
            u32::from(matches!(state, AgentState::Break | AgentState::Lunch)),
        ]
    }

    /// The reports' workforce figures.
    pub fn results(&self, scenario: &Scenario) -> WorkforceResults {
        let quota = u64::from(self.w.daily_quota);
        let mut agents = Vec::with_capacity(self.books.len());
        let mut s = WorkforceSummary {
            agents: self.books.len(),
            paid_seconds: 0.0,
            available_seconds: 0.0,
            shrinkage: None,
            shrinkage_prep: None,
            shrinkage_break: None,
            shrinkage_lunch: None,
            shrinkage_meeting: None,
            shrinkage_leave: None,
            breaks_due: 0,
            breaks_taken: 0,
            breaks_deferred: 0,
            breaks_forced: 0,
            breaks_missed: 0,
            break_adherence: None,
            mean_break_delay_seconds: None,
            break_overrun_seconds: 0.0,
            leave_granted: 0,
            leave_refused: 0,
            overtime_seconds: 0.0,
            daily_quota: self.w.daily_quota,
            agent_days: 0,
            agent_days_below_quota: 0,
        };
        let mut by_state = [0.0; 10];
        let mut adherent = 0u64;
        let mut delay = 0.0;
        for (i, b) in self.books.iter().enumerate() {
            let mut t = b.time_in;
            if let Some(state) = b.state {
                t[state.index()] += self.end - b.since;
            }
            let mut overtime = b.overtime;
            if let Some(since) = b.overtime_since {
                overtime += self.end - since;
            }
            for (total, x) in by_state.iter_mut().zip(t) {
                *total += x;
            }
            let days_met = b
                .days_worked
                .iter()
                .filter(|(d, _)| {
                    b.calls_by_day
                        .iter()
                        .find(|(day, _)| day == d)
                        .map_or(0, |(_, n)| *n)
                        >= quota
                })
                .count() as u32;
            let days = b.days_worked.len() as u32;
            let (tier, group) = self.roster[i];
            agents.push(AgentRow {
                agent: i as u32,
                tier: tier + 1,
                shift: self.w.groups[usize::from(group)].clone(),
                offline_seconds: t[AgentState::Offline.index()],
                prep_seconds: t[AgentState::Prep.index()],
                idle_seconds: t[AgentState::Idle.index()],
                talk_seconds: t[AgentState::Talk.index()],
                hold_seconds: t[AgentState::Hold.index()],
                wrap_up_seconds: t[AgentState::WrapUp.index()],
                break_seconds: t[AgentState::Break.index()],
                lunch_seconds: t[AgentState::Lunch.index()],
                meeting_seconds: t[AgentState::Meeting.index()],
                leave_seconds: t[AgentState::Leave.index()],
                overtime_seconds: overtime,
                calls_handled: b.calls_by_day.iter().map(|(_, n)| n).sum(),
                days_worked: days,
                days_quota_met: days_met,
                quota_met: days > 0 && days_met == days,
                breaks_taken: b.breaks_taken,
                breaks_deferred: b.breaks_deferred,
                breaks_missed: b.breaks_missed,
                break_delay_seconds: b.break_delay,
                break_overrun_seconds: b.break_overrun,
                leave_granted: b.leave_granted,
                leave_refused: b.leave_refused,
            });
            s.breaks_taken += u64::from(b.breaks_taken);
            s.breaks_deferred += u64::from(b.breaks_deferred);
            s.breaks_forced += u64::from(b.breaks_forced);
            s.breaks_missed += u64::from(b.breaks_missed);
            adherent += u64::from(b.breaks_adherent);
            delay += b.break_delay;
            s.break_overrun_seconds += b.break_overrun;
            s.leave_granted += u64::from(b.leave_granted);
            s.leave_refused += u64::from(b.leave_refused);
            s.overtime_seconds += overtime;
            s.agent_days += u64::from(days);
            s.agent_days_below_quota += u64::from(days - days_met);
        }
        let paid: f64 = by_state.iter().sum::<f64>() - by_state[AgentState::Offline.index()];
        let available: f64 = AgentState::ALL
            .iter()
            .filter(|st| st.available())
            .map(|st| by_state[st.index()])
            .sum();
        let share = |x: f64| ratio(x, paid);
        s.paid_seconds = paid;
        s.available_seconds = available;
        s.shrinkage = share(paid - available);
        s.shrinkage_prep = share(by_state[AgentState::Prep.index()]);
        s.shrinkage_break = share(by_state[AgentState::Break.index()]);
        s.shrinkage_lunch = share(by_state[AgentState::Lunch.index()]);
        s.shrinkage_meeting = share(by_state[AgentState::Meeting.index()]);
        s.shrinkage_leave = share(by_state[AgentState::Leave.index()]);
        s.breaks_due = s.breaks_taken + s.breaks_missed;
        s.break_adherence = ratio(adherent as f64, s.breaks_due as f64);
        s.mean_break_delay_seconds = ratio(delay, s.breaks_taken as f64);
        let intervals = (0..scenario.time.interval_count())
            .map(|k| {
                let mean = |c: &TimeWeighted| c.interval_mean(k).unwrap_or(0.0);
                [
                    mean(&self.curves[0]),
                    mean(&self.curves[1]),
                    mean(&self.curves[2]),
                ]
            })
            .collect();
        let state_intervals = (0..scenario.time.interval_count())
            .map(|k| std::array::from_fn(|i| self.state_curves[i].interval_mean(k).unwrap_or(0.0)))
            .collect();
        WorkforceResults {
            summary: s,
            agents,
            intervals,
            state_intervals,
        }
    }
}

impl Observer for WorkforceRecorder {
    fn agent_state(&mut self, now: Time, agent: u32, state: AgentState) {
        let b = &mut self.books[agent as usize];
        let old = b.state.unwrap_or(AgentState::Offline);
        b.time_in[old.index()] += now - b.since;
        b.since = now;
        b.state = Some(state);
        if state == AgentState::Offline
            && let Some(since) = b.overtime_since.take()
        {
            b.overtime += now - since;
        }
        let (before, after) = (Self::count(old), Self::count(state));
        self.logged_in = self.logged_in + after[0] - before[0];
        self.available = self.available + after[1] - before[1];
        self.on_break = self.on_break + after[2] - before[2];
        for (curve, value) in
            self.curves
                .iter_mut()
                .zip([self.logged_in, self.available, self.on_break])
        {
            curve.set(now, f64::from(value));
        }
        if old != state {
            self.in_state[old.index()] -= 1;
            self.in_state[state.index()] += 1;
            for s in [old, state] {
                let i = s.index();
                self.state_curves[i].set(now, f64::from(self.in_state[i]));
            }
        }
    }

    fn overtime_started(&mut self, now: Time, agent: u32) {
        self.books[agent as usize].overtime_since = Some(now);
    }

    fn shift_started(&mut self, now: Time, agent: u32, day: u32) {
        let b = &mut self.books[agent as usize];
        if !b.days_worked.iter().rev().any(|&(d, _)| d == day) {
            b.days_worked.push((day, now));
        }
    }

    fn visit_finished(&mut self, _now: Time, v: &VisitRecord) {
        let Some(agent) = v.agent else {
            return;
        };
        // The day of the shift the agent answered it in.
        let answered = v.entered + v.wait;
        let b = &mut self.books[agent as usize];
        let day = b
            .days_worked
            .iter()
            .rev()
            .find(|&&(_, since)| since <= answered)
            .map_or(0, |&(d, _)| d);
        // Days are pushed in order and calls come from recent days: search
        // from the back, so the cost stays flat over a long horizon.
        match b.calls_by_day.iter_mut().rev().find(|(d, _)| *d == day) {
            Some((_, n)) => *n += 1,
            None => b.calls_by_day.push((day, 1)),
        }
    }

    fn break_finished(&mut self, _now: Time, r: &BreakRecord) {
        let b = &mut self.books[r.agent as usize];
        b.breaks_deferred += u32::from(r.deferred);
        b.breaks_forced += u32::from(r.forced);
        if r.missed {
            b.breaks_missed += 1;
            return;
        }
        b.breaks_taken += 1;
        b.breaks_adherent += u32::from(r.adherent);
        b.break_delay += r.started - r.due;
        b.break_overrun += r.overrun;
    }

    fn leave_requested(&mut self, _now: Time, agent: u32, granted: bool) {
        let b = &mut self.books[agent as usize];
        if granted {
            b.leave_granted += 1;
        } else {
            b.leave_refused += 1;
        }
    }

    fn run_finished(&mut self, now: Time) {
        for c in self.curves.iter_mut().chain(&mut self.state_curves) {
            c.advance(now);
        }
        self.end = now;
    }
}
