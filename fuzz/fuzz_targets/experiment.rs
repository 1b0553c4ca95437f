//! The experiment file (`callsim sweep FILE`): the input is the file,
//! written beside copies of the shipped scenarios so that its `scenario`
//! path can name them. The first point of what validates is run.

#![no_main]

#[path = "common.rs"]
mod common;

use callsim::experiment::load_experiment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch_dir().join("experiments");
    let file = dir.join("fuzz.toml");
    std::fs::write(&file, data).expect("scratch file");
    match load_experiment(&file) {
        Ok(experiment) => {
            if let Some(first) = experiment.scenarios.first() {
                common::run_bounded(first);
            }
        }
        Err(e) => common::check_error(&e),
    }
});
