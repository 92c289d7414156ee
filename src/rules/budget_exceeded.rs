//! CT120: the monthly total is above `policy.monthly_budget`.

use super::{Context, Definition, Finding, Rule};
use crate::money::exact_amount;

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
            cx.finding(&RULE, {
                let currency = cx.scenario.prices.currency.as_str();
                format!(
                    "the monthly total {} is above the budget {} by {}",
                    exact_amount(total, currency),
                    exact_amount(*budget, currency),
                    exact_amount(total - *budget, currency)
                )
            })
            .money("total", total)
            .money("budget", *budget)
            .money("over", total - *budget)
            .at(span)
            .push(out);
        }
    }
}
