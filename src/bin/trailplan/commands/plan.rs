//! `trailplan plan`, `check` and `price`: one request that differs in what it shows.

use super::{Failure, Outcome};
use crate::args::{CheckArgs, PlanArgs};
use crate::gate_code;
use std::io::Write;
use trailplan::app;
use trailplan::report::{self, Show};
use trailplan::text::plural;

/// Runs `plan` (`show` both), `check` (findings, with its own arguments) or `price` (cost). When
/// it stops on an error, its JSON and SARIF reports say so instead.
pub(crate) fn run(args: &PlanArgs, show: Show, check: Option<&CheckArgs>) -> Outcome {
    let request = request(args, show, check);
    run_request(&request).map_err(|errors| Failure::written(errors, &request.error_targets()))
}

fn run_request(
    request: &app::PlanRequest,
) -> Result<(app::Stdout, u8), Vec<trailplan::error::Error>> {
    let outcome = app::plan(request)?;
    if let Some((count, path)) = &outcome.recorded {
        let _ = writeln!(
            std::io::stderr(),
            "wrote {count} finding{} to the baseline {}",
            plural(*count),
            path.display()
        );
    }
    let code = gate_code(outcome.gate);
    let stdout = outcome.reports.write_files().map_err(|e| vec![e])?;
    Ok((stdout, code))
}

/// The arguments as the library's request.
fn request(args: &PlanArgs, show: Show, check: Option<&CheckArgs>) -> app::PlanRequest {
    app::PlanRequest {
        sources: app::Sources {
            scenarios: args.scenarios.clone(),
            usage: args.usage.clone(),
            terraform: args.terraform.clone(),
            cloudformation: args.cloudformation.clone(),
            placement: args.placement.request(),
            options: args.iac.request(None),
        },
        show,
        judge: args.judge.request(),
        months: args.months,
        baseline: check.and_then(|c| c.baseline.clone()),
        write_baseline: check.and_then(|c| c.write_baseline.clone()),
        outputs: args.to.request(),
        report: report::Options {
            view: args.view(),
            tag: args.comment_tag.clone(),
            max_results: check.map_or(report::sarif::MAX_RESULTS, |c| c.max_results),
            quiet: args.quiet,
            min_severity: args.min_severity.map(Into::into),
            ..report::Options::new(show)
        },
    }
}
