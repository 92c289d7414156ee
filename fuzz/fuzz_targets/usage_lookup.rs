//! Raw bytes as one page file of `aws cloudtrail lookup-events --output json` → `usage lookup-events` → the volumes as TOML
//! (which must parse) and as JSON (which must parse).
#![no_main]

#[path = "common/usage.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trailplan::usage::lookup;

fuzz_target!(|data: &[u8]| {
    let path = common::input_file(data, "lookup.json");
    common::read_and_render(|options| lookup::read(std::slice::from_ref(&path), options));
});
