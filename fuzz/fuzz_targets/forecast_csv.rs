//! The WFM forecast CSV reader (`[arrivals.forecast]`): the input is the
//! CSV file; the first byte picks the scenario around it (headers found by
//! name, or named columns with a `;` separator). What validates is run.

#![no_main]

#[path = "common.rs"]
mod common;

use callsim::scenario::load_str;
use libfuzzer_sys::fuzz_target;

const BY_NAME: &str = r#"
name = "fuzz-forecast"
seed = 1
[arrivals.forecast]
file = "forecast.csv"
[handle_time]
distribution = "lognormal"
cv = 0.7
[agents]
count = 10
"#;

const NAMED: &str = r#"
name = "fuzz-forecast"
seed = 1
[arrivals.forecast]
file = "forecast.csv"
delimiter = ";"
[arrivals.forecast.columns]
start = "Interval Start"
volume = "Forecast Volume"
aht = "Forecast AHT"
acw = "ACW"
[handle_time]
distribution = "exponential"
[agents]
count = 10
"#;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, csv)) = data.split_first() else {
        return;
    };
    let dir = common::scratch_dir();
    std::fs::write(dir.join("forecast.csv"), csv).expect("scratch file");
    let scenario = if pick & 1 == 0 { BY_NAME } else { NAMED };
    match load_str(scenario, "fuzz.toml", dir, &[]) {
        Ok(scenario) => common::run_bounded(&scenario),
        Err(e) => common::check_error(&e),
    }
});
