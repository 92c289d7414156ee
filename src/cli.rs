//! The command line: parse arguments, run the library, map the outcome to an exit code (SPEC §4):
//! 0 clean, 1 the gate failed, 2 wrong usage, 3 a scenario could not be read, parsed or validated.

use crate::date::Date;
use crate::error::Error;
use crate::model::FailOn;
use crate::plan::{self, Plan};
use crate::pricing::PriceOverrides;
use crate::report::{self, Format, Show};
use crate::rules::{RULES, Rule};
use crate::scenario;
use clap::{Args, Parser, Subcommand};
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
    Check(PlanArgs),
    /// Cost only.
    Price(PlanArgs),
    /// Parse and validate scenarios without planning them.
    Validate {
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
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

#[derive(Debug, Args)]
struct PlanArgs {
    /// Scenario files (TOML).
    #[arg(required = true)]
    scenarios: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Price overrides: a TOML file with the keys of a scenario's [prices] table.
    #[arg(long, value_name = "FILE")]
    prices: Option<PathBuf>,
    /// Lowest severity that fails the gate (overrides the scenario's policy.fail_on).
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<FailOn>,
    /// The date waivers are judged against, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    today: Option<String>,
    /// Forecast this many months (1-120), over the scenario's [forecast] months; without
    /// [forecast], volumes do not grow.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::forecast::MAX_MONTHS)))]
    months: Option<u32>,
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
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(output.as_bytes());
            let _ = stdout.flush();
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

/// Runs a parsed command: its standard output and exit code, or the errors that stopped it.
pub fn run(cli: Cli) -> Result<(String, u8), Vec<Error>> {
    match cli.command {
        Command::Plan(args) => plans(&args, Show::Both),
        Command::Check(args) => plans(&args, Show::Findings),
        Command::Price(args) => plans(&args, Show::Cost),
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
            Ok((out, 0))
        }
        Command::Rules { format } => Ok((report::rules::list(format), 0)),
        Command::Explain { rule } => match Rule::find(&rule) {
            Some(rule) => Ok((report::rules::explain(rule), 0)),
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

fn plans(args: &PlanArgs, show: Show) -> Result<(String, u8), Vec<Error>> {
    let today = today(args.today.as_deref()).map_err(|e| vec![e])?;
    let overrides = match &args.prices {
        Some(path) => Some((price_overrides(path).map_err(|e| vec![e])?, path)),
        None => None,
    };
    let mut evaluated: Vec<Plan> = Vec::new();
    let mut errors = Vec::new();
    for mut s in load_all(&args.scenarios)? {
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
        if let Some(months) = args.months {
            let mut forecast = s
                .forecast
                .take()
                .unwrap_or_else(|| crate::forecast::Assumptions::flat(months));
            forecast.months = months;
            s.forecast = Some(forecast);
        }
        match plan::evaluate(s, today, args.fail_on) {
            Ok(p) => evaluated.push(p),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let output = match args.format {
        Format::Table => report::table::render(&evaluated, show.cost(), show.findings()),
        Format::Json => report::json::render(&evaluated, show.cost(), show.findings()),
        Format::Html => report::html::render(&evaluated, show.cost(), show.findings()),
    };
    let failed = evaluated.iter().any(|p| match show {
        // `price` shows no findings; its gate is the budget alone.
        Show::Cost => p.failing().any(|f| f.rule == "CT120"),
        _ => p.failed(),
    });
    Ok((output, u8::from(failed)))
}
