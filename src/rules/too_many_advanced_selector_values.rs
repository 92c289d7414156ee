//! CT003: a trail's advanced event selectors hold more than 500 values in all.
//!
//! Every value of every operator of every field selector counts, `eventCategory` included.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Definition, Finding, Rule};
use crate::model::Trail;

pub(crate) const LIMIT: usize = crate::limits::ADVANCED_SELECTOR_VALUES_PER_TRAIL;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::TooManyAdvancedSelectorValues,
    summary: "a trail's advanced selectors hold more than 500 values",
    fix: "replace lists of ARNs with shared prefixes (starts_with), or split the trail",
    docs: include_str!("../../docs/rules/too-many-advanced-selector-values.md"),
    check,
};

/// The values a trail's advanced selectors hold, as CloudTrail counts them.
pub(crate) fn count(trail: &Trail) -> usize {
    trail
        .advanced
        .iter()
        .flat_map(|sel| &sel.fields)
        .map(|f| {
            f.conditions.iter().map(|c| c.values.len()).sum::<usize>()
                + f.unknown_operators.iter().map(|(_, _, n)| n).sum::<usize>()
        })
        .sum()
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        let values = count(trail);
        if values > LIMIT {
            cx.finding(
                &RULE,
                format!(
                    "trail {}'s advanced event selectors hold {values} values; CloudTrail allows {LIMIT}",
                    trail.name
                ),
            )
            .count("values", values as u64)
            .count("limit", LIMIT as u64)
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
