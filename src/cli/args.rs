//! Command-line arguments (clap derive).

use crate::scenario::Override;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// A whole-number flag (`--reps`, `--seed`, `--jobs`...): a range error
/// that names the bound for `-1` or a value too large, instead of clap's
/// "unexpected argument" tip or "invalid digit".
fn whole<T>(text: &str) -> Result<T, String>
where
    T: std::str::FromStr<Err = std::num::ParseIntError> + std::fmt::Display + Bounded,
{
    use std::num::IntErrorKind;
    text.trim().parse::<T>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow => format!("out of range: expected at most {}", T::MAX),
        IntErrorKind::InvalidDigit | IntErrorKind::NegOverflow
            if text.trim().starts_with('-') && text.trim()[1..].parse::<f64>().is_ok() =>
        {
            "out of range: expected a whole number >= 0".into()
        }
        IntErrorKind::Empty => "expected a whole number >= 0, found nothing".into(),
        _ => "expected a whole number >= 0, e.g. 10".into(),
    })
}

/// The largest value of an unsigned integer type, for range messages.
pub trait Bounded {
    const MAX: Self;
}

macro_rules! bounded {
    ($($t:ty),*) => {$(impl Bounded for $t { const MAX: Self = <$t>::MAX; })*};
}
bounded!(u32, u64, usize);

/// callsim: a call-center telephony and queue simulator.
///
/// Scenario files (TOML) describe arrivals, handle times, patience, agents,
/// lines and the SLA; `run` simulates one and reports service level, waits,
/// abandonment and occupancy, overall and per interval.
#[derive(Debug, Parser)]
#[command(name = "callsim", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario, print a summary and write the results.
    ///
    /// Without a file, runs the built-in help-desk scenario
    /// (scenarios/helpdesk-basic.toml).
    Run(RunArgs),
    /// Check a scenario file (and any --set overrides) without running it.
    Validate(ValidateArgs),
    /// Run an experiment: every point of a parameter grid, replicated, with
    /// confidence intervals (runs.csv, points.csv, experiment.json).
    Sweep(SweepArgs),
    /// Merge the part files of a sharded sweep into runs.csv and points.csv.
    Merge(MergeArgs),
    /// Compare two scenarios on common random numbers: paired differences
    /// of the key metrics with their confidence intervals.
    Compare(CompareArgs),
    /// Exact Erlang B, C and A results, or the minimum staffing for a target.
    Erlang(ErlangArgs),
    /// The fewest agents per interval that meet the targets, found by
    /// simulation (queues carried over between intervals), next to the
    /// Erlang C and A answers; writes staffing.csv.
    Staff(StaffArgs),
    /// Tell one case's story, one agent's day, or every act of one rule,
    /// in words and clock times, from the run's event stream.
    Trace(TraceArgs),
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct StaffArgs {
    /// Scenario file (TOML): a single pool or a tiered help desk, with or
    /// without shifts.
    pub scenario: PathBuf,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
    /// Service level to meet in every interval, e.g. 0.8/20s.
    #[arg(long, value_name = "SHARE/DURATION")]
    pub target: String,
    /// Highest abandonment allowed in an interval, e.g. 0.05.
    #[arg(long, value_name = "SHARE")]
    pub max_abandon: Option<f64>,
    /// Highest occupancy allowed in an interval, e.g. 0.85.
    #[arg(long, value_name = "SHARE")]
    pub max_occupancy: Option<f64>,
    /// Share of paid time not available for calls, for the headcount to
    /// schedule, e.g. 0.3.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub shrinkage: f64,
    /// Replications every candidate is first judged on.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = whole::<u64>)]
    pub reps: u64,
    /// Replications a candidate may get while the first ones leave it
    /// undecided [default: 16 x --reps]
    #[arg(long, value_name = "N", value_parser = whole::<u64>)]
    pub max_reps: Option<u64>,
    /// Worker threads [default: the machine's cores]
    #[arg(long, value_name = "N", value_parser = whole::<usize>)]
    pub jobs: Option<usize>,
    /// Print nothing but errors (no progress bar, no table).
    #[arg(long, short)]
    pub quiet: bool,
    /// Output directory [default: output/<scenario name>]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Skip the chart (charts/staffing.svg, .png).
    #[arg(long)]
    pub no_charts: bool,
}

/// Which Erlang model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ErlangModel {
    /// M/M/c/c: calls finding every line busy are lost.
    B,
    /// M/M/c: callers wait, nobody abandons.
    C,
    /// M/M/c+M: callers wait, and abandon after an exponential patience.
    A,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct ErlangArgs {
    #[arg(value_enum)]
    pub model: ErlangModel,
    /// Offered load in Erlangs (or give --rate and --aht).
    #[arg(long, value_name = "ERLANGS")]
    pub load: Option<f64>,
    /// Calls per hour.
    #[arg(long, value_name = "CALLS/H")]
    pub rate: Option<f64>,
    /// Mean handle time, e.g. 300s or 5m [default: 300s]
    #[arg(long, value_name = "DURATION")]
    pub aht: Option<String>,
    /// Agents (C, A) or lines (B).
    #[arg(long, value_name = "N", value_parser = whole::<u32>)]
    pub agents: Option<u32>,
    /// Service-level threshold for the figures, e.g. 20s [default: 20s]
    #[arg(long, value_name = "DURATION")]
    pub threshold: Option<String>,
    /// Find the fewest agents meeting a service level, e.g. 0.8/20s; for B
    /// the highest blocking allowed, e.g. 0.01.
    #[arg(long, value_name = "SHARE[/DURATION]")]
    pub target: Option<String>,
    /// Mean patience (Erlang A), e.g. 120s.
    #[arg(long, value_name = "DURATION")]
    pub patience: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct SweepArgs {
    /// Experiment file (TOML).
    pub experiment: PathBuf,
    /// Worker threads [default: the machine's cores]
    #[arg(long, value_name = "N", value_parser = whole::<usize>)]
    pub jobs: Option<usize>,
    /// Output directory [default: output/<experiment name>]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Run only the units with index mod N = i (`i/N`), or `auto`: from
    /// SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX.
    #[arg(long, value_name = "i/N|auto")]
    pub shard: Option<String>,
    /// Number of shards with `--shard auto` under a Kubernetes Indexed Job.
    #[arg(long, value_name = "N", value_parser = whole::<u64>)]
    pub shards: Option<u64>,
    /// Finish a sweep that was interrupted: run only the missing units.
    #[arg(long)]
    pub resume: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct MergeArgs {
    /// Output folders of the shards (the first holds experiment.json).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where to write the merged files [default: the first folder]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// How `compare` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct CompareArgs {
    /// Scenario A (the baseline).
    pub a: PathBuf,
    /// Scenario B.
    pub b: PathBuf,
    /// Replications of each.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = whole::<u64>)]
    pub reps: u64,
    /// Master seed for both [default: A's seed]
    #[arg(long, value_name = "N", value_parser = whole::<u64>)]
    pub seed: Option<u64>,
    /// Worker threads [default: the machine's cores]
    #[arg(long, value_name = "N", value_parser = whole::<usize>)]
    pub jobs: Option<usize>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What scenario to load, shared by every verb that reads one.
#[derive(Debug, Args)]
pub struct ScenarioArgs {
    /// Override a scenario field, e.g. --set agents.count=95 --set time.duration=24h
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub overrides: Vec<Override>,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct RunArgs {
    /// Scenario file (TOML); omitted: the built-in help-desk scenario.
    pub scenario: Option<PathBuf>,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
    /// Master seed (overrides the scenario's `seed`).
    #[arg(long, value_name = "N", value_parser = whole::<u64>)]
    pub seed: Option<u64>,
    /// Replication number: independent random streams under the same seed.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = whole::<u64>)]
    pub replication: u64,
    /// Output directory [default: output/<scenario name>]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also write calls.csv, one row per call, and visits.csv, one row per
    /// service visit (a case's path through the tiers), streamed as calls
    /// finish.
    #[arg(long)]
    pub calls_log: bool,
    /// Also write events.csv: every event of the run in time order (calls,
    /// transfers, holds, breaks, the rules that decided), and
    /// agent_states.csv, each agent's day as state intervals; streamed as
    /// the run goes.
    #[arg(long)]
    pub events: bool,
    /// Log events from this clock time on: HH:MM[:SS] on the first day, or
    /// D/HH:MM[:SS] on day D (from 1).
    #[arg(long, value_name = "[D/]HH:MM", requires = "events")]
    pub events_from: Option<String>,
    /// Log events before this clock time: HH:MM[:SS] on the first day, or
    /// D/HH:MM[:SS] on day D (from 1).
    #[arg(long, value_name = "[D/]HH:MM", requires = "events")]
    pub events_to: Option<String>,
    /// Exit with code 1 if the service level misses the scenario's target.
    #[arg(long)]
    pub require_sla: bool,
    /// Print only the paths written, not the summary table.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip the charts (charts/*.svg, *.png); report.html is still written,
    /// without them.
    #[arg(long)]
    pub no_charts: bool,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct ValidateArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
}

#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct TraceArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub scenario_args: ScenarioArgs,
    /// Master seed (overrides the scenario's `seed`), as for `run`.
    #[arg(long, value_name = "N", value_parser = whole::<u64>)]
    pub seed: Option<u64>,
    /// Replication number, as for `run`.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = whole::<u64>)]
    pub replication: u64,
    #[command(flatten)]
    pub subject: TraceSubject,
    /// How to print the story.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    pub format: TraceFormat,
}

/// Whose story `trace` tells: exactly one of the three.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct TraceSubject {
    /// A case: its first call's id (the `case` column of events.csv).
    #[arg(long, value_name = "N", value_parser = whole::<u64>)]
    pub case: Option<u64>,
    /// An agent's day (the `agent` column of events.csv).
    #[arg(long, value_name = "K", value_parser = whole::<u32>)]
    pub agent: Option<u32>,
    /// Every time a rule acted (the `rule` column of events.csv).
    #[arg(long, value_name = "NAME")]
    pub rule: Option<String>,
}

/// How `trace` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    /// Short lines for a projector, clock times first.
    Text,
    /// The same facts for scripts.
    Json,
}
