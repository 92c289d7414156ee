//! The command line of `trailplan`: parse arguments, ask the library, print the outcome, map it to
//! an exit code (SPEC §4): 0 clean, 1 the gate failed, 2 wrong usage, 3 a scenario could not be
//! read, parsed or validated. The library never prints; this binary is the only place that does.
//!
//! The arguments are in `args`; each subcommand turns its arguments into a request of
//! `trailplan::app` in `commands`, which holds every rule about what a request means.

#![deny(unreachable_pub)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod args;
mod commands;
mod conventions;
mod generate;
mod init;
mod usage;

pub(crate) use args::Cli;

use std::io::Write;
use std::process::ExitCode;
use trailplan::app::{Gate, Stdout};
use trailplan::error::Error;

/// The exit code of an error (SPEC §4): 2 for wrong usage, 3 for an unreadable or invalid input.
fn exit_code(e: &Error) -> u8 {
    match e {
        Error::Usage { .. } => 2,
        Error::Read { .. } | Error::Invalid { .. } | Error::Write { .. } => 3,
    }
}

/// The exit code of a gate: 1 when it fails.
pub(crate) fn gate_code(gate: Gate) -> u8 {
    u8::from(gate.failed())
}

fn main() -> ExitCode {
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    ExitCode::from(match commands::run(cli) {
        Ok((output, code)) => print(output, code),
        Err(errors) => {
            // A full or closed stderr must not turn the message into a panic (exit 101).
            let mut stderr = std::io::stderr().lock();
            for e in &errors {
                let message = e.to_string();
                let _ = writeln!(
                    stderr,
                    "error: {}",
                    trailplan::text::terminal_lines(&message)
                );
            }
            errors.iter().map(exit_code).max().unwrap_or(3)
        }
    })
}

/// Writes a command's output to standard output: its exit code, or 3 when the output is lost.
fn print(output: Stdout, code: u8) -> u8 {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match output.write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => code,
        // A closed pipe (`| head`) ends the output, not the exit code.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            // What was buffered cannot be written either; drop it quietly.
            let (_, _) = stdout.into_parts();
            let _ = writeln!(
                std::io::stderr().lock(),
                "error: cannot write to standard output: {e}; the output is incomplete"
            );
            3
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trailplan::error::SourceFile;

    #[test]
    fn exit_codes_follow_the_spec() {
        assert_eq!(
            exit_code(&Error::Usage {
                message: "x".into()
            }),
            2
        );
        let invalid = SourceFile::new("f", "x").error_at(Some(0..1), "bad");
        assert_eq!(exit_code(&invalid), 3);
        let unreadable = Error::Read {
            file: "f".into(),
            message: "no such file".into(),
        };
        assert_eq!(exit_code(&unreadable), 3);
        assert_eq!(gate_code(Gate::Pass), 0);
        assert_eq!(gate_code(Gate::Fail), 1);
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory as _;
        Cli::command().debug_assert();
    }
}
