//! Requests that read the bill: `reconcile`, `usage bill`, `usage metrics`.

use super::targets::{Outputs, Target, Texts, refuse_outputs_over};
use super::{Gate, Judge, evaluate_all, load_all};
use crate::error::Error;
use crate::reconcile::Reconciliation;
use crate::report::Format;
use crate::scenario;
use crate::usage::bill::{Bill, Month};
use crate::usage::written::Written;
use std::path::{Path, PathBuf};

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
    /// Where each report goes.
    pub outputs: Outputs,
}

impl ReconcileRequest {
    /// The files a run reads, which no output may overwrite: the scenario, each bill, `--prices`.
    fn inputs(&self) -> Vec<(&str, &Path)> {
        let mut inputs: Vec<(&str, &Path)> = vec![("the scenario", self.scenario.as_path())];
        for bill in &self.bills {
            inputs.push(("--bill", bill));
        }
        inputs.extend(self.judge.prices_input());
        inputs
    }

    /// Where a `reconcile` that stops on an error writes it for machines: its JSON reports, if allowed.
    pub fn error_targets(&self) -> Vec<Target> {
        self.outputs.json_error_targets(&self.inputs())
    }
}

/// What `reconcile` concluded: the comparison, its reports, and a gate that fails on any CT130.
#[derive(Debug)]
pub struct ReconcileOutcome {
    pub reconciliation: Reconciliation,
    /// The reports, made, to be written.
    pub reports: Texts,
    pub gate: Gate,
}

/// Runs `reconcile`. Its reports are table, JSON or markdown; no output may overwrite an input.
pub fn reconcile(request: &ReconcileRequest) -> Result<ReconcileOutcome, Vec<Error>> {
    let targets = request.outputs.targets().map_err(|e| vec![e])?;
    refuse_outputs_over(&request.inputs(), &targets).map_err(|e| vec![e])?;
    if targets
        .iter()
        .any(|(f, _)| matches!(f, Format::Sarif | Format::Html))
    {
        return Err(vec![Error::usage(
            "`trailplan reconcile` prints table, json or markdown",
        )]);
    }
    let today = request.judge.today().map_err(|e| vec![e])?;
    let mut plans = evaluate_all(
        || load_all(std::slice::from_ref(&request.scenario)),
        &request.judge,
        today,
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
    let r = &reconciliation;
    let reports = Texts(
        targets
            .into_iter()
            .map(|(format, file)| {
                let text = match format {
                    Format::Json => r.json(),
                    Format::Markdown => r.markdown(),
                    _ => r.table(),
                };
                (file, text)
            })
            .collect(),
    );
    Ok(ReconcileOutcome {
        reconciliation,
        reports,
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
