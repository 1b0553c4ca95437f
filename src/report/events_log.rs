//! `events.csv`: every event of a run in time order (`callsim run
//! --events`), streamed to disk through a buffered writer as the run goes,
//! so a long run's log needs no more memory than a short one's.
//!
//! Like the other outputs it is written under a temporary name and renamed
//! into place only once complete. Times are written in full (the shortest
//! decimal that reads back as the same number), so figures rebuilt from the
//! log match the summary's to the last bit.

use super::streamed::StreamedCsv;
use crate::engine::Time;
use crate::model::Observer;
use crate::model::observer::Event;
use crate::replication::Companion;
use crate::scenario::Scenario;
use std::io::{self, Write};
use std::path::Path;

/// The header of `events.csv`.
pub const EVENTS_HEADER: &str =
    "time_seconds,clock,kind,case,contact,visit,agent,tier,queue,rule,reason";

const DAY: f64 = 86_400.0;

/// The part of a run the log keeps: events at `from` or later and before
/// `to`, in seconds from the run's start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventWindow {
    pub from: Time,
    pub to: Time,
}

impl EventWindow {
    #[inline]
    fn holds(&self, now: Time) -> bool {
        now >= self.from && now < self.to
    }
}

/// An event log being written; [`finish`](Self::finish) puts it in place.
#[derive(Debug)]
pub struct EventLog {
    file: StreamedCsv,
    window: EventWindow,
    /// The clock time of the run's start, for the clock column.
    start_clock: f64,
    /// Each tier's level, written in the tier column (a single pool is
    /// level 1).
    levels: Vec<u8>,
}

impl EventLog {
    /// Starts the event log of a run of `scenario` at `path` (written to
    /// `path.partial` until finished), keeping the events in `window`.
    pub fn create(path: &Path, scenario: &Scenario, window: EventWindow) -> io::Result<Self> {
        Ok(Self {
            file: StreamedCsv::create(path, EVENTS_HEADER)?,
            window,
            start_clock: scenario.time.start_clock,
            levels: tier_levels(scenario),
        })
    }

    /// Flushes the log and moves it to its final name; returns the rows written.
    pub fn finish(self) -> io::Result<u64> {
        self.file.finish()
    }
}

/// Each tier's level, by tier index (a single pool is level 1).
pub(super) fn tier_levels(scenario: &Scenario) -> Vec<u8> {
    match &scenario.helpdesk {
        Some(desk) => desk.tiers.iter().map(|t| t.level).collect(),
        None => vec![1],
    }
}

/// Writes `events.csv`'s row of event `e` at `now`.
fn write_row(
    w: &mut impl Write,
    now: Time,
    e: &Event,
    start_clock: f64,
    levels: &[u8],
) -> io::Result<()> {
    // The clock: day from 1 and the time of day, to the second below.
    let clock = (start_clock + now).max(0.0);
    let day = (clock / DAY).floor();
    let second = (clock - day * DAY).floor() as u32;
    write!(
        w,
        "{now},{}/{:02}:{:02}:{:02},{},",
        day as u64 + 1,
        second / 3600,
        second / 60 % 60,
        second % 60,
        e.kind.as_str()
    )?;
    let ids = [
        e.case,
        e.contact,
        e.visit.map(u64::from),
        e.agent.map(u64::from),
    ];
    for id in ids {
        if let Some(id) = id {
            write!(w, "{id}")?;
        }
        w.write_all(b",")?;
    }
    if let Some(level) = e.tier.and_then(|t| levels.get(usize::from(t))) {
        write!(w, "{level}")?;
    }
    w.write_all(b",")?;
    if let Some(queue) = e.queue {
        write!(w, "{queue}")?;
    }
    w.write_all(b",")?;
    if let Some(d) = &e.decision {
        let [(a, x), (b, y)] = d.reason.fields();
        write!(w, "{},{a}={x} {b}={y}", d.rule.as_str())?;
    } else {
        w.write_all(b",")?;
    }
    w.write_all(b"\n")
}

impl Observer for EventLog {
    fn event(&mut self, now: Time, event: &Event) {
        if self.window.holds(now) {
            let (start_clock, levels) = (self.start_clock, &self.levels);
            self.file
                .row(|w| write_row(w, now, event, start_clock, levels));
        }
    }
}

impl Companion for EventLog {
    /// The walk-in counter is a single pool of its own: its visitors are
    /// not in the log.
    fn walk_ins(&mut self) -> impl Observer + '_ {}

    fn reads_events(&self) -> bool {
        true
    }
}

/// Parses a point of the log's window, `HH:MM[:SS]` on the run's first day
/// or `D/HH:MM[:SS]` on day `D` (from 1, as the interval labels count),
/// into seconds from the start of a run starting at clock `start_clock`.
pub fn window_point(text: &str, start_clock: f64) -> Result<Time, String> {
    let (day, clock) = match text.split_once('/') {
        Some((day, clock)) => {
            let day = day
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|&d| d >= 1)
                .ok_or_else(|| format!("invalid day {day:?} in {text:?}: expected 1 or more"))?;
            (day, clock)
        }
        None => (1, text),
    };
    let seconds = crate::scenario::duration::parse_clock(clock)?;
    Ok(f64::from(day - 1) * DAY + seconds - start_clock)
}
