//! `trailplan import`: a scenario with the trails of infrastructure code.

use super::Outcome;
use crate::args::{IacArgs, ImportSource, Placement};
use std::path::PathBuf;
use trailplan::app;

/// Runs `import`: the scenario to `output`, or to standard output.
pub(crate) fn run(
    source: &ImportSource,
    placement: &Placement,
    iac: &IacArgs,
    usage: Option<PathBuf>,
    output: Option<PathBuf>,
) -> Outcome {
    let request = app::ImportRequest {
        source: source.request(),
        placement: placement.request(),
        options: iac.request(usage.as_ref()),
        output,
    };
    let text = app::import(&request).map_err(|e| vec![e])?;
    Ok((text.into(), 0))
}
