//! The validated help-desk description: tiers, the call mix, customer types,
//! priority classes and the hold, transfer and call-length policies.
//!
//! A scenario written in the foundation format (one `[agents]` pool) has no
//! help desk: [`Scenario::helpdesk`](super::Scenario::helpdesk) is `None` and
//! the run uses the single-pool engine. A `[[tiers]]` scenario that uses none
//! of the help-desk features (one tier, no mixes, no hold, no call limit, only
//! `normal` customers, one class) is read as that same single pool, so it
//! gives byte-identical results.
//!
//! Indices, not names, everywhere: names are kept once here for reports.
//!
//! One file per table, each with its form as written, its validated form
//! and its checks: `tiers.rs`, `calls.rs`, `customers.rs` (with
//! `[customer_effects]`), `priorities.rs`, `routing.rs`, `transfer.rs`,
//! `hold.rs`, `call_limit.rs`, `tickets.rs` and `walk_ins.rs` (the second
//! and third channels, whose rates `channel_rates.rs` reads). This file
//! holds the desk as a whole and the links between its tables: every kind
//! of call that arrives (topic × language) must be something some tier can
//! resolve, or it would be escalated forever.

mod call_limit;
mod calls;
mod channel_rates;
mod customers;
mod hold;
mod priorities;
mod routing;
mod tickets;
mod tiers;
mod transfer;
mod walk_ins;

use std::path::Path;

use hold::DEFAULT_HOLD_MAX;

pub(crate) use call_limit::RawCallLimit;
pub use call_limit::{CallLimit, LimitAction};
pub use calls::Mix;
pub(crate) use calls::RawCalls;
pub use customers::{CustomerKind, CustomerType};
pub(crate) use customers::{RawCustomerEffects, RawCustomers, RawEffect};
pub(crate) use hold::RawHold;
pub use hold::{Hold, HoldLimitAction};
pub use priorities::PriorityClass;
pub(crate) use priorities::RawPriority;
pub(crate) use routing::RawRouting;
pub use routing::{AgentChoice, Routing};
pub(crate) use tickets::RawTickets;
pub use tickets::Tickets;
pub(crate) use tiers::RawTier;
pub use tiers::Tier;
pub(crate) use transfer::RawTransfer;
pub use transfer::{Transfer, TransferPolicy, WarmTimeout};
pub(crate) use walk_ins::RawWalkIns;
pub use walk_ins::WalkIns;

use crate::scenario::document::RawScenario;
use crate::scenario::duration::format_number;
use crate::scenario::error::{ErrorKind, ScenarioError, invalid};
use crate::scenario::limits::MAX_AGENTS;
use crate::scenario::quality::{Quality, uses_quality, validate_quality};
use crate::scenario::sla::Sla;
use crate::scenario::time::TimeSpec;

/// Everything that makes a run a help desk rather than one agent pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Helpdesk {
    /// Support tiers, lowest level first; `tiers[0]` is the entry tier (the
    /// single point of contact every call reaches first). At least one.
    pub tiers: Vec<Tier>,
    /// Names of issue complexities, in file order (e.g. basic, intermediate,
    /// complex); every tier's `resolve` has one probability per entry.
    pub complexities: Mix,
    /// Topics (skills a call needs), e.g. network, os, db, sap.
    pub topics: Mix,
    /// Languages a caller speaks, e.g. es, en.
    pub languages: Mix,
    /// Customer types with their shares and multipliers, always the five
    /// types in [`CustomerKind::ALL`] order (absent types have share 0).
    pub customers: Vec<CustomerType>,
    /// SLA contract classes, highest priority first. At least one; a scenario
    /// without `[[priorities]]` has one class named `standard` with the
    /// scenario's `[sla]`.
    pub classes: Vec<PriorityClass>,
    /// Which agents may take a waiting call, and which idle agent is chosen.
    pub routing: Routing,
    /// What happens to a call its tier could not resolve.
    pub transfer: Transfer,
    /// `None`: agents never put callers on hold to research.
    pub hold: Option<Hold>,
    /// `None`: calls have no length limit.
    pub call_limit: Option<CallLimit>,
    /// Repeat calls, follow-ups and the experience score; all off by default.
    pub quality: Quality,
    /// E-mail and web tickets; `None`: phone only.
    pub tickets: Option<Tickets>,
    /// The in-person desk; `None`: none.
    pub walk_ins: Option<WalkIns>,
}

impl Helpdesk {
    /// The longest single hold, warm-transfer holds included: `hold.max`,
    /// or its default when the desk has no `[hold]` (a warm transfer still
    /// waits at most that long). Resolved here so the model keeps no
    /// default of its own.
    pub fn hold_limit(&self) -> f64 {
        self.hold.as_ref().map_or(DEFAULT_HOLD_MAX, |h| h.max)
    }

    /// One plain tier of `agents` agents: the single pool as a help desk
    /// (one class with `sla`, `normal` customers, nothing to escalate). The
    /// help-desk engine runs it exactly as the single-pool engine does; runs
    /// with shifts use it when the file has no help desk.
    pub fn single_pool(agents: u32, sla: Sla) -> Self {
        let single = |name: &str| Mix {
            names: vec![name.into()],
            shares: vec![1.0],
        };
        Self {
            tiers: vec![Tier {
                level: 1,
                agents,
                skills: vec![true],
                languages: vec![true],
                handle_factor: 1.0,
                diagnosis: 0.0,
                resolve: vec![1.0],
            }],
            complexities: single("standard"),
            topics: single("general"),
            languages: single("any"),
            customers: CustomerKind::ALL
                .iter()
                .map(|&kind| CustomerType {
                    kind,
                    share: if kind == CustomerKind::Normal {
                        1.0
                    } else {
                        0.0
                    },
                    talk: 1.0,
                    patience: 1.0,
                    hold: 1.0,
                    escalation: 1.0,
                    repeat: 1.0,
                })
                .collect(),
            classes: vec![PriorityClass {
                name: "standard".into(),
                share: 1.0,
                threshold: sla.threshold,
                target: sla.target,
            }],
            routing: Routing {
                agent: AgentChoice::LowestTier,
                overflow: false,
            },
            transfer: Transfer {
                policy: TransferPolicy::Warm,
                on_timeout: WarmTimeout::Callback,
            },
            hold: None,
            call_limit: None,
            quality: Quality::default(),
            tickets: None,
            walk_ins: None,
        }
    }
}

/// The help desk a file describes and the total number of agents, or `None`
/// if it uses no help-desk table at all. The desk itself is `None` when it
/// behaves exactly like one agent pool. `agents` is the `[agents]` count, if
/// written (it makes one tier).
pub(crate) fn validate_desk(
    raw: &RawScenario,
    agents: Option<u32>,
    sla: Sla,
    base_dir: &Path,
    staffed: Option<&[u32]>,
    time: &TimeSpec,
) -> Result<Option<(Option<Helpdesk>, u32)>, ScenarioError> {
    let uses_desk = raw.tiers.is_some()
        || raw.calls.is_some()
        || raw.customers.is_some()
        || raw.customer_effects.is_some()
        || raw.priorities.is_some()
        || raw.routing.is_some()
        || raw.transfer.is_some()
        || raw.hold.is_some()
        || raw.call_limit.is_some()
        || uses_quality(raw)
        || raw.tickets.is_some()
        || raw.walk_ins.is_some();
    if !uses_desk {
        return Ok(None);
    }
    let calls = raw.calls.clone().unwrap_or_default();
    let complexities =
        calls::validate_mix("calls.complexity", calls.complexity.as_ref(), "standard")?;
    let topics = calls::validate_mix("calls.topics", calls.topics.as_ref(), "general")?;
    let languages = calls::validate_mix("calls.languages", calls.languages.as_ref(), "any")?;
    let tiers = match (&raw.tiers, agents) {
        (Some(tiers), _) => {
            tiers::validate_tiers(tiers, &complexities, &topics, &languages, staffed)?
        }
        (None, Some(count)) => vec![Tier {
            level: 1,
            agents: count,
            skills: vec![true; topics.names.len()],
            languages: vec![true; languages.names.len()],
            handle_factor: 1.0,
            diagnosis: 0.0,
            resolve: vec![1.0; complexities.names.len()],
        }],
        (None, None) => return Err(missing_agents()),
    };
    check_coverage(&tiers, &topics, &languages)?;
    let desk = Helpdesk {
        customers: customers::validate_customers(
            raw.customers.as_ref(),
            raw.customer_effects.as_ref(),
        )?,
        classes: priorities::validate_classes(raw.priorities.as_deref(), sla)?,
        routing: routing::validate_routing(raw.routing.as_ref())?,
        transfer: transfer::validate_transfer(raw.transfer.as_ref())?,
        hold: raw
            .hold
            .as_ref()
            .map(|h| hold::validate_hold(h, base_dir))
            .transpose()?,
        call_limit: call_limit::validate_call_limit(raw.call_limit.as_ref())?,
        quality: validate_quality(raw, tiers.len(), base_dir)?,
        tickets: raw
            .tickets
            .as_ref()
            .map(|t| {
                let levels: Vec<u8> = tiers.iter().map(|t| t.level).collect();
                tickets::validate_tickets(t, time, &levels, base_dir)
            })
            .transpose()?,
        walk_ins: raw
            .walk_ins
            .as_ref()
            .map(|w| walk_ins::validate_walk_ins(w, time, base_dir))
            .transpose()?,
        tiers,
        complexities,
        topics,
        languages,
    };
    let total: u32 = desk.tiers.iter().map(|t| t.agents).sum();
    if total > MAX_AGENTS {
        return Err(invalid(
            "tiers",
            format!("the tiers have {total} agents in all: expected at most {MAX_AGENTS}"),
        ));
    }
    let single_pool = is_single_pool(&desk, sla);
    Ok(Some(((!single_pool).then_some(desk), total)))
}

/// The error for a file with neither `[agents]` nor `[[tiers]]`.
pub(crate) fn missing_agents() -> ScenarioError {
    ScenarioError::at_key(
        ErrorKind::MissingKey,
        "agents",
        "missing required table `[agents]` (or `[[tiers]]`)",
    )
    .with_help("add `[agents]` with e.g. `count = 10`, or one `[[tiers]]` table per support tier")
}

/// Whether the desk behaves exactly like one agent pool: then the run uses
/// the single-pool engine and reports, so a one-tier file gives the same
/// bytes as the `[agents]` form.
///
/// The desk is compared whole with [`Helpdesk::single_pool`], after erasing
/// only what one tier can never use (names, where to escalate and how to
/// transfer, multipliers of customer types that never call). A setting added
/// to the desk later therefore keeps a file on the help-desk engine until
/// someone decides here that one tier ignores it: the safe side, since the
/// help-desk engine runs a plain tier exactly as the single pool does.
fn is_single_pool(desk: &Helpdesk, sla: Sla) -> bool {
    let [tier] = desk.tiers.as_slice() else {
        return false;
    };
    let plain = Helpdesk::single_pool(tier.agents, sla);
    let mut seen = desk.clone();
    // With one tier nothing escalates: how and to whom does not matter, and
    // the last tier able to take a call resolves it whatever its rates.
    seen.tiers[0].level = plain.tiers[0].level;
    seen.tiers[0].resolve = vec![1.0; seen.tiers[0].resolve.len()];
    seen.transfer = plain.transfer;
    seen.routing = plain.routing;
    // Names are labels; one entry of each list is the whole mix.
    for (mix, plain) in [
        (&mut seen.complexities, &plain.complexities),
        (&mut seen.topics, &plain.topics),
        (&mut seen.languages, &plain.languages),
    ] {
        if mix.names.len() == 1 {
            mix.names.clone_from(&plain.names);
        }
    }
    for class in &mut seen.classes {
        class.name.clone_from(&plain.classes[0].name);
    }
    // A customer type with no share never calls; with no repeat calls, no
    // type's repeat multiplier is used.
    let repeats = seen.quality.repeats.is_some();
    for (c, p) in seen.customers.iter_mut().zip(&plain.customers) {
        if c.share == 0.0 {
            *c = *p;
        } else if !repeats {
            c.repeat = p.repeat;
        }
    }
    seen == plain
}

/// Every topic and language that calls have (share > 0) must be served, in
/// combination, by some tier: otherwise such a call could never be resolved.
fn check_coverage(tiers: &[Tier], topics: &Mix, languages: &Mix) -> Result<(), ScenarioError> {
    let serving = |t: usize, l: usize| tiers.iter().any(|x| x.skills[t] && x.languages[l]);
    for (t, name) in topics.names.iter().enumerate() {
        if topics.shares[t] > 0.0 && !tiers.iter().any(|x| x.skills[t]) {
            return Err(invalid(
                &format!("calls.topics.{name}"),
                format!(
                    "no tier has the skill {name:?}, but {} of calls need it",
                    percent(topics.shares[t])
                ),
            )
            .with_label("no tier can resolve these calls")
            .with_help(format!(
                "add {name:?} to the `skills` of a tier, or set its share to 0"
            )));
        }
    }
    for (l, name) in languages.names.iter().enumerate() {
        if languages.shares[l] > 0.0 && !tiers.iter().any(|x| x.languages[l]) {
            return Err(invalid(
                &format!("calls.languages.{name}"),
                format!(
                    "no tier speaks {name:?}, but {} of calls need it",
                    percent(languages.shares[l])
                ),
            )
            .with_label("no tier can serve these callers")
            .with_help(format!(
                "add {name:?} to the `languages` of a tier, or set its share to 0"
            )));
        }
    }
    for (t, topic) in topics.names.iter().enumerate() {
        for (l, language) in languages.names.iter().enumerate() {
            if topics.shares[t] > 0.0 && languages.shares[l] > 0.0 && !serving(t, l) {
                return Err(invalid(
                    &format!("calls.topics.{topic}"),
                    format!("no tier has the skill {topic:?} and speaks {language:?}: such calls could never be resolved"),
                )
                .with_label(format!("no tier serves {topic:?} in {language:?}"))
                .with_help(format!(
                    "give one tier both {topic:?} in `skills` and {language:?} in `languages`"
                )));
            }
        }
    }
    Ok(())
}

fn percent(share: f64) -> String {
    format!("{} %", format_number((share * 1000.0).round() / 10.0))
}
