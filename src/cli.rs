//! The command line: parse arguments, run the library, map the outcome to an exit code (SPEC §4):
//! 0 clean, 1 the gate failed, 2 wrong usage, 3 a scenario could not be read, parsed or validated.

use crate::baseline::Baseline;
use crate::date::Date;
use crate::diff::{Diff, Limits};
use crate::error::Error;
use crate::model::FailOn;
use crate::plan::{self, Plan};
use crate::pricing::PriceOverrides;
use crate::report::{self, Format, Show};
use crate::rules::{RULES, Rule};
use crate::scenario;
use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "trailplan",
    version,
    about = "Plan the cost and the quotas of AWS CloudTrail before anything is deployed"
)]
pub struct Cli {
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
        #[arg(long, default_value_t = crate::generate::DEFAULT_TRAILS)]
        trails: u32,
        /// `[[volume]]` blocks (default: 10 per account).
        #[arg(long)]
        volumes: Option<u32>,
        /// `resources.ARN` prefixes in the S3 data-event selector.
        #[arg(long, default_value_t = crate::generate::DEFAULT_ARN_VALUES)]
        arn_values: u32,
    },
    /// Volumes from what CloudTrail recorded: log files, event history, or a query's result.
    Usage {
        #[command(subcommand)]
        command: crate::usage_cli::UsageCommand,
    },
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

#[derive(Debug, Args)]
struct PlanArgs {
    /// Scenario files (TOML).
    #[arg(required_unless_present = "usage")]
    scenarios: Vec<PathBuf>,
    /// Take the trails from a Terraform plan (`terraform show -json` output); needs --usage.
    #[arg(
        long,
        value_name = "PLAN_JSON",
        requires = "usage",
        conflicts_with = "cloudformation"
    )]
    terraform: Option<PathBuf>,
    /// Take the trails from a CloudFormation template (JSON or YAML); needs --usage.
    #[arg(long, value_name = "TEMPLATE", requires = "usage")]
    cloudformation: Option<PathBuf>,
    /// The usage file: a scenario whose accounts, regions, volumes, policy and prices the imported
    /// trails meet.
    #[arg(long, value_name = "USAGE_TOML", conflicts_with = "scenarios")]
    usage: Option<PathBuf>,
    #[command(flatten)]
    placement: Placement,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    judge: Judge,
    /// Forecast this many months (1-120), over the scenario's [forecast] months; without
    /// [forecast], volumes do not grow.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::forecast::MAX_MONTHS)))]
    months: Option<u32>,
    /// Sum the line items by this key in the table and markdown (JSON keeps every line).
    #[arg(long, value_enum, value_name = "KEY")]
    by: Option<report::GroupBy>,
    /// Show only the N costliest line items (or groups with --by); the rest are summed in one line.
    #[arg(long, value_name = "N")]
    top: Option<usize>,
}

impl PlanArgs {
    fn view(&self) -> report::View {
        report::View {
            by: self.by,
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
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The scenario before the change (e.g. the base branch's).
    base: PathBuf,
    /// The scenario after the change.
    new: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Fail when the monthly total grows by more than this many dollars (equal passes).
    #[arg(long, value_name = "USD", value_parser = non_negative)]
    max_increase: Option<Decimal>,
    /// Fail when the monthly total grows by more than this percentage of BASE (equal passes).
    #[arg(long, value_name = "P", value_parser = non_negative)]
    max_increase_percent: Option<Decimal>,
    #[command(flatten)]
    judge: Judge,
}

/// A non-negative decimal from the command line: `100`, `12.50`.
fn non_negative(text: &str) -> Result<Decimal, String> {
    let value = crate::money::parse_decimal(text)?;
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
    /// Trails of a Terraform plan: `terraform show -json plan.out > plan.json`.
    Terraform { file: PathBuf },
    /// Trails of a CloudFormation template, JSON or YAML.
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

/// Runs the command line of this process and returns its exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok((output, code)) => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            // A closed pipe (`| head`) ends the output, not the exit code.
            let _ = output.write(&mut stdout).and_then(|()| stdout.flush());
            code
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            errors.iter().map(Error::exit_code).max().unwrap_or(3)
        }
    }
}

/// What a command prints.
#[derive(Debug)]
pub enum Output {
    Text(String),
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
pub fn run(cli: Cli) -> Result<(Output, u8), Vec<Error>> {
    match cli.command {
        Command::Plan(args) => plans(&args, Show::Both, &Gate::default()),
        Command::Check(args) => plans(
            &args.plan,
            Show::Findings,
            &Gate {
                baseline: args.baseline,
                write_baseline: args.write_baseline,
            },
        ),
        Command::Price(args) => plans(&args, Show::Cost, &Gate::default()),
        Command::Diff(args) => diff(&args),
        Command::Validate { scenarios } => {
            let loaded = load_all(&scenarios)?;
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
            let mut options = crate::generate::GenerateOptions::new(accounts, regions, seed);
            options.trails = trails;
            options.arn_values = arn_values;
            if let Some(v) = volumes {
                options.volumes = v;
            }
            crate::generate::generate(&options)
                .map(|text| (text.into(), 0))
                .map_err(|e| vec![Error::usage(e)])
        }
        Command::Import { source, placement } => import_command(&source, &placement)
            .map(|text| (text.into(), 0))
            .map_err(|e| vec![e]),
        Command::Usage { command } => crate::usage_cli::run(command).map(|text| (text.into(), 0)),
        Command::Rules { format } => match format {
            Format::Table | Format::Json => Ok((report::rules::list(format).into(), 0)),
            other => Err(vec![Error::usage(format!(
                "`trailplan rules` prints table or json, not {}",
                other.as_str()
            ))]),
        },
        Command::Explain { rule } => match Rule::find(&rule) {
            Some(rule) => Ok((report::rules::explain(rule).into(), 0)),
            None => Err(vec![Error::usage(format!(
                "unknown rule `{rule}`; `trailplan rules` lists the {} rules",
                RULES.len()
            ))]),
        },
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<crate::model::Scenario>, Vec<Error>> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match scenario::load(path) {
            Ok(s) => loaded.push(s),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(errors)
    }
}

fn read_text(path: &Path) -> Result<(String, String), Error> {
    let source = scenario::read_source(path)?;
    Ok((source.name, source.text))
}

fn import_error(e: crate::import::ImportError) -> Error {
    match e {
        crate::import::ImportError::Syntax {
            file,
            line,
            column,
            message,
        } => Error::Invalid {
            file,
            location: Some(crate::error::Location { line, column }),
            message,
            snippet: None,
        },
        crate::import::ImportError::Invalid { file, message } => Error::Invalid {
            file,
            location: None,
            message,
            snippet: None,
        },
    }
}

/// Reads the trails of an infrastructure file.
fn import_trails(source: &ImportSource) -> Result<crate::import::Imported, Error> {
    match source {
        ImportSource::Terraform { file } => {
            let (name, text) = read_text(file)?;
            crate::import::terraform(&text, &name).map_err(import_error)
        }
        ImportSource::Cloudformation { file } => {
            let (name, text) = read_text(file)?;
            crate::import::cloudformation(&text, &name).map_err(import_error)
        }
        ImportSource::AwsCli {
            file,
            event_selectors,
            insight_selectors,
        } => {
            let (name, text) = read_text(file)?;
            let read_all = |files: &[PathBuf]| {
                files
                    .iter()
                    .map(|f| read_text(f))
                    .collect::<Result<Vec<_>, _>>()
            };
            crate::import::aws_cli(
                &text,
                &name,
                &read_all(event_selectors)?,
                &read_all(insight_selectors)?,
            )
            .map_err(import_error)
        }
    }
}

/// `trailplan import`: a format-1 scenario holding the imported trails, ready for volumes.
fn import_command(source: &ImportSource, placement: &Placement) -> Result<String, Error> {
    let mut imported = import_trails(source)?;
    for trail in &mut imported.trails {
        if trail.home_region.is_none() {
            trail.home_region.clone_from(&placement.region);
        }
    }
    let mut regions: Vec<&str> = imported
        .trails
        .iter()
        .filter_map(|t| t.home_region.as_deref())
        .collect();
    regions.sort_unstable();
    regions.dedup();
    let file = match source {
        ImportSource::Terraform { file }
        | ImportSource::Cloudformation { file }
        | ImportSource::AwsCli { file, .. } => file.display().to_string(),
    };
    let quoted: Vec<String> = regions.iter().map(|r| format!("{r:?}")).collect();
    let mut out = format!(
        "# Trails imported from {file}. Add [[account]] and [[volume]] tables (or keep this file's\n\
         # trails and plan them with --usage) before planning.\nformat = 1\nname = {:?}\nregions = [{}]\n",
        format!("imported from {file}"),
        quoted.join(", ")
    );
    if let Some(account) = &placement.account {
        out.push_str(&format!("\n[[account]]\nname = {account:?}\n"));
    }
    out.push('\n');
    out.push_str(&imported.to_toml(placement.account.as_deref()));
    Ok(out)
}

fn today(arg: Option<&str>) -> Result<Date, Error> {
    match arg {
        None => Ok(Date::today()),
        Some(text) => Date::parse(text)
            .ok_or_else(|| Error::usage(format!("--today `{text}` is not a date (YYYY-MM-DD)"))),
    }
}

/// Reads a `--prices` file.
fn price_overrides(path: &Path) -> Result<PriceOverrides, Error> {
    let source = scenario::read_source(path)?;
    scenario::parse_raw(&source)
}

/// Baseline options of `check`.
#[derive(Debug, Default)]
struct Gate {
    baseline: Option<PathBuf>,
    write_baseline: Option<PathBuf>,
}

/// The scenarios of `plan`, `check` and `price`: the files named, or a usage file with imported
/// trails.
fn plan_inputs(args: &PlanArgs) -> Result<Vec<crate::model::Scenario>, Vec<Error>> {
    let scenarios = match &args.usage {
        Some(usage) => {
            let source = match (&args.terraform, &args.cloudformation) {
                (Some(file), _) => ImportSource::Terraform { file: file.clone() },
                (None, Some(file)) => ImportSource::Cloudformation { file: file.clone() },
                (None, None) => {
                    return Err(vec![Error::usage(
                        "--usage goes with --terraform PLAN_JSON or --cloudformation TEMPLATE",
                    )]);
                }
            };
            let imported = import_trails(&source).map_err(|e| vec![e])?;
            vec![
                scenario::load_with_imported(
                    usage,
                    &imported,
                    args.placement.account.as_deref(),
                    args.placement.region.as_deref(),
                )
                .map_err(|e| vec![e])?,
            ]
        }
        None => load_all(&args.scenarios)?,
    };
    Ok(scenarios)
}

/// Reads the price overrides, then loads (`load`) and evaluates every scenario.
fn evaluate_all(
    load: impl FnOnce() -> Result<Vec<crate::model::Scenario>, Vec<Error>>,
    prices: Option<&PathBuf>,
    today: Date,
    fail_on: Option<FailOn>,
    months: Option<u32>,
) -> Result<Vec<Plan>, Vec<Error>> {
    let overrides = match prices {
        Some(path) => Some((price_overrides(path).map_err(|e| vec![e])?, path)),
        None => None,
    };
    let mut evaluated: Vec<Plan> = Vec::new();
    let mut errors = Vec::new();
    for mut s in load()? {
        if let Some((o, path)) = &overrides {
            match o.apply(&s.prices, &path.display().to_string()) {
                Ok(book) => s.prices = book,
                Err(message) => {
                    return Err(vec![Error::Invalid {
                        file: path.display().to_string(),
                        location: None,
                        message: message.into(),
                        snippet: None,
                    }]);
                }
            }
        }
        if let Some(months) = months {
            let mut forecast = s
                .forecast
                .take()
                .unwrap_or_else(|| crate::forecast::Assumptions::flat(months));
            forecast.months = months;
            s.forecast = Some(forecast);
        }
        match plan::evaluate(s, today, fail_on) {
            Ok(p) => evaluated.push(p),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(evaluated)
    } else {
        Err(errors)
    }
}

fn plans(args: &PlanArgs, show: Show, gate: &Gate) -> Result<(Output, u8), Vec<Error>> {
    if args.format == Format::Sarif && show != Show::Findings {
        return Err(vec![Error::usage(
            "`--format sarif` is only for `trailplan check` (SARIF carries findings, not costs)",
        )]);
    }
    let today = today(args.judge.today.as_deref()).map_err(|e| vec![e])?;
    let baseline = match &gate.baseline {
        Some(path) => Some(Baseline::load(path).map_err(|e| vec![e])?),
        None => None,
    };
    let mut evaluated = evaluate_all(
        || plan_inputs(args),
        args.judge.prices.as_ref(),
        today,
        args.judge.fail_on,
        args.months,
    )?;
    if let Some(path) = &gate.write_baseline {
        let recorded = Baseline::record(&evaluated);
        recorded.write(path).map_err(|e| vec![e])?;
        eprintln!(
            "wrote {} finding{} to the baseline {}",
            recorded.findings.len(),
            if recorded.findings.len() == 1 {
                ""
            } else {
                "s"
            },
            path.display()
        );
    }
    if let Some(b) = &baseline {
        for plan in &mut evaluated {
            b.apply(plan);
        }
    }
    let failed = evaluated.iter().any(|p| match show {
        // `price` shows no findings; its gate is the budget alone.
        Show::Cost => p.failing().any(|f| f.rule == "CT120"),
        _ => p.failed(),
    });
    // Writing a baseline accepts today's findings: the run that records them passes.
    let failed = failed && gate.write_baseline.is_none();
    let output = match args.format {
        Format::Table => {
            let mut out =
                report::table::render_view(&evaluated, show.cost(), show.findings(), args.view());
            let hidden: usize = evaluated.iter().filter_map(|p| p.baselined).sum();
            if baseline.is_some() {
                out.push_str(&format!(
                    "{hidden} finding{} in the baseline\n",
                    if hidden == 1 { "" } else { "s" }
                ));
            }
            out
        }
        Format::Json => {
            let output = Output::Json {
                plans: evaluated,
                show_cost: show.cost(),
                show_findings: show.findings(),
            };
            return Ok((output, u8::from(failed)));
        }
        Format::Markdown => {
            report::markdown::render(&evaluated, show.cost(), show.findings(), args.view())
        }
        Format::Sarif => report::sarif::render(&evaluated),
        Format::Html => {
            report::html::render_view(&evaluated, show.cost(), show.findings(), args.top)
        }
    };
    // The process ends once the output is written: handing the plans' memory back to the system in
    // one piece beats freeing millions of line items one by one (a tenth of a large run's time).
    std::mem::forget(evaluated);
    Ok((output.into(), u8::from(failed)))
}

fn diff(args: &DiffArgs) -> Result<(Output, u8), Vec<Error>> {
    if args.format == Format::Sarif {
        return Err(vec![Error::usage(
            "`--format sarif` is only for `trailplan check`; `diff` prints table, json or markdown",
        )]);
    }
    let today = today(args.judge.today.as_deref()).map_err(|e| vec![e])?;
    let mut plans = evaluate_all(
        || load_all(&[args.base.clone(), args.new.clone()]),
        args.judge.prices.as_ref(),
        today,
        args.judge.fail_on,
        None,
    )?;
    let (Some(new), Some(base)) = (plans.pop(), plans.pop()) else {
        return Err(vec![Error::usage("diff needs two scenarios")]);
    };
    let fail_on = new.fail_on;
    let limits = Limits {
        max_increase: args.max_increase,
        max_increase_percent: args.max_increase_percent,
    };
    let d = Diff::compute(base, new, limits, fail_on);
    let output = match args.format {
        Format::Json => report::diff::json(&d),
        Format::Markdown => report::diff::markdown(&d),
        Format::Html => report::html::render_diff(&d),
        Format::Table | Format::Sarif => report::diff::table(&d),
    };
    Ok((output.into(), u8::from(d.failed())))
}
