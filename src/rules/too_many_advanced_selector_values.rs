//! CT003: a trail's advanced event selectors hold more than 500 values in all.
//!
//! Every value of every operator of every field selector counts, `eventCategory` included.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
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

/// A trail's advanced event selectors hold more values than CloudTrail allows.
pub(crate) struct TooManyAdvancedSelectorValues<'a> {
    pub(crate) trail: &'a str,
    pub(crate) values: usize,
    pub(crate) limit: usize,
}

impl Violation for TooManyAdvancedSelectorValues<'_> {
    const RULE: Rule = Rule::TooManyAdvancedSelectorValues;

    fn message(&self) -> String {
        format!(
            "trail {}'s advanced event selectors hold {} values; CloudTrail allows {}",
            self.trail, self.values, self.limit
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("values", self.values as u64)
            .count("limit", self.limit as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::trails_over_limit(cx, out, LIMIT, count, |trail, values| TooManyAdvancedSelectorValues {
        trail,
        values,
        limit: LIMIT,
    });
}
