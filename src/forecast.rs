//! The months ahead: how the CloudTrail bill grows when the event volumes grow.
//!
//! The model, exact and simple enough to check by hand:
//!
//! - **Month 1 is the scenario as declared.** In month `m` the monthly volume of each event category
//!   is the declared volume × `(1 + g)^(m - 1)`, where `g` is the category's monthly growth
//!   (`[forecast.growth]`, else `monthly_growth`, else 0). Growth compounds per month.
//! - **Prices never grow.** The price book of the scenario applies to every month.
//! - **Fractional events are kept, not rounded.** `1,000,000 × 1.05^3` is `1,157,625` events, but
//!   `1,000 × 1.05^3` is `1,157.625`: the projected volume stays an exact decimal, and since CloudTrail's
//!   charges are linear in the number of events (`events × price / 100,000`), the projected cost of a
//!   category is exactly the declared month's cost of that category × `(1 + g)^(m - 1)`. Nothing is
//!   rounded until a report shows cents to people.
//! - **Insights follow the events they analyze**: management-event Insights grow with management
//!   events, data-event Insights with data events. The free first copy stays free.
//! - The growth factor is built by repeated checked multiplication. It is exact while it fits
//!   rust_decimal's 28 significant digits (e.g. `1.05^m` for `m ≤ 14`, `1.1^m` for `m ≤ 28`); past
//!   that the 29th digit onward is rounded, a relative error below 10⁻²⁷. A result too large for
//!   a `Decimal` is an error, never a panic and never a silent wrap.
//!
//! <https://aws.amazon.com/cloudtrail/pricing/>

use crate::error::{Error, SourceFile};
use crate::model::Category;
pub(crate) use crate::model::forecast::Assumptions;
pub use crate::model::forecast::MAX_MONTHS;
use crate::pricing::Costing;
use rust_decimal::Decimal;

/// The categories a forecast grows separately, in report order.
pub(crate) const CATEGORIES: [Category; 3] = [
    Category::Management,
    Category::Data,
    Category::NetworkActivity,
];

/// One projected month; arrays are indexed like [`CATEGORIES`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    clippy::struct_field_names,
    reason = "a month's number is its `month`, as the reports' column heads it"
)]
pub(crate) struct Month {
    /// 1-based: month 1 is the scenario as declared.
    pub(crate) month: u32,
    /// `(1 + g)^(month - 1)` per category.
    pub(crate) factor: [Decimal; 3],
    /// Delivered copies of events per category (exact, possibly fractional).
    pub(crate) events: [Decimal; 3],
    /// CloudTrail cost per category (deliveries and the Insights that analyze them).
    pub(crate) cost: [Decimal; 3],
    pub(crate) total: Decimal,
}

/// The month-by-month projection and its total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Forecast {
    pub(crate) assumptions: Assumptions,
    pub(crate) months: Vec<Month>,
    /// The exact sum of every month's total.
    pub(crate) total: Decimal,
}

/// Projects a priced month over the months of the assumptions.
pub(crate) fn project(
    assumptions: &Assumptions,
    costing: &Costing,
    source: &SourceFile,
) -> Result<Forecast, Error> {
    // An overflow names the value that drives it: the growth rate of the category whose amounts
    // overflowed (or, for a sum of categories, of the fastest-growing one), else `months`, else
    // the `[forecast]` table.
    let overflow = |category: usize| {
        let spans = &assumptions.spans;
        let span = spans.growth[category]
            .clone()
            .or_else(|| spans.months.clone())
            .or_else(|| spans.table.clone());
        source.error_at(
            span,
            format!(
                "the {}-month forecast exceeds what trailplan can represent exactly \
                 (lower `months` or the growth in [forecast])",
                assumptions.months
            ),
        )
    };
    let fastest = (0..3)
        .max_by_key(|&i| assumptions.growth.of(CATEGORIES[i]))
        .unwrap_or(0);
    let mut base_cost = [Decimal::ZERO; 3];
    let mut base_events = [Decimal::ZERO; 3];
    for c in &costing.charges {
        let i = index(c.kind.category());
        base_cost[i] = base_cost[i]
            .checked_add(c.cost)
            .ok_or_else(|| overflow(i))?;
        if c.kind.is_delivery() {
            base_events[i] = base_events[i]
                .checked_add(Decimal::from(c.events))
                .ok_or_else(|| overflow(i))?;
        }
    }
    let mut step = [Decimal::ONE; 3];
    for (i, c) in CATEGORIES.into_iter().enumerate() {
        step[i] = assumptions
            .growth
            .of(c)
            .checked_add(Decimal::ONE)
            .ok_or_else(|| overflow(i))?;
    }
    let mut factor = [Decimal::ONE; 3];
    let mut months = Vec::with_capacity(assumptions.months as usize);
    let mut total = Decimal::ZERO;
    for month in 1..=assumptions.months {
        if month > 1 {
            for i in 0..3 {
                factor[i] = factor[i].checked_mul(step[i]).ok_or_else(|| overflow(i))?;
            }
        }
        let mut events = [Decimal::ZERO; 3];
        let mut cost = [Decimal::ZERO; 3];
        let mut month_total = Decimal::ZERO;
        for i in 0..3 {
            events[i] = base_events[i]
                .checked_mul(factor[i])
                .ok_or_else(|| overflow(i))?
                .normalize();
            cost[i] = base_cost[i]
                .checked_mul(factor[i])
                .ok_or_else(|| overflow(i))?
                .normalize();
            month_total = month_total
                .checked_add(cost[i])
                .ok_or_else(|| overflow(fastest))?;
        }
        total = total
            .checked_add(month_total)
            .ok_or_else(|| overflow(fastest))?;
        months.push(Month {
            month,
            factor: factor.map(|f| f.normalize()),
            events,
            cost,
            total: month_total,
        });
    }
    Ok(Forecast {
        assumptions: assumptions.clone(),
        months,
        total,
    })
}

/// The position of a category in [`CATEGORIES`].
fn index(category: Category) -> usize {
    match category {
        Category::Management => 0,
        Category::Data => 1,
        Category::NetworkActivity => 2,
    }
}

/// The snake_case name of a category, as in the scenario.
pub(crate) fn category_name(category: Category) -> &'static str {
    category.key()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::forecast::Growth;
    use crate::pricing::{Charge, Kind};

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn costing(lines: &[(Kind, u64, &str)]) -> Costing {
        let charges: Vec<Charge> = lines
            .iter()
            .map(|&(kind, events, cost)| Charge {
                trail: 0,
                payer: 0,
                account: 0,
                region: 0,
                kind,
                events,
                price_per_100k: Decimal::ZERO,
                cost: d(cost),
            })
            .collect();
        let total = charges.iter().map(|c| c.cost).sum();
        Costing { charges, total }
    }

    #[test]
    fn growth_compounds_on_volumes_and_cost_is_linear() {
        let c = costing(&[
            (Kind::Data, 1_000, "1.00"),
            (Kind::ManagementPaid, 100, "2"),
        ]);
        let a = Assumptions {
            months: 3,
            growth: Growth {
                management: Decimal::ZERO,
                data: d("0.10"),
                network_activity: Decimal::ZERO,
            },
            spans: crate::model::forecast::Spans::default(),
        };
        let f = project(&a, &c, &SourceFile::new("s", "")).unwrap();
        let totals: Vec<Decimal> = f.months.iter().map(|m| m.total).collect();
        assert_eq!(totals, vec![d("3"), d("3.1"), d("3.21")]);
        assert_eq!(f.months[2].events[1], d("1210"));
        assert_eq!(f.total, d("9.31"));
    }

    #[test]
    fn long_forecasts_round_past_28_digits_and_overflow_is_an_error() {
        let c = costing(&[(Kind::Data, 1, "1")]);
        let mut a = Assumptions::flat(120);
        a.growth.data = d("0.05");
        assert!(project(&a, &c, &SourceFile::new("s", "")).is_ok());
        a.growth.data = d("10");
        let c = costing(&[(Kind::Data, 1, "1000000")]);
        assert!(project(&a, &c, &SourceFile::new("s", "")).is_err());
    }
}
