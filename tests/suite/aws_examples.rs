//! AWS's own worked examples, priced by the built binary.
//!
//! Each test runs `trailplan price tests/fixtures/aws/<file>.toml --format json` and checks the exact
//! dollars that AWS's page states (or that follow from the page's event counts at AWS's list prices).
//! The page is named above each test and quoted in the fixture's header. When one of these fails, the
//! code disagrees with AWS: AWS wins (SPEC.md, preamble).

use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{dec, money, run};

/// Runs `trailplan price <fixture> --format json` from the package root and parses its stdout.
fn price(fixture: &str) -> Value {
    let path = format!("tests/fixtures/aws/{fixture}");
    let out = run(&["price", path.as_str(), "--format", "json"]);
    assert!(
        out.code == Some(0),
        "trailplan price {path} failed\n{}",
        out.describe()
    );
    let report = out.json();
    assert_eq!(report["currency"], "USD", "{path}: currency");
    assert_total_is_sum_of_costs(&report);
    report
}

/// The report's exact `total`.
fn total(report: &Value) -> Decimal {
    money(&report["total"])
}

/// Every charge line.
fn charges(report: &Value) -> &Vec<Value> {
    report["charges"]
        .as_array()
        .expect("`charges` should be an array")
}

/// The charge lines whose fields equal every `(field, value)` pair given, e.g.
/// `&[("trail", "trail-b"), ("kind", "management_paid")]`.
fn lines<'a>(report: &'a Value, filters: &[(&str, &str)]) -> Vec<&'a Value> {
    charges(report)
        .iter()
        .filter(|c| filters.iter().all(|(field, want)| c[*field] == *want))
        .collect()
}

/// The events of the selected lines, summed (a line may be split per stream or per region).
fn events(report: &Value, filters: &[(&str, &str)]) -> u64 {
    lines(report, filters)
        .iter()
        .map(|c| {
            c["events"]
                .as_u64()
                .unwrap_or_else(|| panic!("`events` should be a non-negative integer in {c}"))
        })
        .sum()
}

/// The cost of the selected lines, summed exactly.
fn cost(report: &Value, filters: &[(&str, &str)]) -> Decimal {
    lines(report, filters)
        .iter()
        .map(|c| money(&c["cost"]))
        .sum()
}

/// Asserts one (trail, kind) pair: its events and its exact cost.
fn assert_charge(report: &Value, trail: &str, kind: &str, want_events: u64, want_cost: &str) {
    let filters = [("trail", trail), ("kind", kind)];
    assert!(
        !lines(report, &filters).is_empty(),
        "no `{kind}` charge for trail `{trail}` in {:#}",
        report["charges"]
    );
    assert_eq!(
        events(report, &filters),
        want_events,
        "events of `{kind}` on trail `{trail}`"
    );
    assert_eq!(
        cost(report, &filters),
        dec(want_cost),
        "cost of `{kind}` on trail `{trail}`"
    );
}

/// Asserts that every selected line has the given unit price.
fn assert_unit_price(report: &Value, kind: &str, want: &str) {
    for c in lines(report, &[("kind", kind)]) {
        assert_eq!(
            money(&c["price_per_100k"]),
            dec(want),
            "price per 100,000 of {c}"
        );
    }
}

/// SPEC §4: `total` equals the exact sum of `cost`.
fn assert_total_is_sum_of_costs(report: &Value) {
    let sum: Decimal = charges(report).iter().map(|c| money(&c["cost"])).sum();
    assert_eq!(
        total(report),
        sum,
        "total is not the sum of the charge lines"
    );
}

// AWS CloudTrail Pricing, https://aws.amazon.com/cloudtrail/pricing/ — two trails receive the
// management events, one of them also the data events: 150,000 management events, 2M data events.
// "$0" for the first copy + "$3" for the second copy + "$2" for the data events = $5.00.
#[test]
fn pricing_page_two_trails_data_events_on_one() {
    let r = price("pricing-two-trails-data-on-one.toml");
    assert_eq!(total(&r), dec("5.00"));
    assert_charge(&r, "management-trail", "management_free", 150_000, "0");
    assert_charge(
        &r,
        "management-and-data-trail",
        "management_paid",
        150_000,
        "3.00",
    );
    assert_charge(&r, "management-and-data-trail", "data", 2_000_000, "2.00");
    assert_eq!(cost(&r, &[("trail", "management-trail")]), dec("0"));
    assert_unit_price(&r, "management_paid", "2.00");
    assert_unit_price(&r, "data", "0.10");
}

// Managing CloudTrail trail costs,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html —
// "2 single-Region trails, a trail in us-east-1 and another trail in us-west-2, there are no
// CloudTrail charges": $0.00.
#[test]
fn managing_costs_one_single_region_trail_per_region_is_free() {
    let r = price("costs-single-region-trails-two-regions.toml");
    assert_eq!(total(&r), dec("0"));
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "trail-us-east-1"),
                ("kind", "management_free"),
                ("region", "us-east-1")
            ]
        ),
        1_100_000
    );
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "trail-us-west-2"),
                ("kind", "management_free"),
                ("region", "us-west-2")
            ]
        ),
        1_100_000
    );
    assert_eq!(events(&r, &[("kind", "management_paid")]), 0);
    assert_eq!(cost(&r, &[("kind", "management_paid")]), dec("0"));
}

// Managing CloudTrail trail costs,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html —
// "a multi-Region trail and an additional single-Region trail, the single-Region trail will incur
// charges": 1,100,000 events in us-west-2 × $2.00 / 100,000 = $22.00, on the single-Region trail.
#[test]
fn managing_costs_single_region_trail_beside_multi_region_trail_pays() {
    let r = price("costs-multi-region-plus-single-region.toml");
    assert_eq!(total(&r), dec("22.00"));
    assert_charge(&r, "regional-copy", "management_paid", 1_100_000, "22.00");
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "regional-copy"),
                ("kind", "management_paid"),
                ("region", "us-west-2")
            ]
        ),
        1_100_000
    );
    // The multi-Region trail holds the free copy in both Regions and pays nothing.
    assert_charge(&r, "all-regions", "management_free", 2_200_000, "0");
    assert_eq!(cost(&r, &[("trail", "all-regions")]), dec("0"));
    assert_eq!(
        events(&r, &[("trail", "all-regions"), ("kind", "management_paid")]),
        0
    );
    assert_eq!(
        events(
            &r,
            &[("trail", "regional-copy"), ("kind", "management_free")]
        ),
        0
    );
}

// Managing CloudTrail trail costs,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html —
// "a member account that creates an additional trail to collect the same management events as the
// Organizations trail is collecting a second copy of events. The account is charged for the second
// copy": 500,000 events × $2.00 / 100,000 = $10.00, paid by the member account.
#[test]
fn managing_costs_member_trail_beside_organization_trail_pays() {
    let r = price("costs-organization-trail-plus-member-trail.toml");
    assert_eq!(total(&r), dec("10.00"));
    assert_charge(&r, "dev-trail", "management_paid", 500_000, "10.00");
    for c in lines(&r, &[("trail", "dev-trail"), ("kind", "management_paid")]) {
        assert_eq!(
            c["payer"], "dev",
            "the member account pays for its second copy: {c}"
        );
        assert_eq!(c["account"], "dev", "{c}");
    }
    // The organization trail is the free first copy in both accounts, paid for by the management
    // account.
    assert_charge(&r, "org-trail", "management_free", 620_000, "0");
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "org-trail"),
                ("kind", "management_free"),
                ("account", "dev")
            ]
        ),
        500_000
    );
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "org-trail"),
                ("kind", "management_free"),
                ("account", "management")
            ]
        ),
        120_000
    );
    for c in lines(&r, &[("trail", "org-trail")]) {
        assert_eq!(c["payer"], "management", "{c}");
    }
    assert_eq!(cost(&r, &[("payer", "management")]), dec("0"));
}

/// The management Insights of AWS's Insights examples 1 and 4 on `insights-trail`: 30,000 write
/// events analyzed for the call rate ($0.105) and 300,000 events for the error rate ($1.05).
fn assert_management_insights_of_the_examples(r: &Value) {
    assert_charge(
        r,
        "insights-trail",
        "insights_api_call_rate",
        30_000,
        "0.105",
    );
    assert_charge(
        r,
        "insights-trail",
        "insights_api_error_rate",
        300_000,
        "1.05",
    );
}

// Costs for Insights events, Example 1,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html —
// 270,000 read + 30,000 write, both Insights types: "The total management events analyzed is 330,000".
// At $0.35 per 100,000: 30,000 → $0.105 (call rate) + 300,000 → $1.05 (error rate) = $1.155.
#[test]
fn insights_costs_example_1_both_types_on_one_trail() {
    let r = price("insights-example-1-both-types.toml");
    assert_eq!(total(&r), dec("1.155"));
    assert_management_insights_of_the_examples(&r);
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "insights-trail"),
                ("kind", "insights_api_call_rate")
            ]
        ) + events(
            &r,
            &[
                ("trail", "insights-trail"),
                ("kind", "insights_api_error_rate")
            ]
        ),
        330_000,
        "AWS: 330,000 management events analyzed"
    );
    assert_charge(&r, "insights-trail", "management_free", 300_000, "0");
    assert_unit_price(&r, "insights_api_call_rate", "0.35");
    assert_unit_price(&r, "insights_api_error_rate", "0.35");
}

// Costs for Insights events, Example 2,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html —
// 710,000 read + 90,000 write; trail A call rate only: 90,000 analyzed → $0.315; trail B error rate
// only: 800,000 analyzed → $2.80. The second copy of the 800,000 management events (AWS CloudTrail
// Pricing, https://aws.amazon.com/cloudtrail/pricing/, $2.00 per 100,000) → $16.00 on trail B.
// Total $19.115.
#[test]
fn insights_costs_example_2_one_type_on_each_of_two_trails() {
    let r = price("insights-example-2-two-trails.toml");
    assert_eq!(total(&r), dec("19.115"));
    assert_charge(&r, "trail-a", "insights_api_call_rate", 90_000, "0.315");
    assert_charge(&r, "trail-b", "insights_api_error_rate", 800_000, "2.80");
    assert_eq!(
        events(
            &r,
            &[("trail", "trail-a"), ("kind", "insights_api_error_rate")]
        ),
        0
    );
    assert_eq!(
        events(
            &r,
            &[("trail", "trail-b"), ("kind", "insights_api_call_rate")]
        ),
        0
    );
    assert_charge(&r, "trail-a", "management_free", 800_000, "0");
    assert_charge(&r, "trail-b", "management_paid", 800_000, "16.00");
}

// Costs for Insights events, Example 3 (the trail; the event data store is CloudTrail Lake, not
// modelled), https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html —
// 380,000 read + 120,000 write: "The total management events analyzed for the trail is 620,000".
// At $0.35 per 100,000: 120,000 → $0.42 + 500,000 → $1.75 = $2.17.
#[test]
fn insights_costs_example_3_trail_half() {
    let r = price("insights-example-3-trail-part.toml");
    assert_eq!(total(&r), dec("2.17"));
    assert_charge(
        &r,
        "insights-trail",
        "insights_api_call_rate",
        120_000,
        "0.42",
    );
    assert_charge(
        &r,
        "insights-trail",
        "insights_api_error_rate",
        500_000,
        "1.75",
    );
    assert_eq!(
        events(
            &r,
            &[
                ("trail", "insights-trail"),
                ("kind", "insights_api_call_rate")
            ]
        ) + events(
            &r,
            &[
                ("trail", "insights-trail"),
                ("kind", "insights_api_error_rate")
            ]
        ),
        620_000,
        "AWS: 620,000 management events analyzed for the trail"
    );
}

// Costs for Insights events, Example 4,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html —
// 270,000 read + 30,000 write management events, 340,000 read + 60,000 write data events, both
// Insights types on both: "You will incur costs for analyzing 1,130,000 management and data events".
// Management Insights are billed as `InsightsEvents` at $0.35 per 100,000: 30,000 → $0.105 (call
// rate) + 300,000 → $1.05 (error rate) = $1.155. Data-event Insights are billed as
// `DataInsightsEvents` at $0.03 per 100,000 ($0.0000003 an event): 400,000 → $0.12 per type, $0.24
// for both. The 400,000 data events delivered at $0.10 per 100,000
// (https://aws.amazon.com/cloudtrail/pricing/) → $0.40. Total $0.40 + $1.155 + $0.24 = $1.795.
#[test]
fn insights_costs_example_4_management_and_data_insights() {
    let r = price("insights-example-4-management-and-data.toml");
    assert_eq!(total(&r), dec("1.795"));
    assert_management_insights_of_the_examples(&r);
    assert_charge(
        &r,
        "insights-trail",
        "data_insights_api_call_rate",
        400_000,
        "0.12",
    );
    assert_charge(
        &r,
        "insights-trail",
        "data_insights_api_error_rate",
        400_000,
        "0.12",
    );
    assert_charge(&r, "insights-trail", "data", 400_000, "0.40");
    let analyzed: u64 = [
        "insights_api_call_rate",
        "insights_api_error_rate",
        "data_insights_api_call_rate",
        "data_insights_api_error_rate",
    ]
    .iter()
    .map(|kind| events(&r, &[("trail", "insights-trail"), ("kind", *kind)]))
    .sum();
    assert_eq!(
        analyzed, 1_130_000,
        "AWS: 1,130,000 management and data events analyzed"
    );
    assert_unit_price(&r, "insights_api_call_rate", "0.35");
    assert_unit_price(&r, "data_insights_api_call_rate", "0.03");
    assert_unit_price(&r, "data_insights_api_error_rate", "0.03");
}

// AWS CloudTrail API reference, DataResource,
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html — S3 values
// are bucket and object prefixes; Lambda function values are exact ARNs ("function:checkout" does not
// select "function:checkout-v2"); DynamoDB table values are the table's ARN. At $0.10 per 100,000
// (https://aws.amazon.com/cloudtrail/pricing/): checkout 1,000,000 → $1.00, orders 2,000,000 →
// $2.00, uploads/2026/ 5,000,000 → $5.00; checkout-v2, orders-archive and uploads-old/ are not
// selected. Total $8.00 (as prefixes the Lambda and DynamoDB values would have cost $15.00).
#[test]
fn data_resource_values_lambda_and_dynamodb_exact_s3_prefix() {
    let r = price("data-resources-exact-and-prefix.toml");
    assert_eq!(total(&r), dec("8.00"));
    assert_charge(&r, "data-trail", "data", 8_000_000, "8.00");
    assert_unit_price(&r, "data", "0.10");
}
