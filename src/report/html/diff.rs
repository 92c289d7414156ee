//! The diff page (`trailplan diff --format html`): what a pull request changes, the proposal first,
//! then the review pages of NEW and BASE.

use super::svg::in_currency;
use super::{Page, escape, head, message, money, money_cell, place};
use crate::report::diff::{signed_amount, signed_percent, title};
use crate::rules::group_digits;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The anchor prefix of the proposal's page (NEW), where its rule docs are.
const NEW_ID: &str = "d1";

/// A table cell holding a signed change (`+$263.45`), the exact value in its title.
fn delta_cell(value: Decimal, currency: &str) -> String {
    format!(
        r#"<td class="num" title="{}">{}</td>"#,
        crate::money::exact(value),
        escape(&signed(value, currency))
    )
}

/// A signed change in `currency`: `+$263.45`, `-¥3.00`.
fn signed(value: Decimal, currency: &str) -> String {
    signed_amount(value, currency)
}

/// `trailplan diff --format html`: the change first (total, a delta bar per trail, the lines
/// that changed, findings new and resolved), then the review pages of NEW (the proposal) and BASE.
pub fn render_diff(d: &crate::diff::Diff) -> String {
    let mut out = String::new();
    let cur = d.new.scenario.prices.currency.as_str();
    let title = in_currency(&title(d), cur);
    out.push_str(&head(&format!("trailplan diff: {title}")));
    let _ = writeln!(out, "<h1 class=\"diff-title\">{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<p class=\"file\">proposal {} · base {}</p>",
        escape(&d.new.scenario.source.name),
        escape(&d.base.scenario.source.name)
    );
    let _ = writeln!(
        out,
        "<div class=\"cards\"><div class=\"card\"><div class=\"what\">proposal a month</div><div class=\"big\">{}</div></div>\
         <div class=\"card\"><div class=\"what\">base a month</div><div class=\"big\">{}</div></div>\
         <div class=\"card\"><div class=\"what\">change ({})</div><div class=\"big\" data-delta=\"{}\"><span class=\"money\" title=\"{}\">{}</span></div></div>\
         <div class=\"card\"><div class=\"what\">gate</div><div class=\"big\"><span class=\"badge {gate}\">{gate}</span></div></div></div>",
        money(d.new.costing.total, cur),
        money(d.base.costing.total, cur),
        escape(&signed_percent(d.percent())),
        crate::money::exact(d.total_delta()),
        crate::money::exact(d.total_delta()),
        escape(&signed(d.total_delta(), cur)),
        gate = if d.failed() { "failed" } else { "passed" },
    );
    cost_changes(&mut out, d, cur);
    for (heading, findings, file, link) in [
        (
            "New findings",
            &d.new_findings,
            &d.new.scenario.source.name,
            true,
        ),
        (
            "Resolved findings",
            &d.resolved_findings,
            &d.base.scenario.source.name,
            false,
        ),
    ] {
        findings_table(&mut out, heading, findings, file, link);
    }
    for (id, label, plan) in [
        (NEW_ID, "The proposal (new)", &d.new),
        ("d2", "The base", &d.base),
    ] {
        let _ = writeln!(out, "<h2>{label}: the whole plan</h2>");
        Page {
            plan,
            id: id.to_string(),
            show_cost: true,
            show_findings: true,
            top: None,
        }
        .render(&mut out);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The cost changes: a delta bar per trail, then every changed line.
fn cost_changes(out: &mut String, d: &crate::diff::Diff, cur: &str) {
    // One delta a trail, in the order of the lines (by trail name).
    let mut per_trail: BTreeMap<&str, Decimal> = BTreeMap::new();
    for line in &d.lines {
        let e = per_trail.entry(line.trail.as_str()).or_default();
        *e = e.saturating_add(line.delta());
    }
    out.push_str("<h2>Cost changes</h2>\n");
    let changed: Vec<(String, Decimal)> = per_trail
        .into_iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(t, v)| (t.to_string(), v))
        .collect();
    if changed.is_empty() {
        out.push_str("<p class=\"muted\">No trail's cost changes.</p>\n");
    } else {
        let _ = writeln!(
            out,
            "<figure class=\"bars deltas\"><figcaption>Change a month by trail</figcaption>{}</figure>",
            super::svg::deltas("Change a month by trail", &changed, |v| signed(v, cur))
        );
    }
    out.push_str("<div class=\"wide\"><table class=\"changes\"><thead><tr><th>Trail</th><th>Status</th><th>Kind</th>\
        <th class=\"num\">New events</th><th class=\"num\">Base events</th><th class=\"num\">New</th>\
        <th class=\"num\">Base</th><th class=\"num\">Change</th></tr></thead><tbody>\n");
    for line in d.lines.iter().filter(|l| l.is_change()) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td title=\"{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}{}{}</tr>",
            escape(&line.trail),
            line.status.as_str(),
            line.kind.as_str(),
            crate::report::view::kind_label(line.kind),
            group_digits(line.new_events),
            group_digits(line.base_events),
            money_cell(line.new_cost, cur),
            money_cell(line.base_cost, cur),
            delta_cell(line.delta(), cur),
        );
    }
    out.push_str("</tbody></table></div>\n");
}

/// The new (`link`: linked to their rules' sections in the proposal's page) or resolved findings.
fn findings_table(
    out: &mut String,
    heading: &str,
    findings: &[crate::rules::Finding],
    file: &str,
    link: bool,
) {
    let _ = writeln!(
        out,
        "<h2>{heading} ({})</h2>",
        group_digits(findings.len() as u64)
    );
    if findings.is_empty() {
        out.push_str("<p class=\"muted\">None.</p>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<div class=\"wide\"><table class=\"{}\"><thead><tr><th>Rule</th><th>Severity</th><th>Message</th><th>Where</th></tr></thead><tbody>",
        if link {
            "new-findings"
        } else {
            "resolved-findings"
        }
    );
    for f in findings {
        // A new finding links to its rule's section in the proposal's page; a resolved one
        // has no section there (the rule may not fire in NEW at all).
        let rule = if link {
            format!("<a href=\"#{NEW_ID}-{0}\">{0}</a>", f.rule)
        } else {
            f.rule.to_string()
        };
        let _ = writeln!(
            out,
            "<tr><td>{rule} {}</td><td><span class=\"badge {sev}\">{sev}</span></td><td>{}</td><td>{}</td></tr>",
            escape(f.name()),
            message(&f.message),
            escape(&place(f, file)),
            sev = f.severity.as_str(),
        );
    }
    out.push_str("</tbody></table></div>\n");
}
