//! Raw bytes as a Cost and Usage Report (CSV, or gzip of it) → the bill reader → the latest whole month, and October 2026 →
//! `usage bill`'s management volumes as TOML, which must parse.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use trailplan::usage::bill::{Bill, Month, management_volumes};

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("trailplan-fuzz-{}-bill.csv", std::process::id()));
    std::fs::write(&path, data).expect("the fuzz input is written to a temporary file");
    let mut bill = Bill::default();
    if bill.read(&path).is_err() {
        return;
    }
    // The latest whole month, and a month named as `--month` names it.
    for requested in [None, Month::parse("2026-10")] {
        let Ok(month) = bill.month(requested) else {
            continue;
        };
        for share in [Decimal::ZERO, Decimal::new(25, 2), Decimal::ONE] {
            if let Ok((written, header)) = management_volumes(&month, share) {
                if let Ok(text) = written.to_toml(&header) {
                    assert!(text.parse::<toml::Table>().is_ok(), "{text}");
                }
            }
        }
    }
});
