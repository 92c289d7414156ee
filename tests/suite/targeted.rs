//! Behaviour that a hand-made or a cargo-mutants mutant of the code once changed while every other
//! test still passed: each test here pins one of them down with the values written in. The
//! scenarios are in `tests/fixtures/targeted/`, their first lines saying what they emit.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde_json::Value;
use trailplan::date::Date;
use trailplan::error::SourceFile;
use trailplan::plan;
use trailplan::pricing::Kind;

use crate::support::{dec, money, path_str, plan_json, read, run, scratch_dir};

const DIR: &str = "tests/fixtures/targeted";

/// `trailplan plan <fixture> --format json`: the exit code and the report.
fn plan_fixture(fixture: &str) -> (i32, Value) {
    let (report, code) = plan_json(&["plan", &format!("{DIR}/{fixture}")]);
    (code, report)
}

fn findings_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// The exact cost of the report's lines of one trail and kind.
fn cost(report: &Value, trail: &str, kind: &str) -> Decimal {
    report["charges"]
        .as_array()
        .expect("a charges array")
        .iter()
        .filter(|c| c["trail"] == trail && c["kind"] == kind)
        .map(|c| money(&c["cost"]))
        .sum()
}

/// The line of the `[[trail]]` header of the trail named `name` in a fixture.
fn trail_line(fixture: &str, name: &str) -> u64 {
    let text = read(&format!("{DIR}/{fixture}"));
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("name = \"{name}\""))
        .unwrap_or_else(|| panic!("{fixture} has no trail {name}"));
    assert_eq!(
        lines[at - 1],
        "[[trail]]",
        "{fixture}: {name} is not a trail"
    );
    u64::try_from(at).expect("a small line number")
}

// AWS, "Managing CloudTrail costs"
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html):
// a trail that excludes AWS KMS events is not charged for a copy of them.
#[test]
fn excluded_kms_events_are_not_a_paid_copy() {
    let (code, report) = plan_fixture("exclude-kms.toml");
    assert_eq!(code, 0, "{report}");
    // 200,000 EC2 writes × $2.00 / 100,000; the 1,000,000 KMS reads reach the first trail only.
    assert_eq!(report["total"], "4.00");
    assert_eq!(
        cost(&report, "security-copy", "management_paid"),
        dec("4.00")
    );
    let paid: Vec<&Value> = report["charges"]
        .as_array()
        .expect("charges")
        .iter()
        .filter(|c| c["kind"] == "management_paid")
        .collect();
    assert_eq!(paid.len(), 1, "{paid:?}");
    assert_eq!(paid[0]["events"], 200_000);
    let free: u64 = report["charges"]
        .as_array()
        .expect("charges")
        .iter()
        .filter(|c| c["trail"] == "audit" && c["kind"] == "management_free")
        .map(|c| c["events"].as_u64().expect("events"))
        .sum();
    assert_eq!(free, 1_200_000, "the first trail holds every free copy");
    let ct101 = findings_of(&report, "CT101");
    assert_eq!(ct101.len(), 1);
    assert_eq!(
        ct101[0]["message"],
        "trail security-copy delivers a paid copy of 200,000 management events in \
         default/us-east-1 ($4.00 a month)"
    );
    // A finding carries its rule's name beside the code (cargo-mutants: `Finding::name`).
    assert_eq!(ct101[0]["name"], "paid-management-copy");
}

#[test]
fn selectors_of_one_direction_select_their_volume() {
    let (code, report) = plan_fixture("advanced-read-write-split.toml");
    assert_eq!(code, 0, "{report}");
    assert!(
        findings_of(&report, "CT106").is_empty(),
        "a selector of reads only (or writes only) selects the volume's reads (or writes): {report:#}"
    );
    assert!(
        findings_of(&report, "CT103").is_empty(),
        "every management event is delivered"
    );
    assert_eq!(report["total"], "2.50");
    assert_eq!(cost(&report, "s3-reads", "data"), dec("2.00"));
    assert_eq!(cost(&report, "s3-writes", "data"), dec("0.50"));
    let events = |trail: &str, kind: &str| -> u64 {
        report["charges"]
            .as_array()
            .expect("charges")
            .iter()
            .filter(|c| c["trail"] == trail && c["kind"] == kind)
            .map(|c| c["events"].as_u64().expect("events"))
            .sum()
    };
    assert_eq!(events("management-reads", "management_free"), 1_000_000);
    assert_eq!(events("management-writes", "management_free"), 100_000);
    assert_eq!(events("s3-reads", "data"), 2_000_000);
    assert_eq!(events("s3-writes", "data"), 500_000);
}

#[test]
fn money_written_as_a_toml_integer_is_that_integer() {
    let (code, report) = plan_fixture("integer-money.toml");
    assert_eq!(code, 1, "CT120 and CT011 are errors: {report}");
    // `data = 1`: $1 per 100,000 events.
    assert_eq!(report["charges"][0]["price_per_100k"], "1.00");
    assert_eq!(report["total"], "20.00");
    let ct120 = findings_of(&report, "CT120");
    assert_eq!(ct120.len(), 1);
    assert_eq!(
        ct120[0]["message"],
        "the monthly total $20.00 is above the budget $19.00 by $1.00"
    );
    let ct011 = findings_of(&report, "CT011");
    assert_eq!(ct011.len(), 1);
    assert_eq!(
        ct011[0]["message"],
        "3 calls/s to LookupEvents planned in default/us-east-1 (poller); CloudTrail allows 2"
    );
    // The same integers through `--prices`.
    let dir = scratch_dir("targeted-integer-prices");
    let prices = dir.join("prices.toml");
    std::fs::write(&prices, "data = 2\n").expect("a prices file");
    let out = run(&[
        "price",
        &format!("{DIR}/integer-money.toml"),
        "--format",
        "json",
        "--prices",
        path_str(&prices),
    ]);
    assert_eq!(out.json()["total"], "40.00", "{}", out.describe());
}

/// Integers at the boundaries: a budget equal to the total and a rate equal to the quota pass;
/// a negative integer is refused where it is written.
#[test]
fn integer_money_at_its_boundaries() {
    let text = read(&format!("{DIR}/integer-money.toml"));
    let dir = scratch_dir("targeted-integer-boundaries");
    let at_limits = dir.join("at-limits.toml");
    std::fs::write(
        &at_limits,
        text.replace("monthly_budget = 19", "monthly_budget = 20")
            .replace("calls_per_second = 3", "calls_per_second = 2"),
    )
    .expect("write");
    let out = run(&["check", path_str(&at_limits), "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.describe());
    assert_eq!(out.json()["findings"], serde_json::json!([]));

    let negative = dir.join("negative.toml");
    std::fs::write(
        &negative,
        text.replace("calls_per_second = 3", "calls_per_second = -3"),
    )
    .expect("write");
    let out = run(&["plan", path_str(&negative)]);
    assert_eq!(out.code, Some(3), "{}", out.describe());
    assert!(
        out.stderr
            .contains("negative.toml:23:20: `calls_per_second` must not be negative"),
        "{}",
        out.describe()
    );
}

/// A decimal string with a sign of `+` is not the plain decimal the scenario format takes; one
/// with `-` is read, and refused for being negative.
#[test]
fn money_with_a_plus_sign_is_refused_and_a_minus_sign_is_read() {
    let dir = scratch_dir("targeted-signs");
    let scenario = |budget: &str| {
        format!(
            "format = 1\nname = \"signs\"\nregions = [\"us-east-1\"]\n[policy]\nmonthly_budget = \"{budget}\"\n"
        )
    };
    let plus = dir.join("plus.toml");
    std::fs::write(&plus, scenario("+1.5")).expect("write");
    let out = run(&["plan", path_str(&plus)]);
    assert_eq!(out.code, Some(3), "{}", out.describe());
    assert!(
        out.stderr
            .contains("plus.toml:5:18: `+1.5` is not a decimal amount"),
        "{}",
        out.describe()
    );
    let minus = dir.join("minus.toml");
    std::fs::write(&minus, scenario("-1.5")).expect("write");
    let out = run(&["plan", path_str(&minus)]);
    assert_eq!(out.code, Some(3), "{}", out.describe());
    assert!(
        out.stderr
            .contains("minus.toml:5:18: `monthly_budget` must not be negative"),
        "{}",
        out.describe()
    );
    let plain = dir.join("plain.toml");
    std::fs::write(&plain, scenario("1_500.50")).expect("write");
    let out = run(&["plan", path_str(&plain), "--format", "json"]);
    assert_eq!(out.code, Some(0), "{}", out.describe());
}

#[test]
fn ct001_names_the_account_and_region_and_points_at_the_sixth_trail_there() {
    let fixture = "seven-trails-in-one-cell.toml";
    let (code, report) = plan_fixture(fixture);
    assert_eq!(code, 1);
    let ct001 = findings_of(&report, "CT001");
    assert_eq!(ct001.len(), 1, "dev holds exactly 5: {ct001:?}");
    let f = ct001[0];
    assert_eq!(f["account"], "prod");
    assert_eq!(f["region"], "eu-west-1");
    assert_eq!(
        f["message"],
        "7 trails apply in prod/eu-west-1; CloudTrail allows 5"
    );
    // prod/eu-west-1 in file order: prod-global, prod-1, prod-2, prod-3, prod-4, prod-5, prod-6.
    assert_eq!(f["line"], trail_line(fixture, "prod-5"));
    assert_eq!(f["line"], 82);
}

#[test]
fn ct101_names_the_region_of_the_paid_copy() {
    let (code, report) = plan_fixture("paid-copy-in-the-second-region.toml");
    assert_eq!(code, 0);
    let ct101 = findings_of(&report, "CT101");
    assert_eq!(ct101.len(), 1, "{ct101:?}");
    let f = ct101[0];
    assert_eq!(f["trail"], "dublin");
    assert_eq!(f["account"], "prod");
    assert_eq!(f["region"], "eu-west-1");
    assert_eq!(
        f["message"],
        "trail dublin delivers a paid copy of 100,000 management events in prod/eu-west-1 \
         ($2.00 a month)"
    );
    assert_eq!(report["total"], "2.00");
}

/// The twenty regions of the organization priced on several threads.
const REGIONS: [&str; 20] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "eu-south-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-east-1",
    "sa-east-1",
    "me-south-1",
];

/// SPEC §1's organization case at a scale that the pricing stage splits over threads (20,000
/// account × region cells or more): 1,000 accounts × 20 regions, 150,000 management writes in
/// each cell. The organization trail holds every free copy; a second organization trail pays
/// 150,000 × $2.00 / 100,000 = $3.00 in each of the 20,000 cells, $60,000.00; one member trail in
/// the first account and one in the last add $3.00 each. The lines come in one thread's order:
/// by trail, then account, then region.
#[test]
fn an_organization_priced_on_several_threads_adds_up_exactly() {
    const ACCOUNTS: usize = 1_000;
    let quoted: Vec<String> = REGIONS.iter().map(|r| format!("\"{r}\"")).collect();
    let mut text = format!(
        "format = 1\nname = \"large organization\"\nregions = [{}]\n",
        quoted.join(", ")
    );
    for a in 0..ACCOUNTS {
        let _ = writeln!(text, "[[account]]\nname = \"a{a:03}\"");
        if a == 0 {
            text.push_str("management = true\n");
        }
    }
    text.push_str("[[volume]]\ncategory = \"management\"\nwrite = 150_000\n");
    for (name, extra) in [
        ("org-audit", "multi_region = true\norganization = true\n"),
        ("org-security", "multi_region = true\norganization = true\n"),
        ("first-member", "account = \"a000\"\n"),
        ("last-member", "account = \"a999\"\n"),
    ] {
        let home = if name == "last-member" {
            "me-south-1"
        } else {
            "us-east-1"
        };
        let _ = write!(
            text,
            "[[trail]]\nname = \"{name}\"\nhome_region = \"{home}\"\n{extra}"
        );
    }
    let scenario = trailplan::scenario::parse(SourceFile::new("large.toml", text))
        .unwrap_or_else(|e| panic!("the scenario is valid: {e}"));
    let today = Date::new(2026, 11, 25).expect("a real date");
    let plan = plan::evaluate(scenario, today, None).unwrap_or_else(|e| panic!("{e}"));
    let cells = ACCOUNTS * REGIONS.len();
    assert!(cells >= 20_000);
    assert_eq!(plan.costing.total, dec("60006.00"));
    let charges = &plan.costing.charges;
    assert_eq!(charges.len(), 2 * cells + 2);
    let (free, paid) = charges.split_at(cells);
    for (i, c) in free.iter().enumerate() {
        let want = (
            0,
            i / REGIONS.len(),
            i % REGIONS.len(),
            Kind::ManagementFree,
            150_000,
        );
        assert_eq!(
            (c.trail, c.account, c.region, c.kind, c.events),
            want,
            "line {i}"
        );
        assert_eq!(
            c.payer, 0,
            "the management account pays for organization trails"
        );
    }
    for (i, c) in paid[..cells].iter().enumerate() {
        let want = (
            1,
            i / REGIONS.len(),
            i % REGIONS.len(),
            Kind::ManagementPaid,
            150_000,
        );
        assert_eq!(
            (c.trail, c.account, c.region, c.kind, c.events),
            want,
            "line {i}"
        );
        assert_eq!(c.cost, dec("3.00"));
    }
    let members: Vec<_> = paid[cells..]
        .iter()
        .map(|c| {
            (
                c.trail, c.payer, c.account, c.region, c.kind, c.events, c.cost,
            )
        })
        .collect();
    assert_eq!(
        members,
        [
            (2, 0, 0, 0, Kind::ManagementPaid, 150_000, dec("3.00")),
            (3, 999, 999, 19, Kind::ManagementPaid, 150_000, dec("3.00")),
        ]
    );
}
