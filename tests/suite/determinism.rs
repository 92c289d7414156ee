//! The same input yields byte-identical output (issue 7 point 4): every file in `scenarios/`, run
//! twice by the built binary in every format, prints the same bytes and exits the same way. Hash maps
//! inside the pipeline are seeded randomly per process, so two processes are the test that counts.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("the scenarios directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "scenarios/ holds no .toml file");
    files
}

/// One run: exit code, stdout and stderr, as bytes.
fn run(args: &[&str]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let output = Command::cargo_bin("trailplan")
        .expect("the trailplan binary is built")
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("trailplan runs");
    (output.status.code(), output.stdout, output.stderr)
}

fn assert_deterministic(args: &[&str]) {
    let first = run(args);
    let second = run(args);
    assert!(
        matches!(first.0, Some(0 | 1)),
        "trailplan {args:?} exited with {:?}\n{}",
        first.0,
        String::from_utf8_lossy(&first.2)
    );
    assert!(!first.1.is_empty(), "trailplan {args:?} printed nothing");
    assert_eq!(first.0, second.0, "trailplan {args:?}: exit codes differ");
    assert!(
        first.1 == second.1,
        "trailplan {args:?}: stdout differs between two runs\n--- first\n{}\n--- second\n{}",
        String::from_utf8_lossy(&first.1),
        String::from_utf8_lossy(&second.1)
    );
    assert!(
        first.2 == second.2,
        "trailplan {args:?}: stderr differs between two runs"
    );
}

#[test]
fn every_scenario_renders_identically_twice_in_every_format() {
    for file in scenarios() {
        let file = file
            .strip_prefix(root())
            .expect("under the package root")
            .to_str()
            .expect("a UTF-8 path")
            .to_string();
        for command in ["plan", "price", "check"] {
            for format in ["table", "json"] {
                assert_deterministic(&[
                    command,
                    file.as_str(),
                    "--format",
                    format,
                    "--today",
                    "2026-11-01",
                ]);
            }
        }
    }
}

#[test]
fn several_scenarios_at_once_render_identically_twice() {
    let files: Vec<String> = scenarios()
        .iter()
        .map(|p| p.to_str().expect("a UTF-8 path").to_string())
        .collect();
    for format in ["table", "json"] {
        let mut args = vec!["plan", "--format", format, "--today", "2026-11-01"];
        args.extend(files.iter().map(String::as_str));
        assert_deterministic(&args);
    }
}
