//! CT120: the monthly total is above `policy.monthly_budget`.

use super::{Context, Definition, Finding, Rule};
use crate::money::exact;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::BudgetExceeded,
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
            .money("total", total)
            .money("budget", *budget)
            .money("over", total - *budget)
            .at(span)
            .push(out);
        }
    }
}
