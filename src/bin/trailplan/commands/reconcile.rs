//! `trailplan reconcile`: the plan beside the bill.

use super::{Failure, Outcome};
use crate::args::ReconcileArgs;
use crate::gate_code;
use trailplan::app;
use trailplan::date::Date;

/// Runs `reconcile`: exit 0 when every group is within the tolerance, 1 otherwise.
pub(crate) fn run(args: &ReconcileArgs) -> Outcome {
    let request = app::ReconcileRequest {
        scenario: args.scenario.clone(),
        bills: args.bills.clone(),
        month: args.month,
        tolerance: args.tolerance,
        judge: app::Judge {
            prices: args.prices.clone(),
            fail_on: None,
            today: None,
            clock: Date::today(),
        },
        outputs: args.to.request(),
    };
    let run = || {
        let outcome = app::reconcile(&request)?;
        let text = outcome.reports.write_files().map_err(|e| vec![e])?;
        Ok((text.into(), gate_code(outcome.gate)))
    };
    // Stopped on an error: its JSON reports say so instead.
    run().map_err(|errors| Failure::written(errors, &request.error_targets()))
}
