//! CT104: a volume puts a global service's management events (IAM, STS, CloudFront, sign-in,
//! Route 53) in a region other than the one where its partition records them (`us-east-1`,
//! `us-gov-west-1`, `cn-north-1`; CloudFront's in `cn-northwest-1` in China). STS events elsewhere
//! come from regional endpoints and are regional events: no finding. The volume is priced as
//! declared.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::GlobalEventsOutsideUsEast1,
    summary: "a volume puts a global service's events outside its partition's global-events region (STS excepted: regional endpoints)",
    fix: "declare global service events in the partition's global-events region only (us-east-1 in aws)",
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
        let source = shape.event_source.as_deref().unwrap_or_default();
        let recorded = s.partition.global_events_region_of(source);
        let elsewhere: Vec<&str> = volume
            .regions
            .iter()
            .filter(|&&r| !s.records_global_events(source, r))
            .map(|&r| s.regions[r].name.as_str())
            .collect();
        if let Some(first) = elsewhere.first() {
            let mut finding = cx.finding(
                &RULE,
                format!(
                    "{source} events are global and recorded in {recorded} (partition {}), but this volume puts them in {}",
                    s.partition.name(),
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
