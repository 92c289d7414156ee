//! CT120: the monthly total is above `policy.monthly_budget`.

use super::{Context, Data, Definition, Finding, Rule, Violation};
use crate::money::exact_amount;
use rust_decimal::Decimal;

pub(crate) static RULE: Definition = Definition {
    rule: Rule::BudgetExceeded,
    summary: "the total is above policy.monthly_budget",
    fix: "cut the paid copies and data events that cost most, or raise the budget",
    docs: include_str!("../../docs/rules/budget-exceeded.md"),
    check,
};

/// The monthly total is above the budget.
pub(crate) struct BudgetExceeded<'a> {
    pub(crate) total: Decimal,
    pub(crate) budget: Decimal,
    pub(crate) currency: &'a str,
}

impl BudgetExceeded<'_> {
    /// By how much the total is above the budget.
    fn over(&self) -> Decimal {
        self.total - self.budget
    }
}

impl Violation for BudgetExceeded<'_> {
    const RULE: Rule = Rule::BudgetExceeded;

    fn message(&self) -> String {
        format!(
            "the monthly total {} is above the budget {} by {}",
            exact_amount(self.total, self.currency),
            exact_amount(self.budget, self.currency),
            exact_amount(self.over(), self.currency)
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .money("total", self.total)
            .money("budget", self.budget)
            .money("over", self.over())
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if let Some((budget, span)) = &cx.scenario.policy.monthly_budget {
        let total = cx.costing.total;
        if total > *budget {
            cx.report(&BudgetExceeded {
                total,
                budget: *budget,
                currency: cx.scenario.prices.currency.as_str(),
            })
            .at(span)
            .push(out);
        }
    }
}
