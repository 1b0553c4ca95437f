//! `[[shifts]]` and their `[[shifts.breaks]]`: who works when, and the
//! breaks and lunches each period's agents are entitled to.

use serde::Deserialize;

use crate::scenario::duration::{DAY, format_clock, format_duration};
use crate::scenario::error::{ErrorKind, ScenarioError, backticked, invalid, missing};
use crate::scenario::limits::MAX_AGENTS;
use crate::scenario::time::TimeSpec;
use crate::scenario::values::{Clock, Counts, Seconds, count, is_plain_name};

/// One `[[shifts]]` entry. Entries that share a `name` are the same agents
/// working several periods (a split shift).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawShift {
    pub name: Option<String>,
    pub start: Option<Clock>,
    pub end: Option<Clock>,
    pub agents: Option<Counts>,
    pub breaks: Option<Vec<RawBreak>>,
}

/// One `[[shifts.breaks]]` entry: a break or lunch the shift's agents are
/// entitled to, to start within `window`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBreak {
    pub kind: Option<String>,
    pub duration: Option<Seconds>,
    pub window: Option<Vec<Clock>>,
}

/// One period of work of a group of agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Shift {
    /// Names the agent group the shift belongs to.
    pub name: String,
    /// Index into `Workforce::groups`.
    pub group: usize,
    /// Login and logout, seconds from the scenario's start on the first day
    /// (`end > start`; a shift past midnight ends after 86,400).
    pub start: f64,
    /// Logout, seconds from the scenario's start on the first day.
    pub end: f64,
    /// Breaks and lunches in this period, in window order.
    pub breaks: Vec<Break>,
}

/// A break entitlement: it falls due at the start of its window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// A short break or a lunch.
    pub kind: BreakKind,
    /// Planned length (seconds); overruns come on top.
    pub duration: f64,
    /// The break should start within `[window.0, window.1]` (seconds from
    /// the scenario's start, inside the shift).
    pub window: (f64, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// The two kinds of break a shift grants, reported apart.
pub enum BreakKind {
    /// A short break.
    Break,
    /// A lunch.
    Lunch,
}

impl BreakKind {
    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Break => "break",
            Self::Lunch => "lunch",
        }
    }
}

pub(super) fn overlaps(a: &Shift, b: &Shift) -> bool {
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
pub(super) fn span(s: &Shift, time: &TimeSpec) -> String {
    let clock = |t: f64| format_clock(time.start_clock + t);
    format!("{} to {}", clock(s.start), clock(s.end))
}

/// Seconds from the scenario's start of clock time `clock` on the first day.
pub(super) fn offset(clock: Clock, time: &TimeSpec) -> f64 {
    clock.0 - time.start_clock
}

pub(super) fn validate_shift(
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
    if !is_plain_name(&name) {
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
        .map(|&c| count(key, c, 0..=MAX_AGENTS, "agents"))
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
