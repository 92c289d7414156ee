//! Raw bytes → the Terraform plan importer → the imported scenario's TOML, which must parse.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = trailplan::import::terraform(text, "fuzz.json") {
        let toml_text = imported.to_scenario_toml("fuzz.json", None);
        assert!(toml_text.parse::<toml::Table>().is_ok(), "{toml_text}");
    }
});
