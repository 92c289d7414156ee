//! CT002: a trail has more than 5 basic event selectors.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) const LIMIT: usize = crate::limits::EVENT_SELECTORS_PER_TRAIL;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::TooManyEventSelectors,
    summary: "a trail has more than 5 basic event selectors",
    fix: "combine selectors with the same read/write type, or use advanced event selectors",
    docs: include_str!("../../docs/rules/too-many-event-selectors.md"),
    check,
};

/// A trail has more basic event selectors than CloudTrail allows.
pub(crate) struct TooManyEventSelectors<'a> {
    pub(crate) trail: &'a str,
    pub(crate) selectors: usize,
    pub(crate) limit: usize,
}

impl Violation for TooManyEventSelectors<'_> {
    const RULE: Rule = Rule::TooManyEventSelectors;

    fn message(&self) -> String {
        format!(
            "trail {} has {} event selectors; CloudTrail allows {}",
            self.trail, self.selectors, self.limit
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("selectors", self.selectors as u64)
            .count("limit", self.limit as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if trail.basic.len() > LIMIT {
            cx.report(&TooManyEventSelectors {
                trail: &trail.name,
                selectors: trail.basic.len(),
                limit: LIMIT,
            })
            .trail(t)
            .account(trail.account)
            .at(&trail.basic[LIMIT].span)
            .push(out);
        }
    }
}
