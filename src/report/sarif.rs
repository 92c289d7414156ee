//! SARIF 2.1.0 for `trailplan check --format sarif`: the format that code-scanning services
//! (GitHub code scanning among them) read to annotate a pull request.
//!
//! One run, one result per finding, each pointing at its scenario file and, when known, its line and
//! column (columns count characters: `columnKind` is `unicodeCodePoints`). The driver carries the
//! whole rule registry, so a viewer can show each rule's documentation. Waived findings are kept as
//! results with an external suppression carrying the waiver's reason; baselined findings are left
//! out, as checkov does.
//!
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use crate::plan::Plan;
use crate::rules::{Definition, Finding, RULES, Severity};
use serde_json::{Value, json};

/// The JSON schema that the output conforms to.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where people learn about the tool: the crate's repository when the manifest names one (SARIF
/// makes it optional, and no address is better than a made-up one).
const INFORMATION_URI: Option<&str> = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(uri) if !uri.is_empty() => Some(uri),
    _ => None,
};

/// SARIF's level for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The section of a rule's docs under `## What it does`, as one paragraph.
fn what_it_does(rule: &Definition) -> String {
    let section = rule
        .docs
        .split("## What it does")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or(rule.summary);
    section.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn descriptor(rule: &Definition) -> Value {
    json!({
        "id": rule.code(),
        "name": rule.name(),
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": what_it_does(rule) },
        "help": {
            "text": format!("{}\n\nFix: {}", rule.docs.trim_end(), rule.fix),
            "markdown": format!("{}\n\n**Fix:** {}", rule.docs.trim_end(), rule.fix),
        },
        "defaultConfiguration": { "level": level(rule.severity()) },
        "properties": { "tags": [rule.severity().as_str()] },
    })
}

/// A relative path as a URI reference: `/` separators, everything but unreserved bytes escaped.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn result(finding: &Finding, file: &str, waiver: Option<&str>) -> Value {
    // RULES is in the order of the code table.
    let index = Some(finding.rule as usize);
    let mut text = finding.message.clone();
    if let Some(origin) = &finding.origin {
        text.push_str(&format!(" (from {origin})"));
    }
    let mut physical = json!({ "artifactLocation": { "uri": uri(file) } });
    if let Some(loc) = finding.location {
        physical["region"] = json!({ "startLine": loc.line, "startColumn": loc.column });
    }
    // The baseline's key (identity v2): stable when messages change, so code scanning tracks one
    // alert per finding.
    let fingerprint = crate::baseline::Key::of(finding, file).fingerprint();
    let mut value = json!({
        "ruleId": finding.rule.as_str(),
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical }],
        "partialFingerprints": { "trailplan/v2": fingerprint },
    });
    if let Some(index) = index {
        value["ruleIndex"] = json!(index);
    }
    if let Some(reason) = waiver {
        value["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
    }
    value
}

/// How many results a log holds unless told: GitHub shows 5,000 and refuses uploads over 25,000.
pub const MAX_RESULTS: usize = 5_000;

/// One SARIF log with one run for all the plans, at most `max_results` results: errors first, then
/// warnings, then notes, waived ones last; `runs[0].properties` says how many were left out (by the
/// cap, and by `--min-severity`).
pub fn render(plans: &[Plan], max_results: usize) -> String {
    let mut ranked: Vec<(&Finding, &str, Option<&str>)> = Vec::new();
    for plan in plans {
        let file = plan.scenario.source.name.as_str();
        ranked.extend(plan.findings.iter().map(|f| (f, file, None)));
        ranked.extend(
            plan.waived
                .iter()
                .map(|(f, reason)| (f, file, Some(reason.as_str()))),
        );
    }
    let total = ranked.len();
    // Stable: within a level, the report's order.
    ranked.sort_by_key(|(f, _, waiver)| (waiver.is_some(), std::cmp::Reverse(f.severity)));
    ranked.truncate(max_results);
    let results: Vec<Value> = ranked
        .iter()
        .map(|(f, file, waiver)| result(f, file, *waiver))
        .collect();
    let omitted = total - results.len();
    let mut driver = json!({
        "name": "trailplan",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": RULES.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
    });
    if let (Some(uri), Some(fields)) = (INFORMATION_URI, driver.as_object_mut()) {
        fields.insert("informationUri".into(), uri.into());
    }
    let mut properties = json!({
        "results": total,
        "resultsOmitted": omitted,
        "maxResults": max_results,
    });
    // `--min-severity`: its level, and how many findings it left out before the cap (the gate
    // still counted them). Absent without it.
    if let (Some(min), Some(fields)) = (
        plans.iter().filter_map(|p| p.left_out.min).max(),
        properties.as_object_mut(),
    ) {
        let below: usize = plans.iter().map(|p| p.left_out.count).sum();
        fields.insert("minSeverity".into(), min.as_str().into());
        fields.insert("resultsBelowMinSeverity".into(), below.into());
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": properties,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("scenarios/a b.toml"), "scenarios/a%20b.toml");
        assert_eq!(uri("dir\\x.toml"), "dir/x.toml");
    }

    #[test]
    fn every_rule_has_a_description_of_what_it_does() {
        for rule in RULES {
            let text = what_it_does(rule);
            assert!(
                text.len() > 20 && !text.contains('#'),
                "{}: {text}",
                rule.code()
            );
        }
    }
}
