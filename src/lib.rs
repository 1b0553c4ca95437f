//! # callsim
//!
//! A call-center telephony and queue simulator: a discrete-event engine that
//! models arriving calls, trunk lines, agents, queues and impatient callers,
//! driven by TOML scenario files, reporting service level, waits, abandonment
//! and occupancy for staffing decisions.
//!
//! Data flows one way, and each layer knows only the ones below it: a
//! scenario file becomes a validated scenario, the model runs it on a
//! domain-free discrete-event kernel and emits events to observers,
//! observers count, and reports format what they counted. The command line
//! (`callsim run`, `staff`, `sweep`, ...) is one user of this library; the
//! part a program can call is the one a researcher needs:
//!
//! - [`scenario`]: a scenario from a file ([`load_file`](scenario::load_file))
//!   or a string ([`load_str`](scenario::load_str), with the built-in
//!   [`DEFAULT_SCENARIO_TOML`](scenario::DEFAULT_SCENARIO_TOML)), changed by
//!   [`Override`](scenario::Override)s (`--set`'s `key=value`) or field by
//!   field on the validated [`Scenario`](scenario::Scenario); a mistake is a
//!   [`ScenarioError`](scenario::ScenarioError) that says where and why;
//! - [`replication`]: one replication with every book its sections call
//!   for ([`run_replication`](replication::run_replication)), and
//!   optionally an observer of your own riding along
//!   ([`run_replication_with`](replication::run_replication_with)): the
//!   function every verb runs;
//! - [`stats`]: what a replication returns ([`Results`](stats::Results),
//!   the figures of `summary.json` and the CSV files), and the recorders
//!   for a run put together by hand;
//! - [`model`]: [`simulate`](model::simulate) with any
//!   [`Observer`](model::Observer), and the records observers receive;
//! - [`experiment`]: many replications: a replication's figures by name
//!   ([`figures`](experiment::figures)), their confidence interval
//!   ([`estimate`](experiment::estimate)), two scenarios compared on common
//!   random numbers ([`compare`](experiment::compare)), and experiment
//!   files ([`load_experiment`](experiment::load_experiment));
//! - [`staffing`]: how many agents a load needs: the Erlang B, C and A
//!   formulas ([`staffing::erlang`]) and the planner that simulates
//!   ([`staffing::plan`]).
//!
//! The kernel, the report writers and the command line's arguments are
//! private: they change with the program, and a run's files are the
//! command line's to write.
//!
//! Running the built-in help-desk scenario with an override, once and then
//! over several replications:
//!
//! ```
//! use callsim::experiment::{LEVEL_95, estimate, figures};
//! use callsim::model::BuildError;
//! use callsim::replication::run_replication;
//! use callsim::scenario::{DEFAULT_SCENARIO_ORIGIN, DEFAULT_SCENARIO_TOML, Override, load_str};
//! use std::path::Path;
//!
//! // `callsim run --set agents.count=30`, from code.
//! let overrides: Vec<Override> = vec!["agents.count=30".parse()?];
//! let scenario = load_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_ORIGIN, Path::new("."), &overrides)?;
//!
//! let results = run_replication(&scenario, 0)?; // replication 0
//! let s = &results.summary;
//! assert_eq!(s.calls_offered, s.calls_answered + s.calls_abandoned);
//! assert!(s.service_level.unwrap() > 0.5, "30 agents handle this load comfortably");
//! assert_eq!(results.intervals.len(), 20); // 08:00-18:00 in half hours
//!
//! // Any figure of `summary.json`, by its name there.
//! let f = figures(&results);
//! let p90 = f.names.iter().position(|n| n == "wait_seconds.p90").unwrap();
//! assert_eq!(f.values[p90], s.wait_seconds.map(|w| w.p90));
//!
//! // Replications 0 to 9: the mean service level and its 95 % interval.
//! let levels = (0..10)
//!     .map(|r| Ok(run_replication(&scenario, r)?.summary.service_level))
//!     .collect::<Result<Vec<_>, BuildError>>()?;
//! let e = estimate(levels, LEVEL_95).unwrap();
//! assert!(e.half_width.unwrap() < 0.1, "{e:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Watching the events of a replication with an observer of your own, beside
//! the books it keeps:
//!
//! ```
//! use callsim::model::{CallRecord, Observer, Outcome};
//! use callsim::replication::{Companion, Options, run_replication_with};
//! use callsim::scenario::{DEFAULT_SCENARIO_ORIGIN, DEFAULT_SCENARIO_TOML, load_str};
//! use std::path::Path;
//!
//! /// Callers answered after more than a minute in queue.
//! #[derive(Default)]
//! struct LongWaits(u64);
//!
//! impl Observer for LongWaits {
//!     fn call_finished(&mut self, _now: f64, call: &CallRecord) {
//!         if call.counted && call.outcome == Outcome::Answered && call.wait > 60.0 {
//!             self.0 += 1;
//!         }
//!     }
//! }
//!
//! impl Companion for LongWaits {
//!     // This scenario has no walk-in counter to watch.
//!     fn walk_ins(&mut self) -> impl Observer + '_ {}
//! }
//!
//! let scenario = load_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_ORIGIN, Path::new("."), &[])?;
//! let mut long = LongWaits::default();
//! let results = run_replication_with(&scenario, 0, &Options::default(), &mut long)?;
//! let within = results.summary.calls_answered_within_threshold;
//! assert!(long.0 <= results.summary.calls_answered - within);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Replication `r` of a seed draws from its own random streams, one per
//! purpose (arrivals, handle times, patience, wrap-up): a policy change never
//! shifts the arrivals a run sees, and the same seed gives the same bytes.

// Every public item is documented, and every type a public item hands out
// can be named by the caller.
#![deny(missing_docs, unnameable_types)]

mod cli;
mod engine;
pub mod experiment;
pub mod model;
pub mod replication;
mod report;
pub mod scenario;
pub mod staffing;
pub mod stats;

/// The `callsim` command line, for the binary: parses the arguments, runs
/// the verb and turns its outcome into the exit code. Public only because
/// the binary is a crate of its own; the verbs' arguments stay private, so
/// code calls the library above rather than building a command line.
#[doc(hidden)]
pub fn cli_main() -> std::process::ExitCode {
    cli::main()
}
