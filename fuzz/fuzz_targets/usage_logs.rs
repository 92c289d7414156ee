//! Raw bytes as one CloudTrail log file (JSON, or gzip of it) → `usage logs` → the volumes as TOML
//! (which must parse) and as JSON (which must parse).
#![no_main]

#[path = "common/usage.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trailplan::usage::logs;

fuzz_target!(|data: &[u8]| {
    let path = common::input_file(data, "log.json");
    common::read_and_render(|options| {
        logs::read(
            std::slice::from_ref(&path),
            options,
            &logs::Progress::default(),
        )
    });
});
