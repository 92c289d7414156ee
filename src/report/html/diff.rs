//! The diff page (`trailplan diff --format html`): what a pull request changes, then the review
//! pages of BASE and NEW.

use super::{Page, escape, head, money, money_cell};
use crate::rules::group_digits;
use std::fmt::Write;

/// `trailplan diff --format html`: the change first (total, per trail and kind, findings new and
/// resolved), then the review pages of BASE and NEW.
pub fn render_diff(d: &crate::diff::Diff) -> String {
    let mut out = String::new();
    let title = format!(
        "trailplan diff: {} → {}",
        d.base.scenario.name, d.new.scenario.name
    );
    out.push_str(&head(&title));
    let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        out,
        "<p class=\"file\">{} → {}</p>",
        escape(&d.base.scenario.source.name),
        escape(&d.new.scenario.source.name)
    );
    let percent = d.percent().map_or_else(
        || "n/a".to_string(),
        |p| format!("{}%", crate::money::cents(p)),
    );
    let _ = writeln!(
        out,
        "<div class=\"cards\"><div class=\"card\"><div class=\"big\">{}</div><div class=\"what\">base a month</div></div>\
         <div class=\"card\"><div class=\"big\">{}</div><div class=\"what\">new a month</div></div>\
         <div class=\"card\"><div class=\"big\">{}</div><div class=\"what\">change ({})</div></div>\
         <div class=\"card\"><div class=\"big\"><span class=\"badge {}\">{}</span></div><div class=\"what\">gate</div></div></div>",
        money(d.base.costing.total),
        money(d.new.costing.total),
        money(d.total_delta()),
        escape(&percent),
        if d.failed() { "failed" } else { "passed" },
        if d.failed() { "failed" } else { "passed" },
    );
    out.push_str("<h2>Cost changes</h2>\n<div class=\"wide\"><table><thead><tr><th>Trail</th><th>Status</th><th>Kind</th>\
        <th class=\"num\">Base events</th><th class=\"num\">New events</th><th class=\"num\">Base</th>\
        <th class=\"num\">New</th><th class=\"num\">Change</th></tr></thead><tbody>\n");
    for line in d.lines.iter().filter(|l| l.is_change()) {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}{}{}</tr>",
            escape(&line.trail),
            line.status.as_str(),
            line.kind.as_str(),
            group_digits(line.base_events),
            group_digits(line.new_events),
            money_cell(line.base_cost),
            money_cell(line.new_cost),
            money_cell(line.delta()),
        );
    }
    out.push_str("</tbody></table></div>\n");
    for (heading, findings) in [
        ("New findings", &d.new_findings),
        ("Resolved findings", &d.resolved_findings),
    ] {
        let _ = writeln!(out, "<h2>{heading} ({})</h2>", findings.len());
        if findings.is_empty() {
            out.push_str("<p class=\"muted\">None.</p>\n");
            continue;
        }
        out.push_str("<div class=\"wide\"><table><thead><tr><th>Rule</th><th>Severity</th><th>Message</th></tr></thead><tbody>\n");
        for f in findings.iter() {
            let _ = writeln!(
                out,
                "<tr><td>{} {}</td><td><span class=\"badge {sev}\">{sev}</span></td><td>{}</td></tr>",
                f.rule,
                escape(f.name()),
                escape(&f.message),
                sev = f.severity.as_str(),
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    for (i, (label, plan)) in [("Base", &d.base), ("New", &d.new)].into_iter().enumerate() {
        let _ = writeln!(out, "<h2>{label}: the whole plan</h2>");
        Page {
            plan,
            id: format!("d{}", i + 1),
            show_cost: true,
            show_findings: true,
            top: None,
        }
        .render(&mut out);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
