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

pub mod compare;
pub mod figures;
pub mod folder;
pub mod metrics;
pub mod output;
pub mod parts;
pub mod spec;
pub mod sweep;

// Where the fuzz targets import it (`fuzz/fuzz_targets/common.rs`).
pub use crate::replication::run_replication;
pub use compare::{CompareRow, Comparison, compare, compare_with_progress, verdict};
pub use figures::{Figures, figures};
pub use output::{ExperimentRecord, POINTS_FILE, RUNS_FILE};
pub use spec::{Experiment, load_experiment};
pub use sweep::{Shard, SweepError, SweepOptions, SweepReport, merge, run_sweep};
