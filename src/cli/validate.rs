//! `callsim validate FILE`: load and check a scenario without running it.

use super::args::ValidateArgs;
use super::error::{CliError, EXIT_OK};
use crate::model::expected_tier_work;
use crate::report::table::format::human_duration;
use crate::scenario::{Helpdesk, Scenario, TransferPolicy, load_file};

pub fn validate(args: &ValidateArgs) -> Result<u8, CliError> {
    let scenario = load_file(&args.scenario, &args.scenario_args.overrides)?;
    println!(
        "{} is valid: {}",
        args.scenario.display(),
        describe(&scenario)
    );
    if let Some(overload) = crate::model::overload(&scenario) {
        eprintln!("{overload}");
    }
    Ok(EXIT_OK)
}

/// One line that says what a scenario simulates.
pub fn describe(s: &Scenario) -> String {
    let rates = &s.arrivals.rates_per_hour;
    let peak = rates.iter().copied().fold(0.0, f64::max);
    let expected_calls: f64 = rates
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let start = k as f64 * s.time.interval;
            r / 3600.0 * (s.time.duration.min(start + s.time.interval) - start)
        })
        .sum();
    // Offered load at the peak in Erlangs: rate times the agent's time per
    // call (talk plus wrap-up); above the agent count, queues grow.
    let work = s.handle_time.mean() + s.wrap_up.as_ref().map_or(0.0, |w| w.mean());
    let peak_erlangs = rates
        .iter()
        .enumerate()
        .map(|(k, r)| r / 3600.0 * s.interval_aht(k))
        .fold(0.0, f64::max);
    let mut line = format!(
        "scenario \"{}\", {} in {} intervals of {}, about {:.0} calls expected (peak {:.0}/h), \
         mean handle {:.0} s, peak load {:.1} Erlangs for {} agents, SLA {:.0} % within {:.0} s",
        s.name,
        human_duration(s.time.duration),
        s.time.interval_count(),
        human_duration(s.time.interval),
        expected_calls,
        peak,
        work,
        peak_erlangs,
        s.agents,
        100.0 * s.sla.target,
        s.sla.threshold,
    );
    if let Some(f) = &s.arrivals.forecast {
        line.push_str(&format!(
            "; forecast {} ({} rows, {:.0} calls in the run, AHT {} by interval{})",
            f.file,
            f.rows,
            f.volume,
            f.aht
                .map_or("-".to_owned(), |a| format!("{a:.0} s on average")),
            if f.has_acw { ", ACW from the file" } else { "" }
        ));
    }
    if let Some(w) = &s.workforce {
        line.push_str(&describe_workforce(w, s.time.start_clock));
    }
    if let Some(desk) = &s.helpdesk {
        line.push_str(&describe_desk(desk));
        if let Some(work) = expected_tier_work(s) {
            let loads: Vec<String> = work
                .iter()
                .map(|w| format!("{:.1}", peak / 3600.0 * w))
                .collect();
            line.push_str(&format!(
                "; expected peak load by tier {} Erlangs (before abandonment, warm-transfer holds and the call limit)",
                loads.join("/")
            ));
        }
    }
    line
}

/// The workforce part of the description: shifts, breaks, rules, meetings.
fn describe_workforce(w: &crate::scenario::Workforce, start_clock: f64) -> String {
    use crate::stats::intervals::clock_label;
    let shifts: Vec<String> = w
        .shifts
        .iter()
        .map(|p| {
            let agents: u32 = w.group_agents[p.group].iter().sum();
            format!(
                "{} {}-{} ({agents})",
                p.name,
                clock_label(start_clock + p.start),
                clock_label(start_clock + p.end)
            )
        })
        .collect();
    let breaks: usize = w.shifts.iter().map(|p| p.breaks.len()).sum();
    let mut rules = Vec::new();
    if let Some(n) = w.rules.no_break_while_waiting {
        rules.push(format!("no break while {n}+ calls wait"));
    }
    if let Some(k) = w.rules.staggered {
        rules.push(format!("at most {k} on break per tier"));
    }
    if rules.is_empty() {
        rules.push("break rules off".into());
    }
    format!(
        "; shifts: {}; {breaks} break(s) per day, {}; {} meeting(s){}",
        shifts.join(", "),
        rules.join(", "),
        w.meetings.len(),
        if w.leave.is_some() {
            ", personal leave"
        } else {
            ""
        }
    )
}

/// The help-desk part of the description: tiers, mixes, classes, policies.
fn describe_desk(d: &Helpdesk) -> String {
    let agents: Vec<String> = d.tiers.iter().map(|t| t.agents.to_string()).collect();
    let classes: Vec<&str> = d.classes.iter().map(|c| c.name.as_str()).collect();
    let policy = match d.transfer.policy {
        TransferPolicy::Warm => "warm",
        TransferPolicy::Cold => "cold",
        TransferPolicy::Callback => "callback",
    };
    let mut out = format!(
        "; help desk: {} tier(s) with {} agents, {} topic(s), {} language(s), class(es) {}, \
         {policy} transfers",
        d.tiers.len(),
        agents.join("/"),
        d.topics.names.len(),
        d.languages.names.len(),
        classes.join(", "),
    );
    if let Some(hold) = &d.hold {
        out.push_str(&format!(", holds up to {}", human_duration(hold.max)));
    }
    if let Some(limit) = &d.call_limit {
        out.push_str(&format!(", {} call limit", human_duration(limit.max)));
    }
    out.push_str(&describe_channels(d));
    out
}

/// The quality rules and the other channels, if any.
fn describe_channels(d: &Helpdesk) -> String {
    let q = &d.quality;
    let mut rules = Vec::new();
    if let Some(r) = &q.repeats {
        rules.push(format!("repeat calls (up to {} per case)", r.max_calls));
    }
    if let Some(f) = &q.followups {
        rules.push(format!(
            "follow-ups for {:.0} % of closed cases",
            100.0 * f.share
        ));
    }
    if let Some(c) = &q.callbacks {
        rules.push(format!(
            "callbacks offered beyond {} of expected wait",
            human_duration(c.offer_after)
        ));
    }
    if q.experience.is_some() {
        rules.push("experience scores".into());
    }
    let mut out = String::new();
    if !rules.is_empty() {
        out.push_str(&format!("; quality: {}", rules.join(", ")));
    }
    if let Some(t) = &d.tickets {
        let expected: f64 = t.rates_per_hour.iter().sum::<f64>() / t.rates_per_hour.len() as f64;
        out.push_str(&format!(
            "; tickets: {expected:.1}/h on average, worked by tier {}, {} % answered within {}",
            d.tiers[usize::from(t.tier)].level,
            (100.0 * t.target).round(),
            human_duration(t.response_sla)
        ));
    }
    if let Some(w) = &d.walk_ins {
        out.push_str(&format!(
            "; walk-ins: {} agent(s), {:.1} h open",
            w.agents,
            w.staffed_seconds / 3600.0
        ));
    }
    out
}
