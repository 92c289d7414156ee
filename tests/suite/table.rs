//! The terminal table at scale: past 1,000 line items the costliest 1,000 and one line that sums
//! the rest exactly; `--top all` streams every line item; money in the scenario's currency.

use crate::support::{TODAY, dec, money, path_str, run, scratch_dir};
use rust_decimal::{Decimal, RoundingStrategy};
use std::path::PathBuf;

/// A generated organisation of 100 accounts in 10 regions: about 3,000 line items.
fn generated(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let file = dir.join("org.toml");
    let out = run(&["generate", "--accounts", "100", "--regions", "10"]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    std::fs::write(&file, out.stdout).unwrap();
    file
}

/// The rows between the table's head and its bottom border.
fn rows(table: &str) -> Vec<Vec<String>> {
    let mut lines = table.lines();
    lines
        .by_ref()
        .find(|l| l.starts_with('╞'))
        .expect("a table head");
    lines
        .take_while(|l| !l.starts_with('└'))
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_owned())
                .collect()
        })
        .collect()
}

/// `$1,234.50` as a decimal.
fn shown(text: &str) -> Decimal {
    dec(&text.replace(['$', ','], ""))
}

fn cents(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

#[test]
fn past_1000_line_items_the_table_shows_the_costliest_and_sums_the_rest() {
    let file = generated("table-capped");
    let file = path_str(&file);
    let json = run(&["price", file, "--format", "json", "--today", TODAY]).json();
    let total = money(&json["total"]);
    let mut costs: Vec<Decimal> = json["charges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| money(&c["cost"]))
        .collect();
    let every = costs.len();
    assert!(every > 1_000, "{every} line items");
    costs.sort_by(|a, b| b.cmp(a));

    let out = run(&["price", file, "--today", TODAY]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 1_001, "1,000 line items and the rest");
    for (row, exact) in rows[..1_000].iter().zip(&costs) {
        assert_eq!(shown(&row[7]), cents(*exact), "{row:?}");
    }
    let rest = &rows[1_000];
    assert_eq!(rest[0], format!("{} more lines", thousands(every - 1_000)));
    let shown_exact: Decimal = costs[..1_000].iter().sum();
    assert_eq!(shown(&rest[7]), cents(total - shown_exact));
    assert_eq!(
        shown(&rest[7]),
        cents(costs[1_000..].iter().sum::<Decimal>())
    );
    assert!(
        out.stdout.contains(&format!(
            "The 1,000 costliest of {} line items are listed, the other {} summed in one line: \
             `--top all` lists every one, and `--format json` carries every line item.\n",
            thousands(every),
            thousands(every - 1_000)
        )),
        "{}",
        out.describe()
    );
    // The total is rounded once from the exact total, not summed from the rounded rows.
    assert!(out.stdout.contains(&format!(
        "Total: ${} a month (exact: {})",
        thousands_money(cents(total)),
        json["total"].as_str().unwrap()
    )));
}

#[test]
fn top_all_lists_every_line_item_with_the_trail_subtotals() {
    let file = generated("table-all");
    let file = path_str(&file);
    let json = run(&["price", file, "--format", "json", "--today", TODAY]).json();
    let charges = json["charges"].as_array().unwrap();
    let out = run(&["price", file, "--top", "all", "--today", TODAY]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let rows = rows(&out.stdout);
    let items: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| !r[0].ends_with(" subtotal"))
        .collect();
    assert_eq!(items.len(), charges.len());
    // In report order, every cell of every line item.
    for (row, c) in items.iter().zip(charges) {
        assert_eq!(row[0], c["trail"].as_str().unwrap());
        assert_eq!(row[2], c["account"].as_str().unwrap());
        assert_eq!(row[3], c["region"].as_str().unwrap());
        assert_eq!(row[4], c["kind"].as_str().unwrap());
        assert_eq!(shown(&row[7]), cents(money(&c["cost"])), "{row:?}");
    }
    let trails: std::collections::BTreeSet<&str> = charges
        .iter()
        .map(|c| c["trail"].as_str().unwrap())
        .collect();
    for trail in trails {
        let exact: Decimal = charges
            .iter()
            .filter(|c| c["trail"] == trail)
            .map(|c| money(&c["cost"]))
            .sum();
        let subtotal = rows
            .iter()
            .find(|r| r[0] == format!("{trail} subtotal"))
            .unwrap_or_else(|| panic!("no subtotal for {trail}"));
        assert_eq!(shown(&subtotal[7]), cents(exact), "{trail}");
    }
    assert!(!out.stdout.contains("more lines"));
    assert!(!out.stdout.contains("costliest"));
}

#[test]
fn the_streamed_table_equals_the_default_table_of_a_small_plan() {
    for scenario in [
        "tests/fixtures/gate/findings.toml",
        "scenarios/startup-one-trail.toml",
    ] {
        let default = run(&["plan", scenario, "--today", TODAY]);
        let all = run(&["plan", scenario, "--top", "all", "--today", TODAY]);
        assert!(default.stdout.contains("┌"), "{}", default.describe());
        assert_eq!(all.stdout, default.stdout, "{scenario}");
        assert_eq!(all.exit(), default.exit());
    }
    let out = run(&["plan", "tests/fixtures/gate/findings.toml", "--top", "many"]);
    assert_eq!(out.exit(), 2, "{}", out.describe());
    assert!(
        out.stderr
            .contains("`many` is not a number of lines, nor `all`")
    );
}

/// A scenario priced in yuan: two trails, so that the second copy is paid, and a budget.
fn yuan(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    let file = dir.join("china.toml");
    std::fs::write(
        &file,
        r#"format = 1
name = "China"
regions = ["cn-north-1"]

[[volume]]
regions = ["cn-north-1"]
category = "management"
write = 1_234_567_000

[[trail]]
name = "main"
home_region = "cn-north-1"

[[trail]]
name = "copy"
home_region = "cn-north-1"

[policy]
monthly_budget = "100000"

[prices]
currency = "CNY"
management_additional = "14.00"
data = "0.70"
network_activity = "0.70"
insights = "2.40"
data_insights = "0.20"
"#,
    )
    .unwrap();
    file
}

#[test]
fn a_plan_in_yuan_shows_yuan_in_the_table_and_the_markdown() {
    let file = yuan("table-yuan");
    let file = path_str(&file);
    let json = run(&["price", file, "--format", "json", "--today", TODAY]).json();
    assert_eq!(json["currency"], "CNY");
    assert_eq!(money(&json["total"]), dec("172839.38"));
    let table = run(&["price", file, "--today", TODAY]);
    // Over the budget: the gate fails.
    assert_eq!(table.exit(), 1, "{}", table.describe());
    assert!(!table.stdout.contains('$'), "{}", table.describe());
    let rows = rows(&table.stdout);
    assert_eq!(rows[1][6], "¥14.00");
    assert_eq!(rows[1][7], "¥172,839.38");
    assert!(
        table
            .stdout
            .contains("Total: ¥172,839.38 a month (exact: 172839.38)")
    );
    assert!(table.stdout.contains("Budget: ¥100,000.00 a month"));
    let grouped = run(&["price", file, "--by", "trail", "--today", TODAY]);
    assert!(
        grouped.stdout.contains("┆ ¥172,839.38 ┆"),
        "{}",
        grouped.describe()
    );
    assert!(!grouped.stdout.contains('$'));
    let markdown = run(&["price", file, "--format", "markdown", "--today", TODAY]);
    assert!(
        markdown.stdout.contains("**Monthly total: ¥172,839.38**"),
        "{}",
        markdown.describe()
    );
    assert!(markdown.stdout.contains("budget ¥100,000.00"));
    assert!(markdown.stdout.contains("| ¥172,839.38 |"));
    assert!(!markdown.stdout.contains('$'), "{}", markdown.describe());
    // The findings quote money in yuan too.
    let plan = run(&["plan", file, "--today", TODAY]);
    assert!(
        plan.stdout.contains(
            "trail copy delivers a paid copy of 1,234,567,000 management events in \
             default/cn-north-1 (¥172,839.38 a month)"
        ),
        "{}",
        plan.describe()
    );
    assert!(
        plan.stdout
            .contains("the monthly total ¥172839.38 is above the budget ¥100000.00 by ¥72839.38"),
        "{}",
        plan.describe()
    );
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn thousands_money(v: Decimal) -> String {
    let text = format!("{v:.2}");
    let (whole, cents) = text.split_once('.').unwrap();
    format!("{}.{cents}", thousands(whole.parse().unwrap()))
}

#[test]
fn html_and_markdown_refuse_more_rows_than_the_rendered_row_budget() {
    // 1,400 accounts in 30 regions price about 108,000 line items: more than the 100,000 rows.
    let dir = scratch_dir("table-budget");
    let file = dir.join("org.toml");
    let out = run(&["generate", "--accounts", "1400", "--regions", "30"]);
    std::fs::write(&file, out.stdout).unwrap();
    let file = path_str(&file);
    for format in ["html", "markdown"] {
        let out = run(&["price", file, "--format", format, "--top", "all"]);
        assert_eq!(out.exit(), 3, "{}", out.describe());
        assert!(out.stdout.is_empty());
        assert!(
            out.stderr.contains(&format!(
                "error: {file}: the {format} report would list 108,185 line items, more than the \
                 rendered-row budget of 100,000 rows"
            )),
            "{}",
            out.describe()
        );
    }
    // Within the budget it is written; the table streams every line item.
    let out = run(&["price", file, "--format", "markdown", "--top", "100000"]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let out = run(&["price", file, "--top", "all"]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    assert_eq!(
        rows(&out.stdout)
            .iter()
            .filter(|r| !r[0].ends_with(" subtotal"))
            .count(),
        108_185
    );
}
