//! `agent_states.csv`: each agent's day as state intervals (`callsim run
//! --events`): when it was offline, preparing, idle, talking, holding, in
//! after-call work, on a break or lunch, in a meeting or on leave, and the
//! event that put it there.
//!
//! A reader of the engine's state changes and of the event stream beside
//! them: the state comes from the first, the reason from the second (the
//! last event of the agent at the instant the state began; a later one at
//! that same instant, such as a break taken once a call ended, is the more
//! precise cause and replaces it). Rows are written as intervals end;
//! memory holds one open interval per agent.

use super::events_log::tier_levels;
use super::streamed::StreamedCsv;
use crate::engine::Time;
use crate::model::observer::{Event, EventKind};
use crate::model::{AgentState, Observer, roster};
use crate::replication::Companion;
use crate::scenario::Scenario;
use std::io::{self, Write};
use std::path::Path;

/// The header of `agent_states.csv`.
pub const AGENT_STATES_HEADER: &str = "agent,tier,start_seconds,end_seconds,state,reason";

/// An agent's open interval.
#[derive(Debug, Clone, Copy)]
struct Open {
    state: AgentState,
    start: Time,
    reason: Option<EventKind>,
    /// The agent's last event, and when.
    last: Option<(Time, EventKind)>,
}

/// An agent-state log being written; [`finish`](Self::finish) puts it in
/// place.
#[derive(Debug)]
pub struct AgentStateLog {
    file: StreamedCsv,
    /// Each agent's tier level.
    levels: Vec<u8>,
    open: Vec<Open>,
}

impl AgentStateLog {
    /// Starts the agent-state log of a run of `scenario` at `path`: every
    /// agent idle from the start, or offline until its first login with
    /// shifts.
    pub fn create(path: &Path, scenario: &Scenario) -> io::Result<Self> {
        let tiers = tier_levels(scenario);
        let per_tier: Vec<u32> = match &scenario.helpdesk {
            Some(desk) => desk.tiers.iter().map(|t| t.agents).collect(),
            None => vec![scenario.agents],
        };
        let agents = roster(tiers.len(), &per_tier, scenario.workforce.as_ref());
        let state = if scenario.workforce.is_some() {
            AgentState::Offline
        } else {
            AgentState::Idle
        };
        let first = Open {
            state,
            start: 0.0,
            reason: None,
            last: None,
        };
        Ok(Self {
            file: StreamedCsv::create(path, AGENT_STATES_HEADER)?,
            levels: agents
                .iter()
                .map(|&(tier, _)| tiers.get(usize::from(tier)).copied().unwrap_or(0))
                .collect(),
            open: vec![first; agents.len()],
        })
    }

    /// Flushes the log and moves it to its final name; returns the rows
    /// written. The intervals still open were closed at the run's end.
    pub fn finish(self) -> io::Result<u64> {
        self.file.finish()
    }

    fn close(&mut self, agent: usize, end: Time) {
        let (Some(o), Some(level)) = (self.open.get(agent), self.levels.get(agent)) else {
            return;
        };
        if end <= o.start {
            return;
        }
        let (o, level) = (*o, *level);
        self.file.row(|w| {
            write!(w, "{agent},{level},{},{end},{},", o.start, o.state.as_str())?;
            if let Some(reason) = o.reason {
                w.write_all(reason.as_str().as_bytes())?;
            }
            w.write_all(b"\n")
        });
    }
}

impl Observer for AgentStateLog {
    fn agent_state(&mut self, now: Time, agent: u32, state: AgentState) {
        let k = agent as usize;
        self.close(k, now);
        if let Some(o) = self.open.get_mut(k) {
            let reason = o.last.filter(|&(t, _)| t == now).map(|(_, kind)| kind);
            *o = Open {
                state,
                start: now,
                reason,
                last: o.last,
            };
        }
    }

    fn event(&mut self, now: Time, e: &Event) {
        if let Some(o) = e.agent.and_then(|a| self.open.get_mut(a as usize)) {
            if o.start == now {
                o.reason = Some(e.kind);
            }
            o.last = Some((now, e.kind));
        }
    }

    fn run_finished(&mut self, now: Time) {
        for agent in 0..self.open.len() {
            self.close(agent, now);
        }
    }
}

impl Companion for AgentStateLog {
    /// The walk-in counter's clerks are not desk agents.
    fn walk_ins(&mut self) -> impl Observer + '_ {}

    fn reads_events(&self) -> bool {
        true
    }
}
