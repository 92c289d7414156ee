//! The same input yields byte-identical output (issue 7 point 4): every file in `scenarios/`, run
//! twice by the built binary in every format, prints the same bytes and exits the same way. Hash maps
//! inside the pipeline are seeded randomly per process, so two processes are the test that counts.

use std::path::PathBuf;

use crate::support::{Run, root, run};

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

fn assert_deterministic(args: &[&str]) {
    let first = run(args);
    let second = run(args);
    assert!(
        matches!(first.code, Some(0 | 1)),
        "trailplan {args:?} exited with {:?}\n{}",
        first.code,
        first.stderr
    );
    assert!(
        !first.stdout.is_empty(),
        "trailplan {args:?} printed nothing"
    );
    assert_eq!(
        first.code, second.code,
        "trailplan {args:?}: exit codes differ"
    );
    let Run { stdout, stderr, .. } = second;
    assert!(
        first.stdout == stdout,
        "trailplan {args:?}: stdout differs between two runs\n--- first\n{}\n--- second\n{}",
        first.stdout,
        stdout
    );
    assert!(
        first.stderr == stderr,
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
