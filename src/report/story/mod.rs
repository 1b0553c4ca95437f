//! Stories told from the event stream (`callsim trace`): one case from its
//! first call to its last follow-up, one agent's day, or every act of one
//! rule.
//!
//! A [`StoryReader`] rides along a run as a companion and keeps only the
//! events of its [`Subject`], so its memory is what the story prints, not
//! what the run holds. [`tell`] then turns them into [`Line`]s: the event's
//! columns as `events.csv` writes them, and a sentence from [`words`],
//! the one place where the wording lives. Nothing here reads the engine's
//! state; the scenario only names the tiers and agents.

pub mod words;

use crate::engine::Time;
use crate::model::observer::{Event, EventKind, Rule};
use crate::model::{Observer, roster};
use crate::replication::Companion;
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::BTreeMap;
use words::{Names, Recall, View};

const DAY: f64 = 86_400.0;

/// Every rule `--rule` accepts, by its `events.csv` name.
pub const RULES: [Rule; 9] = Rule::ALL;

/// The rule named `name` in `events.csv`'s `rule` column.
pub fn rule_named(name: &str) -> Option<Rule> {
    RULES.into_iter().find(|r| r.as_str() == name)
}

/// Whose story to tell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Subject {
    /// The case of this id (its first call's id): all its calls, visits,
    /// callbacks and follow-ups.
    Case(u64),
    /// The agent of this id: its shifts, calls, breaks, leave, meetings.
    Agent(u32),
    /// Every event this rule decided.
    Rule(Rule),
}

impl Subject {
    fn concerns(&self, e: &Event) -> bool {
        match *self {
            Subject::Case(case) => e.case == Some(case),
            Subject::Agent(agent) => e.agent == Some(agent),
            Subject::Rule(rule) => e.decision.is_some_and(|d| d.rule == rule),
        }
    }

    fn view(&self) -> View {
        match self {
            Subject::Case(_) => View::Case,
            Subject::Agent(_) => View::Agent,
            Subject::Rule(_) => View::Rule,
        }
    }
}

/// A reader of the event stream that keeps its subject's events.
#[derive(Debug)]
pub struct StoryReader {
    subject: Subject,
    events: Vec<(Time, Event)>,
    /// One past the highest call id that arrived: the calls' range.
    calls: u64,
    /// For a case subject that is a repeat call: the case it belongs to.
    repeat_of: Option<u64>,
}

impl StoryReader {
    pub fn new(subject: Subject) -> Self {
        Self {
            subject,
            events: Vec::new(),
            calls: 0,
            repeat_of: None,
        }
    }

    /// One past the highest call id seen: the case ids a run may have.
    pub fn calls(&self) -> u64 {
        self.calls
    }

    /// If the case asked for is a repeat call, the case it belongs to.
    pub fn repeat_of(&self) -> Option<u64> {
        self.repeat_of
    }

    /// The subject's events, in time order.
    pub fn events(&self) -> &[(Time, Event)] {
        &self.events
    }
}

impl Observer for StoryReader {
    fn event(&mut self, now: Time, e: &Event) {
        if e.kind == EventKind::Arrived
            && let Some(contact) = e.contact
        {
            self.calls = self.calls.max(contact + 1);
            if self.subject == Subject::Case(contact) && e.case != Some(contact) {
                self.repeat_of = e.case;
            }
        }
        if self.subject.concerns(e) {
            self.events.push((now, *e));
        }
    }
}

impl Companion for StoryReader {
    /// Walk-ins are not in the event stream.
    fn walk_ins(&mut self) -> impl Observer + '_ {}

    fn reads_events(&self) -> bool {
        true
    }
}

/// The scenario's names for the stream's numbers, and its clock.
#[derive(Debug, Clone)]
pub struct Cast {
    /// Each tier's level (a single pool is level 1).
    levels: Vec<u8>,
    /// Each agent's tier index and shift group, in engine order.
    agents: Vec<(u8, u16)>,
    /// The shift groups' names (none without shifts).
    groups: Vec<String>,
    start_clock: f64,
    /// The run reaches past its first day: every clock shows its day.
    days: bool,
}

impl Cast {
    pub fn new(scenario: &Scenario) -> Self {
        let (levels, per_tier): (Vec<u8>, Vec<u32>) = match &scenario.helpdesk {
            Some(desk) => desk.tiers.iter().map(|t| (t.level, t.agents)).unzip(),
            None => (vec![1], vec![scenario.agents]),
        };
        let w = scenario.workforce.as_ref();
        let time = &scenario.time;
        Self {
            agents: roster(levels.len(), &per_tier, w),
            levels,
            groups: w.map(|w| w.groups.clone()).unwrap_or_default(),
            start_clock: time.start_clock,
            days: time.start_clock + time.duration > DAY,
        }
    }

    /// How many agents the scenario has: ids run from 0 to one less.
    pub fn agent_count(&self) -> u32 {
        self.agents.len() as u32
    }

    /// `agent 5 (tier 1, early shift)`: the agent with its shift.
    pub fn agent_in_full(&self, agent: u32) -> String {
        let mut text = self.agent(agent);
        if let Some(group) = self
            .agents
            .get(agent as usize)
            .and_then(|&(_, g)| self.groups.get(usize::from(g)))
        {
            text = match text.strip_suffix(')') {
                Some(open) => format!("{open}, {group} shift)"),
                None => format!("{text} ({group} shift)"),
            };
        }
        text
    }

    /// The clock at `now` as `events.csv` writes it (`1/09:14:05`), and as
    /// the story shows it: without the day in a one-day run.
    fn clocks(&self, now: Time) -> (String, String) {
        let clock = (self.start_clock + now).max(0.0);
        let day = (clock / DAY).floor();
        let second = (clock - day * DAY).floor() as u32;
        let day = day as u64 + 1;
        let time = format!(
            "{:02}:{:02}:{:02}",
            second / 3600,
            second / 60 % 60,
            second % 60
        );
        let full = format!("{day}/{time}");
        let short = if self.days || day != 1 {
            full.clone()
        } else {
            time
        };
        (full, short)
    }

    fn level(&self, tier: u8) -> Option<u8> {
        self.levels.get(usize::from(tier)).copied()
    }
}

impl Names for Cast {
    fn tier(&self, tier: u8) -> String {
        format!("tier {}", self.level(tier).unwrap_or(tier + 1))
    }

    fn one_tier(&self) -> bool {
        self.levels.len() == 1
    }

    fn agent(&self, agent: u32) -> String {
        match self.agents.get(agent as usize) {
            Some(&(tier, _)) if !self.one_tier() => {
                format!("agent {agent} ({})", self.tier(tier))
            }
            _ => format!("agent {agent}"),
        }
    }
}

/// One event of a story: its columns as `events.csv` has them, and what it
/// means in words.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    /// Seconds from the run's start.
    pub time: f64,
    /// `D/HH:MM:SS`, as `events.csv`'s `clock` column.
    pub clock: String,
    /// The event's kind, as `events.csv` names it.
    pub kind: &'static str,
    pub case: Option<u64>,
    pub contact: Option<u64>,
    pub visit: Option<u8>,
    pub agent: Option<u32>,
    /// The tier's level, as `events.csv` writes it.
    pub tier: Option<u8>,
    pub queue: Option<u32>,
    pub rule: Option<&'static str>,
    /// The rule's reason: its two figures by name.
    pub reason: Option<BTreeMap<&'static str, f64>>,
    /// The sentence.
    pub text: String,
    /// The rule's reason in words, if a rule decided.
    pub because: Option<String>,
    /// The clock as the story shows it.
    #[serde(skip)]
    pub shown_clock: String,
}

/// A story: what it follows and its lines, in time order.
#[derive(Debug, Clone, Serialize)]
pub struct Story {
    pub scenario: String,
    pub seed: u64,
    pub replication: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    pub heading: String,
    pub lines: Vec<Line>,
}

/// The story of `subject` in replication `replication` of `scenario`, from
/// the events its reader kept.
pub fn tell(
    scenario: &Scenario,
    replication: u64,
    subject: Subject,
    events: &[(Time, Event)],
) -> Story {
    let cast = Cast::new(scenario);
    let view = subject.view();
    let mut memory = Memory::default();
    let lines: Vec<Line> = events
        .iter()
        .map(|&(now, e)| {
            let recall = match view {
                View::Rule => Recall::default(),
                View::Case | View::Agent => memory.recall(now, &e),
            };
            let (clock, shown_clock) = cast.clocks(now);
            Line {
                time: now,
                clock,
                kind: e.kind.as_str(),
                case: e.case,
                contact: e.contact,
                visit: e.visit,
                agent: e.agent,
                tier: e.tier.and_then(|t| cast.level(t)),
                queue: e.queue,
                rule: e.decision.map(|d| d.rule.as_str()),
                reason: e.decision.map(|d| d.reason.fields().into_iter().collect()),
                text: words::sentence(view, &e, &recall, &cast),
                because: e.decision.as_ref().map(words::because),
                shown_clock,
            }
        })
        .collect();
    let (case, agent, rule, heading) = match subject {
        Subject::Case(case) => (Some(case), None, None, words::case_heading(case)),
        Subject::Agent(agent) => (
            None,
            Some(agent),
            None,
            words::agent_heading(&cast.agent_in_full(agent)),
        ),
        Subject::Rule(rule) => (
            None,
            None,
            Some(rule.as_str()),
            words::rule_heading(rule, lines.len()),
        ),
    };
    Story {
        scenario: scenario.name.clone(),
        seed: scenario.seed,
        replication,
        case,
        agent,
        rule,
        heading,
        lines,
    }
}

impl Story {
    /// The story as text for a projector: a heading, then one short line
    /// per event, clock first, and the rule's reason below the event it
    /// decided.
    pub fn to_text(&self) -> String {
        let mut out = words::run_heading(&self.scenario, self.seed, self.replication);
        out.push('\n');
        out.push_str(&self.heading);
        out.push_str("\n\n");
        if self.lines.is_empty() && self.rule.is_none() {
            out.push_str(words::NOTHING_HAPPENED);
            out.push('\n');
        }
        for line in &self.lines {
            out.push_str(&line.shown_clock);
            out.push_str("  ");
            out.push_str(&line.text);
            out.push('\n');
            if let Some(because) = &line.because {
                out.extend(std::iter::repeat_n(' ', line.shown_clock.len() + 2));
                out.push_str(because);
                out.push('\n');
            }
        }
        out
    }
}

/// The starts a story remembers, to tell how long things lasted.
#[derive(Debug, Default)]
struct Memory {
    waiting_since: Option<Time>,
    hold_since: Option<Time>,
    away_since: Option<Time>,
    due_since: Option<Time>,
    callback_owed: bool,
}

impl Memory {
    /// What event `e` at `now` recalls, and what it starts.
    fn recall(&mut self, now: Time, e: &Event) -> Recall {
        use EventKind::*;
        let since = |start: Option<Time>| start.map(|s| now - s);
        let recall = Recall {
            waited: since(self.waiting_since),
            held: since(self.hold_since),
            away: since(self.away_since),
            due: since(self.due_since),
            callback_owed: self.callback_owed,
        };
        match e.kind {
            Arrived | Queued => self.waiting_since = Some(now),
            Answered | Abandoned | Blocked => self.waiting_since = None,
            HoldStarted => self.hold_since = Some(now),
            HoldEnded => self.hold_since = None,
            BreakDue => self.due_since = Some(now),
            BreakTaken => (self.away_since, self.due_since) = (Some(now), None),
            BreakMissed => self.due_since = None,
            LeaveStarted | MeetingStarted => self.away_since = Some(now),
            BreakEnded | LeaveEnded | MeetingEnded => self.away_since = None,
            CallbackPromised | CallbackAccepted => self.callback_owed = true,
            CallbackMade | VisitStarted => self.callback_owed = false,
            _ => {}
        }
        recall
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::observer::Reason;
    use crate::scenario::load_file;
    use std::path::Path;

    /// An event of case 12 at tier index 0 with `queue` waiting.
    fn of_case(kind: EventKind, queue: u32) -> Event {
        Event {
            case: Some(12),
            contact: Some(12),
            visit: Some(1),
            tier: Some(0),
            queue: Some(queue),
            ..Event::new(kind)
        }
    }

    #[test]
    fn a_story_measures_waits_and_holds_from_its_own_events() {
        let s = load_file(Path::new("scenarios/helpdesk-tiers.toml"), &[]).unwrap();
        let refused = of_case(EventKind::TransferRefused, 0).by(7).decided(
            Rule::WarmTransfer,
            Reason::Seconds {
                seconds: 180.0,
                max: 180.0,
            },
        );
        let events = [
            (3600.0, of_case(EventKind::Arrived, 0)),
            (3600.0, of_case(EventKind::Queued, 3)),
            (3755.4, of_case(EventKind::Answered, 2).by(7)),
            (3900.0, of_case(EventKind::HoldStarted, 0).by(7)),
            (4080.0, of_case(EventKind::HoldEnded, 0).by(7)),
            (4080.0, refused),
        ];
        let story = tell(&s, 0, Subject::Case(12), &events);
        let text = story.to_text();
        let expected = "helpdesk-tiers, seed 1, replication 0\n\
                        case 12\n\n\
                        09:00:00  call 12 arrives (first call)\n\
                        09:00:00  waits in tier 1's queue (3 waiting)\n\
                        09:02:35  agent 7 (tier 1) answers after 2 m 35 s\n\
                        09:05:00  agent 7 (tier 1) puts the caller on hold\n\
                        09:08:00  back from hold after 3 m\n\
                        09:08:00  nobody of the next tier took the caller (refusal)\n          \
                        rule warm_transfer: no consent in 3 m, limit 3 m\n";
        assert_eq!(text, expected);
        assert_eq!(story.lines[5].rule, Some("warm_transfer"));
        assert_eq!(story.lines[5].tier, Some(1));
        // The agent's day names the call instead, and a rule's list both.
        let day = tell(&s, 0, Subject::Agent(7), &events[2..]).to_text();
        assert!(day.contains("the day of agent 7 (tier 1)\n\n09:02:35  answers call 12\n"));
        let acts = tell(&s, 0, Subject::Rule(Rule::WarmTransfer), &events[5..]).to_text();
        assert!(acts.contains("acted once\n\n09:08:00  case 12: nobody of the next tier"));
    }

    #[test]
    fn every_rule_is_found_by_its_name() {
        for rule in RULES {
            assert_eq!(rule_named(rule.as_str()), Some(rule));
        }
        assert_eq!(rule_named("no_such_rule"), None);
    }
}
