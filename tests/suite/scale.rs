//! Reports at the scale of a landing zone fit GitHub's limits (SPEC §4, "Where CI output goes"):
//! a comment holds at most 65,536 characters, and code scanning shows 5,000 SARIF results and
//! refuses uploads over 25,000. The scenarios are the generator's (`trailplan generate`).

use crate::support::{TODAY, path_str, run, scratch_dir};
use std::path::PathBuf;

/// GitHub's limit for a comment, in characters.
const COMMENT_LIMIT: usize = 65_536;

fn generated(accounts: u32, regions: u32) -> PathBuf {
    let dir = scratch_dir(&format!("scale-{accounts}x{regions}"));
    let out = run(&[
        "generate",
        "--accounts",
        &accounts.to_string(),
        "--regions",
        &regions.to_string(),
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let file = dir.join("org.toml");
    std::fs::write(&file, &out.stdout).expect("write the generated scenario");
    file
}

/// Runs every report command on the generated scenario and checks each report's size; returns
/// (plan, check, diff) markdown sizes in characters and the SARIF result count.
fn reports_fit(accounts: u32, regions: u32) -> (usize, usize, usize, u64) {
    let file = generated(accounts, regions);
    let file = path_str(&file);
    let mut sizes = Vec::new();
    for args in [
        vec!["plan", file],
        vec!["check", file],
        vec!["diff", file, file],
    ] {
        let mut args = args.clone();
        args.extend(["--format", "markdown", "--today", TODAY]);
        let out = run(&args);
        assert!(out.exit() <= 1, "{}", out.describe());
        let chars = out.stdout.chars().count();
        assert!(
            chars <= COMMENT_LIMIT,
            "{}: {chars} characters",
            args.join(" ")
        );
        assert!(out.stdout.starts_with("<!-- trailplan"), "{}", args[0]);
        // The findings are summed by rule, with the count of each.
        assert!(
            out.stdout
                .contains("| Rule | Severity | Findings | At stake | Largest |"),
            "{}",
            args[0]
        );
        assert!(out.stdout.contains("`CT105` unlogged-data-events | info |"));
        // What is left out is named, with the report that has it all.
        assert!(out.stdout.contains("`--format json`"), "{}", args[0]);
        assert!(out.stdout.trim_end().ends_with("</details>"), "{}", args[0]);
        sizes.push(chars);
    }
    let out = run(&["check", file, "--format", "sarif", "--today", TODAY]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let sarif = out.json();
    let run0 = &sarif["runs"][0];
    let results = run0["results"].as_array().expect("results").len() as u64;
    assert_eq!(results, 5_000);
    let total = run0["properties"]["results"].as_u64().expect("a count");
    let omitted = run0["properties"]["resultsOmitted"]
        .as_u64()
        .expect("a count");
    assert!(total > 5_000, "{total}");
    assert_eq!(results + omitted, total);
    // Errors first, then warnings, then notes.
    let rank = |level: &str| {
        ["error", "warning", "note"]
            .iter()
            .position(|l| *l == level)
    };
    let levels: Vec<usize> = run0["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| rank(r["level"].as_str().expect("a level")).expect("a SARIF level"))
        .collect();
    assert!(levels.windows(2).all(|w| w[0] <= w[1]), "errors first");
    assert_eq!(
        levels.first(),
        Some(&1),
        "the generated scenario's warnings lead"
    );
    eprintln!(
        "{accounts} x {regions}: markdown plan {} check {} diff {} chars; SARIF {results} of {total} results",
        sizes[0], sizes[1], sizes[2]
    );
    (sizes[0], sizes[1], sizes[2], total)
}

#[test]
fn reports_of_2000_accounts_by_10_regions_fit_githubs_limits() {
    let (_, _, _, total) = reports_fit(2_000, 10);
    // The count of findings at this scale, before the cap.
    assert_eq!(total, 9_692);
}

/// The full scale: minutes in a debug build, so `.ci/run` runs it on its own
/// (`cargo test --test suite scale:: -- --ignored`) rather than in every developer's run.
#[test]
#[ignore = "10,000 accounts take minutes in a debug build: .ci/run runs it"]
fn reports_of_10000_accounts_by_10_regions_fit_githubs_limits() {
    let (_, _, _, total) = reports_fit(10_000, 10);
    assert_eq!(total, 48_382);
}

#[test]
fn max_results_caps_sarif_and_says_how_many_were_left_out() {
    let out = run(&[
        "check",
        "tests/fixtures/rules/CT101-fires.toml",
        "--format",
        "sarif",
        "--max-results",
        "0",
        "--today",
        TODAY,
    ]);
    assert_eq!(out.exit(), 0, "{}", out.describe());
    let sarif = out.json();
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(0)
    );
    let omitted = sarif["runs"][0]["properties"]["resultsOmitted"].as_u64();
    assert!(omitted.is_some_and(|n| n >= 1), "{sarif}");
}
