//! The bill and the metrics (SPEC §4 `usage_type`, SPEC §6 "The bill" and "Metrics"): the usage
//! type of every charge, reading Cost and Usage Reports (CUR 2.0 and legacy, CSV, gzip CSV and
//! Parquet), `usage bill`, `reconcile` with CT130, `usage metrics-queries` and `usage metrics`.
//!
//! Fixtures are in `tests/fixtures/bill/`: `org.toml` is a design, and `cur2-october.csv` and
//! `legacy-october.csv` are its October 2026 in the two column layouts of AWS's CUR documentation
//! (the CUR 2.0 table dictionary, the legacy `lineItem/…` columns), with rows of other services,
//! a credit, a tax, a CloudTrail usage type trailplan does not model and a few days of November.
//! `metric-data.json` is the shape of `aws cloudwatch get-metric-data --output json`.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::support::{
    EXAMPLE_FUNCTION as FUNCTION, Run, example_metrics_queries, path_str, run, scratch_dir,
};

/// `trailplan reconcile SCENARIO --bill BILL EXTRA`.
fn reconcile(scenario: &str, bill: &str, extra: &[&str]) -> Run {
    run(&[&["reconcile", scenario, "--bill", bill], extra].concat())
}

/// `trailplan usage metrics QUERIES tests/fixtures/bill/metric-data.json EXTRA`.
fn metrics(queries: &Path, extra: &[&str]) -> Run {
    let args = [
        "usage",
        "metrics",
        path_str(queries),
        "tests/fixtures/bill/metric-data.json",
    ];
    run(&[&args[..], extra].concat())
}

fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn dv(v: &Value) -> Decimal {
    d(v.as_str().unwrap_or_else(|| panic!("not a string: {v}")))
}

const ORG: &str = "tests/fixtures/bill/org.toml";
const CUR2: &str = "tests/fixtures/bill/cur2-october.csv";
const LEGACY: &str = "tests/fixtures/bill/legacy-october.csv";

/// `(account_id, usage_type)` → the group's JSON.
fn groups(report: &Value) -> BTreeMap<(String, String), Value> {
    report["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| {
            (
                (
                    g["account_id"].as_str().unwrap_or_default().to_string(),
                    g["usage_type"].as_str().unwrap_or_default().to_string(),
                ),
                g.clone(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// usage_type on every charge
// ---------------------------------------------------------------------------------------------

#[test]
fn every_charge_carries_the_usage_type_of_the_bill() {
    let out = run(&["plan", ORG, "--format", "json"]);
    let plan = out.json();
    let charges = plan["charges"].as_array().expect("charges");
    assert_eq!(charges.len(), 10);
    for c in charges {
        let code = match c["region"].as_str() {
            Some("us-east-1") => "USE1",
            Some("eu-west-1") => "EU",
            other => panic!("region {other:?}"),
        };
        let name = match c["kind"].as_str().unwrap_or_default() {
            "management_free" => "FreeEventsRecorded",
            "management_paid" => "PaidEventsRecorded",
            "data" => "DataEventsRecorded",
            "insights_api_call_rate" => "InsightsEvents",
            other => panic!("kind {other}"),
        };
        assert_eq!(
            c["usage_type"],
            Value::from(format!("{code}-{name}")),
            "{c}"
        );
    }
    let md = run(&["plan", ORG, "--format", "markdown"]).stdout;
    assert!(
        md.contains("| `prod-copy` | prod | prod | us-east-1 | `management_paid` | `USE1-PaidEventsRecorded` | 1,000,000 | $20.00 |"),
        "{md}"
    );
    let html = run(&["plan", ORG, "--format", "html"]).stdout;
    assert!(
        html.contains("<th>Usage type</th>"),
        "no column in the HTML"
    );
    assert!(html.contains("<td>management_paid</td><td>USE1-PaidEventsRecorded</td>"));
}

// ---------------------------------------------------------------------------------------------
// Reading the bill
// ---------------------------------------------------------------------------------------------

#[test]
fn a_design_reconciles_with_its_own_bill_in_both_layouts() {
    for bill in [CUR2, LEGACY] {
        let out = reconcile(ORG, bill, &["--format", "json"]);
        assert_eq!(out.code, Some(0), "{bill}: {}", out.stderr);
        let r = out.json();
        assert_eq!(
            r["month"], "2026-10",
            "the latest whole month, not November"
        );
        assert_eq!(r["passed"], true);
        let g = groups(&r);
        assert_eq!(g.len(), 6, "{bill}: {g:?}");
        let paid = &g[&("222222222222".into(), "USE1-PaidEventsRecorded".into())];
        assert_eq!(paid["planned_events"], "1000000");
        // 400000 and 600000.000000: summed exactly.
        assert_eq!(dv(&paid["billed_events"]), d("1000000"));
        assert_eq!(paid["billed_cost"], "20.00");
        assert_eq!(paid["side"], "both");
        // 600000 + 700000 + 7.0E+5, the last in exponent notation.
        let free = &g[&("111111111111".into(), "USE1-FreeEventsRecorded".into())];
        assert_eq!(dv(&free["billed_events"]), d("2000000"));
        assert_eq!(free["account"], "management");
        assert_eq!(free["region"], "us-east-1");
        // 0.42 + 2.8E-1 dollars.
        let eu = &g[&("111111111111".into(), "EU-InsightsEvents".into())];
        assert_eq!(eu["billed_cost"], "0.70");
        assert_eq!(dv(&eu["billed_events"]), d("200000"));
        assert_eq!(r["planned"]["cost"], "26.40");
        assert_eq!(r["billed"]["cost"], "26.40");
        // What was left out, and counted.
        assert_eq!(r["rows"], 18);
        assert_eq!(r["counted_rows"], 11);
        let left = &r["left_out"];
        assert_eq!(left["rows of other services"], 3);
        assert_eq!(left["CloudTrail Credit rows"], 1);
        assert_eq!(left["CloudTrail Tax rows"], 1);
        assert_eq!(left["rows of other months"], 2);
        assert_eq!(
            r["not_modelled"]["USE1-LakeIngestion-Bytes"]["cost"], "6.25",
            "CloudTrail usage of another type is reported, not compared"
        );
    }
}

#[test]
fn gzip_csv_reads_like_the_csv() {
    use std::io::Write as _;
    let dir = scratch_dir("bill-gzip");
    let gz = dir.join("cur.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&gz).expect("created"),
        flate2::Compression::default(),
    );
    enc.write_all(&std::fs::read(CUR2).expect("fixture"))
        .expect("written");
    enc.finish().expect("finished");
    let plain = reconcile(ORG, CUR2, &["--format", "json"]).json();
    let zipped = reconcile(ORG, path_str(&gz), &["--format", "json"]);
    assert_eq!(zipped.code, Some(0), "{}", zipped.stderr);
    let zipped = zipped.json();
    assert_eq!(zipped["groups"], plain["groups"]);
    assert_eq!(zipped["left_out"], plain["left_out"]);
}

#[test]
fn month_picks_a_month_and_a_partial_month_differs() {
    let out = reconcile(ORG, CUR2, &["--month", "2026-11", "--format", "json"]);
    assert_eq!(
        out.code,
        Some(1),
        "three days of November are not the plan's month"
    );
    let r = out.json();
    assert_eq!(r["month"], "2026-11");
    let g = groups(&r);
    let paid = &g[&("222222222222".into(), "USE1-PaidEventsRecorded".into())];
    assert_eq!(paid["billed_events"], "30000");
    assert_eq!(paid["billed_cost"], "0.60");
    assert_eq!(paid["within_tolerance"], false);
    // Groups the bill lacks that month are plan-only.
    let data = &g[&("222222222222".into(), "EU-DataEventsRecorded".into())];
    assert_eq!(data["side"], "plan_only");
    assert_eq!(r["left_out"]["rows of other months"], 16);
    let missing = reconcile(ORG, CUR2, &["--month", "2025-01"]);
    assert_eq!(missing.code, Some(3));
    assert!(
        missing
            .stderr
            .contains("no rows in 2025-01 (it holds 2026-10, 2026-11)"),
        "{}",
        missing.stderr
    );
    let bad = reconcile(ORG, CUR2, &["--month", "2026-13"]);
    assert_eq!(bad.code, Some(2), "{}", bad.stderr);
}

#[test]
fn a_bill_without_a_whole_month_asks_for_one() {
    let dir = scratch_dir("bill-partial");
    let file = dir.join("november.csv");
    let text = std::fs::read_to_string(CUR2).expect("fixture");
    let mut lines = text.lines();
    let mut partial = format!("{}\n", lines.next().unwrap_or_default());
    for l in lines.filter(|l| l.contains(",Usage,2026-11-")) {
        partial.push_str(l);
        partial.push('\n');
    }
    std::fs::write(&file, partial).expect("written");
    let out = run(&["usage", "bill", path_str(&file)]);
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr.contains("no whole month (the latest, 2026-11, has rows up to day 3); pick one with --month YYYY-MM"),
        "{}",
        out.stderr
    );
    let out = run(&["usage", "bill", path_str(&file), "--month", "2026-11"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    out.assert_stdout_has("read = 58500\nwrite = 6500\n");
}

#[test]
fn a_malformed_bill_names_the_file_and_the_row() {
    let out = reconcile(ORG, "tests/fixtures/bill/bad-amount.csv", &[]);
    assert_eq!(out.code, Some(3));
    assert_eq!(
        out.stderr.trim(),
        "error: tests/fixtures/bill/bad-amount.csv: row 3 (line 4): line_item_usage_amount `4,000` is not a decimal amount"
    );
    let out = run(&["usage", "bill", "tests/fixtures/bill/ragged.csv"]);
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr.contains("tests/fixtures/bill/ragged.csv: row 4 is not CSV: 9 fields where the header has 16 (line 5)"),
        "{}",
        out.stderr
    );
    let out = run(&["usage", "bill", ORG]);
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr.contains("not a Cost and Usage Report: no column line_item_usage_account_id (or lineItem/UsageAccountId)"),
        "{}",
        out.stderr
    );
    let out = run(&["usage", "bill", "tests/fixtures/bill/no-such.csv"]);
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr.contains("no-such.csv: no such file"),
        "{}",
        out.stderr
    );
}

#[test]
fn reconcile_needs_every_account_id() {
    let dir = scratch_dir("bill-no-id");
    let scenario = dir.join("s.toml");
    let text = std::fs::read_to_string(ORG).expect("fixture");
    std::fs::write(&scenario, text.replace("id = \"222222222222\"\n", "")).expect("written");
    let out = reconcile(path_str(&scenario), CUR2, &[]);
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr.contains("account `prod` has no `id`"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// Tolerance
// ---------------------------------------------------------------------------------------------

/// The CUR 2.0 fixture with the October `USE1-PaidEventsRecorded` rows of prod replaced by one row
/// of `events` events costing `cost`.
fn with_paid(events: &str, cost: &str, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(CUR2).expect("fixture");
    let mut out = String::new();
    let mut replaced = false;
    for line in text.lines() {
        if line.contains(",2026-10-")
            && line.contains(",222222222222,AWSCloudTrail,USE1-PaidEventsRecorded,")
            && line.contains(",Usage,")
        {
            if !replaced {
                replaced = true;
                let _ = writeln!(
                    out,
                    "li-9999,,2026-10-01T00:00:00Z,111111111111,Usage,2026-10-05T00:00:00Z,2026-10-06T00:00:00Z,222222222222,AWSCloudTrail,USE1-PaidEventsRecorded,None,{events},0.00002,{cost},paid,us-east-1"
                );
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    let file = dir.join(format!("paid-{events}.csv"));
    std::fs::write(&file, out).expect("written");
    file
}

#[test]
fn a_group_off_by_a_fifth_fails_and_only_that_group() {
    let dir = scratch_dir("bill-fifth");
    // The bill is 20 % above the plan's 1,000,000 paid events.
    let bill = with_paid("1250000", "25", &dir);
    let out = reconcile(ORG, path_str(&bill), &["--format", "json"]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let r = out.json();
    let findings = r["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!(f["rule"], "CT130");
    assert_eq!(f["name"], "plan-differs-from-bill");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["account"], "prod");
    assert_eq!(f["region"], "us-east-1");
    assert_eq!(
        f["message"],
        "USE1-PaidEventsRecorded in account 222222222222 (prod): planned 1,000,000 events ($20.00), billed 1,250,000 events ($25.00): the plan is 20 % below the bill, beyond the 5 % tolerance"
    );
    assert_eq!(f["data"]["account_id"], "222222222222");
    assert_eq!(f["data"]["usage_type"], "USE1-PaidEventsRecorded");
    assert_eq!(f["data"]["planned_events"], 1_000_000);
    assert_eq!(f["data"]["billed_events"], 1_250_000);
    assert_eq!(f["data"]["planned_cost"], "20.00");
    assert_eq!(f["data"]["billed_cost"], "25.00");
    assert_eq!(f["data"]["tolerance_percent"], "5.00");
    let g = groups(&r);
    let off: Vec<_> = g
        .values()
        .filter(|g| g["within_tolerance"] == false)
        .collect();
    assert_eq!(off.len(), 1);
    assert_eq!(off[0]["events_difference"], "-250000");
    assert_eq!(off[0]["events_difference_percent"], "-20.00");
    assert_eq!(off[0]["cost_difference"], "-5.00");
    // The table says the same for people.
    let table = reconcile(ORG, path_str(&bill), &[]);
    assert_eq!(table.code, Some(1));
    assert!(
        table
            .stdout
            .contains("1 group beyond the tolerance (CT130 plan-differs-from-bill)"),
        "{}",
        table.stdout
    );
    table.assert_stdout_has("│ 222222222222 (prod)       ┆ us-east-1 ┆ USE1-PaidEventsRecorded ┆      1,000,000 ┆     1,250,000 ┆ -250,000 ┆       $20.00 ┆      $25.00 ┆ -$5.00 ┆ CT130 differs │");
    let md = reconcile(ORG, path_str(&bill), &["--format", "markdown"]);
    assert_eq!(md.code, Some(1));
    md.assert_stdout_has("**1 group beyond the tolerance** (CT130 `plan-differs-from-bill`).");
    md.assert_stdout_has("| 222222222222 (prod) | us-east-1 | `USE1-PaidEventsRecorded` | 1,000,000 | 1,250,000 | -250,000 | $20.00 | $25.00 | -$5.00 | CT130 differs |");
    // A wider tolerance accepts it.
    let wide = reconcile(ORG, path_str(&bill), &["--tolerance", "25%"]);
    assert_eq!(wide.code, Some(0), "{}", wide.stdout);
}

#[test]
fn exactly_at_the_tolerance_passes_and_just_above_fails() {
    let dir = scratch_dir("bill-edge");
    // Two trails in one account: 1,050,000 paid events, $21.00.
    let scenario = dir.join("two.toml");
    std::fs::write(
        &scenario,
        "format = 1\nname = \"two trails\"\nregions = [\"us-east-1\"]\n\
         [[account]]\nname = \"prod\"\nid = \"222222222222\"\n\
         [[volume]]\ncategory = \"management\"\nwrite = 1_050_000\n\
         [[trail]]\nname = \"first\"\n[[trail]]\nname = \"second\"\n",
    )
    .expect("written");
    let bill = |paid: &str, cost: &str| {
        let file = dir.join(format!("bill-{paid}.csv"));
        std::fs::write(
            &file,
            format!(
                "line_item_usage_account_id,line_item_product_code,line_item_line_item_type,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_usage_start_date\n\
                 222222222222,AWSCloudTrail,Usage,USE1-FreeEventsRecorded,1050000,0,2026-10-31T00:00:00Z\n\
                 222222222222,AWSCloudTrail,Usage,USE1-PaidEventsRecorded,{paid},{cost},2026-10-31T00:00:00Z\n"
            ),
        )
        .expect("written");
        file
    };
    // The plan is 50,000 events and $1.00 above a bill of 1,000,000 events and $20.00: exactly 5 %.
    let at = bill("1000000", "20.00");
    let out = reconcile(path_str(&scenario), path_str(&at), &[]);
    assert_eq!(out.code, Some(0), "exactly at 5 % passes:\n{}", out.stdout);
    // A bill of 999,999 events ($19.99998): the plan is 5.0001 % above it.
    let above = bill("999999", "19.99998");
    let out = reconcile(path_str(&scenario), path_str(&above), &["--format", "json"]);
    assert_eq!(out.code, Some(1), "just above 5 % fails:\n{}", out.stdout);
    let r = out.json();
    assert_eq!(r["findings"].as_array().map(Vec::len), Some(1));
    assert_eq!(r["groups"][1]["events_difference_percent"], "5.00");
    assert_eq!(r["groups"][1]["within_tolerance"], false);
    // Events within, cost beyond: the cost alone fails the group.
    let cost = bill("1000000", "19.99");
    let out = reconcile(path_str(&scenario), path_str(&cost), &[]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    // The tolerance moves the edge: 20 % of a bill of 875,000 is 175,000 = 1,050,000 − 875,000.
    let fifth = bill("875000", "17.50");
    for (tolerance, code) in [("20", 0), ("19.999", 1), ("-1", 2)] {
        let out = reconcile(
            path_str(&scenario),
            path_str(&fifth),
            &["--tolerance", tolerance],
        );
        assert_eq!(
            out.code,
            Some(code),
            "--tolerance {tolerance}\n{}",
            out.describe()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// usage bill
// ---------------------------------------------------------------------------------------------

#[test]
fn usage_bill_writes_management_volumes_that_plan() {
    let out = run(&["usage", "bill", CUR2]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = &out.stdout;
    assert!(text.starts_with("# Management volumes from the Cost and Usage Report tests/fixtures/bill/cur2-october.csv.\n# Month 2026-10 (the latest whole month in the bill); 18 rows read, 11 CloudTrail usage rows counted in the month.\n# Left out: CloudTrail Credit rows: 1; CloudTrail Tax rows: 1; rows of other months: 2; rows of other services: 3.\n"), "{text}");
    assert!(
        text.contains("Assumption: 10 % of them are writes (--write-share 0.1), the rest reads."),
        "{text}"
    );
    assert!(
        text.contains("`trailplan usage logs` splits it by member."),
        "{text}"
    );
    assert!(
        text.contains("# Not modelled: USE1-LakeIngestion-Bytes (1 row, 2.5 units, $6.25).\n"),
        "{text}"
    );
    let table: toml::Table = text.parse().expect("TOML");
    assert_eq!(table["regions"].as_array().map(Vec::len), Some(2));
    let volumes = table["volume"].as_array().expect("volumes");
    // Only the management account records free copies: the organization trail's, for both.
    assert_eq!(volumes.len(), 2);
    for v in volumes {
        assert_eq!(
            v["accounts"].as_array().expect("accounts")[0].as_str(),
            Some("111111111111")
        );
        assert_eq!(v["read"].as_integer(), Some(1_800_000));
        assert_eq!(v["write"].as_integer(), Some(200_000));
    }
    // Planned with two trails in the management account: the second copy of 2,000,000 events in
    // each of two regions is 4,000,000 × $2.00 / 100,000 = $80.00.
    let dir = scratch_dir("bill-usage-bill");
    let scenario = dir.join("from-bill.toml");
    std::fs::write(
        &scenario,
        format!(
            "{text}\n[[trail]]\nname = \"audit\"\nmulti_region = true\nhome_region = \"us-east-1\"\n\n\
             [[trail]]\nname = \"copy\"\nmulti_region = true\nhome_region = \"us-east-1\"\n"
        ),
    )
    .expect("written");
    let planned = run(&["plan", path_str(&scenario), "--format", "json"]);
    assert_eq!(planned.code, Some(0), "{}", planned.stderr);
    assert_eq!(planned.json()["total"], "80.00");
    // JSON: the same volumes, and the header's statements as notes.
    let j = run(&["usage", "bill", CUR2, "--format", "json"]).json();
    assert_eq!(j["scenario"]["volume"][1]["regions"][0], "us-east-1");
    assert_eq!(j["scenario"]["volume"][1]["read"], 1_800_000);
    assert_eq!(j["scenario"]["volume"][1]["write"], 200_000);
    assert_eq!(j["scenario"]["account"][0]["id"], "111111111111");
    assert!(
        j["notes"][2]
            .as_str()
            .is_some_and(|n| n.starts_with("Left out: CloudTrail Credit rows: 1;")),
        "{j}"
    );
}

#[test]
fn the_write_share_is_exact_and_rounds_half_away_from_zero() {
    let dir = scratch_dir("bill-share");
    let file = dir.join("cur.csv");
    std::fs::write(
        &file,
        "line_item_usage_account_id,line_item_product_code,line_item_line_item_type,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_usage_start_date\n\
         333333333333,AWSCloudTrail,Usage,APS3-FreeEventsRecorded,5,0,2026-09-30T00:00:00Z\n\
         333333333333,AWSCloudTrail,Usage,CAN2-FreeEventsRecorded,1.0E+1,0,2026-09-01T00:00:00Z\n",
    )
    .expect("written");
    let out = run(&["usage", "bill", path_str(&file), "--write-share", "0.1"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // 5 × 0.1 = 0.5 → 1 write, 4 reads (half away from zero, not to even); 10 × 0.1 = 1.
    out.assert_stdout_has(
        "regions = [\"ap-south-1\"]\ncategory = \"management\"\nread = 4\nwrite = 1\n",
    );
    out.assert_stdout_has(
        "regions = [\"ca-west-1\"]\ncategory = \"management\"\nread = 9\nwrite = 1\n",
    );
    let out = run(&["usage", "bill", path_str(&file), "--write-share", "0.25"]);
    // 5 × 0.25 = 1.25 → 1; 10 × 0.25 = 2.5 → 3.
    assert!(
        out.stdout.contains("read = 4\nwrite = 1\n")
            && out.stdout.contains("read = 7\nwrite = 3\n"),
        "{}",
        out.stdout
    );
    for bad in ["1.5", "-0.1", "0.1e0", "ten"] {
        let out = run(&["usage", "bill", path_str(&file), "--write-share", bad]);
        assert_eq!(out.code, Some(2), "{bad}: {}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

fn queries(dir: &Path) -> PathBuf {
    let out = example_metrics_queries();
    let file = dir.join("queries.json");
    std::fs::write(&file, &out.stdout).expect("written");
    file
}

#[test]
fn metrics_queries_are_what_get_metric_data_takes() {
    let dir = scratch_dir("bill-queries");
    let q: Value =
        serde_json::from_str(&std::fs::read_to_string(queries(&dir)).expect("read")).expect("JSON");
    let q = q.as_array().expect("an array of MetricDataQueries");
    assert_eq!(q.len(), 8);
    let ids: Vec<&str> = q.iter().filter_map(|x| x["Id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "s3_0_getrequests",
            "s3_0_headrequests",
            "s3_0_listrequests",
            "s3_0_selectrequests",
            "s3_0_putrequests",
            "s3_0_deleterequests",
            "s3_0_postrequests",
            "lambda_0"
        ]
    );
    let get = &q[0]["MetricStat"];
    assert_eq!(get["Metric"]["Namespace"], "AWS/S3");
    assert_eq!(get["Metric"]["MetricName"], "GetRequests");
    assert_eq!(
        get["Metric"]["Dimensions"],
        serde_json::json!([{"Name": "BucketName", "Value": "prod-uploads"}, {"Name": "FilterId", "Value": "EntireBucket"}])
    );
    assert_eq!(get["Period"], 86400);
    assert_eq!(get["Stat"], "Sum");
    let lambda = &q[7];
    assert_eq!(lambda["Label"], FUNCTION);
    assert_eq!(lambda["MetricStat"]["Metric"]["Namespace"], "AWS/Lambda");
    assert_eq!(lambda["MetricStat"]["Metric"]["MetricName"], "Invocations");
    assert_eq!(
        lambda["MetricStat"]["Metric"]["Dimensions"],
        serde_json::json!([{"Name": "FunctionName", "Value": "checkout"}])
    );
    let other = run(&[
        "usage",
        "metrics-queries",
        "--bucket",
        "b",
        "--filter-id",
        "Docs",
    ]);
    other.assert_stdout_has("\"Value\": \"Docs\"");
    let bad = run(&["usage", "metrics-queries", "--function", "checkout"]);
    assert_eq!(bad.code, Some(2));
    let none = run(&["usage", "metrics-queries"]);
    assert_eq!(none.code, Some(2));
}

#[test]
fn usage_metrics_writes_data_volumes_scaled_to_a_month_that_plan() {
    let dir = scratch_dir("bill-metrics");
    let q = queries(&dir);
    let out = metrics(&q, &["--region", "eu-west-1", "--account", "222222222222"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = &out.stdout;
    assert!(text.contains("# 8 queries, 21 data points; window 2026-11-01 to 2026-11-07, 7 UTC days both included; scale × 30 / 7, rounded half away from zero.\n"), "{text}");
    assert!(text.contains("Queries without data points (no requests in the window, counted as 0): s3_0_selectrequests."), "{text}");
    // Reads: 700,000 Get + 10,000 Head + 2,500 List (written 2.5E3) = 712,500 × 30 / 7 =
    // 3,053,571.43 → 3,053,571. Writes: 66,667 Put + 333 Delete = 67,000 × 30 / 7 = 287,142.86 →
    // 287,143. Invocations: 123,457 × 30 / 7 = 529,101.43 → 529,101.
    assert!(
        text.contains(
            "resource_arn = \"arn:aws:s3:::prod-uploads/\"\nread = 3053571\nwrite = 287143\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "resource_arn = \"{FUNCTION}\"\nread = 0\nwrite = 529101\n"
        )),
        "{text}"
    );
    let scenario = dir.join("data.toml");
    std::fs::write(
        &scenario,
        format!(
            "{text}\n[[trail]]\nname = \"data\"\nhome_region = \"eu-west-1\"\n[[trail.event_selector]]\n\
             include_management_events = false\ndata_resources = [\n  {{ type = \"AWS::S3::Object\", values = [\"arn:aws:s3:::prod-uploads/\"] }},\n  \
             {{ type = \"AWS::Lambda::Function\", values = [\"{FUNCTION}\"] }},\n]\n"
        ),
    )
    .expect("written");
    let planned = run(&["plan", path_str(&scenario), "--format", "json"]);
    assert_eq!(planned.code, Some(0), "{}", planned.stderr);
    // 3,053,571 + 287,143 + 529,101 = 3,869,815 data events × $0.10 / 100,000.
    assert_eq!(planned.json()["total"], "3.869815");
    // --days: 123,457 × 30 / 4 = 925,927.5 → 925,928 (half away from zero).
    let four = metrics(&q, &["--region", "eu-west-1", "--days", "4"]);
    four.assert_stdout_has("write = 925928\n");
    four.assert_stdout_has("name = \"default\"");
    // S3 metrics name no region.
    let no_region = metrics(&q, &[]);
    assert_eq!(no_region.code, Some(3));
    assert!(
        no_region.stderr.contains("pass --region"),
        "{}",
        no_region.stderr
    );
}

#[test]
fn metric_results_that_do_not_join_or_are_partial_are_errors() {
    let dir = scratch_dir("bill-metrics-bad");
    let q = queries(&dir);
    let fixture = std::fs::read_to_string("tests/fixtures/bill/metric-data.json").expect("fixture");
    for (name, text, expected) in [
        (
            "unknown-id",
            fixture.replace("\"lambda_0\"", "\"lambda_9\""),
            "result `lambda_9` matches no query of",
        ),
        (
            "partial",
            fixture.replacen("\"Complete\"", "\"PartialData\"", 1),
            "result `s3_0_getrequests` is PartialData",
        ),
        (
            "string-value",
            fixture.replace("2.5E3", "\"2500\""),
            "result `s3_0_listrequests`: value `\"2500\"` is not a count",
        ),
        (
            "bad-time",
            fixture.replace("2026-11-05T00:00:00+00:00", "5 November"),
            "`5 November` is not an ISO 8601 timestamp",
        ),
    ] {
        let file = dir.join(format!("{name}.json"));
        std::fs::write(&file, text).expect("written");
        let out = run(&[
            "usage",
            "metrics",
            path_str(&q),
            path_str(&file),
            "--region",
            "eu-west-1",
        ]);
        assert_eq!(out.code, Some(3), "{name}: {}", out.stdout);
        assert!(
            out.stderr.contains(path_str(&file)) && out.stderr.contains(expected),
            "{name}: {}",
            out.stderr
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Parquet
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "parquet")]
#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one Parquet file written and read back column by column"
)]
fn parquet_reads_like_the_csv() {
    use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use std::sync::Arc;
    let dir = scratch_dir("bill-parquet");
    let file = dir.join("cur.parquet");
    let schema = Arc::new(
        parse_message_type(
            "message cur {
                REQUIRED BYTE_ARRAY line_item_usage_account_id (UTF8);
                REQUIRED BYTE_ARRAY line_item_product_code (UTF8);
                REQUIRED BYTE_ARRAY line_item_line_item_type (UTF8);
                REQUIRED BYTE_ARRAY line_item_usage_type (UTF8);
                REQUIRED DOUBLE line_item_usage_amount;
                REQUIRED DOUBLE line_item_unblended_cost;
                REQUIRED INT64 line_item_usage_start_date (TIMESTAMP(MILLIS,true));
                REQUIRED BYTE_ARRAY product_region_code (UTF8);
            }",
        )
        .expect("schema"),
    );
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .build(),
    );
    let mut writer =
        SerializedFileWriter::new(std::fs::File::create(&file).expect("file"), schema, props)
            .expect("writer");
    // 2026-10-05 and 2026-10-31 at midnight UTC, in milliseconds since the epoch.
    let oct5: i64 = 1_791_158_400_000;
    let oct31: i64 = 1_793_404_800_000;
    let text = |v: &[&str]| v.iter().map(|s| ByteArray::from(*s)).collect::<Vec<_>>();
    let mut group = writer.next_row_group().expect("row group");
    let mut column = 0;
    while let Some(mut c) = group.next_column().expect("column") {
        match column {
            0 => c.typed::<ByteArrayType>().write_batch(
                &text(&["222222222222", "222222222222", "222222222222"]),
                None,
                None,
            ),
            1 => c.typed::<ByteArrayType>().write_batch(
                &text(&["AWSCloudTrail", "AWSCloudTrail", "AmazonS3"]),
                None,
                None,
            ),
            2 => c.typed::<ByteArrayType>().write_batch(
                &text(&["Usage", "Usage", "Usage"]),
                None,
                None,
            ),
            3 => c.typed::<ByteArrayType>().write_batch(
                &text(&[
                    "USE1-PaidEventsRecorded",
                    "USE1-PaidEventsRecorded",
                    "USE1-Requests-Tier1",
                ]),
                None,
                None,
            ),
            4 => c
                .typed::<DoubleType>()
                .write_batch(&[400_000.0, 600_000.0, 10.0], None, None),
            5 => c
                .typed::<DoubleType>()
                .write_batch(&[8.0, 12.0, 0.05], None, None),
            6 => c
                .typed::<Int64Type>()
                .write_batch(&[oct5, oct31, oct31], None, None),
            _ => c.typed::<ByteArrayType>().write_batch(
                &text(&["us-east-1", "us-east-1", "us-east-1"]),
                None,
                None,
            ),
        }
        .expect("values");
        c.close().expect("closed");
        column += 1;
    }
    group.close().expect("group closed");
    writer.close().expect("file closed");
    let out = run(&["usage", "bill", path_str(&file), "--format", "json"]);
    assert_eq!(out.code, Some(3), "no FreeEventsRecorded: {}", out.stdout);
    let csv_equivalent = dir.join("scenario.toml");
    std::fs::write(
        &csv_equivalent,
        "format = 1\nname = \"p\"\nregions = [\"us-east-1\"]\n[[account]]\nname = \"prod\"\nid = \"222222222222\"\n\
         [[volume]]\ncategory = \"management\"\nwrite = 1_000_000\n[[trail]]\nname = \"a\"\n[[trail]]\nname = \"b\"\n",
    )
    .expect("written");
    let out = reconcile(
        path_str(&csv_equivalent),
        path_str(&file),
        &["--format", "json"],
    );
    let r = out.json();
    let g = groups(&r);
    let paid = &g[&("222222222222".into(), "USE1-PaidEventsRecorded".into())];
    assert_eq!(paid["billed_events"], "1000000");
    assert_eq!(paid["billed_cost"], "20.00");
    assert_eq!(r["left_out"]["rows of other services"], 1);
    // Free copies are billed too, and this bill has none: that group is plan-only.
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    let free = &g[&("222222222222".into(), "USE1-FreeEventsRecorded".into())];
    assert_eq!(free["side"], "plan_only");
}

#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_parquet_feature() {
    eprintln!(
        "SKIPPED parquet_reads_like_the_csv: this build has no `parquet` feature; \
         `cargo test --features parquet` runs it (CI does)"
    );
    let dir = scratch_dir("bill-parquet-off");
    let file = dir.join("cur.parquet");
    std::fs::write(&file, b"PAR1\x15\x04not really parquetPAR1").expect("written");
    let out = run(&["usage", "bill", path_str(&file)]);
    assert_eq!(out.code, Some(3));
    assert!(
        out.stderr
            .contains("built without Parquet support; rebuild with --features parquet"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// The property: a plan reconciles with the bill it would make
// ---------------------------------------------------------------------------------------------

/// The CUR 2.0 rows AWS would bill for a plan: its charges summed by payer id and usage type, each
/// group split over a few days of October 2026 (one amount in exponent notation), with rows of other
/// services between them.
fn synthesize(
    plan: &Value,
    ids: &BTreeMap<String, String>,
    bump: Option<usize>,
) -> (String, Vec<(String, String)>) {
    let mut groups: BTreeMap<(String, String), (Decimal, Decimal)> = BTreeMap::new();
    for c in plan["charges"].as_array().expect("charges") {
        let payer = c["payer"].as_str().expect("payer");
        let key = (
            ids[payer].clone(),
            c["usage_type"].as_str().expect("usage_type").to_string(),
        );
        let e = groups.entry(key).or_default();
        e.0 += Decimal::from(c["events"].as_u64().expect("events"));
        e.1 += dv(&c["cost"]);
    }
    let mut out = String::from(
        "bill_payer_account_id,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_usage_start_date,line_item_usage_end_date,line_item_usage_amount,line_item_unblended_cost\n",
    );
    let keys: Vec<(String, String)> = groups.keys().cloned().collect();
    for (i, ((account, usage_type), (events, cost))) in groups.into_iter().enumerate() {
        let (events, cost) = if bump == Some(i) {
            // 20 % more than planned: beyond the 5 % tolerance.
            (
                events * d("1.2") + Decimal::ONE,
                cost * d("1.2") + Decimal::ONE,
            )
        } else {
            (events, cost)
        };
        let third = (events / Decimal::from(3)).trunc();
        let parts = [
            (1, third, Decimal::ZERO),
            (15, third, Decimal::ZERO),
            (31, events - third - third, cost),
        ];
        for (day, e, c) in parts {
            let amount = if day == 15 {
                format!("{e}E+0")
            } else {
                e.to_string()
            };
            let _ = writeln!(
                out,
                "111111111111,{account},Usage,AWSCloudTrail,{usage_type},2026-10-{day:02}T00:00:00Z,2026-10-{:02}T00:00:00Z,{amount},{c}",
                day + 1
            );
            let _ = writeln!(
                out,
                "111111111111,{account},Usage,AmazonEC2,BoxUsage:m7g.large,2026-10-{day:02}T00:00:00Z,2026-10-{:02}T00:00:00Z,24,1.9584",
                day + 1
            );
        }
    }
    (out, keys)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).map_or(12, |c: u32| c.div_ceil(8).max(4)),
        .. ProptestConfig::default()
    })]

    #[test]
    fn a_plan_reconciles_with_its_own_bill_and_one_changed_group_fails(
        accounts in 1u32..6,
        regions in 1u32..4,
        seed in 0u64..1_000,
        pick in 0usize..1_000,
    ) {
        let trails = (accounts + 2).min(5).to_string();
        let generated = run(&[
            "generate", "--accounts", &accounts.to_string(), "--regions", &regions.to_string(),
            "--seed", &seed.to_string(), "--trails", &trails,
        ]);
        prop_assert_eq!(generated.code, Some(0), "{}", generated.stderr);
        let text = generated.stdout;
        let dir = scratch_dir(&format!("bill-prop-{accounts}-{regions}-{seed}"));
        let scenario = dir.join("s.toml");
        std::fs::write(&scenario, &text).expect("written");
        let table: toml::Table = text.parse().expect("TOML");
        let ids: BTreeMap<String, String> = table["account"]
            .as_array()
            .expect("accounts")
            .iter()
            .map(|a| (a["name"].as_str().unwrap_or_default().to_string(), a["id"].as_str().unwrap_or_default().to_string()))
            .collect();
        let plan = run(&["plan", path_str(&scenario), "--format", "json", "--fail-on", "never"]);
        prop_assert_eq!(plan.code, Some(0), "{}", plan.stderr);
        let plan = plan.json();
        let (bill, keys) = synthesize(&plan, &ids, None);
        let bill_file = dir.join("cur.csv");
        std::fs::write(&bill_file, bill).expect("written");
        let out = reconcile(path_str(&scenario), path_str(&bill_file), &["--format", "json"]);
        prop_assert_eq!(out.code, Some(0), "{}\n{}", out.stdout, out.stderr);
        let r = out.json();
        prop_assert_eq!(r["groups"].as_array().map(Vec::len), Some(keys.len()));
        for g in r["groups"].as_array().into_iter().flatten() {
            prop_assert_eq!(&g["events_difference"], "0");
            prop_assert_eq!(&g["cost_difference"], "0.00");
        }
        prop_assert_eq!(&r["left_out"]["rows of other services"], &Value::from(keys.len() * 3));
        // One group 20 % off: exactly that group fails.
        let i = pick % keys.len();
        let (bill, _) = synthesize(&plan, &ids, Some(i));
        std::fs::write(&bill_file, bill).expect("written");
        let out = reconcile(path_str(&scenario), path_str(&bill_file), &["--format", "json"]);
        prop_assert_eq!(out.code, Some(1), "{}", out.stdout);
        let r = out.json();
        let failing: Vec<(String, String)> = r["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|g| g["within_tolerance"] == false)
            .map(|g| (g["account_id"].as_str().unwrap_or_default().to_string(), g["usage_type"].as_str().unwrap_or_default().to_string()))
            .collect();
        prop_assert_eq!(failing, vec![keys[i].clone()]);
        prop_assert_eq!(r["findings"].as_array().map(Vec::len), Some(1));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

// ---------------------------------------------------------------------------------------------
// The README's walk-through is what trailplan prints
// ---------------------------------------------------------------------------------------------

/// The text of the manual's console block after `$ COMMAND`, up to its closing fence (the
/// walk-through is in `docs/usage-bill-metrics.md`).
fn readme_block(command: &str) -> String {
    let readme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/usage-bill-metrics.md"
    ))
    .expect("docs/usage-bill-metrics.md");
    let at = readme
        .find(&format!("$ {command}\n"))
        .unwrap_or_else(|| panic!("the README shows `{command}`"));
    let rest = &readme[at..];
    let start = rest.find('\n').map_or(0, |i| i + 1);
    let end = rest.find("```").expect("a closing fence");
    // Blocks inside a list item are indented by three spaces.
    rest[start..end]
        .trim_end_matches(' ')
        .lines()
        .map(|l| l.strip_prefix("   ").unwrap_or(l))
        .fold(String::new(), |mut out, l| {
            out.push_str(l);
            out.push('\n');
            out
        })
}

#[test]
fn the_readme_walk_through_is_what_trailplan_prints() {
    let bill = run(&["usage", "bill", CUR2]);
    assert_eq!(
        readme_block(&format!("trailplan usage bill {CUR2}")),
        bill.stdout
    );
    let reconcile = reconcile(ORG, CUR2, &[]);
    assert_eq!(
        readme_block(&format!("trailplan reconcile {ORG} --bill {CUR2}")),
        reconcile.stdout
    );
    let dir = scratch_dir("bill-readme");
    let q = queries(&dir);
    let metrics = metrics(&q, &["--region", "eu-west-1", "--account", "222222222222"]);
    assert_eq!(
        readme_block(
            "trailplan usage metrics docs/examples/queries.json tests/fixtures/bill/metric-data.json --region eu-west-1 --account 222222222222"
        ),
        metrics
            .stdout
            .replace(path_str(&q), "docs/examples/queries.json")
    );
}
