//! The design-review page (`--format html`): one self-contained HTML file per run — no script, no
//! stylesheet, font or image from elsewhere — with inline SVG charts, for a review meeting on a
//! laptop or on paper.
//!
//! Every amount is the same exact value as the JSON: shown to people rounded once to cents, with
//! the exact value in the `title` attribute (a tooltip). The markup is XHTML-compatible (void elements
//! closed with `/>`, every attribute quoted, all text escaped) so that an XML parser can check it.

mod diff;
mod docs;

pub use diff::render_diff;

use super::svg::{self, Bar, Series, escape};
use crate::downstream::{BYTES_PER_GB, DELIVERY_WINDOWS_PER_MONTH, MAX_LOG_FILE_BYTES};
use crate::forecast::{CATEGORIES, category_name};
use crate::model::FailOn;
use crate::money::exact;
use crate::plan::Plan;
use crate::report::{Listed, Options, Show};
use crate::rules::{Finding, RULES, group_digits};
use docs::markdown;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// How many accounts or regions a chart names before it groups the rest.
const TOP: usize = 20;

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6472; --line: #d8dde5; --bg: #ffffff; --panel: #f5f7fa;
  --c0: #2f6db5; --c1: #d9822b; --c2: #3f9a5d; --c3: #8e5bb5; --c4: #c2464a; --c5: #6b7c8f; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--bg); }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 2px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 12px 0 4px; }
p { margin: 6px 0; }
.file, .muted { color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 200px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .big { font-size: 24px; font-weight: 650; }
.card .what { font-size: 13px; color: var(--muted); }
.estimate { border-style: dashed; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.error, .badge.failed { background: #fde2e2; color: #9b1c1c; }
.badge.warning { background: #fdf0d5; color: #8a4b00; }
.badge.info { background: #e3edf9; color: #1e4f8a; }
.badge.passed { background: #dff3e4; color: #1d6b35; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(460px, 100%), 1fr)); gap: 8px 24px; }
figure { margin: 8px 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
figure.bars svg.chart { max-width: 540px; }
figure.line svg.chart { max-width: 760px; }
svg .label { font-size: 13px; fill: var(--ink); }
svg .value { font-size: 12px; fill: var(--muted); }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .bar.c0 { fill: var(--c0); } svg .bar.c1 { fill: var(--c1); } svg .bar.c2 { fill: var(--c2); }
svg .bar.c3 { fill: var(--c3); } svg .bar.c4 { fill: var(--c4); } svg .bar.c5 { fill: var(--c5); }
svg .line { fill: none; stroke-width: 2.5; }
svg .value.inside { fill: #fff; font-weight: 600; }
svg .budget { stroke: var(--c4); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .budget-label { fill: var(--c4); font-size: 12px; }
.wide { overflow-x: auto; max-width: 100%; }
main, figure, .grid2 figure { min-width: 0; max-width: 100%; }
p.rest { color: var(--muted); font-size: 13px; margin: 2px 0 0; }
svg .s0 { stroke: var(--ink); fill: var(--ink); } svg .s1 { stroke: var(--c0); fill: var(--c0); }
svg .s2 { stroke: var(--c1); fill: var(--c1); } svg .s3 { stroke: var(--c2); fill: var(--c2); }
svg polyline.line { fill: none; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13.5px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sum td { font-weight: 650; border-top: 2px solid var(--ink); }
.note { background: #fff8e6; border-left: 4px solid var(--c1); padding: 8px 12px; margin: 8px 0; }
.rule { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px 10px; margin: 10px 0; }
pre { background: var(--panel); padding: 8px 10px; overflow-x: auto; font-size: 12.5px; white-space: pre-wrap; }
code { font-size: 12.5px; overflow-wrap: anywhere; }
.rule, .rule p, .rule li { overflow-wrap: anywhere; }
td { overflow-wrap: break-word; }
ul.instances { margin: 0; padding-left: 18px; }
figure.deltas svg.chart { max-width: 540px; }
a { color: var(--c0); }
dl.assume { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; }
dl.assume dt { font-weight: 600; }
dl.assume dd { margin: 0; }
.plan + .plan { border-top: 4px solid var(--ink); margin-top: 40px; }
h1, h2, h3, h4, p, li, dt, dd, figcaption, .file, summary { overflow-wrap: anywhere; }
details { margin: 8px 0; }
details summary { cursor: pointer; font-weight: 600; }
@media (max-width: 600px) {
  main { padding: 12px 12px 32px; }
  h1 { font-size: 22px; }
  dl.assume { display: block; }
  dl.assume dd { margin: 0 0 8px; }
  .card { flex-basis: 100%; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, .card, .rule, tr, svg.chart { break-inside: avoid; page-break-inside: avoid; }
  .plan + .plan { break-before: page; page-break-before: always; border-top: none; }
  a { color: inherit; text-decoration: none; }
  .card, th, pre { background: none; }
}
"#;

/// The page up to the start of `<main>`: title, styles, nothing fetched from elsewhere.
fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\"/>\n\
         <meta name=\"generator\" content=\"trailplan {}\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        escape(title)
    )
}

/// The page's Content-Security-Policy: no script, nothing loaded from anywhere; only its own inline
/// style and inline images.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// A page of several scenarios opens with one row each, linking to its section.
fn summary(out: &mut String, plans: &[Plan], options: &Options) {
    let show_cost = options.show.cost();
    let _ = writeln!(
        out,
        "<section class=\"summary\"><h1>{} scenarios</h1>\n<div class=\"wide\"><table class=\"scenarios\">\n<thead><tr><th>Scenario</th>{}<th class=\"num\">Findings</th><th>Gate</th></tr></thead>\n<tbody>",
        plans.len(),
        if show_cost {
            "<th class=\"num\">Cost a month</th>"
        } else {
            ""
        }
    );
    for (i, p) in plans.iter().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#s{}\">{}</a></td>{}<td class=\"num\">{}</td><td>{}</td></tr>",
            i + 1,
            escape(&p.scenario.name),
            if show_cost {
                money_cell(p.costing.total, &p.scenario.prices.currency)
            } else {
                String::new()
            },
            group_digits(Listed::of(p, options.quiet).findings.len() as u64),
            if p.failed() { "failed" } else { "passed" }
        );
    }
    out.push_str("</tbody>\n</table></div></section>\n");
}

/// Line items a page lists before it lists only the costliest (a browser and a reader both tire
/// of more; the JSON has every one).
const MAX_LINES: usize = 1_000;

/// Renders plans into one HTML page: [`render_with`], showing cost if `show_cost` and findings if
/// `show_findings`.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    render_with(plans, &Options::new(Show::of(show_cost, show_findings)))
}

/// [`render`] as `options` say: at most `options.view.top` line items (the costliest), or
/// `MAX_LINES`; with `options.quiet`, only the findings that fail the gate.
pub fn render_with(plans: &[Plan], options: &Options) -> String {
    let title = match plans {
        [one] => format!("trailplan review: {}", one.scenario.name),
        _ => format!("trailplan review: {} scenarios", plans.len()),
    };
    let mut out = String::new();
    out.push_str(&head(&title));
    if plans.len() > 1 {
        summary(&mut out, plans, options);
    }
    for (i, plan) in plans.iter().enumerate() {
        Page {
            plan,
            id: format!("s{}", i + 1),
            show_cost: options.show.cost(),
            show_findings: options.show.findings(),
            top: options.view.top,
        }
        .render_listed(&mut out, &Listed::of(plan, options.quiet));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

struct Page<'a> {
    plan: &'a Plan,
    /// Prefix of every anchor of this scenario, unique in the page.
    id: String,
    show_cost: bool,
    show_findings: bool,
    /// At most this many line items (the costliest); [`MAX_LINES`] when not given.
    top: Option<usize>,
}

/// An amount for people in `currency`, with the exact value as its tooltip.
fn money(value: Decimal, currency: &str) -> String {
    format!(
        r#"<span class="money" title="{}">{}</span>"#,
        exact(value),
        escape(&svg::amount(value, currency))
    )
}

/// A table cell holding an amount in `currency`, the exact value in its title.
fn money_cell(value: Decimal, currency: &str) -> String {
    format!(
        r#"<td class="num" title="{}">{}</td>"#,
        exact(value),
        escape(&svg::amount(value, currency))
    )
}

/// Sums amounts by a key's index below `slots`, in index order; a key no item has is left out.
/// (A vector, not a map: a large plan sums a million line items into a few thousand keys.)
fn sum_by_index(
    slots: usize,
    items: impl Iterator<Item = (usize, Decimal)>,
) -> Vec<(usize, Decimal)> {
    let mut sums: Vec<Option<Decimal>> = vec![None; slots];
    for (k, v) in items {
        if let Some(sum) = sums.get_mut(k) {
            let sum = sum.get_or_insert(Decimal::ZERO);
            *sum = sum.saturating_add(v);
        }
    }
    sums.into_iter()
        .enumerate()
        .filter_map(|(k, sum)| Some((k, sum?)))
        .collect()
}

/// Where a kind is in [`crate::pricing::Kind::ALL`], which lists the kinds in their order.
fn kind_index(kind: crate::pricing::Kind) -> usize {
    crate::pricing::Kind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or_default()
}

/// Sums amounts by key index (below `slots`), largest first; keeps the `top` largest as bars and
/// sums the others as "the rest", which the figure states in words (a bar for it would dwarf the
/// named ones).
fn ranked(
    slots: usize,
    items: impl Iterator<Item = (usize, Decimal)>,
    label: impl Fn(usize) -> (String, Option<String>, usize),
    top: usize,
) -> (Vec<Bar>, Option<super::view::Rest>) {
    let mut list = sum_by_index(slots, items);
    // Largest first; ties keep key order (the sort is stable).
    list.sort_by_key(|e| std::cmp::Reverse(e.1));
    let (shown, rest) = super::view::top_and_rest(&list, Some(top), |e| e.1);
    let bars = shown
        .iter()
        .map(|&(k, v)| {
            let (label, detail, colour) = label(k);
            Bar {
                label,
                value: v,
                detail,
                colour,
            }
        })
        .collect();
    (bars, rest)
}

impl Page<'_> {
    /// The plan's currency (ISO 4217).
    fn currency(&self) -> &str {
        &self.plan.scenario.prices.currency
    }

    fn money(&self, value: Decimal) -> String {
        money(value, self.currency())
    }

    fn money_cell(&self, value: Decimal) -> String {
        money_cell(value, self.currency())
    }

    /// The plan's section, every finding listed.
    fn render(&self, out: &mut String) {
        self.render_listed(out, &Listed::all(self.plan));
    }

    /// The plan's section, listing the findings of `listed`.
    fn render_listed(&self, out: &mut String, listed: &Listed<'_>) {
        let s = &self.plan.scenario;
        let _ = writeln!(
            out,
            "<section class=\"plan\" id=\"{}\">\n<h1>{}</h1>\n<p class=\"file\">{} · CloudTrail design review · prices effective {}</p>",
            self.id,
            escape(&s.name),
            escape(&s.source.name),
            escape(&s.prices.effective)
        );
        if !s.import_notes.is_empty() {
            out.push_str("<ul class=\"import-notes\">\n");
            for note in &s.import_notes {
                let _ = writeln!(out, "<li><code># {}</code></li>", escape(note));
            }
            out.push_str("</ul>\n");
        }
        self.cards(out, listed);
        if self.show_cost {
            self.drivers(out);
            self.forecast(out);
            self.downstream(out);
        }
        if self.show_findings {
            self.findings(out, listed);
        }
        if self.show_cost {
            self.line_items(out);
        }
        if self.show_findings {
            self.rule_docs(out, listed);
        }
        self.assumptions(out);
        out.push_str("</section>\n");
    }

    fn cards(&self, out: &mut String, listed: &Listed<'_>) {
        let p = self.plan;
        out.push_str("<div class=\"cards\">\n");
        if self.show_cost {
            let _ = writeln!(
                out,
                "<div class=\"card\" id=\"{}-total\"><div class=\"what\">CloudTrail, a month</div><div class=\"big\" data-total=\"{}\">{}</div></div>",
                self.id,
                exact(p.costing.total),
                self.money(p.costing.total)
            );
            if let Some((budget, _)) = p.scenario.policy.monthly_budget {
                let _ = writeln!(
                    out,
                    "<div class=\"card\"><div class=\"what\">Monthly budget</div><div class=\"big\">{}</div><div class=\"what\" data-budget-share=\"\">this month: {} of the budget</div></div>",
                    self.money(budget),
                    percent(p.costing.total, budget)
                );
            }
            if let Some(f) = &p.forecast {
                let _ = writeln!(
                    out,
                    "<div class=\"card\"><div class=\"what\">CloudTrail, next {} months (forecast)</div><div class=\"big\" data-forecast-total=\"{}\">{}</div>{}</div>",
                    f.assumptions.months,
                    exact(f.total),
                    self.money(f.total),
                    p.scenario.policy.monthly_budget.as_ref().map_or_else(
                        String::new,
                        |(budget, _)| {
                            let last = f.months.last().map_or(Decimal::ZERO, |m| m.total);
                            format!(
                                "<div class=\"what\">month {}: {} of the budget</div>",
                                f.assumptions.months,
                                percent(last, *budget)
                            )
                        }
                    )
                );
            }
            if let Some(d) = &p.downstream {
                let _ = writeln!(
                    out,
                    "<div class=\"card estimate\"><div class=\"what\">S3 and CloudWatch Logs, a month (estimate, not in the total)</div><div class=\"big\" data-downstream-total=\"{}\">{}</div></div>",
                    exact(d.total),
                    self.money(d.total)
                );
            }
        }
        if self.show_findings {
            let (errors, warnings, infos) = listed.counts();
            let gate = if p.failed() { "failed" } else { "passed" };
            let level = match p.fail_on {
                FailOn::Error => "error",
                FailOn::Warning => "warning",
                FailOn::Never => "never",
            };
            let _ = writeln!(
                out,
                "<div class=\"card\"><div class=\"what\">Gate (fail on {level})</div><div class=\"big\"><span class=\"badge {gate}\">{gate}</span></div>\
                 <div class=\"what\">{} error{}, {} warning{}, {} info; {} waived{}</div></div>",
                group_digits(errors as u64),
                plural(errors),
                group_digits(warnings as u64),
                plural(warnings),
                group_digits(infos as u64),
                group_digits(listed.waived.len() as u64),
                crate::report::left_out_sentence(&p.left_out)
                    .map_or_else(String::new, |sentence| format!("; {}", escape(&sentence)))
            );
        }
        out.push_str("</div>\n");
    }

    fn drivers(&self, out: &mut String) {
        let p = self.plan;
        let s = &p.scenario;
        let charges = &p.costing.charges;
        let _ = writeln!(
            out,
            "<h2 id=\"{}-drivers\">What drives the cost</h2>",
            self.id
        );
        if charges.is_empty() {
            out.push_str("<p>No charges: no trail delivers any declared events.</p>\n");
            return;
        }
        let by_trail = ranked(
            s.trails.len(),
            charges.iter().map(|c| (c.trail, c.cost)),
            |t| (s.trails[t].name.clone(), None, 0),
            usize::MAX,
        );
        let by_kind = ranked(
            crate::pricing::Kind::ALL.len(),
            charges.iter().map(|c| (kind_index(c.kind), c.cost)),
            |i| {
                let k = crate::pricing::Kind::ALL[i];
                (
                    super::view::kind_label(k).to_string(),
                    Some(k.as_str().to_string()),
                    super::view::kind_colour(k),
                )
            },
            usize::MAX,
        );
        let by_account = ranked(
            s.accounts.len(),
            charges.iter().map(|c| (c.account, c.cost)),
            |a| (s.accounts[a].name.clone(), None, 0),
            TOP,
        );
        let by_region = ranked(
            s.regions.len(),
            charges.iter().map(|c| (c.region, c.cost)),
            |r| (s.regions[r].name.clone(), None, 0),
            TOP,
        );
        out.push_str("<div class=\"grid2\">\n");
        figure(out, "Cost by trail", &by_trail, self.currency());
        figure(out, "Cost by kind", &by_kind, self.currency());
        figure(
            out,
            &format!("Cost by account (top {TOP} and the rest)"),
            &by_account,
            self.currency(),
        );
        figure(
            out,
            &format!("Cost by region (top {TOP} and the rest)"),
            &by_region,
            self.currency(),
        );
        out.push_str("</div>\n");
        // The trails as a table: the numbers of the first chart, exactly.
        let mut paid = vec![Decimal::ZERO; s.trails.len()];
        for c in charges {
            if c.kind == crate::pricing::Kind::ManagementPaid
                && let Some(sum) = paid.get_mut(c.trail)
            {
                *sum = sum.saturating_add(c.cost);
            }
        }
        let per_trail = sum_by_index(s.trails.len(), charges.iter().map(|c| (c.trail, c.cost)))
            .into_iter()
            .map(|(t, cost)| (t, (cost, paid.get(t).copied().unwrap_or_default())));
        out.push_str("<div class=\"wide\"><table class=\"trails\">\n<thead><tr><th>Trail</th><th>Payer</th><th>Type</th><th class=\"num\">Paid management copies</th><th class=\"num\">Cost a month</th><th class=\"num\">Share</th></tr></thead>\n<tbody>\n");
        for (t, (cost, paid)) in per_trail {
            let trail = &s.trails[t];
            let kind = match (trail.organization, trail.multi_region) {
                (true, _) => "organization",
                (false, true) => "multi-region",
                (false, false) => "single-region",
            };
            let _ = writeln!(
                out,
                "<tr data-trail=\"{name}\"><td>{name}</td><td>{payer}</td><td>{kind}</td>{}{}<td class=\"num\">{}</td></tr>",
                self.money_cell(paid),
                self.money_cell(cost),
                percent(cost, p.costing.total),
                name = escape(&trail.name),
                payer = escape(&s.accounts[s.payer(trail)].name),
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"sum\"><td colspan=\"4\">Total</td>{}<td class=\"num\">100 %</td></tr>\n</tbody>\n</table></div>",
            self.money_cell(p.costing.total)
        );
    }

    fn forecast(&self, out: &mut String) {
        let Some(f) = &self.plan.forecast else {
            return;
        };
        let _ = writeln!(
            out,
            "<h2 id=\"{}-forecast\">Forecast: {} months</h2>\n<p>Volumes grow every month by compounding (month 1 is the scenario as declared); prices never grow. Growth a month: {}. The {} months cost {} in total.</p>",
            self.id,
            f.assumptions.months,
            CATEGORIES
                .iter()
                .map(|c| format!(
                    "{} {}",
                    category_name(*c),
                    percent_rate(f.assumptions.growth.of(*c))
                ))
                .collect::<Vec<_>>()
                .join(", "),
            f.assumptions.months,
            self.money(f.total)
        );
        if let Some(sentence) = super::estimates::budget_sentence(self.plan) {
            let _ = writeln!(
                out,
                "<p class=\"budget-month\" data-budget-month=\"\"><strong>{}</strong></p>",
                escape(&svg::in_currency(&sentence, self.currency()))
            );
        }
        let mut series = vec![Series {
            name: "total".into(),
            class: "s0",
            points: f.months.iter().map(|m| m.total).collect(),
        }];
        for (i, c) in CATEGORIES.iter().enumerate() {
            if f.months.iter().any(|m| m.cost[i] > Decimal::ZERO) {
                series.push(Series {
                    name: category_name(*c).into(),
                    class: ["s1", "s2", "s3"][i],
                    points: f.months.iter().map(|m| m.cost[i]).collect(),
                });
            }
        }
        let _ = writeln!(
            out,
            "<figure class=\"line\"><figcaption>CloudTrail cost a month</figcaption>{}</figure>",
            svg::lines(
                "CloudTrail cost a month, forecast",
                &series,
                self.plan
                    .scenario
                    .policy
                    .monthly_budget
                    .as_ref()
                    .map(|b| b.0),
                self.currency()
            )
        );
        out.push_str("<div class=\"wide\"><table class=\"forecast\">\n<thead><tr><th class=\"num\">Month</th>");
        for c in CATEGORIES {
            let _ = write!(out, "<th class=\"num\">{}</th>", category_name(c));
        }
        out.push_str(
            "<th class=\"num\">Total</th><th class=\"num\">Cumulative</th></tr></thead>\n<tbody>\n",
        );
        let mut cumulative = Decimal::ZERO;
        for m in &f.months {
            cumulative = cumulative.saturating_add(m.total);
            let _ = write!(out, "<tr><td class=\"num\">{}</td>", m.month);
            for v in &m.cost {
                out.push_str(&self.money_cell(*v));
            }
            let _ = writeln!(
                out,
                "{}{}</tr>",
                self.money_cell(m.total),
                self.money_cell(cumulative)
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"sum\"><td colspan=\"{}\">{} months</td>{}<td></td></tr>\n</tbody>\n</table></div>",
            CATEGORIES.len() + 1,
            f.assumptions.months,
            self.money_cell(f.total)
        );
    }

    fn downstream(&self, out: &mut String) {
        let Some(d) = &self.plan.downstream else {
            return;
        };
        let sign = svg::in_currency("$", self.currency());
        let s = &self.plan.scenario;
        let _ = writeln!(
            out,
            "<h2 id=\"{}-downstream\">Downstream costs (estimates)</h2>\n<p class=\"note\">Estimates of what CloudTrail's deliveries cost in Amazon S3 and CloudWatch Logs, from the [downstream] assumptions below. Those services bill them; they are <strong>not</strong> part of the CloudTrail total of {}.</p>",
            self.id,
            self.money(self.plan.costing.total)
        );
        if d.lines.is_empty() {
            out.push_str("<p>No trail delivers events: nothing to estimate.</p>\n");
            return;
        }
        out.push_str("<div class=\"wide\"><table class=\"downstream\">\n<thead><tr><th>Trail</th><th>Payer</th><th>Kind</th><th class=\"num\">Events</th><th class=\"num\">Quantity</th><th class=\"num\">Price</th><th class=\"num\">Estimate a month</th></tr></thead>\n<tbody>\n");
        for l in &d.lines {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\" title=\"{}\">{} {}</td><td class=\"num\" title=\"{}\">{sign}{} / {}</td>{}</tr>",
                escape(&s.trails[l.trail].name),
                escape(&s.accounts[l.payer].name),
                l.kind.as_str(),
                group_digits(l.events),
                l.quantity.normalize(),
                l.quantity.round_dp(3).normalize(),
                l.kind.unit(),
                exact(l.price),
                exact(l.price),
                l.kind.unit(),
                self.money_cell(l.cost)
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"sum\"><td colspan=\"6\">Estimated downstream total (not in the CloudTrail total)</td>{}</tr>\n</tbody>\n</table></div>",
            self.money_cell(d.total)
        );
        let _ = writeln!(
            out,
            "<h3>Log files a month</h3>\n<p>One stream of files per account and region a trail delivers in; a file at least every 5 minutes while there are events ({} windows in 30 days), at most {} compressed bytes (50 MB) a file.</p>",
            group_digits(DELIVERY_WINDOWS_PER_MONTH),
            group_digits(MAX_LOG_FILE_BYTES)
        );
        out.push_str("<div class=\"wide\"><table class=\"logfiles\">\n<thead><tr><th>Trail</th><th class=\"num\">Streams (account × region)</th><th class=\"num\">Compressed GB a month</th><th class=\"num\">Files a month</th></tr></thead>\n<tbody>\n");
        for f in &d.log_files {
            let gb = f
                .compressed_bytes
                .checked_div(Decimal::from(BYTES_PER_GB))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\" title=\"{} bytes\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&s.trails[f.trail].name),
                f.streams,
                f.compressed_bytes.normalize(),
                gb.round_dp(3).normalize(),
                group_digits(f.files)
            );
        }
        out.push_str("</tbody>\n</table></div>\n");
    }

    fn findings(&self, out: &mut String, listed: &Listed<'_>) {
        let _ = writeln!(out, "<h2 id=\"{}-findings\">Findings</h2>", self.id);
        if listed.findings.is_empty() {
            out.push_str("<p>No findings.</p>\n");
        } else {
            let groups = group_findings(listed.findings.iter().map(|f| (f, None)));
            let (infos, others): (Vec<_>, Vec<_>) = groups
                .into_iter()
                .partition(|g| g.severity == crate::codes::Severity::Info);
            if !others.is_empty() {
                self.finding_table(out, &others);
            }
            if !infos.is_empty() {
                let count: usize = infos.iter().map(|g| g.findings.len()).sum();
                let _ = writeln!(
                    out,
                    "<details class=\"infos\"><summary>{} info finding{} under {} rule{}</summary>",
                    group_digits(count as u64),
                    plural(count),
                    infos.len(),
                    plural(infos.len())
                );
                self.finding_table(out, &infos);
                out.push_str("</details>\n");
            }
        }
        if !listed.waived.is_empty() {
            let groups = group_findings(listed.waived.iter().map(|(f, r)| (f, Some(r.as_str()))));
            let _ = writeln!(
                out,
                "<details class=\"waived\"><summary>{} waived finding{}</summary>",
                group_digits(listed.waived.len() as u64),
                plural(listed.waived.len())
            );
            self.finding_table(out, &groups);
            out.push_str("</details>\n");
        }
    }

    /// One row a rule: its count, the money at stake where its findings carry it, and the
    /// largest few (every finding is in the JSON and the SARIF).
    fn finding_table(&self, out: &mut String, groups: &[Group<'_>]) {
        let _ = writeln!(
            out,
            "<div class=\"wide\"><table class=\"findings\">\n<thead><tr><th>Severity</th><th>Rule</th><th class=\"num\">Findings</th><th class=\"num\">At stake a month</th><th>The largest</th></tr></thead>\n<tbody>"
        );
        for g in groups {
            let first = g.findings.first().map(|(f, _)| *f);
            let _ = write!(
                out,
                "<tr data-rule=\"{rule}\"><td><span class=\"badge {sev}\">{sev}</span></td><td><a href=\"#{id}-{rule}\">{rule}</a> {name}</td><td class=\"num\">{count}</td>{stake}<td><ul class=\"instances\">",
                sev = g.severity.as_str(),
                id = self.id,
                rule = g.rule,
                name = g.rule.name(),
                count = group_digits(g.findings.len() as u64),
                stake = g.stake.map_or_else(
                    || "<td class=\"num muted\">—</td>".to_string(),
                    |v| self.money_cell(v)
                ),
            );
            for (f, reason) in g.findings.iter().take(INSTANCES) {
                let place = self.place(f);
                let _ = write!(
                    out,
                    "<li>{}{}{}</li>",
                    message(&f.message),
                    if place.is_empty() {
                        String::new()
                    } else {
                        format!(" <span class=\"muted\">({})</span>", escape(&place))
                    },
                    reason.map_or_else(String::new, |r| format!(" <em>waived: {}</em>", escape(r)))
                );
            }
            out.push_str("</ul>");
            if g.findings.len() > INSTANCES {
                let _ = write!(
                    out,
                    "<p class=\"muted\">…and {} more like these (every one is in the JSON and the SARIF).</p>",
                    group_digits((g.findings.len() - INSTANCES) as u64)
                );
            }
            if let Some(f) = first {
                let _ = write!(out, "<p class=\"muted\">fix: {}</p>", escape(f.fix));
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("</tbody>\n</table></div>\n");
    }

    fn place(&self, f: &Finding) -> String {
        place(f, &self.plan.scenario.source.name)
    }

    fn line_items(&self, out: &mut String) {
        let p = self.plan;
        let sign = svg::in_currency("$", self.currency());
        let s = &p.scenario;
        if p.costing.charges.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<h2 id=\"{}-charges\">Line items</h2>\n<div class=\"wide\"><table class=\"charges\">\n<thead><tr><th>Trail</th><th>Payer</th><th>Account</th><th>Region</th><th>Kind</th><th>Usage type</th><th class=\"num\">Events</th><th class=\"num\">per 100k</th><th class=\"num\">Cost</th></tr></thead>\n<tbody>",
            self.id
        );
        let all = p.costing.charges.len();
        let limit = self.top.unwrap_or(MAX_LINES);
        let (shown, rest) = if all > limit {
            super::view::costliest(p, limit)
        } else {
            ((0..all).collect(), None)
        };
        for c in shown.iter().map(|&i| &p.costing.charges[i]) {
            let row = super::view::ChargeRow::of(s, c);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\" title=\"{}\">{sign}{}</td>{}</tr>",
                escape(row.trail),
                escape(row.payer),
                escape(row.account),
                escape(row.region),
                row.kind,
                escape(&row.usage_type),
                row.events,
                exact(row.exact_price),
                exact(row.exact_price),
                self.money_cell(row.exact_cost)
            );
        }
        if let Some(rest) = rest {
            let _ = writeln!(
                out,
                "<tr><td colspan=\"8\">{} more line items, the costliest above (every one is in the JSON)</td>{}</tr>",
                group_digits(rest.count as u64),
                self.money_cell(rest.cost)
            );
        }
        let _ = writeln!(
            out,
            "<tr class=\"sum\"><td colspan=\"8\">Total (exact {})</td>{}</tr>\n</tbody>\n</table></div>",
            exact(p.costing.total),
            self.money_cell(p.costing.total)
        );
    }

    fn rule_docs(&self, out: &mut String, listed: &Listed<'_>) {
        let used: BTreeSet<crate::codes::Rule> = listed
            .findings
            .iter()
            .chain(listed.waived.iter().map(|(f, _)| f))
            .map(|f| f.rule)
            .collect();
        if used.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<h2 id=\"{}-rules\">The rules behind the findings</h2>",
            self.id
        );
        for rule in RULES.iter().filter(|r| used.contains(&r.rule)) {
            let _ = writeln!(
                out,
                "<div class=\"rule\" id=\"{}-{}\">\n<h3>{} {} <span class=\"badge {}\">{}</span></h3>\n<p><em>Fires when</em> {}. <em>Fix:</em> {}.</p>",
                self.id,
                rule.code(),
                rule.code(),
                rule.name(),
                rule.severity().as_str(),
                rule.severity().as_str(),
                escape(rule.summary),
                escape(rule.fix)
            );
            markdown(out, rule.docs);
            out.push_str("</div>\n");
        }
    }

    fn assumptions(&self, out: &mut String) {
        let s = &self.plan.scenario;
        let (cur, sign) = (self.currency(), svg::in_currency("$", self.currency()));
        let b = &s.prices;
        let _ = writeln!(
            out,
            "<h2 id=\"{}-assumptions\">Assumptions</h2>\n<dl class=\"assume\">",
            self.id
        );
        let mut item = |k: &str, v: String| {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(k), v);
        };
        item(
            "Prices",
            format!(
                "{cur} per 100,000 events: additional management copies {sign}{}, data {sign}{}, network activity {sign}{}, Insights {sign}{}, data Insights {sign}{}. Effective {}; source {}.",
                exact(b.management_additional),
                exact(b.data),
                exact(b.network_activity),
                exact(b.insights),
                exact(b.data_insights),
                escape(&b.effective),
                escape(&b.source)
            ),
        );
        item(
            "Volumes",
            format!(
                "Per month, as declared in {}: {} accounts, {} regions, {} volume blocks, {} trails. The first copy of management events in each account and region is free; Insights analyze the events their trail delivers, after the 28-day free baseline.",
                escape(&s.source.name),
                s.accounts.len(),
                s.regions.len(),
                s.volumes.len(),
                s.trails.len()
            ),
        );
        item(
            "Money",
            "Computed exactly in decimals; shown rounded half away from zero to cents, once, from the exact value (hover an amount for it). Totals are never sums of rounded parts.".into(),
        );
        if let Some(f) = &self.plan.forecast {
            item(
                "Forecast",
                format!(
                    "{} months; month 1 is the scenario as declared, month m multiplies each category's volumes by (1 + growth)^(m−1); prices do not change. Fractional events are kept exact, so a category's cost in month m is its declared cost × (1 + growth)^(m−1). Insights grow with the events they analyze.",
                    f.assumptions.months
                ),
            );
        }
        if let Some(d) = &self.plan.downstream {
            let a = &d.assumptions;
            item(
                "Downstream",
                format!(
                    "{} bytes an event; log files compressed {}:1; S3 storage {sign}{} per GB-month, kept {} months (steady state: {} months of logs stored); CloudWatch Logs ingestion {sign}{} per GB of uncompressed events, only for trails with cloudwatch_logs = true. 1 GB = 2^30 = {} bytes, as Amazon S3 bills. Requests, lifecycle and log-group storage are not estimated.",
                    group_digits(a.average_event_bytes),
                    a.compression_ratio.normalize(),
                    exact(a.s3_storage_price_per_gb_month),
                    a.retention_months,
                    a.retention_months,
                    exact(a.cloudwatch_logs_ingestion_price_per_gb),
                    group_digits(BYTES_PER_GB)
                ),
            );
        }
        out.push_str("</dl>\n");
    }
}

/// Where a finding applies, for people: its scope and its file:line:column (in `file`, the
/// scenario's name for its source) or, for an imported trail, its file and address.
fn place(f: &Finding, file: &str) -> String {
    let line = match (&f.origin, f.location) {
        (Some(origin), _) => origin.clone(),
        (None, Some(l)) => format!("{file}:{}:{}", l.line, l.column),
        (None, None) => String::new(),
    };
    let mut parts = f.scope();
    if !line.is_empty() {
        parts.push(line);
    }
    parts.join(", ")
}

/// A finding's message for the page: escaped, with its `code` in `<code>` (when the backticks
/// pair up; otherwise the text stays as it is).
fn message(text: &str) -> String {
    if text.matches('`').count() % 2 == 1 {
        return escape(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

/// How many findings of a rule a page lists (the largest at stake first).
const INSTANCES: usize = 3;

/// The findings of one rule at one severity.
struct Group<'f> {
    rule: crate::codes::Rule,
    severity: crate::codes::Severity,
    /// The largest at stake first, then in the plan's order.
    findings: Vec<(&'f Finding, Option<&'f str>)>,
    /// The sum of the money they put at stake, when their data carries it.
    stake: Option<Decimal>,
}

/// The money a finding puts at stake a month, when its data says: a paid copy's cost, the amount
/// over a budget, the gap between plan and bill.
fn at_stake(f: &Finding) -> Option<Decimal> {
    use crate::rules::Datum;
    let money = |key| match f.data.get(key) {
        Some(Datum::Money(v)) => Some(*v),
        _ => None,
    };
    money("cost").or_else(|| money("over")).or_else(|| {
        Some(
            money("billed_cost")?
                .saturating_sub(money("planned_cost")?)
                .abs(),
        )
    })
}

/// Findings grouped by rule, errors first, then warnings, then info; rules in code order.
fn group_findings<'f>(
    findings: impl Iterator<Item = (&'f Finding, Option<&'f str>)>,
) -> Vec<Group<'f>> {
    let mut groups: BTreeMap<
        (
            std::cmp::Reverse<crate::codes::Severity>,
            crate::codes::Rule,
        ),
        Group<'f>,
    > = BTreeMap::new();
    for (f, reason) in findings {
        let g = groups
            .entry((std::cmp::Reverse(f.severity), f.rule))
            .or_insert_with(|| Group {
                rule: f.rule,
                severity: f.severity,
                findings: Vec::new(),
                stake: None,
            });
        if let Some(v) = at_stake(f) {
            g.stake = Some(g.stake.unwrap_or_default().saturating_add(v));
        }
        g.findings.push((f, reason));
    }
    let mut groups: Vec<Group<'f>> = groups.into_values().collect();
    for g in &mut groups {
        // Stable: equal stakes keep the plan's order.
        g.findings
            .sort_by_key(|(f, _)| std::cmp::Reverse(at_stake(f).unwrap_or_default()));
    }
    groups
}

fn figure(
    out: &mut String,
    caption: &str,
    (bars, rest): &(Vec<Bar>, Option<super::view::Rest>),
    currency: &str,
) {
    let rest = rest.map_or_else(String::new, |r| {
        format!(
            "<p class=\"rest\">…and {} more: {} in total.</p>",
            group_digits(r.count as u64),
            money(r.cost, currency)
        )
    });
    let _ = writeln!(
        out,
        "<figure class=\"bars\"><figcaption>{}</figcaption>{}{rest}</figure>",
        escape(caption),
        svg::bars(caption, bars, currency)
    );
}

/// `part / whole` as a percentage for people (`<0.1 %`, never a false zero).
fn percent(part: Decimal, whole: Decimal) -> String {
    super::view::share(part, whole)
}

/// A monthly growth rate as a percentage: `0.05` → `5 %`.
fn percent_rate(rate: Decimal) -> String {
    rate.checked_mul(Decimal::from(100))
        .map_or_else(|| rate.to_string(), |v| format!("{} %", v.normalize()))
}

use crate::text::plural;

#[cfg(test)]
mod tests {
    use super::message;

    #[test]
    fn messages_show_code_as_code_and_escape_the_rest() {
        assert_eq!(
            message("`eventSource` takes one <source> with `equals`"),
            "<code>eventSource</code> takes one &lt;source&gt; with <code>equals</code>"
        );
        // An unpaired backtick stays a backtick.
        assert_eq!(message("a ` b"), "a ` b");
    }
}
