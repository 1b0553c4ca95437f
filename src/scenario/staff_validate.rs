//! The workforce tables → a validated [`Workforce`], or `None` when the
//! file has no shifts (or one that changes nothing).
//!
//! Shifts give the agent counts, so they are validated before the help desk;
//! the desk then takes its tiers' agents from here.

use std::path::Path;

use super::distribution::validate_distribution;
use super::duration::{format_duration, format_number};
use super::error::{ErrorKind, ScenarioError, backticked, invalid, missing};
use super::limits::{MAX_AGENTS, MIN_LEAVE_RETRY_SECONDS};
use super::schema::{Clock, RawScenario};
use super::staff_schema::{RawBreak, RawBreakRules, RawLeave, RawMeeting, RawShift};
use super::types::TimeSpec;
use super::workforce::{
    Break, BreakKind, BreakRules, DeferralAction, Meeting, PersonalLeave, Shift, Workforce,
};
use crate::stats::intervals::clock_label;

const DAY: f64 = 86_400.0;
/// The course notes' 15 to 20 minutes of preparation after logging in.
const DEFAULT_PREP: (f64, f64) = (900.0, 1200.0);
const DEFAULT_MAX_DEFERRAL: f64 = 1800.0;
const DEFAULT_LEAVE_RETRY: f64 = 600.0;
const DEFAULT_QUOTA: i64 = 30;
const MAX_PERIODS: usize = 1000;

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
    if raw_shifts.is_empty() || raw_shifts.len() > MAX_PERIODS {
        return Err(invalid(
            "shifts",
            format!(
                "{} `[[shifts]]`: expected 1 to {MAX_PERIODS}",
                raw_shifts.len()
            ),
        ));
    }
    let mut groups: Vec<String> = Vec::new();
    let mut group_agents: Vec<Vec<u32>> = Vec::new();
    let mut shifts = Vec::with_capacity(raw_shifts.len());
    for (i, raw_shift) in raw_shifts.iter().enumerate() {
        let shift = validate_shift(i, raw_shift, time, tiers, &mut groups, &mut group_agents)?;
        for (j, other) in shifts.iter().enumerate() {
            let other: &Shift = other;
            if other.group == shift.group && overlaps(other, &shift) {
                return Err(ScenarioError::at_key(
                    ErrorKind::Conflict,
                    format!("shifts[{i}].start"),
                    format!(
                        "shift {:?} ({}) overlaps its period `shifts[{j}]` ({}): the same agents cannot work both",
                        shift.name,
                        span(&shift, time),
                        span(other, time)
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
    let rules = validate_rules(raw.breaks.as_ref(), &shifts, base_dir)?;
    let meetings = raw
        .meetings
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, m)| validate_meeting(i, m, time, tiers, &groups))
        .collect::<Result<Vec<_>, _>>()?;
    let leave = raw
        .personal_leave
        .as_ref()
        .map(|l| validate_leave(l, base_dir))
        .transpose()?;
    let quota = raw.daily_quota.unwrap_or(DEFAULT_QUOTA);
    let daily_quota = u32::try_from(quota).map_err(|_| {
        invalid(
            "daily_quota",
            format!("invalid `daily_quota` {quota}: expected a whole number of calls >= 0"),
        )
    })?;
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

fn overlaps(a: &Shift, b: &Shift) -> bool {
    // Periods repeat daily: compare on a 24-hour circle.
    let (a0, a1) = (
        a.start.rem_euclid(DAY),
        a.start.rem_euclid(DAY) + (a.end - a.start),
    );
    let (b0, b1) = (
        b.start.rem_euclid(DAY),
        b.start.rem_euclid(DAY) + (b.end - b.start),
    );
    [-DAY, 0.0, DAY].iter().any(|k| a0 < b1 + k && b0 + k < a1)
}

/// `"11:00 to 16:00"`: a period as the file wrote it.
fn span(s: &Shift, time: &TimeSpec) -> String {
    let clock = |t: f64| clock_label(time.start_clock + t);
    format!("{} to {}", clock(s.start), clock(s.end))
}

/// Seconds from the scenario's start of clock time `clock` on the first day.
fn offset(clock: Clock, time: &TimeSpec) -> f64 {
    clock.0 - time.start_clock
}

fn validate_shift(
    i: usize,
    raw: &RawShift,
    time: &TimeSpec,
    tiers: usize,
    groups: &mut Vec<String>,
    group_agents: &mut Vec<Vec<u32>>,
) -> Result<Shift, ScenarioError> {
    let key = |field: &str| format!("shifts[{i}].{field}");
    let name = raw
        .name
        .clone()
        .ok_or_else(|| missing(&key("name"), "name = \"early\""))?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    if !ok {
        return Err(invalid(
            &key("name"),
            format!("invalid shift name {name:?}: expected letters, digits, '-' and '_' only"),
        ));
    }
    let start = raw
        .start
        .ok_or_else(|| missing(&key("start"), "start = \"08:00\""))?;
    let end = raw
        .end
        .ok_or_else(|| missing(&key("end"), "end = \"16:00\""))?;
    if start.0 == end.0 {
        return Err(invalid(
            &key("end"),
            "the shift ends when it starts: expected a later end (an end before the start means the next day)".into(),
        ));
    }
    let s = offset(start, time);
    let mut e = offset(end, time);
    if e <= s {
        e += DAY;
    }
    let group = match groups.iter().position(|g| *g == name) {
        Some(g) => {
            if let Some(counts) = &raw.agents {
                let counts = validate_counts(&key("agents"), &counts.0, tiers)?;
                if counts != group_agents[g] {
                    return Err(ScenarioError::at_key(
                        ErrorKind::Conflict,
                        key("agents"),
                        format!(
                            "shift {name:?} has other agents in an earlier entry: entries with the same name are the same agents"
                        ),
                    )
                    .with_help("remove `agents` here, or give this shift its own name"));
                }
            }
            g
        }
        None => {
            let counts = raw
                .agents
                .as_ref()
                .ok_or_else(|| missing(&key("agents"), "agents = 10"))?;
            groups.push(name.clone());
            group_agents.push(validate_counts(&key("agents"), &counts.0, tiers)?);
            groups.len() - 1
        }
    };
    let mut breaks = raw
        .breaks
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(b, rb)| validate_break(&format!("shifts[{i}].breaks[{b}]"), rb, (s, e), time))
        .collect::<Result<Vec<_>, _>>()?;
    breaks.sort_by(|a, b| a.window.0.total_cmp(&b.window.0));
    Ok(Shift {
        name,
        group,
        start: s,
        end: e,
        breaks,
    })
}

fn validate_counts(key: &str, counts: &[i64], tiers: usize) -> Result<Vec<u32>, ScenarioError> {
    if counts.len() != tiers {
        let expected = if tiers == 1 {
            "one number of agents".to_owned()
        } else {
            format!("a list of {tiers} numbers, one per tier")
        };
        return Err(invalid(
            key,
            format!("`{key}` has {} entries: expected {expected}", counts.len()),
        ));
    }
    counts
        .iter()
        .map(|&c| {
            u32::try_from(c)
                .ok()
                .filter(|c| *c <= MAX_AGENTS)
                .ok_or_else(|| {
                    invalid(
                        key,
                        format!("invalid agent count {c} in `{key}`: expected 0 to {MAX_AGENTS}"),
                    )
                })
        })
        .collect()
}

fn validate_break(
    key: &str,
    raw: &RawBreak,
    (s, e): (f64, f64),
    time: &TimeSpec,
) -> Result<Break, ScenarioError> {
    let field = |f: &str| format!("{key}.{f}");
    let kind = match raw.kind.as_deref() {
        None | Some("break") => BreakKind::Break,
        Some("lunch") => BreakKind::Lunch,
        Some(other) => {
            return Err(invalid(
                &field("kind"),
                format!(
                    "unknown break kind {other:?}: expected {}",
                    backticked(&["break", "lunch"])
                ),
            ));
        }
    };
    let duration = raw
        .duration
        .ok_or_else(|| missing(&field("duration"), "duration = \"15m\""))?
        .0;
    if duration <= 0.0 {
        return Err(invalid(
            &field("duration"),
            "a break of 0s: expected a duration greater than 0".into(),
        ));
    }
    if duration >= e - s {
        return Err(invalid(
            &field("duration"),
            format!(
                "a {} break is not shorter than its {} shift",
                format_duration(duration),
                format_duration(e - s)
            ),
        )
        .with_label("longer than the shift"));
    }
    let window = raw
        .window
        .as_deref()
        .ok_or_else(|| missing(&field("window"), "window = [\"10:00\", \"10:30\"]"))?;
    let [w0, w1] = window else {
        return Err(invalid(
            &field("window"),
            format!(
                "`{}` has {} times: expected [earliest, latest] start",
                field("window"),
                window.len()
            ),
        ));
    };
    // Place each clock time on the shift's own day (a window after midnight
    // in a night shift is on the next day).
    let place = |c: Clock| {
        let t = offset(c, time);
        [t - DAY, t, t + DAY]
            .into_iter()
            .find(|t| (s..=e).contains(t))
    };
    let outside = |which: usize| {
        invalid(
            &format!("{}[{which}]", field("window")),
            format!(
                "the break window is outside its shift ({} to {} after the scenario start)",
                format_duration(s.max(0.0)),
                format_duration(e)
            ),
        )
        .with_label("not within the shift")
    };
    let a = place(*w0).ok_or_else(|| outside(0))?;
    let b = place(*w1).ok_or_else(|| outside(1))?;
    if b < a {
        return Err(invalid(
            &field("window"),
            "the break window ends before it starts: expected [earliest, latest] start".into(),
        ));
    }
    if a + duration > e {
        return Err(invalid(
            &field("window"),
            format!(
                "a {} break starting at the window's opening would end after the shift",
                format_duration(duration)
            ),
        ));
    }
    Ok(Break {
        kind,
        duration,
        window: (a, b),
    })
}

fn validate_rules(
    raw: Option<&RawBreakRules>,
    shifts: &[Shift],
    base_dir: &Path,
) -> Result<BreakRules, ScenarioError> {
    let raw = raw.cloned().unwrap_or_default();
    let count = |key: &str, v: Option<i64>, default: u32, min: u32| -> Result<u32, ScenarioError> {
        let v = v.unwrap_or(i64::from(default));
        u32::try_from(v).ok().filter(|v| *v >= min).ok_or_else(|| {
            invalid(
                key,
                format!("invalid `{key}` {v}: expected a whole number >= {min}"),
            )
        })
    };
    let threshold = count("breaks.waiting_threshold", raw.waiting_threshold, 1, 1)?;
    let k = count("breaks.max_on_break", raw.max_on_break, 1, 0)?;
    let staggered = raw.staggered.unwrap_or(true);
    let any_breaks = shifts.iter().any(|s| !s.breaks.is_empty());
    if staggered && k == 0 && any_breaks {
        return Err(invalid(
            "breaks.max_on_break",
            "`breaks.max_on_break` is 0 but the shifts have breaks: nobody could ever take one"
                .into(),
        )
        .with_help(
            "allow at least 1 agent of a tier on break at once, or set `staggered = false`",
        ));
    }
    let max_deferral = raw.max_deferral.map_or(DEFAULT_MAX_DEFERRAL, |d| d.0);
    let on_max_deferral = match raw.on_max_deferral.as_deref() {
        None | Some("take") => DeferralAction::Take,
        Some("miss") => DeferralAction::Miss,
        Some(other) => {
            return Err(invalid(
                "breaks.on_max_deferral",
                format!(
                    "unknown `breaks.on_max_deferral` {other:?}: expected {}",
                    backticked(&["take", "miss"])
                ),
            ));
        }
    };
    Ok(BreakRules {
        no_break_while_waiting: raw
            .no_break_while_waiting
            .unwrap_or(true)
            .then_some(threshold),
        staggered: staggered.then_some(k),
        max_deferral,
        on_max_deferral,
        overrun: raw
            .overrun
            .as_ref()
            .map(|d| validate_distribution("breaks.overrun", d, true, base_dir))
            .transpose()?,
    })
}

fn validate_meeting(
    i: usize,
    raw: &RawMeeting,
    time: &TimeSpec,
    tiers: usize,
    groups: &[String],
) -> Result<Meeting, ScenarioError> {
    let key = |f: &str| format!("meetings[{i}].{f}");
    let name = raw
        .name
        .clone()
        .unwrap_or_else(|| format!("meeting-{}", i + 1));
    let start = raw
        .start
        .ok_or_else(|| missing(&key("start"), "start = \"14:00\""))?;
    let duration = raw
        .duration
        .ok_or_else(|| missing(&key("duration"), "duration = \"1h\""))?
        .0;
    if duration <= 0.0 || duration >= DAY {
        return Err(invalid(
            &key("duration"),
            format!(
                "a meeting of {}: expected more than 0s and less than a day",
                format_duration(duration)
            ),
        ));
    }
    let mut start = offset(start, time);
    if start < 0.0 {
        start += DAY;
    }
    let days_in_run = (time.duration / DAY).ceil().max(1.0) as i64;
    let days = raw
        .days
        .as_ref()
        .map(|days| {
            days.iter()
                .enumerate()
                .map(|(d, &day)| {
                    if (1..=days_in_run).contains(&day) {
                        Ok((day - 1) as u32)
                    } else {
                        Err(invalid(
                            &format!("{}[{d}]", key("days")),
                            format!("day {day} is not in the run: expected 1 to {days_in_run}"),
                        ))
                    }
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let mut attend = vec![raw.tiers.is_none(); tiers];
    for (t, &level) in raw.tiers.as_deref().unwrap_or_default().iter().enumerate() {
        let j = usize::try_from(level - 1)
            .ok()
            .filter(|&j| j < tiers)
            .ok_or_else(|| {
                invalid(
                    &format!("{}[{t}]", key("tiers")),
                    format!("tier {level} does not exist: expected 1 to {tiers}"),
                )
            })?;
        attend[j] = true;
    }
    let mut shifts = vec![raw.shifts.is_none(); groups.len()];
    for (k, name) in raw.shifts.as_deref().unwrap_or_default().iter().enumerate() {
        let g = groups.iter().position(|g| g == name).ok_or_else(|| {
            let names: Vec<&str> = groups.iter().map(String::as_str).collect();
            invalid(
                &format!("{}[{k}]", key("shifts")),
                format!(
                    "no shift is named {name:?}: expected one of {}",
                    backticked(&names)
                ),
            )
        })?;
        shifts[g] = true;
    }
    Ok(Meeting {
        name,
        start,
        duration,
        days,
        tiers: attend,
        groups: shifts,
    })
}

fn validate_leave(raw: &RawLeave, base_dir: &Path) -> Result<PersonalLeave, ScenarioError> {
    let rate = raw
        .per_agent_day
        .ok_or_else(|| missing("personal_leave.per_agent_day", "per_agent_day = 0.2"))?;
    if !(rate.is_finite() && (0.0..=100.0).contains(&rate)) {
        return Err(invalid(
            "personal_leave.per_agent_day",
            format!(
                "invalid `personal_leave.per_agent_day` {}: expected requests per agent per day from 0 to 100",
                format_number(rate)
            ),
        ));
    }
    let duration = raw.duration.as_ref().ok_or_else(|| {
        missing(
            "personal_leave.duration",
            r#"duration = { distribution = "exponential", mean = "20m" }"#,
        )
    })?;
    let min = raw.min_available.unwrap_or(2);
    let min_available = u32::try_from(min).map_err(|_| {
        invalid(
            "personal_leave.min_available",
            format!("invalid `personal_leave.min_available` {min}: expected a whole number >= 0"),
        )
    })?;
    let retry = raw.retry.map_or(DEFAULT_LEAVE_RETRY, |r| r.0);
    if retry < MIN_LEAVE_RETRY_SECONDS {
        return Err(invalid(
            "personal_leave.retry",
            format!(
                "`personal_leave.retry` is {}: expected a duration of at least {}",
                format_duration(retry),
                format_duration(MIN_LEAVE_RETRY_SECONDS)
            ),
        )
        .with_label(format!(">= {}", format_duration(MIN_LEAVE_RETRY_SECONDS)))
        .with_help("a refused leave is asked for again after this long"));
    }
    Ok(PersonalLeave {
        per_agent_day: rate,
        duration: validate_distribution("personal_leave.duration", duration, false, base_dir)?,
        min_available,
        retry,
    })
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
