//! CT002: a trail has more than 5 basic event selectors.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Definition, Finding, Rule};

pub(crate) const LIMIT: usize = crate::limits::EVENT_SELECTORS_PER_TRAIL;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::TooManyEventSelectors,
    summary: "a trail has more than 5 basic event selectors",
    fix: "combine selectors with the same read/write type, or use advanced event selectors",
    docs: include_str!("../../docs/rules/too-many-event-selectors.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if trail.basic.len() > LIMIT {
            cx.finding(
                &RULE,
                format!(
                    "trail {} has {} event selectors; CloudTrail allows {LIMIT}",
                    trail.name,
                    trail.basic.len()
                ),
            )
            .count("selectors", trail.basic.len() as u64)
            .count("limit", LIMIT as u64)
            .trail(t)
            .account(trail.account)
            .at(&trail.basic[LIMIT].span)
            .push(out);
        }
    }
}
