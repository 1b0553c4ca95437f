//! `[[meetings]]`: scheduled meetings and training of some tiers' or
//! shifts' agents.

use serde::Deserialize;

use super::shifts::offset;
use crate::scenario::duration::{DAY, format_duration};
use crate::scenario::error::{ScenarioError, backticked, invalid, missing};
use crate::scenario::time::TimeSpec;
use crate::scenario::values::{Clock, Seconds};

/// One `[[meetings]]` entry: scheduled unavailability.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeeting {
    pub name: Option<String>,
    pub start: Option<Clock>,
    pub duration: Option<Seconds>,
    pub days: Option<Vec<i64>>,
    pub tiers: Option<Vec<i64>>,
    pub shifts: Option<Vec<String>>,
}

/// A meeting or training session of some tiers' agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// Names the meeting in reports.
    pub name: String,
    /// Start (seconds from the scenario's start on the first day) and length.
    pub start: f64,
    /// Length in seconds.
    pub duration: f64,
    /// Days of the run it happens on, from 0; `None`: every day.
    pub days: Option<Vec<u32>>,
    /// `tiers[j]`: agents of tier `j` attend...
    pub tiers: Vec<bool>,
    /// ...if their shift group `g` has `groups[g]`.
    pub groups: Vec<bool>,
}

pub(super) fn validate_meeting(
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
