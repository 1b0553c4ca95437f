//! The validated workforce: who works when, and the break, meeting and
//! leave rules enforced while the simulation runs (DOMAIN.md, seed 003).
//!
//! Times are seconds from the scenario's start (its `time.start` clock), on
//! the first day; the model repeats shifts, breaks and meetings every 24
//! hours over a multi-day horizon.

use super::types::DistributionSpec;

/// Shifts, preparation time, break rules, meetings, leave and quota.
#[derive(Debug, Clone, PartialEq)]
pub struct Workforce {
    /// Shift periods in file order. Periods with the same `group` are worked
    /// by the same agents (a split shift).
    pub shifts: Vec<Shift>,
    /// Names of the agent groups, one per distinct shift name.
    pub groups: Vec<String>,
    /// Agents of each group per tier: `group_agents[g][tier]`.
    pub group_agents: Vec<Vec<u32>>,
    /// Preparation after each login, drawn uniformly from `[min, max]`
    /// seconds; the agent takes no call meanwhile.
    pub prep: (f64, f64),
    pub rules: BreakRules,
    pub meetings: Vec<Meeting>,
    pub leave: Option<PersonalLeave>,
    /// Calls each agent should handle per day (reported, not enforced).
    pub daily_quota: u32,
}

/// One period of work of a group of agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    pub name: String,
    /// Index into `Workforce::groups`.
    pub group: usize,
    /// Login and logout, seconds from the scenario's start on the first day
    /// (`end > start`; a shift past midnight ends after 86,400).
    pub start: f64,
    pub end: f64,
    /// Breaks and lunches in this period, in window order.
    pub breaks: Vec<Break>,
}

/// A break entitlement: it falls due at the start of its window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub kind: BreakKind,
    /// Planned length (seconds); overruns come on top.
    pub duration: f64,
    /// The break should start within `[window.0, window.1]` (seconds from
    /// the scenario's start, inside the shift).
    pub window: (f64, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BreakKind {
    Break,
    Lunch,
}

impl BreakKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Break => "break",
            Self::Lunch => "lunch",
        }
    }
}

/// The rules a trainer switches on and off. A break never interrupts a call
/// in progress: that is a law of the model, not a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakRules {
    /// `Some(n)`: no break or lunch starts while `n` or more calls wait for
    /// the agent's tier; it is deferred.
    pub no_break_while_waiting: Option<u32>,
    /// `Some(k)`: at most `k` agents of a tier on break or lunch at once.
    pub staggered: Option<u32>,
    /// How long after its window closes a deferred break may still wait.
    pub max_deferral: f64,
    /// What happens to a break still deferred then.
    pub on_max_deferral: DeferralAction,
    /// Extra minutes taken beyond the planned length; `None`: breaks end on
    /// time.
    pub overrun: Option<DistributionSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeferralAction {
    /// The break is taken anyway, as soon as the current call ends.
    Take,
    /// The break is lost and counted as missed.
    Miss,
}

/// A meeting or training session of some tiers' agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    pub name: String,
    /// Start (seconds from the scenario's start on the first day) and length.
    pub start: f64,
    pub duration: f64,
    /// Days of the run it happens on, from 0; `None`: every day.
    pub days: Option<Vec<u32>>,
    /// `tiers[j]`: agents of tier `j` attend...
    pub tiers: Vec<bool>,
    /// ...if their shift group `g` has `groups[g]`.
    pub groups: Vec<bool>,
}

/// Personal or family leave requests (seed 003).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalLeave {
    /// Expected requests per agent per day, spread uniformly over the shift.
    pub per_agent_day: f64,
    pub duration: DistributionSpec,
    /// Granted only if at least this many other agents of the tier are
    /// available for calls; otherwise asked again after `retry`.
    pub min_available: u32,
    pub retry: f64,
}
