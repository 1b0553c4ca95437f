//! `callsim run [FILE]`: simulate, print the summary, write the results.

use super::args::RunArgs;
use super::error::{CliError, EXIT_CHECK_FAILED, EXIT_INTERRUPTED, EXIT_OK};
use crate::engine::Time;
use crate::model::Observer;
use crate::replication::{Companion, Options, run_replication_with};
use crate::report::events_log::window_point;
use crate::report::{
    self, AGENT_STATES_FILE, AgentStateLog, CALLS_FILE, CallLog, EVENTS_FILE, EventLog,
    EventWindow, VISITS_FILE, VisitLog, charts, html,
};
use crate::scenario::{
    DEFAULT_SCENARIO_ORIGIN, DEFAULT_SCENARIO_TOML, Scenario, load_file, load_str,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// True while the model runs; then Ctrl-C loses nothing but the run.
static SIMULATING: AtomicBool = AtomicBool::new(true);

/// The simulated clock on a progress bar, moved every 65,536 arrivals: a
/// long run (up to the limits contract's billion calls) says how far it is,
/// for one increment and one test per arrival, and only on a terminal.
struct RunProgress {
    bar: ProgressBar,
    arrivals: u32,
}

impl Observer for RunProgress {
    fn call_arrived(&mut self, now: Time, _id: u64) {
        self.arrivals = self.arrivals.wrapping_add(1);
        if self.arrivals & 0xFFFF == 0 {
            self.bar.set_position(now as u64);
        }
    }
}

impl Companion for RunProgress {
    fn walk_ins(&mut self) -> impl Observer + '_ {}
}

/// A bar over the simulated seconds on a terminal, unless `--quiet`.
fn progress(scenario: &Scenario, quiet: bool) -> Option<RunProgress> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(scenario.time.duration as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bar:40} simulated {percent} %  ETA {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    Some(RunProgress { bar, arrivals: 0 })
}

pub fn run(args: &RunArgs) -> Result<u8, CliError> {
    let overrides = &args.scenario_args.overrides;
    let mut scenario = match &args.scenario {
        Some(path) => load_file(path, overrides)?,
        None => load_str(
            DEFAULT_SCENARIO_TOML,
            DEFAULT_SCENARIO_ORIGIN,
            Path::new("."),
            overrides,
        )?,
    };
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
    let window = event_window(&scenario, args)?;
    if let Some(overload) = crate::model::overload(&scenario) {
        eprintln!("{overload}");
    }
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    fs::create_dir_all(&dir).map_err(|source| CliError::OutputDir {
        path: dir.clone(),
        source,
    })?;

    // Ctrl-C during the simulation stops it with nothing written; during
    // the writing, files already in place are whole (each is written under
    // a temporary name first) but the set may mix two runs.
    let shown = dir.display().to_string();
    let _ = ctrlc::set_handler(move || {
        if SIMULATING.load(Ordering::SeqCst) {
            eprintln!("\ninterrupted: the run stopped before its end; nothing written");
        } else {
            eprintln!(
                "\ninterrupted while writing the results in \"{shown}\": run again for a complete set"
            );
        }
        std::process::exit(EXIT_INTERRUPTED.into());
    });
    let (results, logs) = simulate_and_record(&scenario, args, window, &dir)?;
    SIMULATING.store(false, Ordering::SeqCst);
    let mut written = report::write_results(&dir, &results).map_err(|source| CliError::Write {
        path: dir.clone(),
        source,
    })?;
    written.extend(logs);
    written.extend(write_charts_and_report(
        &scenario,
        &results,
        &dir,
        args.no_charts,
    )?);

    // One write, so that a closed pipe (`| head`) still leaves the
    // `--require-sla` verdict below to decide the exit code.
    let mut text = String::new();
    if !args.quiet {
        text.push_str(&report::table::render(&scenario, &results));
        text.push('\n');
    }
    for path in &written {
        text.push_str(&format!("wrote {}\n", path.display()));
    }
    super::print_out(&text)?;
    let missed = results.summary.sla_met == Some(false);
    Ok(if args.require_sla && missed {
        eprintln!(
            "service level {:.1} % is below the target {:.1} % (--require-sla)",
            100.0 * results.summary.service_level.unwrap_or(0.0),
            100.0 * scenario.sla.target
        );
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// Draws the charts (unless `no_charts`) and writes `report.html`.
fn write_charts_and_report(
    scenario: &Scenario,
    results: &crate::stats::Results,
    dir: &Path,
    no_charts: bool,
) -> Result<Vec<PathBuf>, CliError> {
    let write_error = |path: PathBuf| move |source| CliError::Write { path, source };
    let chart_dir = dir.join(charts::CHARTS_DIR);
    let (rendered, mut written) = if no_charts {
        // Charts left by an earlier run would not match this run's results.
        charts::remove_charts(&chart_dir, charts::RUN_CHARTS)
            .map_err(write_error(chart_dir.clone()))?;
        (Vec::new(), Vec::new())
    } else {
        let rendered =
            charts::run_charts(scenario, results).map_err(write_error(chart_dir.clone()))?;
        let written = charts::write_charts(dir, &rendered).map_err(write_error(chart_dir))?;
        (rendered, written)
    };
    let page = dir.join(html::REPORT_FILE);
    written.push(
        report::write_atomically(&page, |w| {
            html::write_report(w, scenario, results, &rendered)
        })
        .map_err(write_error(page.clone()))?,
    );
    Ok(written)
}

/// The part of the run `--events-from` and `--events-to` keep (all of it
/// without them); a malformed or empty window is a usage error.
fn event_window(scenario: &Scenario, args: &RunArgs) -> Result<EventWindow, CliError> {
    let point = |flag: &str, text: &Option<String>, none: Time| match text {
        Some(text) => window_point(text, scenario.time.start_clock)
            .map_err(|why| CliError::Usage(format!("{flag}: {why}"))),
        None => Ok(none),
    };
    let window = EventWindow {
        from: point("--events-from", &args.events_from, f64::NEG_INFINITY)?,
        to: point("--events-to", &args.events_to, f64::INFINITY)?,
    };
    if window.from >= window.to {
        return Err(CliError::Usage(format!(
            "--events-from {} is not before --events-to {}: no event would be logged",
            args.events_from.as_deref().unwrap_or("(the start)"),
            args.events_to.as_deref().unwrap_or("(the end)"),
        )));
    }
    Ok(window)
}

/// Runs the replication with, if asked, the call log and the event log
/// beside its books; returns the results and the logs written.
fn simulate_and_record(
    scenario: &Scenario,
    args: &RunArgs,
    window: EventWindow,
    dir: &Path,
) -> Result<(crate::stats::Results, Vec<PathBuf>), CliError> {
    let calls_path = dir.join(CALLS_FILE);
    let events_path = dir.join(EVENTS_FILE);
    let visits_path = dir.join(VISITS_FILE);
    let states_path = dir.join(AGENT_STATES_FILE);
    let logs = [
        (args.calls_log, &calls_path),
        (args.calls_log, &visits_path),
        (args.events, &events_path),
        (args.events, &states_path),
    ];
    for (asked, path) in logs {
        if !asked && path.exists() {
            // A log left by an earlier run would not match this run's results.
            let _ = fs::remove_file(path);
        }
    }
    let write_error = |path: &PathBuf| {
        let path = path.clone();
        move |source| CliError::Write { path, source }
    };
    let log = if args.calls_log {
        Some(CallLog::create(&calls_path, scenario).map_err(write_error(&calls_path))?)
    } else {
        None
    };
    let bar = progress(scenario, args.quiet);
    let mut written = Vec::new();
    // Two instances of the run: without a reader of the event stream (the
    // event log, the visits and the agents' states), the engine is compiled
    // without one and pays nothing for it.
    let (results, log) = if args.events || args.calls_log {
        let events = args
            .events
            .then(|| EventLog::create(&events_path, scenario, window))
            .transpose()
            .map_err(write_error(&events_path))?;
        let states = args
            .events
            .then(|| AgentStateLog::create(&states_path, scenario))
            .transpose()
            .map_err(write_error(&states_path))?;
        let visits = args
            .calls_log
            .then(|| VisitLog::create(&visits_path, scenario))
            .transpose()
            .map_err(write_error(&visits_path))?;
        let ((results, log), (events, (visits, states))) =
            replicate(scenario, args, (log, bar), (events, (visits, states)))?;
        if let Some(events) = events {
            events.finish().map_err(write_error(&events_path))?;
            written.push(events_path.clone());
        }
        if let Some(visits) = visits {
            visits.finish().map_err(write_error(&visits_path))?;
            written.push(visits_path.clone());
        }
        if let Some(states) = states {
            states.finish().map_err(write_error(&states_path))?;
            written.push(states_path.clone());
        }
        (results, log)
    } else {
        replicate(scenario, args, (log, bar), ())?.0
    };
    if let Some(log) = log {
        log.finish().map_err(write_error(&calls_path))?;
        written.insert(0, calls_path.clone());
    }
    Ok((results, written))
}

/// Runs the replication `args` ask for with the call log and the progress
/// bar, and `extra` beside them; gives back the call log and `extra`.
fn replicate<E: Companion>(
    scenario: &Scenario,
    args: &RunArgs,
    companions: (Option<CallLog>, Option<RunProgress>),
    extra: E,
) -> Result<((crate::stats::Results, Option<CallLog>), E), CliError> {
    let mut companions = (companions, extra);
    let results = run_replication_with(
        scenario,
        args.replication,
        &Options::default(),
        &mut companions,
    )?;
    let ((log, bar), extra) = companions;
    if let Some(p) = bar {
        p.bar.finish_and_clear();
    }
    Ok(((results, log), extra))
}
