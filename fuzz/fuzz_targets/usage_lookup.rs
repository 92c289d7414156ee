//! Raw bytes as one page file of `aws cloudtrail lookup-events --output json` → `usage lookup-events` → the volumes as TOML
//! (which must parse) and as JSON (which must parse).
#![no_main]

use libfuzzer_sys::fuzz_target;
use trailplan::usage::{Options, lookup, render};

fuzz_target!(|data: &[u8]| {
    let path =
        std::env::temp_dir().join(format!("trailplan-fuzz-{}-lookup.json", std::process::id()));
    std::fs::write(&path, data).expect("the fuzz input is written to a temporary file");
    for options in [
        Options::default(),
        Options {
            by_source: true,
            dedupe: true,
            skip_bad: true,
            days: Some(7),
        },
    ] {
        if let Ok(usage) = lookup::read(std::slice::from_ref(&path), options) {
            if let Ok(text) = render::toml(&usage) {
                assert!(text.parse::<toml::Table>().is_ok(), "{text}");
            }
            let json = render::json(&usage);
            assert!(
                serde_json::from_str::<serde_json::Value>(&json).is_ok(),
                "{json}"
            );
        }
    }
});
