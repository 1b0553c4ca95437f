//! # callsim
//!
//! A call-center telephony and queue simulator: a discrete-event engine that
//! models arriving calls, trunk lines, agents, queues and impatient callers,
//! driven by TOML scenario files, reporting service level, waits, abandonment
//! and occupancy for staffing decisions.
//!
//! Data flows one way, and each layer knows only the ones below it:
//!
//! - [`scenario`]: a TOML file (plus `--set` overrides) becomes a validated
//!   [`Scenario`](scenario::Scenario), or an error that says where and why;
//! - [`engine`]: the domain-free kernel (agenda, random streams, slab);
//! - [`model`]: the call center and its rules, emitting events to an
//!   [`Observer`](model::Observer);
//! - [`stats`]: observers that count ([`Recorder`](stats::Recorder));
//! - [`replication`]: one replication of a scenario with every book its
//!   sections call for, and its [`Results`](stats::Results): the one place
//!   a run is put together, for every verb;
//! - [`report`], [`experiment`] and [`staffing`]: a run's results turned
//!   into `summary.json`, CSV files, charts and text; sweeps and paired
//!   comparisons over many replications; Erlang formulas and the staffing
//!   planner;
//! - [`cli`]: the `callsim` command line.
//!
//! Running the built-in help-desk scenario from code:
//!
//! ```
//! use callsim::replication::run_replication;
//! use callsim::scenario::{DEFAULT_SCENARIO_ORIGIN, DEFAULT_SCENARIO_TOML, load_str};
//! use std::path::Path;
//!
//! let overrides = ["agents.count=30".parse()?];
//! let scenario = load_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_ORIGIN, Path::new("."), &overrides)?;
//! let results = run_replication(&scenario, 0)?; // replication 0
//!
//! let s = &results.summary;
//! assert_eq!(s.calls_offered, s.calls_answered + s.calls_abandoned);
//! assert!(s.service_level.unwrap() > 0.5, "30 agents handle this load comfortably");
//! assert_eq!(results.intervals.len(), 20); // 08:00-18:00 in half hours
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Replication `r` of a seed draws from its own random streams, one per
//! purpose (arrivals, handle times, patience, wrap-up): a policy change never
//! shifts the arrivals a run sees, and the same seed gives the same bytes.

pub mod cli;
pub mod engine;
pub mod experiment;
pub mod model;
pub mod replication;
pub mod report;
pub mod scenario;
pub mod staffing;
pub mod stats;
