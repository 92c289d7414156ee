//! CT130: a group of the bill (account, region, usage type) differs from the plan by more than the
//! tolerance. Raised by `reconcile`, which reads the bill; planning a scenario alone never raises it.

use super::{Context, Data, Datum, Definition, Finding, Rule, Violation, group_digits};
use crate::money::dollars;
use rust_decimal::{Decimal, RoundingStrategy};

pub(crate) static RULE: Definition = Definition {
    rule: Rule::PlanDiffersFromBill,
    summary: "reconcile: a group's planned events or cost differ from the bill by more than the tolerance",
    fix: "find the trail or volume the difference comes from and correct the scenario (or the trails)",
    docs: include_str!("../../docs/rules/plan-differs-from-bill.md"),
    check,
};

/// Nothing to check in a plan alone: `reconcile` compares it with the bill.
fn check(_: &Context, _: &mut Vec<Finding>) {}

/// Which sides hold a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Side {
    Both,
    PlanOnly,
    BillOnly,
}

impl Side {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Side::Both => "both",
            Side::PlanOnly => "plan only",
            Side::BillOnly => "bill only",
        }
    }
}

/// A group of the bill whose planned events or cost differ from the billed ones by more than
/// `tolerance_percent` of the bill.
pub(crate) struct PlanDiffersFromBill<'a> {
    pub(crate) account_id: &'a str,
    /// The scenario's name for the account, when the scenario has it.
    pub(crate) account: Option<&'a str>,
    pub(crate) usage_type: &'a str,
    pub(crate) side: Side,
    pub(crate) planned_events: Decimal,
    pub(crate) billed_events: Decimal,
    pub(crate) planned_cost: Decimal,
    pub(crate) billed_cost: Decimal,
    pub(crate) tolerance_percent: Decimal,
}

impl PlanDiffersFromBill<'_> {
    /// The finding, scoped to the account (its name, else its id) and `region`.
    pub(crate) fn finding(&self, region: Option<&str>) -> Finding {
        let mut finding = Finding::new(self);
        finding.account = Some(self.account.unwrap_or(self.account_id).to_string());
        finding.region = region.map(str::to_string);
        finding.subject = Some(self.usage_type.to_string());
        finding
    }

    /// By how much the plan is off, in percent of the bill, when both sides hold the group: the
    /// events when they are beyond the tolerance, else the cost.
    fn percent_off(&self) -> Option<Decimal> {
        let (diff, base) = if within(
            self.planned_events,
            self.billed_events,
            self.tolerance_percent,
        ) {
            (self.planned_cost - self.billed_cost, self.billed_cost)
        } else {
            (self.planned_events - self.billed_events, self.billed_events)
        };
        percent(diff, base)
    }
}

impl Violation for PlanDiffersFromBill<'_> {
    const RULE: Rule = Rule::PlanDiffersFromBill;

    fn message(&self) -> String {
        let planned = describe(self.planned_events, self.planned_cost);
        let billed = describe(self.billed_events, self.billed_cost);
        let what = match self.side {
            Side::Both => {
                let pct = self.percent_off().map_or_else(String::new, |p| {
                    format!(
                        ": the plan is {} % {} the bill",
                        p.abs().normalize(),
                        if p.is_sign_negative() {
                            "below"
                        } else {
                            "above"
                        }
                    )
                });
                format!(
                    "planned {planned}, billed {billed}{pct}, beyond the {} % tolerance",
                    self.tolerance_percent.normalize()
                )
            }
            Side::PlanOnly => format!("planned {planned}, and the bill has no such line"),
            Side::BillOnly => format!("billed {billed}, and the plan has no such charge"),
        };
        format!(
            "{} in account {}: {what}",
            self.usage_type,
            account_label(self.account_id, self.account)
        )
    }

    fn data(&self) -> Data {
        Data::default()
            .text("account_id", self.account_id)
            .text("usage_type", self.usage_type)
            .with("planned_events", events_datum(self.planned_events))
            .with("billed_events", events_datum(self.billed_events))
            .money("planned_cost", self.planned_cost)
            .money("billed_cost", self.billed_cost)
            .decimal("tolerance_percent", self.tolerance_percent)
    }
}

/// An account for people: `111111111111 (prod)`, or the id alone when the scenario has no name.
pub(crate) fn account_label(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{id} ({name})"),
        None => id.to_string(),
    }
}

/// Is `planned` within `tolerance` percent of `billed`? Exactly at the tolerance passes.
pub(crate) fn within(planned: Decimal, billed: Decimal, tolerance: Decimal) -> bool {
    let diff = (planned - billed).abs();
    match (
        diff.checked_mul(Decimal::ONE_HUNDRED),
        tolerance.checked_mul(billed.abs()),
    ) {
        (Some(lhs), Some(rhs)) => lhs <= rhs,
        _ => false,
    }
}

/// `difference / bill × 100`, rounded half away from zero to two places; `None` when the bill is 0.
pub(crate) fn percent(difference: Decimal, billed: Decimal) -> Option<Decimal> {
    if billed.is_zero() {
        return None;
    }
    difference
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(billed))
        .map(|p| {
            let mut p = p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
            p.rescale(2);
            p
        })
}

/// Events as data: a count when whole (planned events always are), else an exact decimal.
fn events_datum(events: Decimal) -> Datum {
    let n = events.normalize();
    match u64::try_from(n) {
        Ok(whole) if n.scale() == 0 => Datum::Count(whole),
        _ => Datum::Decimal(n),
    }
}

fn describe(events: Decimal, cost: Decimal) -> String {
    format!("{} events ({})", events_text(events), dollars(cost))
}

/// Events for people: thousands grouped when whole, else the exact decimal.
pub(crate) fn events_text(events: Decimal) -> String {
    let n = events.normalize();
    if n.scale() == 0
        && let Ok(whole) = u64::try_from(n)
    {
        return group_digits(whole);
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn the_tolerance_is_a_share_of_the_bill_and_its_edge_passes() {
        let five = d("5");
        assert!(within(d("105"), d("100"), five));
        assert!(within(d("95"), d("100"), five));
        assert!(!within(d("105.0000001"), d("100"), five));
        assert!(!within(d("94.99"), d("100"), five));
        assert!(within(Decimal::ZERO, Decimal::ZERO, five));
        assert!(!within(d("1"), Decimal::ZERO, five));
        assert!(!within(Decimal::ZERO, d("1"), five));
        assert!(within(d("3"), d("3.00"), Decimal::ZERO));
    }

    #[test]
    fn percentages_round_half_away_from_zero() {
        assert_eq!(percent(d("-1"), d("6")), Some(d("-16.67")));
        assert_eq!(percent(d("1"), d("8")), Some(d("12.50")));
        assert_eq!(percent(d("1"), Decimal::ZERO), None);
    }
}
