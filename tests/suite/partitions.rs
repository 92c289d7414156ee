//! Partitions and regional STS (SPEC §3, "Partitions"): one partition per scenario, global service
//! events recorded in the partition's own region, every price given outside the commercial
//! partition (China in CNY), `currency` in the report, and STS outside the global-events region as
//! regional events.
//!
//! AWS, "Global service events" in CloudTrail concepts
//! (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>):
//! global services' events are recorded in US East (N. Virginia); "AWS GovCloud (US-West)" and
//! "China (Beijing)" play that part in their partitions, and CloudFront's China events are in
//! "China (Ningxia)". Calls to a regional STS endpoint are recorded in that region.

use crate::support::{dec, money, run};
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("tests/fixtures/partitions/{name}")
}

fn plan(name: &str, extra: &[&str]) -> Value {
    let path = fixture(name);
    let mut args = vec!["plan", path.as_str(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        matches!(out.code, Some(0 | 1)),
        "trailplan plan {path} failed\n{}",
        out.describe()
    );
    out.json()
}

fn rules(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn events(report: &Value, trail: &str, region: &str, kind: &str) -> u64 {
    report["charges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["trail"] == trail && c["region"] == region && c["kind"] == kind)
        .map(|c| c["events"].as_u64().unwrap_or_default())
        .sum()
}

#[test]
fn mixing_partitions_is_an_input_error_at_the_region() {
    let out = run(&["price", &fixture("mixed.toml")]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    assert!(
        out.stderr.contains("tests/fixtures/partitions/mixed.toml:4:25: region `cn-north-1` is in partition aws-cn, but `us-east-1` is in aws"),
        "{}",
        out.describe()
    );
}

#[test]
fn govcloud_without_prices_is_refused_naming_every_missing_key() {
    let out = run(&["price", &fixture("govcloud-no-prices.toml")]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    assert!(
        out.stderr.contains("govcloud-no-prices.toml:4:12")
            && out.stderr.contains("partition aws-us-gov")
            && out.stderr.contains(
                "missing: management_additional, data, network_activity, insights, data_insights"
            ),
        "{}",
        out.describe()
    );
    // A --prices file with every key is enough.
    let path = fixture("govcloud-no-prices.toml");
    let prices = fixture("govcloud-prices.toml");
    let out = run(&["price", &path, "--prices", &prices, "--format", "json"]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(out.json()["currency"], "USD");
}

#[test]
fn govcloud_records_global_events_in_us_gov_west_1() {
    let r = plan("govcloud.toml", &[]);
    assert_eq!(r["currency"], "USD");
    // IAM in us-gov-west-1 is global: only `everywhere` delivers it (west-local leaves global
    // events out), so no paid copy. IAM in us-gov-east-1 is as declared: delivered by `everywhere`.
    assert_eq!(
        events(&r, "everywhere", "us-gov-west-1", "management_free"),
        100_000
    );
    assert_eq!(
        events(&r, "west-local", "us-gov-west-1", "management_paid"),
        0
    );
    assert_eq!(money(&r["total"]), dec("0"));
    let ct104: Vec<_> = rules(&r)
        .into_iter()
        .filter(|(rule, _)| rule == "CT104")
        .collect();
    assert_eq!(ct104.len(), 1, "{ct104:?}");
    assert_eq!(
        ct104[0].1,
        "iam.amazonaws.com events are global and recorded in us-gov-west-1 (partition aws-us-gov), but this volume puts them in us-gov-east-1"
    );
}

#[test]
fn china_needs_cny_and_records_cloudfront_in_ningxia() {
    let out = run(&["price", &fixture("china-no-currency.toml")]);
    assert_eq!(out.exit(), 3, "{}", out.describe());
    assert!(
        out.stderr.contains("partition aws-cn") && out.stderr.contains("missing: currency"),
        "{}",
        out.describe()
    );
    let r = plan("china.toml", &[]);
    assert_eq!(r["currency"], "CNY");
    let ct104: Vec<_> = rules(&r)
        .into_iter()
        .filter(|(rule, _)| rule == "CT104")
        .collect();
    assert_eq!(ct104.len(), 1, "{ct104:?}");
    assert_eq!(
        ct104[0].1,
        "cloudfront.amazonaws.com events are global and recorded in cn-northwest-1 (partition aws-cn), but this volume puts them in cn-north-1"
    );
}

#[test]
fn sts_outside_the_global_region_is_regional() {
    let r = plan("regional-sts.toml", &[]);
    // eu-west-1: 300,000 STS reads reach `ireland` although it leaves global events out.
    assert_eq!(
        events(&r, "ireland", "eu-west-1", "management_free"),
        300_000
    );
    // us-east-1: STS is global there; `virginia` leaves global events out and delivers none.
    assert_eq!(events(&r, "virginia", "us-east-1", "management_free"), 0);
    let found = rules(&r);
    let ct104: Vec<&String> = found
        .iter()
        .filter(|(rule, _)| rule == "CT104")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(
        ct104,
        [
            "iam.amazonaws.com events are global and recorded in us-east-1 (partition aws), but this volume puts them in eu-west-1"
        ],
        "STS raises no CT104"
    );
}
