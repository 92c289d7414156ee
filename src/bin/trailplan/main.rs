//! The command line of `trailplan`: parse arguments, ask the library, print the outcome, map it to
//! an exit code (SPEC §4): 0 clean, 1 the gate failed, 2 wrong usage, 3 a scenario could not be
//! read, parsed or validated. The library never prints; this binary is the only place that does.

#![deny(unreachable_pub)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod conventions;
mod generate;
mod init;
mod usage;

use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use trailplan::app::{self, Gate};
use trailplan::date::Date;
use trailplan::diff::Limits;
use trailplan::error::Error;
use trailplan::plan::Plan;
use trailplan::report::sarif::MAX_RESULTS;
use trailplan::report::{self, Show};
use trailplan::rules::{Definition, RULES};

#[derive(Debug, Parser)]
#[command(
    name = "trailplan",
    version,
    about = "Plan the cost and the quotas of AWS CloudTrail before anything is deployed"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Findings and cost together: the main job.
    Plan(PlanArgs),
    /// Findings only: the CI gate.
    Check(CheckArgs),
    /// Cost only.
    Price(PlanArgs),
    /// Cost and findings delta between two scenarios (pull requests).
    Diff(DiffArgs),
    /// Write a scenario with the trails of Terraform, CloudFormation or the AWS CLI.
    Import {
        #[command(subcommand)]
        source: ImportSource,
        #[command(flatten)]
        placement: Placement,
        #[command(flatten)]
        iac: IacArgs,
        /// A usage file whose [import.values] and [import.parameters] the import uses.
        #[arg(long, global = true, value_name = "USAGE_TOML")]
        usage: Option<PathBuf>,
        /// Write the scenario to FILE (whole or not at all) instead of standard output.
        #[arg(long, global = true, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Usage files, and event volumes from evidence (a Cost and Usage Report, CloudWatch metrics).
    Usage {
        #[command(subcommand)]
        command: UsageCommand,
        /// Write the output to FILE (whole or not at all) instead of standard output.
        #[arg(long, global = true, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Parse and validate scenarios without planning them.
    Validate {
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
    },
    /// Write a large, realistic scenario for benchmarks (deterministic for a seed).
    Generate {
        /// Accounts in the organization, the management account included.
        #[arg(long)]
        accounts: u32,
        /// Regions, taken in order from a fixed list of commercial regions.
        #[arg(long)]
        regions: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Trails in all (the organization trail first).
        #[arg(long, default_value_t = generate::DEFAULT_TRAILS)]
        trails: u32,
        /// `[[volume]]` blocks (default: 10 per account).
        #[arg(long)]
        volumes: Option<u32>,
        /// `resources.ARN` prefixes in the S3 data-event selector.
        #[arg(long, default_value_t = generate::DEFAULT_ARN_VALUES)]
        arn_values: u32,
    },
    /// The plan beside the bill, usage type by usage type: "our design explains our bill".
    Reconcile(ReconcileArgs),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print one rule's documentation.
    Explain {
        /// A rule ID (CT001) or name (too-many-trails-per-region).
        rule: String,
    },
    /// Write a commented skeleton scenario that validates and plans.
    Init(init::InitArgs),
    /// Print the JSON Schema of the scenario format (for taplo / Even Better TOML).
    Schema,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What the usage commands write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum UsageFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
struct ReconcileArgs {
    /// The scenario (its accounts need their 12-digit `id`).
    scenario: PathBuf,
    /// The Cost and Usage Report files (CSV, gzip CSV or Parquet).
    #[arg(long = "bill", value_name = "FILE", required = true, num_args = 1..)]
    bills: Vec<PathBuf>,
    /// How far a group may differ from the bill, in percent of the bill (equal passes).
    #[arg(long, value_name = "PCT", value_parser = tolerance_arg, default_value = "5")]
    tolerance: Decimal,
    /// The month to compare, YYYY-MM (default: the latest whole month in the bill).
    #[arg(long, value_name = "YYYY-MM", value_parser = month_arg)]
    month: Option<trailplan::usage::bill::Month>,
    #[command(flatten)]
    to: Outputs,
    /// Price overrides: a TOML file with the keys of a scenario's [prices] table.
    #[arg(long, value_name = "FILE")]
    prices: Option<PathBuf>,
}

/// `--top N`, or `--top all`.
fn top_arg(text: &str) -> Result<usize, String> {
    if text == "all" {
        return Ok(report::view::ALL);
    }
    text.parse()
        .map_err(|_| format!("`{text}` is not a number of lines, nor `all`"))
}

/// `--format F` and `--output FILE`, repeatable in pairs: each `--output` takes the `--format`
/// before it; a `--format` without one goes to standard output.
#[derive(Debug, Args, Default)]
struct Outputs {
    /// The report's format (default table); repeat it with --output to write several at once.
    #[arg(long, value_enum)]
    format: Vec<Format>,
    /// Write the report of the --format before it to FILE, whole or not at all (repeatable).
    #[arg(long, value_name = "FILE")]
    output: Vec<PathBuf>,
    /// For each --output, how many --format came before it on the command line.
    #[arg(skip)]
    order: Vec<usize>,
}

impl Outputs {
    /// Reads where each `--output` stood among the `--format`s.
    fn place(&mut self, matches: &clap::ArgMatches) {
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

    /// Every report to make: its format and its file (`None`: standard output).
    fn targets(&self) -> Result<Vec<(Format, Option<PathBuf>)>, Error> {
        pair(&self.format, &self.output, &self.order)
    }
}

/// Pairs each `--output` with the `--format` before it (SPEC §4).
fn pair(
    formats: &[Format],
    outputs: &[PathBuf],
    order: &[usize],
) -> Result<Vec<(Format, Option<PathBuf>)>, Error> {
    let name = |f: Format| report::Format::from(f).as_str();
    let mut targets: Vec<(Format, Option<PathBuf>)> = match (formats, outputs) {
        ([], []) => return Ok(vec![(Format::Table, None)]),
        ([], [one]) => vec![(Format::Table, Some(one.clone()))],
        ([], _) => {
            return Err(usage(
                "several --output files need a --format before each: \
                 `--format F --output FILE` pairs"
                    .into(),
            ));
        }
        ([f], [o]) => vec![(*f, Some(o.clone()))],
        _ => {
            let mut targets: Vec<(Format, Option<PathBuf>)> =
                formats.iter().map(|f| (*f, None)).collect();
            for (i, file) in outputs.iter().enumerate() {
                let before = order.get(i).copied().unwrap_or(i + 1);
                let Some(slot) = before.checked_sub(1).and_then(|k| targets.get_mut(k)) else {
                    return Err(usage(format!(
                        "--output {} comes before any --format: write `--format F --output FILE` \
                         pairs, each --output after its --format",
                        file.display()
                    )));
                };
                if let Some(first) = &slot.1 {
                    return Err(usage(format!(
                        "--format {} is followed by two --output files, {} and {}: each --output \
                         takes the --format just before it",
                        name(slot.0),
                        first.display(),
                        file.display()
                    )));
                }
                slot.1 = Some(file.clone());
            }
            targets
        }
    };
    let to_stdout: Vec<&str> = targets
        .iter()
        .filter(|(_, o)| o.is_none())
        .map(|(f, _)| name(*f))
        .collect();
    if to_stdout.len() > 1 {
        return Err(usage(format!(
            "--format {} would all go to standard output; give all but one of them an \
             --output FILE after it",
            to_stdout.join(", --format ")
        )));
    }
    for (i, (_, a)) in targets.iter().enumerate() {
        for (_, b) in targets.iter().skip(i + 1) {
            if let (Some(a), Some(b)) = (a, b)
                && (a == b || trailplan::output::same_file(a, b))
            {
                return Err(usage(format!(
                    "--output {} and --output {} are the same file; each report needs its own",
                    a.display(),
                    b.display()
                )));
            }
        }
    }
    targets.sort_by_key(|(_, o)| o.is_none());
    Ok(targets)
}

/// The `--output` files of `--format`/`--output` pairs, as [`refuse_overwrite`] names them.
fn output_files(
    targets: &[(Format, Option<PathBuf>)],
) -> impl Iterator<Item = (&'static str, &std::path::Path)> {
    targets
        .iter()
        .filter_map(|(_, f)| f.as_deref().map(|f| ("--output", f)))
}

/// Refuses to write an output over an input of the same run: the input would be lost.
fn refuse_overwrite(
    inputs: &[(&str, &std::path::Path)],
    outputs: &[(&str, &std::path::Path)],
) -> Result<(), Error> {
    for (i, (out_flag, out)) in outputs.iter().enumerate() {
        for (in_flag, input) in inputs {
            if trailplan::output::same_file(out, input) {
                return Err(usage(format!(
                    "{out_flag} {} would overwrite {in_flag} {}, an input of this run; write it \
                     to another file",
                    out.display(),
                    input.display()
                )));
            }
        }
        for (other_flag, other) in outputs.iter().skip(i + 1) {
            if trailplan::output::same_file(out, other) {
                return Err(usage(format!(
                    "{out_flag} {} and {other_flag} {} are the same file; each output needs its own",
                    out.display(),
                    other.display()
                )));
            }
        }
    }
    Ok(())
}

fn month_arg(text: &str) -> Result<trailplan::usage::bill::Month, String> {
    trailplan::usage::bill::Month::parse(text)
        .ok_or_else(|| format!("`{text}` is not a month (YYYY-MM)"))
}

fn share_arg(text: &str) -> Result<Decimal, String> {
    let v = trailplan::money::parse_decimal(text)?;
    if v.is_sign_negative() && !v.is_zero() || v > Decimal::ONE {
        return Err(format!("`{text}` is not a share from 0 to 1"));
    }
    Ok(v)
}

fn tolerance_arg(text: &str) -> Result<Decimal, String> {
    non_negative(text.trim().strip_suffix('%').unwrap_or(text).trim())
}

/// How scenarios are priced and judged: shared by every command that plans.
#[derive(Debug, Args)]
struct Judge {
    /// Price overrides: a TOML file with the keys of a scenario's [prices] table (for `diff`,
    /// both sides).
    #[arg(long, value_name = "FILE")]
    prices: Option<PathBuf>,
    /// Lowest severity that fails the gate (overrides the scenario's policy.fail_on; for `diff`,
    /// of a new finding).
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// The date waivers are judged against, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
}

/// How infrastructure code is read: Terraform variables and plans, CloudFormation parameters.
#[derive(Debug, Args, Default)]
struct IacArgs {
    /// A Terraform variable, NAME=VALUE (repeatable; after the tfvars files).
    #[arg(long = "var", value_name = "NAME=VALUE", global = true, value_parser = key_value)]
    vars: Vec<(String, String)>,
    /// A Terraform variables file (repeatable; after terraform.tfvars and *.auto.tfvars).
    #[arg(long = "var-file", value_name = "FILE", global = true)]
    var_files: Vec<PathBuf>,
    /// Read a Terraform plan that errored (`"errored": true`) instead of refusing it.
    #[arg(long, global = true)]
    allow_errored: bool,
    /// A CloudFormation parameter, NAME=VALUE (repeatable; over [import.parameters] and defaults;
    /// AWS::AccountId and AWS::Region set the pseudo parameters).
    #[arg(long = "parameter", value_name = "NAME=VALUE", global = true, value_parser = key_value)]
    parameters: Vec<(String, String)>,
}

impl IacArgs {
    fn request(&self, usage: Option<&PathBuf>) -> app::ImportOptions {
        // Terraform reads `TF_VAR_name` from the environment; so does its import.
        let mut env_vars: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| {
                let name = k.to_str()?.strip_prefix("TF_VAR_")?.to_owned();
                Some((name, v.into_string().ok()?))
            })
            .collect();
        env_vars.sort();
        app::ImportOptions {
            env_vars,
            vars: self.vars.clone(),
            var_files: self.var_files.clone(),
            allow_errored: self.allow_errored,
            parameters: self.parameters.clone(),
            usage: usage.cloned(),
        }
    }
}

/// `NAME=VALUE`.
fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

#[derive(Debug, Subcommand)]
enum UsageCommand {
    #[command(flatten)]
    Records(usage::UsageCommand),
    /// Write the usage file imported trails need: their accounts and regions, and a zero
    /// [[volume]] for every stream they select.
    Skeleton {
        /// Terraform: a module folder, a .tf file, or a plan's JSON.
        #[arg(
            long,
            value_name = "PATH",
            conflicts_with = "cloudformation",
            required_unless_present = "cloudformation"
        )]
        terraform: Option<PathBuf>,
        /// A CloudFormation template (JSON or YAML).
        #[arg(long, value_name = "TEMPLATE")]
        cloudformation: Option<PathBuf>,
        /// A usage file whose [import] values and parameters the import uses.
        #[arg(long, value_name = "USAGE_TOML", conflicts_with = "update")]
        usage: Option<PathBuf>,
        /// Add what is missing to this usage file, keeping every value already there.
        #[arg(long, value_name = "FILE")]
        update: Option<PathBuf>,
        #[command(flatten)]
        placement: Placement,
        #[command(flatten)]
        iac: IacArgs,
    },
    /// Management volumes per account and region from a Cost and Usage Report (CSV, gzip CSV or
    /// Parquet; CUR 2.0 or legacy).
    Bill {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The month to read, YYYY-MM (default: the latest whole month in the files).
        #[arg(long, value_name = "YYYY-MM", value_parser = month_arg)]
        month: Option<trailplan::usage::bill::Month>,
        /// The share of management events that are writes, a decimal from 0 to 1.
        #[arg(long, value_name = "SHARE", value_parser = share_arg, default_value = "0.10")]
        write_share: Decimal,
        #[arg(long, value_enum, default_value_t = UsageFormat::Toml)]
        format: UsageFormat,
    },
    /// Data volumes from `aws cloudwatch get-metric-data` output, joined on Id with its queries.
    Metrics {
        /// The MetricDataQueries file (`trailplan usage metrics-queries` output).
        queries: PathBuf,
        /// The `aws cloudwatch get-metric-data --output json` output.
        result: PathBuf,
        /// The buckets' region (S3 metrics name none; functions take theirs from the ARN).
        #[arg(long)]
        region: Option<String>,
        /// The buckets' account: a name, or a 12-digit id (default: `default`).
        #[arg(long)]
        account: Option<String>,
        /// Days the data points cover (default: UTC days from the first to the last timestamp).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3660))]
        days: Option<u32>,
        #[arg(long, value_enum, default_value_t = UsageFormat::Toml)]
        format: UsageFormat,
    },
    /// The MetricDataQueries JSON for S3 request metrics and Lambda Invocations.
    MetricsQueries {
        /// A bucket with a request-metrics filter (repeatable).
        #[arg(long = "bucket", value_name = "BUCKET")]
        buckets: Vec<String>,
        /// A Lambda function ARN (repeatable).
        #[arg(long = "function", value_name = "ARN")]
        functions: Vec<String>,
        /// The id of the buckets' request-metrics filter.
        #[arg(long, default_value = "EntireBucket")]
        filter_id: String,
    },
}

#[derive(Debug, Args)]
struct PlanArgs {
    /// Scenario files (TOML).
    #[arg(required_unless_present_any = ["usage", "terraform", "cloudformation"])]
    scenarios: Vec<PathBuf>,
    /// Take the trails from Terraform: a module folder, a .tf file, or a plan's JSON
    /// (`terraform show -json`); needs --usage.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["cloudformation", "scenarios"])]
    terraform: Option<PathBuf>,
    /// Take the trails from a CloudFormation template (JSON or YAML); needs --usage.
    #[arg(long, value_name = "TEMPLATE", conflicts_with = "scenarios")]
    cloudformation: Option<PathBuf>,
    /// The usage file: a scenario whose accounts, regions, volumes, policy and prices the imported
    /// trails meet.
    #[arg(long, value_name = "USAGE_TOML", conflicts_with = "scenarios")]
    usage: Option<PathBuf>,
    #[command(flatten)]
    placement: Placement,
    #[command(flatten)]
    iac: IacArgs,
    #[command(flatten)]
    to: Outputs,
    #[command(flatten)]
    judge: Judge,
    /// Forecast this many months (1-120), over the scenario's [forecast] months; without
    /// [forecast], volumes do not grow.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(trailplan::forecast::MAX_MONTHS)))]
    months: Option<u32>,
    /// Sum the line items by this key in the table and markdown (JSON keeps every line).
    #[arg(long, value_enum, value_name = "KEY")]
    by: Option<GroupBy>,
    /// Show only the N costliest line items (or groups with --by); the rest are summed in one line.
    /// `all` lists every one (the table lists at most 1,000 without it).
    #[arg(long, value_name = "N|all", value_parser = top_arg)]
    top: Option<usize>,
    /// The hidden marker of the markdown, `<!-- trailplan:NAME -->` (default: the scenarios' paths).
    #[arg(long, value_name = "NAME", value_parser = tag_arg)]
    comment_tag: Option<String>,
    /// The table, markdown and HTML show only the findings that fail the gate.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Leave findings below LEVEL out of every report (the gate still counts them).
    #[arg(long, value_enum, value_name = "LEVEL")]
    min_severity: Option<MinSeverity>,
}

/// The lowest severity reports show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MinSeverity {
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
fn tag_arg(text: &str) -> Result<String, String> {
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

impl PlanArgs {
    fn view(&self) -> report::View {
        report::View {
            by: self.by.map(Into::into),
            top: self.top,
        }
    }
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    plan: PlanArgs,
    /// Report and fail only on findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (and exit 0 unless an input is invalid).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// The most results `--format sarif` holds, errors first (GitHub shows 5,000 and refuses
    /// uploads over 25,000); the run's properties say how many were left out.
    #[arg(long, value_name = "N", default_value_t = report::sarif::MAX_RESULTS)]
    max_results: usize,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The scenario before the change (e.g. the base branch's).
    base: PathBuf,
    /// The scenario after the change.
    new: PathBuf,
    #[command(flatten)]
    to: Outputs,
    /// The hidden marker of the markdown, `<!-- trailplan:NAME -->` (default: NEW's path).
    #[arg(long, value_name = "NAME", value_parser = tag_arg)]
    comment_tag: Option<String>,
    /// Fail when the monthly total grows by more than this amount, in NEW's currency (equal passes).
    #[arg(long, value_name = "AMOUNT", value_parser = non_negative)]
    max_increase: Option<Decimal>,
    /// Fail when the monthly total grows by more than this percentage of BASE (equal passes).
    #[arg(long, value_name = "P", value_parser = non_negative)]
    max_increase_percent: Option<Decimal>,
    #[command(flatten)]
    judge: Judge,
    /// The table, markdown and HTML show only the new findings that fail the gate.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Leave findings below LEVEL out of every report (the gate still counts them).
    #[arg(long, value_enum, value_name = "LEVEL")]
    min_severity: Option<MinSeverity>,
}

/// A non-negative decimal from the command line: `100`, `12.50`.
fn non_negative(text: &str) -> Result<Decimal, String> {
    let value = trailplan::money::parse_decimal(text)?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(format!("`{text}` is negative; a limit is 0 or more"));
    }
    Ok(value)
}

/// Where imported trails go when their source does not say.
#[derive(Debug, Args)]
struct Placement {
    /// The account imported trails belong to (default: the management account, else the only one).
    #[arg(long, global = true)]
    account: Option<String>,
    /// The home region of imported trails whose source does not give one (default: the only region).
    #[arg(long, global = true)]
    region: Option<String>,
}

#[derive(Debug, Subcommand)]
enum ImportSource {
    /// Trails of Terraform: a module folder or .tf file (HCL, no credentials needed), or a plan's
    /// JSON (`terraform show -json plan.out > plan.json`).
    Terraform { file: PathBuf },
    /// Trails of a CloudFormation template, JSON or YAML (a CDK app's `cdk.out/*.template.json`).
    Cloudformation { file: PathBuf },
    /// Trails that exist: `aws cloudtrail describe-trails` output, with the selectors of each trail.
    AwsCli {
        file: PathBuf,
        /// `aws cloudtrail get-event-selectors` output (repeatable).
        #[arg(long = "event-selectors", value_name = "FILE")]
        event_selectors: Vec<PathBuf>,
        /// `aws cloudtrail get-insight-selectors` output (repeatable).
        #[arg(long = "insight-selectors", value_name = "FILE")]
        insight_selectors: Vec<PathBuf>,
    },
}

/// Output formats of `plan`, `price`, `check` and `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
    /// A GitHub pull-request comment.
    Markdown,
    /// SARIF 2.1.0, for code scanning; `check` only.
    Sarif,
    /// One self-contained HTML page with inline SVG charts (`plan`, `price`, `check`).
    Html,
}

impl From<Format> for report::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Table => report::Format::Table,
            Format::Json => report::Format::Json,
            Format::Markdown => report::Format::Markdown,
            Format::Sarif => report::Format::Sarif,
            Format::Html => report::Format::Html,
        }
    }
}

/// The lowest severity that fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
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
enum GroupBy {
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

impl Judge {
    fn request(&self) -> Result<app::Judge, Vec<Error>> {
        let today = match self.today.as_deref() {
            None => Date::today(),
            Some(text) => Date::parse(text).ok_or_else(|| {
                vec![usage(format!(
                    "--today `{text}` is not a date (YYYY-MM-DD)"
                ))]
            })?,
        };
        Ok(app::Judge {
            prices: self.prices.clone(),
            fail_on: self.fail_on.map(Into::into),
            today,
        })
    }
}

impl Placement {
    fn request(&self) -> app::Placement {
        app::Placement {
            account: self.account.clone(),
            region: self.region.clone(),
        }
    }
}

impl ImportSource {
    fn request(&self) -> app::ImportSource {
        match self {
            ImportSource::Terraform { file } => app::ImportSource::Terraform(file.clone()),
            ImportSource::Cloudformation { file } => {
                app::ImportSource::Cloudformation(file.clone())
            }
            ImportSource::AwsCli {
                file,
                event_selectors,
                insight_selectors,
            } => app::ImportSource::AwsCli {
                file: file.clone(),
                event_selectors: event_selectors.clone(),
                insight_selectors: insight_selectors.clone(),
            },
        }
    }
}

fn usage(message: String) -> Error {
    Error::Usage { message }
}

/// `usage` names a subcommand too; this is the error.
fn usage_error(message: String) -> Error {
    usage(message)
}

/// The exit code of an error (SPEC §4): 2 for wrong usage, 3 for an unreadable or invalid input.
fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Usage { .. } => 2,
        Error::Read { .. } | Error::Invalid { .. } | Error::Write { .. } => 3,
    }
}

/// The exit code of a gate: 1 when it fails.
fn gate_code(gate: Gate) -> u8 {
    u8::from(gate.failed())
}

/// Parses the command line, with where each `--output` stood among the `--format`s.
fn parse() -> Result<Cli, clap::Error> {
    use clap::{CommandFactory as _, FromArgMatches as _};
    let matches = Cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    if let Some((_, sub)) = matches.subcommand() {
        match &mut cli.command {
            Command::Plan(a) | Command::Price(a) => a.to.place(sub),
            Command::Check(a) => a.plan.to.place(sub),
            Command::Diff(a) => a.to.place(sub),
            Command::Reconcile(a) => a.to.place(sub),
            _ => {}
        }
    }
    Ok(cli)
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    ExitCode::from(match run(cli) {
        Ok((output, code)) => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match output.write(&mut stdout).and_then(|()| stdout.flush()) {
                Ok(()) => code,
                // A closed pipe (`| head`) ends the output, not the exit code.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
                Err(e) => {
                    // What was buffered cannot be written either; drop it quietly.
                    let (_, _) = stdout.into_parts();
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "error: cannot write to standard output: {e}; the output is incomplete"
                    );
                    3
                }
            }
        }
        Err(errors) => {
            // A full or closed stderr must not turn the message into a panic (exit 101).
            let mut stderr = std::io::stderr().lock();
            for e in &errors {
                let message = e.to_string();
                let _ = writeln!(
                    stderr,
                    "error: {}",
                    trailplan::text::terminal_lines(&message)
                );
            }
            errors.iter().map(exit_code).max().unwrap_or(3)
        }
    })
}

/// What a command prints.
#[derive(Debug)]
enum Output {
    Text(String),
    /// Plans as the terminal table, written to the output a row at a time, then `footer`.
    Table {
        plans: Vec<Plan>,
        show_cost: bool,
        show_findings: bool,
        view: report::View,
        footer: String,
    },
    /// Plans as JSON, written straight to the output as the text is made.
    Json {
        plans: Vec<Plan>,
        show_cost: bool,
        show_findings: bool,
    },
}

impl From<String> for Output {
    fn from(text: String) -> Self {
        Output::Text(text)
    }
}

impl Output {
    fn write(self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Output::Text(text) => out.write_all(text.as_bytes()),
            Output::Table {
                plans,
                show_cost,
                show_findings,
                view,
                footer,
            } => {
                let written =
                    report::table::write_view(&plans, show_cost, show_findings, view, out)
                        .and_then(|()| out.write_all(footer.as_bytes()));
                // As for JSON: the process ends next.
                std::mem::forget(plans);
                written
            }
            Output::Json {
                plans,
                show_cost,
                show_findings,
            } => {
                let written = report::json::write(&plans, show_cost, show_findings, out);
                // The process ends next: handing the plans' memory back to the system in one
                // piece beats freeing millions of line items one by one.
                std::mem::forget(plans);
                written
            }
        }
    }
}

/// Runs a parsed command: its standard output and exit code, or the errors that stopped it.
fn run(cli: Cli) -> Result<(Output, u8), Vec<Error>> {
    match cli.command {
        Command::Plan(args) => plans(&args, Show::Both, None, None, MAX_RESULTS),
        Command::Check(args) => plans(
            &args.plan,
            Show::Findings,
            args.baseline,
            args.write_baseline,
            args.max_results,
        ),
        Command::Price(args) => plans(&args, Show::Cost, None, None, MAX_RESULTS),
        Command::Diff(args) => diff(&args),
        Command::Validate { scenarios } => {
            let loaded = app::validate(&scenarios)?;
            let mut out = String::new();
            for s in &loaded {
                out.push_str(&format!(
                    "{}: valid ({} accounts, {} regions, {} volumes, {} trails)\n",
                    s.source.name,
                    s.accounts.len(),
                    s.regions.len(),
                    s.volumes.len(),
                    s.trails.len()
                ));
            }
            Ok((out.into(), 0))
        }
        Command::Generate {
            accounts,
            regions,
            seed,
            trails,
            volumes,
            arn_values,
        } => {
            let mut options = generate::GenerateOptions::new(accounts, regions, seed);
            options.trails = trails;
            options.arn_values = arn_values;
            if let Some(v) = volumes {
                options.volumes = v;
            }
            generate::generate(&options)
                .map(|text| (text.into(), 0))
                .map_err(|e| vec![usage(e.to_string())])
        }
        Command::Import {
            source,
            placement,
            iac,
            usage,
            output,
        } => {
            let request = source.request();
            if let Some(out) = &output {
                let mut inputs = vec![("the import source", request.file())];
                if let Some(u) = &usage {
                    inputs.push(("--usage", u.as_path()));
                }
                refuse_overwrite(&inputs, &[("--output", out)]).map_err(|e| vec![e])?;
            }
            let text = app::import(&request, &placement.request(), &iac.request(usage.as_ref()))
                .map_err(|e| vec![e])?;
            to_file(text, output.as_deref())
        }
        Command::Usage { command, output } => {
            let (text, code) = usage_command(command)?;
            match (text, output) {
                (Output::Text(text), Some(out)) => {
                    to_file(text, Some(&out)).map(|(o, _)| (o, code))
                }
                (text, _) => Ok((text, code)),
            }
        }
        Command::Reconcile(args) => reconcile_command(&args),
        Command::Rules { format } => match format {
            Format::Table | Format::Json => Ok((report::rules::list(format.into()).into(), 0)),
            other => Err(vec![usage(format!(
                "`trailplan rules` prints table or json, not {}",
                report::Format::from(other).as_str()
            ))]),
        },
        Command::Explain { rule } => match Definition::find(&rule) {
            Some(rule) => Ok((report::rules::explain(rule).into(), 0)),
            None => Err(vec![usage(format!(
                "unknown rule `{rule}`{} (`trailplan rules` lists the {} rules)",
                trailplan::codes::suggest_rule(&rule),
                RULES.len()
            ))]),
        },
        Command::Init(args) => init::skeleton(&args)
            .map(|text| (text.into(), 0))
            .map_err(|e| vec![usage(e)]),
        Command::Schema => Ok((conventions::schema().into(), 0)),
        Command::Completions { shell } => Ok((conventions::completions(shell).into(), 0)),
    }
}

/// Writes `text` to `file` (whole or not at all) and prints nothing, or prints it.
fn to_file(text: String, file: Option<&std::path::Path>) -> Result<(Output, u8), Vec<Error>> {
    match file {
        Some(path) => {
            trailplan::output::write_file(path, |w| w.write_all(text.as_bytes()))
                .map_err(|e| vec![e])?;
            Ok((String::new().into(), 0))
        }
        None => Ok((text.into(), 0)),
    }
}

fn plans(
    args: &PlanArgs,
    show: Show,
    baseline: Option<PathBuf>,
    write_baseline: Option<PathBuf>,
    max_results: usize,
) -> Result<(Output, u8), Vec<Error>> {
    let targets = args.to.targets().map_err(|e| vec![e])?;
    if show != Show::Findings && targets.iter().any(|(f, _)| *f == Format::Sarif) {
        return Err(vec![usage(
            "`--format sarif` is only for `trailplan check` (SARIF carries findings, not costs)"
                .into(),
        )]);
    }
    {
        let stdin_count = args
            .scenarios
            .iter()
            .filter(|p| trailplan::scenario::is_stdin(p))
            .count();
        if stdin_count > 1 {
            return Err(vec![usage("`-` (standard input) can be given once".into())]);
        }
        let expanded: Vec<PathBuf> = args
            .scenarios
            .iter()
            .filter(|p| p.is_dir())
            .flat_map(|p| trailplan::scenario::expand_folder(p).unwrap_or_default())
            .collect();
        let mut inputs: Vec<(&str, &std::path::Path)> = Vec::new();
        for scenario in args.scenarios.iter().chain(&expanded) {
            inputs.push(("the scenario", scenario));
        }
        for (flag, path) in [
            ("--usage", &args.usage),
            ("--terraform", &args.terraform),
            ("--cloudformation", &args.cloudformation),
            ("--prices", &args.judge.prices),
            ("--baseline", &baseline),
        ] {
            if let Some(path) = path {
                inputs.push((flag, path));
            }
        }
        let mut outputs: Vec<(&str, &std::path::Path)> = Vec::new();
        if let Some(path) = &write_baseline {
            outputs.push(("--write-baseline", path));
        }
        outputs.extend(output_files(&targets));
        refuse_overwrite(&inputs, &outputs).map_err(|e| vec![e])?;
    }
    if args.usage.is_none() {
        let given = match (&args.terraform, &args.cloudformation) {
            (Some(p), _) => Some(("--terraform", p)),
            (None, Some(p)) => Some(("--cloudformation", p)),
            (None, None) => None,
        };
        if let Some((flag, path)) = given {
            return Err(vec![usage(format!(
                "{flag} needs --usage USAGE_TOML: the accounts, regions and event volumes the \
                 trails meet; `trailplan usage skeleton {flag} {} > usage.toml` writes one to fill in",
                path.display()
            ))]);
        }
    }
    let inputs = match &args.usage {
        Some(usage_file) => {
            let source = match (&args.terraform, &args.cloudformation) {
                (Some(file), _) => app::ImportSource::Terraform(file.clone()),
                (None, Some(file)) => app::ImportSource::Cloudformation(file.clone()),
                (None, None) => {
                    return Err(vec![usage(
                        "--usage goes with --terraform PATH or --cloudformation TEMPLATE".into(),
                    )]);
                }
            };
            app::Inputs::Imported {
                usage: usage_file.clone(),
                source,
                placement: args.placement.request(),
                options: Box::new(args.iac.request(None)),
            }
        }
        None => app::Inputs::Files(args.scenarios.clone()),
    };
    let request = app::PlanRequest {
        inputs,
        show,
        judge: args.judge.request()?,
        months: args.months,
        baseline,
        write_baseline,
    };
    let outcome = app::plan(&request)?;
    if let Some((count, path)) = &outcome.recorded {
        let _ = writeln!(
            std::io::stderr(),
            "wrote {count} finding{} to the baseline {}",
            if *count == 1 { "" } else { "s" },
            path.display()
        );
    }
    let code = gate_code(outcome.gate);
    let mut evaluated = outcome.plans;
    if let Some(min) = args.min_severity {
        for plan in &mut evaluated {
            plan.leave_out_below(min.into());
        }
    }
    for (format, _) in &targets {
        report::check_rows(&evaluated, (*format).into(), args.view()).map_err(|e| vec![e])?;
    }
    let tag = args
        .comment_tag
        .clone()
        .unwrap_or_else(|| default_tag(args));
    let mut stdout = None;
    for (format, file) in targets {
        let render = |plans: &mut Vec<Plan>| {
            plan_report(
                plans,
                format,
                show,
                args,
                &tag,
                outcome.baseline_applied,
                max_results,
            )
        };
        match file {
            Some(path) => {
                let written = if format == Format::Json {
                    trailplan::output::write_file(&path, |w| {
                        report::json::write(&evaluated, show.cost(), show.findings(), w)
                    })
                } else {
                    let text = render(&mut evaluated);
                    trailplan::output::write_file(&path, |w| w.write_all(text.as_bytes()))
                };
                written.map_err(|e| vec![e])?;
            }
            None if format == Format::Json => {
                // Last: the plans go to standard output as the text is made.
                let output = Output::Json {
                    plans: evaluated,
                    show_cost: show.cost(),
                    show_findings: show.findings(),
                };
                return Ok((output, code));
            }
            None if format == Format::Table && !args.quiet => {
                // Last: the table goes to standard output a row at a time.
                let footer = table_footer(
                    &evaluated,
                    show,
                    outcome.baseline_applied,
                    args.min_severity,
                );
                let output = Output::Table {
                    plans: evaluated,
                    show_cost: show.cost(),
                    show_findings: show.findings(),
                    view: args.view(),
                    footer,
                };
                return Ok((output, code));
            }
            None => stdout = Some(render(&mut evaluated)),
        }
    }
    // The process ends once the output is written: handing the plans' memory back to the system in
    // one piece beats freeing millions of line items one by one (a tenth of a large run's time).
    std::mem::forget(evaluated);
    Ok((stdout.unwrap_or_default().into(), code))
}

/// The default `--comment-tag`: the scenarios as given on the command line (a folder as itself),
/// or the infrastructure file, joined by `,`.
fn default_tag(args: &PlanArgs) -> String {
    let paths: Vec<String> = match (&args.terraform, &args.cloudformation) {
        (Some(p), _) | (None, Some(p)) => vec![p.display().to_string()],
        (None, None) => args
            .scenarios
            .iter()
            .map(|p| trailplan::scenario::display_name(p))
            .collect(),
    };
    paths.join(",")
}

/// One report of the plans, as text (JSON is written as it is made, elsewhere). With `--quiet`,
/// the reports for people show only the findings that fail the gate.
fn plan_report(
    plans: &mut [Plan],
    format: Format,
    show: Show,
    args: &PlanArgs,
    tag: &str,
    baseline_applied: bool,
    max_results: usize,
) -> String {
    let people = matches!(format, Format::Table | Format::Markdown | Format::Html);
    let quiet = args.quiet && people;
    let mut kept = Vec::new();
    if quiet {
        for plan in plans.iter_mut() {
            let failing: Vec<_> = plan.failing().cloned().collect();
            let all = std::mem::replace(&mut plan.findings, failing);
            let waived = std::mem::take(&mut plan.waived);
            kept.push((all, waived));
        }
    }
    let plans_ref: &[Plan] = plans;
    let mut text = match format {
        Format::Table => {
            let mut out =
                report::table::render_view(plans_ref, show.cost(), show.findings(), args.view());
            out.push_str(&table_footer(
                plans_ref,
                show,
                baseline_applied,
                args.min_severity,
            ));
            out
        }
        Format::Json => report::json::render(plans_ref, show.cost(), show.findings()),
        Format::Markdown => report::markdown::render_tagged(
            plans_ref,
            show.cost(),
            show.findings(),
            args.view(),
            tag,
        ),
        Format::Sarif => report::sarif::render(plans_ref, max_results),
        Format::Html => {
            report::html::render_view(plans_ref, show.cost(), show.findings(), args.top)
        }
    };
    if format == Format::Table && show.findings() && quiet {
        let shown: usize = plans_ref.iter().map(|p| p.findings.len()).sum();
        let all: usize = kept.iter().map(|(f, w)| f.len() + w.len()).sum();
        text.push_str(&format!(
            "{} finding{} that pass the gate not shown (--quiet)\n",
            all - shown,
            if all - shown == 1 { "" } else { "s" }
        ));
    }
    for (plan, (all, waived)) in plans.iter_mut().zip(kept) {
        plan.findings = all;
        plan.waived = waived;
    }
    text
}

/// The lines under the table: findings in the baseline, and findings left out by
/// `--min-severity`.
fn table_footer(
    plans: &[Plan],
    show: Show,
    baseline_applied: bool,
    min_severity: Option<MinSeverity>,
) -> String {
    let mut footer = String::new();
    if baseline_applied {
        let hidden: usize = plans.iter().filter_map(|p| p.baselined).sum();
        footer.push_str(&format!(
            "{hidden} finding{} in the baseline\n",
            if hidden == 1 { "" } else { "s" }
        ));
    }
    let left: usize = plans.iter().map(|p| p.left_out.count).sum();
    if let (Some(min), true, true) = (min_severity, left > 0, show.findings()) {
        footer.push_str(&format!(
            "{left} finding{} below {} left out (--min-severity)\n",
            if left == 1 { "" } else { "s" },
            trailplan::codes::Severity::from(min)
        ));
    }
    footer
}

fn diff(args: &DiffArgs) -> Result<(Output, u8), Vec<Error>> {
    let targets = args.to.targets().map_err(|e| vec![e])?;
    let mut inputs: Vec<(&str, &std::path::Path)> =
        vec![("BASE", args.base.as_path()), ("NEW", args.new.as_path())];
    if let Some(p) = &args.judge.prices {
        inputs.push(("--prices", p));
    }
    let outputs: Vec<(&str, &std::path::Path)> = output_files(&targets).collect();
    refuse_overwrite(&inputs, &outputs).map_err(|e| vec![e])?;
    if trailplan::scenario::is_stdin(&args.base) && trailplan::scenario::is_stdin(&args.new) {
        return Err(vec![usage("`-` (standard input) can be given once".into())]);
    }
    if targets.iter().any(|(f, _)| *f == Format::Sarif) {
        return Err(vec![usage(
            "`--format sarif` is only for `trailplan check`; `diff` prints table, json or markdown"
                .into(),
        )]);
    }
    let request = app::DiffRequest {
        base: args.base.clone(),
        new: args.new.clone(),
        judge: args.judge.request()?,
        limits: Limits {
            max_increase: args.max_increase,
            max_increase_percent: args.max_increase_percent,
        },
    };
    let mut outcome = app::diff(&request)?;
    let code = gate_code(outcome.gate);
    let d = &mut outcome.diff;
    if let Some(min) = args.min_severity {
        d.leave_out_below(min.into());
    }
    let tag = args
        .comment_tag
        .clone()
        .unwrap_or_else(|| trailplan::scenario::display_name(&args.new));
    // JSON first: `--quiet` keeps every finding in it, and leaves the rest to the reports for people.
    let mut texts: Vec<Option<String>> = targets
        .iter()
        .map(|(format, _)| (*format == Format::Json).then(|| report::diff::json(d)))
        .collect();
    let set_aside = if args.quiet { d.keep_failing() } else { 0 };
    for ((format, _), text) in targets.iter().zip(&mut texts) {
        if text.is_none() {
            let mut rendered = match format {
                Format::Markdown => report::diff::markdown_tagged(d, &tag),
                Format::Html => report::html::render_diff(d),
                Format::Json | Format::Table | Format::Sarif => report::diff::table(d),
            };
            if *format == Format::Table && args.quiet {
                rendered.push_str(&format!(
                    "{set_aside} finding{} that pass the gate not shown (--quiet)\n",
                    if set_aside == 1 { "" } else { "s" }
                ));
            }
            *text = Some(rendered);
        }
    }
    let written: Vec<(Option<PathBuf>, String)> = targets
        .into_iter()
        .zip(texts)
        .map(|((_, file), text)| (file, text.unwrap_or_default()))
        .collect();
    let text = write_texts(written)?;
    Ok((text.into(), code))
}

/// Writes each text that has a file, and returns the one for standard output (or nothing).
fn write_texts(texts: Vec<(Option<PathBuf>, String)>) -> Result<String, Vec<Error>> {
    let mut stdout = String::new();
    for (file, text) in texts {
        match file {
            Some(path) => trailplan::output::write_file(&path, |w| w.write_all(text.as_bytes()))
                .map_err(|e| vec![e])?,
            None => stdout = text,
        }
    }
    Ok(stdout)
}

/// Writes each report that has a file, and returns the one for standard output (or nothing).
fn write_targets(
    targets: Vec<(Format, Option<PathBuf>)>,
    render: impl Fn(Format) -> String,
) -> Result<String, Vec<Error>> {
    write_texts(
        targets
            .into_iter()
            .map(|(format, file)| (file, render(format)))
            .collect(),
    )
}

fn written(
    written: &trailplan::usage::written::Written,
    header: &[String],
    format: UsageFormat,
) -> Result<String, Error> {
    match format {
        UsageFormat::Toml => written
            .to_toml(header)
            .map_err(|e| usage(format!("the scenario cannot be written as TOML: {e}"))),
        UsageFormat::Json => {
            #[derive(serde::Serialize)]
            struct J<'a> {
                notes: &'a [String],
                scenario: &'a trailplan::usage::written::Written,
            }
            let mut text = serde_json::to_string_pretty(&J {
                notes: header,
                scenario: written,
            })
            .unwrap_or_default();
            text.push('\n');
            Ok(text)
        }
    }
}

/// `trailplan usage skeleton|bill|metrics|metrics-queries`.
fn usage_command(command: UsageCommand) -> Result<(Output, u8), Vec<Error>> {
    let text = match command {
        UsageCommand::Records(command) => {
            return usage::run(command).map(|text| (text.into(), 0));
        }
        UsageCommand::Skeleton {
            terraform,
            cloudformation,
            usage,
            update,
            placement,
            iac,
        } => {
            let source = match (terraform, cloudformation) {
                (Some(file), _) => app::ImportSource::Terraform(file),
                (None, Some(file)) => app::ImportSource::Cloudformation(file),
                (None, None) => {
                    return Err(vec![usage_error(
                        "usage skeleton reads --terraform PATH or --cloudformation TEMPLATE".into(),
                    )]);
                }
            };
            let request = app::SkeletonRequest {
                source,
                placement: placement.request(),
                options: iac.request(usage.as_ref()),
                update,
            };
            return match app::skeleton(&request).map_err(|e| vec![e])? {
                app::SkeletonOutcome::Text(text) => Ok((text.into(), 0)),
                app::SkeletonOutcome::Updated { file, added } => {
                    let plural = |n: usize| if n == 1 { "" } else { "s" };
                    Ok((
                        format!(
                            "{file}: {} region{}, {} account{}, {} volume{} added; every value already there is kept\n",
                            added.regions.len(),
                            plural(added.regions.len()),
                            added.accounts.len(),
                            plural(added.accounts.len()),
                            added.volumes,
                            plural(added.volumes),
                        )
                        .into(),
                        0,
                    ))
                }
            };
        }
        UsageCommand::Bill {
            files,
            month,
            write_share,
            format,
        } => {
            let (w, header) = app::usage_bill(&files, month, write_share).map_err(|e| vec![e])?;
            written(&w, &header, format).map_err(|e| vec![e])?
        }
        UsageCommand::Metrics {
            queries,
            result,
            region,
            account,
            days,
            format,
        } => {
            let placement = trailplan::usage::metrics::Placement {
                account,
                region,
                days,
            };
            let read = app::usage_metrics(&queries, &result, &placement).map_err(|e| vec![e])?;
            written(&read.written, &read.header, format).map_err(|e| vec![e])?
        }
        UsageCommand::MetricsQueries {
            buckets,
            functions,
            filter_id,
        } => trailplan::usage::metrics::queries(&buckets, &functions, &filter_id)
            .map_err(|e| vec![usage_error(e)])?,
    };
    Ok((text.into(), 0))
}

/// `trailplan reconcile`: exit 0 when every group is within the tolerance, 1 otherwise.
fn reconcile_command(args: &ReconcileArgs) -> Result<(Output, u8), Vec<Error>> {
    let targets = args.to.targets().map_err(|e| vec![e])?;
    let mut inputs: Vec<(&str, &std::path::Path)> = vec![("the scenario", args.scenario.as_path())];
    for bill in &args.bills {
        inputs.push(("--bill", bill));
    }
    if let Some(p) = &args.prices {
        inputs.push(("--prices", p));
    }
    let outputs: Vec<(&str, &std::path::Path)> = output_files(&targets).collect();
    refuse_overwrite(&inputs, &outputs).map_err(|e| vec![e])?;
    if targets
        .iter()
        .any(|(f, _)| matches!(f, Format::Sarif | Format::Html))
    {
        return Err(vec![usage(
            "`trailplan reconcile` prints table, json or markdown".into(),
        )]);
    }
    let outcome = app::reconcile(&app::ReconcileRequest {
        scenario: args.scenario.clone(),
        bills: args.bills.clone(),
        month: args.month,
        tolerance: args.tolerance,
        judge: app::Judge {
            prices: args.prices.clone(),
            fail_on: None,
            today: Date::today(),
        },
    })?;
    let r = &outcome.reconciliation;
    let text = write_targets(targets, |format| match format {
        Format::Json => r.json(),
        Format::Markdown => r.markdown(),
        _ => r.table(),
    })?;
    Ok((text.into(), gate_code(outcome.gate)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use trailplan::error::SourceFile;

    #[test]
    fn exit_codes_follow_the_spec() {
        assert_eq!(exit_code(&usage("x".into())), 2);
        let invalid = SourceFile::new("f", "x").error_at(Some(0..1), "bad");
        assert_eq!(exit_code(&invalid), 3);
        let unreadable = Error::Read {
            file: "f".into(),
            message: "no such file".into(),
        };
        assert_eq!(exit_code(&unreadable), 3);
        assert_eq!(gate_code(Gate::Pass), 0);
        assert_eq!(gate_code(Gate::Fail), 1);
    }
}
