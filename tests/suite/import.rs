//! The importers as users meet them: `trailplan import ...` writes scenarios that parse back, and
//! `plan|check|price --terraform|--cloudformation ... --usage ...` plans the trails of an
//! infrastructure file exactly as the same trails written by hand (the `*-equivalent.toml` fixtures,
//! written from reading the infrastructure fixtures, not from the importer's output).

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::support::{Run, TODAY, plan_json, run, scratch_file};

const DIR: &str = "tests/fixtures/import";

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// [`plan_json`] of a command that reports a single plan.
fn one_plan(args: &[&str]) -> (Value, i32) {
    let (value, code) = plan_json(args);
    let plan = match value {
        Value::Array(mut plans) => {
            assert_eq!(plans.len(), 1, "{args:?}: one plan expected");
            plans.remove(0)
        }
        plan => plan,
    };
    (plan, code)
}

fn findings(plan: &Value) -> &Vec<Value> {
    plan["findings"].as_array().expect("a findings array")
}

/// The (rule, trail, account, region) of every finding: what a finding is about, not where.
fn finding_keys(plan: &Value) -> BTreeSet<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("-").to_string();
    findings(plan)
        .iter()
        .map(|f| {
            (
                s(&f["rule"]),
                s(&f["trail"]),
                s(&f["account"]),
                s(&f["region"]),
            )
        })
        .collect()
}

/// The trails of an `import` output: everything from the first comment or table after the header
/// keys (`format`, `name`, `regions`, an `[[account]]` of `--account`), ready to append to a usage
/// file.
fn trails_of(import_output: &str) -> String {
    let start = import_output
        .find("\n# from ")
        .expect("an imported trail with its `# from` comment");
    import_output[start..].to_string()
}

fn assert_same_plan(imported: &Value, by_hand: &Value) {
    assert_eq!(imported["total"], by_hand["total"], "totals differ");
    assert_eq!(imported["charges"], by_hand["charges"], "charges differ");
    assert_eq!(
        finding_keys(imported),
        finding_keys(by_hand),
        "findings differ"
    );
}

// ---- round trips ----------------------------------------------------------------------------

#[test]
fn terraform_plan_with_usage_matches_the_hand_written_scenario() {
    let (imported, code) = one_plan(&[
        "plan",
        "--terraform",
        &fixture("terraform-plan.json"),
        "--usage",
        &fixture("usage-terraform.toml"),
    ]);
    let (by_hand, hand_code) = one_plan(&["plan", &fixture("terraform-equivalent.toml")]);
    assert_eq!(code, hand_code);
    assert_eq!(code, 0, "{imported:#}");
    assert_same_plan(&imported, &by_hand);
    // Not a vacuous comparison: the plan's trails are priced, and the deleted one is not.
    assert_ne!(imported["total"], "0.00");
    let trails: BTreeSet<&str> = imported["charges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["trail"].as_str())
        .collect();
    assert!(
        trails.contains("org-audit") && trails.contains("prod-data") && trails.contains("dev-data")
    );
    assert!(!trails.contains("legacy-all-events"));
    // The usage file's waiver applies to an imported trail: dev-data's paid copy is waived.
    assert!(
        !finding_keys(&imported)
            .iter()
            .any(|(rule, trail, _, _)| rule == "CT101" && trail == "dev-data")
    );
}

#[test]
fn terraform_price_and_check_agree_with_plan() {
    let args = |cmd: &'static str| {
        [
            cmd,
            "--terraform",
            "tests/fixtures/import/terraform-plan.json",
            "--usage",
            "tests/fixtures/import/usage-terraform.toml",
        ]
    };
    let (plan, _) = one_plan(&args("plan"));
    let (price, price_code) = one_plan(&args("price"));
    let (check, check_code) = one_plan(&args("check"));
    assert_eq!(price_code, 0);
    assert_eq!(check_code, 0);
    assert_eq!(price["total"], plan["total"]);
    assert_eq!(price["charges"], plan["charges"]);
    assert_eq!(finding_keys(&check), finding_keys(&plan));
}

#[test]
fn cloudformation_template_with_usage_matches_the_hand_written_scenario() {
    let (imported, code) = one_plan(&[
        "plan",
        "--cloudformation",
        &fixture("cloudformation-trails.yaml"),
        "--usage",
        &fixture("usage-cloudformation.toml"),
        // The template's DeployMulti has no default: without a value it is CT109, not a guess.
        "--parameter",
        "DeployMulti=no",
    ]);
    let (by_hand, hand_code) = one_plan(&["plan", &fixture("cloudformation-equivalent.toml")]);
    assert_eq!(code, hand_code);
    assert_same_plan(&imported, &by_hand);
    assert_ne!(imported["total"], "0.00");
}

#[test]
fn aws_cli_import_appended_to_usage_matches_the_hand_written_scenario() {
    let r = run(&[
        "import",
        "aws-cli",
        &fixture("describe-trails.json"),
        "--event-selectors",
        &fixture("get-event-selectors-org-audit.json"),
        "--event-selectors",
        &fixture("get-event-selectors-s3-writes.json"),
        "--insight-selectors",
        &fixture("get-insight-selectors-org-audit.json"),
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The shadow copy of org-audit is imported once.
    assert_eq!(r.stdout.matches("name = \"org-audit\"").count(), 1);
    let usage = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(fixture("usage-aws-cli.toml")),
    )
    .unwrap();
    let combined = scratch_file(
        "import-tests",
        "aws-cli-combined.toml",
        &format!("{usage}\n{}", trails_of(&r.stdout)),
    );
    let combined = combined.to_str().unwrap();
    let (imported, code) = one_plan(&["plan", combined]);
    let (by_hand, hand_code) = one_plan(&["plan", &fixture("aws-cli-equivalent.toml")]);
    assert_eq!(code, hand_code);
    assert_eq!(code, 0, "{imported:#}");
    assert_eq!(imported["total"], by_hand["total"]);
    assert_eq!(imported["charges"], by_hand["charges"]);
    assert_eq!(finding_keys(&imported), finding_keys(&by_hand));
    assert_ne!(imported["total"], "0.00");
}

// ---- the CI gate ------------------------------------------------------------------------------

#[test]
fn six_cloudformation_trails_in_one_region_fail_the_gate_with_ct001() {
    let template = fixture("cloudformation-trails.yaml");
    let (check, code) = one_plan(&[
        "check",
        "--cloudformation",
        &template,
        "--usage",
        &fixture("usage-cloudformation.toml"),
    ]);
    assert_eq!(code, 1, "{check:#}");
    let ct001: Vec<&Value> = findings(&check)
        .iter()
        .filter(|f| f["rule"] == "CT001")
        .collect();
    assert_eq!(ct001.len(), 1, "{check:#}");
    assert_eq!(ct001[0]["severity"], "error");
    assert_eq!(ct001[0]["region"], "eu-west-1");
    assert_eq!(ct001[0]["account"], "security");
    // Findings about an imported trail point at the template and the logical ID.
    let about_trails: Vec<&Value> = findings(&check)
        .iter()
        .filter(|f| f["trail"] == "DefaultNamedTrail")
        .collect();
    assert!(!about_trails.is_empty());
    for f in about_trails {
        assert_eq!(f["file"], format!("{template} (DefaultNamedTrail)"));
    }
}

#[test]
fn terraform_findings_point_at_the_plan_and_the_resource_address() {
    let plan_file = fixture("terraform-plan.json");
    let (check, _) = one_plan(&[
        "check",
        "--terraform",
        &plan_file,
        "--usage",
        &fixture("usage-terraform.toml"),
    ]);
    let files: BTreeSet<(&str, &str)> = findings(&check)
        .iter()
        .filter_map(|f| Some((f["trail"].as_str()?, f["file"].as_str()?)))
        .collect();
    let org = format!("{plan_file} (module.audit.aws_cloudtrail.org)");
    let prod = format!("{plan_file} (aws_cloudtrail.account[\"prod\"])");
    assert!(files.contains(&("org-audit", org.as_str())), "{files:?}");
    assert!(files.contains(&("prod-data", prod.as_str())), "{files:?}");
}

#[test]
fn the_table_report_names_the_resource_of_a_finding() {
    let r = run(&[
        "check",
        "--terraform",
        &fixture("terraform-plan.json"),
        "--usage",
        &fixture("usage-terraform.toml"),
        "--today",
        TODAY,
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.assert_stdout_has(
        "--> tests/fixtures/import/terraform-plan.json (module.audit.aws_cloudtrail.org)",
    );
}

#[test]
fn account_option_places_the_imported_trails() {
    // Trails in `prod`: the organization trail is no longer in the management account (CT007).
    let (plan, code) = one_plan(&[
        "check",
        "--terraform",
        &fixture("terraform-plan.json"),
        "--usage",
        &fixture("usage-terraform.toml"),
        "--account",
        "prod",
    ]);
    assert_eq!(code, 1, "{plan:#}");
    assert!(
        finding_keys(&plan)
            .iter()
            .any(|(rule, trail, account, _)| rule == "CT007"
                && trail == "org-audit"
                && account == "prod"),
        "{plan:#}"
    );
}

// ---- `import terraform` output ----------------------------------------------------------------

#[test]
fn terraform_import_output_parses_back_and_keeps_its_comments() {
    let r = run(&[
        "import",
        "terraform",
        &fixture("terraform-plan.json"),
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains(
            "# from tests/fixtures/import/terraform-plan.json module.audit.aws_cloudtrail.org"
        ),
        "{out}"
    );
    assert!(out.contains("aws_cloudtrail.account[\"staging\"]"), "{out}");
    // cloud_watch_logs_group_arn is unknown at plan time: said, not silently guessed.
    let unknown = out
        .lines()
        .find(|l| l.starts_with("# unknown:"))
        .unwrap_or_else(|| panic!("no `# unknown:` comment in\n{out}"));
    assert!(unknown.contains("cloud_watch_logs_group_arn"), "{unknown}");
    // The resource planned for deletion is left out.
    assert!(!out.contains("legacy-all-events"), "{out}");
    assert!(!out.contains("name = \"legacy\""), "{out}");
    for name in ["org-audit", "prod-data", "staging-data", "dev-data"] {
        assert!(
            out.contains(&format!("name = \"{name}\"")),
            "{name} missing:\n{out}"
        );
    }
    assert_eq!(out.matches("[[trail]]").count(), 4);

    let path = scratch_file("import-tests", "terraform-import.toml", out);
    let v = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(v.code, Some(0), "{}\n{out}", v.stderr);
    v.assert_stdout_has("4 trails");
}

#[test]
fn import_options_go_before_or_after_the_source() {
    let before = run(&[
        "import",
        "--account",
        "management",
        "terraform",
        &fixture("terraform-plan.json"),
    ]);
    let after = run(&[
        "import",
        "terraform",
        &fixture("terraform-plan.json"),
        "--account",
        "management",
    ]);
    assert_eq!(before.code, Some(0), "{}", before.stderr);
    assert_eq!(after.code, Some(0), "{}", after.stderr);
    assert_eq!(before.stdout, after.stdout);
    assert!(after.stdout.contains("account = \"management\""));
}

#[test]
fn cloudformation_import_with_region_validates() {
    let r = run(&[
        "import",
        "cloudformation",
        &fixture("cloudformation-trails.yaml"),
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.matches("[[trail]]").count(), 6);
    r.assert_stdout_has("# unknown:");
    let path = scratch_file("import-tests", "cloudformation-import.toml", &r.stdout);
    let v = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(v.code, Some(0), "{}\n{}", v.stderr, r.stdout);
}

// ---- errors -----------------------------------------------------------------------------------

fn plan_with_usage(usage: &str) -> Run {
    run(&[
        "plan",
        "--terraform",
        &fixture("terraform-plan.json"),
        "--usage",
        &fixture(usage),
    ])
}

#[test]
fn usage_file_with_an_unknown_account_exits_3_with_line_and_column() {
    let r = plan_with_usage("usage-bad-account.toml");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        r.stderr.contains("usage-bad-account.toml:11:13"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("prodd"), "{}", r.stderr);
}

#[test]
fn usage_file_with_an_unknown_region_exits_3_with_line_and_column() {
    let r = plan_with_usage("usage-bad-region.toml");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        r.stderr.contains("usage-bad-region.toml:11:12"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("eu-west-3"), "{}", r.stderr);
}

#[test]
fn usage_waiver_naming_an_unknown_trail_exits_3_with_line_and_column() {
    let r = plan_with_usage("usage-bad-waiver.toml");
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        r.stderr.contains("usage-bad-waiver.toml:16:9"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("dev-dta"), "{}", r.stderr);
}

#[test]
fn malformed_plan_json_exits_3_naming_the_file_line_and_column() {
    let r = run(&[
        "check",
        "--terraform",
        &fixture("terraform-malformed.json"),
        "--usage",
        &fixture("usage-terraform.toml"),
    ]);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("tests/fixtures/import/terraform-malformed.json:8:5"),
        "{}",
        r.stderr
    );
    let i = run(&["import", "terraform", &fixture("terraform-malformed.json")]);
    assert_eq!(i.code, Some(3), "{}", i.stderr);
    assert!(
        i.stderr.contains("terraform-malformed.json:8:5"),
        "{}",
        i.stderr
    );
}

#[test]
fn terraform_without_usage_exits_2() {
    let r = run(&["plan", "--terraform", &fixture("terraform-plan.json")]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--usage"), "{}", r.stderr);
    let r = run(&[
        "check",
        "--cloudformation",
        &fixture("cloudformation-trails.yaml"),
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn unknown_account_option_exits_2() {
    let r = run(&[
        "plan",
        "--terraform",
        &fixture("terraform-plan.json"),
        "--usage",
        &fixture("usage-terraform.toml"),
        "--account",
        "nosuch",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("nosuch"), "{}", r.stderr);
}

#[test]
fn template_without_a_region_in_a_multi_region_usage_file_needs_region() {
    let args = [
        "check",
        "--cloudformation",
        "tests/fixtures/import/cloudformation-trails.yaml",
        "--usage",
        "tests/fixtures/import/usage-aws-cli.toml",
    ];
    let r = run(&args);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--region"), "{}", r.stderr);
    // A region the usage file does not declare is an error in the usage file.
    let mut outside = args.to_vec();
    outside.extend(["--region", "ap-south-1"]);
    let r = run(&outside);
    assert_eq!(r.code, Some(3), "{}", r.stderr);
    assert!(r.stderr.contains("usage-aws-cli.toml:5:"), "{}", r.stderr);
    // With a declared region the template plans.
    let mut inside = args.to_vec();
    inside.extend(["--region", "eu-west-1", "--today", TODAY]);
    let r = run(&inside);
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
}

/// Runs `args` with `file` (a scratch file holding `text`) first and asserts the one error line
/// `file:<place>: <rest>` and exit 3.
fn assert_placed(args: &[&str], name: &str, text: &str, place_and_message: &str) {
    let path = scratch_file("import-tests", name, text);
    let path = path.to_str().expect("a UTF-8 path");
    let mut all = args.to_vec();
    all.push(path);
    let r = run(&all);
    assert_eq!(r.exit(), 3, "{}", r.describe());
    assert_eq!(
        r.stderr,
        format!("error: {path}:{place_and_message}\n"),
        "{}",
        r.describe()
    );
}

#[test]
fn a_cloudformation_json_shape_error_names_line_and_column() {
    assert_placed(
        &["import", "cloudformation"],
        "placed.json",
        "{\"Resources\": {\"T\": {\"Type\": \"AWS::CloudTrail::Trail\", \"Properties\": \
         {\"TrailName\": \"x\", \"IsMultiRegionTrail\": \"maybe\"}}}}\n",
        "1:111: Resources.T.Properties.IsMultiRegionTrail: expected a boolean, found a string",
    );
}

const SELECTOR_YAML: &str = "Resources:\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
     TrailName: x\n      IsLogging: true\n      S3BucketName: logs\n      EventSelectors:\n        \
     - ReadWriteType: All\n          IncludeManagementEvents: \"no\"\n";

#[test]
fn a_cloudformation_yaml_shape_error_names_line_and_column() {
    assert_placed(
        &["import", "cloudformation"],
        "placed.yaml",
        SELECTOR_YAML,
        "10:36: Resources.T.Properties.EventSelectors[0].IncludeManagementEvents: expected a \
         boolean, found a string",
    );
}

#[test]
fn a_missing_key_points_at_the_mapping_that_lacks_it() {
    assert_placed(
        &["import", "aws-cli"],
        "no-name.json",
        "{\n  \"trailList\": [\n    {\"Name\": \"a\"},\n    {\"HomeRegion\": \"us-east-1\"}\n  ]\n}\n",
        "4:5: trailList[1]: no Name",
    );
    assert_placed(
        &["import", "cloudformation"],
        "no-resources.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\n",
        "1:1: no `Resources` mapping: this is not a CloudFormation template",
    );
}

/// `text` with each `(placeholder, value)` put in.
fn filled(text: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(text.to_owned(), |t, (k, v)| t.replace(k, v))
}

/// Imports `text` with `args` in region `us-east-1` and returns the scenario written.
fn imported_trails(args: &[&str], name: &str, text: &str) -> toml::Table {
    let path = scratch_file("import-tests", name, text);
    let mut all = args.to_vec();
    all.extend([
        "--region",
        "us-east-1",
        path.to_str().expect("a UTF-8 path"),
    ]);
    let r = run(&all);
    assert_eq!(r.exit(), 0, "{}", r.describe());
    toml::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}\n{}", r.stdout))
}

/// A CloudFormation JSON template, one property a line: `IsMultiRegionTrail`'s value at 7:31,
/// `ReadWriteType`'s at 8:46 and `InsightType`'s at 9:46.
const CFN_JSON: &str = r#"{
  "Resources": {
    "T": {
      "Type": "AWS::CloudTrail::Trail",
      "Properties": {
        "TrailName": "x",
        "IsMultiRegionTrail": MULTI,
        "EventSelectors": [{"ReadWriteType": RW}],
        "InsightSelectors": [{"InsightType": INSIGHT}]
      }
    }
  }
}
"#;

fn cfn_json(multi: &str, rw: &str, insight: &str) -> String {
    filled(
        CFN_JSON,
        &[("MULTI", multi), ("RW", rw), ("INSIGHT", insight)],
    )
}

#[test]
fn a_bad_value_in_cloudformation_json_points_at_the_property() {
    let args = ["import", "cloudformation"];
    assert_placed(
        &args,
        "cfn-rw.json",
        &cfn_json("true", "\"Sometimes\"", "\"ApiCallRateInsight\""),
        "8:46: Resources.T.Properties.EventSelectors[0].ReadWriteType: unknown value \
         `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    assert_placed(
        &args,
        "cfn-insight.json",
        &cfn_json("true", "\"All\"", "\"ApiCallRate\""),
        "9:46: Resources.T.Properties.InsightSelectors[0].InsightType: unknown value \
         `ApiCallRate`, expected one of `ApiCallRateInsight`, `ApiErrorRateInsight`",
    );
    assert_placed(
        &args,
        "cfn-number.json",
        &cfn_json("1", "\"All\"", "\"ApiCallRateInsight\""),
        "7:31: Resources.T.Properties.IsMultiRegionTrail: expected a boolean, found a number",
    );
    assert_placed(
        &args,
        "cfn-list.json",
        &cfn_json("true", "[\"All\"]", "\"ApiCallRateInsight\""),
        "8:46: Resources.T.Properties.EventSelectors[0].ReadWriteType: expected a string, \
         found a list",
    );
    // CloudFormation takes the strings "true" and "false" for a Boolean property.
    let table = imported_trails(
        &args,
        "cfn-string-bool.json",
        &cfn_json("\"true\"", "\"WriteOnly\"", "\"ApiErrorRateInsight\""),
    );
    let trail = &table["trail"][0];
    assert_eq!(trail["multi_region"].as_bool(), Some(true));
    assert_eq!(
        trail["event_selector"][0]["read_write_type"].as_str(),
        Some("WriteOnly")
    );
    assert_eq!(
        trail["insights"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        Some(vec![Some("ApiErrorRateInsight")])
    );
}

/// A CloudFormation YAML template: `IsMultiRegionTrail`'s value at 6:27, `ReadWriteType`'s at
/// 8:26 and `InsightType`'s at 10:24.
const CFN_YAML: &str = "Resources:
  T:
    Type: AWS::CloudTrail::Trail
    Properties:
      TrailName: x
      IsMultiRegionTrail: MULTI
      EventSelectors:
        - ReadWriteType: RW
      InsightSelectors:
        - InsightType: INSIGHT
";

fn cfn_yaml(multi: &str, rw: &str, insight: &str) -> String {
    filled(
        CFN_YAML,
        &[("MULTI", multi), ("RW", rw), ("INSIGHT", insight)],
    )
}

#[test]
fn a_bad_value_in_cloudformation_yaml_points_at_the_property() {
    let args = ["import", "cloudformation"];
    assert_placed(
        &args,
        "cfn-rw.yaml",
        &cfn_yaml("true", "Readonly", "ApiCallRateInsight"),
        "8:26: Resources.T.Properties.EventSelectors[0].ReadWriteType: unknown value \
         `Readonly`; did you mean `ReadOnly`? Expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    assert_placed(
        &args,
        "cfn-insight.yaml",
        &cfn_yaml("true", "All", "ApiErrorRate"),
        "10:24: Resources.T.Properties.InsightSelectors[0].InsightType: unknown value \
         `ApiErrorRate`, expected one of `ApiCallRateInsight`, `ApiErrorRateInsight`",
    );
    assert_placed(
        &args,
        "cfn-number.yaml",
        &cfn_yaml("1", "All", "ApiCallRateInsight"),
        "6:27: Resources.T.Properties.IsMultiRegionTrail: expected a boolean, found a number",
    );
    assert_placed(
        &args,
        "cfn-string.yaml",
        &cfn_yaml("\"yes\"", "All", "ApiCallRateInsight"),
        "6:27: Resources.T.Properties.IsMultiRegionTrail: expected a boolean, found a string",
    );
    // A value that comes from a parameter's default is placed where the property uses it.
    let with_parameter = format!(
        "Parameters:\n  Mode: {{Type: String, Default: Sometimes}}\n{}",
        cfn_yaml("true", "!Ref Mode", "ApiCallRateInsight")
    );
    assert_placed(
        &args,
        "cfn-ref.yaml",
        &with_parameter,
        "10:26: Resources.T.Properties.EventSelectors[0].ReadWriteType: unknown value \
         `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    let table = imported_trails(
        &args,
        "cfn-string-bool.yaml",
        &cfn_yaml("'false'", "ReadOnly", "ApiCallRateInsight"),
    );
    assert_eq!(table["trail"][0]["multi_region"].as_bool(), Some(false));
    assert_eq!(
        table["trail"][0]["event_selector"][0]["read_write_type"].as_str(),
        Some("ReadOnly")
    );
}

/// A plan's JSON: `is_multi_region_trail`'s value at 13:36, `read_write_type`'s at 14:50 and
/// `insight_type`'s at 15:49.
const PLAN_TEMPLATE: &str = r#"{
  "format_version": "1.2",
  "resource_changes": [
    {
      "address": "aws_cloudtrail.main",
      "mode": "managed",
      "type": "aws_cloudtrail",
      "name": "main",
      "change": {
        "actions": ["create"],
        "after": {
          "name": "main",
          "is_multi_region_trail": MULTI,
          "event_selector": [{"read_write_type": RW}],
          "insight_selector": [{"insight_type": INSIGHT}]
        }
      }
    }
  ]
}
"#;

fn plan(multi: &str, rw: &str, insight: &str) -> String {
    filled(
        PLAN_TEMPLATE,
        &[("MULTI", multi), ("RW", rw), ("INSIGHT", insight)],
    )
}

#[test]
fn a_bad_value_in_a_terraform_plan_points_at_the_attribute() {
    let args = ["import", "terraform"];
    assert_placed(
        &args,
        "plan-rw.json",
        &plan("true", "\"Sometimes\"", "\"ApiCallRateInsight\""),
        "14:50: aws_cloudtrail.main: event_selector[0].read_write_type: unknown value \
         `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    assert_placed(
        &args,
        "plan-insight.json",
        &plan("true", "\"All\"", "\"ApiCallRateinsight\""),
        "15:49: aws_cloudtrail.main: insight_selector[0].insight_type: unknown value \
         `ApiCallRateinsight`; did you mean `ApiCallRateInsight`? Expected one of \
         `ApiCallRateInsight`, `ApiErrorRateInsight`",
    );
    assert_placed(
        &args,
        "plan-number.json",
        &plan("1", "\"All\"", "\"ApiCallRateInsight\""),
        "13:36: aws_cloudtrail.main: is_multi_region_trail: expected a boolean, found a number",
    );
    // A plan holds values Terraform has converted: a string is never a Boolean there.
    assert_placed(
        &args,
        "plan-string.json",
        &plan("\"true\"", "\"All\"", "\"ApiCallRateInsight\""),
        "13:36: aws_cloudtrail.main: is_multi_region_trail: expected a boolean, found a string",
    );
    assert_placed(
        &args,
        "plan-rw-number.json",
        &plan("true", "2", "\"ApiCallRateInsight\""),
        "14:50: aws_cloudtrail.main: event_selector[0].read_write_type: expected a string, \
         found a number",
    );
}

/// `describe-trails` output with `IsMultiRegionTrail`'s value at 7:29.
const DESCRIBE_TRAILS: &str = "{
  \"trailList\": [
    {
      \"Name\": \"org\",
      \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:111122223333:trail/org\",
      \"HomeRegion\": \"us-east-1\",
      \"IsMultiRegionTrail\": MULTI
    }
  ]
}
";

#[test]
fn aws_cli_shape_errors_name_line_and_column_in_each_output() {
    let trails = DESCRIBE_TRAILS.replace("MULTI", "1");
    assert_placed(
        &["import", "aws-cli"],
        "placed-trails.json",
        &trails,
        "7:29: trailList[0].IsMultiRegionTrail: expected a boolean, found a number",
    );
    // The CloudTrail API returns JSON Booleans: a string is not one.
    assert_placed(
        &["import", "aws-cli"],
        "placed-trails-string.json",
        &DESCRIBE_TRAILS.replace("MULTI", "\"true\""),
        "7:29: trailList[0].IsMultiRegionTrail: expected a boolean, found a string",
    );
    assert_placed(
        &["import", "aws-cli"],
        "placed-trails-region.json",
        &filled(
            DESCRIBE_TRAILS,
            &[("MULTI", "true"), ("\"us-east-1\"", "[\"us-east-1\"]")],
        ),
        "6:21: trailList[0].HomeRegion: expected a string, found a list",
    );
    let good = scratch_file(
        "import-tests",
        "good-trails.json",
        &DESCRIBE_TRAILS.replace("MULTI", "true"),
    );
    let good = good.to_str().expect("UTF-8");
    let selectors = |rw: &str, include: &str| {
        format!(
            "{{\n  \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:111122223333:trail/org\",\n  \
             \"EventSelectors\": [\n    {{\"ReadWriteType\": {rw}, \"IncludeManagementEvents\": \
             {include}}}\n  ]\n}}\n"
        )
    };
    let with_selectors = ["import", "aws-cli", good, "--event-selectors"];
    assert_placed(
        &with_selectors,
        "placed-selectors.json",
        &selectors("\"All\"", "\"yes\""),
        "4:57: get-event-selectors.EventSelectors[0].IncludeManagementEvents: expected a \
         boolean, found a string",
    );
    assert_placed(
        &with_selectors,
        "placed-selectors-rw.json",
        &selectors("\"writeonly\"", "true"),
        "4:23: get-event-selectors.EventSelectors[0].ReadWriteType: unknown value \
         `writeonly`; did you mean `WriteOnly`? Expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    assert_placed(
        &with_selectors,
        "placed-selectors-number.json",
        &selectors("1", "true"),
        "4:23: get-event-selectors.EventSelectors[0].ReadWriteType: expected a string, found a \
         number",
    );
    assert_placed(
        &["import", "aws-cli", good, "--insight-selectors"],
        "placed-insights.json",
        "{\n  \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:111122223333:trail/org\",\n  \
         \"InsightSelectors\": [\n    {\"InsightType\": \"ApiCallRate\"}\n  ]\n}\n",
        "4:21: get-insight-selectors.InsightSelectors[0].InsightType: unknown value \
         `ApiCallRate`, expected one of `ApiCallRateInsight`, `ApiErrorRateInsight`",
    );
}

#[test]
fn plan_errors_in_imported_values_point_into_the_template() {
    let usage = fixture("usage-cloudformation.toml");
    let bad = SELECTOR_YAML.replace(
        "- ReadWriteType: All\n          IncludeManagementEvents: \"no\"\n",
        "- ReadWriteType: Sometimes\n",
    );
    assert_placed(
        &[
            "plan",
            "--today",
            TODAY,
            "--usage",
            &usage,
            "--cloudformation",
        ],
        "plan-bad.yaml",
        &bad,
        "9:26: Resources.T.Properties.EventSelectors[0].ReadWriteType: unknown value \
         `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    assert_placed(
        &["plan", "--today", TODAY, "--usage", &usage, "--terraform"],
        "plan-bad.json",
        &plan("false", "\"All\"", "\"ApiCallRate\""),
        "15:49: aws_cloudtrail.main: insight_selector[0].insight_type: unknown value \
         `ApiCallRate`, expected one of `ApiCallRateInsight`, `ApiErrorRateInsight`",
    );
}

/// A `.tf` file: `is_multi_region_trail`'s value at 8:27, `read_write_type`'s at 10:23 and
/// `insight_type`'s at 13:20.
const TF: &str = "variable \"mode\" {
  default = \"Sometimes\"
}

resource \"aws_cloudtrail\" \"main\" {
  name                  = \"main\"
  s3_bucket_name        = \"b\"
  is_multi_region_trail = MULTI
  event_selector {
    read_write_type = RW
  }
  insight_selector {
    insight_type = INSIGHT
  }
}
";

fn tf(multi: &str, rw: &str, insight: &str) -> String {
    filled(TF, &[("MULTI", multi), ("RW", rw), ("INSIGHT", insight)])
}

#[test]
fn a_bad_value_in_hcl_points_at_the_attribute() {
    let args = ["import", "terraform"];
    assert_placed(
        &args,
        "placed.tf",
        &tf("\"maybe\"", "\"All\"", "\"ApiCallRateInsight\""),
        "8:27: aws_cloudtrail.main: is_multi_region_trail: expected a boolean, found a string",
    );
    assert_placed(
        &args,
        "placed-number.tf",
        &tf("1", "\"All\"", "\"ApiCallRateInsight\""),
        "8:27: aws_cloudtrail.main: is_multi_region_trail: expected a boolean, found a number",
    );
    // The value comes from a variable: the error points at the attribute that uses it.
    assert_placed(
        &args,
        "placed-rw.tf",
        &tf("true", "var.mode", "\"ApiCallRateInsight\""),
        "10:23: aws_cloudtrail.main: event_selector[0].read_write_type: unknown value \
         `Sometimes`, expected one of `All`, `ReadOnly`, `WriteOnly`",
    );
    assert_placed(
        &args,
        "placed-insight.tf",
        &tf("true", "\"All\"", "\"ApiCallRate\""),
        "13:20: aws_cloudtrail.main: insight_selector[0].insight_type: unknown value \
         `ApiCallRate`, expected one of `ApiCallRateInsight`, `ApiErrorRateInsight`",
    );
    assert_placed(
        &args,
        "placed-rw-list.tf",
        &tf("true", "[\"All\"]", "\"ApiCallRateInsight\""),
        "10:23: aws_cloudtrail.main: event_selector[0].read_write_type: expected a string, \
         found a list",
    );
    // Terraform converts the strings "true" and "false" (and "1", "0") to a Boolean attribute.
    let table = imported_trails(
        &args,
        "converted.tf",
        &tf("\"true\"", "\"ReadOnly\"", "\"ApiErrorRateInsight\""),
    );
    let trail = &table["trail"][0];
    assert_eq!(trail["multi_region"].as_bool(), Some(true));
    assert_eq!(
        trail["event_selector"][0]["read_write_type"].as_str(),
        Some("ReadOnly")
    );
    assert_eq!(
        trail["insights"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str()).collect::<Vec<_>>()),
        Some(vec![Some("ApiErrorRateInsight")])
    );
}
