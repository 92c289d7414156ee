//! The terminal report: line items grouped by trail with who pays, subtotals and the total rounded
//! to cents from the exact sums (never a sum of rounded parts), then the findings.

use crate::money::{cents, dollars};
use crate::plan::Plan;
use crate::rules::{Finding, group_digits};
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rust_decimal::Decimal;
use std::fmt::Write;

/// Renders plans one after another.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    let mut out = String::new();
    for (i, plan) in plans.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} ({})",
            plan.scenario.name, plan.scenario.source.name
        );
        if show_cost {
            out.push_str(&cost_table(plan));
        }
        if show_findings {
            out.push_str(&findings(plan));
        }
    }
    out
}

fn cost_table(plan: &Plan) -> String {
    let s = &plan.scenario;
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
        "Trail", "Payer", "Account", "Region", "Kind", "Events", "per 100k", "Cost",
    ]);
    let right = |text: String| Cell::new(text).set_alignment(CellAlignment::Right);
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
            table.add_row(vec![
                Cell::new(&s.trails[c.trail].name),
                Cell::new(&s.accounts[c.payer].name),
                Cell::new(&s.accounts[c.account].name),
                Cell::new(&s.regions[c.region].name),
                Cell::new(c.kind.as_str()),
                right(group_digits(c.events)),
                right(format!("${}", cents(c.price_per_100k))),
                right(dollars(c.cost)),
            ]);
        }
        if end - start > 1 {
            table.add_row(vec![
                Cell::new(format!("{} subtotal", s.trails[trail].name)),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
                Cell::new(""),
                right(dollars(subtotal)),
            ]);
        }
        start = end;
    }
    let mut out = String::new();
    if charges.is_empty() {
        out.push_str("No charges: no trail delivers any declared events.\n");
    } else {
        let _ = writeln!(out, "{table}");
    }
    let total = plan.costing.total;
    let _ = writeln!(
        out,
        "Total: {} a month (exact: {})",
        dollars(total),
        crate::money::exact(total)
    );
    if let Some((budget, _)) = plan.scenario.policy.monthly_budget {
        let _ = writeln!(out, "Budget: {} a month", dollars(budget));
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
    let mut out = format!("{}[{}] {}: {}\n", f.severity, f.rule, f.name, f.message);
    match (&f.origin, f.location) {
        (Some(origin), _) => {
            let _ = writeln!(out, "  --> {origin}");
        }
        (None, Some(loc)) => {
            let _ = writeln!(out, "  --> {file}:{}:{}", loc.line, loc.column);
        }
        (None, None) => {}
    }
    let scope: Vec<String> = [
        ("trail", &f.trail),
        ("account", &f.account),
        ("region", &f.region),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {v}")))
    .collect();
    if !scope.is_empty() {
        let _ = writeln!(out, "   = in {}", scope.join(", "));
    }
    let _ = writeln!(out, "   = fix: {}", f.fix);
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
