//! GitHub-flavoured markdown for pull-request comments (`--format markdown`).
//!
//! A comment is read in a hurry: the total and the gate first, then the ten largest line items,
//! then the findings grouped by severity with their rule IDs; everything else (every line item, every
//! finding's place and fix, the waivers) sits in a collapsed `<details>` block. Text that comes from
//! a scenario is escaped, so a `|` in a trail name cannot break a table and `<` cannot open HTML.
//! Every comment starts with an HTML marker, so a CI job can find and update its previous comment.

use super::estimates;
use super::view::{self, GroupBy, View};
use crate::model::FailOn;
use crate::money::{amount, exact};
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::{Finding, Severity, group_digits};
use std::fmt::Write;

/// The first line of a comment tagged `tag`, for bots that update their previous comment:
/// `<!-- trailplan:TAG -->`.
pub(crate) fn marker(tag: &str) -> String {
    format!("<!-- trailplan:{} -->", comment_tag(tag))
}

/// The most characters a comment tag keeps.
pub const TAG_CHARS: usize = 200;

/// A tag made safe inside an HTML comment: letters, digits and `. _ / : + = , ~ -` are kept,
/// anything else becomes `_`, `\` becomes `/`, runs of `-` become one (an HTML comment cannot hold
/// `--`), and no `-` ends it; at most [`TAG_CHARS`] characters.
pub fn comment_tag(tag: &str) -> String {
    let mut out = String::new();
    for c in tag.chars().take(TAG_CHARS) {
        let c = match c {
            '\\' => '/',
            c if c.is_ascii_alphanumeric() || "._/:+=,~-".contains(c) => c,
            _ => '_',
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

/// The default tag: the scenarios' paths, joined by `,`.
fn default_tag(plans: &[Plan]) -> String {
    let names: Vec<&str> = plans
        .iter()
        .map(|p| p.scenario.source.name.as_str())
        .collect();
    names.join(",")
}

/// How many line items the summary shows before the details.
pub(crate) const TOP: usize = 10;

/// GitHub's limit for a comment, in characters: no markdown report is longer.
const LIMIT: usize = 65_536;

/// Above this many findings, the summary lists them by rule instead of one by one.
pub(crate) const FINDINGS_LISTED: usize = 20;

/// How many rows a table of the details holds before it says how many more the JSON report has.
pub(crate) const DETAIL_ROWS: usize = 100;

/// How many of the largest findings of a rule its summary row names.
const LARGEST: usize = 3;

/// The money a finding is about: a paid copy's cost, a budget's overrun.
fn at_stake(f: &Finding) -> Option<rust_decimal::Decimal> {
    ["cost", "over"]
        .iter()
        .find_map(|key| match f.data.get(key) {
            Some(crate::rules::Datum::Money(d)) => Some(*d),
            _ => None,
        })
}

/// Findings summed by rule, most severe first: count, money at stake (in `currency`) and the few
/// largest.
pub(crate) fn findings_by_rule(out: &mut String, findings: &[Finding], currency: &str) {
    let mut rules: Vec<crate::codes::Rule> = findings.iter().map(|f| f.rule).collect();
    rules.sort_by_key(|r| {
        (
            std::cmp::Reverse(crate::rules::Definition::of(*r).severity()),
            *r,
        )
    });
    rules.dedup();
    let _ = writeln!(out, "| Rule | Severity | Findings | At stake | Largest |");
    let _ = writeln!(out, "|---|---|--:|--:|---|");
    for rule in rules {
        let mut group: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        let stake = group.iter().filter_map(|f| at_stake(f)).fold(
            rust_decimal::Decimal::ZERO,
            rust_decimal::Decimal::saturating_add,
        );
        // Largest at stake first; equal ones keep the report's order (stable sort).
        group.sort_by_key(|f| std::cmp::Reverse(at_stake(f).unwrap_or_default()));
        let largest: Vec<String> = group
            .iter()
            .take(LARGEST)
            .map(|f| {
                let place = f.scope().join(", ");
                let place = if place.is_empty() {
                    text(f.name())
                } else {
                    text(&place)
                };
                match at_stake(f) {
                    Some(d) => format!("{place} ({})", text(&amount(d, currency))),
                    None => place,
                }
            })
            .collect();
        let more = group.len().saturating_sub(LARGEST);
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {} | {}{} |",
            code(rule.as_str()),
            text(rule.name()),
            crate::rules::Definition::of(rule).severity(),
            group_digits(group.len() as u64),
            if stake.is_zero() {
                "—".to_string()
            } else {
                text(&amount(stake, currency))
            },
            largest.join("; "),
            if more > 0 {
                format!("; {} more", group_digits(more as u64))
            } else {
                String::new()
            }
        );
    }
    out.push('\n');
}

/// Findings for the summary: one by one when few, by rule when many (money in `currency`).
pub(crate) fn summarised_findings(out: &mut String, findings: &[Finding], currency: &str) {
    if findings.len() > FINDINGS_LISTED {
        findings_by_rule(out, findings, currency);
    } else {
        grouped_findings(out, findings);
    }
}

/// Keeps a comment within [`LIMIT`] characters: when longer, the middle is cut at line ends and a
/// line says so and where the whole is.
pub(crate) fn fit(out: String, whole: &str) -> String {
    let chars = out.chars().count();
    if chars <= LIMIT {
        return out;
    }
    let notice = |cut: usize| {
        format!(
            "\n\n> ✂️ **{} characters were cut here** to fit GitHub's limit of {} characters for a \
             comment. {whole} holds everything.\n\n",
            group_digits(cut as u64),
            group_digits(LIMIT as u64)
        )
    };
    // Head and tail share what the longest notice leaves; the tail closes the details.
    let room = LIMIT.saturating_sub(notice(chars).chars().count());
    let head_chars = room * 3 / 4;
    let tail_chars = room - head_chars;
    let byte_at = |n: usize| out.char_indices().nth(n).map_or(out.len(), |(i, _)| i);
    let head_end = byte_at(head_chars);
    let head_end = out[..head_end].rfind('\n').map_or(0, |i| i + 1);
    let tail_start = byte_at(chars - tail_chars);
    let tail_start = out[tail_start..]
        .find('\n')
        .map_or(out.len(), |i| tail_start + i + 1)
        .max(head_end);
    let cut = out[head_end..tail_start].chars().count();
    let mut fitted = String::with_capacity(LIMIT * 4);
    fitted.push_str(&out[..head_end]);
    fitted.push_str(&notice(cut));
    fitted.push_str(&out[tail_start..]);
    fitted
}

/// Where the whole of a cut report is.
pub(crate) const WHOLE: &str = "The JSON report (`--format json`), the HTML report (`--format html`) or, for findings, the SARIF report (`--format sarif`)";

/// Escapes text for a markdown paragraph or table cell.
pub(crate) fn text(s: &str) -> String {
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

/// A message: names it quotes in backticks become code spans, the rest is escaped text. An
/// unmatched backtick stays text.
fn message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 8);
    let last = parts.len() - 1;
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 && i < last {
            out.push_str(&code(part));
        } else {
            if i % 2 == 1 {
                out.push_str("\\`");
            }
            out.push_str(&text(part));
        }
    }
    out
}

/// A code span that is safe in a table cell: backticks cannot be escaped inside one, so they go;
/// GitHub reads `\|` as a pipe even inside code spans of a table.
pub(crate) fn code(s: &str) -> String {
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

pub(crate) fn fail_on_str(fail_on: FailOn) -> &'static str {
    match fail_on {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Never => "never",
    }
}

/// The gate's verdict with a mark that reads without colour.
pub(crate) fn verdict(failed: bool) -> &'static str {
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
pub(crate) fn finding_item(f: &Finding) -> String {
    format!(
        "{} {}: {}{}",
        code(f.rule.as_str()),
        text(f.name()),
        message(&f.message),
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
pub(crate) fn place(f: &Finding, file: &str) -> String {
    match (&f.origin, f.location) {
        (Some(origin), _) => code(origin),
        (None, Some(loc)) => code(&format!("{file}:{}:{}", loc.line, loc.column)),
        (None, None) => code(file),
    }
}

/// Findings grouped by severity, most severe first; `None` when there are none.
fn grouped_findings(out: &mut String, findings: &[Finding]) {
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
    render_tagged(plans, show_cost, show_findings, view, &default_tag(plans))
}

/// [`render`] with the hidden marker `<!-- trailplan:TAG -->` (`--comment-tag`).
pub fn render_tagged(
    plans: &[Plan],
    show_cost: bool,
    show_findings: bool,
    view: View,
    tag: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", marker(tag));
    for (i, plan) in plans.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        plan_section(&mut out, plan, show_cost, show_findings, view);
    }
    fit(out, WHOLE)
}

fn plan_section(out: &mut String, plan: &Plan, show_cost: bool, show_findings: bool, view: View) {
    let s = &plan.scenario;
    let file = s.source.name.as_str();
    let _ = writeln!(out, "### trailplan: {} ({})\n", text(&s.name), code(file));
    let mut summary = Vec::new();
    if show_cost {
        summary.push(format!(
            "**Monthly total: {}**",
            text(&amount(plan.costing.total, &s.prices.currency))
        ));
        if let Some((budget, _)) = s.policy.monthly_budget {
            summary.push(format!(
                "budget {}",
                text(&amount(budget, &s.prices.currency))
            ));
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
    if show_cost {
        estimates_section(out, plan);
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
            // Too many to list: grouped below, under their own headings.
            (None, top) if top.unwrap_or(every).min(every) > DETAIL_ROWS => {}
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
                let shown = view::top_charges(plan, view.top, false);
                if shown.len() > DETAIL_ROWS {
                    // Too many to list: grouped, then the costliest, then how many are left.
                    for by in [GroupBy::Trail, GroupBy::Account, GroupBy::Region] {
                        let _ = writeln!(out, "#### Cost by {}\n", by.label().to_lowercase());
                        group_table(out, plan, by, Some(TOP));
                    }
                    let ranked = view::top_charges(plan, Some(DETAIL_ROWS), true);
                    let _ = writeln!(
                        out,
                        "#### The {} costliest of {} line items\n",
                        group_digits(ranked.len() as u64),
                        group_digits(shown.len() as u64)
                    );
                    charge_table(out, plan, ranked.into_iter());
                    let _ = writeln!(
                        out,
                        "…and {} more line items: the JSON report (`--format json`) holds every one.\n",
                        group_digits((shown.len() - DETAIL_ROWS) as u64)
                    );
                } else {
                    charge_table(out, plan, shown.into_iter());
                }
            }
            let _ = writeln!(
                out,
                "Exact total: {} {} a month.\n",
                code(&exact(plan.costing.total)),
                text(&s.prices.currency)
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
            for f in plan.findings.iter().take(DETAIL_ROWS) {
                let _ = writeln!(
                    out,
                    "| {} | {} {} | {} | {}{} | {} |",
                    f.severity,
                    code(f.rule.as_str()),
                    text(f.name()),
                    place(f, file),
                    message(&f.message),
                    scope(f),
                    text(f.fix)
                );
            }
            out.push('\n');
            more_findings(out, plan.findings.len());
        }
        if !plan.waived.is_empty() {
            let _ = writeln!(out, "#### Waived\n");
            for (f, reason) in plan.waived.iter().take(DETAIL_ROWS) {
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
            text(&amount(g.cost, &plan.scenario.prices.currency))
        );
    }
    if let Some(rest) = rest {
        let others = &groups[shown.len()..];
        let _ = writeln!(
            out,
            "| {} more | {} | {} |",
            group_digits(rest.count as u64),
            group_digits(others.iter().map(|g| g.lines as u64).sum()),
            text(&amount(rest.cost, &plan.scenario.prices.currency))
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
            text(&amount(rest.cost, &plan.scenario.prices.currency))
        );
    }
}

fn charge_table<'a>(out: &mut String, plan: &Plan, charges: impl Iterator<Item = &'a Charge>) {
    let s = &plan.scenario;
    let rows: Vec<view::ChargeRow> = charges.map(|c| view::ChargeRow::of(s, c)).collect();
    // Cost is the column that matters: the payer goes when it is the account on every line, and
    // the price per 100k (in the JSON) goes, so that Cost stays in view. The usage type is the
    // bill's name for the line (SPEC §4).
    let payer = rows.iter().any(|r| r.payer != r.account);
    let _ = writeln!(
        out,
        "| Trail |{} Account | Region | Kind | Usage type | Events | Cost |",
        if payer { " Payer |" } else { "" }
    );
    let _ = writeln!(
        out,
        "|---|{}---|---|---|---|--:|--:|",
        if payer { "---|" } else { "" }
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} |{} {} | {} | {} | {} | {} | {} |",
            code(row.trail),
            if payer {
                format!(" {} |", text(row.payer))
            } else {
                String::new()
            },
            text(row.account),
            text(row.region),
            code(row.kind),
            code(&row.usage_type),
            row.events,
            text(&row.cost)
        );
    }
    out.push('\n');
}

/// The forecast month by month with the budget month, and the downstream estimates, when asked for.
fn estimates_section(out: &mut String, plan: &Plan) {
    if let Some(f) = &plan.forecast {
        let _ = writeln!(
            out,
            "#### Forecast: {} months, {} in total\n",
            f.assumptions.months,
            text(&amount(f.total, &plan.scenario.prices.currency))
        );
        if let Some(sentence) = estimates::budget_sentence(plan) {
            let _ = writeln!(out, "**{}**\n", text(&sentence));
        }
        let _ = writeln!(
            out,
            "Growth a month: {}.\n",
            text(&estimates::growth_line(f))
        );
        let heads = estimates::forecast_columns();
        let _ = writeln!(out, "| {} |", heads.join(" | "));
        let _ = writeln!(out, "|{}", "--:|".repeat(heads.len()));
        for row in estimates::forecast_rows(f, &plan.scenario.prices.currency) {
            let cells: Vec<String> = row.iter().map(|c| text(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }
    if let Some(d) = &plan.downstream {
        let _ = writeln!(
            out,
            "#### Downstream estimates: {} a month (not in the total)\n",
            text(&amount(d.total, &plan.scenario.prices.currency))
        );
        if d.lines.is_empty() {
            let _ = writeln!(out, "No trail delivers events: nothing to estimate.\n");
        } else {
            let _ = writeln!(out, "| {} |", estimates::DOWNSTREAM_COLUMNS.join(" | "));
            let _ = writeln!(out, "|---|---|---|--:|--:|--:|");
            for row in estimates::downstream_rows(plan, d) {
                let cells: Vec<String> = row.iter().map(|c| text(c)).collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            out.push('\n');
        }
    }
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
    summarised_findings(out, &plan.findings, &plan.scenario.prices.currency);
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
    if let Some(sentence) = super::left_out_sentence(&plan.left_out) {
        notes.push(sentence);
    }
    if !notes.is_empty() {
        let _ = writeln!(out, "_{}._\n", notes.join("; "));
    }
}

/// Says how many findings a list of the details leaves to the JSON and SARIF reports.
pub(crate) fn more_findings(out: &mut String, listed: usize) {
    if listed > DETAIL_ROWS {
        let _ = writeln!(
            out,
            "…and {} more findings: the JSON (`--format json`) and SARIF (`--format sarif`) reports hold every one.\n",
            group_digits((listed - DETAIL_ROWS) as u64)
        );
    }
}

pub(crate) use crate::text::plural;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_report_is_cut_in_the_middle_with_a_line_that_says_so() {
        let line = "| row | with some text in it |\n";
        let long: String = format!(
            "{}\nhead\n{}</details>\n",
            marker("s.toml"),
            line.repeat(10_000)
        );
        let fitted = fit(long.clone(), WHOLE);
        assert!(
            fitted.chars().count() <= LIMIT,
            "{}",
            fitted.chars().count()
        );
        assert!(fitted.starts_with("<!-- trailplan:s.toml -->\n"));
        assert!(fitted.ends_with("</details>\n"));
        assert!(fitted.contains("characters were cut here"));
        assert!(fitted.contains("`--format json`"));
        let cut: String = fitted
            .split("**")
            .nth(1)
            .unwrap()
            .trim_end_matches(" characters were cut here")
            .replace(',', "");
        let notice_start = fitted.find("\n\n> ✂️").unwrap();
        let notice_end = fitted.find("everything.\n\n").unwrap() + "everything.\n\n".len();
        let kept = fitted.chars().count() - fitted[notice_start..notice_end].chars().count();
        assert_eq!(kept + cut.parse::<usize>().unwrap(), long.chars().count());
        let short = "short\n".to_string();
        assert_eq!(fit(short.clone(), WHOLE), short);
    }

    #[test]
    fn a_tag_cannot_close_the_comment() {
        assert_eq!(
            marker("scenarios/acme.toml"),
            "<!-- trailplan:scenarios/acme.toml -->"
        );
        assert_eq!(comment_tag("a-->b"), "a-_b");
        assert_eq!(comment_tag("x--y---"), "x-y");
        assert_eq!(comment_tag("my prod\\s.toml"), "my_prod/s.toml");
        assert_eq!(comment_tag("--!>"), "-__");
        assert_eq!(comment_tag(""), "_");
        assert_eq!(comment_tag(&"a".repeat(500)).len(), TAG_CHARS);
    }

    #[test]
    fn cells_cannot_break_tables_or_open_html() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("<details>"), "&lt;details&gt;");
        assert_eq!(code("a|b`c"), "`a\\|b'c`");
        assert_eq!(
            message("trail `main` reads `a|b` and a stray ` tick"),
            "trail `main` reads `a\\|b` and a stray \\` tick"
        );
        assert_eq!(text("two\nlines"), "two\\\\nlines");
    }
}
