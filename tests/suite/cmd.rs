//! The command-line contract as data: every file in `tests/cmd/` is one run of `trailplan` (its
//! arguments, and the exit code, stdout and stderr it must give), from the package root. Each
//! subcommand has its `--help` there and at least one run. `TRYCMD=overwrite` rewrites the
//! expected outputs (see `tests/README.md`).

use std::path::Path;

#[test]
fn command_line_cases() {
    trycmd::TestCases::new()
        .register_bin("trailplan", Path::new(env!("CARGO_BIN_EXE_trailplan")))
        .case("tests/cmd/*.toml");
}
