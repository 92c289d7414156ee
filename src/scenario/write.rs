//! The one TOML writer of scenarios and usage files: the raw structs of `scenario::raw` serialize
//! into a `toml_edit` document, whose tables and arrays of tables are laid out as a person writes
//! them (`[[trail]]` headers, selector lists one inline table a line) and whose comments ride on
//! the items they describe. Every TOML string the crate writes is quoted here, by [`string`].
//!
//! The scenario generator writes its large files by hand, for speed; nothing else writes TOML.

use serde::Serialize;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// Arrays of tables that stay inline, one table a line: a selector's lists.
const INLINE_ARRAYS: [&str; 2] = ["data_resources", "field_selectors"];

/// The operators of a field selector, in the order they are written after its `field`: the order
/// AWS's documentation lists them.
pub(crate) const OPERATORS: [&str; 6] = [
    "equals",
    "starts_with",
    "ends_with",
    "not_equals",
    "not_starts_with",
    "not_ends_with",
];

/// A TOML string: basic, literal or multi-line, whichever reads back as `value` and is plainest.
#[must_use]
pub fn string(value: &str) -> String {
    Value::from(value).to_string()
}

/// A one-line TOML array of strings: `["us-east-1", "eu-west-1"]`.
#[must_use]
pub fn strings<T: AsRef<str>>(values: &[T]) -> String {
    let array: Array = values.iter().map(AsRef::as_ref).collect();
    Value::Array(array).to_string()
}

/// A value inside a comment: one line, control characters (a newline would inject lines) and
/// bidi controls shown escaped.
#[must_use]
pub fn one_line(text: &str) -> String {
    crate::text::terminal(text).into_owned()
}

/// A comment line, `# label: text`.
#[must_use]
pub fn comment(label: &str, text: &str) -> String {
    format!("# {label}: {}\n", one_line(text))
}

/// A raw struct as a TOML document: nested structs become tables, lists of structs arrays of
/// tables, except a selector's lists, which stay inline with one table a line.
///
/// # Errors
/// A value TOML cannot hold (a `None` inside a list).
pub fn document<T: Serialize>(value: &T) -> Result<DocumentMut, String> {
    let mut doc = toml_edit::ser::to_document(value).map_err(|e| e.to_string())?;
    expand(doc.as_table_mut());
    Ok(doc)
}

/// A raw struct as TOML text.
///
/// # Errors
/// As [`document`].
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    document(value).map(|doc| doc.to_string())
}

fn expand(table: &mut Table) {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    for key in keys {
        let Some(item) = table.get_mut(&key) else {
            continue;
        };
        let replacement = match item {
            Item::Value(Value::InlineTable(inline)) => Some(Item::Table(expanded(inline))),
            Item::Value(Value::Array(array))
                if !array.is_empty() && array.iter().all(Value::is_inline_table) =>
            {
                if INLINE_ARRAYS.contains(&key.as_str()) {
                    one_table_a_line(array);
                    None
                } else {
                    let mut tables = ArrayOfTables::new();
                    for value in array.iter() {
                        if let Value::InlineTable(inline) = value {
                            tables.push(expanded(inline));
                        }
                    }
                    Some(Item::ArrayOfTables(tables))
                }
            }
            _ => None,
        };
        if let Some(replacement) = replacement {
            *item = replacement;
        }
    }
}

fn expanded(inline: &InlineTable) -> Table {
    let mut table = inline.clone().into_table();
    expand(&mut table);
    table
}

/// `[\n  { ... },\n  { ... },\n]`; a field selector's keys in their written order.
fn one_table_a_line(array: &mut Array) {
    for value in array.iter_mut() {
        if let Value::InlineTable(inline) = value {
            sort_field_selector(inline);
        }
        let decor = value.decor_mut();
        decor.set_prefix("\n  ");
        decor.set_suffix("");
    }
    array.set_trailing_comma(true);
    array.set_trailing("\n");
}

fn sort_field_selector(inline: &mut InlineTable) {
    if inline.contains_key("field") {
        let rank = |key: &str| {
            if key == "field" {
                0
            } else {
                OPERATORS
                    .iter()
                    .position(|k| *k == key)
                    .map_or(OPERATORS.len() + 1, |i| i + 1)
            }
        };
        inline.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    }
}

/// Orders the values of `table` as `keys` lists them (before any key not listed), writing a key's
/// default where the raw struct leaves it out: an imported trail states every value it read.
pub fn with_defaults(table: &mut Table, keys: &[(&str, Option<Value>)]) {
    for (key, default) in keys {
        if let Some(default) = default
            && !table.contains_key(key)
        {
            table.insert(key, Item::Value(default.clone()));
        }
    }
    let rank = |key: &str| {
        keys.iter()
            .position(|(k, _)| *k == key)
            .unwrap_or(keys.len())
    };
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
}

/// Comment lines (each ending in a newline) before a table's header.
pub fn set_comments(table: &mut Table, comments: &str) {
    table.decor_mut().set_prefix(comments);
}

/// Comment lines (each ending in a newline) before the key `key` of `table`.
pub fn comment_key(table: &mut Table, key: &str, comments: &str) {
    if let Some(mut key) = table.key_mut(key) {
        key.leaf_decor_mut().set_prefix(comments);
    }
}

/// A comment after the value of `key` on its line, `spaces` and `# comment` as given.
pub fn comment_value(table: &mut Table, key: &str, comment: &str) {
    if let Some(value) = table.get_mut(key).and_then(Item::as_value_mut) {
        value.decor_mut().set_suffix(comment);
    }
}

/// Writes the integer of `key` with `_` between groups of three digits, `1_000_000`.
pub fn group_digits(table: &mut Table, key: &str) {
    let Some(item) = table.get_mut(key) else {
        return;
    };
    let Some(n) = item.as_integer() else {
        return;
    };
    let digits = n.unsigned_abs().to_string();
    let mut text = if n < 0 { "-".to_owned() } else { String::new() };
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push('_');
        }
        text.push(c);
    }
    if let Ok(value) = text.parse::<Value>() {
        *item = Item::Value(value);
    }
}

/// The tables of the array `key` of a document or table, to decorate.
pub fn tables_mut<'a>(table: &'a mut Table, key: &str) -> Vec<&'a mut Table> {
    match table.get_mut(key) {
        Some(Item::ArrayOfTables(tables)) => tables.iter_mut().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        let s = string("a\"b\\c\nd\u{1}é");
        let parsed: toml::Table = toml::from_str(&format!("k = {s}")).unwrap();
        assert_eq!(parsed["k"].as_str(), Some("a\"b\\c\nd\u{1}é"));
        assert_eq!(string("us-east-1"), "\"us-east-1\"");
        let parsed: toml::Table = toml::from_str(&format!("k = {}", string("a\u{7f}b"))).unwrap();
        assert_eq!(parsed["k"].as_str(), Some("a\u{7f}b"));
        assert_eq!(strings(&["a", "b"]), "[\"a\", \"b\"]");
        assert_eq!(strings::<&str>(&[]), "[]");
    }

    /// Every table of the format, written back by the one writer, reads as the same TOML.
    const EVERY_TABLE: &str = r#"
format = 1
name = "all 'of' it"
regions = ["us-east-1", "eu-west-1"]

[[account]]
name = "m"
id = "111111111111"
management = true

[[volume]]
accounts = ["m"]
category = "data"
resource_type = "AWS::S3::Object"
resource_arn = "arn:aws:s3:::b/"
read = 1_000
write = 20

[[trail]]
name = "t"
account = "m"
home_region = "us-east-1"
multi_region = true
include_global_service_events = false
insights = ["ApiCallRateInsight"]

[[trail.event_selector]]
read_write_type = "WriteOnly"
include_management_events = false
data_resources = [{ type = "AWS::S3::Object", values = [] }]

[[trail]]
name = "u"

[[trail.advanced_event_selector]]
name = "writes"
field_selectors = [{ field = "eventCategory", equals = ["Data"] }, { not_ends_with = ["x"], field = "resources.ARN" }]

[[api_client]]
name = "siem"
api = "LookupEvents"
calls_per_second = "0.5"

[policy]
monthly_budget = "1500.00"
fail_on = "warning"

[[policy.waiver]]
rule = "CT101"
reason = "known"
expires = 2027-06-30

[prices]
currency = "USD"
data = "0.10"

[forecast]
months = 12
monthly_growth = "0.02"

[forecast.growth]
data = "0.05"

[downstream]
average_event_bytes = 1500

[import.values]
"aws_s3_bucket.b.arn" = "arn:aws:s3:::b"
"#;

    #[test]
    fn every_raw_table_round_trips() {
        let raw: crate::scenario::raw::RawScenario = toml::from_str(EVERY_TABLE).unwrap();
        let text = to_string(&raw).unwrap();
        let written: toml::Table = toml::from_str(&text).unwrap();
        let read: toml::Table = toml::from_str(EVERY_TABLE).unwrap();
        assert_eq!(written, read, "{text}");
        assert!(
            text.contains("field_selectors = [\n  { field = \"eventCategory\", equals = [\"Data\"] },\n  { field = \"resources.ARN\", not_ends_with = [\"x\"] },\n]"),
            "{text}"
        );
    }

    #[test]
    fn a_comment_is_one_line() {
        assert_eq!(comment("note", "a\nb"), "# note: a\\nb\n");
    }
}
