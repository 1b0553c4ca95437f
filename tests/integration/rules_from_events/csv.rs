//! `events.csv` read back into events, as a script reading the file would:
//! the checks then run on what the file says, not on the library's stream.

use callsim::model::{Event, EventKind, Reason, Rule};
use std::collections::HashMap;

/// The kinds and rules a reader can meet, by their names in the file,
/// learned from `seen` (the library's stream of the same run): a row whose
/// kind or rule is not among them breaks the file contract.
pub struct Names {
    kinds: HashMap<&'static str, EventKind>,
    rules: HashMap<&'static str, Rule>,
}

impl Names {
    pub fn from(seen: &[(f64, Event)]) -> Self {
        Self {
            kinds: seen
                .iter()
                .map(|(_, e)| (e.kind.as_str(), e.kind))
                .collect(),
            rules: seen
                .iter()
                .filter_map(|(_, e)| e.decision.map(|d| (d.rule.as_str(), d.rule)))
                .collect(),
        }
    }
}

fn reason(text: &str) -> Reason {
    let mut fields = text.split(' ').map(|f| {
        let (name, value) = f
            .split_once('=')
            .unwrap_or_else(|| panic!("reason {text:?}"));
        (
            name,
            value.parse::<f64>().unwrap_or_else(|_| panic!("{text:?}")),
        )
    });
    let ((a, x), (_, y)) = (fields.next().unwrap(), fields.next().unwrap());
    let count = |v: f64| v as u32;
    match a {
        "waiting" => Reason::Waiting {
            waiting: count(x),
            threshold: count(y),
        },
        "on_break" => Reason::OnBreak {
            on_break: count(x),
            max: count(y),
        },
        "available" => Reason::Available {
            available: count(x),
            min: count(y),
        },
        "seconds" => Reason::Seconds { seconds: x, max: y },
        "expected" => Reason::ExpectedWait {
            expected: x,
            offer_after: y,
        },
        other => panic!("unknown reason {other:?} in {text:?}"),
    }
}

/// The rows of `text` (an `events.csv`) as timed events; `levels[i]` is
/// the level of tier index `i` (the file names tiers by level).
pub fn parse(text: &str, names: &Names, levels: &[u8]) -> Vec<(f64, Event)> {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("time_seconds,clock,kind,case,contact,visit,agent,tier,queue,rule,reason")
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 11, "{line}");
            let id = |i: usize| -> Option<u64> {
                (!cells[i].is_empty()).then(|| cells[i].parse().expect(line))
            };
            let kind = *names
                .kinds
                .get(cells[2])
                .unwrap_or_else(|| panic!("a kind the library never told: {line}"));
            let tier = id(7).map(|level| {
                levels
                    .iter()
                    .position(|&l| u64::from(l) == level)
                    .unwrap_or_else(|| panic!("no tier of level {level}: {line}"))
                    as u8
            });
            let decision = (!cells[9].is_empty()).then(|| {
                let rule = *names
                    .rules
                    .get(cells[9])
                    .unwrap_or_else(|| panic!("a rule the library never told: {line}"));
                callsim::model::Decision {
                    rule,
                    reason: reason(cells[10]),
                }
            });
            let event = Event {
                kind,
                case: id(3),
                contact: id(4),
                visit: id(5).map(|v| u8::try_from(v).expect(line)),
                agent: id(6).map(|a| u32::try_from(a).expect(line)),
                tier,
                queue: id(8).map(|q| u32::try_from(q).expect(line)),
                decision,
            };
            (cells[0].parse().expect(line), event)
        })
        .collect()
}
