//! Experiments: sweeps over scenario parameters with replications and
//! confidence intervals, paired comparisons on common random numbers, and
//! sharded batch runs for clusters.
//!
//! A single run of a stochastic model proves nothing: an experiment runs
//! every point of a grid R times, replication r of every point on the same
//! random numbers (seeds from master seed, replication and purpose only), and
//! reports means with confidence intervals. Units (point × replication) are
//! independent, so they run in parallel, in shards on several machines, and
//! after an interruption only the missing ones run again; the files that come
//! out are the same bytes whichever way the work was split.
//!
//! A program reaches the statistics: a replication's [`figures`] by name,
//! their [`estimate`] with a confidence interval, a paired [`compare`], and
//! an experiment file's points ([`load_experiment`]). Sweeps to a folder,
//! with their parts, shards and merges, are `callsim sweep`'s and
//! `callsim merge`'s.

pub(crate) mod compare;
pub(crate) mod figures;
pub(crate) mod folder;
pub(crate) mod metrics;
pub(crate) mod output;
pub(crate) mod parts;
pub(crate) mod spec;
pub(crate) mod sweep;

pub use compare::{CompareRow, compare};
pub(crate) use compare::{Comparison, compare_with_progress};
pub use figures::{Figures, Range, Unit, figures, range};
pub use metrics::{Estimate, LEVEL_95, estimate};
pub use spec::{Experiment, load_experiment};
pub(crate) use sweep::{Shard, SweepError, SweepOptions, merge, run_sweep};
