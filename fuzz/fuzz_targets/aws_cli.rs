//! Raw bytes → the AWS CLI importer (`describe-trails` output) → the imported scenario's TOML,
//! which must parse.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = trailplan::import::aws_cli(text, "fuzz.json", &[], &[]) {
        let toml_text = imported.to_scenario_toml("fuzz.json", None);
        assert!(toml_text.parse::<toml::Table>().is_ok(), "{toml_text}");
    }
});
