//! What AWS documents decides what a scenario may say (SPEC §3, "Resource types are AWS's list",
//! "What AWS accepts"): the data-event resource types of the CloudTrail user guide's "Data events"
//! table and of the API reference's AdvancedFieldSelector, and the fields each event category takes
//! there (both checked 2026-12-07).
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html>

use crate::support::{dec, findings, money, path_str, read, run, scratch_file};
use serde_json::Value;

fn ct006(report: &Value) -> Vec<String> {
    findings(report)
        .into_iter()
        .filter(|(rule, _)| rule == "CT006")
        .map(|(_, m)| m)
        .collect()
}

fn plan(name: &str, text: &str) -> Value {
    let path = scratch_file("aws_facts", name, text);
    let out = run(&["plan", path_str(&path), "--format", "json"]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.describe());
    out.json()
}

/// `startup-one-trail.toml` costs $18.3035 (its header works it out: $12.00 of Lambda data events,
/// $3.1885 + $3.115 of Insights). With `AWS::Lambda::Functions` as its volume's type it used to
/// cost $6.3035, the $12.00 gone without a word; now the scenario is refused, exit 3, at the type.
#[test]
fn a_misspelt_volume_type_is_refused_with_the_right_one() {
    let good = read("scenarios/startup-one-trail.toml");
    let r = run(&[
        "plan",
        "scenarios/startup-one-trail.toml",
        "--format",
        "json",
    ]);
    assert_eq!(money(&r.json()["total"]), dec("18.3035"));
    let bad = good.replacen(
        "resource_type = \"AWS::Lambda::Function\"",
        "resource_type = \"AWS::Lambda::Functions\"",
        1,
    );
    assert_ne!(bad, good);
    let path = scratch_file("aws_facts", "typo.toml", &bad);
    let out = run(&["plan", path_str(&path)]);
    // Line 43 of the scenario, the value after `resource_type = ` (column 17).
    out.assert_failure(3, "typo.toml:43:17");
    out.assert_failure(
        3,
        "`AWS::Lambda::Functions` is not a data-event resource type AWS documents; did you mean `AWS::Lambda::Function`?",
    );
}

/// A documented type beyond the basic three is a valid volume: 1,000,000 SQS data events are
/// $0.10 per 100,000, $1.00, on a trail whose advanced selector names `AWS::SQS::Queue`.
#[test]
fn a_documented_recent_type_is_accepted_and_priced() {
    let r = plan(
        "sqs.toml",
        r#"format = 1
name = "sqs"
regions = ["us-east-1"]

[[volume]]
category = "data"
resource_type = "AWS::SQS::Queue"
write = 1_000_000

[[trail]]
name = "t"
home_region = "us-east-1"

[[trail.advanced_event_selector]]
field_selectors = [
  { field = "eventCategory", equals = ["Data"] },
  { field = "resources.type", equals = ["AWS::SQS::Queue"] },
]
"#,
    );
    assert_eq!(money(&r["total"]), dec("1.00"));
    assert_eq!(ct006(&r), Vec::<String>::new());
}

/// Four CT006 findings, one for each thing AWS refuses: `arn:aws:s3:::*` as an S3 value ("Value
/// arn:aws:s3:::* for DataResources.Values is invalid"), a type no page documents in a basic
/// selector and in `resources.type`, and a documented type basic selectors do not take.
#[test]
fn selectors_name_only_aws_types() {
    let r = plan(
        "types.toml",
        r#"format = 1
name = "types"
regions = ["us-east-1"]

[[volume]]
category = "management"
read = 1_000

[[trail]]
name = "t"
home_region = "us-east-1"

[[trail.event_selector]]
read_write_type = "All"
include_management_events = true
data_resources = [
  { type = "AWS::S3::Object", values = ["arn:aws:s3:::*"] },
  { type = "AWS::Lambda::Functions", values = ["arn:aws:lambda"] },
  { type = "AWS::SNS::Topic", values = ["arn:aws:sns"] },
]

[[trail]]
name = "u"
home_region = "us-east-1"

[[trail.advanced_event_selector]]
field_selectors = [
  { field = "eventCategory", equals = ["Data"] },
  { field = "resources.type", equals = ["AWS::DynamoDB::Tables"] },
]
"#,
    );
    let m = ct006(&r);
    assert_eq!(m.len(), 4, "{m:#?}");
    assert!(
        m.iter()
            .any(|x| x.contains("\"Value arn:aws:s3:::* for DataResources.Values is invalid\"")),
        "{m:#?}"
    );
    assert!(m.iter().any(|x| x.contains("`AWS::Lambda::Functions` is not a data-event resource type AWS documents; did you mean `AWS::Lambda::Function`?")), "{m:#?}");
    assert!(
        m.iter().any(|x| x
            .contains("basic event selectors do not take data resource type `AWS::SNS::Topic`")),
        "{m:#?}"
    );
    assert!(m.iter().any(|x| x.contains("`AWS::DynamoDB::Tables` is not a data-event resource type AWS documents; did you mean `AWS::DynamoDB::Table`?")), "{m:#?}");
}

/// AdvancedFieldSelector: network activity takes eventCategory, eventSource, eventName, errorCode
/// and vpcEndpointId (so `readOnly` is refused); data events take neither errorCode nor
/// vpcEndpointId. Three CT006 findings; the network selector's errorCode is accepted.
#[test]
fn each_category_takes_its_own_fields() {
    let r = plan(
        "fields.toml",
        r#"format = 1
name = "fields"
regions = ["us-east-1"]

[[volume]]
category = "management"
read = 1_000

[[trail]]
name = "t"
home_region = "us-east-1"

[[trail.advanced_event_selector]]
field_selectors = [
  { field = "eventCategory", equals = ["NetworkActivity"] },
  { field = "eventSource", equals = ["ec2.amazonaws.com"] },
  { field = "errorCode", equals = ["VpceAccessDenied"] },
  { field = "vpcEndpointId", equals = ["vpce-0123456789abcdef0"] },
  { field = "readOnly", equals = ["true"] },
]

[[trail.advanced_event_selector]]
field_selectors = [
  { field = "eventCategory", equals = ["Data"] },
  { field = "resources.type", equals = ["AWS::S3::Object"] },
  { field = "errorCode", equals = ["VpceAccessDenied"] },
  { field = "vpcEndpointId", equals = ["vpce-0123456789abcdef0"] },
]
"#,
    );
    let m = ct006(&r);
    assert_eq!(m.len(), 3, "{m:#?}");
    assert!(m.iter().any(|x| x.contains("network activity events take only `eventCategory`, `eventSource`, `eventName`, `errorCode` and `vpcEndpointId`, not `readOnly`")), "{m:#?}");
    assert!(
        m.iter()
            .any(|x| x.contains("data events take only") && x.contains("not `errorCode`")),
        "{m:#?}"
    );
    assert!(
        m.iter()
            .any(|x| x.contains("data events take only") && x.contains("not `vpcEndpointId`")),
        "{m:#?}"
    );
}

/// "The management account remains the owner of any CloudTrail organization resources the
/// delegated administrator creates": five trails of the management account in us-east-1 plus the
/// organization trail the delegated administrator `security` created make six there, one CT001
/// (limit 5) in the management account; `security` holds none of its own.
#[test]
fn a_delegated_administrators_organization_trail_counts_in_the_management_account() {
    let mut text = String::from(
        r#"format = 1
name = "delegated"
regions = ["us-east-1"]

[[account]]
name = "management"
management = true

[[account]]
name = "security"
delegated_admin = true

[[volume]]
category = "management"
read = 1_000

[[trail]]
name = "org"
account = "security"
home_region = "us-east-1"
multi_region = true
organization = true
"#,
    );
    for i in 1..=5 {
        let trail = format!(
            "\n[[trail]]\nname = \"t{i}\"\naccount = \"management\"\nhome_region = \"us-east-1\"\n"
        );
        text.push_str(&trail);
    }
    let r = plan("delegated.toml", &text);
    let ct001: Vec<_> = findings(&r)
        .into_iter()
        .filter(|(rule, _)| rule == "CT001")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        ct001,
        ["6 trails apply in management/us-east-1; CloudTrail allows 5"],
        "{r:#}"
    );
}

/// The European Sovereign Cloud (SPEC §3, "Partitions"; AWS's endpoint data: `"id": "aws-eusc"`,
/// `"implicitGlobalRegion": "eusc-de-east-1"`): priced from `[prices]` in euros, €2.40 (the
/// fixture's header), its IAM events recorded in `eusc-de-east-1` (no CT104).
#[test]
fn the_sovereign_cloud_is_its_own_partition_in_euros() {
    let out = run(&[
        "plan",
        "tests/fixtures/aws_facts/eusc.toml",
        "--format",
        "json",
    ]);
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.describe());
    let r = out.json();
    assert_eq!(money(&r["total"]), dec("2.40"));
    assert_eq!(r["currency"], "EUR", "{r:#}");
    let rules: Vec<String> = findings(&r).into_iter().map(|(rule, _)| rule).collect();
    assert!(!rules.contains(&"CT104".to_owned()), "{rules:?}");
    assert!(!rules.contains(&"CT010".to_owned()), "{rules:?}");

    // Without [prices]: refused like GovCloud and China.
    let text = read("tests/fixtures/aws_facts/eusc.toml");
    let bare = &text[..text.find("[prices]").expect("the fixture has prices")];
    let path = scratch_file("aws_facts", "eusc-bare.toml", bare);
    run(&["plan", path_str(&path)]).assert_failure(
        3,
        "regions of partition aws-eusc have their own CloudTrail prices",
    );
    run(&["plan", path_str(&path)])
        .assert_failure(3, "(Sovereign Cloud prices with currency = \"EUR\")");

    // In dollars: refused.
    let usd = text.replace("currency = \"EUR\"", "currency = \"USD\"");
    let path = scratch_file("aws_facts", "eusc-usd.toml", &usd);
    run(&["plan", path_str(&path)]).assert_failure(
        3,
        "regions of partition aws-eusc are priced in EUR: set currency = \"EUR\" (not \"USD\")",
    );

    // With a commercial region: exit 3 naming both partitions (so no us-east-1 multi-region trail
    // ever covers it).
    let mixed = text.replace(
        "regions = [\"eusc-de-east-1\"]",
        "regions = [\"us-east-1\", \"eusc-de-east-1\"]",
    );
    let path = scratch_file("aws_facts", "eusc-mixed.toml", &mixed);
    let out = run(&["plan", path_str(&path)]);
    out.assert_failure(3, "partition aws-eusc");
    out.assert_failure(3, "`us-east-1` is in aws");
}
