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

use crate::support::{TODAY, dec, findings, money, path_str, run, scratch_dir};
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

/// The message of the report's one CT104 finding.
fn one_ct104(report: &Value) -> String {
    let ct104: Vec<_> = findings(report)
        .into_iter()
        .filter(|(rule, _)| rule == "CT104")
        .collect();
    assert_eq!(ct104.len(), 1, "{ct104:?}");
    ct104[0].1.clone()
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
    out.assert_failure(3, "tests/fixtures/partitions/mixed.toml:4:25: region `cn-north-1` is in partition aws-cn, but `us-east-1` is in aws");
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
    assert_eq!(
        one_ct104(&r),
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
    assert_eq!(
        one_ct104(&r),
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
    let found = findings(&r);
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

/// The lines of `text` that hold `needle`, for messages.
fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn human_reports_of_a_cny_scenario_show_yuan_never_dollars() {
    let copies = fixture("china-copies.toml");
    let report = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--today", TODAY]);
        let out = run(&all);
        assert_eq!(out.exit(), 0, "{}", out.describe());
        assert!(
            !out.stdout.contains('$'),
            "a dollar sign in CNY:\n{}",
            out.stdout
        );
        out.stdout
    };
    let markdown = report(&["plan", &copies, "--format", "markdown", "--months", "2"]);
    for line in [
        "**Monthly total: ¥3,080.00** · gate (fail on error): ✅ passed",
        "#### Downstream estimates: ¥14.75 a month (not in the total)",
        "| org | management | s3\\_storage | 22,000,000 | 36.88 GB-month | ¥7.38 |",
        "| org-copy | management | s3\\_storage | 22,000,000 | 36.88 GB-month | ¥7.38 |",
        "| `CT101` paid-management-copy | warning | 22 | ¥3,080.00 | trail org-copy, account \
         management, region cn-north-1 (¥140.00); trail org-copy, account management, region \
         cn-northwest-1 (¥140.00); trail org-copy, account member-01, region cn-north-1 \
         (¥140.00); 19 more |",
        "| `CT102` duplicate-global-service-events | warning | 11 | — | trail org-copy, account \
         management, region cn-north-1; trail org-copy, account member-01, region cn-north-1; \
         trail org-copy, account member-02, region cn-north-1; 8 more |",
        "#### Forecast: 2 months, ¥6,160.00 in total",
        "Exact total: `3080.00` CNY a month.",
    ] {
        assert!(
            markdown.lines().any(|l| l == line),
            "no line {line:?} in\n{markdown}"
        );
    }
    let table = report(&["plan", &copies, "--top", "1"]);
    assert!(
        table.contains("\nDownstream estimate: ¥14.75 a month\n"),
        "{:?}",
        lines_with(&table, "Downstream")
    );
    let rows = lines_with(&table, "s3_storage");
    assert_eq!(rows.len(), 2, "{table}");
    assert!(
        rows.iter()
            .all(|r| r.ends_with("┆ 36.88 GB-month ┆    ¥7.38 │")),
        "{rows:?}"
    );
}

#[test]
fn a_diff_of_a_cny_scenario_shows_yuan_never_dollars() {
    let copies = fixture("china-copies.toml");
    // The diff from the same organisation with one trail: every amount in yuan too.
    let dir = scratch_dir("partitions-cny-diff");
    let base = dir.join("one-trail.toml");
    let text = std::fs::read_to_string(&copies).unwrap();
    let cut = text.find("[[trail]]\nname = \"org-copy\"").unwrap();
    let end = text.find("\n[downstream]\n").unwrap() + 1;
    std::fs::write(&base, format!("{}{}", &text[..cut], &text[end..])).unwrap();
    let diff = |extra: &[&str]| {
        let mut args = vec!["diff", path_str(&base), copies.as_str(), "--today", TODAY];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.exit(), 1, "{}", out.describe());
        assert!(
            !out.stdout.contains('$'),
            "a dollar sign in CNY:\n{}",
            out.stdout
        );
        out.stdout
    };
    let limits = ["--max-increase", "100", "--max-increase-percent", "10"];
    let table = diff(&limits);
    for line in [
        "Total: ¥0.00 → ¥3,080.00 (+¥3,080.00, n/a)",
        "Trail org-copy added (¥3,080.00 a month)",
        "Gate (fail on error, max increase ¥100.00, max increase 10%): FAILED",
        "  - the increase of ¥3,080.00 is above --max-increase ¥100.00",
        "  - the total grew by ¥3,080.00 from ¥0.00, which no percentage covers \
         (--max-increase-percent 10)",
    ] {
        assert!(
            table.lines().any(|l| l == line),
            "no line {line:?} in\n{table}"
        );
    }
    let row = lines_with(&table, "org-copy (added)");
    assert_eq!(row.len(), 1, "{table}");
    assert!(
        row[0].ends_with("┆ 0 → 22,000,000 ┆ ¥0.00 ┆ ¥3,080.00 ┆ +¥3,080.00 │"),
        "{row:?}"
    );
    let mut args = limits.to_vec();
    args.extend(["--format", "markdown"]);
    let markdown = diff(&args);
    for line in [
        "**Monthly total: ¥0.00 → ¥3,080.00 (+¥3,080.00, n/a)**",
        "- `org-copy` added (¥3,080.00 a month)",
        "| `org-copy` (added) | `management_paid` | 0 → 22,000,000 | ¥0.00 | ¥3,080.00 | +¥3,080.00 |",
        "Exact totals: `0.00` → `3080.00` CNY (delta `3080.00`).",
        "- the increase of ¥3,080.00 is above --max-increase ¥100.00",
    ] {
        assert!(
            markdown.lines().any(|l| l == line),
            "no line {line:?} in\n{markdown}"
        );
    }
    // The new findings, more than are listed one by one, summed by rule with yuan at stake.
    assert!(
        markdown.contains("| `CT101` paid-management-copy | warning | 22 | ¥3,080.00 | "),
        "{markdown}"
    );
}
