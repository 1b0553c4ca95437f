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
//! - [`report`]: statistics turned into `summary.json`, CSV files and text;
//! - [`cli`]: the `callsim` command line.
//!
//! Running the built-in help-desk scenario from code:
//!
//! ```
//! use callsim::model::simulate;
//! use callsim::scenario::{DEFAULT_SCENARIO_ORIGIN, DEFAULT_SCENARIO_TOML, load_str};
//! use callsim::stats::Recorder;
//! use std::path::Path;
//!
//! let overrides = ["agents.count=30".parse()?];
//! let scenario = load_str(DEFAULT_SCENARIO_TOML, DEFAULT_SCENARIO_ORIGIN, Path::new("."), &overrides)?;
//! let mut recorder = Recorder::new(&scenario);
//! simulate(&scenario, 0, &mut recorder)?; // replication 0
//! let results = recorder.results(&scenario, 0);
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
pub mod erlang;
pub mod experiment;
pub mod model;
pub mod plan;
pub mod replication;
pub mod report;
pub mod scenario;
pub mod stats;
