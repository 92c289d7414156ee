//! The terminal report: line items grouped by trail with who pays, subtotals and the total rounded
//! to cents from the exact sums (never a sum of rounded parts), then the findings.

use super::estimates;
use super::view::{self, GroupBy, View};
use crate::money::{cents, dollars};
use crate::plan::Plan;
use crate::rules::{Finding, group_digits};
use crate::text::terminal;
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Renders plans one after another, every line item listed.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    render_view(plans, show_cost, show_findings, View::default())
}

/// Renders plans one after another, the line items as `view` says.
pub fn render_view(plans: &[Plan], show_cost: bool, show_findings: bool, view: View) -> String {
    let mut out = String::new();
    for (i, plan) in plans.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} ({})",
            terminal(&plan.scenario.name),
            terminal(&plan.scenario.source.name)
        );
        for note in &plan.scenario.import_notes {
            let _ = writeln!(out, "# {note}");
        }
        if show_cost {
            out.push_str(&match view {
                View { by: Some(by), top } => group_table(plan, by, top),
                View {
                    by: None,
                    top: Some(n),
                } => top_table(plan, n),
                View {
                    by: None,
                    top: None,
                } => cost_table(plan),
            });
            out.push_str(&estimates(plan));
        }
        if show_findings {
            out.push_str(&findings(plan));
        }
    }
    // Whatever text reached the table unescaped, no control character reaches the terminal.
    match crate::text::terminal_lines(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

/// A cell of text from the input: control characters and bidi controls shown escaped.
fn cell(text: impl std::fmt::Display) -> Cell {
    Cell::new(terminal(&text.to_string()))
}

/// An empty table with the columns of a line item.
fn charge_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(view::CHARGE_COLUMNS.to_vec());
    table
}

/// One line item as table cells.
fn charge_row(s: &crate::model::Scenario, c: &crate::pricing::Charge) -> Vec<Cell> {
    let row = view::ChargeRow::of(s, c);
    vec![
        cell(row.trail),
        cell(row.payer),
        cell(row.account),
        cell(row.region),
        cell(row.kind),
        right(row.events),
        right(row.price_per_100k),
        right(row.cost),
    ]
}

fn right(text: String) -> Cell {
    cell(text).set_alignment(CellAlignment::Right)
}

/// The table (or a word that there is nothing to show), then the total and budget.
fn finish(table: &Table, empty: bool, plan: &Plan) -> String {
    let mut out = String::new();
    if empty {
        out.push_str("No charges: no trail delivers any declared events.\n");
    } else {
        let _ = writeln!(out, "{table}");
    }
    out.push_str(&totals(plan));
    out
}

/// A row that sums others: a label in the first column, the amount in the last.
fn sum_row(label: String, cost: Decimal) -> Vec<Cell> {
    let mut row = vec![cell(label)];
    row.extend((0..6).map(|_| cell("")));
    row.push(right(dollars(cost)));
    row
}

/// The total, and the budget when there is one.
fn totals(plan: &Plan) -> String {
    let total = plan.costing.total;
    let mut out = format!(
        "Total: {} a month (exact: {})\n",
        dollars(total),
        crate::money::exact(total)
    );
    if let Some((budget, _)) = plan.scenario.policy.monthly_budget {
        let _ = writeln!(out, "Budget: {} a month", dollars(budget));
    }
    out
}

/// `--by KEY`: the line items summed by a key, costliest first, with each one's share.
fn group_table(plan: &Plan, by: GroupBy, top: Option<usize>) -> String {
    let groups = view::groups(plan, by);
    let (shown, rest) = view::top_and_rest(&groups, top, |g| g.cost);
    let total = plan.costing.total;
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_header(vec![by.label(), "Lines", "Cost", "Share"]);
    let share = |cost: Decimal| {
        if total.is_zero() {
            "-".to_string()
        } else {
            format!(
                "{}%",
                cents(
                    cost.saturating_mul(Decimal::ONE_HUNDRED)
                        .checked_div(total)
                        .unwrap_or_default()
                )
            )
        }
    };
    for g in shown {
        table.add_row(vec![
            cell(&g.key),
            right(group_digits(g.lines as u64)),
            right(dollars(g.cost)),
            right(share(g.cost)),
        ]);
    }
    if let Some(rest) = rest {
        let others = &groups[shown.len()..];
        table.add_row(vec![
            cell(format!("{} more", group_digits(rest.count as u64))),
            right(group_digits(others.iter().map(|g| g.lines as u64).sum())),
            right(dollars(rest.cost)),
            right(share(rest.cost)),
        ]);
    }
    finish(&table, groups.is_empty(), plan)
}

/// `--top N` without `--by`: the N costliest line items and the sum of the rest.
fn top_table(plan: &Plan, n: usize) -> String {
    let s = &plan.scenario;
    let ranked = view::top_charges(plan, None, true);
    let (shown, rest) = view::top_and_rest(&ranked, Some(n), |c| c.cost);
    let mut table = charge_table();
    for c in shown {
        table.add_row(charge_row(s, c));
    }
    if let Some(rest) = rest {
        table.add_row(sum_row(
            format!("{} more lines", group_digits(rest.count as u64)),
            rest.cost,
        ));
    }
    finish(&table, plan.costing.charges.is_empty(), plan)
}

fn cost_table(plan: &Plan) -> String {
    let s = &plan.scenario;
    let mut table = charge_table();
    let charges = &plan.costing.charges;
    let mut start = 0;
    while start < charges.len() {
        let trail = charges[start].trail;
        let end = charges[start..]
            .iter()
            .position(|c| c.trail != trail)
            .map_or(charges.len(), |n| start + n);
        let mut subtotal = Decimal::ZERO;
        for c in &charges[start..end] {
            subtotal = subtotal.saturating_add(c.cost);
            table.add_row(charge_row(s, c));
        }
        if end - start > 1 {
            table.add_row(sum_row(
                format!("{} subtotal", s.trails[trail].name),
                subtotal,
            ));
        }
        start = end;
    }
    finish(&table, charges.is_empty(), plan)
}

/// The forecast month by month with the budget month, and the downstream estimates, when asked for.
fn estimates(plan: &Plan) -> String {
    let mut out = String::new();
    if let Some(f) = &plan.forecast {
        let _ = writeln!(
            out,
            "\nForecast: {} months (growth a month: {})",
            f.assumptions.months,
            estimates::growth_line(f)
        );
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_header(estimates::forecast_columns());
        for row in estimates::forecast_rows(f) {
            table.add_row(row.into_iter().map(right).collect::<Vec<_>>());
        }
        let _ = writeln!(out, "{table}");
        let _ = writeln!(
            out,
            "Forecast total: {} over {} months",
            dollars(f.total),
            f.assumptions.months
        );
        if let Some(sentence) = estimates::budget_sentence(plan) {
            let _ = writeln!(out, "{sentence}");
        }
    }
    if let Some(d) = &plan.downstream {
        let _ = writeln!(
            out,
            "\nDownstream estimates (S3 and CloudWatch Logs bill them; not in the total)"
        );
        if d.lines.is_empty() {
            out.push_str("No trail delivers events: nothing to estimate.\n");
        } else {
            let mut table = Table::new();
            table
                .load_style(UTF8_FULL_CONDENSED)
                .set_header(estimates::DOWNSTREAM_COLUMNS.to_vec());
            for [trail, payer, kind, events, quantity, cost] in estimates::downstream_rows(plan, d)
            {
                table.add_row(vec![
                    Cell::new(trail),
                    Cell::new(payer),
                    Cell::new(kind),
                    right(events),
                    right(quantity),
                    right(cost),
                ]);
            }
            let _ = writeln!(out, "{table}");
            let _ = writeln!(out, "Downstream estimate: {} a month", dollars(d.total));
        }
    }
    out
}

fn findings(plan: &Plan) -> String {
    let mut out = String::new();
    for f in &plan.findings {
        out.push_str(&finding(f, &plan.scenario.source.name));
    }
    let (errors, warnings, infos) = plan.counts();
    let _ = write!(
        out,
        "{} finding{}: {errors} error{}, {warnings} warning{}, {infos} info",
        plan.findings.len(),
        plural(plan.findings.len()),
        plural(errors),
        plural(warnings),
    );
    if !plan.waived.is_empty() {
        let _ = write!(
            out,
            "; {} finding{} waived",
            plan.waived.len(),
            plural(plan.waived.len())
        );
    }
    let _ = writeln!(
        out,
        "\nGate (fail on {}): {}",
        match plan.fail_on {
            crate::model::FailOn::Error => "error",
            crate::model::FailOn::Warning => "warning",
            crate::model::FailOn::Never => "never",
        },
        if plan.failed() { "FAILED" } else { "passed" }
    );
    out
}

/// One finding in the style of compiler diagnostics.
pub fn finding(f: &Finding, file: &str) -> String {
    let mut out = format!(
        "{}[{}] {}: {}\n",
        f.severity,
        f.rule,
        f.name(),
        terminal(&f.message)
    );
    match (&f.origin, f.location) {
        (Some(origin), _) => {
            let _ = writeln!(out, "  --> {}", terminal(&origin.to_string()));
        }
        (None, Some(loc)) => {
            let _ = writeln!(out, "  --> {}:{}:{}", terminal(file), loc.line, loc.column);
        }
        (None, None) => {}
    }
    let scope = f.scope();
    if !scope.is_empty() {
        let _ = writeln!(out, "   = in {}", terminal(&scope.join(", ")));
    }
    let _ = writeln!(out, "   = fix: {}", terminal(f.fix));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
