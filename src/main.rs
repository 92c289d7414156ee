use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(trailplan::cli::main())
}
