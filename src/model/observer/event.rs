//! The event stream: one typed record of everything that happens in a
//! help-desk run, for every reader (the event log, and later the rule
//! audit, `trace` and the rule tests).
//!
//! An [`Event`] is small and `Copy`: what happened ([`EventKind`]), to whom
//! (case, contact, visit, agent, tier), the callers waiting at that tier
//! just after it, and, for each decision a rule made, the rule and its
//! reason ([`Decision`]). A reader never needs the engine's state: the
//! stream alone tells each call's story and each agent's day. The model
//! hands events to [`Observer::event`](crate::model::Observer::event), whose
//! default does nothing, so a run without a reader pays nothing for them.

/// What happened. The names are the `kind` column of `events.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A call (a first call or a repeat call of a case) arrives.
    Arrived,
    /// The call found every trunk line in use: it ends at once.
    Blocked,
    /// The case joins the queue of its tier (a live caller, or a callback
    /// the tier owes).
    Queued,
    /// An agent answers the call for the first time.
    Answered,
    /// An agent starts a visit: takes a caller or makes a callback.
    VisitStarted,
    /// The agent puts the caller on hold (research or a warm transfer).
    HoldStarted,
    /// The hold is over.
    HoldEnded,
    /// A research hold reached the hold limit with research left.
    HoldLimit,
    /// The call is flagged over the call-length limit: when it reaches it
    /// with an agent, or, having passed it between agents, when it next
    /// meets one or hangs up.
    CallLimit,
    /// The agent resolved the case; the visit is over.
    Resolved,
    /// The agent did not resolve the case: it moves up a tier.
    Escalated,
    /// The agent asks the next tier to take the caller (warm transfer).
    TransferAsked,
    /// An agent of the next tier takes the caller (warm transfer).
    TransferConsented,
    /// Nobody of the next tier took the caller within the hold limit.
    TransferRefused,
    /// The case leaves its tier for the next (the `tier` column), by a
    /// transfer or as a callback the next tier owes: the end of the visit
    /// as an escalation.
    Transferred,
    /// A caller waiting in a queue hangs up.
    Abandoned,
    /// A caller on hold hangs up.
    HungUpOnHold,
    /// The caller's contact with an agent is over (resolved, hung up on
    /// hold, or let go with a callback promised).
    Ended,
    /// The agent starts the after-call work of a visit (only when it has
    /// any: with none, the agent is free as the visit ends).
    WrapUpStarted,
    /// The agent's after-call work is over.
    WrapUpEnded,
    /// The agent is free and nothing waits for it: it joins its tier's idle
    /// agents (it leaves them with its next `visit_started`, follow-up or
    /// ticket, or when it goes away).
    Idle,
    /// The caller was offered a virtual-hold callback.
    CallbackOffered,
    /// The caller accepted it: they hang up and keep their place.
    CallbackAccepted,
    /// The caller declined it and waits on the line.
    CallbackDeclined,
    /// The caller was let go with a callback promised by the tier.
    CallbackPromised,
    /// An agent calls the customer back.
    CallbackMade,
    /// A virtual-hold callback made after the time promised.
    CallbackBroken,
    /// A follow-up call falls due.
    FollowUpDue,
    /// An agent makes the follow-up call.
    FollowUpMade,
    /// The follow-up call is over.
    FollowUpEnded,
    /// The follow-up was not made (expired, or the run ended first).
    FollowUpMissed,
    /// The follow-up is no longer needed (the customer called again, or it
    /// would fall after the horizon).
    FollowUpCancelled,
    /// A ticket arrives (its id is in the `contact` column).
    TicketArrived,
    /// An agent starts working the ticket.
    TicketStarted,
    /// The ticket is resolved.
    TicketEnded,
    /// The agent logs in for a shift.
    ShiftStarted,
    /// The agent logs out.
    ShiftEnded,
    /// The agent prepares before taking calls.
    PrepStarted,
    /// The preparation is over: the agent is on duty and may take calls.
    PrepEnded,
    /// The shift ended during a call: the agent works on, in overtime.
    OvertimeStarted,
    /// A break or lunch falls due.
    BreakDue,
    /// A rule holds the due break back (once per break).
    BreakDeferred,
    /// The break reached its deferral limit: it will be taken regardless of
    /// the waiting rule.
    BreakForced,
    /// The agent goes on its break or lunch.
    BreakTaken,
    /// The break or lunch is over.
    BreakEnded,
    /// The break is lost.
    BreakMissed,
    /// The agent asks for personal leave (decided when it would start).
    LeaveAsked,
    /// The leave was refused: asked again later.
    LeaveRefused,
    /// The agent goes on leave.
    LeaveStarted,
    /// The leave is over.
    LeaveEnded,
    /// The agent joins a meeting.
    MeetingStarted,
    /// The agent leaves the meeting.
    MeetingEnded,
}

impl EventKind {
    /// The name written in `events.csv`.
    pub fn as_str(self) -> &'static str {
        use EventKind::*;
        match self {
            Arrived => "arrived",
            Blocked => "blocked",
            Queued => "queued",
            Answered => "answered",
            VisitStarted => "visit_started",
            HoldStarted => "hold_started",
            HoldEnded => "hold_ended",
            HoldLimit => "hold_limit",
            CallLimit => "call_limit",
            Resolved => "resolved",
            Escalated => "escalated",
            TransferAsked => "transfer_asked",
            TransferConsented => "transfer_consented",
            TransferRefused => "transfer_refused",
            Transferred => "transferred",
            Abandoned => "abandoned",
            HungUpOnHold => "hung_up_on_hold",
            Ended => "ended",
            WrapUpStarted => "wrap_up_started",
            WrapUpEnded => "wrap_up_ended",
            Idle => "idle",
            CallbackOffered => "callback_offered",
            CallbackAccepted => "callback_accepted",
            CallbackDeclined => "callback_declined",
            CallbackPromised => "callback_promised",
            CallbackMade => "callback_made",
            CallbackBroken => "callback_broken",
            FollowUpDue => "followup_due",
            FollowUpMade => "followup_made",
            FollowUpEnded => "followup_ended",
            FollowUpMissed => "followup_missed",
            FollowUpCancelled => "followup_cancelled",
            TicketArrived => "ticket_arrived",
            TicketStarted => "ticket_started",
            TicketEnded => "ticket_ended",
            ShiftStarted => "shift_started",
            ShiftEnded => "shift_ended",
            PrepStarted => "prep_started",
            PrepEnded => "prep_ended",
            OvertimeStarted => "overtime_started",
            BreakDue => "break_due",
            BreakDeferred => "break_deferred",
            BreakForced => "break_forced",
            BreakTaken => "break_taken",
            BreakEnded => "break_ended",
            BreakMissed => "break_missed",
            LeaveAsked => "leave_asked",
            LeaveRefused => "leave_refused",
            LeaveStarted => "leave_started",
            LeaveEnded => "leave_ended",
            MeetingStarted => "meeting_started",
            MeetingEnded => "meeting_ended",
        }
    }
}

/// A rule of the scenario that decides something. The names are the `rule`
/// column of `events.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// `no_break_while_waiting`: no break while that many callers wait.
    NoBreakWhileWaiting,
    /// `staggered`: at most that many agents of a tier on break at once.
    Staggered,
    /// `max_deferral` with `on_max_deferral`: a break held back that long
    /// past its window is forced or lost.
    MaxDeferral,
    /// Personal leave's `min_available`: that many others stay available.
    MinAvailable,
    /// `hold.max`: the longest single hold.
    HoldLimit,
    /// `call_limit.max`: the longest call from its first answer.
    CallLimit,
    /// The warm-transfer hold limit: the next tier's consent must come
    /// within it.
    WarmTransfer,
    /// `[callbacks]` `offer_after`: a callback is offered past that wait.
    VirtualHold,
    /// Follow-ups' `expires`: a follow-up later than that is not made.
    FollowUpExpiry,
}

impl Rule {
    /// Every rule, in the order of the variants (so `rule as usize` is a
    /// rule's place): what `trace --rule` accepts and the audit's order.
    pub const ALL: [Rule; 9] = [
        Rule::NoBreakWhileWaiting,
        Rule::Staggered,
        Rule::MaxDeferral,
        Rule::MinAvailable,
        Rule::HoldLimit,
        Rule::CallLimit,
        Rule::WarmTransfer,
        Rule::VirtualHold,
        Rule::FollowUpExpiry,
    ];

    /// The name written in `events.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NoBreakWhileWaiting => "no_break_while_waiting",
            Rule::Staggered => "staggered",
            Rule::MaxDeferral => "max_deferral",
            Rule::MinAvailable => "min_available",
            Rule::HoldLimit => "hold_limit",
            Rule::CallLimit => "call_limit",
            Rule::WarmTransfer => "warm_transfer",
            Rule::VirtualHold => "virtual_hold",
            Rule::FollowUpExpiry => "followup_expiry",
        }
    }
}

/// Why a rule decided as it did: what it measured, against its limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Callers waiting for the tiers the agent serves, and the threshold.
    Waiting {
        /// Callers waiting when the rule decided.
        waiting: u32,
        /// The count at which the rule holds back (`breaks.wait_threshold`).
        threshold: u32,
    },
    /// Agents of the tier on break, and the most allowed.
    OnBreak {
        /// Agents of the tier away on a break or lunch when it decided.
        on_break: u32,
        /// The most allowed at once (`breaks.max_on_break`).
        max: u32,
    },
    /// Other agents of the tier available, and the least required.
    Available {
        /// Agents of the tier, other than this one, available for calls.
        available: u32,
        /// The fewest that must stay (`leave.min_available`).
        min: u32,
    },
    /// Seconds measured (held, talked, late), and the limit in seconds.
    Seconds {
        /// What was measured, in seconds.
        seconds: f64,
        /// The limit it was held against, in seconds.
        max: f64,
    },
    /// The wait a caller would be told, and the wait past which a callback
    /// is offered, in seconds.
    ExpectedWait {
        /// The wait announced to the caller.
        expected: f64,
        /// The announced wait above which a callback is offered.
        offer_after: f64,
    },
}

impl Reason {
    /// The reason's two figures, named: `waiting=2 threshold=1`.
    pub fn fields(&self) -> [(&'static str, f64); 2] {
        match *self {
            Reason::Waiting { waiting, threshold } => [
                ("waiting", f64::from(waiting)),
                ("threshold", f64::from(threshold)),
            ],
            Reason::OnBreak { on_break, max } => {
                [("on_break", f64::from(on_break)), ("max", f64::from(max))]
            }
            Reason::Available { available, min } => {
                [("available", f64::from(available)), ("min", f64::from(min))]
            }
            Reason::Seconds { seconds, max } => [("seconds", seconds), ("max", max)],
            Reason::ExpectedWait {
                expected,
                offer_after,
            } => [("expected", expected), ("offer_after", offer_after)],
        }
    }
}

/// A rule's decision, with its reason.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// The rule that decided.
    pub rule: Rule,
    /// What it measured, against its limit.
    pub reason: Reason,
}

/// One thing that happened in a run. Ids that do not apply are `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The case: the id of its first call (repeat calls share it).
    pub case: Option<u64>,
    /// The contact: the call's own id (a repeat call has a new one), or the
    /// ticket's id for ticket events.
    pub contact: Option<u64>,
    /// The contact's agent visits begun so far (1: the first answer).
    pub visit: Option<u8>,
    /// The agent who acted or to whom it happened.
    pub agent: Option<u32>,
    /// The tier index (0: the entry tier): the case's tier for call events,
    /// the agent's for workforce events.
    pub tier: Option<u8>,
    /// Live callers waiting for that tier just after the event.
    pub queue: Option<u32>,
    /// The rule that decided, if the event is a rule's decision.
    pub decision: Option<Decision>,
}

impl Event {
    /// An event of `kind` with every id left empty.
    #[inline]
    pub const fn new(kind: EventKind) -> Self {
        Self {
            kind,
            case: None,
            contact: None,
            visit: None,
            agent: None,
            tier: None,
            queue: None,
            decision: None,
        }
    }

    /// The same event, done by (or to) `agent`.
    #[inline]
    pub const fn by(mut self, agent: u32) -> Self {
        self.agent = Some(agent);
        self
    }

    /// The same event, decided by `rule` for `reason`.
    #[inline]
    pub const fn decided(mut self, rule: Rule, reason: Reason) -> Self {
        self.decision = Some(Decision { rule, reason });
        self
    }
}
