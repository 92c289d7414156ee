//! CT101: an account and region receives more than one copy of some management events; every copy
//! after the first is charged.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html>

use super::{Context, Data, Definition, Finding, Rule, Violation, group_digits};
use crate::money::amount;
use crate::pricing::Kind;
use rust_decimal::Decimal;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::PaidManagementCopy,
    summary: "an account and region receives more than one copy of some management events",
    fix: "narrow the second trail to the events it needs, or drop it and share the first trail's logs",
    docs: include_str!("../../docs/rules/paid-management-copy.md"),
    check,
};

/// A trail delivers a paid copy of management events in an account and region.
pub(crate) struct PaidManagementCopy<'a> {
    pub(crate) trail: &'a str,
    pub(crate) events: u64,
    pub(crate) account: &'a str,
    pub(crate) region: &'a str,
    pub(crate) cost: Decimal,
    pub(crate) currency: &'a str,
}

impl Violation for PaidManagementCopy<'_> {
    const RULE: Rule = Rule::PaidManagementCopy;

    fn message(&self) -> String {
        format!(
            "trail {} delivers a paid copy of {} management events in {}/{} ({} a month)",
            self.trail,
            group_digits(self.events),
            self.account,
            self.region,
            amount(self.cost, self.currency)
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .count("events", self.events)
            .money("cost", self.cost)
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    for charge in cx
        .costing
        .charges
        .iter()
        .filter(|c| c.kind == Kind::ManagementPaid)
    {
        cx.report(&PaidManagementCopy {
            trail: &cx.scenario.trails[charge.trail].name,
            events: charge.events,
            account: cx.account(charge.account),
            region: cx.region(charge.region),
            cost: charge.cost,
            currency: &cx.scenario.prices.currency,
        })
        .trail(charge.trail)
        .account(charge.account)
        .region(charge.region)
        .push(out);
    }
}
