//! Rendering a [`Diff`]: a table for people, JSON with exact decimal strings for machines, and a
//! markdown pull-request comment. Percentages are computed exactly and rounded half away from zero
//! to two decimals once, here.

use super::markdown::{self, code, plural, text, verdict};
use crate::diff::{Breach, CostLine, Diff, TrailStatus};
use crate::money::{amount, cents, exact};
use crate::rules::{Finding, group_digits};
use comfy_table::{Cell, CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt::Write;

/// An exact percentage rounded for people: `12.345` → `"12.35"`.
fn percent_rounded(p: Decimal) -> String {
    let mut v = p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(2);
    v.to_string()
}

/// A signed amount in `currency`: `+$1.00`, `-$1.00`, `$0.00`, `+¥1.00`.
pub(super) fn signed_amount(v: Decimal, currency: &str) -> String {
    if v > Decimal::ZERO && cents(v) != "0.00" {
        format!("+{}", amount(v, currency))
    } else {
        amount(v, currency)
    }
}

/// NEW's currency, which the deltas and NEW's amounts are in (the JSON's `currency`).
fn new_currency(d: &Diff) -> &str {
    &d.new.scenario.prices.currency
}

/// BASE's currency, which BASE's amounts are in.
fn base_currency(d: &Diff) -> &str {
    &d.base.scenario.prices.currency
}

/// An amount of NEW (or a delta) for people.
fn new_money(d: &Diff, v: Decimal) -> String {
    amount(v, new_currency(d))
}

/// An amount of BASE for people.
fn base_money(d: &Diff, v: Decimal) -> String {
    amount(v, base_currency(d))
}

/// A trail's cost, in the currency of the side it exists on.
fn trail_money(d: &Diff, t: &crate::diff::TrailChange) -> String {
    match t.status {
        TrailStatus::Removed => base_money(d, t.cost),
        _ => new_money(d, t.cost),
    }
}

/// A signed percentage, or `n/a` when the base total is zero.
pub(super) fn signed_percent(p: Option<Decimal>) -> String {
    match p {
        None => "n/a".into(),
        Some(p) => {
            let rounded = percent_rounded(p);
            if p > Decimal::ZERO && rounded != "0.00" {
                format!("+{rounded}%")
            } else {
                format!("{rounded}%")
            }
        }
    }
}

fn trail_label(line: &CostLine) -> String {
    match line.status {
        TrailStatus::Kept => line.trail.clone(),
        status => format!("{} ({})", line.trail, status.as_str()),
    }
}

/// The headline: `$10.00 → $12.70 (+$2.70, +27.00%)`.
fn headline(d: &Diff) -> String {
    format!(
        "{} → {} ({}, {})",
        base_money(d, d.base.costing.total),
        new_money(d, d.new.costing.total),
        signed_amount(d.total_delta(), new_currency(d)),
        signed_percent(d.percent())
    )
}

/// What changed, in a title: `landing zone: +$263.45 a month (+12.30%)`. When both sides have the
/// same scenario name the files name them (`landing zone (base.toml → head.toml): …`); when the
/// names differ, both are given (`old → new: …`).
pub(crate) fn title(d: &Diff) -> String {
    let (base, new) = (&d.base.scenario, &d.new.scenario);
    let what = if base.name == new.name {
        if base.source.name == new.source.name {
            base.name.clone()
        } else {
            format!("{} ({} → {})", base.name, base.source.name, new.source.name)
        }
    } else {
        format!("{} → {}", base.name, new.name)
    };
    format!(
        "{what}: {} a month ({})",
        signed_amount(d.total_delta(), new_currency(d)),
        signed_percent(d.percent())
    )
}

/// One sentence per breach of the gate.
fn breach_text(d: &Diff, b: &Breach) -> String {
    match b {
        Breach::Increase { delta, limit } => format!(
            "the increase of {} is above --max-increase {}",
            new_money(d, *delta),
            new_money(d, *limit)
        ),
        Breach::IncreasePercent { percent, limit } => format!(
            "the increase of {}% is above --max-increase-percent {}",
            percent_rounded(*percent),
            limit.normalize()
        ),
        Breach::IncreaseFromZero { delta, limit } => format!(
            "the total grew by {} from {}, which no percentage covers (--max-increase-percent {})",
            new_money(d, *delta),
            base_money(d, Decimal::ZERO),
            limit.normalize()
        ),
        Breach::NewFindings { count, fail_on } => format!(
            "{count} new finding{} at or above {}",
            plural(*count),
            markdown::fail_on_str(*fail_on)
        ),
    }
}

fn limits_text(d: &Diff) -> String {
    let mut parts = vec![format!("fail on {}", markdown::fail_on_str(d.fail_on))];
    if let Some(limit) = d.limits.max_increase {
        parts.push(format!("max increase {}", new_money(d, limit)));
    }
    if let Some(limit) = d.limits.max_increase_percent {
        parts.push(format!("max increase {}%", limit.normalize()));
    }
    parts.join(", ")
}

// ---------------------------------------------------------------------------------------------
// Table

pub fn table(d: &Diff) -> String {
    let out = table_text(d);
    // No control character or bidi control from the input reaches the terminal.
    match crate::text::terminal_lines(&out) {
        std::borrow::Cow::Borrowed(_) => out,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

fn table_text(d: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}) → {} ({})",
        d.base.scenario.name,
        d.base.scenario.source.name,
        d.new.scenario.name,
        d.new.scenario.source.name
    );
    let _ = writeln!(out, "Total: {}", headline(d));
    let _ = writeln!(
        out,
        "Exact: {} → {} (delta {})",
        exact(d.base.costing.total),
        exact(d.new.costing.total),
        exact(d.total_delta())
    );
    for t in &d.trails {
        let _ = writeln!(
            out,
            "Trail {} {} ({} a month)",
            t.trail,
            t.status.as_str(),
            trail_money(d, t)
        );
    }
    let changes: Vec<&CostLine> = d.lines.iter().filter(|l| l.is_change()).collect();
    if changes.is_empty() {
        out.push_str("No cost line changed.\n");
    } else {
        let mut table = Table::new();
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_header(vec!["Trail", "Kind", "Events", "Base", "New", "Delta"]);
        let right = |t: String| Cell::new(t).set_alignment(CellAlignment::Right);
        for l in &changes {
            table.add_row(vec![
                Cell::new(trail_label(l)),
                Cell::new(l.kind.as_str()),
                right(events_change(l)),
                right(base_money(d, l.base_cost)),
                right(new_money(d, l.new_cost)),
                right(signed_amount(l.delta(), new_currency(d))),
            ]);
        }
        let _ = writeln!(out, "{table}");
    }
    let _ = writeln!(
        out,
        "Findings: {} new, {} resolved, {} unchanged",
        d.new_findings.len(),
        d.resolved_findings.len(),
        d.unchanged_findings.len()
    );
    for (label, list) in [("new", &d.new_findings), ("resolved", &d.resolved_findings)] {
        for f in list {
            let _ = write!(out, "{label}: ");
            out.push_str(&super::table::finding(f, finding_file(d, label)));
        }
    }
    if let Some(sentence) = super::left_out_sentence(&d.left_out) {
        let _ = writeln!(out, "{sentence}");
    }
    let _ = writeln!(out, "Gate ({}): {}", limits_text(d), gate_word(d));
    for b in &d.breaches {
        let _ = writeln!(out, "  - {}", breach_text(d, b));
    }
    out
}

fn gate_word(d: &Diff) -> &'static str {
    if d.failed() { "FAILED" } else { "passed" }
}

/// The file a finding of a list points into: resolved findings are in BASE.
fn finding_file<'a>(d: &'a Diff, label: &str) -> &'a str {
    if label == "resolved" {
        &d.base.scenario.source.name
    } else {
        &d.new.scenario.source.name
    }
}

fn events_change(l: &CostLine) -> String {
    if l.base_events == l.new_events {
        group_digits(l.new_events)
    } else {
        format!(
            "{} → {}",
            group_digits(l.base_events),
            group_digits(l.new_events)
        )
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct JsonDiff<'a> {
    base: JsonSide<'a>,
    new: JsonSide<'a>,
    currency: &'a str,
    total_delta: String,
    /// Rounded to two decimals; `null` when the base total is zero.
    total_delta_percent: Option<String>,
    trails: Vec<JsonTrail<'a>>,
    lines: Vec<JsonLine<'a>>,
    findings: JsonFindings<'a>,
    gate: JsonGate,
    /// Present only when `--min-severity` was given: its level and how many findings it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    left_out: Option<super::JsonLeftOut>,
}

#[derive(Serialize)]
struct JsonSide<'a> {
    scenario: &'a str,
    file: &'a str,
    total: String,
}

#[derive(Serialize)]
struct JsonTrail<'a> {
    trail: &'a str,
    status: &'static str,
    cost: String,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    trail: &'a str,
    status: &'static str,
    kind: &'static str,
    base_events: u64,
    new_events: u64,
    base_cost: String,
    new_cost: String,
    delta: String,
}

#[derive(Serialize)]
struct JsonFindings<'a> {
    new: Vec<super::json::JsonFinding<'a>>,
    resolved: Vec<super::json::JsonFinding<'a>>,
    unchanged: Vec<super::json::JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonGate {
    fail_on: &'static str,
    max_increase: Option<String>,
    max_increase_percent: Option<String>,
    failed: bool,
    reasons: Vec<String>,
}

pub fn json(d: &Diff) -> String {
    let base_file = d.base.scenario.source.name.as_str();
    let new_file = d.new.scenario.source.name.as_str();
    let value = JsonDiff {
        base: JsonSide {
            scenario: &d.base.scenario.name,
            file: base_file,
            total: exact(d.base.costing.total),
        },
        new: JsonSide {
            scenario: &d.new.scenario.name,
            file: new_file,
            total: exact(d.new.costing.total),
        },
        currency: &d.new.scenario.prices.currency,
        total_delta: exact(d.total_delta()),
        total_delta_percent: d.percent().map(percent_rounded),
        trails: d
            .trails
            .iter()
            .map(|t| JsonTrail {
                trail: &t.trail,
                status: t.status.as_str(),
                cost: exact(t.cost),
            })
            .collect(),
        lines: d
            .lines
            .iter()
            .map(|l| JsonLine {
                trail: &l.trail,
                status: l.status.as_str(),
                kind: l.kind.as_str(),
                base_events: l.base_events,
                new_events: l.new_events,
                base_cost: exact(l.base_cost),
                new_cost: exact(l.new_cost),
                delta: exact(l.delta()),
            })
            .collect(),
        findings: JsonFindings {
            new: findings(&d.new_findings, new_file),
            resolved: findings(&d.resolved_findings, base_file),
            unchanged: findings(&d.unchanged_findings, new_file),
        },
        gate: JsonGate {
            fail_on: markdown::fail_on_str(d.fail_on),
            max_increase: d.limits.max_increase.map(exact),
            max_increase_percent: d
                .limits
                .max_increase_percent
                .map(|p| p.normalize().to_string()),
            failed: d.failed(),
            reasons: d.breaches.iter().map(|b| breach_text(d, b)).collect(),
        },
        left_out: super::JsonLeftOut::of(&d.left_out),
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

fn findings<'a>(list: &'a [Finding], file: &'a str) -> Vec<super::json::JsonFinding<'a>> {
    list.iter().map(|f| super::json::finding(f, file)).collect()
}

// ---------------------------------------------------------------------------------------------
// Markdown

pub fn markdown(d: &Diff) -> String {
    markdown_tagged(d, &d.new.scenario.source.name)
}

/// [`markdown()`] with the hidden marker `<!-- trailplan:TAG -->` (default: the NEW scenario's path).
pub fn markdown_tagged(d: &Diff, tag: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", markdown::marker(tag));
    let _ = writeln!(
        out,
        "### trailplan diff: {} → {}\n",
        code(&d.base.scenario.source.name),
        code(&d.new.scenario.source.name)
    );
    let _ = writeln!(out, "**Monthly total: {}**\n", text(&headline(d)));
    let _ = writeln!(
        out,
        "Gate ({}): {}\n",
        text(&limits_text(d)),
        verdict(d.failed())
    );
    for b in &d.breaches {
        let _ = writeln!(out, "- {}", text(&breach_text(d, b)));
    }
    if !d.breaches.is_empty() {
        out.push('\n');
    }
    markdown_trails(&mut out, d);
    let mut changes: Vec<&CostLine> = d.lines.iter().filter(|l| l.is_change()).collect();
    // Largest changes first, up or down; ties keep trail and kind order (stable sort).
    changes.sort_by_key(|l| std::cmp::Reverse(l.delta().abs()));
    markdown_largest_changes(&mut out, d, &changes);
    markdown_findings_summary(&mut out, d);
    let _ = writeln!(out, "<details><summary>Full detail</summary>\n");
    markdown_exact_totals(&mut out, d);
    markdown_changed_lines(&mut out, d, &changes);
    markdown_findings_detail(&mut out, d);
    let _ = writeln!(out, "</details>");
    markdown::fit(out, markdown::WHOLE)
}

/// The trails added and removed, when there are any.
fn markdown_trails(out: &mut String, d: &Diff) {
    if d.trails.is_empty() {
        return;
    }
    let _ = writeln!(out, "#### Trails added and removed\n");
    for t in &d.trails {
        let _ = writeln!(
            out,
            "- {} {} ({} a month)",
            code(&t.trail),
            t.status.as_str(),
            text(&trail_money(d, t))
        );
    }
    out.push('\n');
}

/// The few largest of the changed lines (`changes`, largest first).
fn markdown_largest_changes(out: &mut String, d: &Diff, changes: &[&CostLine]) {
    if changes.is_empty() {
        let _ = writeln!(out, "No cost line changed.\n");
        return;
    }
    let shown = changes.len().min(markdown::TOP);
    let _ = writeln!(out, "#### Largest cost changes\n");
    line_table(out, d, changes.iter().take(shown).copied());
    if changes.len() > shown {
        let _ = writeln!(
            out,
            "…and {} more changed line{} in the details.\n",
            changes.len() - shown,
            plural(changes.len() - shown)
        );
    }
}

/// How many findings are new, resolved and unchanged, and the new and resolved ones in short.
fn markdown_findings_summary(out: &mut String, d: &Diff) {
    let _ = writeln!(
        out,
        "#### Findings: {} new, {} resolved, {} unchanged\n",
        d.new_findings.len(),
        d.resolved_findings.len(),
        d.unchanged_findings.len()
    );
    if let Some(sentence) = super::left_out_sentence(&d.left_out) {
        let _ = writeln!(out, "_{}._\n", text(&sentence));
    }
    if !d.new_findings.is_empty() {
        let _ = writeln!(out, "##### New\n");
        markdown::summarised_findings(out, &d.new_findings, new_currency(d));
    }
    if !d.resolved_findings.is_empty() {
        let _ = writeln!(out, "##### Resolved\n");
        markdown::summarised_findings(out, &d.resolved_findings, base_currency(d));
    }
}

/// Both totals, exact, with their currencies when they differ.
fn markdown_exact_totals(out: &mut String, d: &Diff) {
    let (base_code, new_code) = (base_currency(d), new_currency(d));
    if base_code == new_code {
        let _ = writeln!(
            out,
            "Exact totals: {} → {} {} (delta {}).\n",
            code(&exact(d.base.costing.total)),
            code(&exact(d.new.costing.total)),
            text(new_code),
            code(&exact(d.total_delta()))
        );
    } else {
        let _ = writeln!(
            out,
            "Exact totals: {} {} → {} {} (delta {}).\n",
            code(&exact(d.base.costing.total)),
            text(base_code),
            code(&exact(d.new.costing.total)),
            text(new_code),
            code(&exact(d.total_delta()))
        );
    }
}

/// Every changed line, or the largest [`markdown::DETAIL_ROWS`] of them (`changes`, largest
/// first).
fn markdown_changed_lines(out: &mut String, d: &Diff, changes: &[&CostLine]) {
    let every = changes.len();
    if every == 0 {
        return;
    }
    if every > markdown::DETAIL_ROWS {
        let _ = writeln!(
            out,
            "#### The {} largest of {} changed lines\n",
            markdown::DETAIL_ROWS,
            group_digits(every as u64)
        );
        line_table(out, d, changes.iter().take(markdown::DETAIL_ROWS).copied());
        let _ = writeln!(
            out,
            "…and {} more changed lines: the JSON report (`--format json`) holds every one.\n",
            group_digits((every - markdown::DETAIL_ROWS) as u64)
        );
    } else {
        let _ = writeln!(out, "#### Every changed line\n");
        let in_order = d.lines.iter().filter(|l| l.is_change());
        line_table(out, d, in_order);
    }
}

/// The new, resolved and unchanged findings, each with its place and fix.
fn markdown_findings_detail(out: &mut String, d: &Diff) {
    let sections = [
        (
            "New findings",
            &d.new_findings,
            &d.new.scenario.source.name,
            new_currency(d),
        ),
        (
            "Resolved findings",
            &d.resolved_findings,
            &d.base.scenario.source.name,
            base_currency(d),
        ),
        (
            "Unchanged findings",
            &d.unchanged_findings,
            &d.new.scenario.source.name,
            new_currency(d),
        ),
    ];
    for (title, list, file, currency) in sections {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {title}\n");
        if list.len() > markdown::FINDINGS_LISTED {
            markdown::findings_by_rule(out, list, currency);
        }
        for f in list.iter().take(markdown::DETAIL_ROWS) {
            let _ = writeln!(
                out,
                "- {} {} at {} — fix: {}",
                f.severity,
                markdown::finding_item(f),
                markdown::place(f, file),
                text(f.fix)
            );
        }
        out.push('\n');
        markdown::more_findings(out, list.len());
    }
}

fn line_table<'a>(out: &mut String, d: &Diff, lines: impl Iterator<Item = &'a CostLine>) {
    let _ = writeln!(out, "| Trail | Kind | Events | Base | New | Delta |");
    let _ = writeln!(out, "|---|---|--:|--:|--:|--:|");
    for l in lines {
        let trail = match l.status {
            TrailStatus::Kept => code(&l.trail),
            status => format!("{} ({})", code(&l.trail), status.as_str()),
        };
        let _ = writeln!(
            out,
            "| {trail} | {} | {} | {} | {} | {} |",
            code(l.kind.as_str()),
            text(&events_change(l)),
            text(&base_money(d, l.base_cost)),
            text(&new_money(d, l.new_cost)),
            text(&signed_amount(l.delta(), new_currency(d)))
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn percentages_round_once_half_away_from_zero() {
        assert_eq!(percent_rounded(d("12.345")), "12.35");
        assert_eq!(percent_rounded(d("-12.345")), "-12.35");
        assert_eq!(signed_percent(Some(d("27"))), "+27.00%");
        assert_eq!(signed_percent(None), "n/a");
        assert_eq!(signed_amount(d("0"), "USD"), "$0.00");
        assert_eq!(signed_amount(d("-2.5"), "USD"), "-$2.50");
        assert_eq!(signed_amount(d("1234.5"), "CNY"), "+¥1,234.50");
        assert_eq!(signed_amount(d("-3"), "CHF"), "-CHF 3.00");
    }
}
