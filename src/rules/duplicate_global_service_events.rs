//! CT102: more than one trail receives an account's global service events (IAM, STS, CloudFront,
//! sign-in, Route 53), which are recorded in the partition's global-events region (us-east-1 in
//! `aws`). AWS recommends that only one trail include them; every other copy is a paid duplicate.
//! The advice never asks a multi-region trail to leave them out: AWS refuses that (CT012), so two
//! multi-region trails are merged instead.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events>

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::model::Category;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::DuplicateGlobalServiceEvents,
    summary: "more than one trail receives the global service events of an account",
    fix: "keep one trail with global service events: set include_global_service_events = false on the single-region ones (a multi-region trail must include them, CT012), or merge multi-region trails",
    docs: include_str!("../../docs/rules/duplicate-global-service-events.md"),
    check,
};

/// More than one trail receives an account's global service events.
pub(crate) struct DuplicateGlobalServiceEvents<'a> {
    pub(crate) account: &'a str,
    /// The receiving trails, in free-copy order.
    pub(crate) trails: Vec<&'a str>,
    /// What to change.
    pub(crate) advice: String,
}

impl Violation for DuplicateGlobalServiceEvents<'_> {
    const RULE: Rule = Rule::DuplicateGlobalServiceEvents;

    fn message(&self) -> String {
        format!(
            "{} trails receive the global service events of account {} ({}); {}",
            self.trails.len(),
            self.account,
            self.trails.join(", "),
            self.advice
        )
    }

    fn data(&self) -> Data {
        Data::default().count("trails", self.trails.len() as u64)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    let Some(r) = s.global_events_region() else {
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
            cx.report(&DuplicateGlobalServiceEvents {
                account: cx.account(a),
                trails: receiving
                    .iter()
                    .map(|&t| s.trails[t].name.as_str())
                    .collect(),
                advice: advice(s, &receiving),
            })
            .trail(second)
            .account(a)
            .region(r)
            .push(out);
        }
    }
}
/// What to change, given the receiving trails in free-copy order (the first keeps the events):
/// single-region trails can leave global service events out; multi-region trails cannot (AWS
/// refuses `include_global_service_events = false` on them, CT012), so two of them are merged.
fn advice(s: &crate::model::Scenario, receiving: &[usize]) -> String {
    let quote = |ts: &[usize]| {
        ts.iter()
            .map(|&t| s.trails[t].name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let multi: Vec<usize> = receiving
        .iter()
        .copied()
        .filter(|&t| s.trails[t].multi_region)
        .collect();
    let single: Vec<usize> = receiving
        .iter()
        .copied()
        .filter(|&t| !s.trails[t].multi_region)
        .collect();
    // With a multi-region trail among them it keeps the events; else the first single-region one.
    let drop_single = if multi.is_empty() {
        single.get(1..).unwrap_or_default()
    } else {
        &single[..]
    };
    let mut parts = Vec::new();
    if !drop_single.is_empty() {
        parts.push(format!(
            "set include_global_service_events = false on single-region {}",
            quote(drop_single)
        ));
    }
    if multi.len() > 1 {
        parts.push(format!(
            "multi-region trails must include them (CT012), so merge {} into one trail",
            quote(&multi)
        ));
    }
    parts.join("; and ")
}
