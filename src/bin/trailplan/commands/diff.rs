//! `trailplan diff`: the cost and findings delta between two scenarios.

use super::{Failure, Outcome};
use crate::args::DiffArgs;
use crate::gate_code;
use trailplan::app;
use trailplan::diff::Limits;
use trailplan::report::{self, Show};

/// Runs `diff`: exit 1 when a new finding fails the gate or a limit is breached.
pub(crate) fn run(args: &DiffArgs) -> Outcome {
    let request = app::DiffRequest {
        base: args.base.clone(),
        new: args.new.clone(),
        judge: args.judge.request(),
        limits: Limits {
            max_increase: args.max_increase,
            max_increase_percent: args.max_increase_percent,
        },
        outputs: args.to.request(),
        report: report::Options {
            tag: args.comment_tag.clone(),
            quiet: args.quiet,
            min_severity: args.min_severity.map(Into::into),
            ..report::Options::new(Show::Both)
        },
    };
    let run = || {
        let outcome = app::diff(&request)?;
        let code = gate_code(outcome.gate);
        let text = outcome.reports.write_files().map_err(|e| vec![e])?;
        Ok((text.into(), code))
    };
    // Stopped on an error: its JSON reports say so instead.
    run().map_err(|errors| Failure::written(errors, &request.error_targets()))
}
