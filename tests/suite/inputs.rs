//! Real inputs, round 3 (SPEC §5 CT110, §7): registry modules where `terraform init` put them,
//! values known only after apply in outputs and locals, the organization trail's account,
//! Windows encodings, `usage skeleton --regions`, and scenarios without volumes.

use crate::support::{plan_json, run, scratch_dir};
use serde_json::Value;

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
    let r = run(&[
        "import",
        "terraform",
        &format!("{FIXTURES}/computed-output"),
    ]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    assert_eq!(names(&r.stdout), ["app-audit", "app-data"]);
}

#[test]
fn registry_modules_are_read_where_terraform_init_put_them_nested_calls_included() {
    // `.terraform/modules/modules.json` as `terraform init` writes it; the module `trail` calls
    // the registry module `trail.naming` for its name.
    let root = format!("{FIXTURES}/registry");
    let r = run(&["import", "terraform", &root]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    assert_eq!(names(&r.stdout), ["acme-org", "app"]);
    let org = &trails(&r.stdout)[0];
    assert_eq!(org["organization"].as_bool(), Some(true));
    assert!(
        r.stdout
            .contains(".terraform/modules/trail/main.tf module.trail.aws_cloudtrail.default")
    );

    let (plan, code) = plan_json(&[
        "check",
        "--terraform",
        &root,
        "--usage",
        &format!("{FIXTURES}/usage.toml"),
    ]);
    assert_eq!(code, 0, "{plan}");
    assert!(!rules(&plan).contains(&"CT109".to_owned()));
}

#[test]
fn an_unfetched_registry_module_is_ct109_naming_the_call_and_terraform_init() {
    // The same root before `terraform init`: the organization trail is not planned, and the
    // gate fails instead of passing with a note.
    let root = format!("{FIXTURES}/registry-unfetched");
    let r = run(&["import", "terraform", &root]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    assert!(
        r.stdout.contains("# unresolved: module.trail at "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("terraform init"));

    let (plan, code) = plan_json(&[
        "check",
        "--terraform",
        &root,
        "--usage",
        &format!("{FIXTURES}/usage.toml"),
    ]);
    assert_eq!(code, 1, "{plan}");
    let ct109: Vec<&Value> = plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "CT109")
        .collect();
    assert_eq!(ct109.len(), 1, "{plan}");
    let message = ct109[0]["message"].as_str().unwrap();
    assert!(message.contains("module.trail"), "{message}");
    assert!(message.contains("main.tf:7"), "{message}");
    assert!(message.contains("`terraform init`"), "{message}");
}

/// The usage file of the fixtures with no account marked `management = true`.
fn usage_without_management(name: &str, fixture: &str) -> String {
    let text = std::fs::read_to_string(fixture).unwrap();
    let text: String = text
        .lines()
        .filter(|l| l.trim() != "management = true")
        .map(|l| format!("{l}\n"))
        .collect();
    let dir = scratch_dir(&format!("inputs-tests/{name}"));
    let path = dir.join("usage.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn an_organization_trail_from_hcl_or_plan_json_makes_its_account_the_management_account() {
    // `--account mgmt` with an organization trail raised CT007 "needs a management account".
    let usage = usage_without_management("org-hcl", &format!("{FIXTURES}/usage.toml"));
    let root = format!("{FIXTURES}/registry");
    let (plan, code) = plan_json(&[
        "check",
        "--terraform",
        &root,
        "--usage",
        &usage,
        "--account",
        "mgmt",
    ]);
    assert_eq!(code, 0, "{plan}");
    assert!(!rules(&plan).contains(&"CT007".to_owned()), "{plan}");

    let usage = usage_without_management("org-plan", "tests/fixtures/import/usage-terraform.toml");
    let (plan, code) = plan_json(&[
        "check",
        "--terraform",
        "tests/fixtures/import/terraform-plan.json",
        "--usage",
        &usage,
        "--account",
        "management",
    ]);
    assert_eq!(code, 0, "{plan}");
    assert!(!rules(&plan).contains(&"CT007".to_owned()), "{plan}");
}

fn rules(plan: &Value) -> Vec<String> {
    plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}
