//! CT010: the scenario declares a region that AWS does not have.
//! <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>

use super::{Context, Definition, Finding, Rule, Violation};
use crate::aws::is_known;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnknownRegion,
    summary: "a declared region that AWS does not have",
    fix: "correct the region code (e.g. eu-west-1)",
    docs: include_str!("../../docs/rules/unknown-region.md"),
    check,
};

/// A declared region that AWS does not have; `near` is the did-you-mean hint.
pub(crate) struct UnknownRegion<'a> {
    pub(crate) region: &'a str,
    pub(crate) near: String,
}

impl Violation for UnknownRegion<'_> {
    const RULE: Rule = Rule::UnknownRegion;

    fn message(&self) -> String {
        format!("`{}` is not an AWS region{}", self.region, self.near)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (r, region) in cx.scenario.regions.iter().enumerate() {
        if !is_known(&region.name) {
            cx.report(&UnknownRegion {
                region: &region.name,
                near: crate::text::did_you_mean(&region.name, crate::aws::KNOWN_REGIONS),
            })
            .region(r)
            .at(&region.span)
            .push(out);
        }
    }
}
