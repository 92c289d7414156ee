//! Hostile input for the CloudFormation and AWS CLI importers: intrinsic functions that ask for
//! gigabytes are refused by the work budget before they are built, thousands of trails are read
//! in one pass over the file, and a duplicate logical ID is refused, not imported twice.
//!
//! The large inputs are generated here at run time rather than kept as fixtures.

use std::fmt::Write as _;

use crate::support::{run, scratch_file};

/// The message every refusal by the template work budget carries.
const BUDGET: &str = "takes more than 10000000 steps (the template work budget)";

/// A parameter of `kb` kilobytes joined `copies` times: no doubling, just one `!Join` asking for
/// `kb × copies` kilobytes of a string copied from one default.
fn wide_join_template(kb: usize, copies: usize) -> String {
    let mut text = format!(
        "Parameters:\n  P:\n    Type: String\n    Default: {}\nResources:\n  Trail:\n    \
         Type: AWS::CloudTrail::Trail\n    Properties:\n      S3BucketName: logs\n      \
         IsLogging: true\n      TrailName: !Join\n        - ''\n        -\n",
        "x".repeat(kb * 1024)
    );
    for _ in 0..copies {
        text.push_str("          - !Ref P\n");
    }
    text
}

/// `!Sub` doubling through mappings: `V{i}` is `${a}${a}` with `a` the level below, so level
/// `n` asks for 2^n copies of `seed`.
fn sub_doubling_template(levels: u32, seed: &str) -> String {
    let mut text = format!("Mappings:\n  M:\n    K:\n      V0: {seed}\n");
    for i in 1..=levels {
        let _ = writeln!(
            text,
            "      V{i}: !Sub ['${{a}}${{a}}', {{a: !FindInMap [M, K, V{}]}}]",
            i - 1
        );
    }
    let _ = write!(
        text,
        "Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
         TrailName: !FindInMap [M, K, V{levels}]\n      IsLogging: true\n      S3BucketName: logs\n"
    );
    text
}

/// `Fn::Join` doubling in JSON, each level joining the level below twice.
fn json_join_doubling_template(levels: u32) -> String {
    let mut mappings = String::from("\"V0\": \"abcdefghijklmnop\"");
    for i in 1..=levels {
        let below = format!("{{\"Fn::FindInMap\": [\"M\", \"K\", \"V{}\"]}}", i - 1);
        let _ = write!(
            mappings,
            ",\n        \"V{i}\": {{\"Fn::Join\": [\"\", [{below}, {below}]]}}"
        );
    }
    format!(
        "{{\n  \"Mappings\": {{\"M\": {{\"K\": {{\n        {mappings}\n  }}}}}},\n  \"Resources\": {{\n    \
         \"Trail\": {{\n      \"Type\": \"AWS::CloudTrail::Trail\",\n      \"Properties\": {{\n        \
         \"TrailName\": {{\"Fn::FindInMap\": [\"M\", \"K\", \"V{levels}\"]}},\n        \
         \"S3BucketName\": \"logs\",\n        \"IsLogging\": true\n      }}\n    }}\n  }}\n}}\n"
    )
}

/// The CLI, under a 1 GiB address-space limit, refuses `text` with exit 3 naming the file, the
/// trail's line and column and the budget (rather than aborting when an allocation fails), and
/// does so within a minute of wall time.
fn refused_by_budget(name: &str, text: &str, place: &str) {
    let path = scratch_file("hostile-import", name, text);
    let path = path.to_str().expect("a UTF-8 path");
    let started = std::time::Instant::now();
    let output = std::process::Command::new("sh")
        .args([
            "-c",
            "ulimit -v 1048576; exec \"$0\" import cloudformation \"$1\"",
            env!("CARGO_BIN_EXE_trailplan"),
            path,
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {path}:{place}: Resources.Trail: evaluating"
        )),
        "{stderr}"
    );
    assert!(stderr.contains(BUDGET), "{stderr}");
    // Generous for a loaded machine and a debug build; the 1 GiB join took 2 GB and the
    // doublings minutes before the budget was counted ahead of each allocation.
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
}

#[test]
fn a_wide_join_of_a_large_parameter_is_refused_before_it_is_built() {
    // 1 MiB of template asking for 2 GiB of name (it took 2.1 GB, or aborted under a limit).
    let text = wide_join_template(1024, 2048);
    assert!(text.len() > 1_000_000);
    refused_by_budget("wide-join.yaml", &text, "7:5");
}

#[test]
fn sub_doubling_through_mappings_is_refused_before_it_is_built() {
    // 2^40 copies of a 64-character seed.
    refused_by_budget(
        "sub-doubling.yaml",
        &sub_doubling_template(40, &"s".repeat(64)),
        "47:5",
    );
}

#[test]
fn join_doubling_in_json_is_refused_before_it_is_built() {
    refused_by_budget(
        "join-doubling.json",
        &json_join_doubling_template(24),
        "30:14",
    );
}

#[test]
fn doubling_within_the_budget_is_evaluated_exactly() {
    let imported = trailplan::import::cloudformation(&sub_doubling_template(10, "ab"), "ok.yaml")
        .expect("imported");
    assert_eq!(imported.trails[0].name(), "ab".repeat(1024));
    let imported = trailplan::import::cloudformation(&json_join_doubling_template(8), "ok.json")
        .expect("imported");
    assert_eq!(imported.trails[0].name(), "abcdefghijklmnop".repeat(256));
}

#[test]
fn a_logical_id_defined_twice_is_refused_in_json_and_yaml() {
    for (name, first, second) in [("json", 3, 7), ("yaml", 2, 5)] {
        let path = format!("tests/fixtures/hostile/duplicate-logical-id.{name}");
        let r = run(&["import", "cloudformation", &path, "--region", "us-east-1"]);
        r.assert_failure(
            3,
            &format!(
                "logical ID `{}` is defined twice in Resources (lines {first} and {second}); \
                 CloudFormation refuses a template that repeats a logical ID",
                if name == "json" { "Trail" } else { "T" }
            ),
        );
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
}

#[test]
fn a_property_given_twice_in_json_is_refused() {
    let text = "{\"Resources\": {\"T\": {\"Type\": \"AWS::CloudTrail::Trail\",\n \"Properties\": \
                {\"TrailName\": \"a\",\n \"TrailName\": \"b\", \"S3BucketName\": \"x\"}}}}\n";
    let err = trailplan::import::cloudformation(text, "p.json").expect_err("refused");
    assert_eq!(
        err.to_string(),
        "p.json:3:2: `TrailName` is written twice in Resources.T.Properties (lines 2 and 3); \
         CloudFormation refuses a template that repeats a key"
    );
}

/// A template of `n` trails, YAML or JSON.
fn many_trails(n: usize, json: bool) -> String {
    let mut text = String::from(if json {
        "{\"Resources\": {\n"
    } else {
        "Resources:\n"
    });
    for i in 0..n {
        if json {
            let _ = writeln!(
                text,
                "{}\"Trail{i}\": {{\"Type\": \"AWS::CloudTrail::Trail\", \"Properties\": \
                 {{\"TrailName\": \"trail-{i}\", \"S3BucketName\": \"logs\", \"IsLogging\": true, \
                 \"IsMultiRegionTrail\": true}}}}",
                if i == 0 { "" } else { "," }
            );
        } else {
            let _ = write!(
                text,
                "  Trail{i}:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
                 TrailName: trail-{i}\n      S3BucketName: logs\n      IsLogging: true\n      \
                 IsMultiRegionTrail: true\n"
            );
        }
    }
    if json {
        text.push_str("}}\n");
    }
    text
}

/// `describe-trails` output of `n` trails.
fn many_described_trails(n: usize) -> String {
    let mut text = String::from("{\n    \"trailList\": [\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "{}        {{\"Name\": \"trail-{i}\", \"S3BucketName\": \"logs\", \
             \"IncludeGlobalServiceEvents\": true, \"IsMultiRegionTrail\": true, \
             \"HomeRegion\": \"us-east-1\", \
             \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:111111111111:trail/trail-{i}\", \
             \"HasCustomEventSelectors\": false, \"IsOrganizationTrail\": false}}",
            if i == 0 { "" } else { "," }
        );
    }
    text.push_str("    ]\n}\n");
    text
}

/// Importing took at most a minute (generous for a debug build on a loaded machine; before one
/// pass placed them all, 2,000 trails took minutes in a debug build). The count of reads per
/// import is checked exactly by the library's own tests.
fn within_a_minute(started: std::time::Instant) {
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
}

#[test]
fn two_thousand_trails_of_a_template_import_in_one_pass() {
    for json in [false, true] {
        let text = many_trails(2_000, json);
        let started = std::time::Instant::now();
        let imported = trailplan::import::cloudformation(&text, "many").expect("imported");
        within_a_minute(started);
        assert_eq!(imported.trails.len(), 2_000);
        let last = imported.trails.last().expect("a trail");
        assert_eq!(last.name(), "trail-1999");
        // Each trail is placed at its own resource.
        let want = if json {
            (2_001, 15)
        } else {
            (2_000 * 7 - 4, 5)
        };
        assert_eq!(last.origin.place, Some(want));
        assert_eq!(last.origin.address, "Trail1999");
    }
}

#[test]
fn two_thousand_described_trails_import_in_one_pass() {
    let text = many_described_trails(2_000);
    let started = std::time::Instant::now();
    let imported = trailplan::import::aws_cli(&text, "trails.json", &[], &[]).expect("imported");
    within_a_minute(started);
    assert_eq!(imported.trails.len(), 2_000);
    let last = imported.trails.last().expect("a trail");
    assert_eq!(last.name(), "trail-1999");
    assert_eq!(last.origin.place, Some((2_002, 10)));
}
