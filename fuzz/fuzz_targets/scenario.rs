//! Raw bytes → scenario parsing and validation → planning → every renderer.
//!
//! Errors are fine (they are exit code 3); panics, overflows and hangs are not. A few invariants
//! of the output are checked on the way, so that a wrong number is a crash too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use trailplan::date::Date;
use trailplan::error::SourceFile;
use trailplan::plan;
use trailplan::report::{json, table};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(scenario) = trailplan::scenario::parse(SourceFile::new("fuzz.toml", text)) else {
        return;
    };
    let today = Date::new(2026, 11, 1).expect("a real date");
    let Ok(plan) = plan::evaluate(scenario, today, None) else {
        return;
    };
    // The total is the exact sum of the line items, and nothing is negative.
    let mut sum = Decimal::ZERO;
    for charge in &plan.costing.charges {
        assert!(!charge.cost.is_sign_negative() || charge.cost.is_zero());
        sum = sum
            .checked_add(charge.cost)
            .expect("the total was computed");
    }
    assert_eq!(sum, plan.costing.total);
    let plans = [plan];
    for (cost, findings) in [(true, true), (true, false), (false, true)] {
        let rendered = json::render(&plans, cost, findings);
        let value: serde_json::Value = serde_json::from_str(&rendered).expect("JSON parses");
        assert!(value.get("total").is_some());
        let _ = table::render(&plans, cost, findings);
    }
});
