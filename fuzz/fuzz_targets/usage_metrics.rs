//! Raw bytes as the two files of `usage metrics`: the queries (`--queries`) and the output of
//! `aws cloudwatch get-metric-data`, split at the first NUL byte (without one, both are the
//! input) → the data volumes as TOML, which must parse.
#![no_main]

#[path = "common/usage.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use trailplan::usage::metrics::volumes;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (queries, result) = common::metrics_inputs(text);
    for placement in common::metrics_placements() {
        if let Ok(read) = volumes(queries, result, &placement, ("queries.json", "result.json")) {
            if let Ok(toml_text) = read.written.to_toml(&read.header) {
                assert!(toml_text.parse::<toml::Table>().is_ok(), "{toml_text}");
            }
        }
    }
});
