//! Scenario files: TOML (plus `--set` overrides) in, a validated [`Scenario`]
//! or a precise, user-facing [`ScenarioError`] out.
//!
//! A scenario is the whole description of a run, so a file must be complete
//! on its own and every mistake in it must be reported where it is: a
//! manager editing a file in a text editor needs `helpdesk.toml:12:8`, the
//! line, a caret and the expected value, not a stack trace. The model
//! downstream only ever sees a [`Scenario`], with units resolved (seconds,
//! calls per hour) and every value already checked.
//!
//! The format is cut by table: one file holds a table's form as written
//! (serde, unknown keys refused), its validated form and its checks, so a
//! reader of `desk/hold.rs` finds everything about `[hold]` there.
//!
//! - `document.rs`: the file as a whole (`name`, `seed`) and the order its
//!   tables are validated in; `time.rs`, `arrivals.rs` (with `forecast.rs`
//!   and `profile.rs` for its CSV files), `distribution.rs` (every
//!   distribution table; `samples.rs` reads empirical ones), `agents.rs`
//!   (with `[lines]`), `sla.rs`, `costs.rs`;
//! - `desk/`: the help-desk tables, `quality/`: repeat calls, follow-ups,
//!   virtual hold and the experience score, `workforce/`: shifts, breaks,
//!   meetings and leave;
//! - `values.rs`: the checked values every table uses (durations, clock
//!   times, shares, counts), `duration.rs`: their text forms, `limits.rs`:
//!   every range, `keys.rs`: every table's keys;
//! - `load.rs`: text → `Scenario`; `overrides.rs`: `--set key=value`;
//!   `error.rs` and `locate.rs`: key paths resolved to `file:line:col` or to
//!   the flag, rendered with the source line.
//!
//! ```
//! use std::path::Path;
//! use callsim::scenario::{Override, load_str};
//!
//! let text = r#"
//! name = "tiny"
//! [time]
//! duration = "1h"
//! [arrivals]
//! rate_per_hour = 100
//! [handle_time]
//! distribution = "exponential"
//! mean = "3m"
//! [agents]
//! count = 6
//! "#;
//! let more_agents: Override = "agents.count=7".parse()?;
//! let scenario = load_str(text, "tiny.toml", Path::new("."), &[more_agents])?;
//! assert_eq!(scenario.agents, 7);
//! assert_eq!(scenario.arrivals.rates_per_hour, vec![100.0, 100.0]); // two 30m intervals
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod agents;
mod arrivals;
mod costs;
mod csvfile;
mod desk;
mod distribution;
mod document;
pub(crate) mod duration;
mod error;
mod forecast;
mod keys;
pub mod limits;
mod load;
mod locate;
mod overrides;
mod profile;
mod quality;
mod samples;
mod sla;
mod time;
mod values;
mod workforce;

#[cfg(test)]
mod tests;

pub use arrivals::{Arrivals, ForecastInfo};
pub use costs::Costs;
pub use desk::{
    AgentChoice, CallLimit, CustomerKind, CustomerType, Helpdesk, Hold, HoldLimitAction,
    LimitAction, Mix, PriorityClass, Routing, Tickets, Tier, Transfer, TransferPolicy, WalkIns,
    WarmTimeout,
};
pub use distribution::DistributionSpec;
pub use document::Scenario;
pub use error::{ErrorKind, ScenarioError};
pub(crate) use error::{Location, io_words};
pub(crate) use load::read_text;
pub use load::{load_file, load_str};
pub use overrides::Override;
pub use quality::{ExperienceModel, FollowUps, Quality, RepeatCalls, VirtualHold};
pub use sla::Sla;
pub use time::TimeSpec;
pub use workforce::{
    Break, BreakKind, BreakRules, DeferralAction, Meeting, PersonalLeave, Shift, Workforce,
};

/// The shipped default scenario, embedded so `callsim run` works with no file.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/helpdesk-basic.toml");

/// The name errors and reports use for [`DEFAULT_SCENARIO_TOML`].
pub const DEFAULT_SCENARIO_ORIGIN: &str = "<built-in scenarios/helpdesk-basic.toml>";
