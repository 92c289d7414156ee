//! The CI gate end to end (issue 4): every output format of `plan`, `check` and `diff` against a
//! golden file, the diff thresholds at and one cent above their limits, baselines, and SARIF
//! validated against the official SARIF 2.1.0 schema.
//!
//! Golden files live in `tests/golden/` as insta snapshots (`NAME-EXT.snap.EXT`, the output byte for
//! byte); `tests/README.md` says how to rewrite them. Review the diff like code.

use std::path::Path;

use crate::support::{
    Run, TODAY, WARNINGS_FAIL_ERRORS_SHOWN, assert_file_snapshot, plan_json, root, run, run_in,
    sarif_validator, scratch_dir, valid_sarif,
};

const BASE: &str = "tests/fixtures/gate/base.toml";
const HEAD: &str = "tests/fixtures/gate/head.toml";
const FINDINGS: &str = "tests/fixtures/gate/findings.toml";

/// Compares `actual` with the golden file `tests/golden/STEM-EXT.snap.EXT` of `STEM.EXT`.
fn golden(name: &str, actual: &str) {
    // The version moves with every release; golden files should not.
    let actual = actual.replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    let (stem, ext) = name
        .rsplit_once('.')
        .expect("a golden file name has an extension");
    assert_file_snapshot("tests/golden", &format!("{stem}-{ext}.{ext}"), &actual);
}

// ---------------------------------------------------------------------------------------------
// Golden files: plan and check in every format, diff in every format.

#[test]
fn check_and_plan_formats_match_their_golden_files() {
    for command in ["check", "plan"] {
        for format in ["table", "json", "markdown", "sarif"] {
            if command == "plan" && format == "sarif" {
                continue;
            }
            let Run {
                stdout,
                stderr,
                code,
            } = run(&[command, FINDINGS, "--format", format, "--today", TODAY]);
            assert_eq!(
                code,
                Some(1),
                "{command} {format}: CT009 and CT012 fail the gate\n{stderr}"
            );
            let ext = match format {
                "table" => "txt",
                "markdown" => "md",
                "sarif" => "sarif",
                _ => "json",
            };
            golden(&format!("{command}-findings.{ext}"), &stdout);
        }
    }
}

#[test]
fn price_markdown_matches_its_golden_file() {
    let Run { stdout, code, .. } = run(&["price", HEAD, "--format", "markdown", "--today", TODAY]);
    assert_eq!(code, Some(0));
    golden("price-head.md", &stdout);
}

#[test]
fn diff_formats_match_their_golden_files() {
    for (format, ext) in [("table", "txt"), ("json", "json"), ("markdown", "md")] {
        let Run {
            stdout,
            stderr,
            code,
        } = run(&[
            "diff",
            BASE,
            HEAD,
            "--format",
            format,
            "--max-increase",
            "100",
            "--today",
            TODAY,
        ]);
        assert_eq!(
            code,
            Some(0),
            "{format}: no new error, +$2.70 is under $100\n{stderr}"
        );
        golden(&format!("diff-base-head.{ext}"), &stdout);
    }
}

// ---------------------------------------------------------------------------------------------
// diff

#[test]
fn diff_shows_trails_added_and_removed_with_exact_deltas() {
    let Run { stdout, code, .. } = run(&["diff", BASE, HEAD, "--format", "json", "--today", TODAY]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["total_delta"], "2.70");
    assert_eq!(v["total_delta_percent"], "27.00");
    let trails = v["trails"].as_array().unwrap();
    assert_eq!(trails.len(), 2);
    assert_eq!(trails[0]["trail"], "audit-copy");
    assert_eq!(trails[0]["status"], "added");
    assert_eq!(trails[0]["cost"], "6.00");
    assert_eq!(trails[1]["trail"], "old-copy");
    assert_eq!(trails[1]["status"], "removed");
    assert_eq!(trails[1]["cost"], "4.00");
    let line = |trail: &str, kind: &str| {
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["trail"] == trail && l["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no line {trail} {kind}"))
    };
    assert_eq!(line("old-copy", "management_paid")["delta"], "-4.00");
    assert_eq!(line("audit-copy", "management_paid")["delta"], "6.00");
    assert_eq!(line("main", "insights_api_call_rate")["delta"], "0.70");
    assert_eq!(line("uploads", "data")["delta"], "0.00");
    assert_eq!(line("uploads", "data")["status"], "kept");
    // Findings are paired by rule, trail, account and region.
    let rules = |list: &str| -> Vec<String> {
        v["findings"][list]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["trail"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        rules("new"),
        ["CT101 audit-copy", "CT102 audit-copy", "CT107 audit-copy"]
    );
    assert_eq!(rules("resolved"), ["CT101 old-copy", "CT102 old-copy"]);
    assert!(rules("unchanged").is_empty());
}

#[test]
fn diff_of_a_scenario_with_itself_changes_nothing() {
    let Run { stdout, code, .. } =
        run(&["diff", HEAD, HEAD, "--max-increase", "0", "--today", TODAY]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("$12.70 → $12.70 ($0.00, 0.00%)"),
        "{stdout}"
    );
    assert!(stdout.contains("No cost line changed."), "{stdout}");
    assert!(
        stdout.contains("Findings: 0 new, 0 resolved, 3 unchanged"),
        "{stdout}"
    );
}

fn diff_code(extra: &[&str]) -> i32 {
    let mut args = vec!["diff", BASE, HEAD, "--today", TODAY];
    args.extend_from_slice(extra);
    run(&args).exit()
}

#[test]
fn max_increase_fails_one_cent_above_the_limit_not_at_it() {
    // The increase is exactly $2.70.
    assert_eq!(diff_code(&["--max-increase", "2.70"]), 0);
    assert_eq!(diff_code(&["--max-increase", "2.7"]), 0);
    assert_eq!(diff_code(&["--max-increase", "2.69"]), 1);
    let Run { stdout, .. } = run(&[
        "diff",
        BASE,
        HEAD,
        "--today",
        TODAY,
        "--max-increase",
        "2.69",
    ]);
    assert!(
        stdout.contains("the increase of $2.70 is above --max-increase $2.69"),
        "{stdout}"
    );
}

#[test]
fn max_increase_percent_fails_above_the_limit_not_at_it() {
    // $2.70 on $10.00 is exactly 27%.
    assert_eq!(diff_code(&["--max-increase-percent", "27"]), 0);
    assert_eq!(diff_code(&["--max-increase-percent", "26.99"]), 1);
    // A decrease passes any limit.
    let Run { code, .. } = run(&[
        "diff",
        HEAD,
        BASE,
        "--today",
        TODAY,
        "--max-increase",
        "0",
        "--max-increase-percent",
        "0",
    ]);
    assert_eq!(code, Some(0));
}

#[test]
fn a_base_total_of_zero_has_no_percentage() {
    let dir = scratch_dir("gate-zero-base");
    let zero = dir.join("zero.toml");
    std::fs::write(
        &zero,
        "format = 1\nname = \"nothing\"\nregions = [\"us-east-1\"]\n",
    )
    .unwrap();
    let zero = zero.to_str().unwrap();
    let Run { stdout, code, .. } = run(&["diff", zero, HEAD, "--today", TODAY]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("$0.00 → $12.70 (+$12.70, n/a)"), "{stdout}");
    let Run { stdout, .. } = run(&["diff", zero, HEAD, "--format", "json", "--today", TODAY]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["total_delta_percent"].is_null());
    // Growing from nothing is more than any percentage.
    let Run { code, .. } = run(&[
        "diff",
        zero,
        HEAD,
        "--today",
        TODAY,
        "--max-increase-percent",
        "1000",
    ]);
    assert_eq!(code, Some(1));
}

#[test]
fn a_new_finding_at_fail_on_fails_the_diff() {
    // The new findings are warnings and info: they fail only from `--fail-on warning`.
    assert_eq!(diff_code(&[]), 0);
    assert_eq!(diff_code(&["--fail-on", "warning"]), 1);
    assert_eq!(diff_code(&["--fail-on", "never"]), 0);
    // Warnings that were already there are unchanged, not new.
    let Run { code, .. } = run(&["diff", HEAD, HEAD, "--today", TODAY, "--fail-on", "warning"]);
    assert_eq!(code, Some(0));
    // An error that exists on both sides is unchanged, not new.
    let Run { stdout, code, .. } = run(&["diff", FINDINGS, FINDINGS, "--today", TODAY]);
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn diff_usage_errors_exit_2() {
    for args in [
        vec!["diff", BASE, HEAD, "--format", "sarif"],
        vec!["diff", BASE, HEAD, "--max-increase", "-1"],
        vec!["diff", BASE, HEAD, "--max-increase", "1e3"],
        vec!["diff", BASE],
    ] {
        let Run { stderr, code, .. } = run(&args);
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
    }
    let Run { stderr, code, .. } = run(&["diff", BASE, "tests/fixtures/gate/missing.toml"]);
    assert_eq!(code, Some(3), "{stderr}");
}

/// The rules of a diff JSON's list of findings (`new`, `resolved`, `unchanged`).
fn diff_rules(v: &serde_json::Value, list: &str) -> Vec<String> {
    v["findings"][list]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn diff_min_severity_leaves_findings_out_of_every_format_but_the_gate_counts_them() {
    // BASE → HEAD: new CT101, CT102 (warnings) and CT107 (info); resolved CT101 and CT102.
    let Run { stdout, code, .. } = run(&["diff", BASE, HEAD, "--today", TODAY, "--format", "json"]);
    assert_eq!(code, Some(0));
    let all: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(diff_rules(&all, "new"), ["CT101", "CT102", "CT107"]);
    assert_eq!(diff_rules(&all, "resolved"), ["CT101", "CT102"]);
    assert!(all.get("left_out").is_none(), "{all}");
    let (v, code) = plan_json(&["diff", BASE, HEAD, "--min-severity", "warning"]);
    assert_eq!(code, 0);
    assert_eq!(diff_rules(&v, "new"), ["CT101", "CT102"]);
    assert_eq!(diff_rules(&v, "resolved"), ["CT101", "CT102"]);
    assert_eq!(
        v["left_out"],
        serde_json::json!({ "min_severity": "warning", "findings": 1 })
    );
    let Run { stdout, code, .. } = run(&[
        "diff",
        BASE,
        HEAD,
        "--today",
        TODAY,
        "--min-severity",
        "warning",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains(
            "#### Findings: 2 new, 2 resolved, 0 unchanged\n\n\
             _1 finding below warning left out (--min-severity)._\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("CT107"), "{stdout}");
    // The new warnings fail `--fail-on warning`: left out of the report, they still fail it.
    let Run { stdout, code, .. } =
        run(&[&["diff", BASE, HEAD][..], &WARNINGS_FAIL_ERRORS_SHOWN].concat());
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "Findings: 0 new, 0 resolved, 0 unchanged\n\
             5 findings below error left out (--min-severity)\n\
             Gate (fail on warning): FAILED\n  - 2 new findings at or above warning\n"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("[CT10"), "{stdout}");
    let Run { stderr, code, .. } = run(&["diff", BASE, HEAD, "--min-severity", "fatal"]);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn diff_quiet_shows_only_the_new_findings_that_fail_the_gate() {
    let quiet = |extra: &[&str]| {
        let mut args = vec!["diff", BASE, HEAD, "--today", TODAY, "--quiet"];
        args.extend_from_slice(extra);
        run(&args)
    };
    let Run { stdout, code, .. } = quiet(&["--fail-on", "warning"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("Findings: 2 new, 0 resolved, 0 unchanged\nnew: warning[CT101]"),
        "{stdout}"
    );
    assert!(stdout.contains("new: warning[CT102]"), "{stdout}");
    for hidden in ["resolved:", "[CT107]"] {
        assert!(!stdout.contains(hidden), "{hidden}\n{stdout}");
    }
    assert!(
        stdout.ends_with(
            "Gate (fail on warning): FAILED\n  - 2 new findings at or above warning\n\
             3 findings that pass the gate not shown (--quiet)\n"
        ),
        "{stdout}"
    );
    // On the default gate (errors) no finding fails: none is shown, and the gate passes.
    let Run { stdout, code, .. } = quiet(&[]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("Findings: 0 new, 0 resolved, 0 unchanged\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("5 findings that pass the gate not shown (--quiet)\n"),
        "{stdout}"
    );
    // `-q` is `--quiet`; the markdown shows the failing findings only.
    let Run { stdout, code, .. } = run(&[
        "diff",
        BASE,
        HEAD,
        "--today",
        TODAY,
        "-q",
        "--fail-on",
        "warning",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("#### Findings: 2 new, 0 resolved, 0 unchanged"),
        "{stdout}"
    );
    assert!(
        stdout.contains("CT101") && !stdout.contains("CT107"),
        "{stdout}"
    );
    // JSON keeps every finding, in the same run as a quiet table.
    let dir = scratch_dir("gate-diff-quiet");
    let json = dir.join("diff.json");
    let Run { stdout, code, .. } = quiet(&[
        "--format",
        "json",
        "--output",
        json.to_str().unwrap(),
        "--format",
        "table",
    ]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Findings: 0 new"), "{stdout}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(diff_rules(&v, "new"), ["CT101", "CT102", "CT107"]);
    assert_eq!(diff_rules(&v, "resolved"), ["CT101", "CT102"]);
}

#[test]
fn min_severity_says_how_many_it_left_out_in_every_format() {
    // FINDINGS: errors CT009 and CT012, four warnings and infos, and a waived CT101.
    let args = [
        "check",
        FINDINGS,
        "--today",
        TODAY,
        "--min-severity",
        "error",
    ];
    let with = |format: &str| {
        let mut a = args.to_vec();
        a.extend(["--format", format]);
        let Run {
            stdout,
            stderr,
            code,
        } = run(&a);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        stdout
    };
    let markdown = with("markdown");
    assert!(
        markdown.contains(
            "#### Findings: 2 errors, 0 warnings, 0 info\n\n\
             **Errors (2)**\n\n"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n_5 findings below error left out (--min-severity)._\n"),
        "{markdown}"
    );
    let table = with("table");
    assert!(
        table.contains("\n5 findings below error left out (--min-severity)\n"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&with("json")).unwrap();
    assert_eq!(
        json["left_out"],
        serde_json::json!({ "min_severity": "error", "findings": 5 })
    );
    let html = with("html");
    assert!(
        html.contains(
            "2 errors, 0 warnings, 0 info; 0 waived; 5 findings below error left out \
             (--min-severity)</div>"
        ),
        "{html}"
    );
    let sarif = valid_sarif(&with("sarif"));
    let properties = &sarif["runs"][0]["properties"];
    assert_eq!(properties["minSeverity"], "error", "{properties}");
    assert_eq!(properties["resultsBelowMinSeverity"], 5, "{properties}");
    assert_eq!(properties["results"], 2, "{properties}");
    assert_eq!(properties["resultsOmitted"], 0, "{properties}");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
    // Without `--min-severity` neither report has the keys (and the golden files stay as they are).
    let Run { stdout, .. } = run(&["check", FINDINGS, "--today", TODAY, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let properties = sarif["runs"][0]["properties"].as_object().unwrap();
    assert!(
        !properties.contains_key("minSeverity")
            && !properties.contains_key("resultsBelowMinSeverity")
    );
    let Run { stdout, .. } = run(&["check", FINDINGS, "--today", TODAY, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json.get("left_out").is_none(), "{json}");
    // A level that leaves nothing out still says so in SARIF and JSON, with 0.
    let Run { stdout, .. } = run(&[
        "check",
        FINDINGS,
        "--today",
        TODAY,
        "--min-severity",
        "info",
        "--format",
        "sarif",
    ]);
    let sarif = valid_sarif(&stdout);
    assert_eq!(sarif["runs"][0]["properties"]["resultsBelowMinSeverity"], 0);
    assert_eq!(sarif["runs"][0]["properties"]["minSeverity"], "info");
}

// ---------------------------------------------------------------------------------------------
// Formats that belong to one command

#[test]
fn sarif_is_only_for_check() {
    for command in ["plan", "price"] {
        let Run { stderr, code, .. } =
            run(&[command, FINDINGS, "--format", "sarif", "--today", TODAY]);
        assert_eq!(code, Some(2), "{command}");
        assert!(stderr.contains("only for `trailplan check`"), "{stderr}");
    }
    let Run { code, .. } = run(&["rules", "--format", "sarif"]);
    assert_eq!(code, Some(2));
}

#[test]
fn markdown_escapes_pipes_in_table_cells() {
    let Run { stdout, .. } = run(&["plan", FINDINGS, "--format", "markdown", "--today", TODAY]);
    // Every row of a table has its header's number of unescaped pipes.
    let mut header: Option<usize> = None;
    for line in stdout.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        let cells = line.replace("\\|", "").matches('|').count();
        let expected = *header.get_or_insert(cells);
        assert_eq!(cells, expected, "{line}");
    }
    // The line items: Payer equals Account on every line, so it goes, and so does the price.
    assert!(
        stdout.contains("| Trail | Account | Region | Kind | Usage type | Events | Cost |"),
        "{stdout}"
    );
    assert!(stdout.contains("`copy\\|pipe`"), "{stdout}");
    assert!(stdout.contains("&lt;all severities&gt;"), "{stdout}");
    assert!(stdout.contains("<details><summary>Full detail</summary>"));
}

// ---------------------------------------------------------------------------------------------
// SARIF

#[test]
fn sarif_validates_against_the_official_schema() {
    let Run { stdout, .. } = run(&["check", FINDINGS, "--format", "sarif", "--today", TODAY]);
    let v = valid_sarif(&stdout);
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "trailplan");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), trailplan::rules::RULES.len());
    let ct101 = rules.iter().find(|r| r["id"] == "CT101").unwrap();
    assert_eq!(ct101["name"], "paid-management-copy");
    assert_eq!(ct101["defaultConfiguration"]["level"], "warning");
    assert!(
        ct101["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Why is this bad?")
    );
    let results = run0["results"].as_array().unwrap();
    // Six reported findings and one waived (kept as a suppressed result).
    assert_eq!(results.len(), 7);
    let ct012 = results.iter().find(|r| r["ruleId"] == "CT012").unwrap();
    assert_eq!(ct012["level"], "error");
    let location = &ct012["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], FINDINGS);
    assert_eq!(location["region"]["startLine"], 22);
    assert_eq!(location["region"]["startColumn"], 33);
    let ct107 = results.iter().find(|r| r["ruleId"] == "CT107").unwrap();
    assert_eq!(ct107["level"], "note");
    let suppressed: Vec<_> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(
        suppressed[0]["suppressions"][0]["justification"],
        "the auditors read their own copy"
    );
}

#[test]
fn sarif_of_several_scenarios_and_of_none_is_valid() {
    let Run { stdout, code, .. } = run(&[
        "check", BASE, HEAD, FINDINGS, "--format", "sarif", "--today", TODAY,
    ]);
    assert_eq!(code, Some(1));
    let v = valid_sarif(&stdout);
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 2 + 3 + 7);
    let Run { stdout, code, .. } = run(&[
        "check",
        "scenarios/startup-one-trail.toml",
        "--format",
        "sarif",
        "--today",
        TODAY,
    ]);
    assert_eq!(code, Some(0));
    valid_sarif(&stdout);
}

#[test]
fn the_schema_rejects_what_it_should() {
    // A validator that accepts everything would make the tests above worthless.
    let validator = sarif_validator();
    let bad = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    assert!(!validator.is_valid(&bad), "a run needs a tool");
    let bad_level = serde_json::json!({
        "version": "2.1.0",
        "runs": [{ "tool": { "driver": { "name": "x" } }, "results": [
            { "message": { "text": "m" }, "level": "info" }
        ] }]
    });
    assert!(!validator.is_valid(&bad_level), "SARIF has no level `info`");
}

// ---------------------------------------------------------------------------------------------
// Baselines

#[test]
fn a_baseline_hides_old_findings_and_lets_a_new_one_fail() {
    let dir = scratch_dir("gate-baseline");
    let fixtures = root().join("tests/fixtures/gate");
    std::fs::copy(
        fixtures.join("baseline-old.toml"),
        dir.join("scenario.toml"),
    )
    .unwrap();

    // Today's design fails on its own error...
    let Run { code, .. } = check_scenario(&dir, &[]);
    assert_eq!(code, Some(1));
    // ...until its findings are recorded.
    let Run { stderr, code, .. } = check_scenario(&dir, &["--write-baseline", "baseline.json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("wrote 2 findings to the baseline"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    golden("baseline.json", &written);

    let Run { stdout, code, .. } = check_scenario(&dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("0 findings: 0 errors"), "{stdout}");
    assert!(stdout.contains("2 findings in the baseline"), "{stdout}");

    // The pull request adds a second trail with the same error: only it is reported, and it fails.
    std::fs::copy(
        fixtures.join("baseline-new.toml"),
        dir.join("scenario.toml"),
    )
    .unwrap();
    let Run { stdout, code, .. } = check_scenario(&dir, &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("error[CT012]"), "{stdout}");
    assert!(stdout.contains("trail global-off-too"), "{stdout}");
    assert!(!stdout.contains("trail global-off,"), "{stdout}");
    assert!(stdout.contains("2 findings in the baseline"), "{stdout}");

    // JSON counts them; markdown says so; SARIF leaves them out and stays valid.
    let Run { stdout, .. } =
        check_scenario(&dir, &["--baseline", "baseline.json", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["baselined"], 2);
    let Run { stdout, .. } = check_scenario(
        &dir,
        &["--baseline", "baseline.json", "--format", "markdown"],
    );
    assert!(stdout.contains("2 findings in the baseline"), "{stdout}");
    let Run { stdout, .. } =
        check_scenario(&dir, &["--baseline", "baseline.json", "--format", "sarif"]);
    let v = valid_sarif(&stdout);
    assert!(
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("trail global-off ")),
        "{stdout}"
    );
}

#[test]
fn a_bad_baseline_is_an_input_error() {
    let dir = scratch_dir("gate-bad-baseline");
    std::fs::write(dir.join("baseline.json"), "{ not json").unwrap();
    let scenario = root().join(BASE);
    let scenario = scenario.to_str().unwrap();
    let Run { stderr, code, .. } =
        run_in(&dir, &["check", scenario, "--baseline", "baseline.json"]);
    assert_eq!(code, Some(3), "{stderr}");
    let Run { stderr, code, .. } = run_in(&dir, &["check", scenario, "--baseline", "missing.json"]);
    assert_eq!(code, Some(3), "{stderr}");
    let Run { code, .. } = run_in(
        &dir,
        &[
            "check",
            scenario,
            "--baseline",
            "a.json",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(code, Some(2));
}

/// `check --write-baseline baseline.json` of a fixture in `dir`, which passes: the baseline
/// written.
fn write_baseline(dir: &Path, fixture: &str) -> String {
    let Run { stderr, code, .. } =
        check_fixture(dir, fixture, &["--write-baseline", "baseline.json"]);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::read_to_string(dir.join("baseline.json")).unwrap()
}

/// `check --baseline baseline.json --format json` of a fixture in `dir`: the exit code, the
/// JSON report, and its text for messages.
fn check_json_against_baseline(
    dir: &Path,
    fixture: &str,
) -> (Option<i32>, serde_json::Value, String) {
    let Run { stdout, code, .. } = check_fixture(
        dir,
        fixture,
        &["--baseline", "baseline.json", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    (code, v, stdout)
}

/// Runs `check` on a fixture copied to `scenario.toml` in `dir`, with extra arguments.
fn check_fixture(dir: &Path, fixture: &str, extra: &[&str]) -> Run {
    std::fs::copy(
        root().join("tests/fixtures/gate").join(fixture),
        dir.join("scenario.toml"),
    )
    .unwrap();
    check_scenario(dir, extra)
}

/// `check scenario.toml --today TODAY EXTRA` in `dir`.
fn check_scenario(dir: &Path, extra: &[&str]) -> Run {
    run_in(
        dir,
        &[&["check", "scenario.toml", "--today", TODAY], extra].concat(),
    )
}

#[test]
fn a_second_different_invalid_selector_after_a_baseline_fails_the_gate() {
    let dir = scratch_dir("gate-identity-selector");
    let written = write_baseline(&dir, "identity-selector-old.toml");
    assert!(written.contains("\"version\": 2"), "{written}");
    assert!(
        written.contains("\"subject\": \"field=eventNme\""),
        "{written}"
    );
    let Run { stdout, code, .. } = check_fixture(
        &dir,
        "identity-selector-old.toml",
        &["--baseline", "baseline.json"],
    );
    assert_eq!(code, Some(0), "{stdout}");
    // Same rule, trail, account and region; a different selector: new, and the gate fails on it.
    let (code, v, stdout) = check_json_against_baseline(&dir, "identity-selector-new.toml");
    assert_eq!(code, Some(1), "{stdout}");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["rule"], "CT006");
    assert_eq!(
        findings[0]["message"],
        "trail audit: unknown field `eventSourse`"
    );
    assert_eq!(v["baselined"], 3);
}

#[test]
fn a_second_unlogged_bucket_in_a_baselined_account_and_region_is_new() {
    let dir = scratch_dir("gate-identity-bucket");
    write_baseline(&dir, "identity-bucket-old.toml");
    let (code, v, stdout) = check_json_against_baseline(&dir, "identity-bucket-new.toml");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{stdout}");
    assert_eq!(findings[0]["rule"], "CT105");
    assert_eq!(findings[0]["account"], "prod");
    assert_eq!(findings[0]["region"], "us-east-1");
    assert_eq!(
        findings[0]["message"],
        "no trail selects the data events of `arn:aws:s3:::prod-exports/`"
    );
    assert_eq!(v["baselined"], 1);
    // CT105 is info, below any `fail_on`: it is reported, and the gate passes as it would without
    // a baseline.
    assert_eq!(code, Some(0), "{stdout}");
}

#[test]
fn one_more_of_the_same_identity_is_new() {
    // Two trails-per-region errors cannot share an identity, but a count can: a baseline that
    // records one CT006 of a subject hides one, not two.
    let dir = scratch_dir("gate-identity-count");
    let written = write_baseline(&dir, "identity-selector-old.toml");
    let doubled = written.replace(
        "\"subject\": \"field=eventNme\",\n      \"count\": 1",
        "\"subject\": \"field=eventNme\",\n      \"count\": 0",
    );
    assert_ne!(doubled, written, "{written}");
    std::fs::write(dir.join("baseline.json"), doubled).unwrap();
    let Run { stdout, code, .. } = check_fixture(
        &dir,
        "identity-selector-old.toml",
        &["--baseline", "baseline.json"],
    );
    assert_eq!(code, Some(1), "{stdout}");
}

#[test]
fn a_version_1_baseline_is_refused_with_the_command_that_rewrites_it() {
    let dir = scratch_dir("gate-baseline-v1");
    std::fs::write(
        dir.join("baseline.json"),
        "{\n  \"version\": 1,\n  \"findings\": [{\"rule\": \"CT012\", \"file\": \"scenario.toml\", \"trail\": \"global-off\"}]\n}\n",
    )
    .unwrap();
    let Run { stderr, code, .. } =
        check_fixture(&dir, "baseline-old.toml", &["--baseline", "baseline.json"]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("baseline.json"), "{stderr}");
    assert!(
        stderr.contains("baseline version 1 is not supported"),
        "{stderr}"
    );
    assert!(
        stderr.contains("trailplan check SCENARIO... --write-baseline baseline.json"),
        "{stderr}"
    );
}

#[test]
fn sarif_fingerprints_are_version_2_identities() {
    let Run { stdout, .. } = run(&[
        "check",
        "tests/fixtures/gate/identity-selector-new.toml",
        "--format",
        "sarif",
        "--today",
        TODAY,
    ]);
    let v = valid_sarif(&stdout);
    let prints: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "CT006")
        .map(|r| r["partialFingerprints"]["trailplan/v2"].as_str().unwrap())
        .collect();
    assert_eq!(
        prints,
        [
            "CT006/tests%2Ffixtures%2Fgate%2Fidentity-selector-new.toml/audit/default//field=eventNme",
            "CT006/tests%2Ffixtures%2Fgate%2Fidentity-selector-new.toml/audit/default//field=eventSourse",
        ]
    );
}
