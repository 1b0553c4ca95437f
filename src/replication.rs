//! One replication of a scenario, with every book a run keeps: the one place
//! that decides what a run records, so that `callsim run`, a sweep's unit, a
//! `compare` pair, the planner's shift measurement and a plan checked end to
//! end read the same figures from the same events.
//!
//! The books are chosen by the scenario: the standard recorder always, and
//! the desk, workforce, quality and ticket books, the walk-in counter and
//! the costs when the scenario has those sections, and the rule audit when
//! it switches a rule on. Anything else a caller
//! wants to watch (`callsim run`'s call log) rides along as a
//! [`Companion`], statically: no book costs a dynamic call per event.

use crate::model::{BuildError, Observer, Stepper, simulate};
use crate::scenario::{Helpdesk, Scenario};
use crate::stats::{
    AuditRecorder, DeskRecorder, QualityRecorder, Recorder, Results, TicketRecorder, WalkInFigures,
    WorkforceRecorder, costs::costs,
};

/// An observer a caller brings to a replication beside its books. The
/// walk-in counter is a run of its own (a pool that shares only the clock
/// with the phones), so a companion that wants its visitors too says how.
pub trait Companion: Observer {
    /// The observer of the walk-in counter's run; `()` ignores it.
    fn walk_ins(&mut self) -> impl Observer + '_;

    /// Whether it reads the event stream ([`Observer::event`]), which only
    /// the help-desk engine tells: a single pool then runs as a one-tier
    /// desk, which gives the same run event for event.
    fn reads_events(&self) -> bool {
        false
    }
}

impl Companion for () {
    fn walk_ins(&mut self) -> impl Observer + '_ {}
}

impl<C: Companion> Companion for Option<C> {
    fn walk_ins(&mut self) -> impl Observer + '_ {
        self.as_mut().map(C::walk_ins)
    }

    fn reads_events(&self) -> bool {
        self.as_ref().is_some_and(C::reads_events)
    }
}

impl<A: Companion, B: Companion> Companion for (A, B) {
    fn walk_ins(&mut self) -> impl Observer + '_ {
        (self.0.walk_ins(), self.1.walk_ins())
    }

    fn reads_events(&self) -> bool {
        self.0.reads_events() || self.1.reads_events()
    }
}

/// How a replication runs, beyond the scenario.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The agents on the phones in each interval (one count per tier),
    /// in place of the scenario's own headcount: what checks a staffing
    /// plan end to end. Agents leaving at the end of an interval finish the
    /// call in hand; in an interval without arrivals (the desk is closed)
    /// those leaving first answer the calls still waiting. Needs a help
    /// desk. `None`: the scenario as written.
    pub agents: Option<&'a [Vec<u32>]>,
}

/// Simulates replication `replication` of `scenario` with the books of
/// every section it has and returns the figures `summary.json` holds.
pub fn run_replication(scenario: &Scenario, replication: u64) -> Result<Results, BuildError> {
    run_replication_with(scenario, replication, &Options::default(), &mut ())
}

/// [`run_replication`] as `options` say, with `companion` watching the
/// same events (and the walk-in counter's, through
/// [`Companion::walk_ins`]).
pub fn run_replication_with<C: Companion>(
    scenario: &Scenario,
    replication: u64,
    options: &Options,
    companion: &mut C,
) -> Result<Results, BuildError> {
    // The books follow the scenario as written; the engine may run a single
    // pool as a one-tier desk for a companion that reads the event stream.
    let on_desk;
    let engine_scenario = if companion.reads_events() && scenario.helpdesk.is_none() {
        on_desk = Scenario {
            helpdesk: Some(Helpdesk::single_pool(scenario.agents, scenario.sla)),
            ..scenario.clone()
        };
        &on_desk
    } else {
        scenario
    };
    let mut recorder = Recorder::new(scenario);
    let books = (
        (
            DeskRecorder::new(scenario),
            WorkforceRecorder::new(scenario),
        ),
        (
            (
                QualityRecorder::new(scenario),
                TicketRecorder::new(scenario),
            ),
            AuditRecorder::new(scenario),
        ),
    );
    let ((desk, workforce), ((mut quality, tickets), audit)) = match books {
        ((None, None), ((None, None), None)) => {
            // A single pool: the standard recorder alone, no test per event
            // for books that are not there.
            drive(
                engine_scenario,
                replication,
                options,
                (&mut recorder, &mut *companion),
            )?;
            books
        }
        books => {
            // The books owned in one value, the observer the model sees.
            let mut observers = (recorder, (books, &mut *companion));
            drive(engine_scenario, replication, options, &mut observers)?;
            let books;
            (recorder, (books, _)) = observers;
            books
        }
    };
    let walk_ins = match scenario.helpdesk.as_ref().and_then(|d| d.walk_ins.as_ref()) {
        Some(w) => {
            // The counter shares only the clock with the phones: a pool of
            // its own, on its own streams; its visitors are scored beside
            // the calls.
            let counter = w.scenario(scenario);
            let mut counts = Recorder::new(&counter);
            let mut scores = quality.as_mut().map(|q| q.walk_in_scores(w.threshold));
            let mut watcher = companion.walk_ins();
            simulate(
                &counter,
                replication,
                (&mut counts, (&mut scores, &mut watcher)),
            )?;
            let summary = counts.results(&counter, replication).summary;
            Some(WalkInFigures::from_summary(w.agents, &summary))
        }
        None => None,
    };
    let mut results = recorder.results(scenario, replication);
    results.desk = desk.map(|d| d.results(scenario));
    results.quality = quality.map(|q| q.results());
    results.tickets = tickets.map(|t| t.results());
    results.rules = audit.map(|a| a.results());
    results.walk_ins = walk_ins;
    if let Some(workforce) = workforce {
        results = results.with_workforce(workforce.results(scenario));
    }
    results.costs = costs(scenario, &results);
    Ok(results)
}

/// Runs the phones of replication `replication` from start to end, with
/// the scenario's agents or those `options` name per interval.
fn drive<O: Observer>(
    scenario: &Scenario,
    replication: u64,
    options: &Options,
    mut observer: O,
) -> Result<(), BuildError> {
    let Some(agents) = options.agents else {
        return simulate(scenario, replication, observer).map(drop);
    };
    let rates = &scenario.arrivals.rates_per_hour;
    if agents.len() != rates.len() {
        return Err(BuildError::new(format!(
            "{} intervals of agents for a scenario of {}",
            agents.len(),
            rates.len()
        )));
    }
    let mut run = Stepper::new(scenario, replication)?;
    let time = &scenario.time;
    for (k, tiers) in agents.iter().enumerate() {
        let closed = rates[k] <= 0.0;
        for (j, &n) in tiers.iter().enumerate() {
            run.set_agents(j, n, closed, &mut observer);
        }
        let end = ((k + 1) as f64 * time.interval).min(time.duration);
        run.advance(end, &mut observer);
    }
    run.finish(&mut observer);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Time;
    use crate::model::CallRecord;
    use crate::scenario::load_file;
    use std::path::Path;

    /// Counts the calls that left the phones and the walk-in counter.
    #[derive(Default)]
    struct Count {
        calls: u64,
        visitors: u64,
    }

    impl Observer for Count {
        fn call_finished(&mut self, _: Time, _: &CallRecord) {
            self.calls += 1;
        }
    }

    struct Visitors<'a>(&'a mut u64);

    impl Observer for Visitors<'_> {
        fn call_finished(&mut self, _: Time, _: &CallRecord) {
            *self.0 += 1;
        }
    }

    impl Companion for Count {
        fn walk_ins(&mut self) -> impl Observer + '_ {
            Visitors(&mut self.visitors)
        }
    }

    #[test]
    fn a_companion_sees_phones_and_walk_ins_and_moves_no_figure() {
        let s = load_file(Path::new("scenarios/helpdesk-full.toml"), &[]).unwrap();
        let mut count = Count::default();
        let with = run_replication_with(&s, 3, &Options::default(), &mut count).unwrap();
        assert_eq!(with, run_replication(&s, 3).unwrap());
        assert!(count.calls >= with.summary.calls_offered);
        let visitors = with
            .walk_ins
            .as_ref()
            .expect("helpdesk-full has walk-ins")
            .visitors;
        assert!(visitors > 0 && count.visitors >= visitors);
    }

    #[test]
    fn agents_for_other_intervals_than_the_scenario_s_are_refused() {
        let s = load_file(Path::new("scenarios/helpdesk-basic.toml"), &[]).unwrap();
        let agents = vec![vec![3]];
        let options = Options {
            agents: Some(&agents),
        };
        let error = run_replication_with(&s, 0, &options, &mut ()).unwrap_err();
        assert!(
            error.to_string().contains("1 intervals of agents"),
            "{error}"
        );
    }
}
