//! The arguments of `plan`, `check`, `price` and `diff`: inputs, reports and how the plans are
//! judged.

use super::{IacArgs, Placement};
use clap::Args;
use rust_decimal::Decimal;
use std::path::PathBuf;
use trailplan::app;
use trailplan::date::Date;
use trailplan::report::{self, Format};

/// `--top N`, or `--top all`.
pub(crate) fn top_arg(text: &str) -> Result<usize, String> {
    if text == "all" {
        return Ok(report::view::ALL);
    }
    text.parse()
        .map_err(|_| format!("`{text}` is not a number of lines, nor `all`"))
}

/// `--format F` and `--output FILE`, repeatable in pairs: each `--output` takes the `--format`
/// before it; a `--format` without one goes to standard output.
#[derive(Debug, Args, Default)]
pub(crate) struct Outputs {
    /// The report's format (default table); repeat it with --output to write several at once.
    #[arg(long, value_enum)]
    pub(crate) format: Vec<Format>,
    /// Write the report of the --format before it to FILE, whole or not at all (repeatable).
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Vec<PathBuf>,
    /// For each --output, how many --format came before it on the command line.
    #[arg(skip)]
    pub(crate) order: Vec<usize>,
}

impl Outputs {
    /// Reads where each `--output` stood among the `--format`s.
    pub(crate) fn place(&mut self, matches: &clap::ArgMatches) {
        let formats: Vec<usize> = matches
            .indices_of("format")
            .map(Iterator::collect)
            .unwrap_or_default();
        self.order = matches
            .indices_of("output")
            .map(|outputs| {
                outputs
                    .map(|o| formats.iter().filter(|&&f| f < o).count())
                    .collect()
            })
            .unwrap_or_default();
    }

    /// The formats and files as the library takes them.
    pub(crate) fn request(&self) -> app::Outputs {
        app::Outputs {
            formats: self.format.clone(),
            files: self.output.clone(),
            order: self.order.clone(),
        }
    }
}

/// How scenarios are priced and judged: shared by every command that plans.
#[derive(Debug, Args)]
pub(crate) struct Judge {
    /// Price overrides: a TOML file with the keys of a scenario's [prices] table (for `diff`,
    /// both sides).
    #[arg(long, value_name = "FILE")]
    pub(crate) prices: Option<PathBuf>,
    /// Lowest severity that fails the gate (overrides the scenario's policy.fail_on; for `diff`,
    /// of a new finding).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) fail_on: Option<FailOn>,
    /// The date waivers are judged against, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) today: Option<String>,
}

impl Judge {
    /// The judge as the library takes it; `--today` is checked when the request runs.
    pub(crate) fn request(&self) -> app::Judge {
        app::Judge {
            prices: self.prices.clone(),
            fail_on: self.fail_on.map(Into::into),
            today: self.today.clone(),
            clock: Date::today(),
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct PlanArgs {
    /// Scenario files (TOML).
    #[arg(required_unless_present_any = ["usage", "terraform", "cloudformation"])]
    pub(crate) scenarios: Vec<PathBuf>,
    /// Take the trails from Terraform: a module folder, a .tf file, or a plan's JSON
    /// (`terraform show -json`); needs --usage.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["cloudformation", "scenarios"])]
    pub(crate) terraform: Option<PathBuf>,
    /// Take the trails from a CloudFormation template (JSON or YAML); needs --usage.
    #[arg(long, value_name = "TEMPLATE", conflicts_with = "scenarios")]
    pub(crate) cloudformation: Option<PathBuf>,
    /// The usage file: a scenario whose accounts, regions, volumes, policy and prices the imported
    /// trails meet.
    #[arg(long, value_name = "USAGE_TOML", conflicts_with = "scenarios")]
    pub(crate) usage: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) placement: Placement,
    #[command(flatten)]
    pub(crate) iac: IacArgs,
    #[command(flatten)]
    pub(crate) to: Outputs,
    #[command(flatten)]
    pub(crate) judge: Judge,
    /// Forecast this many months (1-120), over the scenario's [forecast] months; without
    /// [forecast], volumes do not grow.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(trailplan::forecast::MAX_MONTHS)))]
    pub(crate) months: Option<u32>,
    /// Sum the line items by this key in the table and markdown (JSON keeps every line).
    #[arg(long, value_enum, value_name = "KEY")]
    pub(crate) by: Option<GroupBy>,
    /// Show only the N costliest line items (or groups with --by); the rest are summed in one line.
    /// `all` lists every one (the table lists at most 1,000 without it).
    #[arg(long, value_name = "N|all", value_parser = top_arg)]
    pub(crate) top: Option<usize>,
    /// The hidden marker of the markdown, `<!-- trailplan:NAME -->` (default: the scenarios' paths).
    #[arg(long, value_name = "NAME", value_parser = tag_arg)]
    pub(crate) comment_tag: Option<String>,
    /// The table, markdown and HTML show only the findings that fail the gate.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Leave findings below LEVEL out of every report (the gate still counts them).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) min_severity: Option<MinSeverity>,
}

impl PlanArgs {
    pub(crate) fn view(&self) -> report::View {
        report::View {
            by: self.by.map(Into::into),
            top: self.top,
        }
    }
}

/// The lowest severity reports show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl From<MinSeverity> for trailplan::codes::Severity {
    fn from(m: MinSeverity) -> Self {
        match m {
            MinSeverity::Info => trailplan::codes::Severity::Info,
            MinSeverity::Warning => trailplan::codes::Severity::Warning,
            MinSeverity::Error => trailplan::codes::Severity::Error,
        }
    }
}

/// A `--comment-tag`: kept as given, so that a bot finds it; refused if an HTML comment cannot
/// hold it.
pub(crate) fn tag_arg(text: &str) -> Result<String, String> {
    if !text.is_empty() && report::markdown::comment_tag(text) == text {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` cannot be a comment tag: use 1 to {} letters, digits and . _ / : + = , ~ - \
             (no `--`, no `-` at the end)",
            report::markdown::TAG_CHARS
        ))
    }
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) plan: PlanArgs,
    /// Report and fail only on findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and exit 0 unless an input is invalid).
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// The most results `--format sarif` holds, errors first (GitHub shows 5,000 and refuses
    /// uploads over 25,000); the run's properties say how many were left out.
    #[arg(long, value_name = "N", default_value_t = report::sarif::MAX_RESULTS, value_parser = max_results_arg)]
    pub(crate) max_results: usize,
}

/// `--max-results N`: at most 25,000, the most results GitHub takes in one upload.
pub(crate) fn max_results_arg(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n <= report::sarif::MAX_RESULTS_LIMIT => Ok(n),
        Ok(_) => Err(format!(
            "`{text}` is more than 25,000, the most results GitHub takes in one upload"
        )),
        Err(_) => Err(format!("`{text}` is not a number of results")),
    }
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The scenario before the change (e.g. the base branch's).
    pub(crate) base: PathBuf,
    /// The scenario after the change.
    pub(crate) new: PathBuf,
    #[command(flatten)]
    pub(crate) to: Outputs,
    /// The hidden marker of the markdown, `<!-- trailplan:NAME -->` (default: NEW's path).
    #[arg(long, value_name = "NAME", value_parser = tag_arg)]
    pub(crate) comment_tag: Option<String>,
    /// Fail when the monthly total grows by more than this amount, in NEW's currency (equal passes).
    #[arg(long, value_name = "AMOUNT", value_parser = non_negative)]
    pub(crate) max_increase: Option<Decimal>,
    /// Fail when the monthly total grows by more than this percentage of BASE (equal passes).
    #[arg(long, value_name = "P", value_parser = non_negative)]
    pub(crate) max_increase_percent: Option<Decimal>,
    #[command(flatten)]
    pub(crate) judge: Judge,
    /// The table, markdown and HTML show only the new findings that fail the gate.
    #[arg(long, short = 'q')]
    pub(crate) quiet: bool,
    /// Leave findings below LEVEL out of every report (the gate still counts them).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) min_severity: Option<MinSeverity>,
}

/// A non-negative decimal from the command line: `100`, `12.50`.
pub(crate) fn non_negative(text: &str) -> Result<Decimal, String> {
    let value = trailplan::money::parse_decimal(text)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("`{text}` is negative; a limit is 0 or more"));
    }
    Ok(value)
}

/// The lowest severity that fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Never,
}

impl From<FailOn> for trailplan::codes::FailOn {
    fn from(f: FailOn) -> Self {
        match f {
            FailOn::Error => trailplan::codes::FailOn::Error,
            FailOn::Warning => trailplan::codes::FailOn::Warning,
            FailOn::Never => trailplan::codes::FailOn::Never,
        }
    }
}

/// The key line items are summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum GroupBy {
    Trail,
    Account,
    Region,
    Payer,
    Kind,
}

impl From<GroupBy> for report::GroupBy {
    fn from(g: GroupBy) -> Self {
        match g {
            GroupBy::Trail => report::GroupBy::Trail,
            GroupBy::Account => report::GroupBy::Account,
            GroupBy::Region => report::GroupBy::Region,
            GroupBy::Payer => report::GroupBy::Payer,
            GroupBy::Kind => report::GroupBy::Kind,
        }
    }
}
