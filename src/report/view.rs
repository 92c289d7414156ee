//! How much of a large plan the people-facing reports show: `--by KEY` sums the line items by trail,
//! account, region, payer or kind; `--top N` keeps the N costliest lines or groups and sums the rest
//! into one line. Every sum is exact; JSON always carries every line.

use crate::plan::Plan;
use crate::pricing::Charge;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// The key line items are summed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    Trail,
    Account,
    Region,
    Payer,
    Kind,
}

impl GroupBy {
    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Trail => "Trail",
            GroupBy::Account => "Account",
            GroupBy::Region => "Region",
            GroupBy::Payer => "Payer",
            GroupBy::Kind => "Kind",
        }
    }
}

/// What the table and markdown reports show of the line items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub by: Option<GroupBy>,
    pub top: Option<usize>,
}

/// Line items summed under one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: String,
    pub lines: usize,
    pub cost: Decimal,
}

/// The line items summed by `by`, costliest first (ties in key order).
pub fn groups(plan: &Plan, by: GroupBy) -> Vec<Group> {
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

/// The `top` costliest line items (stable for equal costs), or all of them in report order.
pub fn top_charges(plan: &Plan, top: Option<usize>) -> Vec<&Charge> {
    let mut charges: Vec<&Charge> = plan.costing.charges.iter().collect();
    if let Some(n) = top {
        charges.sort_by_key(|c| std::cmp::Reverse(c.cost));
        charges.truncate(n);
    }
    charges
}

/// What `--top` left out: how many lines and what they cost, exactly.
pub fn rest<'a>(
    all: impl Iterator<Item = Decimal>,
    shown: impl Iterator<Item = Decimal> + 'a,
) -> Decimal {
    let all = all.fold(Decimal::ZERO, Decimal::saturating_add);
    let shown = shown.fold(Decimal::ZERO, Decimal::saturating_add);
    all.saturating_sub(shown)
}
