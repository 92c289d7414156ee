//! `trailplan completions SHELL` and `trailplan schema`: what shells and editors read.

use clap::CommandFactory;

/// The completion script of `shell` for every subcommand and flag of `trailplan`.
pub(crate) fn completions(shell: clap_complete::Shell) -> String {
    let mut command = crate::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "trailplan", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON Schema of the scenario format.
pub(crate) fn schema() -> String {
    trailplan::scenario::schema::json()
}
