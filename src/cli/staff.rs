//! `callsim staff`: a staffing plan per interval, found by simulation.

use std::path::PathBuf;

use super::args::StaffArgs;
use super::erlang::target;
use super::error::{CliError, EXIT_CHECK_FAILED, EXIT_OK};
use crate::plan::{Targets, plan};
use crate::report::{charts, csv_files, write_atomically};
use crate::scenario::load_file;

const MAX_AGENTS: u32 = 100_000;

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
    if args.reps < 2 {
        return Err(usage(format!("--reps {}: expected at least 2", args.reps)));
    }
    let scenario = load_file(&args.scenario, &args.scenario_args.overrides)?;
    if scenario.helpdesk.is_some() || scenario.workforce.is_some() {
        return Err(usage(format!(
            "{}: staff plans single-pool scenarios for now (no [[tiers]], help-desk tables or [[shifts]])",
            args.scenario.display()
        )));
    }
    let targets = Targets {
        service_level,
        threshold,
        max_abandon,
        max_occupancy,
        shrinkage: args.shrinkage,
    };
    let rows = plan(&scenario, &targets, args.reps, MAX_AGENTS)?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&scenario.name));
    std::fs::create_dir_all(&dir).map_err(|source| CliError::OutputDir {
        path: dir.clone(),
        source,
    })?;
    let path = dir.join("staffing.csv");
    write_atomically(&path, |w| csv_files::write_rows(w, &rows)).map_err(|source| {
        CliError::Write {
            path: path.clone(),
            source,
        }
    })?;
    println!(
        "{}: fewest agents per interval for {:.0} % within {} s{}{}, {} replications each\n",
        scenario.name,
        100.0 * service_level,
        threshold,
        max_abandon
            .map(|a| format!(", abandonment <= {:.1} %", 100.0 * a))
            .unwrap_or_default(),
        max_occupancy
            .map(|o| format!(", occupancy <= {:.0} %", 100.0 * o))
            .unwrap_or_default(),
        args.reps
    );
    println!(
        "  {:<8}  {:>7}  {:>8}  {:>8}  {:>9}  {:>16}  {:>8}  {:>9}  {:>9}",
        "interval",
        "calls",
        "Erlang C",
        "Erlang A",
        "simulated",
        "SL (95 % CI)",
        "abandon",
        "occupancy",
        "headcount"
    );
    let pct = |v: Option<f64>| v.map_or("-".into(), |v| format!("{:.1} %", 100.0 * v));
    let n = |v: Option<u32>| v.map_or("-".into(), |v| v.to_string());
    for r in &rows {
        println!(
            "  {:<8}  {:>7.0}  {:>8}  {:>8}  {:>9}  {:>16}  {:>8}  {:>9}  {:>9}",
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
            pct(r.abandonment_rate),
            pct(r.occupancy),
            r.scheduled_headcount
        );
    }
    let missed = rows.iter().filter(|r| !r.met).count();
    if missed > 0 {
        println!("  ! targets not met with up to {MAX_AGENTS} agents ({missed} intervals)");
    }
    println!("\nwrote {}", path.display());
    if !args.no_charts {
        let chart = charts::staffing_chart(&scenario, &rows, args.shrinkage)
            .and_then(|c| charts::write_charts(&dir, &[c]));
        let chart_dir = dir.join(charts::CHARTS_DIR);
        for written in chart.map_err(|source| CliError::Write {
            path: chart_dir,
            source,
        })? {
            println!("wrote {}", written.display());
        }
    }
    Ok(if missed > 0 {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}
