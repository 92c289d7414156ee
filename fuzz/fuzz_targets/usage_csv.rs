//! Raw bytes as the CSV result of `usage sql` → `usage csv` → the volumes as TOML
//! (which must parse) and as JSON (which must parse).
#![no_main]

#[path = "common/usage.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trailplan::usage::csv;

fuzz_target!(|data: &[u8]| {
    let path = common::input_file(data, "result.csv");
    common::read_and_render(|options| csv::read(std::slice::from_ref(&path), options));
});
