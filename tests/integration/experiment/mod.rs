//! Experiments: determinism across jobs and shards, kill-and-resume, bad
//! input, coverage of the confidence intervals, common random numbers.

mod cli;
mod statistics;
