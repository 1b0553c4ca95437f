//! Help-desk statistics: per tier, per customer type, per SLA class, per tier
//! and interval, and the desk's totals (transfers, runarounds, first-contact
//! resolution...).
//!
//! A separate observer from [`Recorder`](super::Recorder) so that single-pool
//! runs pay nothing for it; `callsim run` adds it only when the scenario has
//! a help desk. Only calls that arrived after the warm-up count, as in the
//! headline figures.

use serde::Serialize;

use super::desk_counts::{GroupCounts, TierCounts, TierFlow};
use super::ratio;
use super::tier_intervals::TierIntervals;
use super::time_weighted::TimeWeighted;
use crate::engine::{IntervalCursor, Time};
use crate::model::{CallRecord, Observer, VisitRecord};
use crate::scenario::{CustomerKind, Helpdesk, Scenario};

/// The help-desk sections of a run's reports.
#[derive(Debug, Clone, PartialEq)]
pub struct DeskResults {
    /// The desk as a whole.
    pub totals: DeskTotals,
    /// One row per tier, entry tier first.
    pub tiers: Vec<TierRow>,
    /// One row per customer type, in [`CustomerKind::ALL`](crate::scenario::CustomerKind::ALL) order.
    pub customers: Vec<CustomerRow>,
    /// One row per SLA class, highest priority first.
    pub classes: Vec<ClassRow>,
    /// One row per tier per interval after the warm-up, tier by tier.
    pub tier_intervals: TierIntervals,
}

/// Figures for a group of calls (a customer type, a class, or all), each call
/// counted once when the caller leaves. Service level uses each call's own
/// class threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallFigures {
    /// Calls that arrived after the warm-up.
    pub calls_arrived: u64,
    /// Refused for want of a free line.
    pub calls_blocked: u64,
    /// Arrived minus blocked.
    pub calls_offered: u64,
    /// Reached an agent.
    pub calls_answered: u64,
    /// Hung up before reaching an agent.
    pub calls_abandoned: u64,
    /// Answered within the call's class threshold.
    pub calls_answered_within_threshold: u64,
    /// `calls_answered_within_threshold / calls_offered`.
    pub service_level: Option<f64>,
    /// Mean wait of answered calls, seconds.
    pub asa_seconds: Option<f64>,
    /// `calls_abandoned / calls_offered`.
    pub abandonment_rate: Option<f64>,
    /// Talk (every tier, holds included) plus wrap-up, per answered call.
    pub mean_handle_seconds: Option<f64>,
    /// Times a live call passed to another agent.
    pub transfers: u64,
    /// Times a case moved up a tier (transfers and callbacks).
    pub escalations: u64,
    /// Calls transferred two or more times.
    pub runarounds: u64,
    /// `runarounds / calls_answered`.
    pub runaround_rate: Option<f64>,
    /// Callers whose problem was resolved while they were on the line.
    pub resolved: u64,
    /// Resolved by the agent who answered, without transfer or callback.
    pub resolved_first_contact: u64,
    /// `resolved_first_contact / calls_answered`.
    pub fcr_rate: Option<f64>,
    /// Hold periods, warm-transfer holds included.
    pub holds: u64,
    /// Seconds on hold in total.
    pub hold_seconds: f64,
    /// `hold_seconds / holds`.
    pub mean_hold_seconds: Option<f64>,
    /// Holds that reached the hold limit (the agent returned to the caller).
    pub hold_limit_events: u64,
    /// What followed a research hold at the limit (`hold.at_limit`): the
    /// agent checked in and held again (with the check-ins' talk time),
    /// escalated the call, or let the caller go with a callback.
    pub hold_check_ins: u64,
    /// Talk seconds of the check-ins.
    pub hold_check_in_seconds: f64,
    /// Research holds at the limit followed by an escalation.
    pub hold_limit_escalations: u64,
    /// Research holds at the limit followed by a promised callback.
    pub hold_limit_callbacks: u64,
    /// Warm transfers that timed out into the next tier's queue
    /// (`transfer.on_timeout = "priority_queue"`): without consent.
    pub transfers_without_consent: u64,
    /// Calls that passed the call-length limit.
    pub calls_over_limit: u64,
    /// Hung up while on hold.
    pub hung_up_on_hold: u64,
    /// Hung up in a higher tier's queue after a transfer.
    pub abandoned_after_transfer: u64,
    /// Callers let go with a callback promised.
    pub callbacks_promised: u64,
}

impl CallFigures {
    fn of(c: &GroupCounts) -> Self {
        let offered = c.offered() as f64;
        let answered = c.answered as f64;
        Self {
            calls_arrived: c.arrived,
            calls_blocked: c.blocked,
            calls_offered: c.offered(),
            calls_answered: c.answered,
            calls_abandoned: c.abandoned,
            calls_answered_within_threshold: c.answered_within,
            service_level: ratio(c.answered_within as f64, offered),
            asa_seconds: ratio(c.wait_answered_sum, answered),
            abandonment_rate: ratio(c.abandoned as f64, offered),
            mean_handle_seconds: ratio(c.handle_sum, answered),
            transfers: c.transfers,
            escalations: c.escalations,
            runarounds: c.runarounds,
            runaround_rate: ratio(c.runarounds as f64, answered),
            resolved: c.resolved,
            resolved_first_contact: c.resolved_first_contact,
            fcr_rate: ratio(c.resolved_first_contact as f64, answered),
            holds: c.holds,
            hold_seconds: c.hold_seconds,
            mean_hold_seconds: ratio(c.hold_seconds, c.holds as f64),
            hold_limit_events: c.hold_limit_events,
            hold_check_ins: c.hold_check_ins,
            hold_check_in_seconds: c.hold_check_in_seconds,
            hold_limit_escalations: c.hold_limit_escalations,
            hold_limit_callbacks: c.hold_limit_callbacks,
            transfers_without_consent: c.transfers_without_consent,
            calls_over_limit: c.over_limit,
            hung_up_on_hold: c.hung_up_on_hold,
            abandoned_after_transfer: c.abandoned_after_transfer,
            callbacks_promised: c.callbacks_promised,
        }
    }
}

/// The desk as a whole (`summary.json` key `helpdesk`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeskTotals {
    /// Tiers of the desk.
    pub tiers: usize,
    /// The desk's `transfer.policy`.
    pub transfer_policy: &'static str,
    #[serde(flatten)]
    /// The desk's calls, all classes and types together.
    pub figures: CallFigures,
}

/// One customer type (`summary.json` key `customers`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerRow {
    /// The type's name (`normal`, `talkative`, ...).
    pub customer_type: &'static str,
    /// The type's share of calls in the scenario.
    pub share: f64,
    #[serde(flatten)]
    /// The calls of this type.
    pub figures: CallFigures,
}

/// One SLA class (`summary.json` key `classes`), judged by its own threshold
/// and target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassRow {
    /// The class's name.
    pub class: String,
    /// The class's share of calls in the scenario.
    pub share: f64,
    /// The class's own threshold, seconds.
    pub sla_threshold_seconds: f64,
    /// The class's own target.
    pub sla_target: f64,
    /// `service_level >= sla_target`; `None` when nothing was offered.
    pub sla_met: Option<bool>,
    #[serde(flatten)]
    /// The calls of this class, judged by its threshold.
    pub figures: CallFigures,
}

/// One tier (`summary.json` key `tiers`): every visit cases made to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierRow {
    /// The tier's level (1 for the entry tier).
    pub level: u8,
    /// Agents of the tier.
    pub agents: u32,
    /// Live calls that reached the tier: new calls at the entry tier, calls
    /// transferred in at the others.
    pub calls_offered: u64,
    /// Live calls an agent of the tier took (callbacks are `callbacks_made`).
    pub calls_answered: u64,
    /// Hung up in this tier's queue.
    pub calls_abandoned: u64,
    /// Answered within the class threshold of reaching this tier.
    pub calls_answered_within_threshold: u64,
    /// Answered within the class threshold of reaching this tier.
    pub service_level: Option<f64>,
    /// Wait from reaching this tier to an agent.
    pub asa_seconds: Option<f64>,
    /// `calls_abandoned / calls_offered`.
    pub abandonment_rate: Option<f64>,
    /// Callbacks the tier made.
    pub callbacks_made: u64,
    /// Talk plus hold per visit an agent took (wrap-up excluded).
    pub mean_handle_seconds: Option<f64>,
    /// Visits the tier closed with the problem fixed.
    pub resolved: u64,
    /// Visits the tier passed up unresolved.
    pub escalated: u64,
    /// `resolved / (resolved + escalated)`: how much of what it works on the
    /// tier closes.
    pub resolution_rate: Option<f64>,
    /// Callers who hung up on hold with this tier's agent.
    pub hung_up_on_hold: u64,
    /// Callers this tier let go with a callback promised.
    pub callbacks_promised: u64,
    /// Hold periods at this tier.
    pub holds: u64,
    /// Seconds on hold at this tier.
    pub hold_seconds: f64,
    /// Holds at this tier that reached the hold limit.
    pub hold_limit_events: u64,
    /// Visits during which the call passed the call-length limit.
    pub visits_over_limit: u64,
    /// Time-weighted share of the tier's agents busy (talk, hold, warm-transfer
    /// hold, wrap-up) over the measurement window.
    pub occupancy: Option<f64>,
}

/// Counts visits per tier (and interval) and calls per customer type and
/// class; integrates each tier's busy agents.
#[derive(Debug, Clone)]
pub struct DeskRecorder {
    desk: Helpdesk,
    /// The interval the latest finished visit entered in.
    entered_at: IntervalCursor,
    intervals: usize,
    /// Threshold of each class.
    thresholds: Vec<f64>,
    tiers: Vec<TierCounts>,
    /// `[tier * intervals + k]`.
    tier_intervals: Vec<TierFlow>,
    busy: Vec<TimeWeighted>,
    /// With shifts: each tier's agents on duty over time, the denominator of
    /// its occupancy.
    staffed: Option<Vec<TimeWeighted>>,
    /// Without shifts, the intervals the desk is open (see
    /// [`open_intervals`](super::recorder::open_intervals)).
    open: Vec<bool>,
    customers: Vec<GroupCounts>,
    classes: Vec<GroupCounts>,
}

impl DeskRecorder {
    /// A recorder for `scenario`, or `None` if it has no help desk.
    pub fn new(scenario: &Scenario) -> Option<Self> {
        let desk = scenario.helpdesk.clone()?;
        let time = &scenario.time;
        let n = time.interval_count();
        let tiers = desk.tiers.len();
        Some(Self {
            entered_at: IntervalCursor::new(time.interval, n.saturating_sub(1)),
            intervals: n,
            thresholds: desk.classes.iter().map(|c| c.threshold).collect(),
            tiers: vec![TierCounts::default(); tiers],
            tier_intervals: vec![TierFlow::default(); tiers * n],
            busy: (0..tiers)
                .map(|_| TimeWeighted::new(time.warmup, time.duration, time.interval, n))
                .collect(),
            staffed: scenario.workforce.as_ref().map(|_| {
                (0..tiers)
                    .map(|_| TimeWeighted::new(time.warmup, time.duration, time.interval, n))
                    .collect()
            }),
            open: super::recorder::open_intervals(scenario),
            customers: vec![GroupCounts::default(); CustomerKind::ALL.len()],
            classes: vec![GroupCounts::default(); desk.classes.len()],
            desk,
        })
    }

    /// The help-desk sections of the reports. Consumes the recorder: its
    /// per-interval books become the section's, not copied into rows.
    pub fn results(mut self, scenario: &Scenario) -> DeskResults {
        let desk = &self.desk;
        let mut all = GroupCounts::default();
        for c in &self.classes {
            all.add(c);
        }
        let totals = DeskTotals {
            tiers: desk.tiers.len(),
            transfer_policy: desk.transfer.policy.as_str(),
            figures: CallFigures::of(&all),
        };
        let tiers = desk
            .tiers
            .iter()
            .enumerate()
            .map(|(j, tier)| self.tier_row(j, tier.level, tier.agents))
            .collect();
        let customers = desk
            .customers
            .iter()
            .zip(&self.customers)
            .map(|(t, c)| CustomerRow {
                customer_type: t.kind.as_str(),
                share: t.share,
                figures: CallFigures::of(c),
            })
            .collect();
        let classes = desk
            .classes
            .iter()
            .zip(&self.classes)
            .map(|(class, c)| {
                let figures = CallFigures::of(c);
                ClassRow {
                    class: class.name.clone(),
                    share: class.share,
                    sla_threshold_seconds: class.threshold,
                    sla_target: class.target,
                    sla_met: figures.service_level.map(|sl| sl >= class.target),
                    figures,
                }
            })
            .collect();
        DeskResults {
            totals,
            tiers,
            customers,
            classes,
            tier_intervals: self.tier_intervals(scenario),
        }
    }

    /// Busy over the tier's agents (with shifts: over those on duty, `None`
    /// when nobody was).
    fn occupancy(&self, j: usize, busy: Option<f64>, staffed: Option<f64>) -> Option<f64> {
        let agents = match &self.staffed {
            None => f64::from(self.desk.tiers[j].agents),
            Some(_) => staffed.filter(|s| *s > 0.0)?,
        };
        busy.map(|b| (b / agents).min(1.0))
    }

    fn tier_row(&self, j: usize, level: u8, agents: u32) -> TierRow {
        let c = &self.tiers[j];
        let f = &c.flow;
        let offered = f.offered as f64;
        TierRow {
            level,
            agents,
            calls_offered: f.offered,
            calls_answered: f.answered,
            calls_abandoned: f.abandoned,
            calls_answered_within_threshold: f.answered_within,
            service_level: ratio(f.answered_within as f64, offered),
            asa_seconds: ratio(f.wait_answered_sum, f.answered as f64),
            abandonment_rate: ratio(f.abandoned as f64, offered),
            callbacks_made: f.callbacks_made,
            mean_handle_seconds: ratio(c.handle_sum, c.handled as f64),
            resolved: f.resolved,
            escalated: f.escalated,
            resolution_rate: ratio(f.resolved as f64, (f.resolved + f.escalated) as f64),
            hung_up_on_hold: c.hung_up_on_hold,
            callbacks_promised: c.callbacks_promised,
            holds: c.holds,
            hold_seconds: c.hold_seconds,
            hold_limit_events: c.hold_limit_events,
            visits_over_limit: c.over_limit,
            occupancy: self.occupancy(
                j,
                match self.staffed {
                    Some(_) => self.busy[j].mean(),
                    None => self.busy[j].mean_where(|k| self.open[k]),
                },
                self.staffed.as_ref().and_then(|s| s[j].mean()),
            ),
        }
    }

    fn tier_intervals(&mut self, scenario: &Scenario) -> TierIntervals {
        let tiers = self
            .desk
            .tiers
            .iter()
            .map(|t| (t.level, t.agents))
            .collect();
        let books = std::mem::take(&mut self.tier_intervals);
        TierIntervals::new(scenario.time, tiers, books, |j, k| {
            self.occupancy(
                j,
                self.busy[j]
                    .interval_mean(k)
                    .filter(|_| self.staffed.is_some() || self.open[k]),
                self.staffed.as_ref().and_then(|s| s[j].interval_mean(k)),
            )
        })
    }
}

impl Observer for DeskRecorder {
    #[inline]
    fn call_finished(&mut self, _now: Time, call: &CallRecord) {
        if !call.counted {
            return;
        }
        let case = &call.case;
        let threshold = self.thresholds[usize::from(case.class)];
        self.customers[usize::from(case.customer)].add_call(call, threshold);
        self.classes[usize::from(case.class)].add_call(call, threshold);
    }

    #[inline]
    fn visit_finished(&mut self, _now: Time, visit: &VisitRecord) {
        if !visit.counted {
            return;
        }
        let threshold = self.thresholds[usize::from(visit.class)];
        let j = usize::from(visit.tier);
        self.tiers[j].add_visit(visit, threshold);
        let k = self.entered_at.index(visit.entered.max(0.0));
        self.tier_intervals[j * self.intervals + k].add_visit(visit, threshold);
    }

    #[inline]
    fn tier_busy_changed(&mut self, now: Time, tier: usize, busy: u32) {
        self.busy[tier].set(now, f64::from(busy));
    }

    #[inline]
    fn available_changed(&mut self, now: Time, tier: usize, available: u32) {
        if let Some(staffed) = &mut self.staffed {
            staffed[tier].set(now, f64::from(available));
        }
    }

    fn run_finished(&mut self, now: Time) {
        for b in &mut self.busy {
            b.advance(now);
        }
        for s in self.staffed.iter_mut().flatten() {
            s.advance(now);
        }
    }
}
