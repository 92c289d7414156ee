//! Rendering plans for people (table, markdown) and machines (JSON, SARIF). Money is rounded to
//! cents only here, once per shown amount, from the exact values; JSON carries them exactly.

pub mod diff;
mod estimates;
mod grid;
pub mod html;
pub mod json;
pub mod markdown;
mod reconcile;
pub mod rules;
pub mod sarif;
mod svg;
pub mod table;
pub mod view;

pub use view::{GroupBy, View};

use crate::plan::Plan;
use crate::text::plural;
use std::fmt::Write as _;

/// Output formats of `plan`, `price`, `check` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    /// A GitHub pull-request comment.
    Markdown,
    /// SARIF 2.1.0, for code scanning; `check` only.
    Sarif,
    /// One self-contained HTML page with inline SVG charts (`plan`, `price`, `check`).
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Sarif => "sarif",
            Format::Html => "html",
        }
    }
}

/// What `--min-severity` left out, as people read it: `5 findings below error left out
/// (--min-severity)`; `None` when it left nothing out (or was not given).
pub(crate) fn left_out_sentence(left_out: &crate::plan::LeftOut) -> Option<String> {
    let min = left_out.min?;
    let n = left_out.count;
    (n > 0).then(|| {
        format!(
            "{n} finding{} below {min} left out (--min-severity)",
            plural(n)
        )
    })
}

/// What `--min-severity` left out, for the JSON reports (`"left_out"`, present only when it was
/// given): the level, and how many findings (waived ones included) are not in the report.
#[derive(Debug, serde::Serialize)]
pub(crate) struct JsonLeftOut {
    min_severity: &'static str,
    findings: usize,
}

impl JsonLeftOut {
    pub(crate) fn of(left_out: &crate::plan::LeftOut) -> Option<JsonLeftOut> {
        left_out.min.map(|min| JsonLeftOut {
            min_severity: min.as_str(),
            findings: left_out.count,
        })
    }
}

/// Refuses, before any row is made, a report that would hold more line-item rows in memory than
/// the rendered-row budget (`limits::MAX_RENDERED_ROWS`): HTML or markdown with a `--top`
/// beyond it on a plan that has that many line items. The table and JSON stream and are never
/// refused.
pub fn check_rows(
    plans: &[crate::plan::Plan],
    format: Format,
    view: View,
) -> Result<(), crate::error::Error> {
    use crate::limits::MAX_RENDERED_ROWS;
    if !matches!(format, Format::Html | Format::Markdown) {
        return Ok(());
    }
    for plan in plans {
        let items = plan.costing.charges.len();
        let rows = view.top.map_or(0, |n| n.min(items));
        if rows > MAX_RENDERED_ROWS {
            return Err(crate::error::Error::Invalid {
                file: plan.scenario.source.name.clone(),
                location: None,
                message: format!(
                    "the {} report would list {} line items, more than the rendered-row budget of \
                     {} rows: ask for fewer (`--top N`), or use the table (`--top all` writes every \
                     line as it is made) or `--format json`",
                    format.as_str(),
                    crate::rules::group_digits(rows as u64),
                    crate::rules::group_digits(MAX_RENDERED_ROWS as u64),
                ),
                snippet: None,
            });
        }
    }
    Ok(())
}

/// What a command shows of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Cost and findings (`plan`).
    Both,
    /// Cost only (`price`).
    Cost,
    /// Findings only (`check`).
    Findings,
    /// Neither: each scenario's heading and gate alone.
    Neither,
}

impl Show {
    /// What shows cost if `cost`, findings if `findings`.
    pub fn of(cost: bool, findings: bool) -> Show {
        match (cost, findings) {
            (true, true) => Show::Both,
            (true, false) => Show::Cost,
            (false, true) => Show::Findings,
            (false, false) => Show::Neither,
        }
    }

    pub fn cost(self) -> bool {
        matches!(self, Show::Both | Show::Cost)
    }

    pub fn findings(self) -> bool {
        matches!(self, Show::Both | Show::Findings)
    }
}

/// How a report is made: what it shows of the plans, and what the command line asked of it. One
/// set of options serves every [`Format`]; each takes what concerns it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cost, findings, or both.
    pub show: Show,
    /// Which line items the table, markdown and HTML list (`--by`, `--top`).
    pub view: View,
    /// The markdown's hidden marker (`--comment-tag`); `None`: the scenarios' paths.
    pub tag: Option<String>,
    /// The most results SARIF holds (`--max-results`).
    pub max_results: usize,
    /// The reports for people (table, markdown, HTML) list only the findings that fail the gate
    /// (`--quiet`); JSON and SARIF keep every one.
    pub quiet: bool,
    /// A baseline was applied: the table says how many findings it holds.
    pub baseline_applied: bool,
    /// The level findings were left out below (`--min-severity`): the table says how many.
    pub min_severity: Option<crate::codes::Severity>,
    /// Findings a diff set aside before it was rendered (`--quiet`): the table says how many.
    pub set_aside: usize,
}

impl Options {
    /// The options of a report that shows `show`, everything else as by default.
    pub fn new(show: Show) -> Options {
        Options {
            show,
            view: View::default(),
            tag: None,
            max_results: sarif::MAX_RESULTS,
            quiet: false,
            baseline_applied: false,
            min_severity: None,
            set_aside: 0,
        }
    }

    /// Whether `format` lists only the findings that fail the gate: `--quiet`, for people.
    fn quiet_for(&self, format: Format) -> bool {
        self.quiet && matches!(format, Format::Table | Format::Markdown | Format::Html)
    }
}

impl Default for Options {
    fn default() -> Options {
        Options::new(Show::Both)
    }
}

/// The report of `plans` in `format`, as text.
pub fn render(format: Format, plans: &[Plan], options: &Options) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(format, plans, options, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The report of `plans` in `format`, written to `out`: the table and JSON as they are made (the
/// millions of line items of a large organisation are never held as one text), the others whole.
pub fn write(
    format: Format,
    plans: &[Plan],
    options: &Options,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let quiet = options.quiet_for(format);
    let options = &Options {
        quiet,
        ..options.clone()
    };
    match format {
        Format::Table => table::write(plans, options, out),
        Format::Json => json::write(plans, options, out),
        Format::Markdown => out.write_all(markdown::render_with(plans, options).as_bytes()),
        Format::Sarif => out.write_all(sarif::render(plans, options.max_results).as_bytes()),
        Format::Html => out.write_all(html::render_with(plans, options).as_bytes()),
    }
}

/// What a run that stopped on `errors` (exit `exit_code`) writes where a report in `format` would
/// have gone: an error object for JSON, a log of a failed run for SARIF, nothing for the formats
/// people read (they read standard error).
pub fn render_errors(
    format: Format,
    errors: &[crate::error::Error],
    exit_code: u8,
) -> Option<String> {
    match format {
        Format::Json => Some(json::errors(errors, exit_code)),
        Format::Sarif => Some(sarif::errors(errors, exit_code)),
        Format::Table | Format::Markdown | Format::Html => None,
    }
}

/// The diff of two plans in `format`, as text (SARIF, which carries no diff, as the table).
pub fn render_diff(format: Format, diff: &crate::diff::Diff, options: &Options) -> String {
    let tag = options
        .tag
        .as_deref()
        .unwrap_or(&diff.new.scenario.source.name);
    let mut text = match format {
        Format::Json => diff::json(diff),
        Format::Markdown => diff::markdown_tagged(diff, tag),
        Format::Html => html::render_diff(diff),
        Format::Table | Format::Sarif => diff::table(diff),
    };
    if format == Format::Table && options.quiet {
        text.push_str(&not_shown(options.set_aside));
    }
    text
}

/// The line under the table that says how many findings `--quiet` left out.
fn not_shown(n: usize) -> String {
    format!(
        "{n} finding{} that pass the gate not shown (--quiet)\n",
        plural(n)
    )
}

/// The findings a report for people lists of a plan: every one, or with `--quiet` only those that
/// fail the gate (and no waived ones). The plan itself is left as it is.
pub(crate) struct Listed<'a> {
    plan: &'a Plan,
    pub(crate) findings: std::borrow::Cow<'a, [crate::rules::Finding]>,
    pub(crate) waived: &'a [(crate::rules::Finding, String)],
}

impl<'a> Listed<'a> {
    /// What the report lists of `plan`.
    pub(crate) fn of(plan: &'a Plan, quiet: bool) -> Listed<'a> {
        if quiet {
            Listed {
                plan,
                findings: std::borrow::Cow::Owned(plan.failing().cloned().collect()),
                waived: &[],
            }
        } else {
            Listed::all(plan)
        }
    }

    /// Every finding of `plan`.
    pub(crate) fn all(plan: &'a Plan) -> Listed<'a> {
        Listed {
            plan,
            findings: std::borrow::Cow::Borrowed(&plan.findings),
            waived: &plan.waived,
        }
    }

    /// Errors, warnings and infos listed.
    pub(crate) fn counts(&self) -> (usize, usize, usize) {
        use crate::codes::Severity;
        match &self.findings {
            std::borrow::Cow::Borrowed(_) => self.plan.counts(),
            std::borrow::Cow::Owned(listed) => {
                let count = |s: Severity| listed.iter().filter(|f| f.severity == s).count();
                (
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Info),
                )
            }
        }
    }
}

/// The lines under the table: findings in the baseline, findings left out by `--min-severity`,
/// and findings `--quiet` did not list.
fn table_footer(plans: &[Plan], options: &Options) -> String {
    let mut footer = String::new();
    if options.baseline_applied {
        let hidden: usize = plans.iter().filter_map(|p| p.baselined).sum();
        let _ = writeln!(footer, "{hidden} finding{} in the baseline", plural(hidden));
    }
    let left: usize = plans.iter().map(|p| p.left_out.count).sum();
    if let (Some(min), true, true) = (options.min_severity, left > 0, options.show.findings()) {
        let _ = writeln!(
            footer,
            "{left} finding{} below {min} left out (--min-severity)",
            plural(left),
        );
    }
    if options.show.findings() && options.quiet {
        let all: usize = plans
            .iter()
            .map(|p| p.findings.len() + p.waived.len())
            .sum();
        let shown: usize = plans.iter().map(|p| p.failing().count()).sum();
        footer.push_str(&not_shown(all - shown));
    }
    footer
}
