//! How much of a large plan the people-facing reports show: `--by KEY` sums the line items by trail,
//! account, region, payer or kind; `--top N` keeps the N costliest lines or groups and sums the rest
//! into one line. Every sum is exact; JSON always carries every line.

use crate::model::Scenario;
use crate::money::amount;
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::group_digits;
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

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
    use crate::pricing::Kind;
    let s = &plan.scenario;
    // Summed by the index of the key first (a million line items, a few thousand keys), then by
    // its name, which two indices could share.
    let slots = match by {
        GroupBy::Trail => s.trails.len(),
        GroupBy::Account | GroupBy::Payer => s.accounts.len(),
        GroupBy::Region => s.regions.len(),
        GroupBy::Kind => Kind::ALL.len(),
    };
    let name = |i: usize| match by {
        GroupBy::Trail => s.trails[i].name.as_str(),
        GroupBy::Account | GroupBy::Payer => s.accounts[i].name.as_str(),
        GroupBy::Region => s.regions[i].name.as_str(),
        GroupBy::Kind => Kind::ALL[i].as_str(),
    };
    let slot = |c: &Charge| match by {
        GroupBy::Trail => c.trail,
        GroupBy::Account => c.account,
        GroupBy::Region => c.region,
        GroupBy::Payer => c.payer,
        GroupBy::Kind => Kind::ALL.iter().position(|k| *k == c.kind).unwrap_or(0),
    };
    let mut by_slot: Vec<(usize, Decimal)> = vec![(0, Decimal::ZERO); slots];
    for c in &plan.costing.charges {
        if let Some(entry) = by_slot.get_mut(slot(c)) {
            entry.0 += 1;
            entry.1 = entry.1.saturating_add(c.cost);
        }
    }
    let mut sums: HashMap<&str, (usize, Decimal)> = HashMap::new();
    for (i, (lines, cost)) in by_slot.into_iter().enumerate() {
        if lines > 0 {
            let entry = sums.entry(name(i)).or_insert((0, Decimal::ZERO));
            entry.0 += lines;
            entry.1 = entry.1.saturating_add(cost);
        }
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

/// The `n` costliest line items, as indices into the plan's line items, costliest first (equal
/// costs in report order, as a stable sort by cost orders them), and the exact sum of the others
/// when any is left out. Selects rather than sorts every line item: a large plan has a million of
/// them and a report shows a thousand.
pub(crate) fn costliest(plan: &Plan, n: usize) -> (Vec<usize>, Option<Rest>) {
    costliest_where(plan, n, |_| true)
}

/// [`costliest`] of the line items `keep` admits; the rest sums only admitted ones.
///
/// One pass keeps the `n` best seen so far in a heap whose top is the worst of them: a line item
/// comes in only when it costs more than that one (a later line of equal cost ranks after it), and
/// whatever goes out, or never comes in, is counted in the rest.
pub(crate) fn costliest_where(
    plan: &Plan,
    n: usize,
    keep: impl Fn(&Charge) -> bool,
) -> (Vec<usize>, Option<Rest>) {
    let charges = &plan.costing.charges;
    let admitted = charges.iter().enumerate().filter(|(_, c)| keep(c));
    if n >= charges.len() {
        let mut every: Vec<usize> = admitted.map(|(i, _)| i).collect();
        every.sort_by_key(|&i| (Reverse(charges[i].cost), i));
        return (every, None);
    }
    // Ordered as the report ranks them, so the heap's top is the last one shown.
    let mut kept: BinaryHeap<(Reverse<Decimal>, usize)> = BinaryHeap::with_capacity(n);
    let mut rest = Rest {
        count: 0,
        cost: Decimal::ZERO,
    };
    for (i, c) in admitted {
        if kept.len() < n {
            kept.push((Reverse(c.cost), i));
            continue;
        }
        let out = match kept.peek_mut() {
            Some(mut last) if c.cost > last.0.0 => {
                std::mem::replace(&mut *last, (Reverse(c.cost), i)).0.0
            }
            _ => c.cost,
        };
        rest.count += 1;
        rest.cost = rest.cost.saturating_add(out);
    }
    let shown = kept.into_sorted_vec().into_iter().map(|(_, i)| i).collect();
    (shown, (rest.count > 0).then_some(rest))
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

    /// A plan of one line item priced from a tiny scenario, its line items then replaced by copies
    /// of that one costing `costs`, in that order.
    fn plan_costing(costs: &[Decimal]) -> crate::plan::Plan {
        let text = "format = 1\nname = \"s\"\nregions = [\"us-east-1\"]\n\n[[volume]]\n\
                    category = \"management\"\nwrite = 150_000\n\n[[trail]]\nname = \"t\"\n\
                    home_region = \"us-east-1\"\n";
        let scenario =
            crate::scenario::parse(crate::error::SourceFile::new("s.toml", text)).unwrap();
        let today = crate::date::Date::new(2026, 11, 25).unwrap();
        let mut plan = crate::plan::evaluate(scenario, today, None).unwrap();
        let one = plan.costing.charges[0].clone();
        plan.costing.charges = costs
            .iter()
            .map(|&cost| crate::pricing::Charge {
                cost,
                ..one.clone()
            })
            .collect();
        plan
    }

    /// What the reports showed before selecting: a stable sort of every line item by cost, the
    /// first `n` of it, and the sum of the others.
    fn sorted_top(
        costs: &[Decimal],
        n: usize,
        keep: impl Fn(Decimal) -> bool,
    ) -> (Vec<usize>, Option<Rest>) {
        let mut order: Vec<usize> = (0..costs.len()).filter(|&i| keep(costs[i])).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(costs[i]));
        let (shown, rest) = top_and_rest(&order, Some(n), |&i| costs[i]);
        (shown.to_vec(), rest)
    }

    #[test]
    fn the_costliest_are_the_head_of_a_stable_sort_and_the_rest_sums_exactly() {
        let d = Decimal::new;
        let mut lists: Vec<Vec<Decimal>> = vec![
            vec![],
            vec![d(5, 0)],
            vec![d(0, 0), d(0, 0), d(0, 0)],
            // Equal costs at different scales are equal: report order decides.
            vec![
                d(3, 0),
                d(300, 2),
                d(1, 0),
                d(30, 1),
                d(7, 0),
                d(3, 0),
                d(0, 0),
            ],
            vec![d(1, 2), d(2, 2), d(3, 2), d(4, 2), d(5, 2), d(6, 2)],
            vec![d(6, 2), d(5, 2), d(4, 2), d(3, 2), d(2, 2), d(1, 2)],
        ];
        // Many ties: costs from a handful of values, in a scrambled order.
        let mut x: u64 = 7;
        for len in [10_usize, 37, 200] {
            lists.push(
                (0..len)
                    .map(|_| {
                        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                        d(i64::try_from(x >> 61).unwrap_or(0), (x >> 40) as u32 % 3)
                    })
                    .collect(),
            );
        }
        for costs in &lists {
            let plan = plan_costing(costs);
            for n in (0..=costs.len() + 2).chain([super::ALL]) {
                assert_eq!(
                    super::costliest(&plan, n),
                    sorted_top(costs, n, |_| true),
                    "{costs:?}, top {n}"
                );
                assert_eq!(
                    super::costliest_where(&plan, n, |c| !c.cost.is_zero()),
                    sorted_top(costs, n, |c| !c.is_zero()),
                    "{costs:?}, top {n} of the paid"
                );
            }
        }
    }

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
