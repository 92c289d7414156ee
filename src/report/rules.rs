//! `trailplan rules` and `trailplan explain`: the registry for people and machines.

use super::Format;
use crate::rules::{Definition, RULES};
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    fix: &'static str,
}

pub fn list(format: Format) -> String {
    if format == Format::Json {
        let rules: Vec<JsonRule> = RULES
            .iter()
            .map(|r| JsonRule {
                code: r.code(),
                name: r.name(),
                severity: r.severity().as_str(),
                summary: r.summary,
                fix: r.fix,
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
        text.push('\n');
        text
    } else {
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
            "ID",
            "Name",
            "Severity",
            "Fires when",
        ]);
        for r in RULES {
            table.add_row(vec![r.code(), r.name(), r.severity().as_str(), r.summary]);
        }
        format!("{table}\n")
    }
}

pub fn explain(rule: &Definition) -> String {
    format!(
        "{} ({}, severity {})\n\nFix: {}\n\n{}",
        rule.docs
            .lines()
            .next()
            .unwrap_or(rule.code())
            .trim_start_matches("# "),
        rule.summary,
        rule.severity(),
        rule.fix,
        rule.docs
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_start()
    )
}
