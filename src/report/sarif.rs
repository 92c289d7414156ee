//! SARIF 2.1.0 for `trailplan check --format sarif`: the format that code-scanning services
//! (GitHub code scanning among them) read to annotate a pull request.
//!
//! One run, one result per finding, each pointing at its scenario file and, when known, its line and
//! column (columns count characters: `columnKind` is `unicodeCodePoints`). The driver carries the
//! whole rule registry, so a viewer can show each rule's documentation. Waived findings are kept as
//! results with an external suppression carrying the waiver's reason; baselined findings are left
//! out, as checkov does.
//!
//! A scenario under the current directory is named by a relative reference (code scanning resolves
//! it against the checkout), any other by an absolute `file:` URI (SARIF §3.4). Each result's
//! `partialFingerprints` is unique in the log, so that code scanning keeps one alert per finding.
//!
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>

use crate::baseline::Key;
use crate::error::{Error, Location};
use crate::plan::Plan;
use crate::rules::{Definition, Finding, RULES, Rule, Severity};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

/// The JSON schema that the output conforms to.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where people learn about the tool: the crate's repository when the manifest names one (SARIF
/// makes it optional, and no address is better than a made-up one). Each rule's `helpUri` is its
/// page under `docs/rules/` in that repository.
const INFORMATION_URI: Option<&str> = match option_env!("CARGO_PKG_REPOSITORY") {
    Some(uri) if !uri.is_empty() => Some(uri),
    _ => None,
};

/// The page of `rule` in the repository at `repository` (a GitHub address): its
/// `docs/rules/NAME.md` on the default branch.
fn help_uri(repository: &str, rule: &Definition) -> String {
    format!(
        "{}/blob/HEAD/docs/rules/{}.md",
        repository.trim_end_matches('/'),
        rule.name()
    )
}

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
    let mut value = json!({
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
    });
    if let Some(repository) = INFORMATION_URI {
        value["helpUri"] = help_uri(repository, rule).into();
    }
    value
}

/// A relative path as a URI reference: `/` separators, everything but unreserved bytes escaped.
fn uri(path: &str) -> String {
    escape(&path.replace('\\', "/"), b"/")
}

/// `text` with every byte but the unreserved ones and `keep` percent-encoded (RFC 3986).
fn escape(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(byte));
            }
            _ if keep.contains(&byte) => out.push(char::from(byte)),
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// `path` without `.` components, and with each `..` taking away the folder before it.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The `/`-separated text of a path's components (a Windows drive as `C:`).
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::RootDir => None,
            other => Some(other.as_os_str().to_string_lossy().into_owned()),
        })
        .collect();
    parts.join("/")
}

/// The `uri` of the scenario file named `file` (as the command line gave it): relative to `cwd`
/// and normalized (no `./`) when the file is under it, else an absolute `file:` URI; standard
/// input as its name.
fn artifact_uri(file: &str, cwd: Option<&Path>) -> String {
    let path = Path::new(file);
    if file == crate::scenario::display_name(Path::new("-")) {
        return uri(file);
    }
    let absolute = match cwd {
        Some(cwd) => normalize(&cwd.join(path)),
        None => normalize(path),
    };
    if let Some(relative) = cwd.and_then(|cwd| absolute.strip_prefix(normalize(cwd)).ok())
        && relative.components().next().is_some()
    {
        return uri(&slashed(relative));
    }
    if absolute.has_root() {
        // `file:///tmp/a.toml`; `file:///C:/a.toml` on Windows (`:` is allowed in a path).
        return format!("file:///{}", escape(&slashed(&absolute), b"/:"));
    }
    uri(&slashed(&absolute))
}

/// A physical location in the scenario file `file`, at `location` when known.
fn physical(file: &str, location: Option<Location>, cwd: Option<&Path>) -> Value {
    let mut physical = json!({ "artifactLocation": { "uri": artifact_uri(file, cwd) } });
    if let Some(loc) = location {
        physical["region"] = json!({ "startLine": loc.line, "startColumn": loc.column });
    }
    physical
}

/// One finding of the log: the plan it is of, its file, and its waiver's reason if waived.
struct Entry<'a> {
    plan: &'a Plan,
    finding: &'a Finding,
    file: &'a str,
    waiver: Option<&'a str>,
}

fn result(entry: &Entry, fingerprint: String, cwd: Option<&Path>) -> Value {
    let finding = entry.finding;
    // RULES is in the order of the code table.
    let index = Some(finding.rule as usize);
    let mut text = finding.message.clone();
    if let Some(origin) = &finding.origin {
        let _ = write!(text, " (from {origin})");
    }
    let mut value = json!({
        "ruleId": finding.rule.as_str(),
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical(entry.file, finding.location, cwd) }],
        "partialFingerprints": { "trailplan/v2": fingerprint },
    });
    if let Some(index) = index {
        value["ruleIndex"] = json!(index);
    }
    if let Some(reason) = entry.waiver {
        value["suppressions"] = json!([{ "kind": "external", "justification": reason }]);
    }
    value
}

/// The `trailplan/v2` fingerprint of each entry, unique in the log. It is the finding's identity
/// (the baseline's key: rule, file, trail, account, region, subject), stable when messages change.
/// Findings that share one are told apart by one more part: for a volume no trail selects (CT105),
/// the volume's declaration (its event source, name, resource type and ARN, accounts and regions;
/// the rule's subject names only what the message names); then, for findings still alike (two
/// blocks that declare the same), `#2`, `#3`... in the report's order.
fn fingerprints(entries: &[Entry]) -> Vec<String> {
    let mut prints: Vec<String> = entries
        .iter()
        .map(|e| Key::of(e.finding, e.file).fingerprint())
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for print in &prints {
        *counts.entry(print.as_str()).or_default() += 1;
    }
    let shared: Vec<bool> = prints.iter().map(|p| counts[p.as_str()] > 1).collect();
    let mut volumes: HashMap<*const Plan, HashMap<Location, usize>> = HashMap::new();
    for ((print, entry), shared) in prints.iter_mut().zip(entries).zip(shared) {
        if shared && let Some(declared) = volume_declaration(entry, &mut volumes) {
            // Escaped as the key's parts are, so that no two join alike.
            print.push('/');
            print.push_str(&declared.replace('%', "%25").replace('/', "%2F"));
        }
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for print in &mut prints {
        let n = seen.entry(print.clone()).or_default();
        *n += 1;
        if *n > 1 {
            let _ = write!(print, "/#{n}");
        }
    }
    prints
}

/// What the `[[volume]]` block a CT105 finding points at declares, as one line:
/// `event_source=s3.amazonaws.com;resource_type=AWS::S3::Object;accounts=a,b;regions=us-east-1`.
/// `volumes` keeps each plan's blocks by where they start.
fn volume_declaration(
    entry: &Entry,
    volumes: &mut HashMap<*const Plan, HashMap<Location, usize>>,
) -> Option<String> {
    if entry.finding.rule != Rule::UnloggedDataEvents {
        return None;
    }
    let scenario = &entry.plan.scenario;
    let at = volumes
        .entry(std::ptr::from_ref(entry.plan))
        .or_insert_with(|| {
            let mut at = HashMap::new();
            for (i, volume) in scenario.volumes.iter().enumerate() {
                at.entry(scenario.location(&volume.span)).or_insert(i);
            }
            at
        });
    let volume = scenario.volumes.get(*at.get(&entry.finding.location?)?)?;
    let shape = scenario.shapes.get(volume.shape)?;
    let mut parts = Vec::new();
    for (key, value) in [
        ("event_source", &shape.event_source),
        ("event_name", &shape.event_name),
        ("resource_type", &shape.resource_type),
        ("resource_arn", &shape.resource_arn),
    ] {
        if let Some(value) = value {
            parts.push(format!("{key}={value}"));
        }
    }
    let names = |names: Vec<&str>| names.join(",");
    parts.push(format!(
        "accounts={}",
        names(
            volume
                .accounts
                .iter()
                .filter_map(|&a| scenario.accounts.get(a).map(|a| a.name.as_str()))
                .collect()
        )
    ));
    parts.push(format!(
        "regions={}",
        names(
            volume
                .regions
                .iter()
                .filter_map(|&r| scenario.regions.get(r).map(|r| r.name.as_str()))
                .collect()
        )
    ));
    Some(parts.join(";"))
}

/// How many results a log holds unless told: GitHub shows 5,000 and refuses uploads over 25,000.
pub const MAX_RESULTS: usize = 5_000;

/// The most `--max-results` may ask for: GitHub refuses uploads of more results.
pub const MAX_RESULTS_LIMIT: usize = 25_000;

/// The tool, with the whole rule registry.
fn driver() -> Value {
    let mut driver = json!({
        "name": "trailplan",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": RULES.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
    });
    if let (Some(uri), Some(fields)) = (INFORMATION_URI, driver.as_object_mut()) {
        fields.insert("informationUri".into(), uri.into());
    }
    driver
}

/// A log of one run, as text.
fn log(run: Value) -> String {
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [run],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// One SARIF log with one run for all the plans, at most `max_results` results: errors first, then
/// warnings, then notes, waived ones last; `runs[0].properties` says how many were left out (by the
/// cap, and by `--min-severity`). Files are named relative to the current directory.
pub fn render(plans: &[Plan], max_results: usize) -> String {
    render_in(plans, max_results, std::env::current_dir().ok().as_deref())
}

/// [`render`], with files named relative to `cwd`.
pub fn render_in(plans: &[Plan], max_results: usize, cwd: Option<&Path>) -> String {
    let mut entries: Vec<Entry> = Vec::new();
    for plan in plans {
        let file = plan.scenario.source.name.as_str();
        let entry = |finding, waiver| Entry {
            plan,
            finding,
            file,
            waiver,
        };
        entries.extend(plan.findings.iter().map(|f| entry(f, None)));
        entries.extend(
            plan.waived
                .iter()
                .map(|(f, reason)| entry(f, Some(reason.as_str()))),
        );
    }
    let total = entries.len();
    // Of every finding in the report's order, whatever the cap leaves out: a finding's
    // fingerprint does not depend on `--max-results`.
    let mut ranked: Vec<(Entry, String)> = {
        let prints = fingerprints(&entries);
        entries.into_iter().zip(prints).collect()
    };
    // Stable: within a level, the report's order.
    ranked.sort_by_key(|(e, _)| (e.waiver.is_some(), std::cmp::Reverse(e.finding.severity)));
    ranked.truncate(max_results);
    let results: Vec<Value> = ranked
        .into_iter()
        .map(|(entry, print)| result(&entry, print, cwd))
        .collect();
    let omitted = total - results.len();
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
    log(json!({
        "tool": { "driver": driver() },
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": properties,
    }))
}

/// What a `check` that stopped on `errors` (exit `exit_code`) writes where its SARIF log would
/// have gone: a log of one run with no results whose invocation did not succeed, with a
/// notification for each error at its file, line and column (when known), so that code scanning
/// shows why the analysis is missing rather than a clean run.
pub fn errors(errors: &[Error], exit_code: u8) -> String {
    errors_in(errors, exit_code, std::env::current_dir().ok().as_deref())
}

/// [`errors`], with files named relative to `cwd`.
pub fn errors_in(errors: &[Error], exit_code: u8, cwd: Option<&Path>) -> String {
    let notifications: Vec<Value> = errors
        .iter()
        .map(|error| {
            let seen = super::json::JsonError::of(error);
            let mut notification = json!({
                "level": "error",
                "message": { "text": seen.message() },
                "properties": { "kind": seen.kind() },
            });
            if let Some(file) = seen.file() {
                let location = match error {
                    Error::Invalid { location, .. } => *location,
                    _ => None,
                };
                notification["locations"] =
                    json!([{ "physicalLocation": physical(file, location, cwd) }]);
            }
            notification
        })
        .collect();
    log(json!({
        "tool": { "driver": driver() },
        "invocations": [{
            "executionSuccessful": false,
            "exitCode": exit_code,
            "toolExecutionNotifications": notifications,
        }],
        "columnKind": "unicodeCodePoints",
        "results": [],
    }))
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
    fn files_under_the_current_directory_are_relative_and_others_absolute() {
        let cwd = Some(Path::new("/work/repo"));
        assert_eq!(artifact_uri("a.toml", cwd), "a.toml");
        assert_eq!(artifact_uri("./infra/./a.toml", cwd), "infra/a.toml");
        assert_eq!(artifact_uri("/work/repo/infra/a.toml", cwd), "infra/a.toml");
        assert_eq!(artifact_uri("x/../a b.toml", cwd), "a%20b.toml");
        assert_eq!(artifact_uri("/tmp/m.toml", cwd), "file:///tmp/m.toml");
        assert_eq!(
            artifact_uri("../other/a.toml", cwd),
            "file:///work/other/a.toml"
        );
        assert_eq!(artifact_uri("<stdin>", cwd), "%3Cstdin%3E");
        assert_eq!(artifact_uri("./a.toml", None), "a.toml");
    }

    #[test]
    fn help_is_the_rule_page_in_the_repository() {
        let rule = RULES[0];
        assert_eq!(
            help_uri("https://github.com/o/trailplan/", rule),
            format!(
                "https://github.com/o/trailplan/blob/HEAD/docs/rules/{}.md",
                rule.name()
            )
        );
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
        for rule in RULES {
            assert!(
                docs.join(format!("{}.md", rule.name())).is_file(),
                "{}",
                rule.code()
            );
        }
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
