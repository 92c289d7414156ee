//! GitHub-flavoured markdown for pull-request comments (`--format markdown`).
//!
//! A comment is read in a hurry: the total and the gate first, then the ten largest line items,
//! then the findings grouped by severity with their rule IDs; everything else (every line item, every
//! finding's place and fix, the waivers) sits in a collapsed `<details>` block. Text that comes from
//! a scenario is escaped, so a `|` in a trail name cannot break a table and `<` cannot open HTML.
//! Every comment starts with an HTML marker, so a CI job can find and update its previous comment.

use super::estimates;
use super::view::{self, GroupBy, View};
use super::{Listed, Options, Show};
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

/// A code span that input cannot close, safe in a table cell.
///
/// CommonMark closes a span opened by N backticks only at a run of exactly N, so the fence is one
/// backtick longer than the longest run inside, and a space pads content that starts or ends with
/// a backtick (or with a space at both ends, which a renderer would strip). A message's names can
/// still land outside a span when input pairs its backticks differently, so the content is made
/// inert as text too: mentions, autolinks, `<` (raw HTML) and `](` (an inline link) are broken by
/// an invisible word joiner (U+2060). GitHub reads `\|` as a pipe even inside code spans of a table.
pub(crate) fn code(s: &str) -> String {
    const JOINER: char = '\u{2060}';
    let shown = crate::text::markdown(s);
    let mut inner = String::with_capacity(shown.len() + 8);
    let mut longest = 0;
    let mut run = 0;
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
        match c {
            '|' => inner.push_str("\\|"),
            '<' => {
                inner.push(c);
                inner.push(JOINER);
            }
            ']' if chars.peek() == Some(&'(') => {
                inner.push(c);
                inner.push(JOINER);
            }
            _ => inner.push(c),
        }
    }
    if inner.is_empty() {
        return "` `".to_string();
    }
    let fence = "`".repeat(longest + 1);
    let all_spaces = inner.chars().all(|c| c == ' ');
    let pad = inner.starts_with('`')
        || inner.ends_with('`')
        || (!all_spaces && inner.starts_with(' ') && inner.ends_with(' '));
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{inner}{pad}{fence}")
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

/// Renders plans one after another, separated by rules: [`render_with`] the scenarios' paths as
/// the tag, showing cost if `show_cost` and findings if `show_findings`.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool, view: View) -> String {
    let options = Options {
        view,
        ..Options::new(Show::of(show_cost, show_findings))
    };
    render_with(plans, &options)
}

/// [`render`] as `options` say: the hidden marker `<!-- trailplan:TAG -->` of `options.tag`
/// (`--comment-tag`), else of the scenarios' paths; with `options.quiet`, only the findings that
/// fail the gate.
pub fn render_with(plans: &[Plan], options: &Options) -> String {
    let mut out = String::new();
    let tag = options.tag.clone().unwrap_or_else(|| default_tag(plans));
    let _ = writeln!(out, "{}", marker(&tag));
    for (i, plan) in plans.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        let listed = Listed::of(plan, options.quiet);
        plan_section(&mut out, plan, options, &listed);
    }
    fit(out, WHOLE)
}

fn plan_section(out: &mut String, plan: &Plan, options: &Options, listed: &Listed<'_>) {
    let (show_cost, show_findings, view) =
        (options.show.cost(), options.show.findings(), options.view);
    section_head(out, plan, options.show);
    if show_cost {
        match view.by {
            Some(by) => group_table(out, plan, by, Some(view.top.unwrap_or(TOP))),
            None => cost_summary(out, plan, view.top.unwrap_or(TOP)),
        }
        estimates_section(out, plan);
    }
    if show_findings {
        findings_summary(out, plan, listed);
    }
    let _ = writeln!(out, "<details><summary>Full detail</summary>\n");
    if show_cost {
        cost_detail(out, plan, view);
    }
    if show_findings {
        findings_detail(out, plan, listed);
    }
    let _ = writeln!(out, "</details>");
}

/// The heading, the total, the budget and the gate, and the import notes.
fn section_head(out: &mut String, plan: &Plan, show: Show) {
    let s = &plan.scenario;
    let file = s.source.name.as_str();
    let _ = writeln!(out, "### trailplan: {} ({})\n", text(&s.name), code(file));
    let mut summary = Vec::new();
    if show.cost() {
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
    let failed = if show.findings() {
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
}

/// The line items of the details: grouped, the costliest, or every one, then the exact total.
fn cost_detail(out: &mut String, plan: &Plan, view: View) {
    let s = &plan.scenario;
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
        return;
    }
    if view.by.is_none() {
        listed_charges(out, plan, view.top);
    }
    let _ = writeln!(
        out,
        "Exact total: {} {} a month.\n",
        code(&exact(plan.costing.total)),
        text(&s.prices.currency)
    );
}

/// The line items `top` asks for; too many to list are grouped, then the costliest, then how many
/// are left.
fn listed_charges(out: &mut String, plan: &Plan, top: Option<usize>) {
    let charges = &plan.costing.charges;
    let listed = top.unwrap_or(charges.len()).min(charges.len());
    if listed <= DETAIL_ROWS {
        match top {
            None => charge_table(out, plan, charges.iter()),
            Some(n) => {
                let (shown, _) = view::costliest(plan, n);
                charge_table(out, plan, shown.iter().map(|&i| &charges[i]));
            }
        }
        return;
    }
    for by in [GroupBy::Trail, GroupBy::Account, GroupBy::Region] {
        let _ = writeln!(out, "#### Cost by {}\n", by.label().to_lowercase());
        group_table(out, plan, by, Some(TOP));
    }
    let (ranked, _) = view::costliest(plan, DETAIL_ROWS);
    let _ = writeln!(
        out,
        "#### The {} costliest of {} line items\n",
        group_digits(ranked.len() as u64),
        group_digits(listed as u64)
    );
    charge_table(out, plan, ranked.iter().map(|&i| &charges[i]));
    let _ = writeln!(
        out,
        "…and {} more line items: the JSON report (`--format json`) holds every one.\n",
        group_digits((listed - DETAIL_ROWS) as u64)
    );
}

/// Every finding of the details, with its place and fix, then the waived ones.
fn findings_detail(out: &mut String, plan: &Plan, listed: &Listed<'_>) {
    let file = plan.scenario.source.name.as_str();
    let _ = writeln!(out, "#### Every finding\n");
    if listed.findings.is_empty() {
        let _ = writeln!(out, "No findings.\n");
    } else {
        let _ = writeln!(out, "| Severity | Rule | Where | Message | Fix |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for f in listed.findings.iter().take(DETAIL_ROWS) {
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
        more_findings(out, listed.findings.len());
    }
    if !listed.waived.is_empty() {
        let _ = writeln!(out, "#### Waived\n");
        for (f, reason) in listed.waived.iter().take(DETAIL_ROWS) {
            let _ = writeln!(out, "- {} — waived: {}", finding_item(f), text(reason));
        }
        out.push('\n');
    }
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
    // Largest first; equal costs keep the report's order.
    let (shown, rest) = view::costliest_where(plan, top, |c| !c.cost.is_zero());
    if shown.is_empty() && rest.is_none() {
        let _ = writeln!(out, "Every line item is free.\n");
        return;
    }
    let _ = writeln!(out, "#### Largest line items\n");
    charge_table(out, plan, shown.iter().map(|&i| &charges[i]));
    if let Some(rest) = rest {
        let _ = writeln!(
            out,
            "…and {} more paid line item{} ({}).\n",
            rest.count,
            plural(rest.count),
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

fn findings_summary(out: &mut String, plan: &Plan, listed: &Listed<'_>) {
    let baselined = plan.baselined.unwrap_or(0);
    let (errors, warnings, infos) = listed.counts();
    let _ = write!(
        out,
        "#### Findings: {errors} error{}, {warnings} warning{}, {infos} info",
        plural(errors),
        plural(warnings)
    );
    out.push_str("\n\n");
    summarised_findings(out, &listed.findings, &plan.scenario.prices.currency);
    let mut notes = Vec::new();
    if !listed.waived.is_empty() {
        notes.push(format!(
            "{} finding{} waived",
            listed.waived.len(),
            plural(listed.waived.len())
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
        assert_eq!(code("a|b`c"), "``a\\|b`c``");
        assert_eq!(code("`a``"), "``` `a`` ```");
        assert_eq!(code(""), "` `");
        assert_eq!(
            message("trail `main` reads `a|b` and a stray ` tick"),
            "trail `main` reads `a\\|b` and a stray \\` tick"
        );
        assert_eq!(text("two\nlines"), "two\\\\nlines");
    }
}
