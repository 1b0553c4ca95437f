//! The ticket channel's figures: first-response SLA compliance, response and
//! resolution times, and the backlog day by day (`[tickets]`).

use serde::Serialize;

use super::ratio;
use super::waits::WaitDistribution;
use crate::engine::Time;
use crate::model::{Observer, TicketRecord};
use crate::scenario::{Scenario, Tickets};

const DAY: f64 = 86_400.0;

/// The ticket section of a run (`summary.json` key `tickets`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketFigures {
    /// Tickets that arrived after the warm-up (the rest below count those).
    pub arrived: u64,
    /// Tickets an agent started on (their first response).
    pub responded: u64,
    /// Tickets an agent resolved.
    pub resolved: u64,
    /// Never started when the run ended (the backlog left), and of those
    /// the ones already past the response SLA.
    pub waiting_at_end: u64,
    /// See `waiting_at_end`.
    pub overdue_at_end: u64,
    /// The response SLA, seconds from arrival to first response.
    pub response_sla_seconds: f64,
    /// Share of tickets to answer within the SLA.
    pub response_target: f64,
    /// Responded within the SLA.
    pub responded_within_sla: u64,
    /// `responded_within_sla / (responded + overdue_at_end)`: tickets still
    /// waiting but within the SLA at the end are not judged yet.
    pub response_sla_compliance: Option<f64>,
    /// `response_sla_compliance >= response_target`; `None` with nothing judged.
    pub response_sla_met: Option<bool>,
    /// Mean seconds from arrival to first response.
    pub mean_response_seconds: Option<f64>,
    /// Median response, seconds.
    pub response_p50_seconds: Option<f64>,
    /// 90th percentile response, seconds.
    pub response_p90_seconds: Option<f64>,
    /// Longest response, seconds.
    pub response_max_seconds: Option<f64>,
    /// From arrival to resolution.
    pub mean_resolution_seconds: Option<f64>,
    /// Agent seconds spent on tickets.
    pub agent_seconds: f64,
    /// Day by day (24-hour days from the start), over the whole run.
    pub days: Vec<TicketDay>,
}

/// One day of the ticket channel. The backlog carries over:
/// `backlog_end = previous backlog_end + arrived - responded`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TicketDay {
    /// 1 for the first 24 hours.
    pub day: u32,
    /// Tickets that arrived in the day.
    pub arrived: u64,
    /// First responses in the day.
    pub responded: u64,
    /// Tickets resolved in the day.
    pub resolved: u64,
    /// Tickets waiting for a first response at the day's end (or at the
    /// run's end, for the last day).
    pub backlog_end: u64,
}

/// Watches the tickets of a run.
#[derive(Debug, Clone)]
pub struct TicketRecorder {
    rules: Tickets,
    warmup: Time,
    arrived: u64,
    responded: u64,
    within: u64,
    resolved: u64,
    left: Option<(u64, u64)>,
    response: WaitDistribution,
    response_sum: f64,
    resolution_sum: f64,
    agent_seconds: f64,
    /// All tickets (warm-up included) waiting for a first response now.
    waiting: u64,
    days: Vec<TicketDay>,
}

impl TicketRecorder {
    /// A recorder for `scenario`, or `None` without tickets.
    pub fn new(scenario: &Scenario) -> Option<Self> {
        let rules = scenario.helpdesk.as_ref()?.tickets.clone()?;
        Some(Self {
            rules,
            warmup: scenario.time.warmup,
            arrived: 0,
            responded: 0,
            within: 0,
            resolved: 0,
            left: None,
            response: WaitDistribution::new(),
            response_sum: 0.0,
            resolution_sum: 0.0,
            agent_seconds: 0.0,
            waiting: 0,
            days: Vec::new(),
        })
    }

    /// The row of the day holding `now`; days passed in between carry the
    /// backlog over.
    fn day(&mut self, now: Time) -> &mut TicketDay {
        let d = (now / DAY) as usize;
        while self.days.len() <= d {
            let day = self.days.len() as u32 + 1;
            self.days.push(TicketDay {
                day,
                arrived: 0,
                responded: 0,
                resolved: 0,
                backlog_end: self.waiting,
            });
        }
        &mut self.days[d]
    }

    /// The ticket figures of the run so far.
    pub fn results(&self) -> TicketFigures {
        let (waiting_at_end, overdue_at_end) = self.left.unwrap_or((0, 0));
        let judged = self.responded + overdue_at_end;
        let compliance = ratio(self.within as f64, judged as f64);
        TicketFigures {
            arrived: self.arrived,
            responded: self.responded,
            resolved: self.resolved,
            waiting_at_end,
            overdue_at_end,
            response_sla_seconds: self.rules.response_sla,
            response_target: self.rules.target,
            responded_within_sla: self.within,
            response_sla_compliance: compliance,
            response_sla_met: compliance.map(|c| c >= self.rules.target),
            mean_response_seconds: ratio(self.response_sum, self.responded as f64),
            response_p50_seconds: self.response.quantile(0.5),
            response_p90_seconds: self.response.quantile(0.9),
            response_max_seconds: self.response.max(),
            mean_resolution_seconds: ratio(self.resolution_sum, self.resolved as f64),
            agent_seconds: self.agent_seconds,
            days: self.days.clone(),
        }
    }
}

impl Observer for TicketRecorder {
    fn ticket_arrived(&mut self, now: Time, _id: u64) {
        let day = self.day(now);
        day.arrived += 1;
        day.backlog_end += 1;
        self.waiting += 1;
        if now >= self.warmup {
            self.arrived += 1;
        }
    }

    fn ticket_started(&mut self, now: Time, _id: u64, _agent: u32) {
        let day = self.day(now);
        day.responded += 1;
        day.backlog_end -= 1;
        self.waiting -= 1;
    }

    fn ticket_finished(&mut self, now: Time, t: &TicketRecord) {
        self.day(now).resolved += 1;
        self.agent_seconds += t.finished - t.started;
        if !t.counted {
            return;
        }
        let response = t.started - t.arrival;
        self.responded += 1;
        self.resolved += 1;
        self.within += u64::from(response <= self.rules.response_sla);
        self.response.record(response);
        self.response_sum += response;
        self.resolution_sum += t.finished - t.arrival;
    }

    fn tickets_left(&mut self, now: Time, waiting: usize, overdue: usize) {
        self.day(now);
        self.left = Some((waiting as u64, overdue as u64));
    }
}
