//! CT004: a trail's basic event selectors name more than 250 data resources.
//!
//! Values are summed across all the trail's selectors; a value that selects every resource of its
//! type (`arn:aws:s3:::`, `arn:aws:lambda`, ...) does not count.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Definition, Finding, Rule};
use crate::aws::ALL_RESOURCES_VALUES;
use crate::model::Trail;

pub(crate) const LIMIT: usize = crate::limits::DATA_RESOURCES_PER_TRAIL;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::TooManyDataResources,
    summary: "a trail's basic selectors name more than 250 data resources",
    fix: "select whole buckets or prefixes, or move to advanced selectors with starts_with",
    docs: include_str!("../../docs/rules/too-many-data-resources.md"),
    check,
};

/// The data resources a trail's basic selectors name, as CloudTrail counts them.
pub(crate) fn count(trail: &Trail) -> usize {
    trail
        .basic
        .iter()
        .flat_map(|sel| &sel.data_resources)
        .flat_map(|dr| &dr.values)
        .filter(|(v, _)| !ALL_RESOURCES_VALUES.contains(&v.as_str()))
        .count()
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        let resources = count(trail);
        if resources > LIMIT {
            cx.finding(
                &RULE,
                format!(
                    "trail {}'s event selectors name {resources} data resources; CloudTrail allows {LIMIT}",
                    trail.name
                ),
            )
            .count("data_resources", resources as u64)
            .count("limit", LIMIT as u64)
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
