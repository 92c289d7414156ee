//! What the command line asks of the library, as typed requests, and what it gets back: the
//! reports to write and where, and a [`Gate`] that says whether CI passes. Every rule about what a
//! request means lives here: which inputs it reads (a folder stands for its scenarios, standard
//! input is read once), which report goes to which file, what is refused (an output over an input,
//! SARIF outside `check`, `--terraform` without `--usage`). Nothing here prints, parses arguments,
//! reads the clock or exits; the binary does.
//!
//! `plan`, `check` and `price` are one [`PlanRequest`] that differs in what it [`Show`]s; `diff` is
//! a [`DiffRequest`]. Each outcome carries its gate, judged the same way for every command.
//!
//! [`Show`]: crate::report::Show

mod bill;
mod diff;
mod import;
mod plan;
mod targets;

pub use bill::{ReconcileOutcome, ReconcileRequest, reconcile, usage_bill, usage_metrics};
pub use diff::{DiffOutcome, DiffRequest, diff};
pub use import::{
    ImportOptions, ImportRequest, ImportSource, Placement, SkeletonOutcome, SkeletonRequest,
    import, skeleton,
};
pub use plan::{PlanOutcome, PlanReports, PlanRequest, Sources, plan};
pub use targets::{Outputs, Stdout, Target, Texts, write_errors, write_text};

use crate::codes::{FailOn, Rule};
use crate::date::Date;
use crate::diff::Diff;
use crate::error::Error;
use crate::model::{Scenario, forecast};
use crate::plan::{self as planning, Plan};
use crate::report::Show;
use crate::scenario::{self, prices::PriceFile};
use std::path::{Path, PathBuf};

/// How scenarios are priced and judged: shared by every request that plans.
#[derive(Debug, Clone)]
pub struct Judge {
    /// A `--prices FILE` whose prices replace the scenario's.
    pub prices: Option<PathBuf>,
    /// The lowest severity that fails the gate, over the scenario's `policy.fail_on`.
    pub fail_on: Option<FailOn>,
    /// `--today`, as given: the date waivers are judged against (YYYY-MM-DD).
    pub today: Option<String>,
    /// Today's date by the clock, for when `today` is not given.
    pub clock: Date,
}

impl Judge {
    /// `--prices` as an input no output may overwrite, when given.
    pub(super) fn prices_input(&self) -> Option<(&'static str, &Path)> {
        self.prices.as_deref().map(|p| ("--prices", p))
    }

    /// The date waivers are judged against.
    fn today(&self) -> Result<Date, Error> {
        match self.today.as_deref() {
            None => Ok(self.clock),
            Some(text) => Date::parse(text).ok_or_else(|| {
                Error::usage(format!("--today `{text}` is not a date (YYYY-MM-DD)"))
            }),
        }
    }
}

/// The exit code of an error (SPEC §4): 2 for wrong usage, 3 for an unreadable or invalid input
/// (or an output that could not be written).
pub fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Usage { .. } => 2,
        Error::Read { .. } | Error::Invalid { .. } | Error::Write { .. } => 3,
    }
}

/// The exit code of a run that stopped on `errors`: the highest of theirs.
pub fn exit_code_of(errors: &[Error]) -> u8 {
    errors.iter().map(exit_code).max().unwrap_or(3)
}

/// Does CI pass? Every command that plans asks the same question of its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Pass,
    Fail,
}

impl Gate {
    fn of(failed: bool) -> Gate {
        if failed { Gate::Fail } else { Gate::Pass }
    }

    /// The gate of plans shown as `show`: `price` shows no findings, so its gate is the budget
    /// (CT120) alone; `plan` and `check` fail on any finding at or above the gate's level.
    fn of_plans(plans: &[Plan], show: Show) -> Gate {
        Gate::of(plans.iter().any(|p| match show {
            Show::Cost | Show::Neither => p.failing().any(|f| f.rule == Rule::BudgetExceeded),
            Show::Both | Show::Findings => p.failed(),
        }))
    }

    /// The gate of a diff: a new finding at the gate's level, or a breached limit.
    fn of_diff(diff: &Diff) -> Gate {
        Gate::of(diff.failed())
    }

    pub fn failed(self) -> bool {
        self == Gate::Fail
    }
}

/// Every rule's code and one-line summary, in the order of the code table (what shells complete
/// after `trailplan explain`).
pub fn rule_codes() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::rules::RULES.iter().map(|r| (r.code(), r.summary))
}

/// `validate`: the scenarios, read and validated, or every error found.
pub fn validate(paths: &[PathBuf]) -> Result<Vec<Scenario>, Vec<Error>> {
    load_all(&expand_all(paths)?)
}

/// The scenario files of the command line: a folder stands for its `*.toml` files, sorted.
fn expand_all(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Error>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match scenario::expand_folder(path) {
            Ok(found) => files.extend(found),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn load_all(paths: &[PathBuf]) -> Result<Vec<Scenario>, Vec<Error>> {
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

/// Reads the price overrides, then loads (`load`) and evaluates every scenario.
fn evaluate_all(
    load: impl FnOnce() -> Result<Vec<Scenario>, Vec<Error>>,
    judge: &Judge,
    today: Date,
    months: Option<u32>,
) -> Result<Vec<Plan>, Vec<Error>> {
    let overrides = match &judge.prices {
        Some(path) => Some(PriceFile::load(path).map_err(|e| vec![e])?),
        None => None,
    };
    let mut evaluated: Vec<Plan> = Vec::new();
    let mut errors = Vec::new();
    for mut s in load()? {
        if let Some(file) = &overrides {
            s.prices = file.apply(&s.prices).map_err(|e| vec![e])?;
        }
        if let Some(months) = months {
            let mut assumptions = s
                .forecast
                .take()
                .unwrap_or_else(|| forecast::Assumptions::flat(months));
            assumptions.months = months;
            s.forecast = Some(assumptions);
        }
        match planning::evaluate(s, today, judge.fail_on) {
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
