//! The JSON of SPEC §4: one object per scenario, money as exact decimal strings.

use crate::downstream::{self, Downstream};
use crate::forecast::{CATEGORIES, Forecast, category_name};
use crate::model::Scenario;
use crate::money::{Exact, exact};
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::Finding;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The keys of a plan before `charges`.
#[derive(Serialize)]
struct Head<'a> {
    scenario: &'a str,
    file: &'a str,
    currency: &'static str,
    total: String,
}

/// The keys of a plan after `charges`.
#[derive(Serialize)]
struct Tail<'a> {
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

fn head(plan: &Plan) -> Head<'_> {
    let s = &plan.scenario;
    Head {
        scenario: &s.name,
        file: &s.source.name,
        currency: "USD",
        total: exact(plan.costing.total),
    }
}

fn tail(plan: &Plan, show_cost: bool, show_findings: bool) -> Tail<'_> {
    let s = &plan.scenario;
    let file = s.source.name.as_str();
    Tail {
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

/// One object for one plan, an array for several, pretty-printed as serde_json does it.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    render_pieces(plans, show_cost, show_findings).concat()
}

/// [`render`] in pieces to be written one after another, so that the millions of line items of a
/// large organisation are never copied into one string.
pub fn render_pieces(plans: &[Plan], show_cost: bool, show_findings: bool) -> Vec<String> {
    match plans {
        [one] => {
            let mut pieces = plan_object(one, show_cost, show_findings);
            pieces.push("\n".into());
            pieces
        }
        many => {
            let objects: Vec<String> = many
                .iter()
                .map(|p| indent(&plan_object(p, show_cost, show_findings).concat()))
                .collect();
            vec![format!("[\n{}\n]\n", objects.join(",\n"))]
        }
    }
}

/// Every line two spaces further in, as an element of an array.
fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(line);
    }
    out
}

/// The body of a pretty-printed object: its lines between the braces.
fn body<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.strip_prefix("{\n")
        .and_then(|t| t.strip_suffix("\n}"))
        .unwrap_or_default()
        .to_string()
}

/// One plan as a JSON object, in pieces. The line items are written here rather than through
/// serde: a large organisation has millions of them, and they are most of the time that
/// `plan --format json` takes. The text is the same, byte for byte, as serde_json's pretty printer
/// would make it.
fn plan_object(plan: &Plan, show_cost: bool, show_findings: bool) -> Vec<String> {
    let charges: &[Charge] = if show_cost {
        &plan.costing.charges
    } else {
        &[]
    };
    let mut pieces = vec![format!("{{\n{},\n  \"charges\": ", body(&head(plan)))];
    write_charges(&mut pieces, &plan.scenario, charges);
    pieces.push(format!(
        ",\n{}\n}}",
        body(&tail(plan, show_cost, show_findings))
    ));
    pieces
}

/// Below this many line items one thread writes them all.
const PARALLEL_CHARGES: usize = 50_000;

/// The `charges` array, as pieces appended to `pieces`.
fn write_charges(pieces: &mut Vec<String>, s: &Scenario, charges: &[Charge]) {
    if charges.is_empty() {
        pieces.push("[]".into());
        return;
    }
    let names = Names::new(s);
    pieces.push("[\n".into());
    if charges.len() < PARALLEL_CHARGES {
        let mut part = String::with_capacity(charges.len() * 270);
        names.write(&mut part, charges);
        pieces.push(part);
    } else {
        // Each thread writes a run of line items; the runs are joined in order, so the text is the
        // same whatever the number of threads.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
        let run = charges.len().div_ceil(threads);
        let parts: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = charges
                .chunks(run)
                .map(|chunk| {
                    let names = &names;
                    scope.spawn(move || {
                        let mut part = String::with_capacity(chunk.len() * 270);
                        names.write(&mut part, chunk);
                        part
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                pieces.push(",\n".into());
            }
            pieces.push(part);
        }
    }
    pieces.push("\n  ]".into());
}

fn itoa_buffer() -> [u8; 20] {
    [0; 20]
}

/// The decimal digits of `n`, written into `buffer` (20 bytes hold `u64::MAX`).
fn format_u64(buffer: &mut [u8; 20], mut n: u64) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        // `n % 10` is below 10: the cast cannot truncate.
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buffer[start..]).unwrap_or("0")
}

/// Names and prices quoted for JSON once, not once a line item.
struct Names {
    trails: Vec<String>,
    accounts: Vec<String>,
    regions: Vec<String>,
    /// The book's price per kind, as `Kind::ALL` orders them.
    prices: Vec<(rust_decimal::Decimal, String)>,
}

impl Names {
    fn new(s: &Scenario) -> Names {
        let quote = |name: &str| serde_json::to_string(name).unwrap_or_default();
        Names {
            trails: s.trails.iter().map(|t| quote(&t.name)).collect(),
            accounts: s.accounts.iter().map(|a| quote(&a.name)).collect(),
            regions: s.regions.iter().map(|r| quote(&r.name)).collect(),
            prices: crate::pricing::Kind::ALL
                .iter()
                .map(|k| (k.price(&s.prices), exact(k.price(&s.prices))))
                .collect(),
        }
    }

    /// Line items as the elements of the `charges` array, comma-separated. Plain appends rather
    /// than one `write!` a line: the formatting machinery was most of the cost.
    fn write(&self, out: &mut String, charges: &[Charge]) {
        let mut digits = itoa_buffer();
        for (i, c) in charges.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str("    {\n      \"trail\": ");
            out.push_str(&self.trails[c.trail]);
            out.push_str(",\n      \"payer\": ");
            out.push_str(&self.accounts[c.payer]);
            out.push_str(",\n      \"account\": ");
            out.push_str(&self.accounts[c.account]);
            out.push_str(",\n      \"region\": ");
            out.push_str(&self.regions[c.region]);
            out.push_str(",\n      \"kind\": \"");
            out.push_str(c.kind.as_str());
            out.push_str("\",\n      \"events\": ");
            out.push_str(format_u64(&mut digits, c.events));
            out.push_str(",\n      \"price_per_100k\": \"");
            match self.prices.get(c.kind as usize) {
                Some((price, text)) if *price == c.price_per_100k => out.push_str(text),
                _ => {
                    let _ = write!(out, "{}", Exact(c.price_per_100k));
                }
            }
            out.push_str("\",\n      \"cost\": \"");
            let _ = write!(out, "{}", Exact(c.cost));
            out.push_str("\"\n    }");
        }
    }
}
