//! The forecast (`[forecast]`, `--months`) and the downstream estimates (`[downstream]`) for the
//! people-facing text formats: a month-by-month block, and the first month over the budget named in
//! words. HTML draws the same numbers as a chart; JSON carries them exactly.

use crate::downstream::Downstream;
use crate::forecast::{CATEGORIES, Forecast, category_name};
use crate::money::{amount, count};
use crate::plan::Plan;
use rust_decimal::Decimal;

/// The first projected month whose total is above the budget, with that total.
fn first_month_over(forecast: &Forecast, budget: Decimal) -> Option<(u32, Decimal)> {
    forecast
        .months
        .iter()
        .find(|m| m.total > budget)
        .map(|m| (m.month, m.total))
}

/// The budget sentence of a forecast: which month first goes over it, or that none does.
pub(crate) fn budget_sentence(plan: &Plan) -> Option<String> {
    let forecast = plan.forecast.as_ref()?;
    let (budget, _) = plan.scenario.policy.monthly_budget.as_ref()?;
    let budget = *budget;
    let currency = plan.scenario.prices.currency.as_str();
    let money = |v: Decimal| amount(v, currency);
    Some(match first_month_over(forecast, budget) {
        Some((1, total)) => format!(
            "Over budget from month 1: {} against a budget of {} a month.",
            money(total),
            money(budget)
        ),
        Some((month, total)) => format!(
            "Month {month} is the first over the budget: {} against {} a month.",
            money(total),
            money(budget)
        ),
        None => format!(
            "Every one of the {} months stays within the budget of {} a month.",
            forecast.assumptions.months,
            money(budget)
        ),
    })
}

/// The growth a month of each category, as people read it: `management 10 %, data 0 %, ...`.
pub(crate) fn growth_line(forecast: &Forecast) -> String {
    CATEGORIES
        .iter()
        .map(|c| {
            let rate = forecast.assumptions.growth.of(*c);
            let shown = rate
                .checked_mul(Decimal::ONE_HUNDRED)
                .map_or_else(|| rate.to_string(), |v| format!("{} %", v.normalize()));
            format!("{} {shown}", category_name(*c))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The forecast's column heads: the month, one per category, the total and the running sum.
pub(crate) fn forecast_columns() -> Vec<&'static str> {
    let mut heads = vec!["Month"];
    heads.extend(CATEGORIES.iter().map(|c| category_name(*c)));
    heads.extend(["Total", "Cumulative"]);
    heads
}

/// One row of cells a month, money in `currency` rounded to cents once per cell.
pub(crate) fn forecast_rows(forecast: &Forecast, currency: &str) -> Vec<Vec<String>> {
    let money = |v: Decimal| amount(v, currency);
    let mut cumulative = Decimal::ZERO;
    forecast
        .months
        .iter()
        .map(|m| {
            cumulative = cumulative.saturating_add(m.total);
            let mut row = vec![m.month.to_string()];
            row.extend(m.cost.iter().map(|v| money(*v)));
            row.push(money(m.total));
            row.push(money(cumulative));
            row
        })
        .collect()
}

/// The downstream lines as cells: trail, payer, kind, events, quantity, estimate (in the scenario's
/// currency, as its `[downstream]` prices are).
pub(crate) fn downstream_rows(plan: &Plan, d: &Downstream) -> Vec<[String; 6]> {
    let s = &plan.scenario;
    d.lines
        .iter()
        .map(|l| {
            [
                s.trails[l.trail].name.clone(),
                s.accounts[l.payer].name.clone(),
                l.kind.as_str().to_string(),
                count(l.events),
                format!("{} {}", l.quantity.round_dp(3).normalize(), l.kind.unit()),
                amount(l.cost, &s.prices.currency),
            ]
        })
        .collect()
}

/// The column heads of [`downstream_rows`].
pub(crate) const DOWNSTREAM_COLUMNS: [&str; 6] =
    ["Trail", "Payer", "Kind", "Events", "Quantity", "Estimate"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{Assumptions, Month};
    use crate::model::forecast::{Growth, Spans};

    fn forecast(totals: &[i64]) -> Forecast {
        Forecast {
            assumptions: Assumptions {
                months: u32::try_from(totals.len()).unwrap_or(0),
                growth: Growth::default(),
                spans: Spans::default(),
            },
            months: totals
                .iter()
                .zip(1..)
                .map(|(t, month)| Month {
                    month,
                    factor: [Decimal::ONE; 3],
                    events: [Decimal::ZERO; 3],
                    cost: [Decimal::new(*t, 2), Decimal::ZERO, Decimal::ZERO],
                    total: Decimal::new(*t, 2),
                })
                .collect(),
            total: Decimal::ZERO,
        }
    }

    #[test]
    fn the_first_month_strictly_over_the_budget_is_named() {
        let f = forecast(&[7000, 7500, 7501, 8000]);
        assert_eq!(
            first_month_over(&f, Decimal::new(75, 0)),
            Some((3, Decimal::new(7501, 2)))
        );
        assert_eq!(first_month_over(&f, Decimal::new(80, 0)), None);
    }
}
