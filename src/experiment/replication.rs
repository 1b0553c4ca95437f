//! One replication of a scenario with every recorder a run has, so an
//! experiment sees the same figures `callsim run` writes to `summary.json`.

use crate::model::{BuildError, simulate};
use crate::scenario::Scenario;
use crate::stats::{
    DeskRecorder, QualityRecorder, Recorder, Results, StaffRecorder, TicketRecorder, WalkInFigures,
};

/// Simulates replication `replication` of `scenario` with the recorders of
/// every section the scenario has (desk, workforce, quality, tickets,
/// walk-ins, costs) and returns its results, as `callsim run` does (without
/// the call log). Recorders of sections the scenario lacks are not built, so
/// a single-pool sweep pays only for the standard recorder.
pub fn run_replication(scenario: &Scenario, replication: u64) -> Result<Results, BuildError> {
    let mut recorder = Recorder::new(scenario);
    let sections = (
        (DeskRecorder::new(scenario), StaffRecorder::new(scenario)),
        (
            QualityRecorder::new(scenario),
            TicketRecorder::new(scenario),
        ),
    );
    if let ((None, None), (None, None)) = sections {
        // A single pool: the standard recorder alone, as fast as before
        // experiments reported the sections.
        simulate(scenario, replication, &mut recorder)?;
        let mut results = recorder.results(scenario, replication);
        results.costs = crate::stats::costs::costs(scenario, &results);
        return Ok(results);
    }
    let mut observers = (recorder, sections);
    simulate(scenario, replication, &mut observers)?;
    let (recorder, ((desk, staff), (mut quality, tickets))) = observers;
    let walk_ins = match scenario.helpdesk.as_ref().and_then(|d| d.walk_ins.as_ref()) {
        Some(w) => {
            // The counter shares only the clock with the phones: a pool of
            // its own, on its own streams; its visitors are scored beside
            // the calls.
            let counter = w.scenario(scenario);
            let mut counts = Recorder::new(&counter);
            let mut scores = quality.as_mut().map(|q| q.walk_in_scores(w.threshold));
            simulate(&counter, replication, (&mut counts, &mut scores))?;
            let summary = counts.results(&counter, replication).summary;
            Some(WalkInFigures::from_summary(w.agents, &summary))
        }
        None => None,
    };
    let mut results = recorder.results(scenario, replication);
    results.desk = desk.map(|d| d.results(scenario));
    results.quality = quality.map(|q| q.results());
    results.tickets = tickets.map(|t| t.results());
    results.walk_ins = walk_ins;
    if let Some(staff) = staff {
        results = results.with_staff(staff.results(scenario));
    }
    results.costs = crate::stats::costs::costs(scenario, &results);
    Ok(results)
}
