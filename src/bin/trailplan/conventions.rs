//! `trailplan completions SHELL`, `trailplan man` and `trailplan schema`: what shells, `man` and
//! editors read.

/// The completion script of `shell` for every subcommand and flag of `trailplan`.
pub(crate) fn completions(shell: clap_complete::Shell) -> String {
    let mut command = crate::args::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "trailplan", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page of `trailplan`, or of its command at `path` (`["usage", "bill"]`, the page
/// `trailplan-usage-bill(1)` that trailplan's own page refers to), in roff.
pub(crate) fn man(path: &[String]) -> Result<String, String> {
    let mut command = crate::args::command().disable_help_subcommand(true);
    command.build();
    for name in path {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            return Err(format!(
                "`{name}` is not a command of `{}`",
                command.get_display_name().unwrap_or(command.get_name())
            ));
        };
        // Its title names the release, as trailplan's does.
        command = sub.version(env!("CARGO_PKG_VERSION"));
    }
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = clap_mangen::Man::new(command).render(&mut out);
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The JSON Schema of the scenario format.
pub(crate) fn schema() -> String {
    trailplan::scenario::schema::json()
}
