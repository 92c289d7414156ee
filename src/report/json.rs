//! The JSON of SPEC §4: one object per scenario, money as exact decimal strings.

use crate::money::exact;
use crate::plan::Plan;
use crate::rules::Finding;
use serde::Serialize;

#[derive(Serialize)]
struct JsonPlan<'a> {
    scenario: &'a str,
    file: &'a str,
    currency: &'static str,
    total: String,
    charges: Vec<JsonCharge<'a>>,
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
    price_per_100k: String,
    cost: String,
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
        charges: if show_cost {
            plan.costing
                .charges
                .iter()
                .map(|c| JsonCharge {
                    trail: &s.trails[c.trail].name,
                    payer: &s.accounts[c.payer].name,
                    account: &s.accounts[c.account].name,
                    region: &s.regions[c.region].name,
                    kind: c.kind.as_str(),
                    events: c.events,
                    price_per_100k: exact(c.price_per_100k),
                    cost: exact(c.cost),
                })
                .collect()
        } else {
            Vec::new()
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
    let text = match values.as_slice() {
        [one] => serde_json::to_string_pretty(one),
        many => serde_json::to_string_pretty(many),
    };
    // Serializing these plain structs cannot fail; an empty object is the fallback all the same.
    let mut text = text.unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
