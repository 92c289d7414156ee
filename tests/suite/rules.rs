//! The rule registry against its fixtures and its documentation (SPEC §5, issue 3).
//!
//! Every rule has two fixtures in `tests/fixtures/rules/`: `<CODE>-fires.toml`, which must raise it,
//! and `<CODE>-boundary.toml`, the closest case that must not (exactly 5 trails for CT001, exactly 500
//! advanced selector values for CT003...). Extra cases may sit beside them as `<CODE>-<anything>.toml`.
//! The first line of each fixture says what it emits, in a form this file reads:
//!
//! ```text
//! # expect: CT001          the rule fires at least once
//! # expect: CT001 x2       the rule fires exactly twice
//! # expect-not: CT001      the rule does not fire
//! ```
//!
//! Every fixture runs through the built binary: `trailplan check <file> --format json --today
//! 2026-11-25`. A fixture whose second line is `# import: --cloudformation TEMPLATE` (or
//! `--terraform PATH`, with more arguments after it) is a usage file for those imported trails:
//! `trailplan check --cloudformation TEMPLATE --usage <file> ...`. Rules that `reconcile` raises
//! (CT130) compare a plan with a bill: their fixtures have the bill beside them
//! (`<CODE>-fires.csv`) and run `trailplan reconcile <file> --bill <csv> --format json`, which exits
//! 1 when the rule fires. The exit code follows from the findings under the default `fail_on = "error"`: 1 when an
//! error-level finding is reported, 0 otherwise. The meta-tests keep the registry honest: both
//! fixtures for every rule, IDs unique and ascending, kebab-case names, four documentation sections in
//! order, an Example that parses as TOML, and `trailplan explain` for every rule.
//!
//! Beside each fixture, `<fixture>.snap` (an insta snapshot) holds what it reports: every finding's
//! rule, severity, message, trail, account, region, line and data (and the reason of a waived one),
//! as JSON. `tests/README.md` says how to rewrite them; review the diff like code.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{Run, TODAY, assert_text_snapshot, root, run};

/// The four sections of every rule's documentation, in order.
const SECTIONS: [&str; 4] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## References",
];

fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures/rules")
}

/// `trailplan check <fixture> --format json [extra...]`, with `--today 2026-11-25` unless `extra`
/// gives another date.
fn check(fixture: &str, extra: &[&str]) -> Run {
    let path = format!("tests/fixtures/rules/{fixture}");
    let text = fs::read_to_string(root().join(&path)).unwrap_or_default();
    let import: Vec<&str> = text
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix("# import:"))
        .map(|rest| rest.split_whitespace().collect())
        .unwrap_or_default();
    let mut args = vec!["check"];
    if import.is_empty() {
        args.push(path.as_str());
    } else {
        args.extend(&import);
        args.extend(["--usage", path.as_str()]);
    }
    args.extend(["--format", "json"]);
    if !extra.contains(&"--today") {
        args.extend(["--today", TODAY]);
    }
    args.extend_from_slice(extra);
    run(&args)
}

/// Rules raised by `reconcile`, not by `check`.
const RECONCILE_RULES: [&str; 1] = ["CT130"];

fn is_reconcile(fixture: &str) -> bool {
    RECONCILE_RULES.iter().any(|r| fixture.starts_with(r))
}

/// `trailplan reconcile <scenario> --bill <the .csv beside it> --format json`.
fn reconcile(scenario: &str) -> Run {
    let bill = Path::new(scenario).with_extension("csv");
    let bill = bill.to_str().unwrap_or_default().to_string();
    run(&["reconcile", scenario, "--bill", &bill, "--format", "json"])
}

/// A rule as `trailplan rules --format json` lists it.
#[derive(Debug, Clone)]
struct RuleInfo {
    code: String,
    name: String,
    severity: String,
}

/// The registry, read from the binary (what users see), in the order it is listed.
fn registry() -> Vec<RuleInfo> {
    let out = run(&["rules", "--format", "json"]);
    assert_eq!(out.code, Some(0), "trailplan rules: {}", out.describe());
    let rules = out.json();
    let rules = rules
        .as_array()
        .unwrap_or_else(|| panic!("`trailplan rules --format json` is not an array"));
    assert!(!rules.is_empty(), "the registry lists no rule");
    rules
        .iter()
        .map(|r| {
            let field = |key: &str| {
                r[key]
                    .as_str()
                    .unwrap_or_else(|| panic!("rule entry without string `{key}`: {r}"))
                    .to_string()
            };
            RuleInfo {
                code: field("code"),
                name: field("name"),
                severity: field("severity"),
            }
        })
        .collect()
}

/// What a fixture's first line says it emits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Expect {
    /// The rule fires; exactly `n` times when a count is given.
    Fires { rule: String, count: Option<usize> },
    /// The rule does not fire.
    Silent { rule: String },
}

impl Expect {
    fn rule(&self) -> &str {
        match self {
            Expect::Fires { rule, .. } | Expect::Silent { rule } => rule,
        }
    }

    /// Parses `# expect: CT001`, `# expect: CT001 x2` or `# expect-not: CT001`.
    fn parse(line: &str) -> Result<Expect, String> {
        let line = line.trim();
        let (fires, rest) = if let Some(rest) = line.strip_prefix("# expect-not:") {
            (false, rest)
        } else if let Some(rest) = line.strip_prefix("# expect:") {
            (true, rest)
        } else {
            return Err(format!(
                "the first line must be `# expect: CTnnn [xN]` or `# expect-not: CTnnn`, not `{line}`"
            ));
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let rule = match words.first() {
            Some(code) if is_code(code) => (*code).to_string(),
            _ => return Err(format!("no rule code in `{line}`")),
        };
        match (fires, &words[1..]) {
            (true, []) => Ok(Expect::Fires { rule, count: None }),
            (true, [n]) => {
                let count = n
                    .strip_prefix('x')
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("bad count `{n}` in `{line}` (expected x1, x2...)"))?;
                Ok(Expect::Fires {
                    rule,
                    count: Some(count),
                })
            }
            (false, []) => Ok(Expect::Silent { rule }),
            _ => Err(format!("unexpected words after the rule code in `{line}`")),
        }
    }
}

/// `CT` and three digits.
fn is_code(s: &str) -> bool {
    s.len() == 5 && s.starts_with("CT") && s[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Every `*.toml` directly in `tests/fixtures/rules/`, sorted, with its expectation.
fn fixtures() -> Vec<(String, Expect)> {
    let mut out: Vec<(String, Expect)> = files_in(&fixtures_dir(), "toml")
        .into_iter()
        .map(|(stem, text)| {
            let file = format!("{stem}.toml");
            let first = text.lines().next().unwrap_or_default();
            let expect = Expect::parse(first).unwrap_or_else(|e| panic!("{file}: {e}"));
            (file, expect)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The files directly in `dir` whose extension is `ext`: their stems and texts.
fn files_in(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a readable directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some(ext) {
            continue;
        }
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name")
            .to_string();
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push((stem, text));
    }
    out
}

/// The rule codes of a report's reported (not waived) findings.
fn fired(report: &Value) -> Vec<String> {
    findings(report, "findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn findings<'a>(report: &'a Value, key: &str) -> &'a Vec<Value> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("report without a `{key}` array: {report}"))
}

/// Runs one fixture and says what is wrong with it, if anything.
fn verify(
    file: &str,
    expect: &Expect,
    severity_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let by_reconcile = is_reconcile(file);
    let out = if by_reconcile {
        reconcile(&format!("tests/fixtures/rules/{file}"))
    } else {
        check(file, &[])
    };
    let Ok(report) = serde_json::from_str::<Value>(&out.stdout) else {
        return vec![format!("no JSON report: {}", out.describe())];
    };
    let codes = fired(&report);
    for f in findings(&report, "findings") {
        for key in [
            "rule", "name", "severity", "message", "trail", "account", "region", "file", "line",
            "column",
        ] {
            if f.get(key).is_none() {
                problems.push(format!("finding without key `{key}`: {f}"));
            }
        }
        let rule = f["rule"].as_str().unwrap_or_default();
        match severity_of(rule) {
            None => problems.push(format!("finding of a rule not in the registry: {f}")),
            Some(s) if f["severity"] != s.as_str() => {
                problems.push(format!(
                    "{rule} reported as {} but registered as {s}",
                    f["severity"]
                ));
            }
            Some(_) => {}
        }
    }
    let rule = expect.rule();
    let n = codes.iter().filter(|c| *c == rule).count();
    match expect {
        Expect::Fires { count: None, .. } if n == 0 => {
            problems.push(format!("{rule} should fire and did not; fired: {codes:?}"));
        }
        Expect::Fires { count: Some(c), .. } if n != *c => {
            problems.push(format!(
                "{rule} should fire {c} time(s), fired {n}; fired: {codes:?}"
            ));
        }
        Expect::Silent { .. } if n > 0 => {
            problems.push(format!("{rule} should not fire and fired {n} time(s)"));
        }
        _ => {}
    }
    // Default gate: fail_on = "error". Fixtures set no policy.fail_on of their own.
    let has_error = findings(&report, "findings")
        .iter()
        .any(|f| f["severity"] == "error");
    // `reconcile` fails on its own finding, a warning.
    let expected_code = i32::from(if by_reconcile { n > 0 } else { has_error });
    if out.code != Some(expected_code) {
        problems.push(format!(
            "exit code {:?}, expected {expected_code} (error-level findings: {has_error})",
            out.code
        ));
    }
    // A fixture that fires a rule is kept free of other errors, so its exit code is the rule's.
    if let (Expect::Fires { .. }, false) = (expect, by_reconcile) {
        let rule_is_error = severity_of(rule).as_deref() == Some("error");
        if rule_is_error != has_error {
            problems.push(format!(
                "exit code should follow {rule} alone (error: {rule_is_error}), but other findings change it: {codes:?}"
            ));
        }
    }
    problems
}

#[test]
fn every_fixture_emits_what_its_first_line_states() {
    let rules = registry();
    let severity_of = |code: &str| {
        rules
            .iter()
            .find(|r| r.code == code)
            .map(|r| r.severity.clone())
    };
    let fixtures = fixtures();
    assert!(!fixtures.is_empty(), "no fixture in tests/fixtures/rules");
    let mut report = String::new();
    for (file, expect) in &fixtures {
        for problem in verify(file, expect, &severity_of) {
            let _ = writeln!(report, "{file}: {problem}");
        }
    }
    assert!(
        report.is_empty(),
        "fixtures that disagree with their first line:\n{report}"
    );
}

/// The keys of a finding that a fixture's snapshot pins down, in the order written. One list, so
/// that a new key of the JSON report is one word here and one blessing run (`tests/README.md`).
const EXPECTED_FIELDS: &[&str] = &[
    "rule", "severity", "message", "trail", "account", "region", "line", "data",
];

/// What a fixture's snapshot holds: its reported findings and its waived ones (with the
/// waiver's reason), each with the [`EXPECTED_FIELDS`], as JSON with one key a line.
fn expected_output(report: &Value) -> String {
    let mut out = String::from("{\n");
    for (k, (key, extra)) in [("findings", &[][..]), ("waived", &["reason"][..])]
        .into_iter()
        .enumerate()
    {
        let list = findings(report, key);
        let _ = write!(out, "  \"{key}\": [");
        for (i, f) in list.iter().enumerate() {
            out.push_str(if i == 0 { "\n    {\n" } else { ",\n    {\n" });
            let keys: Vec<&str> = EXPECTED_FIELDS.iter().chain(extra).copied().collect();
            for (j, field) in keys.iter().enumerate() {
                let value = f.get(*field).unwrap_or(&Value::Null);
                let comma = if j + 1 < keys.len() { "," } else { "" };
                let _ = writeln!(out, "      \"{field}\": {value}{comma}");
            }
            out.push_str("    }");
        }
        if !list.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str(if k == 0 { "],\n" } else { "]\n" });
    }
    out.push_str("}\n");
    out
}

/// Every `*.toml` under `tests/fixtures/rules/` (the `policy/` cases too), as paths from the
/// package root, sorted.
fn all_fixture_paths(ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![fixtures_dir()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).expect("tests/fixtures/rules exists") {
            let path = entry.expect("a readable directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some(ext) {
                let rel = path.strip_prefix(root()).expect("under the package root");
                out.push(rel.to_str().expect("a UTF-8 path").to_string());
            }
        }
    }
    out.sort();
    out
}

/// Every fixture's findings (rule, severity, message, scope, line) equal the snapshot `.snap` beside
/// it. No snapshot is left without its fixture.
#[test]
fn every_fixture_matches_its_blessed_findings() {
    let fixtures = all_fixture_paths("toml");
    assert!(fixtures.len() >= 50, "fixtures went missing: {fixtures:?}");
    let mut wrong = Vec::new();
    for toml in &fixtures {
        let name = Path::new(toml)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let out = if is_reconcile(name) {
            reconcile(toml)
        } else {
            check(toml.trim_start_matches("tests/fixtures/rules/"), &[])
        };
        let Ok(report) = serde_json::from_str::<Value>(&out.stdout) else {
            wrong.push(format!("{toml}: no JSON report: {}", out.describe()));
            continue;
        };
        let fixture = Path::new(toml);
        let dir = fixture.parent().and_then(Path::to_str).unwrap_or_default();
        let stem = fixture
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let actual = expected_output(&report);
        // Every fixture is compared (and, when blessing, rewritten) before the test fails.
        if std::panic::catch_unwind(|| assert_text_snapshot(dir, stem, &actual)).is_err() {
            wrong.push(format!(
                "{toml}: its findings differ from {dir}/{stem}.snap"
            ));
        }
    }
    for expected in all_fixture_paths("snap") {
        let toml = format!("{}.toml", expected.trim_end_matches(".snap"));
        if !fixtures.contains(&toml) {
            wrong.push(format!("{expected} has no fixture {toml}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_rule_has_a_firing_and_a_boundary_fixture() {
    let fixtures = fixtures();
    let mut missing = Vec::new();
    for rule in registry() {
        for (suffix, fires) in [("fires", true), ("boundary", false)] {
            let file = format!("{}-{suffix}.toml", rule.code);
            let expected = if fires {
                Expect::Fires {
                    rule: rule.code.clone(),
                    count: None,
                }
            } else {
                Expect::Silent {
                    rule: rule.code.clone(),
                }
            };
            match fixtures.iter().find(|(f, _)| *f == file) {
                None => missing.push(format!("{file} is missing")),
                Some((_, e)) => {
                    let ok = match (e, &expected) {
                        (Expect::Fires { rule: a, .. }, Expect::Fires { rule: b, .. }) => a == b,
                        _ => e == &expected,
                    };
                    if !ok {
                        missing.push(format!("{file} states {e:?}, expected {expected:?}"));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_fixture_belongs_to_a_registered_rule() {
    let rules = registry();
    for (file, expect) in fixtures() {
        let prefix = file.split('-').next().unwrap_or_default();
        assert!(
            rules.iter().any(|r| r.code == prefix),
            "{file}: its name does not start with a registered rule code"
        );
        assert_eq!(
            expect.rule(),
            prefix,
            "{file}: its first line is about another rule"
        );
    }
}

#[test]
fn rule_ids_are_unique_and_ascending() {
    let rules = registry();
    for r in &rules {
        assert!(is_code(&r.code), "`{}` is not CT and three digits", r.code);
    }
    for pair in rules.windows(2) {
        assert!(
            pair[0].code < pair[1].code,
            "rule IDs must be unique and ascending: {} then {}",
            pair[0].code,
            pair[1].code
        );
    }
    let mut names: Vec<&str> = rules.iter().map(|r| r.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rules.len(), "rule names must be unique");
}

#[test]
fn rule_severities_follow_their_id_range() {
    // SPEC §5: CT0xx are AWS hard limits and invalid designs, all errors.
    for r in registry() {
        assert!(
            ["error", "warning", "info"].contains(&r.severity.as_str()),
            "{}: unknown severity {}",
            r.code,
            r.severity
        );
        if r.code.starts_with("CT0") {
            assert_eq!(r.severity, "error", "{} is a CT0xx rule", r.code);
        }
    }
}

#[test]
fn rule_names_are_kebab_case() {
    for r in registry() {
        let n = &r.name;
        let kebab = !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && n.starts_with(|c: char| c.is_ascii_lowercase())
            && !n.ends_with('-')
            && !n.contains("--");
        assert!(kebab, "{}: name `{n}` is not kebab-case", r.code);
    }
}

/// The positions of the four sections in `text`, or what is wrong.
fn section_order(text: &str) -> Result<(), String> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut last = None;
    for section in SECTIONS {
        let found: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| **l == section)
            .map(|(i, _)| i)
            .collect();
        match found[..] {
            [] => return Err(format!("no `{section}` heading")),
            [i] => {
                if last.is_some_and(|l| i < l) {
                    return Err(format!("`{section}` is out of order"));
                }
                last = Some(i);
            }
            _ => return Err(format!("`{section}` appears {} times", found.len())),
        }
    }
    Ok(())
}

#[test]
fn every_rule_doc_has_the_four_sections_in_order() {
    let rules = registry();
    let mut documented = Vec::new();
    for (stem, text) in files_in(&root().join("docs/rules"), "md") {
        if let Err(e) = section_order(&text) {
            panic!("docs/rules/{stem}.md: {e}");
        }
        let rule = rules
            .iter()
            .find(|r| r.name == stem)
            .unwrap_or_else(|| panic!("docs/rules/{stem}.md documents no registered rule"));
        let title = text.lines().next().unwrap_or_default();
        assert_eq!(
            title,
            format!("# {} {}", rule.code, rule.name),
            "docs/rules/{stem}.md: title"
        );
        documented.push(stem);
    }
    for r in &rules {
        assert!(
            documented.contains(&r.name),
            "{}: docs/rules/{}.md is missing",
            r.code,
            r.name
        );
    }
}

/// The first ```toml block of a rule's Example section.
fn doc_example(rule: &RuleInfo) -> String {
    let path = root().join(format!("docs/rules/{}.md", rule.name));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let example = text.split_once("## Example").map_or_else(
        || panic!("{}: no Example section", rule.code),
        |(_, rest)| rest,
    );
    example
        .split_once("```toml\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map_or_else(
            || panic!("{}: the Example has no ```toml block", rule.code),
            |(block, _)| block.to_string(),
        )
}

#[test]
fn every_rule_doc_example_parses_as_toml() {
    for r in registry() {
        let block = doc_example(&r);
        let table = block.parse::<toml::Table>().unwrap_or_else(|e| {
            panic!(
                "{}: the Example's TOML does not parse: {e}\n{block}",
                r.code
            )
        });
        assert!(!table.is_empty(), "{}: the Example's TOML is empty", r.code);
    }
}

#[test]
fn every_complete_rule_doc_example_fires_its_rule() {
    // Examples that elide hundreds of values (a `# ...` line: CT003, CT004) are below the limit as
    // written; their fixtures test the rule instead.
    let dir = crate::support::scratch_dir("rule-examples");
    let mut wrong = Vec::new();
    for r in registry() {
        let block = doc_example(&r);
        if block.lines().any(|l| l.trim_start().starts_with("# ...")) {
            continue;
        }
        let path = dir.join(format!("{}.toml", r.code));
        fs::write(&path, &block).expect("the example is written");
        let out = if is_reconcile(&r.code) {
            // The example's bill is its firing fixture's.
            let bill = fixtures_dir().join(format!("{}-fires.csv", r.code));
            fs::copy(&bill, path.with_extension("csv")).expect("the bill is copied");
            reconcile(path.to_str().expect("a UTF-8 temporary path"))
        } else {
            let path = path.to_str().expect("a UTF-8 temporary path");
            // A usage file for imported trails says so on its first line, as fixtures do.
            let import: Vec<&str> = block
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# import:"))
                .map(|rest| rest.split_whitespace().collect())
                .unwrap_or_default();
            let mut args = vec!["check"];
            if import.is_empty() {
                args.push(path);
            } else {
                args.extend(&import);
                args.extend(["--usage", path]);
            }
            args.extend(["--format", "json", "--today", TODAY]);
            run(&args)
        };
        match serde_json::from_str::<Value>(&out.stdout) {
            Ok(report) if fired(&report).contains(&r.code) => {}
            Ok(report) => wrong.push(format!("{}: fired {:?}", r.code, fired(&report))),
            Err(_) => wrong.push(format!("{}: {}", r.code, out.describe())),
        }
    }
    let _ = fs::remove_dir_all(&dir);
    assert!(
        wrong.is_empty(),
        "Examples that do not show their rule:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn explain_prints_every_rule_with_its_sections() {
    for r in registry() {
        for key in [r.code.as_str(), r.name.as_str()] {
            let out = run(&["explain", key]);
            assert_eq!(out.code, Some(0), "explain {key}: {}", out.describe());
            assert!(
                out.stdout.contains(&r.code) && out.stdout.contains(&r.name),
                "explain {key} does not name the rule:\n{}",
                out.stdout
            );
            if let Err(e) = section_order(&out.stdout) {
                panic!("explain {key}: {e}\n{}", out.stdout);
            }
        }
    }
    // IDs are matched case-insensitively.
    assert_eq!(run(&["explain", "ct001"]).code, Some(0));
}

#[test]
fn explain_of_an_unknown_rule_is_a_usage_error() {
    for key in ["CT999", "CT00", "no-such-rule", ""] {
        let out = run(&["explain", key]);
        assert_eq!(out.code, Some(2), "explain {key:?}: {}", out.describe());
        assert!(out.stdout.is_empty(), "explain {key:?} printed to stdout");
        assert!(
            !out.stderr.is_empty(),
            "explain {key:?} said nothing on stderr"
        );
    }
}

#[test]
fn fail_on_sets_the_lowest_failing_severity() {
    // CT101-fires raises one warning and nothing else.
    let warnings = "CT101-fires.toml";
    assert_eq!(fired(&check(warnings, &[]).json()), ["CT101"]);
    assert_eq!(
        check(warnings, &[]).code,
        Some(0),
        "warnings pass the default gate"
    );
    assert_eq!(check(warnings, &["--fail-on", "error"]).code, Some(0));
    assert_eq!(check(warnings, &["--fail-on", "warning"]).code, Some(1));
    assert_eq!(check(warnings, &["--fail-on", "never"]).code, Some(0));

    // CT107-fires raises one info finding: below every gate.
    let info = "CT107-fires.toml";
    assert_eq!(fired(&check(info, &[]).json()), ["CT107"]);
    assert_eq!(check(info, &["--fail-on", "warning"]).code, Some(0));

    // CT001-fires raises an error.
    let errors = "CT001-fires.toml";
    assert_eq!(check(errors, &[]).code, Some(1));
    assert_eq!(check(errors, &["--fail-on", "warning"]).code, Some(1));
    assert_eq!(check(errors, &["--fail-on", "never"]).code, Some(0));

    // CT120 (budget) is an error too: `never` lets it pass.
    assert_eq!(check("CT120-fires.toml", &[]).code, Some(1));
    assert_eq!(
        check("CT120-fires.toml", &["--fail-on", "never"]).code,
        Some(0)
    );

    let bad = check(warnings, &["--fail-on", "sometimes"]);
    assert_eq!(bad.code, Some(2), "--fail-on sometimes: {}", bad.describe());
}

#[test]
fn policy_fail_on_is_the_default_and_the_option_overrides_it() {
    // The scenario sets policy.fail_on = "warning" and raises one CT101 warning.
    let file = "policy/fail-on-warning.toml";
    let out = check(file, &[]);
    assert_eq!(fired(&out.json()), ["CT101"], "{}", out.describe());
    assert_eq!(
        out.code,
        Some(1),
        "policy.fail_on = warning: {}",
        out.describe()
    );
    assert_eq!(check(file, &["--fail-on", "error"]).code, Some(0));
    assert_eq!(check(file, &["--fail-on", "never"]).code, Some(0));
}

#[test]
fn a_waived_finding_moves_from_findings_to_waived() {
    // CT121-boundary: the waiver of CT107 expires today, so it still applies.
    let out = check("CT121-boundary.toml", &[]);
    let report = out.json();
    assert_eq!(fired(&report), Vec::<String>::new(), "{}", out.describe());
    let waived = findings(&report, "waived");
    assert_eq!(waived.len(), 1, "{}", out.describe());
    assert_eq!(waived[0]["rule"], "CT107");
    assert_eq!(waived[0]["trail"], "main");
    assert_eq!(
        waived[0]["reason"],
        "large events are read from the S3 copy"
    );
    assert_eq!(out.code, Some(0));

    // The day after, it has expired: CT121, and CT107 is reported again.
    let out = check("CT121-boundary.toml", &["--today", "2026-11-26"]);
    let report = out.json();
    assert_eq!(fired(&report), ["CT107", "CT121"], "{}", out.describe());
    assert!(findings(&report, "waived").is_empty());
}

#[test]
fn an_expired_waiver_raises_ct121_and_the_finding_is_reported_again() {
    let out = check("CT121-fires.toml", &[]);
    let report = out.json();
    assert_eq!(fired(&report), ["CT107", "CT121"], "{}", out.describe());
    assert!(findings(&report, "waived").is_empty(), "{}", out.describe());
    let ct121 = &findings(&report, "findings")[1];
    assert_eq!(ct121["severity"], "warning");
    let message = ct121["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("CT107") && message.contains("2026-11-24"),
        "CT121 should name the waived rule and the date: {message}"
    );
    assert!(
        ct121["line"].is_u64(),
        "CT121 should point at the waiver: {ct121}"
    );
    // CT121 is a warning: the default gate passes, `--fail-on warning` fails.
    assert_eq!(out.code, Some(0));
    assert_eq!(
        check("CT121-fires.toml", &["--fail-on", "warning"]).code,
        Some(1)
    );
}

#[test]
fn waivers_apply_only_within_their_scope() {
    // Two trails deliver to CloudWatch Logs (CT107) and are multi-region trails without global
    // events (CT012, an error). The waivers cover CT107 of trail `audit` only, and CT012 by rule
    // name in account `prod`.
    let out = check("policy/waiver-scope.toml", &[]);
    let report = out.json();
    let mut reported: Vec<(String, String)> = findings(&report, "findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["trail"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    reported.sort();
    // The fixture declares no volume: CT110 says its management events are priced at $0.00.
    assert_eq!(
        reported,
        [
            ("CT107".to_string(), "copy".to_string()),
            ("CT110".to_string(), String::new())
        ],
        "{}",
        out.describe()
    );
    let mut waived: Vec<(&str, &str)> = findings(&report, "waived")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default(),
                f["trail"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    waived.sort_unstable();
    assert_eq!(
        waived,
        [("CT012", "audit"), ("CT012", "copy"), ("CT107", "audit")],
        "{}",
        out.describe()
    );
    // A waived error does not fail the gate.
    assert_eq!(out.code, Some(0), "{}", out.describe());
}

#[test]
fn a_waiver_scoped_to_an_account_and_region_waives_only_there() {
    // CT105 names the account and region of a volume that lives in one cell, so a waiver scoped to
    // prod/us-east-1 waives the uploads finding and leaves the eu-west-1 one reported.
    let out = check("policy/waiver-scope-volume.toml", &[]);
    let report = out.json();
    let reported: Vec<&Value> = findings(&report, "findings")
        .iter()
        .filter(|f| f["rule"] == "CT105")
        .collect();
    assert_eq!(reported.len(), 1, "{}", out.describe());
    assert_eq!(reported[0]["account"], "prod");
    assert_eq!(reported[0]["region"], "eu-west-1");
    let waived = findings(&report, "waived");
    assert_eq!(waived.len(), 1, "{}", out.describe());
    assert_eq!(waived[0]["rule"], "CT105");
    assert_eq!(waived[0]["account"], "prod");
    assert_eq!(waived[0]["region"], "us-east-1");
    assert_eq!(
        waived[0]["reason"],
        "reads of uploads are covered by S3 server access logs"
    );
}

#[test]
fn findings_name_their_scope_and_line() {
    // CT001 names the account and region it counts in, and points at the sixth trail.
    let report = check("CT001-fires.toml", &[]).json();
    let f = &findings(&report, "findings")[0];
    assert_eq!(f["rule"], "CT001");
    assert_eq!(f["account"], "prod");
    assert_eq!(f["region"], "us-east-1");
    assert_eq!(f["file"], "tests/fixtures/rules/CT001-fires.toml");
    assert!(f["line"].as_u64().is_some_and(|l| l > 1), "{f}");
    assert!(
        f["message"].as_str().unwrap_or_default().contains('6'),
        "{f}"
    );

    // CT002 names the trail and points at its sixth selector.
    let report = check("CT002-fires.toml", &[]).json();
    let f = &findings(&report, "findings")[0];
    assert_eq!(f["trail"], "main");
    let text = fs::read_to_string(fixtures_dir().join("CT002-fires.toml")).expect("fixture");
    let line = usize::try_from(f["line"].as_u64().expect("a line")).expect("a small line");
    assert_eq!(
        text.lines().nth(line - 1),
        Some("[[trail.event_selector]]"),
        "CT002 should point at a selector: {f}"
    );
    let sixth = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "[[trail.event_selector]]")
        .nth(5)
        .map(|(i, _)| i + 1);
    assert_eq!(
        Some(line),
        sixth,
        "CT002 should point at the sixth selector"
    );
}
