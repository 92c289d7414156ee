//! CT005: a trail has both basic and advanced event selectors, which AWS refuses. trailplan prices
//! the union of what each kind selects.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::MixedSelectorKinds,
    summary: "a trail has both basic and advanced selectors",
    fix: "rewrite the basic selectors as advanced selectors (or the reverse)",
    docs: include_str!("../../docs/rules/mixed-selector-kinds.md"),
    check,
};

/// A trail has both basic and advanced event selectors.
pub(crate) struct MixedSelectorKinds<'a> {
    pub(crate) trail: &'a str,
    pub(crate) basic: usize,
    pub(crate) advanced: usize,
}

impl Violation for MixedSelectorKinds<'_> {
    const RULE: Rule = Rule::MixedSelectorKinds;

    fn message(&self) -> String {
        format!(
            "trail {} has {} basic and {} advanced event selectors; a trail uses one kind",
            self.trail, self.basic, self.advanced
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("basic", self.basic as u64)
            .count("advanced", self.advanced as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if let (Some(_), Some(first_advanced)) = (trail.basic.first(), trail.advanced.first()) {
            cx.report(&MixedSelectorKinds {
                trail: &trail.name,
                basic: trail.basic.len(),
                advanced: trail.advanced.len(),
            })
            .trail(t)
            .account(trail.account)
            .at(&first_advanced.span)
            .push(out);
        }
    }
}
