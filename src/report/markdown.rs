//! GitHub-flavoured markdown for pull-request comments (`--format markdown`).
//!
//! A comment is read in a hurry: the total and the gate first, then the ten largest line items,
//! then the findings grouped by severity with their rule IDs; everything else (every line item, every
//! finding's place and fix, the waivers) sits in a collapsed `<details>` block. Text that comes from
//! a scenario is escaped, so a `|` in a trail name cannot break a table and `<` cannot open HTML.
//! Every comment starts with an HTML marker, so a CI job can find and update its previous comment.

use super::view::{self, GroupBy, View};
use crate::model::FailOn;
use crate::money::{dollars, exact};
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::{Finding, Severity, group_digits};
use std::fmt::Write;

/// The first line of every comment, for bots that update their previous comment.
pub const MARKER: &str = "<!-- trailplan -->";

/// How many line items the summary shows before the details.
pub const TOP: usize = 10;

/// Escapes text for a markdown paragraph or table cell.
pub fn text(s: &str) -> String {
    let s = crate::text::markdown(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A code span that is safe in a table cell: backticks cannot be escaped inside one, so they go;
/// GitHub reads `\|` as a pipe even inside code spans of a table.
pub fn code(s: &str) -> String {
    let inner: String = crate::text::terminal(s)
        .chars()
        .map(|c| match c {
            '`' => '\'',
            '\n' | '\r' => ' ',
            _ => c,
        })
        .collect();
    format!("`{}`", inner.replace('|', "\\|"))
}

pub fn fail_on_str(fail_on: FailOn) -> &'static str {
    match fail_on {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Never => "never",
    }
}

/// The gate's verdict with a mark that reads without colour.
pub fn verdict(failed: bool) -> &'static str {
    if failed {
        "❌ **failed**"
    } else {
        "✅ passed"
    }
}

fn heading(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Info",
    }
}

/// One finding as a list item: rule ID, name, message and scope.
pub fn finding_item(f: &Finding) -> String {
    format!(
        "{} {}: {}{}",
        code(f.rule.as_str()),
        text(f.name()),
        text(&f.message),
        scope(f)
    )
}

fn scope(f: &Finding) -> String {
    let parts: Vec<String> = [
        ("trail", &f.trail),
        ("account", &f.account),
        ("region", &f.region),
    ]
    .iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k} {}", code(v))))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// Where a finding points, as text.
pub fn place(f: &Finding, file: &str) -> String {
    match (&f.origin, f.location) {
        (Some(origin), _) => code(origin),
        (None, Some(loc)) => code(&format!("{file}:{}:{}", loc.line, loc.column)),
        (None, None) => code(file),
    }
}

/// Findings grouped by severity, most severe first; `None` when there are none.
pub fn grouped_findings(out: &mut String, findings: &[Finding]) {
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<&Finding> = findings.iter().filter(|f| f.severity == severity).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{} ({})**\n", heading(severity), group.len());
        for f in group {
            let _ = writeln!(out, "- {}", finding_item(f));
        }
        out.push('\n');
    }
}

/// Renders plans one after another, separated by rules.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool, view: View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{MARKER}");
    for (i, plan) in plans.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        plan_section(&mut out, plan, show_cost, show_findings, view);
    }
    out
}

fn plan_section(out: &mut String, plan: &Plan, show_cost: bool, show_findings: bool, view: View) {
    let s = &plan.scenario;
    let file = s.source.name.as_str();
    let _ = writeln!(out, "### trailplan: {} ({})\n", text(&s.name), code(file));
    let mut summary = Vec::new();
    if show_cost {
        summary.push(format!(
            "**Monthly total: {}**",
            text(&dollars(plan.costing.total))
        ));
        if let Some((budget, _)) = s.policy.monthly_budget {
            summary.push(format!("budget {}", text(&dollars(budget))));
        }
    }
    let failed = if show_findings {
        plan.failed()
    } else {
        plan.failing()
            .any(|f| f.rule == crate::codes::Rule::BudgetExceeded)
    };
    summary.push(format!(
        "gate (fail on {}): {}",
        fail_on_str(plan.fail_on),
        verdict(failed)
    ));
    let _ = writeln!(out, "{}\n", summary.join(" · "));
    if !s.import_notes.is_empty() {
        for note in &s.import_notes {
            let _ = writeln!(out, "- `# {}`", note.replace('`', "'"));
        }
        out.push('\n');
    }

    if show_cost {
        match view.by {
            Some(by) => group_table(out, plan, by, Some(view.top.unwrap_or(TOP))),
            None => cost_summary(out, plan, view.top.unwrap_or(TOP)),
        }
    }
    if show_findings {
        findings_summary(out, plan, plan.baselined.unwrap_or(0));
    }

    let _ = writeln!(out, "<details><summary>Full detail</summary>\n");
    if show_cost {
        let every = plan.costing.charges.len();
        match (view.by, view.top) {
            (Some(by), top) => {
                let _ = writeln!(out, "#### Cost by {}\n", by.label().to_lowercase());
                group_table(out, plan, by, top);
            }
            (None, Some(n)) if n < every => {
                let _ = writeln!(
                    out,
                    "#### The {n} costliest of {} line items\n",
                    group_digits(every as u64)
                );
            }
            _ => {
                let _ = writeln!(out, "#### Every line item\n");
            }
        }
        if plan.costing.charges.is_empty() {
            let _ = writeln!(out, "No charges: no trail delivers any declared events.\n");
        } else {
            if view.by.is_none() {
                charge_table(
                    out,
                    plan,
                    view::top_charges(plan, view.top, false).into_iter(),
                );
            }
            let _ = writeln!(
                out,
                "Exact total: {} USD a month.\n",
                code(&exact(plan.costing.total))
            );
        }
    }
    if show_findings {
        let _ = writeln!(out, "#### Every finding\n");
        if plan.findings.is_empty() {
            let _ = writeln!(out, "No findings.\n");
        } else {
            let _ = writeln!(out, "| Severity | Rule | Where | Message | Fix |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for f in &plan.findings {
                let _ = writeln!(
                    out,
                    "| {} | {} {} | {} | {}{} | {} |",
                    f.severity,
                    code(f.rule.as_str()),
                    text(f.name()),
                    place(f, file),
                    text(&f.message),
                    scope(f),
                    text(f.fix)
                );
            }
            out.push('\n');
        }
        if !plan.waived.is_empty() {
            let _ = writeln!(out, "#### Waived\n");
            for (f, reason) in &plan.waived {
                let _ = writeln!(out, "- {} — waived: {}", finding_item(f), text(reason));
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "</details>");
}

/// The line items summed by `by`, costliest first, the rest summed in one row.
fn group_table(out: &mut String, plan: &Plan, by: GroupBy, top: Option<usize>) {
    let groups = view::groups(plan, by);
    if groups.is_empty() {
        let _ = writeln!(out, "No charges: no trail delivers any declared events.\n");
        return;
    }
    let (shown, rest) = view::top_and_rest(&groups, top, |g| g.cost);
    let _ = writeln!(out, "| {} | Lines | Cost |", by.label());
    let _ = writeln!(out, "|---|--:|--:|");
    for g in shown {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            text(&g.key),
            group_digits(g.lines as u64),
            text(&dollars(g.cost))
        );
    }
    if let Some(rest) = rest {
        let others = &groups[shown.len()..];
        let _ = writeln!(
            out,
            "| {} more | {} | {} |",
            group_digits(rest.count as u64),
            group_digits(others.iter().map(|g| g.lines as u64).sum()),
            text(&dollars(rest.cost))
        );
    }
    out.push('\n');
}

fn cost_summary(out: &mut String, plan: &Plan, top: usize) {
    let charges = &plan.costing.charges;
    if charges.is_empty() {
        let _ = writeln!(out, "No charges: no trail delivers any declared events.\n");
        return;
    }
    let mut largest: Vec<&Charge> = charges.iter().filter(|c| !c.cost.is_zero()).collect();
    // Largest first; equal costs keep the report's order (stable sort).
    largest.sort_by_key(|c| std::cmp::Reverse(c.cost));
    if largest.is_empty() {
        let _ = writeln!(out, "Every line item is free.\n");
        return;
    }
    let (shown, rest) = view::top_and_rest(&largest, Some(top), |c| c.cost);
    let _ = writeln!(out, "#### Largest line items\n");
    charge_table(out, plan, shown.iter().copied());
    if let Some(rest) = rest {
        let _ = writeln!(
            out,
            "…and {} more paid line item{} ({}).\n",
            rest.count,
            if rest.count == 1 { "" } else { "s" },
            text(&dollars(rest.cost))
        );
    }
}

fn charge_table<'a>(out: &mut String, plan: &Plan, charges: impl Iterator<Item = &'a Charge>) {
    let s = &plan.scenario;
    // The bill's name for each line (SPEC §4) beside its kind.
    let mut columns = view::CHARGE_COLUMNS.to_vec();
    columns.insert(5, "Usage type");
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(out, "|---|---|---|---|---|---|--:|--:|--:|");
    for c in charges {
        let row = view::ChargeRow::of(s, c);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            code(row.trail),
            text(row.payer),
            text(row.account),
            text(row.region),
            code(row.kind),
            code(&row.usage_type),
            row.events,
            row.price_per_100k,
            text(&row.cost)
        );
    }
    out.push('\n');
}

fn findings_summary(out: &mut String, plan: &Plan, baselined: usize) {
    let (errors, warnings, infos) = plan.counts();
    let _ = write!(
        out,
        "#### Findings: {errors} error{}, {warnings} warning{}, {infos} info",
        plural(errors),
        plural(warnings)
    );
    out.push_str("\n\n");
    grouped_findings(out, &plan.findings);
    let mut notes = Vec::new();
    if !plan.waived.is_empty() {
        notes.push(format!(
            "{} finding{} waived",
            plan.waived.len(),
            plural(plan.waived.len())
        ));
    }
    if baselined > 0 {
        notes.push(format!(
            "{baselined} finding{} in the baseline",
            plural(baselined)
        ));
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "_{}._\n", notes.join("; "));
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_tables_or_open_html() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("<details>"), "&lt;details&gt;");
        assert_eq!(code("a|b`c"), "`a\\|b'c`");
        assert_eq!(text("two\nlines"), "two\\\\nlines");
    }
}
