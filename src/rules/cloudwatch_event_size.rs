//! CT107: a trail delivers to CloudWatch Logs, where events larger than 256 KB never arrive.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Data, Definition, Finding, Rule, Violation};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::CloudwatchEventSize,
    summary: "a trail delivers to CloudWatch Logs: events over 256 KB will not arrive",
    fix: "rely on the S3 copy for complete records; alert on CloudWatch Logs knowing large events are missing",
    docs: include_str!("../../docs/rules/cloudwatch-event-size.md"),
    check,
};

/// A trail delivers to CloudWatch Logs, which drops events over `limit_kb`.
pub(crate) struct CloudwatchEventSize<'a> {
    pub(crate) trail: &'a str,
    pub(crate) limit_kb: u32,
}

impl Violation for CloudwatchEventSize<'_> {
    const RULE: Rule = Rule::CloudwatchEventSize;

    fn message(&self) -> String {
        format!(
            "trail {} delivers to CloudWatch Logs: events larger than {} KB will not arrive there",
            self.trail, self.limit_kb
        )
    }

    fn data(&self) -> Data {
        Data::default().count("limit_kb", self.limit_kb)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if trail.cloudwatch_logs {
            cx.report(&CloudwatchEventSize {
                trail: &trail.name,
                limit_kb: crate::limits::CLOUDWATCH_EVENT_KB,
            })
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
