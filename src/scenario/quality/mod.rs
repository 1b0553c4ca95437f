//! What happens around the call: problems that come
//! back as repeat calls, the same-day follow-up call that checks the fix
//! held, and the customer-experience score every contact gets.
//!
//! All three are optional and off by default; a scenario without them runs
//! exactly as before, byte for byte.
//!
//! One file per table: `repeat_calls.rs`, `followups.rs`, `callbacks.rs`
//! (virtual hold) and `experience.rs`.

mod callbacks;
mod experience;
mod followups;
mod repeat_calls;

use std::path::Path;

pub(crate) use callbacks::RawCallbacks;
pub use callbacks::VirtualHold;
pub use experience::ExperienceModel;
pub(crate) use experience::RawExperience;
pub use followups::FollowUps;
pub(crate) use followups::RawFollowUps;
pub(crate) use repeat_calls::RawRepeatCalls;
pub use repeat_calls::RepeatCalls;

use crate::scenario::document::RawScenario;
use crate::scenario::error::ScenarioError;

/// The quality rules of a help desk; every part optional.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Quality {
    /// Customers call again about a problem not fixed; `None`: they never do.
    pub repeats: Option<RepeatCalls>,
    /// Agents call customers back to check a fix; `None`: no follow-ups.
    pub followups: Option<FollowUps>,
    /// Virtual hold: callers offered a callback instead of waiting; `None`: never offered.
    pub callbacks: Option<VirtualHold>,
    /// How contacts are scored; `None`: no experience scores.
    pub experience: Option<ExperienceModel>,
}

impl Quality {
    /// Whether any rule is on: only then do outputs gain the quality columns
    /// and sections.
    pub fn is_on(&self) -> bool {
        self.repeats.is_some()
            || self.followups.is_some()
            || self.callbacks.is_some()
            || self.experience.is_some()
    }
}

/// Whether the file writes any quality table.
pub(crate) fn uses_quality(raw: &RawScenario) -> bool {
    raw.repeat_calls.is_some()
        || raw.followups.is_some()
        || raw.callbacks.is_some()
        || raw.experience.is_some()
}

/// The quality rules of a desk with `tiers` tiers.
pub(crate) fn validate_quality(
    raw: &RawScenario,
    tiers: usize,
    base_dir: &Path,
) -> Result<Quality, ScenarioError> {
    Ok(Quality {
        repeats: raw
            .repeat_calls
            .as_ref()
            .map(|r| repeat_calls::validate_repeats(r, tiers, base_dir))
            .transpose()?,
        followups: raw
            .followups
            .as_ref()
            .map(|f| followups::validate_followups(f, base_dir))
            .transpose()?,
        callbacks: raw
            .callbacks
            .as_ref()
            .map(callbacks::validate_callbacks)
            .transpose()?,
        experience: raw
            .experience
            .as_ref()
            .map(experience::validate_experience)
            .transpose()?,
    })
}
