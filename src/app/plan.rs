//! `plan`, `check` and `price`, one [`PlanRequest`] that differs in what it [`Show`]s: what the
//! request means (which inputs, which reports to which files, what is refused), the run, and the
//! reports made of it.

use super::import::{ImportOptions, ImportSource, Placement, import_trails};
use super::targets::{Outputs, Stdout, Target, output_files, refuse_overwrite};
use super::{Gate, Judge, evaluate_all, expand_all, load_all};
use crate::baseline::Baseline;
use crate::error::Error;
use crate::import;
use crate::model::Scenario;
use crate::plan::Plan;
use crate::report::{self, Format, Show};
use crate::scenario;
use std::path::{Path, PathBuf};

/// Where `plan`, `check` or `price` take their scenarios, as the command line gave them.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Scenario files and folders (`-`: standard input, once).
    pub scenarios: Vec<PathBuf>,
    /// `--usage`: the usage file whose accounts, regions, volumes, policy and prices imported
    /// trails meet.
    pub usage: Option<PathBuf>,
    /// `--terraform`: a module folder, a `.tf` file, or a plan's JSON.
    pub terraform: Option<PathBuf>,
    /// `--cloudformation`: a template.
    pub cloudformation: Option<PathBuf>,
    pub placement: Placement,
    pub options: ImportOptions,
}

/// The scenarios a request plans.
#[derive(Debug, Clone)]
enum Inputs {
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

impl Sources {
    /// Standard input can be read once.
    fn refuse_stdin_twice(&self) -> Result<(), Error> {
        let stdin = self
            .scenarios
            .iter()
            .filter(|p| scenario::is_stdin(p))
            .count();
        if stdin > 1 {
            return Err(Error::usage("`-` (standard input) can be given once"));
        }
        Ok(())
    }

    /// The scenarios of the folders given, which are inputs of the run too.
    fn folder_scenarios(&self) -> Vec<PathBuf> {
        self.scenarios
            .iter()
            .filter(|p| p.is_dir())
            .flat_map(|p| scenario::expand_folder(p).unwrap_or_default())
            .collect()
    }

    /// What is planned: scenario files, or imported trails with `--usage`, which goes with
    /// `--terraform` or `--cloudformation` (and they with it).
    fn inputs(&self) -> Result<Inputs, Error> {
        let given = match (&self.terraform, &self.cloudformation) {
            (Some(file), _) => Some(("--terraform", ImportSource::Terraform(file.clone()))),
            (None, Some(file)) => Some((
                "--cloudformation",
                ImportSource::Cloudformation(file.clone()),
            )),
            (None, None) => None,
        };
        match (&self.usage, given) {
            (None, Some((flag, source))) => Err(Error::usage(format!(
                "{flag} needs --usage USAGE_TOML: the accounts, regions and event volumes the \
                 trails meet; `trailplan usage skeleton {flag} {} > usage.toml` writes one to fill in",
                source.file().display()
            ))),
            (Some(_), None) => Err(Error::usage(
                "--usage goes with --terraform PATH or --cloudformation TEMPLATE",
            )),
            (Some(usage), Some((_, source))) => Ok(Inputs::Imported {
                usage: usage.clone(),
                source,
                placement: self.placement.clone(),
                options: Box::new(self.options.clone()),
            }),
            (None, None) => Ok(Inputs::Files(self.scenarios.clone())),
        }
    }

    /// The default `--comment-tag`: the scenarios as given on the command line (a folder as
    /// itself), or the infrastructure file, joined by `,`.
    fn default_tag(&self) -> String {
        let paths: Vec<String> = match (&self.terraform, &self.cloudformation) {
            (Some(p), _) | (None, Some(p)) => vec![p.display().to_string()],
            (None, None) => self
                .scenarios
                .iter()
                .map(|p| scenario::display_name(p))
                .collect(),
        };
        paths.join(",")
    }
}

/// `plan`, `check` or `price`.
#[derive(Debug, Clone)]
pub struct PlanRequest {
    pub sources: Sources,
    /// Cost and findings (`plan`), findings (`check`) or cost (`price`).
    pub show: Show,
    pub judge: Judge,
    /// Forecast this many months, over the scenario's `[forecast]` months.
    pub months: Option<u32>,
    /// Fail only on findings this baseline file does not record.
    pub baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file (the run then passes).
    pub write_baseline: Option<PathBuf>,
    /// Which report goes where.
    pub outputs: Outputs,
    /// How the reports are made: the view, `--quiet`, `--min-severity` (which also leaves the
    /// findings below it out of the plans), `--max-results`, `--comment-tag` (default: the
    /// inputs' paths). What it says of `show` and the baseline is set by the run.
    pub report: report::Options,
}

/// What `plan`, `check` or `price` concluded.
#[derive(Debug)]
pub struct PlanOutcome {
    /// The reports to make of the plans.
    pub reports: PlanReports,
    /// The findings written to the baseline file, when one was written.
    pub recorded: Option<(usize, PathBuf)>,
    pub gate: Gate,
}

impl PlanRequest {
    /// Where a run of this request that stops on an error writes it for machines: its JSON
    /// reports, and its SARIF ones for `check`. None when the reports asked for are themselves
    /// refused (two to standard output, an output over an input): nothing is written then.
    pub fn error_targets(&self) -> Vec<Target> {
        self.outputs
            .error_targets(self.show == Show::Findings, |targets| {
                refuse_clashes(self, targets)
            })
    }
}

/// The plans of a run and the reports to make of them, not yet made.
#[derive(Debug)]
pub struct PlanReports {
    pub plans: Vec<Plan>,
    pub targets: Vec<Target>,
    pub options: report::Options,
}

impl PlanReports {
    /// Makes and writes each report that has a file (whole or not at all), after refusing any
    /// that would exceed the rendered-row budget; returns the one for standard output (or
    /// nothing).
    pub fn write_files(self) -> Result<Stdout, Error> {
        let PlanReports {
            plans,
            targets,
            options,
        } = self;
        for (format, _) in &targets {
            report::check_rows(&plans, *format, options.view)?;
        }
        let mut stdout = None;
        for (format, file) in targets {
            match file {
                Some(path) => crate::output::write_file(&path, |w| {
                    report::write(format, &plans, &options, w)
                })?,
                None => stdout = Some(format),
            }
        }
        Ok(if let Some(format) = stdout {
            Stdout::Report {
                format,
                plans,
                options: Box::new(options),
            }
        } else {
            // The process ends once the output is written: handing the plans' memory back to
            // the system in one piece beats freeing millions of line items one by one.
            std::mem::forget(plans);
            Stdout::Text(String::new())
        })
    }
}

/// Runs `plan`, `check` or `price`. SARIF is for `check` only; no output may overwrite an input;
/// standard input is read once.
pub fn plan(request: &PlanRequest) -> Result<PlanOutcome, Vec<Error>> {
    let targets = request.outputs.targets().map_err(|e| vec![e])?;
    if request.show != Show::Findings && targets.iter().any(|(f, _)| *f == Format::Sarif) {
        return Err(vec![Error::usage(
            "`--format sarif` is only for `trailplan check` (SARIF carries findings, not costs)",
        )]);
    }
    refuse_clashes(request, &targets).map_err(|e| vec![e])?;
    let inputs = request.sources.inputs().map_err(|e| vec![e])?;
    let today = request.judge.today().map_err(|e| vec![e])?;
    let baseline = match &request.baseline {
        Some(path) => Some(Baseline::load(path).map_err(|e| vec![e])?),
        None => None,
    };
    let mut plans = evaluate_all(
        || load_inputs(&inputs),
        &request.judge,
        today,
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
    if let Some(min) = request.report.min_severity {
        for plan in &mut plans {
            plan.leave_out_below(min);
        }
    }
    let options = report::Options {
        show: request.show,
        baseline_applied: baseline.is_some(),
        tag: Some(
            request
                .report
                .tag
                .clone()
                .unwrap_or_else(|| request.sources.default_tag()),
        ),
        ..request.report.clone()
    };
    Ok(PlanOutcome {
        reports: PlanReports {
            plans,
            targets,
            options,
        },
        recorded,
        gate,
    })
}

/// Refuses standard input twice, and any output over an input of the run (a folder's scenarios
/// included) or over another output.
fn refuse_clashes(request: &PlanRequest, targets: &[Target]) -> Result<(), Error> {
    let sources = &request.sources;
    sources.refuse_stdin_twice()?;
    let expanded = sources.folder_scenarios();
    let mut inputs: Vec<(&str, &Path)> = Vec::new();
    for scenario in sources.scenarios.iter().chain(&expanded) {
        inputs.push(("the scenario", scenario));
    }
    for (flag, path) in [
        ("--usage", &sources.usage),
        ("--terraform", &sources.terraform),
        ("--cloudformation", &sources.cloudformation),
        ("--prices", &request.judge.prices),
        ("--baseline", &request.baseline),
    ] {
        if let Some(path) = path {
            inputs.push((flag, path));
        }
    }
    let mut outputs: Vec<(&str, &Path)> = Vec::new();
    if let Some(path) = &request.write_baseline {
        outputs.push(("--write-baseline", path));
    }
    outputs.extend(output_files(targets));
    refuse_overwrite(&inputs, &outputs)
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
