//! Experiments: determinism across jobs and shards, kill-and-resume, bad
//! input, coverage of the confidence intervals, common random numbers; the
//! figures experiments report (every one of `summary.json`) and their
//! intervals' ranges.

mod cli;
mod concurrent;
mod figures;
mod statistics;
