//! The JSON of SPEC §4: one object per scenario, money as exact decimal strings.

use crate::model::Scenario;
use crate::money::{Exact, exact};
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::Finding;
use serde::Serialize;
use serde::ser::SerializeSeq;

#[derive(Serialize)]
struct JsonPlan<'a> {
    scenario: &'a str,
    file: &'a str,
    currency: &'static str,
    total: String,
    charges: Charges<'a>,
    findings: Vec<JsonFinding<'a>>,
    waived: Vec<JsonWaived<'a>>,
}

#[derive(Serialize)]
struct JsonCharge<'a> {
    trail: &'a str,
    payer: &'a str,
    account: &'a str,
    region: &'a str,
    kind: &'static str,
    events: u64,
    price_per_100k: Exact,
    cost: Exact,
}

/// The line items, serialized one by one as they are written rather than collected first: large
/// organisations have millions of them.
struct Charges<'a> {
    scenario: &'a Scenario,
    charges: &'a [Charge],
}

impl Serialize for Charges<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = self.scenario;
        let mut seq = serializer.serialize_seq(Some(self.charges.len()))?;
        for c in self.charges {
            seq.serialize_element(&JsonCharge {
                trail: &s.trails[c.trail].name,
                payer: &s.accounts[c.payer].name,
                account: &s.accounts[c.account].name,
                region: &s.regions[c.region].name,
                kind: c.kind.as_str(),
                events: c.events,
                price_per_100k: Exact(c.price_per_100k),
                cost: Exact(c.cost),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    rule: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    trail: Option<&'a str>,
    account: Option<&'a str>,
    region: Option<&'a str>,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct JsonWaived<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    reason: &'a str,
}

pub(crate) fn finding<'a>(f: &'a Finding, file: &'a str) -> JsonFinding<'a> {
    JsonFinding {
        rule: f.rule,
        name: f.name,
        severity: f.severity.as_str(),
        message: &f.message,
        trail: f.trail.as_deref(),
        account: f.account.as_deref(),
        region: f.region.as_deref(),
        file: f.origin.as_deref().unwrap_or(file),
        line: f.location.map(|l| l.line),
        column: f.location.map(|l| l.column),
    }
}

fn plan_value<'a>(plan: &'a Plan, show_cost: bool, show_findings: bool) -> JsonPlan<'a> {
    let s = &plan.scenario;
    let file = s.source.name.as_str();
    JsonPlan {
        scenario: &s.name,
        file,
        currency: "USD",
        total: exact(plan.costing.total),
        charges: Charges {
            scenario: s,
            charges: if show_cost {
                &plan.costing.charges
            } else {
                &[]
            },
        },
        findings: if show_findings {
            plan.findings.iter().map(|f| finding(f, file)).collect()
        } else {
            Vec::new()
        },
        waived: if show_findings {
            plan.waived
                .iter()
                .map(|(f, reason)| JsonWaived {
                    finding: finding(f, file),
                    reason,
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// One object for one plan, an array for several.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    let values: Vec<JsonPlan> = plans
        .iter()
        .map(|p| plan_value(p, show_cost, show_findings))
        .collect();
    let charges: usize = plans.iter().map(|p| p.costing.charges.len()).sum();
    let mut buffer = Vec::with_capacity(4096 + charges * 280);
    let written = match values.as_slice() {
        [one] => serde_json::to_writer_pretty(&mut buffer, one),
        many => serde_json::to_writer_pretty(&mut buffer, many),
    };
    // Serializing these plain structs into memory cannot fail, and serde_json writes UTF-8.
    let mut text = match written {
        Ok(()) => String::from_utf8(buffer).unwrap_or_default(),
        Err(_) => String::new(),
    };
    text.push('\n');
    text
}
