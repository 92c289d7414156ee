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

use crate::codes::{Rule, Severity};
use crate::error::Error;
use crate::money::{dollars, exact};
use crate::plan::Plan;
use crate::rules::{Data, Datum, Definition, Finding};
use crate::usage::bill::group_digits;
use crate::usage::bill::{MonthBill, Sums};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Which sides hold a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Side {
    Both,
    PlanOnly,
    BillOnly,
}

impl Side {
    fn as_str(self) -> &'static str {
        match self {
            Side::Both => "both",
            Side::PlanOnly => "plan only",
            Side::BillOnly => "bill only",
        }
    }
}

/// One account, region and usage type.
#[derive(Debug, Clone)]
struct Group {
    /// The 12-digit account id AWS bills.
    account_id: String,
    /// The scenario's name for that account, when the scenario has it.
    account: Option<String>,
    /// The region of the usage type's billing code (`None` for a code AWS's page does not list).
    region: Option<String>,
    usage_type: String,
    planned: Sums,
    billed: Sums,
    side: Side,
    within: bool,
}

impl Group {
    fn events_difference(&self) -> Decimal {
        self.planned.events - self.billed.events
    }

    fn cost_difference(&self) -> Decimal {
        self.planned.cost - self.billed.cost
    }
}

/// The whole comparison.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    scenario: String,
    file: String,
    bill: MonthBill,
    /// Percent of the bill.
    tolerance: Decimal,
    groups: Vec<Group>,
    findings: Vec<Finding>,
}

/// Is `planned` within `tolerance` percent of `billed`? Exactly at the tolerance passes.
fn within(planned: Decimal, billed: Decimal, tolerance: Decimal) -> bool {
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
fn percent(difference: Decimal, billed: Decimal) -> Option<Decimal> {
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

/// Compares a plan with one month of the bill.
pub(crate) fn reconcile(
    plan: &Plan,
    bill: MonthBill,
    tolerance: Decimal,
) -> Result<Reconciliation, Error> {
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
    let mut planned: BTreeMap<(String, String), (Sums, String)> = BTreeMap::new();
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
    let findings = groups
        .iter()
        .filter(|g| !g.within)
        .map(|g| finding(g, tolerance))
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

/// The registry's entry for CT130.
fn rule() -> &'static Definition {
    Definition::of(Rule::PlanDiffersFromBill)
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

fn events_text(events: Decimal) -> String {
    let n = events.normalize();
    if n.scale() == 0
        && let Ok(whole) = u64::try_from(n)
    {
        return group_digits(whole);
    }
    n.to_string()
}

fn finding(g: &Group, tolerance: Decimal) -> Finding {
    let rule = rule();
    let account = match &g.account {
        Some(name) => format!("{} ({name})", g.account_id),
        None => g.account_id.clone(),
    };
    let what = match g.side {
        Side::Both => {
            let (diff, base) = if within(g.planned.events, g.billed.events, tolerance) {
                (g.cost_difference(), g.billed.cost)
            } else {
                (g.events_difference(), g.billed.events)
            };
            let pct = percent(diff, base).map_or_else(String::new, |p| {
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
                "planned {}, billed {}{pct}, beyond the {} % tolerance",
                describe(g.planned.events, g.planned.cost),
                describe(g.billed.events, g.billed.cost),
                tolerance.normalize()
            )
        }
        Side::PlanOnly => format!(
            "planned {}, and the bill has no such line",
            describe(g.planned.events, g.planned.cost)
        ),
        Side::BillOnly => format!(
            "billed {}, and the plan has no such charge",
            describe(g.billed.events, g.billed.cost)
        ),
    };
    Finding {
        rule: rule.rule,
        severity: Severity::Warning,
        message: format!("{} in account {account}: {what}", g.usage_type),
        data: Data(vec![
            ("account_id", Datum::Text(g.account_id.clone())),
            ("usage_type", Datum::Text(g.usage_type.clone())),
            ("planned_events", events_datum(g.planned.events)),
            ("billed_events", events_datum(g.billed.events)),
            ("planned_cost", Datum::Money(g.planned.cost)),
            ("billed_cost", Datum::Money(g.billed.cost)),
            ("tolerance_percent", Datum::Decimal(tolerance)),
        ]),
        trail: None,
        account: Some(g.account.clone().unwrap_or_else(|| g.account_id.clone())),
        region: g.region.clone(),
        location: None,
        origin: None,
        fix: rule.fix,
        subject: Some(g.usage_type.clone()),
    }
}

impl Reconciliation {
    /// Does every group agree with the bill within the tolerance?
    pub(crate) fn passed(&self) -> bool {
        self.findings.is_empty()
    }

    /// The totals of both sides: (planned, billed).
    fn totals(&self) -> (Sums, Sums) {
        let mut p = Sums::default();
        let mut b = Sums::default();
        for g in &self.groups {
            p.events = p.events.saturating_add(g.planned.events);
            p.cost = p.cost.saturating_add(g.planned.cost);
            b.events = b.events.saturating_add(g.billed.events);
            b.cost = b.cost.saturating_add(g.billed.cost);
        }
        (p, b)
    }

    fn month_line(&self) -> String {
        format!(
            "{} ({})",
            self.bill.month,
            if self.bill.requested {
                "--month"
            } else {
                "the latest whole month of the bill"
            }
        )
    }

    /// The table for people.
    pub fn table(&self) -> String {
        use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
        let mut out = format!(
            "{} ({}) against the bill {}\nMonth: {}; tolerance {} % of the bill\n",
            self.scenario,
            self.file,
            self.bill.files.join(", "),
            self.month_line(),
            self.tolerance.normalize()
        );
        let mut table = Table::new();
        table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
            "Account",
            "Region",
            "Usage type",
            "Planned events",
            "Billed events",
            "Δ events",
            "Planned cost",
            "Billed cost",
            "Δ cost",
            "Status",
        ]);
        for g in &self.groups {
            table.add_row(vec![
                g.account.clone().map_or_else(
                    || g.account_id.clone(),
                    |n| format!("{} ({n})", g.account_id),
                ),
                g.region.clone().unwrap_or_else(|| "?".into()),
                g.usage_type.clone(),
                events_text(g.planned.events),
                events_text(g.billed.events),
                signed_events(g.events_difference()),
                dollars(g.planned.cost),
                dollars(g.billed.cost),
                dollars(g.cost_difference()),
                status(g),
            ]);
        }
        for i in 3..9 {
            if let Some(c) = table.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        let _ = writeln!(out, "{table}");
        let (p, b) = self.totals();
        let _ = writeln!(
            out,
            "Planned {}; billed {} (exact {} and {})",
            dollars(p.cost),
            dollars(b.cost),
            exact(p.cost),
            exact(b.cost)
        );
        self.notes(&mut out);
        let differ = self.findings.len();
        let _ = writeln!(
            out,
            "{}",
            if differ == 0 {
                "Every group is within the tolerance: the design explains the bill".to_string()
            } else {
                format!(
                    "{differ} group{} beyond the tolerance (CT130 plan-differs-from-bill)",
                    if differ == 1 { "" } else { "s" }
                )
            }
        );
        out
    }

    fn notes(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "Bill rows: {} read, {} CloudTrail usage rows in the month; left out: {}",
            group_digits(self.bill.rows),
            group_digits(self.bill.counted),
            self.bill.left_out_summary()
        );
        let not_modelled = self.bill.not_modelled_summary();
        if !not_modelled.is_empty() {
            let _ = writeln!(
                out,
                "CloudTrail usage types not modelled (not compared): {}",
                not_modelled.join("; ")
            );
        }
    }

    /// Markdown for a pull request or an issue.
    pub fn markdown(&self) -> String {
        let cell = |t: &str| t.replace('|', "\\|").replace(['\n', '\r'], " ");
        let mut out = format!(
            "### Reconcile: {} against the bill\n\nMonth {}, tolerance {} % of the bill. {}\n\n",
            cell(&self.scenario),
            self.month_line(),
            self.tolerance.normalize(),
            if self.passed() {
                "**Every group is within the tolerance.**".to_string()
            } else {
                format!(
                    "**{} group{} beyond the tolerance** (CT130 `plan-differs-from-bill`).",
                    self.findings.len(),
                    if self.findings.len() == 1 { "" } else { "s" }
                )
            }
        );
        out.push_str(
            "| Account | Region | Usage type | Planned events | Billed events | Δ events | Planned cost | Billed cost | Δ cost | Status |\n\
             |---|---|---|--:|--:|--:|--:|--:|--:|---|\n",
        );
        for g in &self.groups {
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} | {} | {} | {} | {} | {} |",
                cell(&g.account.clone().map_or_else(
                    || g.account_id.clone(),
                    |n| format!("{} ({n})", g.account_id)
                )),
                cell(g.region.as_deref().unwrap_or("?")),
                cell(&g.usage_type),
                events_text(g.planned.events),
                events_text(g.billed.events),
                signed_events(g.events_difference()),
                dollars(g.planned.cost),
                dollars(g.billed.cost),
                dollars(g.cost_difference()),
                status(g)
            );
        }
        out.push('\n');
        let mut notes = String::new();
        self.notes(&mut notes);
        for line in notes.lines() {
            let _ = writeln!(out, "- {}", cell(line));
        }
        out
    }

    /// JSON for machines: exact decimal strings.
    pub fn json(&self) -> String {
        #[derive(Serialize)]
        struct J<'a> {
            scenario: &'a str,
            file: &'a str,
            bills: &'a [String],
            month: String,
            tolerance_percent: String,
            passed: bool,
            planned: JSums,
            billed: JSums,
            groups: Vec<JGroup<'a>>,
            not_modelled: BTreeMap<&'a str, JSums>,
            left_out: &'a BTreeMap<String, u64>,
            rows: u64,
            counted_rows: u64,
            findings: Vec<JFinding<'a>>,
            /// Waivers are the scenario's policy for its plan; the bill's findings have none.
            waived: Vec<JFinding<'a>>,
        }
        #[derive(Serialize)]
        struct JSums {
            events: String,
            cost: String,
        }
        #[derive(Serialize)]
        struct JGroup<'a> {
            account_id: &'a str,
            account: Option<&'a str>,
            region: Option<&'a str>,
            usage_type: &'a str,
            side: Side,
            planned_events: String,
            billed_events: String,
            events_difference: String,
            events_difference_percent: Option<String>,
            planned_cost: String,
            billed_cost: String,
            cost_difference: String,
            cost_difference_percent: Option<String>,
            within_tolerance: bool,
        }
        #[derive(Serialize)]
        struct JFinding<'a> {
            rule: Rule,
            name: &'static str,
            severity: &'static str,
            message: &'a str,
            trail: Option<&'a str>,
            account: Option<&'a str>,
            region: Option<&'a str>,
            file: &'a str,
            line: Option<usize>,
            column: Option<usize>,
            data: &'a Data,
        }
        let ev = |d: Decimal| d.normalize().to_string();
        let sums = |s: &Sums| JSums {
            events: ev(s.events),
            cost: exact(s.cost),
        };
        let (p, b) = self.totals();
        let j = J {
            scenario: &self.scenario,
            file: &self.file,
            bills: &self.bill.files,
            month: self.bill.month.to_string(),
            tolerance_percent: self.tolerance.normalize().to_string(),
            passed: self.passed(),
            planned: sums(&p),
            billed: sums(&b),
            groups: self
                .groups
                .iter()
                .map(|g| JGroup {
                    account_id: &g.account_id,
                    account: g.account.as_deref(),
                    region: g.region.as_deref(),
                    usage_type: &g.usage_type,
                    side: g.side,
                    planned_events: ev(g.planned.events),
                    billed_events: ev(g.billed.events),
                    events_difference: ev(g.events_difference()),
                    events_difference_percent: percent(g.events_difference(), g.billed.events)
                        .map(|p| p.to_string()),
                    planned_cost: exact(g.planned.cost),
                    billed_cost: exact(g.billed.cost),
                    cost_difference: exact(g.cost_difference()),
                    cost_difference_percent: percent(g.cost_difference(), g.billed.cost)
                        .map(|p| p.to_string()),
                    within_tolerance: g.within,
                })
                .collect(),
            not_modelled: self
                .bill
                .not_modelled
                .iter()
                .map(|(t, s)| (t.as_str(), sums(s)))
                .collect(),
            left_out: &self.bill.left_out,
            rows: self.bill.rows,
            counted_rows: self.bill.counted,
            findings: self
                .findings
                .iter()
                .map(|f| JFinding {
                    rule: f.rule,
                    name: f.name(),
                    severity: f.severity.as_str(),
                    message: &f.message,
                    trail: None,
                    account: f.account.as_deref(),
                    region: f.region.as_deref(),
                    file: &self.file,
                    line: None,
                    column: None,
                    data: &f.data,
                })
                .collect(),
            waived: Vec::new(),
        };
        let mut text = serde_json::to_string_pretty(&j).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn signed_events(d: Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{}", events_text(d))
    } else if d.is_sign_negative() && !d.is_zero() {
        format!("-{}", events_text(-d))
    } else {
        "0".into()
    }
}

fn status(g: &Group) -> String {
    match (g.side, g.within) {
        (Side::Both, true) => "ok".into(),
        (Side::Both, false) => "CT130 differs".into(),
        (side, true) => side.as_str().into(),
        (side, false) => format!("CT130 {}", side.as_str()),
    }
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
