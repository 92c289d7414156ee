//! What the usage-reader targets share: the input as a file (the readers take paths, as the
//! command line does), and the check that every reading renders to TOML and JSON that parse.

use std::path::PathBuf;
use trailplan::error::Error;
use trailplan::usage::{Options, Usage, render};

/// `data` written to a temporary file named after the process and `name`.
pub fn input_file(data: &[u8], name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("trailplan-fuzz-{}-{name}", std::process::id()));
    std::fs::write(&path, data).expect("the fuzz input is written to a temporary file");
    path
}

/// Reads the input with the default options and with every option on; whatever is read must
/// render as TOML that parses and as JSON that parses.
pub fn read_and_render(read: impl Fn(Options) -> Result<Usage, Vec<Error>>) {
    for options in [
        Options::default(),
        Options {
            by_source: true,
            dedupe: true,
            skip_bad: true,
            days: Some(7),
        },
    ] {
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
