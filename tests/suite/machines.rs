//! What machines read: SARIF fingerprints that tell every finding apart, file URIs that SARIF
//! validators take, the error object and the failed SARIF run of a run that stopped, and the
//! formats help and completions offer each command.

use crate::support::{
    Cmd, TODAY, json_to_dev_full, path_str, root, run, scratch_dir, scratch_file, valid_sarif,
};
use serde_json::Value;

const FINDINGS: &str = "tests/fixtures/gate/findings.toml";

/// A scenario that declares no trail for its network and data volumes: every volume is a CT105
/// finding, and the rule's subject (the event source, the bucket) is alike for two network volumes
/// over other accounts and for two blocks that declare the same bucket.
const LOOK_ALIKE: &str = r#"format = 1
name = "look-alike"
regions = ["us-east-1"]

[[account]]
name = "a"
management = true

[[account]]
name = "b"

[[account]]
name = "c"

[[volume]]
accounts = ["a", "b"]
category = "network_activity"
event_source = "ec2.amazonaws.com"
read = 1000

[[volume]]
accounts = ["b", "c"]
category = "network_activity"
event_source = "ec2.amazonaws.com"
read = 1000

[[volume]]
accounts = ["a"]
category = "data"
resource_type = "AWS::S3::Object"
resource_arn = "arn:aws:s3:::bucket/"
read = 10

[[volume]]
accounts = ["a"]
category = "data"
resource_type = "AWS::S3::Object"
resource_arn = "arn:aws:s3:::bucket/"
read = 10

# Management events are declared where the trail logs them, so its category has volumes (no CT110).
[[volume]]
accounts = ["a"]
category = "management"
write = 10

[[trail]]
name = "audit"
"#;

/// A scenario with a misspelt key on line 5, column 1.
const BROKEN: &str =
    "format = 1\nname = \"broken\"\nregions = [\"us-east-1\"]\n[[trail]]\nnam = \"x\"\n";

fn results(sarif: &Value) -> &Vec<Value> {
    sarif["runs"][0]["results"].as_array().unwrap()
}

fn fingerprint(result: &Value) -> &str {
    result["partialFingerprints"]["trailplan/v2"]
        .as_str()
        .unwrap()
}

#[test]
fn findings_alike_in_their_identity_get_distinct_fingerprints() {
    let file = scratch_file("machines", "look-alike.toml", LOOK_ALIKE);
    let out = run(&[
        "check",
        path_str(&file),
        "--format",
        "sarif",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let sarif = valid_sarif(&out.stdout);
    let prints: Vec<&str> = results(&sarif)
        .iter()
        .filter(|r| r["ruleId"] == "CT105")
        .map(fingerprint)
        .collect();
    assert_eq!(prints.len(), 4, "{prints:?}");
    let distinct: std::collections::BTreeSet<&str> = prints.iter().copied().collect();
    assert_eq!(distinct.len(), 4, "{prints:?}");
    // The network volumes are told apart by their accounts; the two blocks that declare the same
    // bucket by their order.
    assert!(
        prints
            .iter()
            .any(|p| p.ends_with(";accounts=a,b;regions=us-east-1")),
        "{prints:?}"
    );
    assert!(
        prints
            .iter()
            .any(|p| p.ends_with(";accounts=b,c;regions=us-east-1")),
        "{prints:?}"
    );
    assert!(prints.iter().any(|p| p.ends_with("/#2")), "{prints:?}");
    // A fingerprint does not depend on how many results the log holds.
    let capped = run(&[
        "check",
        path_str(&file),
        "--format",
        "sarif",
        "--today",
        TODAY,
        "--max-results",
        "1",
    ]);
    let capped = valid_sarif(&capped.stdout);
    assert_eq!(fingerprint(&results(&capped)[0]), prints[0]);
}

#[test]
fn max_results_over_what_github_takes_is_refused() {
    let out = run(&[
        "check",
        FINDINGS,
        "--format",
        "sarif",
        "--max-results",
        "25001",
    ]);
    out.assert_failure(2, "more than 25,000");
    assert_eq!(out.stdout, "");
    let out = run(&[
        "check",
        FINDINGS,
        "--format",
        "sarif",
        "--max-results",
        "25000",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.exit(), 1, "{}", out.describe());
    assert_eq!(
        valid_sarif(&out.stdout)["runs"][0]["properties"]["maxResults"],
        25_000
    );
}

#[test]
fn scenario_uris_are_relative_under_the_current_directory_and_absolute_elsewhere() {
    let first_uri = |scenario: &str| {
        let out = run(&["check", scenario, "--format", "sarif", "--today", TODAY]);
        let sarif = valid_sarif(&out.stdout);
        results(&sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].clone()
    };
    assert_eq!(
        first_uri("./tests/fixtures/../fixtures/gate/findings.toml"),
        "tests/fixtures/gate/findings.toml"
    );

    let absolute = root().join(FINDINGS);
    assert_eq!(
        first_uri(path_str(&absolute)),
        "tests/fixtures/gate/findings.toml"
    );

    // From another folder, the file is not under the current directory.
    let elsewhere = scratch_dir("machines-elsewhere");
    let out = Cmd::new([
        "check",
        path_str(&absolute),
        "--format",
        "sarif",
        "--today",
        TODAY,
    ])
    .dir(&elsewhere)
    .run();
    let sarif = valid_sarif(&out.stdout);
    let uri = results(&sarif)[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/tests/fixtures/gate/findings.toml"), "{uri}");
}

#[test]
fn a_broken_scenario_is_a_json_error_object_with_the_same_exit_code_and_message() {
    let file = scratch_file("machines", "broken.toml", BROKEN);
    let people = run(&["check", path_str(&file)]);
    let machines = run(&["check", path_str(&file), "--format", "json"]);
    assert_eq!(machines.exit(), 3, "{}", machines.describe());
    assert_eq!(machines.stderr, people.stderr);
    let error = machines.json();
    assert_eq!(error["exit_code"], 3);
    let first = &error["errors"][0];
    assert_eq!(first["kind"], "invalid");
    assert_eq!(first["file"], path_str(&file));
    assert_eq!(first["line"], 5);
    assert_eq!(first["column"], 1);
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown field `nam`"),
        "{first}"
    );
    // plan, price and diff say so too.
    for args in [
        vec!["plan", path_str(&file)],
        vec!["price", path_str(&file)],
        vec!["diff", FINDINGS, path_str(&file)],
    ] {
        let mut args = args.clone();
        args.extend(["--format", "json"]);
        let out = run(&args);
        assert_eq!(out.exit(), 3, "{}", out.describe());
        assert_eq!(out.json()["errors"][0]["kind"], "invalid", "{args:?}");
    }
    // A missing file is a `read` error; a wrong command line a `usage` one (exit 2).
    let out = run(&["check", "no-such.toml", "--format", "json"]);
    assert_eq!(out.exit(), 3);
    assert_eq!(out.json()["errors"][0]["kind"], "read");
    let out = run(&["check", FINDINGS, "--format", "json", "--today", "soon"]);
    assert_eq!(out.exit(), 2);
    let error = out.json();
    assert_eq!(error["errors"][0]["kind"], "usage");
    assert_eq!(error["exit_code"], 2);
    assert!(error["errors"][0].get("file").is_none(), "{error}");
}

#[test]
fn a_broken_scenario_is_a_failed_sarif_run_pointing_at_the_error() {
    let file = scratch_file("machines", "broken-sarif.toml", BROKEN);
    let out = run(&["check", path_str(&file), "--format", "sarif"]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    assert!(
        out.stderr.contains("unknown field `nam`"),
        "{}",
        out.describe()
    );
    let sarif = valid_sarif(&out.stdout);
    let run0 = &sarif["runs"][0];
    assert_eq!(results(&sarif).len(), 0);
    let invocation = &run0["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(invocation["exitCode"], 3);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    let physical = &notification["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "target/tmp/machines/broken-sarif.toml"
    );
    assert_eq!(physical["region"]["startLine"], 5);
    assert_eq!(physical["region"]["startColumn"], 1);
    // `plan` makes no SARIF: its refusal prints nothing on standard output.
    let out = run(&["plan", FINDINGS, "--format", "sarif"]);
    assert_eq!(out.exit(), 2);
    assert_eq!(out.stdout, "");
}

#[test]
fn output_files_of_a_run_that_stopped_hold_its_error_and_the_tables_are_kept() {
    let dir = scratch_dir("machines-outputs");
    let file = scratch_file("machines", "broken-outputs.toml", BROKEN);
    let (json, sarif, table) = (dir.join("r.json"), dir.join("r.sarif"), dir.join("r.txt"));
    std::fs::write(&table, "old").unwrap();
    let out = run(&[
        "check",
        path_str(&file),
        "--format",
        "json",
        "--output",
        path_str(&json),
        "--format",
        "sarif",
        "--output",
        path_str(&sarif),
        "--format",
        "table",
        "--output",
        path_str(&table),
    ]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    assert_eq!(out.stdout, "");
    let error: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(error["errors"][0]["line"], 5);
    let log = valid_sarif(&std::fs::read_to_string(&sarif).unwrap());
    assert_eq!(
        log["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );
    assert_eq!(std::fs::read_to_string(&table).unwrap(), "old");
    // A report that cannot be written is not tried again for the error: one message.
    if let Some(out) = json_to_dev_full() {
        assert_eq!(
            out.stderr.matches("error:").count(),
            1,
            "{}",
            out.describe()
        );
    }
    // An output over an input is refused before anything is written.
    let out = run(&["check", FINDINGS, "--format", "json", "--output", FINDINGS]);
    assert_eq!(out.exit(), 2);
    assert!(
        std::fs::read_to_string(root().join(FINDINGS))
            .unwrap()
            .starts_with("# Every severity")
    );
}

#[test]
fn completions_offer_sarif_for_check_alone_and_the_rule_codes_for_explain() {
    let bash = run(&["completions", "bash"]).stdout;
    let format_lines: Vec<&str> = bash
        .lines()
        .filter(|l| l.contains("COMPREPLY=($(compgen -W \"table json"))
        .collect();
    // plan, check, price, diff, reconcile and rules: only check's offers sarif.
    assert_eq!(format_lines.len(), 6, "{format_lines:#?}");
    let with_sarif = format_lines.iter().filter(|l| l.contains("sarif")).count();
    assert_eq!(with_sarif, 1, "{format_lines:#?}");
    let zsh = run(&["completions", "zsh"]).stdout;
    assert!(zsh.contains("CT001\\:\"an account and region holds more than 5 trails\""));
    assert!(bash.contains("CT001 CT002"));
    // The manual page.
    let man = run(&["man"]);
    assert_eq!(man.exit(), 0);
    assert!(man.stdout.contains(".SH SUBCOMMANDS"));
}
