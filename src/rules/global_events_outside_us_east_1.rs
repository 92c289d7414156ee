//! CT104: a volume puts a global service's management events (IAM, STS, CloudFront, sign-in,
//! Route 53) in a region other than the one where its partition records them (`us-east-1`,
//! `us-gov-west-1`, `cn-north-1`; CloudFront's in `cn-northwest-1` in China). STS events elsewhere
//! come from regional endpoints and are regional events: no finding. The volume is priced as
//! declared.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::GlobalEventsOutsideUsEast1,
    summary: "a volume puts a global service's events outside its partition's global-events region (STS excepted: regional endpoints)",
    fix: "declare global service events in the partition's global-events region only (us-east-1 in aws)",
    docs: include_str!("../../docs/rules/global-events-outside-us-east-1.md"),
    check,
};

/// A volume puts a global service's events outside the region where its partition records them.
pub(crate) struct GlobalEventsOutsideUsEast1<'a> {
    pub(crate) event_source: &'a str,
    pub(crate) recorded: &'static str,
    pub(crate) partition: &'static str,
    /// Where the volume puts them instead.
    pub(crate) regions: Vec<&'a str>,
}

impl Violation for GlobalEventsOutsideUsEast1<'_> {
    const RULE: Rule = Rule::GlobalEventsOutsideUsEast1;

    fn message(&self) -> String {
        format!(
            "{} events are global and recorded in {} (partition {}), but this volume puts them in {}",
            self.event_source,
            self.recorded,
            self.partition,
            self.regions.join(", ")
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .text("event_source", self.event_source)
            .count("regions", self.regions.len() as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    for volume in &s.volumes {
        let shape = &s.shapes[volume.shape];
        if !shape.is_global_service() {
            continue;
        }
        let source = shape.event_source.as_deref().unwrap_or_default();
        let elsewhere: Vec<&str> = volume
            .regions
            .iter()
            .filter(|&&r| !s.records_global_events(source, r))
            .map(|&r| s.regions[r].name.as_str())
            .collect();
        if let Some(first) = elsewhere.first() {
            let only = (elsewhere.len() == 1).then(|| (*first).to_string());
            let mut finding = cx.report(&GlobalEventsOutsideUsEast1 {
                event_source: source,
                recorded: s.partition.global_events_region_of(source),
                partition: s.partition.name(),
                regions: elsewhere,
            });
            finding.finding.region = only;
            finding.at(&volume.span).push(out);
        }
    }
}
