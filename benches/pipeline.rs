//! Each stage of the pipeline on generated organisations of three sizes:
//! `cargo bench --bench pipeline`. Timings live here and in the README, never in tests.

use trailplan::date::Date;
use trailplan::error::SourceFile;
use trailplan::generate::{GenerateOptions, generate};
use trailplan::model::Scenario;
use trailplan::plan::evaluate;
use trailplan::pricing::{Costing, price};
use trailplan::rules::{self, Context};
use trailplan::scenario::parse;
use trailplan::selection::Selection;

fn main() {
    divan::main();
}

/// (accounts, regions): a team, a company, a landing zone.
const SIZES: [(u32, u32); 3] = [(20, 4), (1_000, 30), (10_000, 30)];

fn text(size: (u32, u32)) -> String {
    let mut options = GenerateOptions::new(size.0, size.1, 1);
    options.volumes = size.0.saturating_mul(10);
    generate(&options).expect("generated scenario")
}

fn scenario(size: (u32, u32)) -> Scenario {
    parse(SourceFile::new("bench.toml", text(size))).expect("valid scenario")
}

fn today() -> Date {
    Date::new(2026, 11, 25).expect("a date")
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn parse_and_validate(bencher: divan::Bencher, size: (u32, u32)) {
    let text = text(size);
    bencher.bench(|| parse(SourceFile::new("bench.toml", text.clone())).expect("valid"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn selection(bencher: divan::Bencher, size: (u32, u32)) {
    let s = scenario(size);
    bencher.bench(|| Selection::compute(&s).expect("selection"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn pricing(bencher: divan::Bencher, size: (u32, u32)) {
    let s = scenario(size);
    let sel = Selection::compute(&s).expect("selection");
    bencher.bench(|| price(&s, &sel).expect("costing"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn rules(bencher: divan::Bencher, size: (u32, u32)) {
    let s = scenario(size);
    let sel = Selection::compute(&s).expect("selection");
    let costing: Costing = price(&s, &sel).expect("costing");
    bencher.bench(|| {
        rules::check(&Context {
            scenario: &s,
            selection: &sel,
            costing: &costing,
            today: today(),
        })
    });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn json_report(bencher: divan::Bencher, size: (u32, u32)) {
    let plans = [evaluate(scenario(size), today(), None).expect("plan")];
    bencher.bench(|| trailplan::report::json::render(&plans, true, true));
}
