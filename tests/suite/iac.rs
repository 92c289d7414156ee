//! Infrastructure as code as users meet it (SPEC §7): Terraform read as HCL with its variables,
//! CloudFormation with its parameters, unknown values as data (CT109 until `[import.values]` gives
//! them), `usage skeleton`, and the errors that say what to do. Every test runs the built binary.
//!
//! Prices in these tests are AWS's list prices (AWS CloudTrail pricing page): data events $0.10
//! per 100,000; Insights on management events $0.35 per 100,000 events analyzed.

use crate::support::{Cmd, TODAY, path_str, plan_json, read, run, scratch_dir};
use serde_json::Value;
use std::path::PathBuf;

fn rules(plan: &Value) -> Vec<String> {
    plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn ct109(plan: &Value) -> Vec<&Value> {
    plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "CT109")
        .collect()
}

/// A copy of the usage file `fixture` with `extra` appended, in the scratch folder `name`.
fn usage_with(name: &str, fixture: &str, extra: &str) -> String {
    let usage = scratch_dir(&format!("iac-tests/{name}")).join("usage.toml");
    std::fs::write(&usage, format!("{}\n{extra}", read(fixture))).unwrap();
    path_str(&usage).to_owned()
}

/// The 1-based line of a fixture that first contains `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    read(file).lines().position(|l| l.contains(needle)).unwrap() + 1
}

const ROOT: &str = "tests/fixtures/terraform/root-vars";
const ROOT_USAGE: &str = "tests/fixtures/terraform/root-vars.usage.toml";

#[test]
fn hcl_variables_come_from_defaults_tfvars_var_files_and_vars() {
    // terraform.tfvars sets environment = "prod" and two buckets; regions.auto.tfvars moves the
    // provider to eu-west-1 and turns Insights on.
    let r = run(&["import", "terraform", ROOT]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let scenario: toml::Table = toml::from_str(&r.stdout).unwrap();
    let trails = scenario["trail"].as_array().unwrap();
    assert_eq!(trails.len(), 2);
    assert_eq!(trails[0]["name"].as_str(), Some("acme-prod-audit"));
    assert_eq!(trails[0]["home_region"].as_str(), Some("eu-west-1"));
    assert_eq!(
        trails[0]["insights"].as_array().unwrap().len(),
        2,
        "dynamic insight_selector over var.insights"
    );
    assert_eq!(
        trails[0]["event_selector"][0]["exclude_management_event_sources"][0].as_str(),
        Some("kms.amazonaws.com")
    );
    assert_eq!(trails[1]["name"].as_str(), Some("acme-prod-data-0"));
    let values = trails[1]["event_selector"][0]["data_resources"][0]["values"]
        .as_array()
        .unwrap();
    assert_eq!(values[0].as_str(), Some("arn:aws:s3:::acme-prod-uploads/"));
    assert_eq!(values[1].as_str(), Some("arn:aws:s3:::acme-prod-exports/"));
    assert!(
        r.stdout
            .contains("# from tests/fixtures/terraform/root-vars/main.tf aws_cloudtrail.data[0]")
    );

    // --var-file comes after the tfvars files, --var after it.
    let dir = scratch_dir("iac-tests/var-file");
    let var_file = dir.join("dev.tfvars");
    std::fs::write(&var_file, "environment = \"dev\"\ndata_buckets = []\n").unwrap();
    let r = run(&[
        "import",
        "terraform",
        ROOT,
        "--var-file",
        var_file.to_str().unwrap(),
        "--var",
        "region=us-west-2",
    ]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let scenario: toml::Table = toml::from_str(&r.stdout).unwrap();
    let trails = scenario["trail"].as_array().unwrap();
    assert_eq!(trails.len(), 1, "count = 0 without buckets");
    assert_eq!(trails[0]["name"].as_str(), Some("acme-dev-audit"));
    assert_eq!(trails[0]["home_region"].as_str(), Some("us-west-2"));
    assert!(
        trails[0]["event_selector"][0]
            .get("exclude_management_event_sources")
            .is_none()
    );
}

#[test]
fn hcl_reads_tf_var_environment_variables_first() {
    // TF_VAR_org_trail is the only value of org_trail; terraform.tfvars wins over
    // TF_VAR_environment, as in Terraform.
    let out = Cmd::new(["import", "terraform", ROOT, "--account", "security"])
        .env("TF_VAR_org_trail", "true")
        .env("TF_VAR_environment", "dev")
        .run();
    let stdout = out.stdout;
    assert_eq!(out.code, Some(0), "{stdout}");
    let scenario: toml::Table = toml::from_str(&stdout).unwrap();
    let audit = &scenario["trail"][0];
    assert_eq!(audit["name"].as_str(), Some("acme-prod-audit"));
    assert_eq!(audit["organization"].as_bool(), Some(true));
    // An organization trail's account is the management account.
    assert_eq!(scenario["account"][0]["management"].as_bool(), Some(true));
}

#[test]
fn hcl_is_planned_against_a_usage_file_and_variables_change_the_price() {
    // The audit trail analyzes 200,000 writes (ApiCallRateInsight) and 1,200,000 reads and writes
    // (ApiErrorRateInsight): 1,400,000 × $0.35 / 100,000 = $4.90. The data trail delivers
    // 3,000,000 writes to acme-prod-uploads: × $0.10 / 100,000 = $3.00.
    let (plan, code) = plan_json(&["price", "--terraform", ROOT, "--usage", ROOT_USAGE]);
    assert_eq!(code, 0);
    assert_eq!(plan["total"], "7.90");
    let (plan, _) = plan_json(&[
        "price",
        "--terraform",
        ROOT,
        "--usage",
        ROOT_USAGE,
        "--var",
        "insights=false",
    ]);
    assert_eq!(plan["total"], "3.00");
}

const DYNAMIC: &str = "tests/fixtures/terraform/for-each-dynamic";
const DYNAMIC_USAGE: &str = "tests/fixtures/terraform/for-each-dynamic.usage.toml";

#[test]
fn an_unknown_resource_attribute_is_ct109_until_import_values_gives_it() {
    let (plan, code) = plan_json(&["check", "--terraform", DYNAMIC, "--usage", DYNAMIC_USAGE]);
    assert_eq!(code, 1, "CT109 is an error: the gate fails");
    let found = ct109(&plan);
    assert_eq!(found.len(), 1, "{plan}");
    let line = line_of(&format!("{DYNAMIC}/main.tf"), "aws_s3_bucket.evidence.arn");
    let message = found[0]["message"].as_str().unwrap();
    assert_eq!(found[0]["trail"], "function-invocations");
    assert!(
        message.contains(
            "event_selector[1].data_resource[0].values depends on `aws_s3_bucket.evidence.arn`"
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("at {DYNAMIC}/main.tf:{line}")),
        "{message}"
    );
    assert_eq!(found[0]["severity"], "error");
    let notes = plan["import_notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n.as_str().unwrap().starts_with(
            "unknown: trail function-invocations: event_selector[1].data_resource[0].values unknown at plan time (aws_s3_bucket.evidence.arn at"
        )),
        "{notes:?}"
    );
    // Without the value, only the function's invocations are priced: 1,000,000 × $0.10 / 100,000.
    let (priced, _) = plan_json(&["price", "--terraform", DYNAMIC, "--usage", DYNAMIC_USAGE]);
    assert_eq!(priced["total"], "1.00");

    // The value, keyed by the expression as written; the template around it is evaluated:
    // "${aws_s3_bucket.evidence.arn}/sealed/" selects the sealed prefix, 10,000,000 writes, $10.00.
    let usage = usage_with(
        "import-values",
        DYNAMIC_USAGE,
        "[import.values]\n\"aws_s3_bucket.evidence.arn\" = \"arn:aws:s3:::acme-evidence-locker\"\n",
    );
    let usage = usage.as_str();
    let (plan, code) = plan_json(&["check", "--terraform", DYNAMIC, "--usage", usage]);
    assert!(ct109(&plan).is_empty(), "{plan}");
    assert_eq!(code, 0, "{:?}", rules(&plan));
    let (priced, _) = plan_json(&["price", "--terraform", DYNAMIC, "--usage", usage]);
    assert_eq!(priced["total"], "11.00");
}

#[test]
fn a_local_module_called_twice_follows_its_provider_configurations() {
    let r = run(&[
        "import",
        "terraform",
        "tests/fixtures/terraform/module-twice",
    ]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let scenario: toml::Table = toml::from_str(&r.stdout).unwrap();
    let trails = scenario["trail"].as_array().unwrap();
    let names: Vec<&str> = trails.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["acme-management", "acme-dr-management"]);
    assert_eq!(trails[0]["home_region"].as_str(), Some("eu-west-1"));
    assert_eq!(trails[0]["multi_region"].as_bool(), Some(true));
    assert_eq!(
        trails[0]["insights"][0].as_str(),
        Some("ApiCallRateInsight")
    );
    assert_eq!(
        trails[0]["event_selector"][0]["read_write_type"].as_str(),
        Some("WriteOnly")
    );
    assert_eq!(
        trails[1]["home_region"].as_str(),
        Some("eu-central-1"),
        "providers = {{ aws = aws.frankfurt }}"
    );
    assert_eq!(
        trails[1]["event_selector"][0]["exclude_management_event_sources"][0].as_str(),
        Some("kms.amazonaws.com")
    );
    assert!(r.stdout.contains(
        "# from tests/fixtures/terraform/module-twice/modules/regional-trail/main.tf module.secondary.aws_cloudtrail.this"
    ));
}

#[test]
fn remote_modules_are_reported_and_counts_are_checked() {
    let dir = scratch_dir("iac-tests/remote-module");
    std::fs::write(
        dir.join("main.tf"),
        "module \"trail\" {\n  source  = \"example-org/cloudtrail/aws\"\n  version = \"1.0.0\"\n}\n\n\
         resource \"aws_cloudtrail\" \"t\" {\n  name           = \"t\"\n  s3_bucket_name = module.trail.bucket\n  \
         is_multi_region_trail = module.trail.multi_region\n}\n",
    )
    .unwrap();
    let path = dir.to_str().unwrap();
    let r = run(&["import", "terraform", path, "--region", "us-east-1"]);
    r.assert_stdout(
        0,
        "remote-module/main.tf:1 (source \"example-org/cloudtrail/aws\") is not in .terraform/modules",
    );
    r.assert_stdout_has("# unresolved: module.trail at ");
    r.assert_stdout_has(
        "# unknown: is_multi_region_trail unknown at plan time (module.trail.multi_region at",
    );

    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_cloudtrail\" \"t\" {\n  name  = \"t\"\n  count = -1\n}\n",
    )
    .unwrap();
    let r = run(&["import", "terraform", path]);
    r.assert_failure(3, "main.tf:3:");
    assert!(
        r.stderr
            .contains("count = -1: a count must be a whole number ≥ 0"),
        "{}",
        r.stderr
    );
}

const SWITCH: &str = "tests/fixtures/cloudformation/environment-switch.yaml";
const SWITCH_USAGE: &str = "tests/fixtures/cloudformation/environment-switch.usage.toml";

#[test]
fn a_parameter_changes_what_is_priced() {
    // S3DataEvents defaults to "false": the data trail's Condition is false and nothing is paid
    // (the management trail's copy is the free first one).
    let (plan, code) = plan_json(&["price", "--cloudformation", SWITCH, "--usage", SWITCH_USAGE]);
    assert_eq!(code, 0);
    assert_eq!(plan["total"], "0.00");
    assert!(
        plan["import_notes"][0]
            .as_str()
            .unwrap()
            .contains("UploadsDataTrail is not created: its condition WantDataEvents is false")
    );
    // With data events on, the trail selects `!Sub "${UploadsBucket.Arn}/"`, the ARN of the bucket
    // the template names: 3,000,000 events × $0.10 / 100,000 = $3.00.
    let (plan, _) = plan_json(&[
        "price",
        "--cloudformation",
        SWITCH,
        "--usage",
        SWITCH_USAGE,
        "--parameter",
        "S3DataEvents=true",
    ]);
    assert_eq!(plan["total"], "3.00");
    let data: Vec<&Value> = plan["charges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "data")
        .collect();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["trail"], "staging-uploads-objects");
    assert_eq!(data[0]["cost"], "3.00");

    // The usage file's [import.parameters] does the same, and --parameter wins over it.
    let usage = usage_with(
        "import-parameters",
        SWITCH_USAGE,
        "[import.parameters]\nS3DataEvents = \"true\"\n",
    );
    let usage = usage.as_str();
    let (plan, _) = plan_json(&["price", "--cloudformation", SWITCH, "--usage", usage]);
    assert_eq!(plan["total"], "3.00");
    let (plan, _) = plan_json(&[
        "price",
        "--cloudformation",
        SWITCH,
        "--usage",
        usage,
        "--parameter",
        "S3DataEvents=false",
    ]);
    assert_eq!(plan["total"], "0.00");

    let r = run(&[
        "import",
        "cloudformation",
        SWITCH,
        "--region",
        "eu-west-1",
        "--parameter",
        "Nope=1",
    ]);
    r.assert_failure(
        3,
        "parameter Nope is given but the template does not declare it",
    );
}

const CDK: &str = "tests/fixtures/cloudformation/cdk-checkout.template.json";

#[test]
fn a_cdk_template_gives_ct109_until_import_values_names_its_arns_then_prices_them() {
    let (plan, code) = plan_json(&[
        "plan",
        "--cloudformation",
        CDK,
        "--usage",
        "tests/fixtures/cloudformation/cdk-checkout.usage.toml",
    ]);
    assert_eq!(code, 1);
    let found = ct109(&plan);
    assert_eq!(found.len(), 1, "{plan}");
    let message = found[0]["message"].as_str().unwrap();
    let line = line_of(CDK, "\"CheckoutHandler9E8F7A6B\",");
    assert_eq!(
        message,
        format!(
            "trail checkout-data-events: EventSelectors[0].DataResources[1].Values depends on \
             `CheckoutHandler9E8F7A6B.Arn` at {CDK}:{line}, which is known only at deploy time; \
             set \"CheckoutHandler9E8F7A6B.Arn\" in the usage file's [import.values]"
        )
    );
    // `Fn::Join` of `Fn::GetAtt ReceiptsBucket5D1A3B77.Arn` resolves: the template names the
    // bucket. 5,000,000 events × $0.10 / 100,000 = $5.00; the function's events are not priced.
    assert_eq!(plan["total"], "5.00");
    assert!(
        !rules(&plan).contains(&"CT106".to_owned()),
        "{:?}",
        rules(&plan)
    );

    let (plan, code) = plan_json(&[
        "plan",
        "--cloudformation",
        CDK,
        "--usage",
        "tests/fixtures/cloudformation/cdk-checkout-values.usage.toml",
    ]);
    assert_eq!(code, 0, "{:?}", rules(&plan));
    assert!(ct109(&plan).is_empty());
    // And 60,000,000 invocations × $0.10 / 100,000 = $60.00 more.
    assert_eq!(plan["total"], "65.00");

    // Each human report lists what was unknown: markdown, the table, HTML.
    for (format, unknown) in [
        (
            &["--format", "markdown"][..],
            "- `# unknown: trail checkout-data-events: EventSelectors[0].DataResources[1].Values[0]: !GetAtt CheckoutHandler9E8F7A6B.Arn is known only at deploy time",
        ),
        (&[][..], "\n# unknown: trail checkout-data-events: "),
        (
            &["--format", "html"][..],
            "<li><code># unknown: trail checkout-data-events: ",
        ),
    ] {
        let mut args = vec![
            "plan",
            "--cloudformation",
            CDK,
            "--usage",
            "tests/fixtures/cloudformation/cdk-checkout.usage.toml",
        ];
        args.extend_from_slice(format);
        args.extend(["--today", TODAY]);
        let r = run(&args);
        r.assert_stdout_has(unknown);
    }
}

#[test]
fn sub_and_join_of_unknowns_are_both_unknown_and_keyed_alike() {
    let dir = scratch_dir("iac-tests/sub-join");
    let template = dir.join("t.yaml");
    std::fs::write(
        &template,
        "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  T:\n    Type: AWS::CloudTrail::Trail\n    Properties:\n      \
         IsLogging: true\n      EventSelectors:\n        - DataResources:\n            - Type: AWS::S3::Object\n              \
         Values:\n                - !Sub \"${Logs.Arn}/\"\n                - !Join [\"\", [!GetAtt Logs.Arn, \"/x/\"]]\n",
    )
    .unwrap();
    let usage = dir.join("usage.toml");
    std::fs::write(
        &usage,
        "format = 1\nname = \"u\"\nregions = [\"us-east-1\"]\n",
    )
    .unwrap();
    let (t, u) = (template.to_str().unwrap(), usage.to_str().unwrap());
    let (plan, _) = plan_json(&["check", "--cloudformation", t, "--usage", u]);
    let found = ct109(&plan);
    assert_eq!(found.len(), 1, "{plan}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("depends on `Logs.Arn`")
    );
    let r = run(&["import", "cloudformation", t, "--region", "us-east-1"]);
    assert!(
        r.stdout
            .lines()
            .all(|l| l.starts_with('#') || !l.contains("${")),
        "never a literal: {}",
        r.stdout
    );
    r.assert_stdout_has("{ type = \"AWS::S3::Object\", values = [] }");
    std::fs::write(
        &usage,
        "format = 1\nname = \"u\"\nregions = [\"us-east-1\"]\n[import.values]\n\"Logs.Arn\" = \"arn:aws:s3:::acme-logs\"\n",
    )
    .unwrap();
    let r = run(&[
        "import",
        "cloudformation",
        t,
        "--region",
        "us-east-1",
        "--usage",
        u,
    ]);
    r.assert_stdout_has("values = [\"arn:aws:s3:::acme-logs/\", \"arn:aws:s3:::acme-logs/x/\"]");
}

#[test]
fn the_smaller_gaps_say_what_to_do() {
    let dir = scratch_dir("iac-tests/gaps");
    // A binary plan.
    let binary = dir.join("plan.out");
    std::fs::write(&binary, b"PK\x03\x04\x14\x00binary").unwrap();
    let r = run(&["import", "terraform", binary.to_str().unwrap()]);
    assert_eq!(r.exit(), 3);
    let json = dir.join("plan.json");
    assert!(
        r.stderr.contains(&format!(
            "make JSON of it with `terraform show -json {} > {}`",
            binary.display(),
            json.display()
        )),
        "{}",
        r.stderr
    );
    // An errored plan.
    std::fs::write(
        &json,
        r#"{"format_version": "1.2", "errored": true, "resource_changes": []}"#,
    )
    .unwrap();
    let r = run(&["import", "terraform", json.to_str().unwrap()]);
    r.assert_failure(3, "this plan is errored");
    assert!(r.stderr.contains("--allow-errored"), "{}", r.stderr);
    let r = run(&[
        "import",
        "terraform",
        json.to_str().unwrap(),
        "--allow-errored",
    ]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    // No region for a template.
    let r = run(&["import", "cloudformation", SWITCH]);
    r.assert_failure(2, "a CloudFormation template does not say which region its stack is deployed to; pass --region REGION");
    // --terraform without --usage.
    let r = run(&["plan", "--terraform", ROOT]);
    assert_eq!(r.exit(), 2);
    assert!(
        r.stderr.contains(&format!(
            "`trailplan usage skeleton --terraform {ROOT} > usage.toml`"
        )),
        "{}",
        r.stderr
    );
    // Two selector outputs for one trail.
    let selectors = "tests/fixtures/import/get-event-selectors-org-audit.json";
    let r = run(&[
        "import",
        "aws-cli",
        "tests/fixtures/import/describe-trails.json",
        "--event-selectors",
        selectors,
        "--event-selectors",
        selectors,
    ]);
    r.assert_failure(3, "a second get-event-selectors output for trail");
}

#[test]
fn an_organization_trails_account_becomes_the_management_account() {
    let r = run(&[
        "import",
        "cloudformation",
        "tests/fixtures/import/cloudformation-trails.yaml",
        "--account",
        "security",
        "--region",
        "eu-west-1",
        "--parameter",
        "DeployMulti=no",
    ]);
    r.assert_stdout(0, "[[account]]\nname = \"security\"\nmanagement = true\n");
    let dir = scratch_dir("iac-tests/org");
    let file = dir.join("imported.toml");
    std::fs::write(&file, &r.stdout).unwrap();
    let (plan, _) = plan_json(&["check", file.to_str().unwrap()]);
    assert!(
        !rules(&plan).contains(&"CT007".to_owned()),
        "{:?}",
        rules(&plan)
    );
}

#[test]
fn usage_skeleton_writes_what_the_trails_need_and_update_keeps_every_value() {
    let r = run(&["usage", "skeleton", "--terraform", ROOT]);
    assert_eq!(r.exit(), 0, "{}", r.stderr);
    let usage: toml::Table = toml::from_str(&r.stdout).unwrap();
    assert_eq!(
        usage["regions"].as_array().unwrap()[0].as_str(),
        Some("eu-west-1")
    );
    let volumes = usage["volume"].as_array().unwrap();
    let described: Vec<(String, String)> = volumes
        .iter()
        .map(|v| {
            (
                v["category"].as_str().unwrap().to_owned(),
                v.get("resource_arn")
                    .and_then(|a| a.as_str())
                    .unwrap_or("-")
                    .to_owned(),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            ("management".to_owned(), "-".to_owned()),
            (
                "data".to_owned(),
                "arn:aws:s3:::acme-prod-uploads/".to_owned()
            ),
            (
                "data".to_owned(),
                "arn:aws:s3:::acme-prod-exports/".to_owned()
            ),
        ]
    );
    assert!(volumes.iter().all(|v| v["write"].as_integer() == Some(0)));
    // The skeleton is a usage file the trails plan against.
    let dir = scratch_dir("iac-tests/skeleton");
    let fresh = dir.join("fresh.toml");
    std::fs::write(&fresh, &r.stdout).unwrap();
    let (plan, code) = plan_json(&[
        "price",
        "--terraform",
        ROOT,
        "--usage",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!((plan["total"].as_str(), code), (Some("0.00"), 0));

    // --update keeps the measured values and comments, and adds the exports bucket.
    let existing = dir.join("usage.toml");
    let before =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(ROOT_USAGE))
            .unwrap();
    std::fs::write(&existing, &before).unwrap();
    let r = run(&[
        "usage",
        "skeleton",
        "--terraform",
        ROOT,
        "--update",
        existing.to_str().unwrap(),
    ]);
    r.assert_stdout(0, "0 regions, 0 accounts, 1 volume added");
    let after = std::fs::read_to_string(&existing).unwrap();
    assert!(
        after.starts_with(&before),
        "every byte already there is kept:\n{after}"
    );
    assert!(
        after.contains("resource_arn = \"arn:aws:s3:::acme-prod-exports/\"\nread = 0\nwrite = 0\n")
    );
    let (plan, _) = plan_json(&[
        "price",
        "--terraform",
        ROOT,
        "--usage",
        existing.to_str().unwrap(),
    ]);
    assert_eq!(
        plan["total"], "7.90",
        "the measured volumes still price as before"
    );
    let r = run(&[
        "usage",
        "skeleton",
        "--terraform",
        ROOT,
        "--update",
        existing.to_str().unwrap(),
    ]);
    r.assert_stdout_has("0 regions, 0 accounts, 0 volumes added");
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), after);
}

#[test]
fn usage_skeleton_of_a_template_comments_its_unknowns() {
    // A template's unknowns become a commented [import.values] to fill in.
    let r = run(&[
        "usage",
        "skeleton",
        "--cloudformation",
        CDK,
        "--region",
        "eu-west-1",
    ]);
    r.assert_stdout(0, "# [import.values]\n# \"CheckoutHandler9E8F7A6B.Arn\" = \"\"  # EventSelectors[0].DataResources[1].Values of trail checkout-data-events");
}
