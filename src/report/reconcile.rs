//! `reconcile` for people and machines: the plan beside the bill as a table, markdown or JSON
//! (SPEC §6, "The bill"). The comparison itself is `crate::reconcile`.

use crate::codes::Rule;
use crate::money::{dollars, exact};
use crate::reconcile::{Group, Reconciliation, Side};
use crate::rules::plan_differs_from_bill::{account_label, events_text, percent};
use crate::rules::{Data, Finding, group_digits};
use crate::text::plural;
use crate::usage::bill::Sums;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The columns of the table and of the markdown, in order.
const HEADER: [&str; 10] = [
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
];

impl Reconciliation {
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
        table
            .load_style(UTF8_FULL_CONDENSED)
            .set_header(HEADER.to_vec());
        for g in &self.groups {
            table.add_row(row(g).to_vec());
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
                    plural(differ)
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
                    plural(self.findings.len())
                )
            }
        );
        let _ = writeln!(out, "| {} |", HEADER.join(" | "));
        out.push_str("|---|---|---|--:|--:|--:|--:|--:|--:|---|\n");
        for g in &self.groups {
            let [account, region, usage_type, rest @ ..] = row(g);
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} |",
                cell(&account),
                cell(&region),
                cell(&usage_type),
                rest.join(" | ")
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
        let (p, b) = self.totals();
        let j = Json {
            scenario: &self.scenario,
            file: &self.file,
            bills: &self.bill.files,
            month: self.bill.month.to_string(),
            tolerance_percent: self.tolerance.normalize().to_string(),
            passed: self.passed(),
            planned: JsonSums::of(&p),
            billed: JsonSums::of(&b),
            groups: self.groups.iter().map(JsonGroup::of).collect(),
            not_modelled: self
                .bill
                .not_modelled
                .iter()
                .map(|(t, s)| (t.as_str(), JsonSums::of(s)))
                .collect(),
            left_out: &self.bill.left_out,
            rows: self.bill.rows,
            counted_rows: self.bill.counted,
            findings: self
                .findings
                .iter()
                .map(|f| JsonFinding::of(f, &self.file))
                .collect(),
            waived: Vec::new(),
        };
        let mut text = serde_json::to_string_pretty(&j).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// A markdown table cell: no `|` or line break escapes it.
fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A group's row, in the order of [`HEADER`].
fn row(g: &Group) -> [String; 10] {
    [
        account_label(&g.account_id, g.account.as_deref()),
        g.region.clone().unwrap_or_else(|| "?".into()),
        g.usage_type.clone(),
        events_text(g.planned.events),
        events_text(g.billed.events),
        signed_events(g.events_difference()),
        dollars(g.planned.cost),
        dollars(g.billed.cost),
        dollars(g.cost_difference()),
        status(g),
    ]
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

/// Events for machines: the exact decimal, normalized.
fn events_json(d: Decimal) -> String {
    d.normalize().to_string()
}

#[derive(Serialize)]
struct Json<'a> {
    scenario: &'a str,
    file: &'a str,
    bills: &'a [String],
    month: String,
    tolerance_percent: String,
    passed: bool,
    planned: JsonSums,
    billed: JsonSums,
    groups: Vec<JsonGroup<'a>>,
    not_modelled: BTreeMap<&'a str, JsonSums>,
    left_out: &'a BTreeMap<String, u64>,
    rows: u64,
    counted_rows: u64,
    findings: Vec<JsonFinding<'a>>,
    /// Waivers are the scenario's policy for its plan; the bill's findings have none.
    waived: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonSums {
    events: String,
    cost: String,
}

impl JsonSums {
    fn of(s: &Sums) -> JsonSums {
        JsonSums {
            events: events_json(s.events),
            cost: exact(s.cost),
        }
    }
}

#[derive(Serialize)]
struct JsonGroup<'a> {
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

impl<'a> JsonGroup<'a> {
    fn of(g: &'a Group) -> JsonGroup<'a> {
        JsonGroup {
            account_id: &g.account_id,
            account: g.account.as_deref(),
            region: g.region.as_deref(),
            usage_type: &g.usage_type,
            side: g.side,
            planned_events: events_json(g.planned.events),
            billed_events: events_json(g.billed.events),
            events_difference: events_json(g.events_difference()),
            events_difference_percent: percent(g.events_difference(), g.billed.events)
                .map(|p| p.to_string()),
            planned_cost: exact(g.planned.cost),
            billed_cost: exact(g.billed.cost),
            cost_difference: exact(g.cost_difference()),
            cost_difference_percent: percent(g.cost_difference(), g.billed.cost)
                .map(|p| p.to_string()),
            within_tolerance: g.within,
        }
    }
}

/// A CT130 finding: the fields of a plan's JSON finding, with `data` last; it points at no line.
#[derive(Serialize)]
struct JsonFinding<'a> {
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

impl<'a> JsonFinding<'a> {
    fn of(f: &'a Finding, file: &'a str) -> JsonFinding<'a> {
        JsonFinding {
            rule: f.rule,
            name: f.name(),
            severity: f.severity.as_str(),
            message: &f.message,
            trail: None,
            account: f.account.as_deref(),
            region: f.region.as_deref(),
            file,
            line: None,
            column: None,
            data: &f.data,
        }
    }
}
