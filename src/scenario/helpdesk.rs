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

use super::quality::Quality;
use super::types::DistributionSpec;

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
    pub routing: Routing,
    pub transfer: Transfer,
    /// `None`: agents never put callers on hold to research.
    pub hold: Option<Hold>,
    /// `None`: calls have no length limit.
    pub call_limit: Option<CallLimit>,
    /// Repeat calls, follow-ups and the experience score; all off by default.
    pub quality: Quality,
    /// E-mail and web tickets; `None`: phone only.
    pub tickets: Option<super::tickets::Tickets>,
    /// The in-person desk; `None`: none.
    pub walk_ins: Option<super::walk_ins::WalkIns>,
}

impl Helpdesk {
    /// One plain tier of `agents` agents: the single pool as a help desk
    /// (one class with `sla`, `normal` customers, nothing to escalate). The
    /// help-desk engine runs it exactly as the single-pool engine does; runs
    /// with shifts use it when the file has no help desk.
    pub fn single_pool(agents: u32, sla: super::Sla) -> Self {
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

/// Names with shares that sum to 1 (within 1e-9). A mix with a single entry
/// of share 1 draws no random number.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    pub names: Vec<String>,
    pub shares: Vec<f64>,
}

/// One support tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// 1..=5, strictly increasing along `Helpdesk::tiers`.
    pub level: u8,
    /// Agents in this tier (≥ 1).
    pub agents: u32,
    /// `skills[t]`: this tier can work on topic `t` (indices into `topics`).
    pub skills: Vec<bool>,
    /// `languages[l]`: this tier speaks language `l` (indices into `languages`).
    pub languages: Vec<bool>,
    /// Multiplies the call's drawn talk time (> 0).
    pub handle_factor: f64,
    /// Seconds spent on diagnosis at the start of every call this tier takes
    /// (≥ 0); a call the tier cannot work on (skill or language missing) gets
    /// only this triage before it is escalated.
    pub diagnosis: f64,
    /// `resolve[c]`: probability this tier resolves a call of complexity `c`
    /// (0..=1). The highest tier able to take a call resolves it whatever
    /// this says: a call is escalated, never dropped.
    pub resolve: Vec<f64>,
}

/// The five customer types of the course notes (seed 003).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CustomerKind {
    Normal,
    Talkative,
    Rude,
    Inexperienced,
    Angry,
}

impl CustomerKind {
    /// Every type, in the order reports list them.
    pub const ALL: [CustomerKind; 5] = [
        Self::Normal,
        Self::Talkative,
        Self::Rude,
        Self::Inexperienced,
        Self::Angry,
    ];

    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::Talkative => "talkative",
            Self::Rude => "rude",
            Self::Inexperienced => "inexperienced",
            Self::Angry => "angry",
        }
    }
}

/// A customer type's share of calls and how it changes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomerType {
    pub kind: CustomerKind,
    /// Share of calls (0..=1); the five shares sum to 1.
    pub share: f64,
    /// Multiplies talk time (> 0).
    pub talk: f64,
    /// Multiplies patience in queue and on hold (> 0).
    pub patience: f64,
    /// Multiplies the probability of being put on hold (≥ 0; capped at 1).
    pub hold: f64,
    /// Multiplies the probability that a tier does not resolve the call
    /// (≥ 0; capped at 1).
    pub escalation: f64,
    /// Multiplies the probability that a fix does not hold (`[repeat_calls]`;
    /// ≥ 0, capped at 1).
    pub repeat: f64,
}

/// An SLA contract class (e.g. gold, silver, bronze).
#[derive(Debug, Clone, PartialEq)]
pub struct PriorityClass {
    pub name: String,
    /// Share of calls (0..=1); the shares sum to 1.
    pub share: f64,
    /// Answer within this many seconds.
    pub threshold: f64,
    /// Share of offered calls to answer within the threshold (0..=1).
    pub target: f64,
}

/// Which agents may take a waiting call, and which idle agent is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Routing {
    pub agent: AgentChoice,
    /// Idle agents of a higher tier may take calls waiting for a lower tier
    /// (any call of the entry tier; for other tiers only if the higher tier
    /// has all of the lower tier's skills and languages).
    pub overflow: bool,
}

/// How an idle agent is chosen when several tiers could take a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentChoice {
    /// The lowest tier with an idle agent (its longest-idle agent): keeps
    /// experts free.
    LowestTier,
    /// The agent idle longest, whatever its tier.
    LongestIdle,
}

/// What happens to a call its tier could not resolve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transfer {
    pub policy: TransferPolicy,
    /// Warm transfers only: what happens when no agent of the target tier has
    /// become free by the hold limit.
    pub on_timeout: WarmTimeout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferPolicy {
    /// With consent: the call passes only to a free agent of the target tier;
    /// until one is free the caller waits on hold with the current agent.
    Warm,
    /// Blind: the call joins the target tier's queue and the agent moves on.
    Cold,
    /// The caller hangs up and the target tier calls back when it has time.
    Callback,
}

impl TransferPolicy {
    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Warm => "warm",
            Self::Cold => "cold",
            Self::Callback => "callback",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarmTimeout {
    /// The case becomes a callback from the target tier: the course's way
    /// when nobody can take the call (the default).
    Callback,
    /// The caller joins the target tier's queue ahead of every class: a
    /// transfer *without* the receiving technician's consent, counted as such.
    PriorityQueue,
}

/// Agents putting callers on hold to research.
#[derive(Debug, Clone, PartialEq)]
pub struct Hold {
    /// Probability that a call is put on hold at a tier (0..=1), before the
    /// customer multiplier.
    pub probability: f64,
    /// Research time needed while the caller holds (seconds).
    pub duration: DistributionSpec,
    /// Longest single hold (seconds, > 0): at the limit the agent returns to
    /// the caller (a hold-limit event) and `at_limit` says what happens if
    /// research remains. Also bounds a warm-transfer hold.
    pub max: f64,
    /// How long a caller on hold waits before hanging up; `None`: never.
    pub patience: Option<DistributionSpec>,
    /// What the agent does on coming back at the hold limit with research
    /// still to do.
    pub at_limit: HoldLimitAction,
    /// Seconds the agent talks with the caller at each check-in (> 0; used
    /// with [`HoldLimitAction::CheckIn`]).
    pub check_in: f64,
}

/// What happens when a research hold reaches the hold limit (seed 003: the
/// customer is not left waiting on hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldLimitAction {
    /// The agent offers a callback: the caller hangs up and the same tier
    /// calls back once the research is done (the course's alternative; the
    /// default).
    Callback,
    /// The agent escalates the call to the next tier able to take it, by the
    /// transfer policy (at the highest such tier: a check-in).
    Escalate,
    /// The agent tells the caller how it is going (a check-in of
    /// `Hold::check_in` seconds, talk time) and holds again.
    CheckIn,
}

impl HoldLimitAction {
    /// The name used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Callback => "callback",
            Self::Escalate => "escalate",
            Self::CheckIn => "check_in",
        }
    }
}

/// The call-length limit (seed 003: about 15 minutes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallLimit {
    /// Seconds from the first answer, holds included (> 0).
    pub max: f64,
    pub action: LimitAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitAction {
    /// The current tier stops and escalates the call (when a higher tier can
    /// take it; otherwise the call continues, flagged).
    Escalate,
    /// The agent ends the call and the same tier calls back later.
    Callback,
    /// The call continues; it is flagged as over the limit.
    Continue,
}
