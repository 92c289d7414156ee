//! CT103: an account and region has management events that no trail delivers. Event history keeps
//! 90 days of them for free, but nothing is archived, analyzed or alerted on.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html>

use super::{Context, Definition, Finding, Rule, group_digits};
use crate::model::Category;
use crate::pricing::Kind;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::UnloggedManagementEvents,
    summary: "an account and region has management volume but no trail delivers it",
    fix: "add a multi-region (or organization) trail that logs management events",
    docs: include_str!("../../docs/rules/unlogged-management-events.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let s = cx.scenario;
    let regions = s.regions.len();
    // Each delivered management event has exactly one free copy: what pricing counted as free in a
    // cell is what some trail delivers there.
    let mut delivered = vec![0u64; s.accounts.len() * regions];
    for c in cx
        .costing
        .charges
        .iter()
        .filter(|c| c.kind == Kind::ManagementFree)
    {
        let cell = &mut delivered[c.account * regions + c.region];
        *cell = cell.saturating_add(c.events);
    }
    for a in 0..s.accounts.len() {
        for r in 0..regions {
            let total = cx
                .selection
                .streams(a, r)
                .iter()
                .filter(|stream| s.shapes[stream.shape].category == Category::Management)
                .fold(0u64, |sum, stream| {
                    sum.saturating_add(stream.read).saturating_add(stream.write)
                });
            let unlogged = total.saturating_sub(delivered[a * regions + r]);
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
                .count("unlogged", unlogged)
                .count("events", total)
                .account(a)
                .region(r)
                .push(out);
            }
        }
    }
}
