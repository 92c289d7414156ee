//! CT102: more than one trail receives an account's global service events (IAM, STS, CloudFront,
//! sign-in, Route 53), which are recorded in us-east-1. AWS recommends that only one trail include
//! them; every other copy is a paid duplicate.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>

use super::{Context, Definition, Finding, Rule};
use crate::aws::GLOBAL_EVENTS_REGION;
use crate::model::Category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::DuplicateGlobalServiceEvents,
    summary: "more than one trail receives the global service events of an account",
    fix: "set include_global_service_events = false on every single-region trail but one",
    docs: include_str!("../../docs/rules/duplicate-global-service-events.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    let Some(r) = s
        .regions
        .iter()
        .position(|r| r.name == GLOBAL_EVENTS_REGION)
    else {
        return;
    };
    for a in 0..s.accounts.len() {
        // Per direction: a read-only trail beside a write-only trail receives each global event
        // once, which is no duplicate.
        let receiving = |read_only: bool| -> Vec<usize> {
            cx.selection
                .covering(s, a, r)
                .filter(|&t| {
                    let trail = &s.trails[t];
                    trail.logging
                        && trail.include_global_service_events
                        && trail.may_select(Category::Management, Some(read_only))
                })
                .collect()
        };
        let (reads, writes) = (receiving(true), receiving(false));
        let receiving = if writes.len() > reads.len() {
            writes
        } else {
            reads
        };
        if let [_, second, ..] = receiving[..] {
            let names: Vec<&str> = receiving
                .iter()
                .map(|&t| s.trails[t].name.as_str())
                .collect();
            cx.finding(
                &RULE,
                format!(
                    "{} trails receive the global service events of account {} ({})",
                    receiving.len(),
                    cx.account(a),
                    names.join(", ")
                ),
            )
            .count("trails", receiving.len() as u64)
            .trail(second)
            .account(a)
            .region(r)
            .push(out);
        }
    }
}
