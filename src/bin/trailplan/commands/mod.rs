//! One function per subcommand: its arguments as a request of `trailplan::app`, the outcome as
//! what goes to standard output and an exit code.

mod diff;
mod import;
mod plan;
mod reconcile;
mod rules;
mod usage;

use crate::args::{Cli, Command};
use crate::{conventions, generate, init};
use std::fmt::Write as _;
use std::path::PathBuf;
use trailplan::app::{self, Stdout};
use trailplan::error::Error;
use trailplan::report::Show;

/// What a command leaves for standard output and its exit code, or the errors that stopped it.
pub(crate) type Outcome = Result<(Stdout, u8), Failure>;

/// Why a command stopped: its errors, and what machines read of them on standard output (the
/// JSON error object or the SARIF log of a failed run, when such a report was to go there).
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) errors: Vec<Error>,
    pub(crate) stdout: String,
}

impl From<Vec<Error>> for Failure {
    fn from(errors: Vec<Error>) -> Self {
        Failure {
            errors,
            stdout: String::new(),
        }
    }
}

impl Failure {
    /// The errors, also written for machines where the reports `targets` would have gone (a
    /// file that cannot be written adds its error).
    pub(crate) fn written(mut errors: Vec<Error>, targets: &[app::Target]) -> Failure {
        let (stdout, failed) = app::write_errors(targets, &errors, app::exit_code_of(&errors));
        errors.extend(failed);
        Failure { errors, stdout }
    }
}

/// A command-line mistake.
pub(crate) fn usage_error(message: impl Into<String>) -> Error {
    Error::Usage {
        message: message.into(),
    }
}

/// Runs a parsed command.
pub(crate) fn run(cli: Cli) -> Outcome {
    match cli.command {
        Command::Plan(args) => plan::run(&args, Show::Both, None),
        Command::Check(args) => plan::run(&args.plan, Show::Findings, Some(&args)),
        Command::Price(args) => plan::run(&args, Show::Cost, None),
        Command::Diff(args) => diff::run(&args),
        Command::Validate { scenarios } => validate(&scenarios),
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
                .map_err(|e| vec![usage_error(e.to_string())].into())
        }
        Command::Import {
            source,
            placement,
            iac,
            usage,
            output,
        } => import::run(&source, &placement, &iac, usage, output),
        Command::Usage { command, output } => usage::run(command, output),
        Command::Reconcile(args) => reconcile::run(&args),
        Command::Rules { format } => rules::list(format),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Init(args) => init::skeleton(&args)
            .map(|text| (text.into(), 0))
            .map_err(|e| vec![usage_error(e)].into()),
        Command::Schema => Ok((conventions::schema().into(), 0)),
        Command::Completions { shell } => Ok((conventions::completions(shell).into(), 0)),
        Command::Man { command } => conventions::man(&command)
            .map(|text| (text.into(), 0))
            .map_err(|e| vec![usage_error(e)].into()),
    }
}

/// `trailplan validate`: one line for each scenario.
fn validate(scenarios: &[PathBuf]) -> Outcome {
    let loaded = app::validate(scenarios)?;
    let mut out = String::new();
    for s in &loaded {
        let _ = writeln!(
            out,
            "{}: valid ({} accounts, {} regions, {} volumes, {} trails)",
            s.source.name,
            s.accounts.len(),
            s.regions.len(),
            s.volumes.len(),
            s.trails.len()
        );
    }
    Ok((out.into(), 0))
}
