//! The JSON Schema of the scenario format, derived from the raw structs of `scenario::raw` so that it
//! cannot drift from what is read: unknown keys are refused (`additionalProperties: false`), money
//! is a decimal string or an integer, counts are integers of 0 or more.
//!
//! Editors read it through taplo (Even Better TOML): a scenario's first line
//! `#:schema ./scenario.schema.json` names it. <https://taplo.tamasfe.dev/configuration/directives.html>

use super::raw::RawScenario;
use schemars::generate::SchemaSettings;
use serde_json::Value;

/// The schema as pretty JSON (draft 7, which taplo reads), ending with a newline.
pub fn json() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<RawScenario>();
    let mut value = schema.to_value();
    without_null(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// TOML has no null: an optional key is one left out. Removes the `null` that schemars allows for
/// every `Option`, so that editors do not offer it.
fn without_null(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if let [only] = types.as_slice() {
                    let only = only.clone();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if let [only] = any.as_slice() {
                    let only = only.clone();
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            for v in map.values_mut() {
                without_null(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}
