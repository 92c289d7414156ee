//! `trailplan rules` and `trailplan explain`.

use super::{Outcome, usage_error};
use trailplan::report::{self, Format};
use trailplan::rules::{Definition, RULES};

/// `trailplan rules`: every rule, as a table or JSON.
pub(crate) fn list(format: Format) -> Outcome {
    match format {
        Format::Table | Format::Json => Ok((report::rules::list(format).into(), 0)),
        other => Err(vec![usage_error(format!(
            "`trailplan rules` prints table or json, not {}",
            other.as_str()
        ))]
        .into()),
    }
}

/// `trailplan explain RULE`: one rule's documentation.
pub(crate) fn explain(rule: &str) -> Outcome {
    match Definition::find(rule) {
        Some(rule) => Ok((report::rules::explain(rule).into(), 0)),
        None => Err(vec![usage_error(format!(
            "unknown rule `{rule}`{} (`trailplan rules` lists the {} rules)",
            trailplan::codes::suggest_rule(rule),
            RULES.len()
        ))]
        .into()),
    }
}
