//! The validated workforce: who works when, and the break, meeting and
//! leave rules enforced while the simulation runs.
//!
//! Times are seconds from the scenario's start (its `time.start` clock), on
//! the first day; the model repeats shifts, breaks and meetings every 24
//! hours over a multi-day horizon.
//!
//! One file per table: `shifts.rs` (with `[[shifts.breaks]]`),
//! `breaks.rs` (the `[breaks]` rules), `meetings.rs` and `leave.rs`
//! (`[personal_leave]`). This file holds the workforce as a whole, its two
//! top-level keys (`prep_time`, `daily_quota`) and the checks across
//! tables. Shifts give the agent counts, so they are validated before the
//! help desk; the desk then takes its tiers' agents from here.

mod breaks;
mod leave;
mod meetings;
mod shifts;

use std::path::Path;

pub(crate) use breaks::RawBreakRules;
pub use breaks::{BreakRules, DeferralAction};
pub use leave::PersonalLeave;
pub(crate) use leave::RawLeave;
pub use meetings::Meeting;
pub(crate) use meetings::RawMeeting;
pub use shifts::{Break, BreakKind, Shift};
pub(crate) use shifts::{RawBreak, RawShift};

use crate::scenario::document::RawScenario;
use crate::scenario::duration::{DAY, format_duration};
use crate::scenario::error::{ErrorKind, ScenarioError, invalid};
use crate::scenario::limits::{MAX_AGENTS, MAX_SHIFT_PERIODS};
use crate::scenario::time::TimeSpec;
use crate::scenario::values::count;

/// Preparation after logging in, before the first call: 15 to 20 minutes.
const DEFAULT_PREP: (f64, f64) = (900.0, 1200.0);

const DEFAULT_QUOTA: i64 = 30;

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
    /// When breaks may be taken and what defers them.
    pub rules: BreakRules,
    /// Meetings and training sessions that take agents off the phones.
    pub meetings: Vec<Meeting>,
    /// Personal leave requests; `None`: agents never ask for leave.
    pub leave: Option<PersonalLeave>,
    /// Calls each agent should handle per day (reported, not enforced).
    pub daily_quota: u32,
}

/// The workforce of a file with `tiers` tiers (1 for a single pool), or
/// `None` if it has no `[[shifts]]`; with it, whether it changes nothing
/// (one shift over the whole run, no preparation, breaks, meetings or
/// leave), in which case the run is the plain pool.
pub(crate) fn validate_workforce(
    raw: &RawScenario,
    time: &TimeSpec,
    tiers: usize,
    base_dir: &Path,
) -> Result<Option<(Workforce, bool)>, ScenarioError> {
    let Some(raw_shifts) = &raw.shifts else {
        for (present, key) in [
            (raw.breaks.is_some(), "breaks"),
            (raw.meetings.is_some(), "meetings"),
            (raw.personal_leave.is_some(), "personal_leave"),
            (raw.prep_time.is_some(), "prep_time"),
            (raw.daily_quota.is_some(), "daily_quota"),
        ] {
            if present {
                return Err(ScenarioError::at_key(
                    ErrorKind::MissingKey,
                    key,
                    format!(
                        "`{key}` needs `[[shifts]]`: without shifts every agent works the whole run"
                    ),
                )
                .with_help("add `[[shifts]]` tables with `name`, `start`, `end` and `agents`"));
            }
        }
        return Ok(None);
    };
    if raw_shifts.is_empty() || raw_shifts.len() > MAX_SHIFT_PERIODS {
        return Err(invalid(
            "shifts",
            format!(
                "{} `[[shifts]]`: expected 1 to {MAX_SHIFT_PERIODS}",
                raw_shifts.len()
            ),
        ));
    }
    let mut groups: Vec<String> = Vec::new();
    let mut group_agents: Vec<Vec<u32>> = Vec::new();
    let mut shifts = Vec::with_capacity(raw_shifts.len());
    for (i, raw_shift) in raw_shifts.iter().enumerate() {
        let shift =
            shifts::validate_shift(i, raw_shift, time, tiers, &mut groups, &mut group_agents)?;
        for (j, other) in shifts.iter().enumerate() {
            let other: &Shift = other;
            if other.group == shift.group && shifts::overlaps(other, &shift) {
                return Err(ScenarioError::at_key(
                    ErrorKind::Conflict,
                    format!("shifts[{i}].start"),
                    format!(
                        "shift {:?} ({}) overlaps its period `shifts[{j}]` ({}): the same agents cannot work both",
                        shift.name,
                        shifts::span(&shift, time),
                        shifts::span(other, time)
                    ),
                )
                .with_label("overlaps an earlier period of the same shift")
                .with_help("entries with the same `name` are the same agents; give a different shift another name"));
            }
        }
        shifts.push(shift);
    }
    let total: u64 = group_agents.iter().flatten().map(|&a| u64::from(a)).sum();
    if total == 0 || total > u64::from(MAX_AGENTS) {
        return Err(invalid(
            "shifts",
            format!("the shifts have {total} agents in all: expected 1 to {MAX_AGENTS}"),
        ));
    }
    let prep = match raw.prep_time {
        None => DEFAULT_PREP,
        Some(p) if p.0 <= p.1 => (p.0, p.1),
        Some(p) => {
            return Err(invalid(
                "prep_time",
                format!(
                    "`prep_time` range [{}, {}] is reversed: expected [min, max]",
                    format_duration(p.0),
                    format_duration(p.1)
                ),
            ));
        }
    };
    let rules = breaks::validate_rules(raw.breaks.as_ref(), &shifts, base_dir)?;
    let meetings = raw
        .meetings
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, m)| meetings::validate_meeting(i, m, time, tiers, &groups))
        .collect::<Result<Vec<_>, _>>()?;
    let leave = raw
        .personal_leave
        .as_ref()
        .map(|l| leave::validate_leave(l, base_dir))
        .transpose()?;
    let daily_quota = count(
        "daily_quota",
        raw.daily_quota.unwrap_or(DEFAULT_QUOTA),
        0..=u32::MAX,
        "calls",
    )?;
    check_close_covered(&shifts, &group_agents, time, tiers)?;
    let workforce = Workforce {
        shifts,
        groups,
        group_agents,
        prep,
        rules,
        meetings,
        leave,
        daily_quota,
    };
    let trivial = workforce.shifts.len() == 1
        && workforce.shifts[0].start <= 0.0
        && workforce.shifts[0].end >= time.duration
        && workforce.shifts[0].breaks.is_empty()
        && workforce.prep == (0.0, 0.0)
        && workforce.meetings.is_empty()
        && workforce.leave.is_none();
    Ok(Some((workforce, trivial)))
}

/// Agents per tier over all groups: what each tier has in all.
pub(crate) fn tier_totals(w: &Workforce, tiers: usize) -> Vec<u32> {
    (0..tiers)
        .map(|j| w.group_agents.iter().map(|g| g[j]).sum())
        .collect()
}

/// Calls still waiting at the close are answered by the agents on shift
/// then, who stay until the queue is empty; a tier with nobody on shift at
/// the close would leave them waiting for ever.
fn check_close_covered(
    shifts: &[Shift],
    group_agents: &[Vec<u32>],
    time: &TimeSpec,
    tiers: usize,
) -> Result<(), ScenarioError> {
    let close = time.duration;
    let covered = |j: usize| {
        shifts.iter().any(|s| {
            group_agents[s.group][j] > 0 && {
                let k = ((close - s.end) / DAY).ceil().max(0.0);
                s.start + k * DAY < close && close <= s.end + k * DAY
            }
        })
    };
    let Some(j) = (0..tiers).find(|&j| !covered(j)) else {
        return Ok(());
    };
    let tier = if tiers == 1 {
        "no agent".to_owned()
    } else {
        format!("no agent of tier {}", j + 1)
    };
    Err(invalid(
        "shifts",
        format!(
            "{tier} is on shift at the close ({} after the start): calls still waiting then would never be answered",
            format_duration(close)
        ),
    )
    .with_help("end a shift at or after the close; agents on shift at the close stay until their queue is empty"))
}
