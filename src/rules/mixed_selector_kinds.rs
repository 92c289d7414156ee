//! CT005: a trail has both basic and advanced event selectors, which AWS refuses. trailplan prices
//! the union of what each kind selects.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html>

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::MixedSelectorKinds,
    summary: "a trail has both basic and advanced selectors",
    fix: "rewrite the basic selectors as advanced selectors (or the reverse)",
    docs: include_str!("../../docs/rules/mixed-selector-kinds.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if let (Some(_), Some(first_advanced)) = (trail.basic.first(), trail.advanced.first()) {
            cx.finding(
                &RULE,
                format!(
                    "trail {} has {} basic and {} advanced event selectors; a trail uses one kind",
                    trail.name,
                    trail.basic.len(),
                    trail.advanced.len()
                ),
            )
            .count("basic", trail.basic.len() as u64)
            .count("advanced", trail.advanced.len() as u64)
            .trail(t)
            .account(trail.account)
            .at(&first_advanced.span)
            .push(out);
        }
    }
}
