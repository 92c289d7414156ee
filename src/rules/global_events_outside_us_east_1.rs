//! CT104: a volume puts a global service's management events (IAM, STS, CloudFront, sign-in,
//! Route 53) in a region other than us-east-1, where AWS records them. The volume is priced as
//! declared.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>

use super::{Context, Definition, Finding, Rule};
use crate::aws::GLOBAL_EVENTS_REGION;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::GlobalEventsOutsideUsEast1,
    summary: "a volume puts a global service's events in another region",
    fix: "declare global service events in us-east-1 only",
    docs: include_str!("../../docs/rules/global-events-outside-us-east-1.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    for volume in &s.volumes {
        let shape = &s.shapes[volume.shape];
        if !shape.is_global_service() {
            continue;
        }
        let elsewhere: Vec<&str> = volume
            .regions
            .iter()
            .map(|&r| s.regions[r].name.as_str())
            .filter(|&r| r != GLOBAL_EVENTS_REGION)
            .collect();
        if let Some(first) = elsewhere.first() {
            let mut finding = cx.finding(
                &RULE,
                format!(
                    "{} events are global and recorded in {GLOBAL_EVENTS_REGION}, but this volume puts them in {}",
                    shape.event_source.as_deref().unwrap_or_default(),
                    elsewhere.join(", ")
                ),
            );
            if elsewhere.len() == 1 {
                finding.finding.region = Some((*first).to_string());
            }
            finding
                .text(
                    "event_source",
                    shape.event_source.as_deref().unwrap_or_default(),
                )
                .count("regions", elsewhere.len() as u64)
                .at(&volume.span)
                .push(out);
        }
    }
}
