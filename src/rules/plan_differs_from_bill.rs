//! CT130: a group of the bill (account, region, usage type) differs from the plan by more than the
//! tolerance. Raised by `reconcile`, which reads the bill; planning a scenario alone never raises it.

use super::{Context, Definition, Finding, Rule};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::PlanDiffersFromBill,
    summary: "reconcile: a group's planned events or cost differ from the bill by more than the tolerance",
    fix: "find the trail or volume the difference comes from and correct the scenario (or the trails)",
    docs: include_str!("../../docs/rules/plan-differs-from-bill.md"),
    check,
};

/// Nothing to check in a plan alone: `reconcile` compares it with the bill.
fn check(_: &Context, _: &mut Vec<Finding>) {}
