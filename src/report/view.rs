//! How much of a large plan the people-facing reports show: `--by KEY` sums the line items by trail,
//! account, region, payer or kind; `--top N` keeps the N costliest lines or groups and sums the rest
//! into one line. Every sum is exact; JSON always carries every line.

use crate::model::Scenario;
use crate::money::amount;
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::group_digits;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The key line items are summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Trail,
    Account,
    Region,
    Payer,
    Kind,
}

impl GroupBy {
    pub(crate) fn label(self) -> &'static str {
        match self {
            GroupBy::Trail => "Trail",
            GroupBy::Account => "Account",
            GroupBy::Region => "Region",
            GroupBy::Payer => "Payer",
            GroupBy::Kind => "Kind",
        }
    }
}

/// `--top all`: every line item (or group) is shown.
pub const ALL: usize = usize::MAX;

/// What the table and markdown reports show of the line items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub by: Option<GroupBy>,
    pub top: Option<usize>,
}

/// Line items summed under one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) key: String,
    pub(crate) lines: usize,
    pub(crate) cost: Decimal,
}

/// The line items summed by `by`, costliest first (ties in key order).
pub(crate) fn groups(plan: &Plan, by: GroupBy) -> Vec<Group> {
    let s = &plan.scenario;
    let mut sums: HashMap<&str, (usize, Decimal)> = HashMap::new();
    for c in &plan.costing.charges {
        let key = match by {
            GroupBy::Trail => s.trails[c.trail].name.as_str(),
            GroupBy::Account => s.accounts[c.account].name.as_str(),
            GroupBy::Region => s.regions[c.region].name.as_str(),
            GroupBy::Payer => s.accounts[c.payer].name.as_str(),
            GroupBy::Kind => c.kind.as_str(),
        };
        let entry = sums.entry(key).or_insert((0, Decimal::ZERO));
        entry.0 += 1;
        entry.1 = entry.1.saturating_add(c.cost);
    }
    let mut out: Vec<Group> = sums
        .into_iter()
        .map(|(key, (lines, cost))| Group {
            key: key.to_string(),
            lines,
            cost,
        })
        .collect();
    out.sort_by(|a, b| b.cost.cmp(&a.cost).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The line items, costliest first when `ranked` (stable for equal costs), else in report order;
/// the first `top` of them when given.
pub(crate) fn top_charges(plan: &Plan, top: Option<usize>, ranked: bool) -> Vec<&Charge> {
    let mut charges: Vec<&Charge> = plan.costing.charges.iter().collect();
    if ranked || top.is_some() {
        charges.sort_by_key(|c| std::cmp::Reverse(c.cost));
    }
    if let Some(n) = top {
        charges.truncate(n);
    }
    charges
}

/// The `n` costliest line items, as indices into the plan's line items, costliest first (equal
/// costs in report order), and the exact sum of the others when any is left out. Selects rather
/// than sorts every line item: a large plan has a million of them.
pub(crate) fn costliest(plan: &Plan, n: usize) -> (Vec<usize>, Option<Rest>) {
    let charges = &plan.costing.charges;
    let mut order: Vec<usize> = (0..charges.len()).collect();
    let key = |i: &usize| (std::cmp::Reverse(charges[*i].cost), *i);
    if n < order.len() {
        order.select_nth_unstable_by_key(n, key);
    }
    let rest = (n < order.len()).then(|| Rest {
        count: order.len() - n,
        cost: order[n..]
            .iter()
            .map(|&i| charges[i].cost)
            .fold(Decimal::ZERO, Decimal::saturating_add),
    });
    order.truncate(n);
    order.sort_unstable_by_key(key);
    (order, rest)
}

/// The column heads of a line item, in the order of [`ChargeRow`]'s fields.
pub(crate) const CHARGE_COLUMNS: [&str; 8] = [
    "Trail", "Payer", "Account", "Region", "Kind", "Events", "per 100k", "Cost",
];

/// One line item as people read it, for every people-facing format: names resolved, counts
/// grouped, money rounded to cents once. Each format only escapes and lays the cells out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ChargeRow<'a> {
    pub(crate) trail: &'a str,
    pub(crate) payer: &'a str,
    pub(crate) account: &'a str,
    pub(crate) region: &'a str,
    pub(crate) kind: &'static str,
    /// The bill's name of the line, `USE1-PaidEventsRecorded` (`none` without a billing code).
    pub(crate) usage_type: String,
    /// `1,500,000`.
    pub(crate) events: String,
    /// `$2.00`.
    price_per_100k: String,
    /// `$30.00`.
    pub(crate) cost: String,
    /// The exact values, for tooltips.
    pub(crate) exact_price: Decimal,
    pub(crate) exact_cost: Decimal,
}

impl<'a> ChargeRow<'a> {
    pub(crate) fn of(s: &'a Scenario, c: &Charge) -> ChargeRow<'a> {
        ChargeRow {
            trail: &s.trails[c.trail].name,
            payer: &s.accounts[c.payer].name,
            account: &s.accounts[c.account].name,
            region: &s.regions[c.region].name,
            kind: c.kind.as_str(),
            usage_type: c
                .kind
                .usage_type(&s.regions[c.region].name)
                .unwrap_or_else(|| "none".into()),
            events: group_digits(c.events),
            price_per_100k: amount(c.price_per_100k, &s.prices.currency),
            cost: amount(c.cost, &s.prices.currency),
            exact_price: c.price_per_100k,
            exact_cost: c.cost,
        }
    }
}

/// A kind of line item as people say it; the identifier stays in JSON and in tooltips.
pub(crate) fn kind_label(kind: crate::pricing::Kind) -> &'static str {
    use crate::pricing::Kind;
    match kind {
        Kind::ManagementFree => "Management, first copy (free)",
        Kind::ManagementPaid => "Management, paid copies",
        Kind::Data => "Data events",
        Kind::NetworkActivity => "Network activity events",
        Kind::InsightsApiCallRate => "Insights: API call rate",
        Kind::InsightsApiErrorRate => "Insights: API error rate",
        Kind::DataInsightsApiCallRate => "Data Insights: API call rate",
        Kind::DataInsightsApiErrorRate => "Data Insights: API error rate",
    }
}

/// The fixed colour (0..6) of a kind in every chart: management blue, data orange, network green,
/// Insights purple, Data Insights red; the free copy grey.
pub(crate) fn kind_colour(kind: crate::pricing::Kind) -> usize {
    use crate::pricing::Kind;
    match kind {
        Kind::ManagementPaid => 0,
        Kind::Data => 1,
        Kind::NetworkActivity => 2,
        Kind::InsightsApiCallRate | Kind::InsightsApiErrorRate => 3,
        Kind::DataInsightsApiCallRate | Kind::DataInsightsApiErrorRate => 4,
        Kind::ManagementFree => 5,
    }
}

/// A share of a whole for people, to one decimal: `<0.1 %` for a positive share that would round
/// to zero, never a false `0 %`.
pub(crate) fn share(part: Decimal, whole: Decimal) -> String {
    if whole <= Decimal::ZERO {
        return "–".into();
    }
    let Some(v) = part
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_div(whole))
    else {
        return "–".into();
    };
    let rounded = v.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if rounded.is_zero() && part > Decimal::ZERO {
        "<0.1 %".into()
    } else {
        format!("{} %", rounded.normalize())
    }
}

/// What a "top N" leaves out: how many, and their exact sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rest {
    pub(crate) count: usize,
    pub(crate) cost: Decimal,
}

/// "Top N and the rest", for every format: the first `top` of `ranked` (all when `None`), and
/// what the others add up to when any is left out.
pub(crate) fn top_and_rest<T>(
    ranked: &[T],
    top: Option<usize>,
    cost: impl Fn(&T) -> Decimal,
) -> (&[T], Option<Rest>) {
    let shown = top.unwrap_or(ranked.len()).min(ranked.len());
    let (head, tail) = ranked.split_at(shown);
    let rest = (!tail.is_empty()).then(|| Rest {
        count: tail.len(),
        cost: tail
            .iter()
            .map(&cost)
            .fold(Decimal::ZERO, Decimal::saturating_add),
    });
    (head, rest)
}

#[cfg(test)]
mod tests {
    use super::{Rest, top_and_rest};
    use rust_decimal::Decimal;

    #[test]
    fn a_small_share_is_not_a_false_zero() {
        use super::share;
        assert_eq!(
            share(Decimal::new(52837, 2), Decimal::from(1_931_994)),
            "<0.1 %"
        );
        assert_eq!(share(Decimal::ZERO, Decimal::from(10)), "0 %");
        assert_eq!(share(Decimal::from(1), Decimal::from(3)), "33.3 %");
        assert_eq!(share(Decimal::from(1), Decimal::ZERO), "–");
    }

    #[test]
    fn top_and_rest_sums_what_it_leaves_out() {
        let costs = [
            Decimal::new(500, 2),
            Decimal::new(300, 2),
            Decimal::new(125, 2),
        ];
        let (shown, rest) = top_and_rest(&costs, Some(1), |d| *d);
        assert_eq!(shown, &costs[..1]);
        assert_eq!(
            rest,
            Some(Rest {
                count: 2,
                cost: Decimal::new(425, 2)
            })
        );
        assert_eq!(top_and_rest(&costs, None, |d| *d), (&costs[..], None));
        assert_eq!(top_and_rest(&costs, Some(9), |d| *d), (&costs[..], None));
        let (none, rest) = top_and_rest(&costs, Some(0), |d| *d);
        assert!(none.is_empty());
        assert_eq!(rest.map(|r| r.cost), Some(Decimal::new(925, 2)));
    }
}
