//! The command line's arguments, as clap reads them: the subcommands and their options. What a
//! request means is the library's (`trailplan::app`); the `request` methods here only carry the
//! values over.

mod plan;
mod usage;

use plan::non_negative;
pub(crate) use plan::{CheckArgs, DiffArgs, Outputs, PlanArgs};
pub(crate) use usage::{UsageCommand, UsageFormat};

use crate::{generate, init};
use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;
use std::path::PathBuf;
use trailplan::app;
use trailplan::report::Format;

#[derive(Debug, Parser)]
#[command(
    name = "trailplan",
    version,
    about = "Plan the cost and the quotas of AWS CloudTrail before anything is deployed"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
    /// Print the manual page (roff): `trailplan man > trailplan.1`.
    Man {
        /// The command whose page to print (`plan`, `usage bill`); default: trailplan's own.
        command: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ReconcileArgs {
    /// The scenario (its accounts need their 12-digit `id`).
    pub(crate) scenario: PathBuf,
    /// The Cost and Usage Report files (CSV, gzip CSV or Parquet).
    #[arg(long = "bill", value_name = "FILE", required = true, num_args = 1..)]
    pub(crate) bills: Vec<PathBuf>,
    /// How far a group may differ from the bill, in percent of the bill (equal passes).
    #[arg(long, value_name = "PCT", value_parser = tolerance_arg, default_value = "5")]
    pub(crate) tolerance: Decimal,
    /// The month to compare, YYYY-MM (default: the latest whole month in the bill).
    #[arg(long, value_name = "YYYY-MM", value_parser = month_arg)]
    pub(crate) month: Option<trailplan::usage::bill::Month>,
    #[command(flatten)]
    pub(crate) to: Outputs,
    /// Price overrides: a TOML file with the keys of a scenario's [prices] table.
    #[arg(long, value_name = "FILE")]
    pub(crate) prices: Option<PathBuf>,
}

pub(crate) fn month_arg(text: &str) -> Result<trailplan::usage::bill::Month, String> {
    trailplan::usage::bill::Month::parse(text)
        .ok_or_else(|| format!("`{text}` is not a month (YYYY-MM)"))
}

pub(crate) fn tolerance_arg(text: &str) -> Result<Decimal, String> {
    non_negative(text.trim().strip_suffix('%').unwrap_or(text).trim())
}

/// How infrastructure code is read: Terraform variables and plans, CloudFormation parameters.
#[derive(Debug, Args, Default)]
pub(crate) struct IacArgs {
    /// A Terraform variable, NAME=VALUE (repeatable; after the tfvars files).
    #[arg(long = "var", value_name = "NAME=VALUE", global = true, value_parser = key_value)]
    pub(crate) vars: Vec<(String, String)>,
    /// A Terraform variables file (repeatable; after terraform.tfvars and *.auto.tfvars).
    #[arg(long = "var-file", value_name = "FILE", global = true)]
    pub(crate) var_files: Vec<PathBuf>,
    /// Read a Terraform plan that errored (`"errored": true`) instead of refusing it.
    #[arg(long, global = true)]
    pub(crate) allow_errored: bool,
    /// A CloudFormation parameter, NAME=VALUE (repeatable; over [import.parameters] and defaults;
    /// AWS::AccountId and AWS::Region set the pseudo parameters).
    #[arg(long = "parameter", value_name = "NAME=VALUE", global = true, value_parser = key_value)]
    pub(crate) parameters: Vec<(String, String)>,
}

impl IacArgs {
    pub(crate) fn request(&self, usage: Option<&PathBuf>) -> app::ImportOptions {
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
pub(crate) fn key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(format!("`{text}` is not NAME=VALUE")),
    }
}

/// Where imported trails go when their source does not say.
#[derive(Debug, Args)]
pub(crate) struct Placement {
    /// The account imported trails belong to (default: the management account, else the only one).
    #[arg(long, global = true)]
    pub(crate) account: Option<String>,
    /// The home region of imported trails whose source does not give one (default: the only region).
    #[arg(long, global = true)]
    pub(crate) region: Option<String>,
}

impl Placement {
    pub(crate) fn request(&self) -> app::Placement {
        app::Placement {
            account: self.account.clone(),
            region: self.region.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportSource {
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

impl ImportSource {
    pub(crate) fn request(&self) -> app::ImportSource {
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

/// The command line as clap reads it, and as help, completions and the manual page show it: each
/// command's `--format` offers only the formats it makes (the others are still read, so that the
/// command refuses them with its own message), and `explain` completes the rule codes.
pub(crate) fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let every = [
        Format::Table,
        Format::Json,
        Format::Markdown,
        Format::Sarif,
        Format::Html,
    ];
    let not_sarif = [Format::Table, Format::Json, Format::Markdown, Format::Html];
    let offers: [(&str, &[Format]); 6] = [
        ("plan", &not_sarif),
        ("check", &every),
        ("price", &not_sarif),
        ("diff", &not_sarif),
        (
            "reconcile",
            &[Format::Table, Format::Json, Format::Markdown],
        ),
        ("rules", &[Format::Table, Format::Json]),
    ];
    // `mut_subcommands` and `mut_args` keep the order they were declared in, which completions
    // and the manual page follow.
    Cli::command().mut_subcommands(|sub| {
        let name = sub.get_name().to_owned();
        let offered = offers.iter().find(|(n, _)| *n == name).map(|(_, o)| *o);
        sub.mut_args(|arg| match (arg.get_id().as_str(), offered) {
            ("format", Some(offered)) => arg.value_parser(formats(offered)),
            ("rule", _) if name == "explain" => {
                arg.value_parser(RuleCodes).hide_possible_values(true)
            }
            _ => arg,
        })
    })
}

/// The `--format` of a command that makes the formats `offered`: every format is read, the
/// others hidden.
fn formats(offered: &[Format]) -> impl clap::builder::TypedValueParser<Value = Format> {
    use clap::ValueEnum as _;
    use clap::builder::TypedValueParser as _;
    let values: Vec<clap::builder::PossibleValue> = Format::value_variants()
        .iter()
        .filter_map(|f| {
            f.to_possible_value()
                .map(|value| value.hide(!offered.contains(f)))
        })
        .collect();
    clap::builder::PossibleValuesParser::new(values).try_map(|text| Format::from_str(&text, false))
}

/// A rule for `explain`: any text (a code or a name, checked by the command), with the rule codes
/// and their summaries as the values shells complete.
#[derive(Debug, Clone, Copy)]
struct RuleCodes;

impl clap::builder::TypedValueParser for RuleCodes {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(app::rule_codes().map(|(code, summary)| {
            clap::builder::PossibleValue::new(code).help(summary)
        })))
    }
}

/// Parses the command line, with where each `--output` stood among the `--format`s.
pub(crate) fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches as _;
    let matches = command().try_get_matches()?;
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
