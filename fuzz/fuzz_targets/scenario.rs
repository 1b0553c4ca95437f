//! The scenario parser with `--set` overrides: TOML text, then up to four
//! `KEY=VALUE` overrides, separated by NUL bytes. Whatever validates is run
//! for a bounded number of calls.

#![no_main]

#[path = "common.rs"]
mod common;

use callsim::scenario::load_str;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, overrides) = common::split_input(data);
    let overrides = common::parse_overrides(&overrides);
    match load_str(&text, "fuzz.toml", &common::scenarios_dir(), &overrides) {
        Ok(scenario) => common::run_bounded(&scenario),
        Err(e) => common::check_error(&e),
    }
});
