//! The command line as users and CI meet it: exit codes, the JSON contract of SPEC §4, the worked
//! examples shipped with the spec, and every scenario in `scenarios/` against the total its header
//! promises.

use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

use crate::support::{Cmd, money, path_str, plan_json, run, scratch_dir};

fn sum_costs(plan: &Value) -> Decimal {
    plan["charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| money(&c["cost"]))
        .sum()
}

fn charges<'a>(plan: &'a Value, trail: &str, kind: &str) -> Vec<&'a Value> {
    plan["charges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["trail"] == trail && c["kind"] == kind)
        .collect()
}

#[test]
fn org_with_security_copy_matches_the_spec_example() {
    let (plan, code) = plan_json(&[
        "plan",
        "tests/fixtures/examples/org-with-security-copy.toml",
    ]);
    assert_eq!(code, 0);
    assert_eq!(plan["total"], "30.40");
    let paid = charges(&plan, "security-writes", "management_paid");
    assert_eq!(paid.len(), 2);
    for c in paid {
        assert_eq!(c["events"], 400_000);
        assert_eq!(money(&c["cost"]), Decimal::from(8));
        assert_eq!(c["payer"], "security");
    }
    let data = charges(&plan, "ledger-writes", "data");
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["events"], 6_000_000);
    assert_eq!(data[0]["cost"], "6.00");
    let insights = charges(&plan, "org-audit", "insights_api_call_rate");
    assert_eq!(insights.len(), 6, "one line per account and region");
    for c in insights {
        assert_eq!(c["events"], 400_000);
        assert_eq!(c["cost"], "1.40");
        assert_eq!(c["payer"], "management");
    }
    let rules: Vec<&str> = plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"CT101"));
    assert!(
        !rules.contains(&"CT120"),
        "$30.40 is under the $100.00 budget"
    );
}

#[test]
fn startup_matches_the_spec_example() {
    let (plan, code) = plan_json(&["plan", "tests/fixtures/examples/startup-one-trail.toml"]);
    assert_eq!(code, 0);
    assert_eq!(plan["total"], "18.3035");
    assert_eq!(charges(&plan, "main", "data")[0]["cost"], "12.00");
    let errors: Vec<_> = charges(&plan, "main", "insights_api_error_rate")
        .iter()
        .map(|c| {
            (
                c["region"].as_str().unwrap(),
                c["events"].as_u64().unwrap(),
                money(&c["cost"]),
            )
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            ("us-east-1", 911_000, Decimal::from_str("3.1885").unwrap()),
            ("us-west-2", 890_000, Decimal::from_str("3.115").unwrap()),
        ]
    );
    assert!(
        plan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] != "error")
    );
}

#[test]
fn json_has_exactly_the_keys_of_the_spec() {
    let (plan, _) = plan_json(&["plan", "tests/fixtures/cli/over-budget.toml"]);
    let keys: Vec<&str> = plan
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "scenario", "file", "currency", "total", "charges", "findings",
    ] {
        assert!(keys.contains(&key), "missing {key}");
    }
    assert_eq!(plan["currency"], "USD");
    assert_eq!(plan["file"], "tests/fixtures/cli/over-budget.toml");
    let charge = plan["charges"][0].as_object().unwrap();
    let mut charge_keys: Vec<&str> = charge.keys().map(String::as_str).collect();
    charge_keys.sort_unstable();
    assert_eq!(
        charge_keys,
        [
            "account",
            "cost",
            "events",
            "kind",
            "payer",
            "price_per_100k",
            "region",
            "trail",
            "usage_type"
        ]
    );
    assert_eq!(charge["kind"], "management_free");
    assert_eq!(charge["usage_type"], "USE1-FreeEventsRecorded");
    assert!(charge["events"].is_u64());
    assert!(charge["cost"].is_string() && charge["price_per_100k"].is_string());
    let finding = plan["findings"][0].as_object().unwrap();
    for key in [
        "rule", "name", "severity", "message", "trail", "account", "region",
    ] {
        assert!(finding.contains_key(key), "finding lacks {key}");
    }
    assert_eq!(money(&plan["total"]), sum_costs(&plan));
    assert_eq!(plan["total"], "5.00");
}

#[test]
fn several_files_give_an_array() {
    let (plans, code) = plan_json(&[
        "price",
        "tests/fixtures/examples/startup-one-trail.toml",
        "tests/fixtures/examples/org-with-security-copy.toml",
    ]);
    assert_eq!(code, 0);
    let totals: Vec<&str> = plans
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total"].as_str().unwrap())
        .collect();
    assert_eq!(totals, ["18.3035", "30.40"]);
    assert!(
        plans[0]["findings"].as_array().unwrap().is_empty(),
        "price shows no findings"
    );
}

#[test]
fn exit_0_when_clean() {
    Cmd::new(["plan", "tests/fixtures/examples/startup-one-trail.toml"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains(
            "Total: $18.30 a month (exact: 18.3035)",
        ));
}

#[test]
fn exit_1_when_the_budget_is_exceeded() {
    for command in ["plan", "check", "price"] {
        Cmd::new([command, "tests/fixtures/cli/over-budget.toml"])
            .assert()
            .code(1);
    }
    Cmd::new([
        "check",
        "tests/fixtures/cli/over-budget.toml",
        "--fail-on",
        "never",
    ])
    .assert()
    .code(0);
}

#[test]
fn exit_1_on_warnings_only_when_asked() {
    let file = "tests/fixtures/examples/org-with-security-copy.toml";
    Cmd::new(["check", file]).assert().code(0);
    Cmd::new(["check", file, "--fail-on", "warning"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("warning[CT101]"));
}

#[test]
fn exit_2_on_wrong_usage() {
    Cmd::new(["plan"]).assert().code(2);
    Cmd::new(["frobnicate"]).assert().code(2);
    Cmd::new([
        "plan",
        "tests/fixtures/cli/over-budget.toml",
        "--format",
        "yaml",
    ])
    .assert()
    .code(2);
    Cmd::new([
        "plan",
        "tests/fixtures/cli/over-budget.toml",
        "--today",
        "2026-02-30",
    ])
    .assert()
    .code(2);
    Cmd::new(["explain", "CT999"]).assert().code(2);
}

#[test]
fn exit_3_with_file_line_and_column_on_invalid_input() {
    let dir = scratch_dir("cli-exit-3");
    let file = dir.join("typo.toml");
    std::fs::write(
        &file,
        "format = 1\nname = \"t\"\nregions = [\"us-east-1\"]\n[[volume]]\ncategory = \"management\"\nreed = 5\n",
    )
    .unwrap();
    let out = run(&["plan", path_str(&file)]);
    assert_eq!(out.code, Some(3));
    let stderr = &out.stderr;
    assert!(stderr.contains("typo.toml:6:1"), "{stderr}");
    assert!(stderr.contains("unknown field `reed`"), "{stderr}");
    assert!(out.stdout.is_empty());
    Cmd::new(["plan", "no/such/file.toml"]).assert().code(3);
}

#[test]
fn prices_file_overrides_the_price_book() {
    let dir = scratch_dir("cli-prices");
    let prices = dir.join("prices.toml");
    std::fs::write(&prices, "data = \"0.20\"\n").unwrap();
    let (plan, _) = plan_json(&[
        "price",
        "tests/fixtures/cli/over-budget.toml",
        "--prices",
        prices.to_str().unwrap(),
    ]);
    // 150,000 paid management events at $2.00 + 2,000,000 data events at $0.20 per 100,000.
    assert_eq!(plan["total"], "7.00");
    std::fs::write(&prices, "data = 0.2\n").unwrap();
    let out = run(&[
        "price",
        "tests/fixtures/cli/over-budget.toml",
        "--prices",
        path_str(&prices),
    ]);
    assert_eq!(out.code, Some(3));
    assert!(out.stderr.contains("quote decimal amounts"));
}

/// Every scenario in `scenarios/` plans cleanly, and its total is the one its header promises
/// (`# Expected monthly total: $X`).
#[test]
fn every_example_scenario_plans_to_its_stated_total() {
    let mut seen = 0;
    for entry in std::fs::read_dir(crate::support::root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .find_map(|l| l.strip_prefix("# Expected monthly total: $"))
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("{} states no expected total", path.display()));
        let (plan, code) = plan_json(&["plan", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{}", path.display());
        assert_eq!(
            money(&plan["total"]),
            Decimal::from_str(expected).unwrap(),
            "{}",
            path.display()
        );
        assert_eq!(money(&plan["total"]), sum_costs(&plan));
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} scenarios");
}

/// `--by` sums line items exactly by a key, `--top` keeps the costliest and sums the rest; the
/// numbers agree with the JSON's line items.
#[test]
fn by_and_top_sum_the_json_line_items() {
    let file = "scenarios/landing-zone.toml";
    let (plan, _) = plan_json(&["price", file]);
    let all = plan["charges"].as_array().unwrap();
    let mut by_kind: std::collections::BTreeMap<&str, Decimal> =
        std::collections::BTreeMap::default();
    for c in all {
        *by_kind.entry(c["kind"].as_str().unwrap()).or_default() += money(&c["cost"]);
    }
    let table = run(&["price", file, "--by", "kind"]).stdout;
    for (kind, cost) in &by_kind {
        let row = table
            .lines()
            .find(|l| l.contains(kind))
            .unwrap_or_else(|| panic!("{kind}"));
        assert!(row.contains(&format!("${cost:.2}")), "{row} vs {cost}");
    }
    let mut costs: Vec<Decimal> = all.iter().map(|c| money(&c["cost"])).collect();
    costs.sort_unstable_by(|a, b| b.cmp(a));
    let rest: Decimal = costs[3..].iter().sum();
    let table = run(&["price", file, "--top", "3"]).stdout;
    let more = table.lines().find(|l| l.contains("more lines")).unwrap();
    assert!(
        more.contains(&format!("{} more lines", all.len() - 3)),
        "{more}"
    );
    assert!(more.contains(&format!("${rest:.2}")), "{more} vs {rest}");
    let (json_top, _) = plan_json(&["price", file, "--top", "3"]);
    assert_eq!(
        json_top["charges"].as_array().unwrap().len(),
        all.len(),
        "JSON keeps every line"
    );
}
