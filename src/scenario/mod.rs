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
//! The steps (one file each):
//!
//! - `schema.rs`: the file as written (serde, unknown keys refused),
//!   durations (`duration.rs`) parsed there so their errors have spans;
//! - `overrides.rs`: `--set key=value` applied to the parsed TOML;
//! - `validate.rs` and `distribution.rs`: defaults, ranges, units;
//!   `profile.rs` and `samples.rs` read the CSV files a scenario names;
//! - `error.rs` and `locate.rs`: key paths resolved to `file:line:col` or to
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

mod channel_rates;
mod costs;
mod csvfile;
mod desk_schema;
mod desk_validate;
mod distribution;
pub(crate) mod duration;
mod error;
mod forecast;
mod helpdesk;
pub mod limits;
mod load;
mod locate;
mod overrides;
mod profile;
mod quality;
mod quality_schema;
mod quality_validate;
mod samples;
mod schema;
mod staff_schema;
mod staff_validate;
mod tickets;
mod types;
mod validate;
mod walk_ins;
mod workforce;

#[cfg(test)]
mod tests;

pub use costs::Costs;
pub use error::{ErrorKind, ScenarioError};
pub(crate) use error::{Location, io_words};
pub use helpdesk::{
    AgentChoice, CallLimit, CustomerKind, CustomerType, Helpdesk, Hold, HoldLimitAction,
    LimitAction, Mix, PriorityClass, Routing, Tier, Transfer, TransferPolicy, WarmTimeout,
};
pub(crate) use load::read_text;
pub use load::{load_file, load_str};
pub use overrides::Override;
pub use quality::{ExperienceModel, FollowUps, Quality, RepeatCalls, VirtualHold};
pub use tickets::Tickets;
pub use types::{Arrivals, DistributionSpec, ForecastInfo, Scenario, Sla, TimeSpec};
pub use walk_ins::WalkIns;
pub use workforce::{
    Break, BreakKind, BreakRules, DeferralAction, Meeting, PersonalLeave, Shift, Workforce,
};

/// The shipped default scenario, embedded so `callsim run` works with no file.
pub const DEFAULT_SCENARIO_TOML: &str = include_str!("../../scenarios/helpdesk-basic.toml");

/// The name errors and reports use for [`DEFAULT_SCENARIO_TOML`].
pub const DEFAULT_SCENARIO_ORIGIN: &str = "<built-in scenarios/helpdesk-basic.toml>";
