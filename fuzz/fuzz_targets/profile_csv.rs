//! The profile CSV reader (`arrivals.profile_file`): the input is the CSV
//! file, named by a small fixed scenario; what validates is run.

#![no_main]

#[path = "common.rs"]
mod common;

use callsim::scenario::load_str;
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = r#"
name = "fuzz-profile"
seed = 1
[time]
duration = "2h"
interval = "30m"
[arrivals]
profile_file = "profile.csv"
[handle_time]
distribution = "exponential"
mean = "3m"
[patience]
distribution = "exponential"
mean = "2m"
[agents]
count = 5
"#;

fuzz_target!(|data: &[u8]| {
    let dir = common::scratch_dir();
    std::fs::write(dir.join("profile.csv"), data).expect("scratch file");
    match load_str(SCENARIO, "fuzz.toml", dir, &[]) {
        Ok(scenario) => common::run_bounded(&scenario),
        Err(e) => common::check_error(&e),
    }
});
