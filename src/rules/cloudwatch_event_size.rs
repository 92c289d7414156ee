//! CT107: a trail delivers to CloudWatch Logs, where events larger than 256 KB never arrive.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html>

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::CloudwatchEventSize,
    summary: "a trail delivers to CloudWatch Logs: events over 256 KB will not arrive",
    fix: "rely on the S3 copy for complete records; alert on CloudWatch Logs knowing large events are missing",
    docs: include_str!("../../docs/rules/cloudwatch-event-size.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (t, trail) in cx.scenario.trails.iter().enumerate() {
        if trail.cloudwatch_logs {
            cx.finding(
                &RULE,
                format!(
                    "trail {} delivers to CloudWatch Logs: events larger than {} KB will not arrive there",
                    trail.name,
                    crate::limits::CLOUDWATCH_EVENT_KB
                ),
            )
            .count("limit_kb", crate::limits::CLOUDWATCH_EVENT_KB)
            .trail(t)
            .account(trail.account)
            .push(out);
        }
    }
}
