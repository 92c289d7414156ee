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
    r.assert_stdout_has("# unresolved: module.trail at ");
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

    // The usage skeleton says so too: the module's streams are not in it.
    let r = run(&["usage", "skeleton", "--terraform", &root]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    r.assert_stdout_has("\n# unresolved: module.trail at ");
}

/// The usage file of the fixtures with no account marked `management = true`.
fn usage_without_management(name: &str, fixture: &str) -> String {
    let text = std::fs::read_to_string(fixture).unwrap();
    let text: String = text
        .lines()
        .filter(|l| l.trim() != "management = true")
        .fold(String::new(), |mut out, l| {
            out.push_str(l);
            out.push('\n');
            out
        });
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

/// `text` as PowerShell 5 writes it: UTF-8 with a byte-order mark (`Out-File -Encoding utf8`)
/// or UTF-16 LE with one (`>`), with CRLF line ends.
fn windows(text: &str, utf16: bool) -> Vec<u8> {
    let crlf = text.replace('\n', "\r\n");
    if utf16 {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(crlf.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    } else {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend(crlf.as_bytes());
        bytes
    }
}

#[test]
fn terraform_plan_json_and_hcl_are_read_with_a_byte_order_mark_crlf_or_as_utf16() {
    // Plan JSON with a BOM said "1:1: expected value"; UTF-16 was told to give "the JSON of
    // `terraform show -json`", which it was.
    let dir = scratch_dir("inputs-tests/encodings");
    let plan = std::fs::read_to_string("tests/fixtures/import/terraform-plan.json").unwrap();
    let expected = run(&[
        "import",
        "terraform",
        "tests/fixtures/import/terraform-plan.json",
    ]);
    assert_eq!(expected.exit(), 0);
    for (name, utf16) in [("plan-bom.json", false), ("plan-utf16.json", true)] {
        let path = dir.join(name);
        std::fs::write(&path, windows(&plan, utf16)).unwrap();
        let r = run(&["import", "terraform", path.to_str().unwrap()]);
        assert_eq!(r.exit(), 0, "{name}: {}", r.describe());
        assert_eq!(names(&r.stdout), names(&expected.stdout), "{name}");
    }

    let hcl = std::fs::read_to_string(format!("{FIXTURES}/computed-output/main.tf")).unwrap();
    for (name, utf16) in [("bom", false), ("utf16", true)] {
        let folder = dir.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("main.tf"), windows(&hcl, utf16)).unwrap();
        let r = run(&["import", "terraform", folder.to_str().unwrap()]);
        assert_eq!(r.exit(), 0, "{name}: {}", r.describe());
        assert_eq!(names(&r.stdout), ["app-audit", "app-data"], "{name}");
    }

    // UTF-16 without a byte-order mark is named, with the fix.
    let path = dir.join("plan-utf16-nobom.json");
    let bytes: Vec<u8> = plan.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&path, bytes).unwrap();
    let r = run(&["import", "terraform", path.to_str().unwrap()]);
    r.assert_failure(3, "looks like UTF-16 without a byte-order mark");
    assert!(
        r.stderr.contains("Set-Content -Encoding utf8"),
        "{}",
        r.stderr
    );
}

#[test]
fn aws_cli_and_cloudformation_files_with_a_byte_order_mark_are_read() {
    // `describe-trails` with a BOM said "1:1: expected value": the importers share one reader.
    let dir = scratch_dir("inputs-tests/encodings-cli");
    let trails = std::fs::read_to_string("tests/fixtures/import/describe-trails.json").unwrap();
    let path = dir.join("describe-trails.json");
    std::fs::write(&path, windows(&trails, false)).unwrap();
    let r = run(&["import", "aws-cli", path.to_str().unwrap()]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    let template =
        std::fs::read_to_string("tests/fixtures/import/cloudformation-small.json").unwrap();
    let path = dir.join("template.json");
    std::fs::write(&path, windows(&template, true)).unwrap();
    let r = run(&[
        "import",
        "cloudformation",
        path.to_str().unwrap(),
        "--region",
        "us-east-1",
    ]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
}

#[test]
fn usage_skeleton_of_a_multi_region_trail_lists_the_regions_given_or_says_they_belong_there() {
    // The skeleton of a multi-region trail listed one region, so the filled usage file priced
    // one region of N.
    let root = format!("{FIXTURES}/registry");
    let r = run(&["usage", "skeleton", "--terraform", &root]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    let regions = r
        .stdout
        .lines()
        .find(|l| l.starts_with("regions = "))
        .unwrap();
    assert_eq!(
        regions,
        "regions = [\"us-east-1\"]  # a multi-region or organization trail logs every region: \
         add every region the accounts use (or pass --regions)"
    );

    let r = run(&[
        "usage",
        "skeleton",
        "--terraform",
        &root,
        "--regions",
        "eu-west-1,us-west-2",
        "--regions",
        "us-east-1",
    ]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    let usage: toml::Table = toml::from_str(&r.stdout).unwrap();
    assert_eq!(
        usage["regions"],
        toml::Value::Array(
            ["us-east-1", "eu-west-1", "us-west-2"]
                .map(|r| toml::Value::String(r.to_owned()))
                .to_vec()
        )
    );
    assert!(!r.stdout.contains("(or pass --regions)"));

    // A single-region trail needs no comment.
    let r = run(&[
        "usage",
        "skeleton",
        "--terraform",
        &format!("{FIXTURES}/computed-output"),
    ]);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    r.assert_stdout_has("regions = [\"us-east-1\"]\n");
}

#[test]
fn an_imported_scenario_without_volumes_is_ct110_not_a_silent_zero() {
    // Issue reproducer: an imported scenario without volumes passed every gate at $0.00 with 0
    // findings.
    let dir = scratch_dir("inputs-tests/no-volumes");
    let usage = dir.join("usage.toml");
    std::fs::write(
        &usage,
        "format = 1\nname = \"no volumes\"\nregions = [\"us-east-1\"]\n",
    )
    .unwrap();
    let (plan, code) = plan_json(&[
        "check",
        "--terraform",
        &format!("{FIXTURES}/computed-output"),
        "--usage",
        usage.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{plan}");
    // CT102 too: both trails take the global service events (the fixture sets no selector).
    assert_eq!(rules(&plan), ["CT102", "CT110"], "{plan}");
    let message = plan["findings"][1]["message"].as_str().unwrap();
    assert!(
        message.starts_with("trails app-audit, app-data select management events"),
        "{message}"
    );
    assert!(message.contains("$0.00"), "{message}");
}
