//! Errors the command line reports, and their exit codes.

use crate::model::BuildError;
use crate::scenario::{ScenarioError, io_words};
use std::io;
use std::path::PathBuf;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the simulation ran but a requested check (e.g. `--require-sla`) failed.
pub const EXIT_CHECK_FAILED: u8 = 1;
/// Exit code: bad input (file, flag or value).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: internal error, or results that could not be written (an
/// output directory that cannot be created included: the input was fine,
/// the environment refused).
pub const EXIT_INTERNAL: u8 = 3;
/// Exit code: a sweep or a staffing plan stopped by Ctrl-C or SIGTERM
/// (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// Why a command failed; `Display` is the paragraph printed to stderr.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The scenario file or a `--set` override is wrong; the message locates it.
    #[error("{0}")]
    Scenario(#[from] ScenarioError),
    /// The output directory cannot be created (a file in the way, no
    /// permission, disk full): choose another with `--out`. Exit code 3,
    /// like any result that cannot be written.
    #[error(
        "error: cannot create output directory \"{}\": {}\n  = help: choose a writable directory with --out DIR",
        path.display(), io_words(source)
    )]
    OutputDir { path: PathBuf, source: io::Error },
    /// A result file could not be written completely (disk full, permissions
    /// changed mid-run); no partial file is left under the final name.
    #[error("error: cannot write \"{}\": {}", path.display(), io_words(source))]
    Write { path: PathBuf, source: io::Error },
    /// A validated scenario could not become a model: a bug in callsim
    /// (exit 3); or its queue outgrew the limits contract's bound, the
    /// input's fault (exit 2, [`BuildError::is_unbounded`]).
    #[error("error: {}{}", if .0.is_unbounded() { "" } else { "internal error: " }, .0)]
    Model(#[from] BuildError),
    /// A sweep or merge failed: its parts, its folder, or missing units.
    #[error("error: {0}")]
    Sweep(#[from] crate::experiment::SweepError),
    /// A flag's value is wrong (e.g. `--shard 9/4`).
    #[error("error: {0}")]
    Usage(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Scenario(_) | Self::Usage(_) => EXIT_USAGE,
            Self::Model(e) if e.is_unbounded() => EXIT_USAGE,
            Self::OutputDir { .. } | Self::Write { .. } | Self::Model(_) => EXIT_INTERNAL,
            Self::Sweep(e) => match e {
                crate::experiment::SweepError::Model(m) if m.is_unbounded() => EXIT_USAGE,
                crate::experiment::SweepError::Io { .. }
                | crate::experiment::SweepError::Model(_)
                | crate::experiment::SweepError::Threads(..) => EXIT_INTERNAL,
                _ => EXIT_USAGE,
            },
        }
    }
}
