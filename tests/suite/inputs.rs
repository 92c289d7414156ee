//! Real inputs, round 3 (SPEC §5 CT110, §7): registry modules where `terraform init` put them,
//! values known only after apply in outputs and locals, the organization trail's account,
//! Windows encodings, `usage skeleton --regions`, and scenarios without volumes.

use crate::support::{run, scratch_dir};

const FIXTURES: &str = "tests/fixtures/inputs";

fn trails(stdout: &str) -> Vec<toml::Value> {
    let scenario: toml::Table = toml::from_str(stdout).unwrap();
    scenario
        .get("trail")
        .and_then(|t| t.as_array())
        .cloned()
        .unwrap_or_default()
}

fn names(stdout: &str) -> Vec<String> {
    trails(stdout)
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_output_reading_a_computed_attribute_does_not_abort_the_import() {
    // Issue reproducer: `output "arns" { value = { for k, t in aws_cloudtrail.app : k => t.arn } }`
    // gave exit 3 "no such key: `arn`".
    let r = run(&["import", "terraform", &format!("{FIXTURES}/computed-output")]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    assert_eq!(names(&r.stdout), ["app-audit", "app-data"]);
}
