//! What the command line asks of the library, as typed requests, and what it gets back: the plans
//! (or the diff) and a [`Gate`] that says whether CI passes. Nothing here prints, parses arguments,
//! reads the clock or exits; the binary does, and renders the outcome with [`report`].
//!
//! `plan`, `check` and `price` are one [`PlanRequest`] that differs in what it [`Show`]s; `diff` is a
//! [`DiffRequest`]. Each outcome carries its gate, judged the same way for every command.
//!
//! [`report`]: crate::report

use crate::baseline::Baseline;
use crate::codes::{FailOn, Rule};
use crate::date::Date;
use crate::diff::{Diff, Limits};
use crate::error::Error;
use crate::import::{self, ImportError, Imported};
use crate::model::{Scenario, forecast};
use crate::plan::{self, Plan};
use crate::reconcile::Reconciliation;
use crate::report::Show;
use crate::scenario::{self, prices::PriceFile};
use crate::usage::bill::{Bill, Month};
use crate::usage::written::Written;
use std::path::{Path, PathBuf};

/// How scenarios are priced and judged: shared by every request that plans.
#[derive(Debug, Clone)]
pub struct Judge {
    /// A `--prices FILE` whose prices replace the scenario's.
    pub prices: Option<PathBuf>,
    /// The lowest severity that fails the gate, over the scenario's `policy.fail_on`.
    pub fail_on: Option<FailOn>,
    /// The date waivers are judged against.
    pub today: Date,
}

/// An infrastructure file whose trails are imported.
#[derive(Debug, Clone)]
pub enum ImportSource {
    /// Terraform: a module folder or `.tf` file (HCL), or `terraform show -json` output.
    Terraform(PathBuf),
    /// A CloudFormation template, JSON or YAML.
    Cloudformation(PathBuf),
    /// `aws cloudtrail describe-trails` output, with the selectors of each trail.
    AwsCli {
        file: PathBuf,
        event_selectors: Vec<PathBuf>,
        insight_selectors: Vec<PathBuf>,
    },
}

impl ImportSource {
    /// The file the trails are read from.
    pub fn file(&self) -> &Path {
        match self {
            ImportSource::Terraform(file)
            | ImportSource::Cloudformation(file)
            | ImportSource::AwsCli { file, .. } => file,
        }
    }
}

/// Where imported trails go when their source does not say.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// The account (default: the management account, else the only one).
    pub account: Option<String>,
    /// The home region (default: the only region).
    pub region: Option<String>,
}

/// How infrastructure code is read: Terraform variables and plans, CloudFormation parameters.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--var NAME=VALUE`, in order.
    pub vars: Vec<(String, String)>,
    /// `TF_VAR_NAME=VALUE` of the environment, which Terraform reads before the tfvars files.
    pub env_vars: Vec<(String, String)>,
    /// `--var-file FILE`, in order.
    pub var_files: Vec<PathBuf>,
    /// Read a Terraform plan that errored.
    pub allow_errored: bool,
    /// `--parameter NAME=VALUE`, over the usage file's `[import.parameters]`.
    pub parameters: Vec<(String, String)>,
    /// A usage file whose `[import]` table (values, parameters) the import uses.
    pub usage: Option<PathBuf>,
}

/// The scenarios a request plans.
#[derive(Debug, Clone)]
pub enum Inputs {
    /// Scenario files.
    Files(Vec<PathBuf>),
    /// A usage file whose accounts, regions, volumes, policy and prices imported trails meet.
    Imported {
        usage: PathBuf,
        source: ImportSource,
        placement: Placement,
        options: Box<ImportOptions>,
    },
}

/// `plan`, `check` or `price`.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub inputs: Inputs,
    /// Cost and findings (`plan`), findings (`check`) or cost (`price`).
    pub show: Show,
    pub judge: Judge,
    /// Forecast this many months, over the scenario's `[forecast]` months.
    pub months: Option<u32>,
    /// Fail only on findings this baseline file does not record.
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (the run then passes).
    pub write_baseline: Option<PathBuf>,
}

/// What `plan`, `check` or `price` concluded.
#[derive(Debug)]
pub struct PlanOutcome {
    pub plans: Vec<Plan>,
    /// Whether a baseline was applied (each plan's `baselined` says how many it hid).
    pub baseline_applied: bool,
    /// The findings written to the baseline file, when one was written.
    pub recorded: Option<(usize, PathBuf)>,
    pub gate: Gate,
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
            Show::Cost => p.failing().any(|f| f.rule == Rule::BudgetExceeded),
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

/// Runs `plan`, `check` or `price`.
pub fn plan(request: &PlanRequest) -> Result<PlanOutcome, Vec<Error>> {
    let baseline = match &request.baseline {
        Some(path) => Some(Baseline::load(path).map_err(|e| vec![e])?),
        None => None,
    };
    let mut plans = evaluate_all(
        || load_inputs(&request.inputs),
        &request.judge,
        request.months,
    )?;
    let recorded = match &request.write_baseline {
        Some(path) => {
            let recorded = Baseline::record(&plans);
            recorded.write(path).map_err(|e| vec![e])?;
            Some((recorded.len(), path.clone()))
        }
        None => None,
    };
    if let Some(b) = &baseline {
        for plan in &mut plans {
            b.apply(plan);
        }
    }
    // Writing a baseline accepts today's findings: the run that records them passes.
    let gate = match recorded {
        Some(_) => Gate::Pass,
        None => Gate::of_plans(&plans, request.show),
    };
    Ok(PlanOutcome {
        plans,
        baseline_applied: baseline.is_some(),
        recorded,
        gate,
    })
}

/// `diff`: BASE and NEW, planned alike, then compared.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    pub base: PathBuf,
    pub new: PathBuf,
    pub judge: Judge,
    pub limits: Limits,
}

/// What `diff` concluded.
#[derive(Debug)]
pub struct DiffOutcome {
    pub diff: Diff,
    pub gate: Gate,
}

/// Runs `diff`.
pub fn diff(request: &DiffRequest) -> Result<DiffOutcome, Vec<Error>> {
    let mut plans = evaluate_all(
        || load_all(&[request.base.clone(), request.new.clone()]),
        &request.judge,
        None,
    )?;
    let (Some(new), Some(base)) = (plans.pop(), plans.pop()) else {
        return Err(vec![Error::usage("diff needs two scenarios")]);
    };
    let fail_on = new.fail_on;
    let diff = Diff::compute(base, new, request.limits, fail_on);
    let gate = Gate::of_diff(&diff);
    Ok(DiffOutcome { diff, gate })
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

/// `import`: a format-1 scenario holding the imported trails, ready for volumes.
pub fn import(
    source: &ImportSource,
    placement: &Placement,
    options: &ImportOptions,
) -> Result<String, Error> {
    let mut imported = import_trails(source, options, placement.region.as_deref())?;
    place_regions(&mut imported, source, placement.region.as_deref())?;
    Ok(imported.to_scenario_toml(
        &source.file().display().to_string(),
        placement.account.as_deref(),
    ))
}

/// `usage skeleton`: the usage file imported trails need.
#[derive(Debug, Clone)]
pub struct SkeletonRequest {
    pub source: ImportSource,
    pub placement: Placement,
    pub options: ImportOptions,
    /// Complete this usage file in place, keeping every value already there.
    pub update: Option<PathBuf>,
}

/// What `usage skeleton` made: the text of a new usage file, or what an update added.
#[derive(Debug)]
pub enum SkeletonOutcome {
    /// A new usage file, to print.
    Text(String),
    /// The file named was completed (and written, when something was missing).
    Updated {
        file: String,
        added: import::skeleton::Added,
    },
}

/// Runs `usage skeleton`.
pub fn skeleton(request: &SkeletonRequest) -> Result<SkeletonOutcome, Error> {
    let mut options = request.options.clone();
    if options.usage.is_none() {
        options.usage.clone_from(&request.update);
    }
    let region = request.placement.region.as_deref();
    let mut imported = import_trails(&request.source, &options, region)?;
    place_regions(&mut imported, &request.source, region)?;
    let shown = request.source.file().display().to_string();
    let place = import::skeleton::Placement {
        account: request.placement.account.clone(),
        region: request.placement.region.clone(),
    };
    let Some(path) = &request.update else {
        let (text, _) =
            import::skeleton::skeleton(&imported, &shown, &place, None).map_err(Error::usage)?;
        return Ok(SkeletonOutcome::Text(text));
    };
    let existing = scenario::read_source(path)?;
    let (text, added) = import::skeleton::skeleton(&imported, &shown, &place, Some(&existing.text))
        .map_err(|message| Error::Invalid {
            file: existing.name.clone(),
            location: None,
            message,
            snippet: None,
        })?;
    if text != existing.text {
        crate::output::write_file(path, |out| out.write_all(text.as_bytes()))?;
    }
    Ok(SkeletonOutcome::Updated {
        file: existing.name,
        added,
    })
}

/// Gives trails without a home region `--region`; without it, says how to give one.
fn place_regions(
    imported: &mut Imported,
    source: &ImportSource,
    region: Option<&str>,
) -> Result<(), Error> {
    for trail in &mut imported.trails {
        if trail.home_region().is_some() {
            continue;
        }
        let Some(region) = region else {
            let why = match source {
                ImportSource::Cloudformation(_) => {
                    "a CloudFormation template does not say which region its stack is deployed to"
                }
                _ => "its source does not say which region it lives in",
            };
            return Err(Error::usage(format!(
                "trail {} from {} has no home region: {why}; pass --region REGION \
                 (e.g. --region us-east-1)",
                trail.name(),
                source.file().display()
            )));
        };
        trail.set_home_region(region);
    }
    Ok(())
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

fn load_inputs(inputs: &Inputs) -> Result<Vec<Scenario>, Vec<Error>> {
    match inputs {
        Inputs::Files(paths) => load_all(&expand_all(paths)?),
        Inputs::Imported {
            usage,
            source,
            placement,
            options,
        } => {
            let mut options = ImportOptions::clone(options);
            options.usage = Some(usage.clone());
            let imported = import_trails(source, &options, placement.region.as_deref())
                .map_err(|e| vec![e])?;
            import::load_with_imported(
                usage,
                &imported,
                placement.account.as_deref(),
                placement.region.as_deref(),
            )
            .map(|s| vec![s])
            .map_err(|e| vec![e])
        }
    }
}

/// Reads the price overrides, then loads (`load`) and evaluates every scenario.
fn evaluate_all(
    load: impl FnOnce() -> Result<Vec<Scenario>, Vec<Error>>,
    judge: &Judge,
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
        match plan::evaluate(s, judge.today, judge.fail_on) {
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

fn read_text(path: &Path) -> Result<(String, String), Error> {
    let source = scenario::read_source(path)?;
    Ok((source.name, source.text))
}

fn import_error(e: ImportError) -> Error {
    match e {
        ImportError::Syntax {
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
        ImportError::Invalid {
            file,
            message,
            place,
            ..
        } => Error::Invalid {
            file,
            location: place.map(|(line, column)| crate::error::Location { line, column }),
            message,
            snippet: None,
        },
    }
}

/// Reads the trails of an infrastructure file, with the command line's variables and parameters
/// over the usage file's `[import]` table.
fn import_trails(
    source: &ImportSource,
    options: &ImportOptions,
    region: Option<&str>,
) -> Result<Imported, Error> {
    let settings = match &options.usage {
        Some(path) => scenario::import_settings(path)?,
        None => scenario::ImportSettings::default(),
    };
    match source {
        ImportSource::Terraform(file) => {
            let plan = import::PlanOptions {
                allow_errored: options.allow_errored,
            };
            let hcl = import::HclOptions {
                var_files: options.var_files.clone(),
                vars: options.vars.clone(),
                env_vars: options.env_vars.clone(),
                values: settings.values,
            };
            import::terraform_source(file, &plan, &hcl).map_err(import_error)
        }
        ImportSource::Cloudformation(file) => {
            let (name, text) = read_text(file)?;
            let mut parameters = settings.parameters;
            for (k, v) in &options.parameters {
                parameters.insert(k.clone(), v.clone());
            }
            let cfn = import::CloudFormationOptions {
                parameters,
                values: settings.values,
                region: region.map(str::to_owned),
            };
            import::cloudformation_with(&text, &name, &cfn).map_err(import_error)
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
            import::aws_cli(
                &text,
                &name,
                &read_all(event_selectors)?,
                &read_all(insight_selectors)?,
            )
            .map_err(import_error)
        }
    }
}

/// `reconcile`: a scenario planned, then compared with a month of its bill.
#[derive(Debug, Clone)]
pub struct ReconcileRequest {
    pub scenario: PathBuf,
    /// The Cost and Usage Report files (CSV, gzip CSV or Parquet), read as one bill.
    pub bills: Vec<PathBuf>,
    /// The month, or the latest whole month of the bill.
    pub month: Option<Month>,
    /// Percent of the bill a group may differ by (equal passes).
    pub tolerance: rust_decimal::Decimal,
    pub judge: Judge,
}

/// What `reconcile` concluded: the comparison, and a gate that fails on any CT130.
#[derive(Debug)]
pub struct ReconcileOutcome {
    pub reconciliation: Reconciliation,
    pub gate: Gate,
}

/// Runs `reconcile`.
pub fn reconcile(request: &ReconcileRequest) -> Result<ReconcileOutcome, Vec<Error>> {
    let mut plans = evaluate_all(
        || load_all(std::slice::from_ref(&request.scenario)),
        &request.judge,
        None,
    )?;
    let Some(plan) = plans.pop() else {
        return Err(vec![Error::usage("reconcile needs a scenario")]);
    };
    let bill = read_bill(&request.bills)
        .and_then(|b| b.month(request.month))
        .map_err(|e| vec![e])?;
    let reconciliation =
        crate::reconcile::reconcile(&plan, bill, request.tolerance).map_err(|e| vec![e])?;
    let gate = Gate::of(!reconciliation.passed());
    Ok(ReconcileOutcome {
        reconciliation,
        gate,
    })
}

fn read_bill(files: &[PathBuf]) -> Result<Bill, Error> {
    let mut bill = Bill::default();
    for f in files {
        bill.read(f)?;
    }
    Ok(bill)
}

/// `usage bill`: management volumes from a month of the bill, with the header that says what was
/// read and assumed.
pub fn usage_bill(
    files: &[PathBuf],
    month: Option<Month>,
    write_share: rust_decimal::Decimal,
) -> Result<(Written, Vec<String>), Error> {
    let bill = read_bill(files)?.month(month)?;
    crate::usage::bill::management_volumes(&bill, write_share).map_err(|message| Error::Invalid {
        file: bill.files.join(", "),
        location: None,
        message,
        snippet: None,
    })
}

/// `usage metrics`: data volumes from `get-metric-data` output joined with its queries.
pub fn usage_metrics(
    queries: &Path,
    result: &Path,
    placement: &crate::usage::metrics::Placement,
) -> Result<crate::usage::metrics::Read, Error> {
    let q = scenario::read_source(queries)?;
    let r = scenario::read_source(result)?;
    crate::usage::metrics::volumes(&q.text, &r.text, placement, (&q.name, &r.name)).map_err(
        |(in_result, message)| Error::Invalid {
            file: if in_result {
                r.name.clone()
            } else {
                q.name.clone()
            },
            location: None,
            message,
            snippet: None,
        },
    )
}
