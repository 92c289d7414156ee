//! The JSON of SPEC §4: one object per scenario, money as exact decimal strings.

use crate::downstream::{self, Downstream};
use crate::forecast::{CATEGORIES, Forecast, category_name};
use crate::model::Scenario;
use crate::money::{Exact, exact};
use crate::plan::Plan;
use crate::pricing::{Charge, Kind};
use crate::rules::Finding;
use serde::Serialize;
use serde::ser::SerializeSeq;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonPlan<'a> {
    scenario: &'a str,
    file: &'a str,
    currency: &'static str,
    total: String,
    charges: Charges<'a>,
    findings: Vec<JsonFinding<'a>>,
    waived: Vec<JsonWaived<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast: Option<JsonForecast>,
    #[serde(skip_serializing_if = "Option::is_none")]
    downstream: Option<JsonDownstream<'a>>,
}

/// `forecast`: present only when the scenario has `[forecast]` or `--months` was given.
#[derive(Serialize)]
struct JsonForecast {
    months: u32,
    /// Monthly growth per category, applied to volumes (never to prices).
    growth: BTreeMap<&'static str, String>,
    /// The exact sum of every month's total.
    total: String,
    monthly: Vec<JsonMonth>,
}

#[derive(Serialize)]
struct JsonMonth {
    month: u32,
    total: String,
    /// CloudTrail cost per category: deliveries and the Insights that analyze them.
    cost: BTreeMap<&'static str, String>,
    /// Delivered copies of events per category, exact (fractional events are kept).
    events: BTreeMap<&'static str, String>,
}

/// `downstream`: present only when the scenario has `[downstream]`. Estimates, not in `total`.
#[derive(Serialize)]
struct JsonDownstream<'a> {
    estimate: bool,
    note: &'static str,
    assumptions: JsonAssumptions,
    total: String,
    charges: Vec<JsonDownstreamCharge<'a>>,
    log_files: Vec<JsonLogFiles<'a>>,
}

#[derive(Serialize)]
struct JsonAssumptions {
    average_event_bytes: u64,
    compression_ratio: String,
    s3_storage_price_per_gb_month: String,
    retention_months: u64,
    cloudwatch_logs_ingestion_price_per_gb: String,
    bytes_per_gb: u64,
    max_log_file_bytes: u64,
    delivery_windows_per_month: u64,
}

#[derive(Serialize)]
struct JsonDownstreamCharge<'a> {
    trail: &'a str,
    payer: &'a str,
    kind: &'static str,
    events: u64,
    bytes: String,
    quantity: String,
    unit: &'static str,
    price: String,
    cost: String,
}

#[derive(Serialize)]
struct JsonLogFiles<'a> {
    trail: &'a str,
    streams: usize,
    compressed_bytes: String,
    files: u64,
}

#[derive(Serialize)]
struct JsonCharge<'a> {
    trail: &'a str,
    payer: &'a str,
    account: &'a str,
    region: &'a str,
    kind: &'static str,
    events: u64,
    price_per_100k: PriceText<'a>,
    cost: Exact,
}

/// A line item's price: the book's, rendered once per kind, or its own.
#[derive(Serialize)]
#[serde(untagged)]
enum PriceText<'a> {
    Book(&'a str),
    Other(Exact),
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
        // Eight kinds, eight prices: rendered once, not once a line (indexed as `Kind::ALL`).
        let prices: Vec<String> = Kind::ALL
            .iter()
            .map(|k| exact(k.price(&s.prices)))
            .collect();
        let mut seq = serializer.serialize_seq(Some(self.charges.len()))?;
        for c in self.charges {
            seq.serialize_element(&JsonCharge {
                trail: &s.trails[c.trail].name,
                payer: &s.accounts[c.payer].name,
                account: &s.accounts[c.account].name,
                region: &s.regions[c.region].name,
                kind: c.kind.as_str(),
                events: c.events,
                price_per_100k: match prices.get(c.kind as usize) {
                    Some(text) if c.price_per_100k == c.kind.price(&s.prices) => {
                        PriceText::Book(text)
                    }
                    _ => PriceText::Other(Exact(c.price_per_100k)),
                },
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
        forecast: plan.forecast.as_ref().filter(|_| show_cost).map(forecast),
        downstream: plan
            .downstream
            .as_ref()
            .filter(|_| show_cost)
            .map(|d| downstream_value(d, s)),
    }
}

fn by_category(values: &[rust_decimal::Decimal; 3]) -> BTreeMap<&'static str, String> {
    CATEGORIES
        .iter()
        .zip(values)
        .map(|(c, v)| (category_name(*c), exact(*v)))
        .collect()
}

fn forecast(f: &Forecast) -> JsonForecast {
    let growth = CATEGORIES.map(|c| f.assumptions.growth.of(c));
    JsonForecast {
        months: f.assumptions.months,
        growth: by_category(&growth),
        total: exact(f.total),
        monthly: f
            .months
            .iter()
            .map(|m| JsonMonth {
                month: m.month,
                total: exact(m.total),
                cost: by_category(&m.cost),
                events: CATEGORIES
                    .iter()
                    .zip(&m.events)
                    .map(|(c, v)| (category_name(*c), v.normalize().to_string()))
                    .collect(),
            })
            .collect(),
    }
}

/// The note carried by `downstream` in JSON and shown beside it in reports.
pub const DOWNSTREAM_NOTE: &str = "estimates of what CloudTrail's deliveries cost in Amazon S3 and \
CloudWatch Logs, from the [downstream] assumptions; billed by those services, not part of the \
CloudTrail total";

fn downstream_value<'a>(d: &Downstream, s: &'a Scenario) -> JsonDownstream<'a> {
    let a = &d.assumptions;
    JsonDownstream {
        estimate: true,
        note: DOWNSTREAM_NOTE,
        assumptions: JsonAssumptions {
            average_event_bytes: a.average_event_bytes,
            compression_ratio: a.compression_ratio.normalize().to_string(),
            s3_storage_price_per_gb_month: exact(a.s3_storage_price_per_gb_month),
            retention_months: a.retention_months,
            cloudwatch_logs_ingestion_price_per_gb: exact(a.cloudwatch_logs_ingestion_price_per_gb),
            bytes_per_gb: downstream::BYTES_PER_GB,
            max_log_file_bytes: downstream::MAX_LOG_FILE_BYTES,
            delivery_windows_per_month: downstream::DELIVERY_WINDOWS_PER_MONTH,
        },
        total: exact(d.total),
        charges: d
            .lines
            .iter()
            .map(|l| JsonDownstreamCharge {
                trail: &s.trails[l.trail].name,
                payer: &s.accounts[l.payer].name,
                kind: l.kind.as_str(),
                events: l.events,
                bytes: l.bytes.normalize().to_string(),
                quantity: l.quantity.normalize().to_string(),
                unit: l.kind.unit(),
                price: exact(l.price),
                cost: exact(l.cost),
            })
            .collect(),
        log_files: d
            .log_files
            .iter()
            .map(|f| JsonLogFiles {
                trail: &s.trails[f.trail].name,
                streams: f.streams,
                compressed_bytes: f.compressed_bytes.normalize().to_string(),
                files: f.files,
            })
            .collect(),
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
