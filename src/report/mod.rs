//! Rendering plans for people (table, markdown) and machines (JSON, SARIF). Money is rounded to
//! cents only here, once per shown amount, from the exact values; JSON carries them exactly.

pub mod diff;
pub mod estimates;
pub mod grid;
pub mod html;
pub mod json;
pub mod markdown;
pub mod rules;
pub mod sarif;
pub mod svg;
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
