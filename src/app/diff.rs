//! `diff`: two scenarios planned alike, then compared; what the request means, and the reports.

use super::targets::{Outputs, Target, Texts, refuse_outputs_over};
use super::{Gate, Judge, evaluate_all, load_all};
use crate::diff::{Diff, Limits};
use crate::error::Error;
use crate::report::{self, Format};
use crate::scenario;
use std::path::{Path, PathBuf};

/// `diff`: BASE and NEW, planned alike, then compared.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    pub base: PathBuf,
    pub new: PathBuf,
    pub judge: Judge,
    pub limits: Limits,
    /// Which report goes where.
    pub outputs: Outputs,
    /// How the reports are made: `--quiet`, `--min-severity` (which also leaves the findings
    /// below it out of the diff), `--comment-tag` (default: NEW's path).
    pub report: report::Options,
}

impl DiffRequest {
    /// The files a run reads, which no output may overwrite: BASE, NEW and `--prices`.
    fn inputs(&self) -> Vec<(&str, &Path)> {
        let mut inputs: Vec<(&str, &Path)> =
            vec![("BASE", self.base.as_path()), ("NEW", self.new.as_path())];
        inputs.extend(self.judge.prices_input());
        inputs
    }

    /// Where a `diff` that stops on an error writes it for machines: its JSON reports, if allowed.
    pub fn error_targets(&self) -> Vec<Target> {
        self.outputs.json_error_targets(&self.inputs())
    }
}

/// What `diff` concluded.
#[derive(Debug)]
pub struct DiffOutcome {
    /// The reports, made, to be written.
    pub reports: Texts,
    pub gate: Gate,
}

/// Runs `diff`: table, JSON, markdown or HTML; no output may overwrite an input; standard input
/// is read once.
pub fn diff(request: &DiffRequest) -> Result<DiffOutcome, Vec<Error>> {
    let targets = request.outputs.targets().map_err(|e| vec![e])?;
    refuse_outputs_over(&request.inputs(), &targets).map_err(|e| vec![e])?;
    if scenario::is_stdin(&request.base) && scenario::is_stdin(&request.new) {
        return Err(vec![Error::usage("`-` (standard input) can be given once")]);
    }
    if targets.iter().any(|(f, _)| *f == Format::Sarif) {
        return Err(vec![Error::usage(
            "`--format sarif` is only for `trailplan check`; `diff` prints table, json or markdown",
        )]);
    }
    let today = request.judge.today().map_err(|e| vec![e])?;
    let mut plans = evaluate_all(
        || load_all(&[request.base.clone(), request.new.clone()]),
        &request.judge,
        today,
        None,
    )?;
    let (Some(new), Some(base)) = (plans.pop(), plans.pop()) else {
        return Err(vec![Error::usage("diff needs two scenarios")]);
    };
    let fail_on = new.fail_on;
    let mut diff = Diff::compute(base, new, request.limits, fail_on);
    let gate = Gate::of_diff(&diff);
    if let Some(min) = request.report.min_severity {
        diff.leave_out_below(min);
    }
    let reports = diff_reports(&mut diff, targets, request);
    Ok(DiffOutcome { reports, gate })
}

/// The reports of a diff. JSON first: `--quiet` keeps every finding in it, and leaves the rest to
/// the reports for people.
fn diff_reports(diff: &mut Diff, targets: Vec<Target>, request: &DiffRequest) -> Texts {
    let mut options = report::Options {
        tag: Some(
            request
                .report
                .tag
                .clone()
                .unwrap_or_else(|| scenario::display_name(&request.new)),
        ),
        ..request.report.clone()
    };
    let mut texts: Vec<Option<String>> = targets
        .iter()
        .map(|(format, _)| {
            (*format == Format::Json).then(|| report::render_diff(*format, diff, &options))
        })
        .collect();
    if options.quiet {
        options.set_aside = diff.keep_failing();
    }
    for ((format, _), text) in targets.iter().zip(&mut texts) {
        if text.is_none() {
            *text = Some(report::render_diff(*format, diff, &options));
        }
    }
    Texts(
        targets
            .into_iter()
            .zip(texts)
            .map(|((_, file), text)| (file, text.unwrap_or_default()))
            .collect(),
    )
}
