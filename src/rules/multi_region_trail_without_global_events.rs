//! CT012: a multi-region trail with `include_global_service_events = false`. AWS refuses it:
//! "Multi-Region trail must include global service events".
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html>

use super::{Context, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::MultiRegionTrailWithoutGlobalEvents,
    summary: "a multi-region trail sets include_global_service_events = false",
    fix: "keep global service events on multi-region trails; exclude them on a single-region trail instead",
    docs: include_str!("../../docs/rules/multi-region-trail-without-global-events.md"),
    check,
};

/// A multi-region trail that leaves global service events out.
pub(crate) struct MultiRegionTrailWithoutGlobalEvents<'a> {
    pub(crate) trail: &'a str,
}

impl Violation for MultiRegionTrailWithoutGlobalEvents<'_> {
    const RULE: Rule = Rule::MultiRegionTrailWithoutGlobalEvents;

    fn message(&self) -> String {
        format!(
            "multi-region trail {} sets include_global_service_events = false; AWS refuses it",
            self.trail
        )
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if trail.multi_region && !trail.include_global_service_events {
            let mut finding = cx
                .report(&MultiRegionTrailWithoutGlobalEvents { trail: &trail.name })
                .trail(t)
                .account(trail.account);
            if let Some(span) = &trail.include_global_span {
                finding = finding.at(span);
            }
            finding.push(out);
        }
    }
}
