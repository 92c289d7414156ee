//! The design-review features, run through the built binary: the forecast (`[forecast]`, `--months`),
//! the downstream estimates (`[downstream]`) and the HTML report (`--format html`).
//!
//! Fixtures live in tests/fixtures/review/; their first lines say what they should produce.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::support::{Run, TODAY, dec, money, run, scratch_file};

const GROWTH: &str = "tests/fixtures/review/growth-10-percent.toml";
const LANDING: &str = "tests/fixtures/review/landing-zone-review.toml";

/// `trailplan ARGS --format FORMAT --today TODAY`, which may fail the gate (exit 0 or 1).
fn report(args: &[&str], format: &str) -> Run {
    let r = run(&[args, &["--format", format, "--today", TODAY]].concat());
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.describe());
    r
}

fn json(args: &[&str]) -> Value {
    report(args, "json").json()
}

fn html(args: &[&str]) -> String {
    report(args, "html").stdout
}

/// A scenario file written for one test.
fn scenario(name: &str, text: &str) -> std::path::PathBuf {
    scratch_file("review", name, text)
}

const BASE: &str = r#"format = 1
name = "base"
regions = ["us-east-1"]

[[volume]]
category = "data"
resource_type = "AWS::S3::Object"
read = 1_000_000

[[trail]]
name = "main"
home_region = "us-east-1"
cloudwatch_logs = CWL

[[trail.event_selector]]
data_resources = [{ type = "AWS::S3::Object", values = ["arn:aws:s3"] }]
"#;

// --- forecast ------------------------------------------------------------------------------------

#[test]
fn ten_percent_growth_over_three_months_in_dollars() {
    // $1.00 of data events and $3.00 of paid management copies, both growing 10 % a month:
    // $4.00, $4.40, $4.84 — $13.24 over the three months.
    let report = json(&["price", GROWTH]);
    assert_eq!(money(&report["total"]), dec("4.00"));
    let f = &report["forecast"];
    assert_eq!(f["months"], 3);
    let monthly = f["monthly"].as_array().expect("monthly");
    let totals: Vec<Decimal> = monthly.iter().map(|m| money(&m["total"])).collect();
    assert_eq!(totals, vec![dec("4.00"), dec("4.40"), dec("4.84")]);
    assert_eq!(money(&f["total"]), dec("13.24"));
    assert_eq!(money(&monthly[2]["cost"]["data"]), dec("1.21"));
    assert_eq!(money(&monthly[2]["cost"]["management"]), dec("3.63"));
    // Volumes grow: 1,000,000 data events → 1,210,000 in month 3.
    assert_eq!(
        dec(monthly[2]["events"]["data"].as_str().unwrap_or("")),
        dec("1210000")
    );
}

#[test]
fn growth_never_applies_to_prices() {
    let report = json(&["price", GROWTH]);
    // The month's line items keep the price book's prices.
    for c in report["charges"].as_array().expect("charges") {
        let price = money(&c["price_per_100k"]);
        assert!(
            price == dec("0.10") || price == dec("2.00") || price == dec("0"),
            "{c}"
        );
    }
    // Month m's cost per category is month 1's cost × 1.1^(m−1): the growth is in the volume alone,
    // so cost per event is the same every month.
    let monthly = report["forecast"]["monthly"].as_array().expect("monthly");
    for m in monthly {
        let events = dec(m["events"]["data"].as_str().unwrap_or(""));
        let cost = money(&m["cost"]["data"]);
        assert_eq!(cost, events * dec("0.10") / dec("100000"), "{m}");
    }
}

#[test]
fn months_flag_overrides_and_works_without_a_forecast_table() {
    let report = json(&["plan", GROWTH, "--months", "5"]);
    let monthly = report["forecast"]["monthly"].as_array().expect("monthly");
    assert_eq!(monthly.len(), 5);
    assert_eq!(money(&monthly[4]["total"]), dec("5.85640"));
    // Without [forecast], --months is a flat projection.
    let path = scenario("flat.toml", &BASE.replace("CWL", "false"));
    let path = path.to_str().expect("utf-8 path");
    let report = json(&["plan", path, "--months", "12"]);
    assert_eq!(money(&report["forecast"]["total"]), dec("12.00"));
    // Without either, no forecast key at all.
    let report = json(&["plan", path]);
    assert!(report.get("forecast").is_none());
    assert!(report.get("downstream").is_none());
}

#[test]
fn months_out_of_range_is_a_usage_error() {
    assert_eq!(
        run(&["plan", GROWTH, "--months", "0", "--today", TODAY]).code,
        Some(2)
    );
    assert_eq!(
        run(&["plan", GROWTH, "--months", "121", "--today", TODAY]).code,
        Some(2)
    );
}

#[test]
fn forecast_overflow_and_bad_tables_are_input_errors() {
    let text = format!(
        "{}\n[forecast]\nmonths = 120\nmonthly_growth = \"1000\"\n",
        BASE.replace("CWL", "false")
    );
    let path = scenario("overflow.toml", &text);
    let Run {
        code, stderr: err, ..
    } = run(&["plan", path.to_str().expect("utf-8"), "--today", TODAY]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("forecast"), "{err}");

    for (name, table) in [
        ("float.toml", "[forecast]\nmonthly_growth = 0.05\n"),
        ("months.toml", "[forecast]\nmonths = 121\n"),
        ("unknown.toml", "[forecast]\nmonthly_grwoth = \"0.05\"\n"),
        ("negative.toml", "[forecast]\nmonthly_growth = \"-1.5\"\n"),
        ("ratio.toml", "[downstream]\ncompression_ratio = \"0\"\n"),
        ("dunknown.toml", "[downstream]\nretention = 12\n"),
    ] {
        let text = format!("{}\n{table}", BASE.replace("CWL", "false"));
        let path = scenario(name, &text);
        let Run {
            code, stderr: err, ..
        } = run(&["plan", path.to_str().expect("utf-8"), "--today", TODAY]);
        assert_eq!(code, Some(3), "{name}: {err}");
    }
}

// --- downstream ------------------------------------------------------------------------------------

#[test]
fn downstream_lines_never_change_the_total() {
    let with = json(&["price", LANDING]);
    let without = json(&["price", "scenarios/landing-zone.toml"]);
    assert_eq!(with["total"], without["total"]);
    assert_eq!(money(&with["total"]), dec("40.42"));
    assert_eq!(with["charges"], without["charges"]);
    // The top-level total is the sum of the CloudTrail charges alone.
    let sum: Decimal = with["charges"]
        .as_array()
        .expect("charges")
        .iter()
        .map(|c| money(&c["cost"]))
        .sum();
    assert_eq!(sum, money(&with["total"]));
    let d = &with["downstream"];
    assert_eq!(d["estimate"], true);
    let lines = d["charges"].as_array().expect("downstream charges");
    assert!(!lines.is_empty());
    let dsum: Decimal = lines.iter().map(|l| money(&l["cost"])).sum();
    assert_eq!(dsum, money(&d["total"]));
    for l in lines {
        let kind = l["kind"].as_str().unwrap_or("");
        assert!(
            kind == "s3_storage" || kind == "cloudwatch_logs_ingestion",
            "{l}"
        );
    }
}

#[test]
fn downstream_estimates_in_dollars_and_only_cloudwatch_trails_ingest() {
    let text = format!(
        "{}\n[downstream]\naverage_event_bytes = 1024\ncompression_ratio = \"8\"\n\
         s3_storage_price_per_gb_month = \"0.025\"\nretention_months = 6\n\
         cloudwatch_logs_ingestion_price_per_gb = \"0.50\"\n",
        BASE.replace("CWL", "true")
    );
    let path = scenario("downstream.toml", &text);
    let report = json(&["price", path.to_str().expect("utf-8")]);
    let lines = report["downstream"]["charges"].as_array().expect("lines");
    let by_kind: BTreeMap<&str, &Value> = lines
        .iter()
        .map(|l| (l["kind"].as_str().unwrap_or(""), l))
        .collect();
    // 1,000,000 events × 1,024 bytes = 1,024,000,000 bytes = 0.95367431640625 GB (2^30 bytes).
    // CloudWatch Logs ingests them uncompressed: 0.95367431640625 × $0.50 = $0.476837158203125.
    let cw = by_kind["cloudwatch_logs_ingestion"];
    assert_eq!(money(&cw["cost"]), dec("0.476837158203125"));
    assert_eq!(
        dec(cw["quantity"].as_str().unwrap_or("")),
        dec("0.95367431640625")
    );
    // S3 keeps 6 months of the 8:1 compressed files: 0.95367431640625 / 8 × 6 × $0.025.
    let s3 = by_kind["s3_storage"];
    assert_eq!(money(&s3["cost"]), dec("0.017881393432617187500"));
    // 128,000,000 compressed bytes fit in 3 files of 50 MB, but the events arrive in every one of
    // the 8,640 five-minute windows of a 30-day month.
    let files = &report["downstream"]["log_files"][0];
    assert_eq!(files["files"], 8640);
    assert_eq!(money(&report["total"]), dec("1.00"));

    // Without cloudwatch_logs, S3 only.
    let text = text.replace("cloudwatch_logs = true", "cloudwatch_logs = false");
    let path = scenario("downstream-s3.toml", &text);
    let report = json(&["price", path.to_str().expect("utf-8")]);
    let kinds: Vec<&str> = report["downstream"]["charges"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| l["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, vec!["s3_storage"]);
}

// --- HTML ------------------------------------------------------------------------------------------

/// Elements HTML never closes; the report writes them as `<x/>` all the same.
const VOID: [&str; 6] = ["meta", "br", "hr", "img", "input", "link"];

/// Checks that every tag is closed in order, attributes are quoted, and returns the tag names seen.
fn check_well_formed(page: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(!text.contains('>'), "a stray `>` in text: {text:?}");
        rest = &rest[start..];
        let end = rest
            .find('>')
            .unwrap_or_else(|| panic!("unclosed tag: {}", &rest[..rest.len().min(80)]));
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            assert!(
                tag.eq_ignore_ascii_case("!DOCTYPE html"),
                "unexpected declaration {tag}"
            );
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name, "</{name}> closes <{open}>");
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name: String = body
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(!name.is_empty(), "a tag without a name: <{tag}>");
        // Attributes: name="value" pairs, values without raw `<` or `"`.
        assert_eq!(
            body.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        assert!(!body.contains('<'), "`<` inside <{tag}>");
        seen.push(name.clone());
        if VOID.contains(&name.as_str()) {
            assert!(self_closing, "<{name}> should be written <{name}/>");
        } else if !self_closing {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "never closed: {stack:?}");
    seen
}

/// Every `name="value"` attribute of a kind in the page.
fn attributes<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    page.match_indices(&needle)
        .filter_map(|(i, _)| {
            let value = &page[i + needle.len()..];
            value.find('"').map(|end| &value[..end])
        })
        .collect()
}

/// The exact form trailplan prints: every digit, at least cents.
fn exact(value: Decimal) -> String {
    let mut v = value.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    v.to_string()
}

#[test]
fn html_is_well_formed_and_self_contained() {
    for args in [
        vec!["plan", LANDING, "--months", "12"],
        vec!["plan", GROWTH],
        vec!["check", "scenarios/landing-zone.toml"],
        vec!["price", "scenarios/organization-security-copy.toml"],
        vec!["plan", LANDING, GROWTH],
    ] {
        let page = html(&args);
        assert!(page.starts_with("<!DOCTYPE html>"), "{args:?}");
        let tags = check_well_formed(&page);
        assert!(tags.iter().any(|t| t == "html"));
        let lower = page.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{args:?}: a script");
        assert!(!lower.contains("<link"), "{args:?}: a linked resource");
        assert!(!lower.contains("<img"), "{args:?}: an external image");
        assert!(
            !lower.contains("@import") && !lower.contains("url("),
            "{args:?}"
        );
        for attr in ["src", "xlink:href", "action"] {
            for value in attributes(&page, attr) {
                assert!(
                    !value.contains("://") && !value.starts_with("//"),
                    "{args:?}: {attr}=\"{value}\" points outside the page"
                );
            }
        }
        // Links leave the page only for https documentation (the rule docs' references); every
        // in-page link has its anchor.
        for href in attributes(&page, "href") {
            if href.starts_with("https://") {
                continue;
            }
            let id = href
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("link {href}"));
            assert!(
                page.contains(&format!(" id=\"{id}\"")),
                "no anchor for {href}"
            );
        }
    }
}

#[test]
fn html_carries_the_same_exact_numbers_as_json() {
    let args = ["plan", LANDING, "--months", "12"];
    let report = json(&args);
    let page = html(&args);
    assert!(page.contains("<svg"), "charts are inline SVG");
    // The total, exactly, as data and as the tooltip of the shown amount.
    let total = report["total"].as_str().expect("total");
    assert!(
        page.contains(&format!("data-total=\"{total}\"")),
        "total {total}"
    );
    assert!(page.contains(&format!("title=\"{total}\">$40.42<")));
    // Per trail: the exact sum of its JSON charges in the trail's row.
    let mut per_trail: BTreeMap<String, Decimal> = BTreeMap::new();
    for c in report["charges"].as_array().expect("charges") {
        *per_trail
            .entry(c["trail"].as_str().unwrap_or("").to_string())
            .or_default() += money(&c["cost"]);
    }
    assert_eq!(per_trail.len(), 2);
    for (trail, cost) in &per_trail {
        let row_start = page
            .find(&format!("<tr data-trail=\"{trail}\">"))
            .unwrap_or_else(|| panic!("no row for trail {trail}"));
        let row = &page[row_start..];
        let row = &row[..row.find("</tr>").unwrap_or(row.len())];
        assert!(
            row.contains(&format!("title=\"{}\"", exact(*cost))),
            "trail {trail}: {} not in {row}",
            exact(*cost)
        );
    }
    // Every JSON charge cost appears exactly in the line items.
    for c in report["charges"].as_array().expect("charges") {
        let cost = c["cost"].as_str().unwrap_or("");
        assert!(page.contains(&format!("title=\"{cost}\"")), "charge {cost}");
    }
    // The forecast total and the downstream estimate, exactly.
    let f = report["forecast"]["total"]
        .as_str()
        .expect("forecast total");
    assert!(
        page.contains(&format!("data-forecast-total=\"{f}\"")),
        "{f}"
    );
    for m in report["forecast"]["monthly"].as_array().expect("monthly") {
        let t = m["total"].as_str().unwrap_or("");
        assert!(page.contains(&format!("title=\"{t}\"")), "month total {t}");
    }
    let d = report["downstream"]["total"]
        .as_str()
        .expect("downstream total");
    assert!(
        page.contains(&format!("data-downstream-total=\"{d}\"")),
        "{d}"
    );
    assert!(page.contains("not in the CloudTrail total"));
}

#[test]
fn html_findings_link_to_their_rule_explanations() {
    let page = html(&["check", "scenarios/duplicate-global-events.toml"]);
    let report = json(&["check", "scenarios/duplicate-global-events.toml"]);
    let findings = report["findings"].as_array().expect("findings");
    assert!(!findings.is_empty(), "the example has findings");
    for f in findings {
        let rule = f["rule"].as_str().unwrap_or("");
        assert!(
            page.contains(&format!("href=\"#s1-{rule}\"")),
            "link to {rule}"
        );
        assert!(
            page.contains(&format!("id=\"s1-{rule}\"")),
            "anchor of {rule}"
        );
    }
    assert!(page.contains("What it does"));
}

#[test]
fn json_keys_are_unchanged_without_the_new_tables() {
    for file in [
        "scenarios/landing-zone.toml",
        "scenarios/organization-security-copy.toml",
    ] {
        let report = json(&["plan", file]);
        let keys: Vec<&str> = report
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            !keys.contains(&"forecast") && !keys.contains(&"downstream"),
            "{file}: {keys:?}"
        );
    }
}

#[test]
fn diff_html_is_well_formed_and_carries_the_exact_delta() {
    let base = "tests/fixtures/gate/base.toml";
    let head = "tests/fixtures/gate/head.toml";
    let page = html(&["diff", base, head]);
    check_well_formed(&page);
    assert!(!page.to_ascii_lowercase().contains("<script"));
    let base_total = money(&json(&["price", base])["total"]);
    let new_total = money(&json(&["price", head])["total"]);
    let change = new_total - base_total;
    assert!(
        page.contains(&format!("title=\"{}\"", exact(change))),
        "the exact change {change} is in the page"
    );
    for id in attributes(&page, "id") {
        assert_eq!(
            page.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "anchor {id} is unique"
        );
    }
}

#[test]
fn html_lists_the_costliest_line_items_and_sums_the_rest_exactly() {
    let file = "scenarios/landing-zone.toml";
    let plan = json(&["price", file]);
    let mut costs: Vec<Decimal> = plan["charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| money(&c["cost"]))
        .collect();
    costs.sort_unstable_by(|a, b| b.cmp(a));
    let rest: Decimal = costs[3..].iter().sum();
    let page = html(&["price", file, "--top", "3"]);
    check_well_formed(&page);
    let row = page
        .lines()
        .find(|l| l.contains("more line items"))
        .expect("a row sums the line items left out");
    assert!(
        row.contains(&format!("{} more line items", costs.len() - 3)),
        "{row}"
    );
    assert!(
        row.contains(&format!("title=\"{}\"", exact(rest))),
        "{row} vs {rest}"
    );
}

/// Insights lines are money, not deliveries: the forecast grows their cost, but its volumes and the
/// downstream log files count the delivered events only.
#[test]
fn insights_are_priced_in_the_forecast_but_never_counted_as_delivered_events() {
    let report = json(&[
        "price",
        "tests/fixtures/review/insights-are-analysis-not-delivery.toml",
    ]);
    // 100,000 writes × $0.35 / 100,000 + 1,000,000 events × $0.35 / 100,000.
    assert_eq!(money(&report["total"]), dec("3.85"));
    let monthly = report["forecast"]["monthly"].as_array().expect("monthly");
    assert_eq!(monthly[0]["events"]["management"], "1000000");
    assert_eq!(monthly[1]["events"]["management"], "1100000");
    assert_eq!(money(&monthly[1]["cost"]["management"]), dec("4.235"));
    assert_eq!(money(&report["forecast"]["total"]), dec("8.085"));
    let s3 = &report["downstream"]["charges"][0];
    assert_eq!(s3["kind"], "s3_storage");
    assert_eq!(s3["events"], 1_000_000);
    // 1,000,000 events × 1,000 bytes / 10 = 100,000,000 bytes = 0.0931322574615478515625 GB,
    // kept one month at $0.023.
    assert_eq!(s3["bytes"], "100000000");
    assert_eq!(money(&s3["cost"]), dec("0.0021420419216156005859375"));
}

// --- forecast in the table and the markdown ------------------------------------------------------

/// The growth fixture with a $4.50 budget over four months: $4.00, $4.40, $4.84, $5.32.
fn growth_with_budget() -> std::path::PathBuf {
    let base = crate::support::read(GROWTH);
    let head = base.split("[forecast]").next().unwrap_or_default();
    scenario(
        "growth-budget.toml",
        &format!(
            "{head}[policy]\nmonthly_budget = \"4.50\"\n\n[forecast]\nmonths = 4\nmonthly_growth = \"0.10\"\n\n\
             [downstream]\ncompression_ratio = \"10\"\ns3_storage_price_per_gb_month = \"0.023\"\nretention_months = 12\n"
        ),
    )
}

#[test]
fn table_shows_the_forecast_month_by_month_and_names_the_budget_month() {
    let path = growth_with_budget();
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = run(&["price", path.to_str().unwrap_or_default(), "--today", TODAY]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Forecast: 4 months"), "{out}");
    for row in [
        "│     2 ┆      $3.30 ┆ $1.10 ┆            $0.00 ┆ $4.40 ┆      $8.40 │",
        "│     4 ┆      $3.99 ┆ $1.33 ┆            $0.00 ┆ $5.32 ┆     $18.56 │",
    ] {
        assert!(out.contains(row), "missing {row}\n{out}");
    }
    assert!(
        out.contains("Forecast total: $18.56 over 4 months"),
        "{out}"
    );
    assert!(
        out.contains("Month 3 is the first over the budget: $4.84 against $4.50 a month."),
        "{out}"
    );
    // Downstream: 1,150,000 events into S3 for `main`, $0.04; not added to the total.
    assert!(out.contains("Downstream estimate: $0.05 a month"), "{out}");
    assert!(out.contains("Total: $4.00 a month"), "{out}");
}

#[test]
fn months_flag_shows_a_flat_forecast_in_the_table_and_markdown() {
    let Run {
        code,
        stdout: out,
        stderr: err,
    } = run(&["price", LANDING, "--months", "2", "--today", TODAY]);
    assert!(matches!(code, Some(0 | 1)), "{err}");
    assert!(out.contains("Forecast: 2 months"), "{out}");
    let Run { stdout: md, .. } = run(&["price", GROWTH, "--format", "markdown", "--today", TODAY]);
    assert!(
        md.contains("#### Forecast: 3 months, $13.24 in total"),
        "{md}"
    );
    assert!(
        md.contains("| 3 | $3.63 | $1.21 | $0.00 | $4.84 | $13.24 |"),
        "{md}"
    );
}

#[test]
fn markdown_names_the_budget_month_in_bold() {
    let path = growth_with_budget();
    let Run {
        stdout: md,
        stderr: err,
        ..
    } = run(&[
        "plan",
        path.to_str().unwrap_or_default(),
        "--format",
        "markdown",
        "--today",
        TODAY,
    ]);
    assert!(
        md.contains("**Month 3 is the first over the budget: $4.84 against $4.50 a month.**"),
        "{md}\n{err}"
    );
    assert!(
        md.contains("#### Downstream estimates: $0.05 a month (not in the total)"),
        "{md}"
    );
}

/// The rows of the page's findings tables, one per rule: `(rule, count, the row's text)`.
fn finding_rows(page: &str) -> Vec<(String, u64, String)> {
    page.match_indices("<tr data-rule=\"")
        .map(|(i, m)| {
            let row = &page[i + m.len()..];
            let row = &row[..row.find("</tr>").expect("row end")];
            let rule = row[..row.find('"').expect("rule end")].to_string();
            let count = row
                .split("<td class=\"num\">")
                .nth(1)
                .and_then(|c| c.split('<').next())
                .map(|c| c.replace(',', "").parse::<u64>().expect("a count"))
                .expect("a count cell");
            (rule, count, row.to_string())
        })
        .collect()
}

#[test]
fn html_groups_findings_by_rule_with_counts_stakes_and_folded_info() {
    let out = run(&["generate", "--accounts", "200", "--regions", "4"]);
    assert_eq!(out.code, Some(0), "{}", out.describe());
    let path = scenario("grouped.toml", &out.stdout);
    let path = path.to_str().expect("utf-8");
    let report = json(&["plan", path]);
    let page = html(&["plan", path]);
    check_well_formed(&page);
    let mut counts: BTreeMap<String, (u64, Decimal, String)> = BTreeMap::new();
    for f in report["findings"].as_array().expect("findings") {
        let e = counts
            .entry(f["rule"].as_str().expect("rule").to_string())
            .or_default();
        e.0 += 1;
        if let Some(cost) = f["data"].get("cost") {
            e.1 += money(cost);
        }
        e.2 = f["severity"].as_str().expect("severity").to_string();
    }
    assert!(
        counts.values().map(|c| c.0).sum::<u64>() > 900,
        "{counts:?}"
    );
    let rows = finding_rows(&page);
    let seen: BTreeMap<String, u64> = rows.iter().map(|(r, c, _)| (r.clone(), *c)).collect();
    assert_eq!(
        seen,
        counts
            .iter()
            .map(|(r, c)| (r.clone(), c.0))
            .collect::<BTreeMap<_, _>>(),
        "one row a rule, with its count"
    );
    // The money at stake: the exact sum of the paid copies, in the CT101 row.
    let (_, _, ct101) = rows.iter().find(|(r, _, _)| r == "CT101").expect("CT101");
    assert!(
        ct101.contains(&format!("title=\"{}\"", exact(counts["CT101"].1))),
        "{ct101}"
    );
    // At most three instances a rule, and the rest counted.
    let (_, n105, ct105) = rows.iter().find(|(r, _, _)| r == "CT105").expect("CT105");
    assert_eq!(ct105.matches("<li>").count(), 3, "{ct105}");
    assert!(
        ct105.contains(&format!("…and {} more like these", n105 - 3)),
        "{ct105}"
    );
    // Info findings are folded under <details>, the others are not.
    let details = page
        .find("<details class=\"infos\">")
        .expect("info details");
    let end = page[details..].find("</details>").expect("details end") + details;
    let folded = &page[details..end];
    assert!(folded.contains("<tr data-rule=\"CT105\""), "CT105 is info");
    assert!(
        !folded.contains("<tr data-rule=\"CT101\""),
        "CT101 is a warning"
    );
    assert!(
        folded.contains(&format!(
            "<summary>{} info findings under 1 rule</summary>",
            counts["CT105"].0
        )),
        "{}",
        &folded[..300.min(folded.len())]
    );
    assert_eq!(counts["CT105"].2, "info");
}

#[test]
fn diff_html_says_what_changed_with_a_sign_and_shows_the_proposal_first() {
    let base = "tests/fixtures/gate/base.toml";
    let head = "tests/fixtures/gate/head.toml";
    let page = html(&["diff", base, head]);
    assert!(
        page.contains(
            "<h1 class=\"diff-title\">gate base → gate head: +$2.70 a month (+27.00%)</h1>"
        ),
        "{}",
        &page[..page.len().min(4000)]
    );
    assert!(page.contains(
        "<title>trailplan diff: gate base → gate head: +$2.70 a month (+27.00%)</title>"
    ));
    assert!(
        page.contains("title=\"2.70\">+$2.70</span>"),
        "the change card is signed"
    );
    // A delta bar per trail, with its signed amount.
    for bar in [
        "<g data-delta=\"6.00\"><title>audit-copy: +$6.00</title>",
        "<g data-delta=\"0.70\"><title>main: +$0.70</title>",
        "<g data-delta=\"-4.00\"><title>old-copy: -$4.00</title>",
    ] {
        assert!(page.contains(bar), "delta bar {bar}");
    }
    // The proposal before the base, in the cards and in the whole plans.
    let proposal = page.find("proposal a month").expect("proposal card");
    let base_card = page.find("base a month").expect("base card");
    assert!(proposal < base_card);
    let new_page = page
        .find("The proposal (new): the whole plan")
        .expect("proposal page");
    let base_page = page.find("The base: the whole plan").expect("base page");
    assert!(new_page < base_page);
    // New findings have their place and link to their rule's doc in the proposal's page.
    let new = &page[page
        .find("<table class=\"new-findings\">")
        .expect("new findings")..];
    let new = &new[..new.find("</table>").expect("end")];
    assert!(
        new.contains("<a href=\"#d1-CT101\">CT101</a> paid-management-copy"),
        "{new}"
    );
    assert!(new.contains("tests/fixtures/gate/head.toml:25:1"), "{new}");
    assert!(page.contains("<div class=\"rule\" id=\"d1-CT101\">"));
}

#[test]
fn diff_html_title_names_the_files_when_the_scenarios_share_a_name() {
    let a = scenario("same-a.toml", &BASE.replace("CWL", "false"));
    let b = scenario(
        "same-b.toml",
        &BASE
            .replace("CWL", "false")
            .replace("read = 1_000_000", "read = 2_000_000"),
    );
    let page = html(&[
        "diff",
        a.to_str().expect("utf-8"),
        b.to_str().expect("utf-8"),
    ]);
    let start = page.find("<h1 class=\"diff-title\">").expect("title") + 23;
    let title = &page[start..start + page[start..].find("</h1>").expect("end")];
    assert!(!title.contains("base → base"), "{title}");
    assert!(
        title.starts_with("base (") && title.contains("same-a.toml → "),
        "{title}"
    );
    assert!(
        title.ends_with("same-b.toml): +$1.00 a month (+100.00%)"),
        "{title}"
    );
    // A decrease keeps its minus and gets no plus.
    let back = html(&[
        "diff",
        b.to_str().expect("utf-8"),
        a.to_str().expect("utf-8"),
    ]);
    assert!(
        back.contains("): -$1.00 a month (-50.00%)</h1>"),
        "decrease"
    );
    assert!(!back.contains("+$1.00"), "no plus on a decrease");
}

#[test]
fn html_prints_the_scenarios_currency_not_dollars() {
    let text = crate::support::read("tests/fixtures/partitions/china.toml").replace(
        "multi_region = true\n",
        "multi_region = true\n\n[[trail]]\nname = \"copy\"\nhome_region = \"cn-north-1\"\n",
    );
    let path = scenario("china-copy.toml", &text);
    let path = path.to_str().expect("utf-8");
    let report = json(&["plan", path]);
    assert_eq!(report["currency"], "CNY");
    // 20,000 write events copied a second time at ¥14.00 per 100,000: ¥2.80.
    assert_eq!(report["total"], "2.80");
    let page = html(&["plan", path]);
    check_well_formed(&page);
    assert!(
        page.contains("data-total=\"2.80\"><span class=\"money\" title=\"2.80\">¥2.80</span>"),
        "{}",
        &page[page.find("data-total").unwrap_or(0)..][..200]
    );
    assert!(page.contains("CNY per 100,000 events: additional management copies ¥14.00"));
    // No amount of the page in dollars, in the text or in the charts. (The findings' messages
    // come from the rules, and the rule docs quote AWS's USD prices: they are left out here.)
    let cut = |page: &str, from: &str, to: &str| {
        let a = page.find(from).unwrap_or_else(|| panic!("{from}"));
        let b = page.find(to).unwrap_or_else(|| panic!("{to}"));
        format!("{}{}", &page[..a], &page[b..])
    };
    let page = cut(&page, "<h2 id=\"s1-findings\">", "<h2 id=\"s1-charges\">");
    let page = cut(&page, "<h2 id=\"s1-rules\">", "<h2 id=\"s1-assumptions\">");
    let amounts_in_dollars: Vec<&str> = page
        .match_indices('$')
        .map(|(i, _)| &page[i..(i + 8).min(page.len())])
        .filter(|s| s[1..].starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(amounts_in_dollars, Vec::<&str>::new());
    assert!(
        page.contains("<text") && page.contains("¥2.80</text>"),
        "charts in ¥"
    );
}
