//! CT103: an account and region has management events that no trail delivers. Event history keeps
//! 90 days of them for free, but nothing is archived, analyzed or alerted on.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html>

use super::{Context, Finding, Rule, Severity, group_digits};
use crate::model::Category;

pub(crate) static RULE: Rule = Rule {
    code: "CT103",
    name: "unlogged-management-events",
    severity: Severity::Warning,
    summary: "an account and region has management volume but no trail delivers it",
    fix: "add a multi-region (or organization) trail that logs management events",
    docs: include_str!("../../docs/rules/unlogged-management-events.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    let mut covering = Vec::new();
    for a in 0..s.accounts.len() {
        for r in 0..s.regions.len() {
            let streams = cx.selection.streams(a, r);
            if streams.is_empty() {
                continue;
            }
            covering.clear();
            covering.extend(cx.selection.covering(s, a, r));
            let (mut total, mut unlogged) = (0u64, 0u64);
            for stream in streams {
                if s.shapes[stream.shape].category != Category::Management {
                    continue;
                }
                for (read_only, count) in [(true, stream.read), (false, stream.write)] {
                    total = total.saturating_add(count);
                    let delivered = covering
                        .iter()
                        .any(|&t| cx.selection.delivers(t, stream.shape).get(read_only));
                    if !delivered {
                        unlogged = unlogged.saturating_add(count);
                    }
                }
            }
            if unlogged > 0 {
                cx.finding(
                    &RULE,
                    format!(
                        "{} of {} management events a month in {}/{} are delivered by no trail",
                        group_digits(unlogged),
                        group_digits(total),
                        cx.account(a),
                        cx.region(r)
                    ),
                )
                .account(a)
                .region(r)
                .push(out);
            }
        }
    }
}
