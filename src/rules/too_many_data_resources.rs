//! CT004: a trail's basic event selectors name more than 250 data resources.
//!
//! Values are summed across all the trail's selectors; a value that selects every resource of its
//! type (`arn:aws:s3:::`, `arn:aws:lambda`, ...) does not count.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};
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

/// A trail's basic event selectors name more data resources than CloudTrail allows.
pub(crate) struct TooManyDataResources<'a> {
    pub(crate) trail: &'a str,
    pub(crate) data_resources: usize,
    pub(crate) limit: usize,
}

impl Violation for TooManyDataResources<'_> {
    const RULE: Rule = Rule::TooManyDataResources;

    fn message(&self) -> String {
        format!(
            "trail {}'s event selectors name {} data resources; CloudTrail allows {}",
            self.trail, self.data_resources, self.limit
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("data_resources", self.data_resources as u64)
            .count("limit", self.limit as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    super::trails_over_limit(cx, out, LIMIT, count, |trail, data_resources| TooManyDataResources {
        trail,
        data_resources,
        limit: LIMIT,
    });
}
