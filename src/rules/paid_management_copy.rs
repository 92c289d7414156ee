//! CT101: an account and region receives more than one copy of some management events; every copy
//! after the first is charged.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html>

use super::{Context, Definition, Finding, Rule, group_digits};
use crate::money::amount;
use crate::pricing::Kind;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::PaidManagementCopy,
    summary: "an account and region receives more than one copy of some management events",
    fix: "narrow the second trail to the events it needs, or drop it and share the first trail's logs",
    docs: include_str!("../../docs/rules/paid-management-copy.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for charge in cx
        .costing
        .charges
        .iter()
        .filter(|c| c.kind == Kind::ManagementPaid)
    {
        let trail = &cx.scenario.trails[charge.trail];
        cx.finding(
            &RULE,
            format!(
                "trail {} delivers a paid copy of {} management events in {}/{} ({} a month)",
                trail.name,
                group_digits(charge.events),
                cx.account(charge.account),
                cx.region(charge.region),
                amount(charge.cost, &cx.scenario.prices.currency)
            ),
        )
        .count("events", charge.events)
        .money("cost", charge.cost)
        .trail(charge.trail)
        .account(charge.account)
        .region(charge.region)
        .push(out);
    }
}
