//! CT110: trails select events of a category (management, data, network activity) of which the
//! scenario declares no volume at all, so that every such charge is $0.00 until volumes are added
//! (SPEC §5). An imported scenario without volumes otherwise passes every gate at $0.00.

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::model::Category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::NoDeclaredVolumes,
    summary: "trails select a category of events (management, data, network activity) of which the scenario declares no volume: its charges are $0.00",
    fix: "declare the category's volumes: `trailplan usage skeleton` writes them at zero to fill in, `usage logs` and `usage bill` measure them",
    docs: include_str!("../../docs/rules/no-declared-volumes.md"),
    check,
};

/// The `trails` select events of `category`, and no volume of the scenario is of it.
pub(crate) struct NoDeclaredVolumes<'a> {
    pub(crate) category: Category,
    pub(crate) trails: Vec<&'a str>,
}

/// `management`, `data`, `network activity`: the category as a message names it.
fn words(category: Category) -> &'static str {
    match category {
        Category::Management => "management",
        Category::Data => "data",
        Category::NetworkActivity => "network activity",
    }
}

impl Violation for NoDeclaredVolumes<'_> {
    const RULE: Rule = Rule::NoDeclaredVolumes;

    fn message(&self) -> String {
        let what = words(self.category);
        let (noun, verb) = if self.trails.len() == 1 {
            ("trail", "selects")
        } else {
            ("trails", "select")
        };
        format!(
            "{noun} {} {verb} {what} events, but the scenario declares no {what} volume: \
             every {what} event charge is $0.00 until volumes are added \
             (`trailplan usage skeleton`, `usage logs`, `usage bill`)",
            self.trails.join(", ")
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .text("category", words(self.category))
            .count("trails", u64::try_from(self.trails.len()).unwrap_or(u64::MAX))
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let scenario = cx.scenario;
    for category in [
        Category::Management,
        Category::Data,
        Category::NetworkActivity,
    ] {
        let declared = scenario
            .volumes
            .iter()
            .any(|v| scenario.shapes[v.shape].category == category);
        if declared {
            continue;
        }
        let trails: Vec<&str> = scenario
            .trails
            .iter()
            .filter(|t| t.logging && t.may_select(category, None))
            .map(|t| t.name.as_str())
            .collect();
        if trails.is_empty() {
            continue;
        }
        cx.report(&NoDeclaredVolumes { category, trails })
            .subject(words(category))
            .push(out);
    }
}
