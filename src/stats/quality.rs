//! Quality after the call: cases over their whole life (first-call
//! resolution, repeat calls), follow-up calls, and the customer-experience
//! scores of every contact.
//!
//! An observer of its own, present only when the scenario switches a quality
//! rule on, so other runs' outputs do not change. Cases count when their
//! first call arrived after the warm-up; calls and follow-ups by their case.

use serde::Serialize;

use super::experience::{MAX_SCORE, call_score, followup_score, ticket_score, walk_in_score};
use super::ratio;
use crate::engine::Time;
use crate::model::{
    CallRecord, CaseOutcome, CaseRecord, FollowUpOutcome, FollowUpRecord, Observer, Outcome,
    TicketRecord,
};
use crate::scenario::{CustomerKind, ExperienceModel, Helpdesk, Scenario};

/// Width of the experience histogram's bins, in points.
pub const SCORE_BIN: usize = 5;
const SCORE_BINS: usize = 100 / SCORE_BIN;

/// The quality sections of a run's reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityResults {
    /// Cases and their calls.
    pub cases: CaseFigures,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Follow-up calls; `None` without `[followups]`.
    pub followups: Option<FollowUpFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Virtual-hold callbacks; `None` without `[callbacks]`.
    pub callbacks: Option<CallbackFigures>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Experience scores; `None` without `[experience]`.
    pub experience: Option<ExperienceFigures>,
}

/// Cases and their calls.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseFigures {
    /// Cases whose first call arrived after the warm-up, each counted once
    /// when it ends.
    pub cases: u64,
    /// Resolved, and the fix held.
    pub resolved: u64,
    /// Closed as resolved but the fix did not hold, and no calls left.
    pub unresolved: u64,
    /// The last call ended without help and no repeat came.
    pub abandoned: u64,
    /// A repeat call was still to come at the horizon.
    pub open_at_horizon: u64,
    /// Cases whose first call reached an agent.
    pub first_calls_answered: u64,
    /// Resolved for good by the first call: no callback, no failed fix,
    /// no repeat, no reopening.
    pub first_call_resolved: u64,
    /// `first_call_resolved / first_calls_answered`.
    pub first_call_resolution: Option<f64>,
    /// Phone calls of these cases, repeats included.
    pub calls: u64,
    /// Calls after a case's first (the customer called again).
    pub repeat_calls: u64,
    /// `repeat_calls / calls`.
    pub repeat_rate: Option<f64>,
    /// `calls / cases`.
    pub calls_per_case: Option<f64>,
}

/// Follow-up calls by how they went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FollowUpFigures {
    /// Follow-ups that fell due within the horizon.
    pub scheduled: u64,
    /// Calls agents made (answered or not).
    pub made: u64,
    /// Made and answered by the customer.
    pub reached: u64,
    /// The customer confirmed the fix held.
    pub confirmed: u64,
    /// The fix had not held and the customer said so: reopened, and no
    /// repeat call needed.
    pub reopened: u64,
    /// The fix had not held but the customer did not say so.
    pub not_detected: u64,
    /// Made but not answered.
    pub no_answer: u64,
    /// Not made within their window (the blending rule or no agent on duty).
    pub missed: u64,
    /// The customer called again first.
    pub superseded: u64,
    /// Due after the horizon: not simulated, not in `scheduled`.
    pub after_horizon: u64,
    /// Mean seconds from due to made.
    pub mean_delay_seconds: Option<f64>,
    /// Agent seconds on follow-ups (talk and unanswered attempts).
    pub agent_seconds: f64,
}

/// Virtual-hold callbacks (`[callbacks]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallbackFigures {
    /// Calls offered a callback (the expected wait exceeded `offer_after`).
    pub offered: u64,
    /// Offers the caller accepted.
    pub accepted: u64,
    /// `accepted / offered`.
    pub acceptance_rate: Option<f64>,
    /// Callbacks made by the promised time, and after it.
    pub kept: u64,
    /// Callbacks made after the promised time.
    pub broken: u64,
    /// Share of accepted callbacks made by the promised time.
    pub kept_rate: Option<f64>,
    /// Mean seconds from the call to the callback.
    pub mean_callback_wait_seconds: Option<f64>,
}

/// Experience scores of a group of contacts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// The customer type, class or channel.
    pub group: String,
    /// Contacts scored in the group.
    pub contacts: u64,
    /// Their mean score; `None` without contacts.
    pub mean: Option<f64>,
}

/// Experience scores: the model's weights, the distribution, and means by
/// customer type, class and channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExperienceFigures {
    /// The weights the scores were computed with.
    pub model: ExperienceModel,
    /// Contacts scored: calls, follow-ups, tickets and walk-in visits.
    pub contacts: u64,
    /// Mean score, 0 to 100.
    pub mean: Option<f64>,
    /// Standard deviation of the scores.
    pub std_dev: Option<f64>,
    /// Lower ends of the 5-point bins holding the 10th, 50th and 90th
    /// percentile contacts.
    pub p10: Option<f64>,
    /// See `p10`.
    pub p50: Option<f64>,
    /// See `p10`.
    pub p90: Option<f64>,
    /// Mean score by customer type.
    pub by_customer_type: Vec<ScoreRow>,
    /// Mean score by SLA class.
    pub by_class: Vec<ScoreRow>,
    /// Mean score by channel (phone, follow-up, ticket, walk-in).
    pub by_channel: Vec<ScoreRow>,
    /// Contacts per 5-point bin, `[0, 5)` to `[95, 100]`.
    pub histogram: Vec<u64>,
}

/// Count, sum and sum of squares of scores.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    n: u64,
    sum: f64,
    sum_sq: f64,
}

impl Moments {
    fn add(&mut self, x: f64) {
        self.n += 1;
        self.sum += x;
        self.sum_sq += x * x;
    }

    fn mean(&self) -> Option<f64> {
        ratio(self.sum, self.n as f64)
    }

    fn std_dev(&self) -> Option<f64> {
        (self.n > 1).then(|| {
            let n = self.n as f64;
            let var = (self.sum_sq - self.sum * self.sum / n) / (n - 1.0);
            var.max(0.0).sqrt()
        })
    }
}

/// The channels a contact can come through, in report order.
pub const CHANNELS: [&str; 4] = ["phone", "followup", "ticket", "walk_in"];

/// Watches a help-desk run with quality rules on.
#[derive(Debug, Clone)]
pub struct QualityRecorder {
    desk: Helpdesk,
    model: Option<ExperienceModel>,
    warmup: Time,
    outcomes: [u64; 4],
    first_calls_answered: u64,
    first_call_resolved: u64,
    calls: u64,
    repeat_calls: u64,
    followups: [u64; 7],
    callbacks_offered: u64,
    callbacks_broken: u64,
    callback_wait: Moments,
    followup_delay: Moments,
    followup_seconds: f64,
    scores: Moments,
    by_customer: [Moments; 5],
    by_class: Vec<Moments>,
    by_channel: [Moments; 4],
    /// The ticket SLA, to score tickets (`[tickets]`).
    ticket_sla: Option<f64>,
    histogram: [u64; SCORE_BINS],
}

fn outcome_index(o: CaseOutcome) -> usize {
    match o {
        CaseOutcome::Resolved => 0,
        CaseOutcome::Unresolved => 1,
        CaseOutcome::Abandoned => 2,
        CaseOutcome::Open => 3,
    }
}

const FOLLOWUP_OUTCOMES: [FollowUpOutcome; 7] = [
    FollowUpOutcome::Confirmed,
    FollowUpOutcome::Reopened,
    FollowUpOutcome::NotDetected,
    FollowUpOutcome::NoAnswer,
    FollowUpOutcome::Missed,
    FollowUpOutcome::Superseded,
    FollowUpOutcome::AfterHorizon,
];

impl QualityRecorder {
    /// A recorder for `scenario`, or `None` when it has no quality rule on.
    pub fn new(scenario: &Scenario) -> Option<Self> {
        let desk = scenario.helpdesk.as_ref()?;
        if !desk.quality.is_on() {
            return None;
        }
        Some(Self {
            model: desk.quality.experience,
            by_class: vec![Moments::default(); desk.classes.len()],
            desk: desk.clone(),
            warmup: scenario.time.warmup,
            outcomes: [0; 4],
            first_calls_answered: 0,
            first_call_resolved: 0,
            calls: 0,
            repeat_calls: 0,
            followups: [0; 7],
            callbacks_offered: 0,
            callbacks_broken: 0,
            callback_wait: Moments::default(),
            followup_delay: Moments::default(),
            followup_seconds: 0.0,
            scores: Moments::default(),
            by_customer: [Moments::default(); 5],
            by_channel: [Moments::default(); 4],
            ticket_sla: desk.tickets.as_ref().map(|t| t.response_sla),
            histogram: [0; SCORE_BINS],
        })
    }

    fn add_score(&mut self, score: f64, customer: u8, class: u8, channel: usize) {
        self.by_customer[usize::from(customer)].add(score);
        self.by_class[usize::from(class)].add(score);
        self.add_channel_score(score, channel);
    }

    /// A score of a contact with no customer type or class (a ticket, a
    /// walk-in visitor).
    fn add_channel_score(&mut self, score: f64, channel: usize) {
        self.scores.add(score);
        self.by_channel[channel].add(score);
        let bin = ((score / SCORE_BIN as f64) as usize).min(SCORE_BINS - 1);
        self.histogram[bin] += 1;
    }

    /// An observer of the walk-in counter's run that scores its visitors
    /// (served within `threshold` seconds or not) into these figures.
    pub(crate) fn walk_in_scores(&mut self, threshold: f64) -> WalkInScores<'_> {
        WalkInScores {
            quality: self,
            threshold,
        }
    }

    /// The lower end of the bin holding the contact of rank `q` (0..1).
    fn percentile(&self, q: f64) -> Option<f64> {
        let n = self.scores.n;
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, count) in self.histogram.iter().enumerate() {
            seen += count;
            if seen >= rank {
                return Some((i * SCORE_BIN) as f64);
            }
        }
        Some(MAX_SCORE)
    }

    /// The figures of the cases, follow-ups, callbacks and scores seen so far.
    pub fn results(&self) -> QualityResults {
        let o = self.outcomes;
        let cases = o.iter().sum::<u64>();
        let count = |outcome: FollowUpOutcome| {
            let i = FOLLOWUP_OUTCOMES.iter().position(|&x| x == outcome);
            i.map_or(0, |i| self.followups[i])
        };
        let made: u64 = FOLLOWUP_OUTCOMES
            .iter()
            .filter(|o| o.made())
            .map(|&o| count(o))
            .sum();
        let reached: u64 = FOLLOWUP_OUTCOMES
            .iter()
            .filter(|o| o.reached())
            .map(|&o| count(o))
            .sum();
        let after_horizon = count(FollowUpOutcome::AfterHorizon);
        let rows = |groups: Vec<String>, moments: &[Moments]| -> Vec<ScoreRow> {
            groups
                .into_iter()
                .zip(moments)
                .map(|(group, m)| ScoreRow {
                    group,
                    contacts: m.n,
                    mean: m.mean(),
                })
                .collect()
        };
        QualityResults {
            cases: CaseFigures {
                cases,
                resolved: o[0],
                unresolved: o[1],
                abandoned: o[2],
                open_at_horizon: o[3],
                first_calls_answered: self.first_calls_answered,
                first_call_resolved: self.first_call_resolved,
                first_call_resolution: ratio(
                    self.first_call_resolved as f64,
                    self.first_calls_answered as f64,
                ),
                calls: self.calls,
                repeat_calls: self.repeat_calls,
                repeat_rate: ratio(self.repeat_calls as f64, self.calls as f64),
                calls_per_case: ratio(self.calls as f64, cases as f64),
            },
            followups: self
                .desk
                .quality
                .followups
                .as_ref()
                .map(|_| FollowUpFigures {
                    scheduled: self.followups.iter().sum::<u64>() - after_horizon,
                    made,
                    reached,
                    confirmed: count(FollowUpOutcome::Confirmed),
                    reopened: count(FollowUpOutcome::Reopened),
                    not_detected: count(FollowUpOutcome::NotDetected),
                    no_answer: count(FollowUpOutcome::NoAnswer),
                    missed: count(FollowUpOutcome::Missed),
                    superseded: count(FollowUpOutcome::Superseded),
                    after_horizon,
                    mean_delay_seconds: self.followup_delay.mean(),
                    agent_seconds: self.followup_seconds,
                }),
            callbacks: self.desk.quality.callbacks.as_ref().map(|_| {
                let accepted = self.callback_wait.n;
                CallbackFigures {
                    offered: self.callbacks_offered,
                    accepted,
                    acceptance_rate: ratio(accepted as f64, self.callbacks_offered as f64),
                    kept: accepted - self.callbacks_broken,
                    broken: self.callbacks_broken,
                    kept_rate: ratio((accepted - self.callbacks_broken) as f64, accepted as f64),
                    mean_callback_wait_seconds: self.callback_wait.mean(),
                }
            }),
            experience: self.model.map(|model| ExperienceFigures {
                model,
                contacts: self.scores.n,
                mean: self.scores.mean(),
                std_dev: self.scores.std_dev(),
                p10: self.percentile(0.1),
                p50: self.percentile(0.5),
                p90: self.percentile(0.9),
                by_customer_type: rows(
                    CustomerKind::ALL
                        .iter()
                        .map(|k| k.as_str().into())
                        .collect(),
                    &self.by_customer,
                ),
                by_class: rows(
                    self.desk.classes.iter().map(|c| c.name.clone()).collect(),
                    &self.by_class,
                ),
                by_channel: rows(
                    CHANNELS.iter().map(|&c| c.into()).collect(),
                    &self.by_channel,
                ),
                histogram: self.histogram.to_vec(),
            }),
        }
    }
}

impl Observer for QualityRecorder {
    fn call_finished(&mut self, _now: Time, call: &CallRecord) {
        let c = &call.case;
        // A call counts with its case: by the case's first arrival.
        if c.opened < self.warmup {
            return;
        }
        self.calls += 1;
        if c.callback_offered {
            self.callbacks_offered += 1;
        }
        if c.virtual_hold {
            self.callback_wait.add(call.wait);
            self.callbacks_broken += u64::from(c.promise_broken);
        }
        if c.contact > 1 {
            self.repeat_calls += 1;
        } else if call.outcome == Outcome::Answered {
            self.first_calls_answered += 1;
        }
        if let Some(model) = &self.model {
            let score = call_score(model, &self.desk, call);
            self.add_score(score, c.customer, c.class, 0);
        }
    }

    fn followup_finished(&mut self, _now: Time, record: &FollowUpRecord) {
        if !record.counted {
            return;
        }
        let i = FOLLOWUP_OUTCOMES
            .iter()
            .position(|&o| o == record.outcome)
            .expect("every outcome listed");
        self.followups[i] += 1;
        if let Some(started) = record.started {
            self.followup_delay.add(started - record.due);
            self.followup_seconds += record.talk;
        }
        if let Some(score) = self.model.and_then(|m| followup_score(&m, record)) {
            self.add_score(score, record.customer, record.class, 1);
        }
    }

    fn ticket_finished(&mut self, _now: Time, t: &TicketRecord) {
        if let (Some(model), Some(sla), true) = (self.model, self.ticket_sla, t.counted) {
            self.add_channel_score(ticket_score(&model, sla, t.started - t.arrival), 2);
        }
    }

    fn case_finished(&mut self, _now: Time, record: &CaseRecord) {
        if !record.counted {
            return;
        }
        self.outcomes[outcome_index(record.outcome)] += 1;
        if record.first_call_resolved {
            self.first_call_resolved += 1;
        }
    }
}

/// Scores the visitors of the walk-in counter's run (see
/// [`QualityRecorder::walk_in_scores`]).
#[derive(Debug)]
pub struct WalkInScores<'a> {
    quality: &'a mut QualityRecorder,
    threshold: f64,
}

impl Observer for WalkInScores<'_> {
    fn call_finished(&mut self, _now: Time, visit: &CallRecord) {
        if let (Some(model), true) = (self.quality.model, visit.counted) {
            let score = walk_in_score(&model, self.threshold, visit);
            self.quality.add_channel_score(score, 3);
        }
    }
}
