//! CT120: the monthly total is above `policy.monthly_budget`.

use super::{Context, Finding, Rule, Severity};
use crate::money::exact;

pub(crate) static RULE: Rule = Rule {
    code: "CT120",
    name: "budget-exceeded",
    severity: Severity::Error,
    summary: "the total is above policy.monthly_budget",
    fix: "cut the paid copies and data events that cost most, or raise the budget",
    docs: include_str!("../../docs/rules/budget-exceeded.md"),
    check,
};

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if let Some((budget, span)) = &cx.scenario.policy.monthly_budget {
        let total = cx.costing.total;
        if total > *budget {
            cx.finding(
                &RULE,
                format!(
                    "the monthly total ${} is above the budget ${} by ${}",
                    exact(total),
                    exact(*budget),
                    exact(total - *budget)
                ),
            )
            .at(span)
            .push(out);
        }
    }
}
