//! What the usage-reader targets share: the input as a file (the readers take paths, as the
//! command line does), the options and placements they read with, and the check that every
//! reading renders to TOML and JSON that parse. The corpus replay test
//! (`tests/suite/fuzz_corpus.rs`) reads the corpora with the same options and placements.
// Each target, and the replay test, uses only some of these.
#![allow(dead_code)]

use std::path::PathBuf;
use trailplan::error::Error;
use trailplan::usage::metrics::Placement;
use trailplan::usage::{Options, Usage, render};

/// The readers' options: the defaults, and every switch at once.
pub fn reader_options() -> [Options; 2] {
    [
        Options::default(),
        Options {
            by_source: true,
            dedupe: true,
            skip_bad: true,
            days: Some(7),
        },
    ]
}

/// Where `usage metrics` puts what it reads: nowhere given, and account, region and days given.
pub fn metrics_placements() -> [Placement; 2] {
    [
        Placement {
            account: None,
            region: None,
            days: None,
        },
        Placement {
            account: Some("123456789012".into()),
            region: Some("us-east-1".into()),
            days: Some(30),
        },
    ]
}

/// `usage metrics`' two inputs (the queries, the `get-metric-data` output) from one: split at the
/// first NUL byte; without one, both are the whole input.
pub fn metrics_inputs(text: &str) -> (&str, &str) {
    text.split_once('\0').unwrap_or((text, text))
}

/// `data` written to a temporary file named after the process and `name`.
pub fn input_file(data: &[u8], name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("trailplan-fuzz-{}-{name}", std::process::id()));
    std::fs::write(&path, data).expect("the fuzz input is written to a temporary file");
    path
}

/// Reads the input with the default options and with every option on; whatever is read must
/// render as TOML that parses and as JSON that parses.
pub fn read_and_render(read: impl Fn(Options) -> Result<Usage, Vec<Error>>) {
    for options in reader_options() {
        if let Ok(usage) = read(options) {
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
}
