//! The fuzzer's corpus as a regression suite: every input of `fuzz/corpus/scenario/` goes through
//! `scenario::parse` → `plan::evaluate` → every renderer (table, JSON, markdown, SARIF, HTML) in
//! this process, as `cargo fuzz run scenario` does, on the stable toolchain and in every `cargo
//! test`. Nothing may panic; JSON and SARIF must parse as JSON; the total must be the exact sum of
//! the line items; and an input that is refused must be refused the way the command line reports
//! it: exit code 3, naming the file, with the line and column of the offending text.

use std::path::PathBuf;

use rust_decimal::Decimal;
use trailplan::codes::FailOn;
use trailplan::date::Date;
use trailplan::diff::{Diff, Limits};
use trailplan::error::{Error, SourceFile};
use trailplan::plan::{self, Plan};
use trailplan::report::{self, html, json, markdown, sarif, table, view::View};
use trailplan::usage::{self, Options};

use crate::support::root;

/// The options and placements the fuzz targets read with.
#[path = "../../fuzz/fuzz_targets/common/usage.rs"]
mod fuzz_common;

/// The corpus files of the scenario target, sorted.
fn corpus() -> Vec<PathBuf> {
    corpus_of("scenario")
}

/// The corpus files of one target, sorted; a target must have some.
fn corpus_of(target: &str) -> Vec<PathBuf> {
    let dir = root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
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
        for path in corpus_of(target) {
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

/// The targets that `scripts/fuzz.sh` runs, read from its loop: each is a `[[bin]]` of
/// `fuzz/Cargo.toml` and has a corpus that a test below replays.
#[test]
fn every_fuzz_target_is_run_and_its_corpus_replayed() {
    let script = std::fs::read_to_string(root().join("scripts/fuzz.sh")).expect("scripts/fuzz.sh");
    let line = script
        .lines()
        .find_map(|l| l.trim().strip_prefix("for target in "))
        .and_then(|l| l.strip_suffix("; do"))
        .expect("the script's `for target in ...; do` loop");
    let run: Vec<&str> = line.split_whitespace().collect();
    let manifest =
        std::fs::read_to_string(root().join("fuzz/Cargo.toml")).expect("fuzz/Cargo.toml");
    let mut bins: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .filter(|n| *n != "trailplan-fuzz")
        .collect();
    bins.sort_unstable();
    let mut sorted = run.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted, bins,
        "scripts/fuzz.sh runs every target of fuzz/Cargo.toml"
    );
    let replayed = [
        "scenario",
        "cloudformation",
        "terraform",
        "aws_cli",
        "usage_logs",
        "usage_lookup",
        "usage_csv",
        "bill",
        "usage_metrics",
        "render",
    ];
    let mut replayed = replayed.to_vec();
    replayed.sort_unstable();
    assert_eq!(replayed, bins, "every target's corpus is replayed here");
}

/// What is wrong with a reader's errors, if anything: each names the corpus file.
fn misnamed(errors: &[Error], file: &str) -> Option<String> {
    errors.iter().find_map(|e| match e {
        Error::Read { file: named, .. } | Error::Invalid { file: named, .. } if named == file => {
            None
        }
        other => Some(format!("not an error about {file}: {other:?}")),
    })
}

/// The usage readers' corpora (`usage_logs/`, `usage_lookup/`, `usage_csv/`), replayed as their
/// fuzz targets run them: each file is read as the one input of `usage logs`, `usage lookup-events`
/// or `usage csv`; nothing panics, an error names the file, and the volumes become TOML that parses
/// and JSON that parses.
#[test]
fn usage_reader_corpora_replay_without_panics() {
    type Reader = fn(&[PathBuf], Options) -> Result<usage::Usage, Vec<Error>>;
    let readers: [(&str, Reader); 3] = [
        ("usage_logs", |paths, options| {
            usage::logs::read(paths, options, &usage::logs::Progress::default())
        }),
        ("usage_lookup", usage::lookup::read),
        ("usage_csv", usage::csv::read),
    ];
    let mut wrong = Vec::new();
    let mut read = 0;
    for (target, reader) in readers {
        for path in corpus_of(target) {
            let name = path.display().to_string();
            for options in fuzz_common::reader_options() {
                let outcome =
                    std::panic::catch_unwind(|| reader(std::slice::from_ref(&path), options));
                match outcome {
                    Ok(Ok(usage)) => {
                        read += 1;
                        if let Ok(text) = usage::render::toml(&usage)
                            && let Err(e) = text.parse::<toml::Table>()
                        {
                            wrong.push(format!("{name}: the volumes are not TOML: {e}"));
                        }
                        let text = usage::render::json(&usage);
                        if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                            wrong.push(format!("{name}: the JSON does not parse: {e}"));
                        }
                    }
                    Ok(Err(errors)) => {
                        if let Some(p) = misnamed(&errors, &name) {
                            wrong.push(format!("{name}: {p}"));
                        }
                    }
                    Err(_) => wrong.push(format!("{name}: panicked")),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The seeds read; the corpora are not only refusals.
    assert!(read >= 6, "only {read} readings succeeded");
}

/// The bill reader's corpus (`bill/`): each file is a Cost and Usage Report; its latest whole month
/// and October 2026 become `usage bill`'s volumes, whose TOML must parse.
#[test]
fn bill_corpus_replays_without_panics() {
    use rust_decimal::Decimal;
    use trailplan::usage::bill::{Bill, Month, management_volumes};
    let mut volumes = 0;
    for path in corpus_of("bill") {
        let name = path.display().to_string();
        let outcome = std::panic::catch_unwind(|| {
            let mut bill = Bill::default();
            bill.read(&path)?;
            let mut texts = Vec::new();
            for requested in [None, Month::parse("2026-10")] {
                let Ok(month) = bill.month(requested) else {
                    continue;
                };
                for share in [Decimal::ZERO, Decimal::new(25, 2), Decimal::ONE] {
                    if let Ok((written, header)) = management_volumes(&month, share) {
                        texts.push(written.to_toml(&header));
                    }
                }
            }
            Ok(texts)
        });
        match outcome {
            Ok(Ok(texts)) => {
                for text in texts.into_iter().flatten() {
                    volumes += 1;
                    if let Err(e) = text.parse::<toml::Table>() {
                        panic!("{name}: the volumes are not TOML: {e}\n{text}");
                    }
                }
            }
            Ok(Err(e)) => assert!(misnamed(&[e], &name).is_none(), "{name}"),
            Err(panic) => panic!("{name}: panicked: {panic:?}"),
        }
    }
    assert!(volumes >= 3, "only {volumes} bills became volumes");
}

/// The `usage metrics` corpus (`usage_metrics/`): each file is the queries and the output of
/// `get-metric-data`, split at the first NUL byte (without one, both are the whole file), as the
/// fuzz target splits them; what is read becomes TOML that parses.
#[test]
fn metrics_corpus_replays_without_panics() {
    use trailplan::usage::metrics::volumes;
    let mut read = 0;
    let texts = corpus_of("usage_metrics").into_iter().filter_map(|path| {
        Some((
            path.display().to_string(),
            std::fs::read_to_string(&path).ok()?,
        ))
    });
    for (name, text) in texts {
        let (queries, result) = fuzz_common::metrics_inputs(&text);
        for placement in fuzz_common::metrics_placements() {
            let outcome = std::panic::catch_unwind(|| {
                volumes(queries, result, &placement, ("queries.json", "result.json"))
            });
            match outcome {
                Ok(Ok(got)) => {
                    read += 1;
                    if let Ok(toml_text) = got.written.to_toml(&got.header) {
                        assert!(
                            toml_text.parse::<toml::Table>().is_ok(),
                            "{name}: {toml_text}"
                        );
                    }
                }
                Ok(Err(_)) => {}
                Err(panic) => panic!("{name}: panicked: {panic:?}"),
            }
        }
    }
    assert!(read >= 1, "no metric reading succeeded");
}

/// The renderer corpus (`render/`) and the scenario corpus: every renderer, and `diff` of each
/// scenario against itself, which finds no change and whose JSON parses.
#[test]
fn render_corpus_renders_and_diffs_itself_without_panics() {
    let today = Date::new(2026, 11, 1).expect("a real date");
    let mut files = corpus_of("render");
    files.extend(corpus());
    let mut wrong = Vec::new();
    let mut diffed = 0;
    for path in &files {
        let name = path.display().to_string();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let plan_of = || {
            plan::evaluate(
                trailplan::scenario::parse(SourceFile::new(name.as_str(), text.as_str()))?,
                today,
                None,
            )
        };
        let outcome = std::panic::catch_unwind(|| {
            let (Ok(base), Ok(new)) = (plan_of(), plan_of()) else {
                return None;
            };
            let plans = [base];
            let mut problems = render_all(&plans);
            let [base] = plans;
            let diff = Diff::compute(base, new, Limits::default(), FailOn::Error);
            if !diff.total_delta().is_zero() || !diff.new_findings.is_empty() {
                problems.push(format!(
                    "the diff against itself changes {} and finds {} new",
                    diff.total_delta(),
                    diff.new_findings.len()
                ));
            }
            let _ = report::diff::table(&diff);
            let _ = report::diff::markdown(&diff);
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&report::diff::json(&diff)) {
                problems.push(format!("the diff's JSON does not parse: {e}"));
            }
            Some(problems)
        });
        match outcome {
            Ok(Some(problems)) => {
                diffed += 1;
                wrong.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
            }
            Ok(None) => {}
            Err(_) => wrong.push(format!("{name}: panicked")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(diffed >= 100, "only {diffed} scenarios were diffed");
}
