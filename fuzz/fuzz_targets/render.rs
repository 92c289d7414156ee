//! Raw bytes → a scenario → its plan → every renderer (table, JSON, markdown, SARIF, HTML) with
//! every combination of cost and findings, and `diff` of the scenario against itself (table,
//! JSON, markdown). JSON and SARIF must parse, and the diff of a plan with itself changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trailplan::codes::FailOn;
use trailplan::date::Date;
use trailplan::diff::{Diff, Limits};
use trailplan::error::SourceFile;
use trailplan::plan::{self, Plan};
use trailplan::report::{self, html, json, markdown, sarif, table, view::View};

fn plan(text: &str) -> Option<Plan> {
    let scenario = trailplan::scenario::parse(SourceFile::new("fuzz.toml", text)).ok()?;
    let today = Date::new(2026, 11, 1).expect("a real date");
    plan::evaluate(scenario, today, None).ok()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(first) = plan(text) else {
        return;
    };
    let plans = [first];
    for (cost, findings) in [(true, true), (true, false), (false, true), (false, false)] {
        let rendered = json::render(&plans, cost, findings);
        assert!(
            serde_json::from_str::<serde_json::Value>(&rendered).is_ok(),
            "{rendered}"
        );
        let _ = table::render(&plans, cost, findings);
        let _ = markdown::render(&plans, cost, findings, View::default());
        let _ = html::render(&plans, cost, findings);
    }
    let rendered = sarif::render(&plans, sarif::MAX_RESULTS);
    assert!(
        serde_json::from_str::<serde_json::Value>(&rendered).is_ok(),
        "{rendered}"
    );
    let [base] = plans;
    let Some(new) = plan(text) else {
        panic!("the same text planned once and then not");
    };
    let diff = Diff::compute(base, new, Limits::default(), FailOn::Error);
    assert!(diff.total_delta().is_zero());
    assert!(diff.new_findings.is_empty() && diff.resolved_findings.is_empty());
    let _ = report::diff::table(&diff);
    let rendered = report::diff::json(&diff);
    assert!(
        serde_json::from_str::<serde_json::Value>(&rendered).is_ok(),
        "{rendered}"
    );
    let _ = report::diff::markdown(&diff);
});
