//! What the model tells observers about a call.

use crate::engine::Time;

/// How a call left the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Found every trunk line busy and never entered the system.
    Blocked,
    /// Hung up while waiting in queue.
    Abandoned,
    /// Reached an agent and was served to the end.
    Answered,
}

impl Outcome {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blocked => "blocked",
            Self::Abandoned => "abandoned",
            Self::Answered => "answered",
        }
    }
}

/// Everything known about a call once it has left the system (for an
/// answered call: once the caller hangs up; the agent's wrap-up follows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CallRecord {
    /// Sequential number in order of arrival, from 0: synthetic, never a
    /// caller's identity.
    pub id: u64,
    /// Arrival time, seconds from the scenario's start.
    pub arrival: Time,
    /// Whether the caller was blocked, hung up or was answered.
    pub outcome: Outcome,
    /// Seconds in queue: until answered, or until hanging up; 0 if blocked.
    pub wait: f64,
    /// Seconds talking with the agent (0 unless answered).
    pub talk: f64,
    /// Seconds of after-call work the agent does after this call (0 unless answered).
    pub wrap_up: f64,
    /// The agent who answered, if any.
    pub agent: Option<u32>,
    /// False for calls that arrived during the warm-up: simulated, not counted.
    pub counted: bool,
    /// What the help desk did with the call; [`CaseInfo::PLAIN`] in a
    /// single-pool run.
    pub case: CaseInfo,
}

/// How a caller's contact with the help desk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseEnd {
    /// Blocked, or abandoned before any agent answered.
    Unanswered,
    /// The last agent resolved the problem.
    Resolved,
    /// Hung up while on hold (research or waiting for a warm transfer).
    HungUpOnHold,
    /// Hung up while waiting in a higher tier's queue after a transfer.
    AbandonedAfterTransfer,
    /// Let go with a callback promised: the case goes on without the caller.
    CallbackPromised,
}

impl CaseEnd {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unanswered => "unanswered",
            Self::Resolved => "resolved",
            Self::HungUpOnHold => "hung_up_on_hold",
            Self::AbandonedAfterTransfer => "abandoned_after_transfer",
            Self::CallbackPromised => "callback_promised",
        }
    }
}

/// The tiers that served a call, in order (at most 8), as tier indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct TierPath {
    packed: u32,
    len: u8,
}

impl TierPath {
    /// Appends tier index `tier` (0..16); a ninth entry is dropped.
    #[inline]
    pub fn push(&mut self, tier: u8) {
        if self.len < 8 {
            self.packed |= u32::from(tier & 0xF) << (4 * self.len);
            self.len += 1;
        }
    }

    /// The tier indices in visiting order.
    pub fn iter(self) -> impl Iterator<Item = u8> {
        (0..self.len).map(move |i| ((self.packed >> (4 * i)) & 0xF) as u8)
    }

    /// Tiers in the path (at most 8).
    pub fn len(self) -> usize {
        usize::from(self.len)
    }

    /// No tier served the call: it was blocked or abandoned before any answer.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }

    /// The tier index that served the call first, if any.
    pub fn first(self) -> Option<u8> {
        self.iter().next()
    }
}

/// Help-desk facts about one call: who the caller is and what happened.
/// Indices refer to [`Helpdesk`](crate::scenario::Helpdesk)'s lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseInfo {
    /// Index of the caller's customer type (`Helpdesk::customers`).
    pub customer: u8,
    /// Index of the call's SLA class (`Helpdesk::classes`).
    pub class: u8,
    /// Index of the problem's complexity in the call mix.
    pub complexity: u8,
    /// Index of the problem's topic in the call mix.
    pub topic: u8,
    /// Index of the caller's language in the call mix.
    pub language: u8,
    /// Tiers whose agents talked with the caller, in order.
    pub path: TierPath,
    /// Times the live call passed to another agent (warm or cold).
    pub transfers: u8,
    /// Times the case left a tier unresolved while the caller was on the
    /// line: transfers, and letting the caller go for a higher tier's
    /// callback. A caller who hangs up waiting for a warm transfer was not
    /// escalated.
    pub escalations: u8,
    /// Hold periods, warm-transfer holds included.
    pub holds: u16,
    /// Holds that reached the hold limit.
    pub hold_limit_events: u16,
    /// Seconds on hold in total.
    pub hold_seconds: f64,
    /// Research holds that reached the limit, by what followed
    /// (`hold.at_limit`): the agent checked in and held again, escalated
    /// the call, or let the caller go with a callback.
    pub hold_check_ins: u16,
    /// Talk seconds of those check-ins.
    pub hold_check_in_seconds: f64,
    /// Research holds at the limit after which the agent escalated the call.
    pub hold_limit_escalations: u8,
    /// A research hold at the limit ended with the caller let go for a callback.
    pub hold_limit_callback: bool,
    /// Warm transfers that timed out into the target tier's queue
    /// (`transfer.on_timeout = "priority_queue"`): without the receiving
    /// technician's consent.
    pub transfers_without_consent: u8,
    /// The caller was on the line (from the first answer) past the
    /// call-length limit, wherever they were: talking, on hold, holding for
    /// a warm transfer or queued after a transfer.
    pub over_limit: bool,
    /// How the caller's contact with the desk ended.
    pub end: CaseEnd,
    /// The id of the case's first call: repeat calls share it.
    pub case_id: u64,
    /// Arrival of the case's first call.
    pub opened: Time,
    /// Seconds this call waited for an agent: in every queue it joined, and
    /// holding for a warm transfer (which is also hold time).
    pub waited: f64,
    /// 1 for a case's first call, 2 for its first repeat call, ...
    pub contact: u8,
    /// The caller was offered a virtual-hold callback (`[callbacks]`).
    pub callback_offered: bool,
    /// ... and accepted it: the agent called back.
    pub virtual_hold: bool,
    /// The callback came after the promised time.
    pub promise_broken: bool,
    /// The agent closed the case as resolved but the fix will not hold
    /// (`[repeat_calls]`): known to the analyst, not to the agent.
    pub unfixed: bool,
}

impl CaseInfo {
    /// A call of a single-pool run: one class, one type, no holds.
    pub const PLAIN: Self = Self {
        customer: 0,
        class: 0,
        complexity: 0,
        topic: 0,
        language: 0,
        path: TierPath { packed: 0, len: 0 },
        transfers: 0,
        escalations: 0,
        holds: 0,
        hold_limit_events: 0,
        hold_seconds: 0.0,
        hold_check_ins: 0,
        hold_check_in_seconds: 0.0,
        hold_limit_escalations: 0,
        hold_limit_callback: false,
        transfers_without_consent: 0,
        over_limit: false,
        end: CaseEnd::Unanswered,
        case_id: 0,
        opened: 0.0,
        waited: 0.0,
        contact: 1,
        callback_offered: false,
        virtual_hold: false,
        promise_broken: false,
        unfixed: false,
    };

    /// Two or more transfers: the caller was sent from one place to another.
    pub fn runaround(&self) -> bool {
        self.transfers >= 2
    }
}

/// How one visit of a case to a tier ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitEnd {
    /// This tier resolved the problem.
    Resolved,
    /// Not resolved here: the case moved up (transfer or callback).
    Escalated,
    /// The caller hung up in this tier's queue.
    Abandoned,
    /// The caller hung up on hold with this tier's agent.
    HungUpOnHold,
    /// The agent let the caller go with a callback promised (call limit).
    CallbackPromised,
}

impl VisitEnd {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resolved => "resolved",
            Self::Escalated => "escalated",
            Self::Abandoned => "abandoned",
            Self::HungUpOnHold => "hung_up_on_hold",
            Self::CallbackPromised => "callback_promised",
        }
    }
}

/// How a case reached a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitEntry {
    /// A new call at the entry tier.
    Arrival,
    /// Passed live, with consent, to a free agent.
    WarmTransfer,
    /// No agent became free within the warm-transfer hold limit: the caller
    /// joined the tier's queue ahead of every class.
    WarmTimeout,
    /// Passed blind into the tier's queue.
    ColdTransfer,
    /// A callback the tier makes (the caller was let go earlier).
    Callback,
}

impl VisitEntry {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Arrival => "arrival",
            Self::WarmTransfer => "warm_transfer",
            Self::WarmTimeout => "warm_timeout",
            Self::ColdTransfer => "cold_transfer",
            Self::Callback => "callback",
        }
    }
}

/// One visit of a case to a tier: a live call routed there, or a callback the
/// tier makes. Reported when the visit ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VisitRecord {
    /// The [`CallRecord::id`] of the call the visit belongs to.
    pub call_id: u64,
    /// Tier index the case was routed to.
    pub tier: u8,
    /// Tier index of the agent who took it (differs from `tier` when a higher
    /// tier helped); `None` if no agent took it.
    pub agent_tier: Option<u8>,
    /// The agent who took it, if any.
    pub agent: Option<u32>,
    /// Index of the caller's customer type.
    pub customer: u8,
    /// Index of the call's SLA class.
    pub class: u8,
    /// How the case reached this tier.
    pub entry: VisitEntry,
    /// A callback made by the tier, not a live caller.
    pub callback: bool,
    /// When the case reached this tier (joined its queue, or asked for it).
    pub entered: Time,
    /// Seconds from `entered` until an agent took the case (or the caller hung up).
    pub wait: f64,
    /// Seconds the agent spent with the case: talk plus hold.
    pub handle: f64,
    /// Seconds on hold during this visit.
    pub hold: f64,
    /// Hold periods during this visit.
    pub holds: u16,
    /// Holds of this visit that reached the hold limit.
    pub hold_limit_events: u16,
    /// After-call work the agent did after this visit.
    pub wrap_up: f64,
    /// The call passed the call-length limit during this visit.
    pub over_limit: bool,
    /// How the visit ended: resolved, escalated, or the caller gone.
    pub end: VisitEnd,
    /// False for calls that arrived during the warm-up.
    pub counted: bool,
}

/// How a follow-up call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FollowUpOutcome {
    /// The customer confirmed the fix held.
    Confirmed,
    /// The fix had not held and the customer said so: the case reopened.
    Reopened,
    /// The fix had not held but the customer did not say so.
    NotDetected,
    /// The customer did not answer.
    NoAnswer,
    /// Not started within its window (the queue never allowed it, or no
    /// agent was on duty).
    Missed,
    /// The customer called again before the follow-up was made.
    Superseded,
    /// Due after the horizon: not simulated.
    AfterHorizon,
}

impl FollowUpOutcome {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Reopened => "reopened",
            Self::NotDetected => "not_detected",
            Self::NoAnswer => "no_answer",
            Self::Missed => "missed",
            Self::Superseded => "superseded",
            Self::AfterHorizon => "after_horizon",
        }
    }

    /// An agent made the call (answered or not).
    pub fn made(self) -> bool {
        matches!(
            self,
            Self::Confirmed | Self::Reopened | Self::NotDetected | Self::NoAnswer
        )
    }

    /// The customer was on the line.
    pub fn reached(self) -> bool {
        matches!(self, Self::Confirmed | Self::Reopened | Self::NotDetected)
    }
}

/// One follow-up call of a case, reported when it is over (or will not be
/// made).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowUpRecord {
    /// The case it follows up ([`CaseInfo::case_id`]).
    pub case_id: u64,
    /// Index of the customer's type.
    pub customer: u8,
    /// Index of the case's SLA class.
    pub class: u8,
    /// When the follow-up fell due.
    pub due: Time,
    /// When an agent started it; `None` unless made.
    pub started: Option<Time>,
    /// The agent who made it; `None` unless made.
    pub agent: Option<u32>,
    /// Seconds the agent spent on it (talk, or the unanswered attempt).
    pub talk: f64,
    /// How it went: confirmed, reopened, unanswered, or never made.
    pub outcome: FollowUpOutcome,
    /// False for cases opened during the warm-up.
    pub counted: bool,
}

/// How a case ended for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseOutcome {
    /// Resolved, and the fix held.
    Resolved,
    /// Closed as resolved but the fix did not hold, and the customer did
    /// not call again (calls used up).
    Unresolved,
    /// The customer's last call ended without help, and they did not call
    /// again.
    Abandoned,
    /// A repeat call was still to come when the horizon fell.
    Open,
}

impl CaseOutcome {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resolved => "resolved",
            Self::Unresolved => "unresolved",
            Self::Abandoned => "abandoned",
            Self::Open => "open",
        }
    }
}

/// A case over its whole life: every call about one problem, its callbacks
/// and follow-ups. Reported once, when nothing more will happen to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseRecord {
    /// The id of the case's first call.
    pub case_id: u64,
    /// Arrival of its first call.
    pub opened: Time,
    /// Index of the customer's type.
    pub customer: u8,
    /// Index of the case's SLA class.
    pub class: u8,
    /// Calls the customer made about it (repeats included).
    pub calls: u8,
    /// How the case ended for good.
    pub outcome: CaseOutcome,
    /// The first call resolved it for good: no callback, no repeat, no
    /// reopening.
    pub first_call_resolved: bool,
    /// False for cases opened during the warm-up.
    pub counted: bool,
}

/// A ticket (`[tickets]`), reported when an agent has resolved it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TicketRecord {
    /// Sequential from 0, in arrival order (its own numbering, not a call id).
    pub id: u64,
    /// When it arrived, seconds from the scenario's start.
    pub arrival: Time,
    /// The first response: when an agent started on it.
    pub started: Time,
    /// When it was resolved.
    pub finished: Time,
    /// The agent who worked on it.
    pub agent: u32,
    /// False for tickets that arrived during the warm-up.
    pub counted: bool,
}
