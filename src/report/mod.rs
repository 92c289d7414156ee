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

/// Output formats of `plan`, `price`, `check` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
            if n == 1 { "" } else { "s" }
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
}

impl Show {
    pub fn cost(self) -> bool {
        self != Show::Findings
    }

    pub fn findings(self) -> bool {
        self != Show::Cost
    }
}
