//! The fuzzer's corpus as a regression suite: every input of `fuzz/corpus/scenario/` goes through
//! `scenario::parse` → `plan::evaluate` → every renderer (table, JSON, markdown, SARIF, HTML) in
//! this process, as `cargo fuzz run scenario` does, on the stable toolchain and in every `cargo
//! test`. Nothing may panic; JSON and SARIF must parse as JSON; the total must be the exact sum of
//! the line items; and an input that is refused must be refused the way the command line reports
//! it: exit code 3, naming the file, with the line and column of the offending text.

use std::path::PathBuf;

use rust_decimal::Decimal;
use trailplan::date::Date;
use trailplan::error::{Error, SourceFile};
use trailplan::plan::{self, Plan};
use trailplan::report::{html, json, markdown, sarif, table, view::View};

use crate::support::root;

/// The corpus files, sorted.
fn corpus() -> Vec<PathBuf> {
    let dir = root().join("fuzz/corpus/scenario");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// What is wrong with an error, if anything: it must be an input error (exit 3) about `file`,
/// with a line and column.
fn misreported(error: &Error, file: &str) -> Option<String> {
    if matches!(error, Error::Usage { .. }) {
        return Some(format!("a usage error (exit 2) for {error}"));
    }
    match error {
        Error::Invalid {
            file: named,
            location: Some(_),
            ..
        } if named == file => None,
        Error::Invalid {
            file: named,
            location: None,
            ..
        } if named == file => Some(format!("no line and column: {error}")),
        other => Some(format!("not an input error about {file}: {other:?}")),
    }
}

/// Every renderer on one plan; what is wrong with the output, if anything.
fn render_all(plans: &[Plan]) -> Vec<String> {
    let mut wrong = Vec::new();
    for (cost, findings) in [(true, true), (true, false), (false, true)] {
        let text = json::render(plans, cost, findings);
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
            wrong.push(format!(
                "JSON (cost {cost}, findings {findings}) does not parse: {e}"
            ));
        }
        let _ = table::render(plans, cost, findings);
        let _ = markdown::render(plans, cost, findings, View::default());
        let _ = html::render(plans, cost, findings);
    }
    let text = sarif::render(plans, sarif::MAX_RESULTS);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
        wrong.push(format!("SARIF does not parse as JSON: {e}"));
    }
    wrong
}

#[test]
fn the_fuzz_corpus_plans_and_renders_without_a_panic() {
    let files = corpus();
    assert!(files.len() >= 700, "the corpus lost files: {}", files.len());
    let today = Date::new(2026, 11, 1).expect("a real date");
    let (mut planned, mut refused, mut not_text) = (0, 0, 0);
    let mut wrong = Vec::new();
    for path in &files {
        let name = format!(
            "corpus/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 name")
        );
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Ok(text) = String::from_utf8(bytes) else {
            // The command line refuses these before parsing (bad_input::binary_garbage).
            not_text += 1;
            continue;
        };
        let outcome = std::panic::catch_unwind(|| {
            let scenario = trailplan::scenario::parse(SourceFile::new(name.as_str(), text))?;
            let plan = plan::evaluate(scenario, today, None)?;
            let sum: Decimal = plan.costing.charges.iter().map(|c| c.cost).sum();
            let mut problems = Vec::new();
            if sum != plan.costing.total {
                problems.push(format!("total {} is not the sum {sum}", plan.costing.total));
            }
            problems.extend(render_all(&[plan]));
            Ok::<_, Error>(problems)
        });
        match outcome {
            Ok(Ok(problems)) => {
                planned += 1;
                wrong.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
            }
            Ok(Err(error)) => {
                refused += 1;
                if let Some(p) = misreported(&error, &name) {
                    wrong.push(format!("{name}: {p}"));
                }
            }
            Err(_) => wrong.push(format!("{name}: panicked")),
        }
    }
    eprintln!("fuzz corpus: {planned} planned, {refused} refused, {not_text} not UTF-8");
    assert!(
        wrong.is_empty(),
        "{} problems:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The corpus exercises both halves: scenarios that plan and inputs that are refused.
    assert!(
        planned >= 100 && refused >= 100,
        "{planned} planned, {refused} refused"
    );
}

/// The importers' corpora (`fuzz/corpus/cloudformation/`, `terraform/`, `aws_cli/`), replayed as
/// their fuzz targets run them: nothing panics, an error names the file, and what is imported
/// becomes a scenario that parses as TOML.
#[test]
fn importer_corpora_replay_without_panics() {
    type Importer =
        fn(&str, &str) -> Result<trailplan::import::Imported, trailplan::import::ImportError>;
    let targets: [(&str, Importer); 3] = [
        ("cloudformation", trailplan::import::cloudformation),
        ("terraform", trailplan::import::terraform),
        ("aws_cli", |text, file| {
            trailplan::import::aws_cli(text, file, &[], &[])
        }),
    ];
    for (target, import) in targets {
        let dir = root().join("fuzz/corpus").join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} is empty", dir.display());
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = path.display().to_string();
            match import(&text, &name) {
                Ok(imported) => {
                    let scenario = imported.to_scenario_toml(&name, None);
                    if let Err(e) = scenario.parse::<toml::Table>() {
                        panic!("{name}: the imported scenario is not TOML: {e}\n{scenario}");
                    }
                }
                Err(e) => assert_eq!(e.file(), name, "{e}"),
            }
        }
    }
}
