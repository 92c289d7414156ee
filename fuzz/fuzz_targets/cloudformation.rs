//! Raw bytes → the CloudFormation importer (YAML and JSON) → the imported scenario's TOML, which
//! must parse. Errors are fine; panics, stack overflows and hangs are not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = trailplan::import::cloudformation(text, "fuzz.yaml") {
        let toml_text = imported.to_scenario_toml("fuzz.yaml", None);
        assert!(toml_text.parse::<toml::Table>().is_ok(), "{toml_text}");
    }
});
