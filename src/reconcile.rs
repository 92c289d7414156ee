//! `reconcile`: the plan beside the bill, usage type by usage type (SPEC §6, "The bill").
//!
//! The plan's line items and the bill's CloudTrail usage rows are grouped by the account AWS bills
//! (a charge's `payer`, the bill's `line_item_usage_account_id`), region and usage type
//! (`USE1-PaidEventsRecorded`). Each group shows planned and billed events and cost and the
//! difference in both; a group whose events or cost differ from the bill by more than the
//! tolerance (a percentage of the bill) is finding CT130 `plan-differs-from-bill`. Groups on one
//! side only are listed as such: a planned charge the bill lacks, or a bill line the design does
//! not explain, differs by all of it.
//!
//! This is the check a team runs each month: "our design explains our bill".

use crate::error::Error;
use crate::model::Scenario;
use crate::plan::Plan;
use crate::rules::Finding;
use crate::rules::plan_differs_from_bill::{PlanDiffersFromBill, within};
use crate::usage::bill::{MonthBill, Sums};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

pub(crate) use crate::rules::plan_differs_from_bill::Side;

/// One account, region and usage type.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The 12-digit account id AWS bills.
    pub(crate) account_id: String,
    /// The scenario's name for that account, when the scenario has it.
    pub(crate) account: Option<String>,
    /// The region of the usage type's billing code (`None` for a code AWS's page does not list).
    pub(crate) region: Option<String>,
    pub(crate) usage_type: String,
    pub(crate) planned: Sums,
    pub(crate) billed: Sums,
    pub(crate) side: Side,
    pub(crate) within: bool,
}

impl Group {
    pub(crate) fn events_difference(&self) -> Decimal {
        self.planned.events - self.billed.events
    }

    pub(crate) fn cost_difference(&self) -> Decimal {
        self.planned.cost - self.billed.cost
    }

    /// CT130 for this group.
    fn violation(&self, tolerance: Decimal) -> PlanDiffersFromBill<'_> {
        PlanDiffersFromBill {
            account_id: &self.account_id,
            account: self.account.as_deref(),
            usage_type: &self.usage_type,
            side: self.side,
            planned_events: self.planned.events,
            billed_events: self.billed.events,
            planned_cost: self.planned.cost,
            billed_cost: self.billed.cost,
            tolerance_percent: tolerance,
        }
    }
}

/// The whole comparison; `report::reconcile` renders it.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    pub(crate) scenario: String,
    pub(crate) file: String,
    pub(crate) bill: MonthBill,
    /// Percent of the bill.
    pub(crate) tolerance: Decimal,
    pub(crate) groups: Vec<Group>,
    pub(crate) findings: Vec<Finding>,
}

/// The planned charges by account id and usage type: their sums, and the region of the first.
type Planned = BTreeMap<(String, String), (Sums, String)>;

/// Compares a plan with one month of the bill.
pub(crate) fn reconcile(
    plan: &Plan,
    bill: MonthBill,
    tolerance: Decimal,
) -> Result<Reconciliation, Error> {
    let s = &plan.scenario;
    let planned = planned(plan)?;
    let groups = groups(s, &planned, &bill, tolerance);
    let findings = groups
        .iter()
        .filter(|g| !g.within)
        .map(|g| g.violation(tolerance).finding(g.region.as_deref()))
        .collect();
    Ok(Reconciliation {
        scenario: s.name.clone(),
        file: s.source.name.clone(),
        bill,
        tolerance,
        groups,
        findings,
    })
}

/// The plan's charges grouped as the bill groups them: by the billed account's id and the usage
/// type.
fn planned(plan: &Plan) -> Result<Planned, Error> {
    let s = &plan.scenario;
    let invalid = |message: String| s.source.error_at(None, message);
    let mut ids: Vec<&str> = Vec::with_capacity(s.accounts.len());
    for a in &s.accounts {
        match &a.id {
            Some(id) => ids.push(id),
            None => {
                return Err(invalid(format!(
                    "account `{}` has no `id`: reconcile matches the bill's \
                     line_item_usage_account_id with each account's 12-digit id",
                    a.name
                )));
            }
        }
    }
    let mut planned = Planned::new();
    for c in &plan.costing.charges {
        let region = &s.regions[c.region].name;
        let Some(usage_type) = c.kind.usage_type(region) else {
            return Err(invalid(format!(
                "region `{region}` has no billing code on AWS's page \"AWS Region billing \
                 codes\": its charges cannot be matched with a bill"
            )));
        };
        let entry = planned
            .entry((ids[c.payer].to_string(), usage_type))
            .or_insert_with(|| (Sums::default(), region.clone()));
        let events = Decimal::from(c.events);
        entry.0.events = entry
            .0
            .events
            .checked_add(events)
            .ok_or_else(|| invalid("the planned events overflow".into()))?;
        entry.0.cost = entry
            .0
            .cost
            .checked_add(c.cost)
            .ok_or_else(|| invalid("the planned cost overflows".into()))?;
        entry.0.rows += 1;
    }
    Ok(planned)
}

/// Every group on either side, in key order, each compared within the tolerance.
fn groups(s: &Scenario, planned: &Planned, bill: &MonthBill, tolerance: Decimal) -> Vec<Group> {
    let name_of = |id: &str| {
        s.accounts
            .iter()
            .find(|a| a.id.as_deref() == Some(id))
            .map(|a| a.name.clone())
    };
    let mut keys: Vec<&(String, String)> = planned.keys().chain(bill.groups.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut groups = Vec::with_capacity(keys.len());
    for key in keys {
        let p = planned.get(key);
        let b = bill.groups.get(key);
        let side = match (p, b) {
            (Some(_), Some(_)) => Side::Both,
            (Some(_), None) => Side::PlanOnly,
            _ => Side::BillOnly,
        };
        let planned = p.map(|(s, _)| *s).unwrap_or_default();
        let billed = b.copied().unwrap_or_default();
        let region = p.map(|(_, r)| r.clone()).or_else(|| {
            crate::usage::bill::split_usage_type(&key.1)
                .and_then(|(r, _)| r)
                .map(str::to_string)
        });
        groups.push(Group {
            account_id: key.0.clone(),
            account: name_of(&key.0),
            region,
            usage_type: key.1.clone(),
            planned,
            billed,
            side,
            within: within(planned.events, billed.events, tolerance)
                && within(planned.cost, billed.cost, tolerance),
        });
    }
    groups
}

impl Reconciliation {
    /// Does every group agree with the bill within the tolerance?
    pub(crate) fn passed(&self) -> bool {
        self.findings.is_empty()
    }
}
