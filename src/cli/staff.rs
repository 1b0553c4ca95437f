//! `callsim staff`: a staffing plan per interval, found by simulation.

use std::path::PathBuf;

use super::args::StaffArgs;
use super::erlang::target;
use super::error::{CliError, EXIT_CHECK_FAILED, EXIT_INTERRUPTED, EXIT_OK};
use crate::report::{charts, csv_files, write_atomically};
use crate::scenario::load_file;
use crate::staffing::plan::{Options, Targets, plan};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::scenario::limits::MAX_AGENTS;

/// Limits of the replication and thread flags.
const MAX_REPS: u64 = 100_000;
const MAX_JOBS: usize = 1024;
/// The per-tier plan of a help desk, beside `staffing.csv`.
const TIERS_FILE: &str = "staffing_tiers.csv";
/// Beyond this horizon (two weeks) `staff` says how long the plan is and
/// how to plan a representative day or week instead.
const LONG_HORIZON_SECONDS: f64 = 14.0 * 86_400.0;

/// Set by the Ctrl-C handler: the planner stops after the interval it is on.
static STOP: AtomicBool = AtomicBool::new(false);

pub fn staff(args: &StaffArgs) -> Result<u8, CliError> {
    let usage = CliError::Usage;
    let (service_level, threshold) = target(&args.target)?;
    let threshold = threshold.ok_or_else(|| {
        usage(format!(
            "--target {:?}: give the threshold too, e.g. 0.8/20s",
            args.target
        ))
    })?;
    let share = |flag: &str, v: Option<f64>, zero_ok: bool| -> Result<Option<f64>, CliError> {
        match v {
            Some(x) if !(x.is_finite() && x <= 1.0 && (x > 0.0 || (zero_ok && x == 0.0))) => {
                Err(usage(format!(
                    "{flag} {x}: expected a share in {}",
                    if zero_ok { "[0, 1]" } else { "(0, 1]" }
                )))
            }
            v => Ok(v),
        }
    };
    let max_abandon = share("--max-abandon", args.max_abandon, true)?;
    let max_occupancy = share("--max-occupancy", args.max_occupancy, false)?;
    if !(0.0..1.0).contains(&args.shrinkage) {
        return Err(usage(format!(
            "--shrinkage {}: expected a share in [0, 1)",
            args.shrinkage
        )));
    }
    if !(2..=MAX_REPS).contains(&args.reps) {
        return Err(usage(format!(
            "--reps {}: expected 2 to {MAX_REPS} replications",
            args.reps
        )));
    }
    let max_reps = args.max_reps.unwrap_or(16 * args.reps);
    if !(args.reps..=MAX_REPS).contains(&max_reps) {
        return Err(usage(format!(
            "--max-reps {max_reps}: expected {} (--reps) to {MAX_REPS} replications",
            args.reps
        )));
    }
    let jobs = match args.jobs {
        Some(n) if !(1..=MAX_JOBS).contains(&n) => {
            return Err(usage(format!(
                "--jobs {n}: expected 1 to {MAX_JOBS} worker threads"
            )));
        }
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let scenario = load_file(&args.scenario, &args.scenario_args.overrides)?;
    let targets = Targets {
        service_level,
        threshold,
        max_abandon,
        max_occupancy,
        shrinkage: args.shrinkage,
    };
    let options = Options {
        reps: args.reps,
        max_reps,
        max_agents: MAX_AGENTS,
    };
    let intervals = scenario.arrivals.rates_per_hour.len() as u64;
    if scenario.time.duration > LONG_HORIZON_SECONDS && !args.quiet {
        eprintln!("{}", long_horizon_note(&scenario));
    }
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(intervals);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} intervals  ETA {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|err| {
            CliError::Model(crate::model::BuildError::new(format!(
                "cannot start {jobs} worker threads: {err}"
            )))
        })?;
    // Ctrl-C stops the plan after the interval being searched; nothing is
    // written (a plan of the first intervals only would pass for the whole
    // horizon). A second Ctrl-C ends the process at once.
    let _ = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_INTERRUPTED.into());
        }
        eprintln!("\nstopping after this interval (Ctrl-C again to quit at once)");
    });
    let planned = pool.install(|| {
        plan(&scenario, &targets, &options, &|| {
            bar.inc(1);
            match STOP.load(Ordering::SeqCst) {
                true => ControlFlow::Break(()),
                false => ControlFlow::Continue(()),
            }
        })
    })?;
    bar.finish_and_clear();
    if !planned.complete {
        eprintln!(
            "interrupted after {} of {intervals} intervals: nothing written (a plan covers the \
             whole horizon; to plan a shorter one, --set time.duration=...)",
            planned.rows.len()
        );
        return Ok(EXIT_INTERRUPTED);
    }
    let rows = &planned.rows;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    std::fs::create_dir_all(&dir).map_err(|source| CliError::OutputDir {
        path: dir.clone(),
        source,
    })?;
    let path = dir.join("staffing.csv");
    write_atomically(&path, |w| csv_files::write_rows(w, rows)).map_err(|source| {
        CliError::Write {
            path: path.clone(),
            source,
        }
    })?;
    let tiers_path = dir.join(TIERS_FILE);
    let tiered = !planned.tiers.is_empty();
    let written_tiers = if tiered {
        write_atomically(&tiers_path, |w| csv_files::write_rows(w, &planned.tiers))
    } else if tiers_path.exists() {
        // A tier plan left by an earlier run would not match this plan.
        std::fs::remove_file(&tiers_path).map(|()| tiers_path.clone())
    } else {
        Ok(tiers_path.clone())
    };
    written_tiers.map_err(|source| CliError::Write {
        path: tiers_path.clone(),
        source,
    })?;
    if !args.quiet {
        println!(
            "{}: fewest agents per interval for {:.0} % within {} s{}{}; each candidate judged on {} \
             to {} replications (one-sided 95 % bounds must clear the targets)\n",
            scenario.name,
            100.0 * service_level,
            threshold,
            max_abandon
                .map(|a| format!(", abandonment <= {:.1} %", 100.0 * a))
                .unwrap_or_default(),
            max_occupancy
                .map(|o| format!(", occupancy <= {:.0} %", 100.0 * o))
                .unwrap_or_default(),
            args.reps,
            max_reps
        );
        let shifts = rows.iter().any(|r| r.rule_shrinkage.is_some());
        println!(
            "  {:<8}  {:>7}  {:>8}  {:>8}  {:>9}  {:>16}  {:>6}  {:>8}  {:>9}{}  {:>9}{}",
            "interval",
            "calls",
            "Erlang C",
            "Erlang A",
            "simulated",
            "SL (95 % CI)",
            "sure",
            "abandon",
            "occupancy",
            if shifts { "  away (rules)" } else { "" },
            "headcount",
            if tiered { "  by tier" } else { "" },
        );
        let pct = |v: Option<f64>| v.map_or("-".into(), |v| format!("{:.1} %", 100.0 * v));
        let n = |v: Option<u32>| v.map_or("-".into(), |v| v.to_string());
        let by_tier = |k: usize| -> String {
            planned
                .tiers
                .iter()
                .filter(|t| t.interval == k)
                .map(|t| t.agents.to_string())
                .collect::<Vec<_>>()
                .join("/")
        };
        for r in rows {
            println!(
                "  {:<8}  {:>7.0}  {:>8}  {:>8}  {:>9}  {:>16}  {:>6}  {:>8}  {:>9}{}  {:>9}{}",
                r.interval_start,
                r.calls_forecast,
                n(r.erlang_c_agents),
                n(r.erlang_a_agents),
                format!("{}{}", r.agents, if r.met { "" } else { " !" }),
                match r.service_level {
                    Some(_) => format!(
                        "{} ± {:.1}",
                        pct(r.service_level),
                        100.0 * r.service_level_ci.unwrap_or(0.0)
                    ),
                    None => "-".to_owned(),
                },
                r.confidence
                    .map_or("-".into(), |c| format!("{:.0} %", (100.0 * c).floor())),
                pct(r.abandonment_rate),
                pct(r.occupancy),
                r.rule_shrinkage
                    .map_or(String::new(), |a| format!("  {:>13}", pct(Some(a)))),
                r.scheduled_headcount,
                if tiered {
                    format!("  {}", by_tier(r.interval))
                } else {
                    String::new()
                },
            );
        }
    }
    let missed = rows.iter().filter(|r| !r.met).count();
    let tier_misses = planned
        .tiers
        .iter()
        .filter(|t| !t.met && t.tier > 1)
        .count();
    if tier_misses > 0 && !args.quiet {
        println!(
            "  upper tiers miss the targets in {tier_misses} tier-intervals (staffing_tiers.csv): \
             their waits may not fall with more agents (skills, transfers, callbacks)"
        );
    }
    if missed > 0 && !args.quiet {
        println!(
            "  ! {missed} intervals not shown to meet the targets (\"sure\" below 95 %): \
             more agents do not help there, or the replications could not decide"
        );
    }
    if !args.quiet {
        println!("\nwrote {}", path.display());
        if tiered {
            println!("wrote {}", tiers_path.display());
        }
    }
    if !args.no_charts {
        let interval = scenario.time.interval;
        let drawn: Vec<charts::PlannedInterval> = rows
            .iter()
            .map(|r| charts::PlannedInterval {
                load: r.calls_forecast * r.aht_seconds / interval,
                erlang_c_agents: r.erlang_c_agents,
                erlang_a_agents: r.erlang_a_agents,
                agents: r.agents,
                scheduled_headcount: r.scheduled_headcount,
            })
            .collect();
        let chart = charts::staffing_chart(&scenario, &drawn, args.shrinkage)
            .and_then(|c| charts::write_charts(&dir, &[c]));
        let chart_dir = dir.join(charts::CHARTS_DIR);
        for written in chart.map_err(|source| CliError::Write {
            path: chart_dir,
            source,
        })? {
            if !args.quiet {
                println!("wrote {}", written.display());
            }
        }
    }
    Ok(if missed > 0 {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// What `staff` says before planning a horizon of more than two weeks: each
/// interval is searched on replications of its own, so the time grows with
/// the intervals; a stationary load needs one day's plan only.
fn long_horizon_note(scenario: &crate::scenario::Scenario) -> String {
    let rates = &scenario.arrivals.rates_per_hour;
    let days = scenario.time.duration / 86_400.0;
    let stationary = rates.windows(2).all(|w| w[0] == w[1]);
    format!(
        "note: planning {} intervals ({days:.0} days); each is searched on replications of its \
         own, so this takes a while (Ctrl-C stops it). {}",
        rates.len(),
        if stationary {
            "The arrival rate is the same in every interval, so one day's plan gives every \
             interval's headcount: --set time.duration=24h"
        } else {
            "Staffing plans are usually made for a representative day or week: \
             --set time.duration=168h"
        }
    )
}
