//! The JSON of SPEC §4: one object per scenario, money as exact decimal strings.

use super::Show;
use crate::downstream::{self, Downstream};
use crate::forecast::{CATEGORIES, Forecast, category_name};
use crate::model::Scenario;
use crate::money::{Exact, exact};
use crate::plan::Plan;
use crate::pricing::Charge;
use crate::rules::Finding;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;

/// The keys of a plan before `charges`.
#[derive(Serialize)]
struct Head<'a> {
    scenario: &'a str,
    file: &'a str,
    currency: &'a str,
    total: String,
}

/// The keys of a plan after `charges`.
#[derive(Serialize)]
/// `findings` comes first, written by [`write_findings`].
struct Tail<'a> {
    waived: Vec<JsonWaived<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forecast: Option<JsonForecast>,
    #[serde(skip_serializing_if = "Option::is_none")]
    downstream: Option<JsonDownstream<'a>>,
    /// Present only when `check --baseline` left findings out.
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
    /// Present only when `--min-severity` was given: its level and how many findings it left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    left_out: Option<super::JsonLeftOut>,
    /// What the importer could not know (`unknown: ...`) or left out (`note: ...`); present only
    /// for trails read from Terraform or CloudFormation.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    import_notes: &'a [String],
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
    data: &'a crate::rules::Data,
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
        rule: f.rule.as_str(),
        name: f.name(),
        severity: f.severity.as_str(),
        message: &f.message,
        data: &f.data,
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
        currency: &s.prices.currency,
        total: exact(plan.costing.total),
    }
}

fn tail(plan: &Plan, show: Show) -> Tail<'_> {
    let (show_cost, show_findings) = (show.cost(), show.findings());
    let s = &plan.scenario;
    let file = s.source.name.as_str();
    Tail {
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
        baselined: plan.baselined,
        left_out: super::JsonLeftOut::of(&plan.left_out).filter(|_| show_findings),
        import_notes: &s.import_notes,
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
const DOWNSTREAM_NOTE: &str = "estimates of what CloudTrail's deliveries cost in Amazon S3 and \
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

/// One error of a run that stopped, for machines: what went wrong and where.
#[derive(Serialize)]
pub(crate) struct JsonError<'a> {
    /// `read` (a file could not be read), `invalid` (not a valid scenario or input file),
    /// `write` (an output could not be written) or `usage` (the command line).
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    /// The message alone, without the file, line and column it is about.
    message: String,
}

impl<'a> JsonError<'a> {
    pub(crate) fn of(error: &'a crate::error::Error) -> JsonError<'a> {
        use crate::error::Error;
        let (kind, file, location, message) = match error {
            Error::Read { file, message } => ("read", Some(file), None, message.clone()),
            Error::Invalid {
                file,
                location,
                message,
                ..
            } => ("invalid", Some(file), *location, message.clone()),
            Error::Write { file, message } => (
                "write",
                Some(file),
                None,
                format!("cannot write: {message}"),
            ),
            Error::Usage { message } => ("usage", None, None, message.clone()),
        };
        JsonError {
            kind,
            file: file.map(String::as_str),
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            message,
        }
    }

    pub(crate) fn kind(&self) -> &'static str {
        self.kind
    }

    pub(crate) fn file(&self) -> Option<&'a str> {
        self.file
    }

    pub(crate) fn message(&self) -> &str {
        &self.message
    }
}

/// What a run that stopped on `errors` (exit `exit_code`: 2 wrong usage, 3 an input that could not
/// be read or is invalid, an output that could not be written) writes where its JSON report would
/// have gone: `{"errors": [{"kind", "file", "line", "column", "message"}], "exit_code": 3}`, a
/// report's plans never having a key `errors`.
pub fn errors(errors: &[crate::error::Error], exit_code: u8) -> String {
    #[derive(Serialize)]
    struct Errors<'a> {
        errors: Vec<JsonError<'a>>,
        exit_code: u8,
    }
    let mut text = serde_json::to_string_pretty(&Errors {
        errors: errors.iter().map(JsonError::of).collect(),
        exit_code,
    })
    .unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// One object for one plan, an array for several, pretty-printed as serde_json does it: [`write()`]
/// into a string, showing cost if `show_cost` and findings if `show_findings`.
pub fn render(plans: &[Plan], show_cost: bool, show_findings: bool) -> String {
    let charges: usize = plans.iter().map(|p| p.costing.charges.len()).sum();
    let mut buffer = Vec::with_capacity(4096 + charges.saturating_mul(270));
    // Writing into memory cannot fail, and everything written is UTF-8.
    let _ = write(
        plans,
        &super::Options::new(Show::of(show_cost, show_findings)),
        &mut buffer,
    );
    String::from_utf8(buffer).unwrap_or_default()
}

/// [`render`], written straight to `out` as it is made: the millions of line items of a large
/// organisation are never held in memory as one text. JSON shows every finding (`--quiet` is for
/// people).
pub fn write(plans: &[Plan], options: &super::Options, out: &mut dyn io::Write) -> io::Result<()> {
    let show = options.show;
    match plans {
        [one] => {
            write_plan(one, show, out)?;
            out.write_all(b"\n")
        }
        many => {
            let mut objects = Vec::with_capacity(many.len());
            for plan in many {
                let mut object = Vec::new();
                write_plan(plan, show, &mut object)?;
                objects.push(indent(&String::from_utf8_lossy(&object)));
            }
            write!(out, "[\n{}\n]\n", objects.join(",\n"))
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

/// One plan as a JSON object. The line items are written here rather than through serde: a large
/// organisation has millions of them, and they are most of the time that `plan --format json`
/// takes. The text is the same, byte for byte, as serde_json's pretty printer would make it.
fn write_plan(plan: &Plan, show: Show, out: &mut dyn io::Write) -> io::Result<()> {
    let charges: &[Charge] = if show.cost() {
        &plan.costing.charges
    } else {
        &[]
    };
    write!(out, "{{\n{},\n  \"charges\": ", body(&head(plan)))?;
    write_charges(out, &plan.scenario, charges)?;
    let findings: &[Finding] = if show.findings() { &plan.findings } else { &[] };
    let mut text = b",\n  \"findings\": ".to_vec();
    write_findings(&mut text, findings, &plan.scenario.source.name);
    out.write_all(&text)?;
    write!(out, ",\n{}\n}}", body(&tail(plan, show)))
}

/// The `findings` array of a plan, byte for byte as serde_json's pretty printer writes a
/// `Vec<JsonFinding>` there, without its machinery: a large organisation has tens of thousands of
/// findings. Strings are escaped by serde_json.
fn write_findings(out: &mut Vec<u8>, findings: &[Finding], file: &str) {
    if findings.is_empty() {
        out.extend_from_slice(b"[]");
        return;
    }
    let mut digits = itoa::Buffer::new();
    out.extend_from_slice(b"[\n");
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        let j = finding(f, file);
        out.extend_from_slice(b"    {\n      \"rule\": ");
        json_string(out, j.rule);
        out.extend_from_slice(b",\n      \"name\": ");
        json_string(out, j.name);
        out.extend_from_slice(b",\n      \"severity\": ");
        json_string(out, j.severity);
        out.extend_from_slice(b",\n      \"message\": ");
        json_string(out, j.message);
        out.extend_from_slice(b",\n      \"data\": ");
        if j.data.0.is_empty() {
            out.extend_from_slice(b"{}");
        } else {
            out.extend_from_slice(b"{\n");
            for (k, (key, value)) in j.data.0.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(b",\n");
                }
                out.extend_from_slice(b"        ");
                json_string(out, key);
                out.extend_from_slice(b": ");
                match value {
                    crate::rules::Datum::Count(n) => {
                        out.extend_from_slice(digits.format(*n).as_bytes());
                    }
                    crate::rules::Datum::Money(d) | crate::rules::Datum::Decimal(d) => {
                        let mut text = String::with_capacity(24);
                        crate::money::push_exact(&mut text, *d);
                        json_string(out, &text);
                    }
                    crate::rules::Datum::Text(t) => json_string(out, t),
                }
            }
            out.extend_from_slice(b"\n      }");
        }
        for (key, value) in [
            (&b",\n      \"trail\": "[..], j.trail),
            (b",\n      \"account\": ", j.account),
            (b",\n      \"region\": ", j.region),
        ] {
            out.extend_from_slice(key);
            match value {
                Some(v) => json_string(out, v),
                None => out.extend_from_slice(b"null"),
            }
        }
        out.extend_from_slice(b",\n      \"file\": ");
        json_string(out, j.file);
        for (key, value) in [
            (&b",\n      \"line\": "[..], j.line),
            (b",\n      \"column\": ", j.column),
        ] {
            out.extend_from_slice(key);
            match value {
                Some(n) => out.extend_from_slice(digits.format(n).as_bytes()),
                None => out.extend_from_slice(b"null"),
            }
        }
        out.extend_from_slice(b"\n    }");
    }
    out.extend_from_slice(b"\n  ]");
}

/// A JSON string, quoted and escaped by serde_json.
fn json_string(out: &mut Vec<u8>, text: &str) {
    // Writing into memory cannot fail.
    let _ = serde::Serialize::serialize(text, &mut serde_json::Serializer::new(&mut *out));
}

/// Line items formatted in batches; with many of them, one batch per core at a time.
const BATCH: usize = 25_000;

/// The `charges` array. Each round formats one batch per thread into buffers that are reused, then
/// writes them in order: the text is the same whatever the number of threads, and memory stays at a
/// few batches whatever the number of line items.
fn write_charges(out: &mut dyn io::Write, s: &Scenario, charges: &[Charge]) -> io::Result<()> {
    if charges.is_empty() {
        return out.write_all(b"[]");
    }
    let names = Names::new(s);
    let threads = if charges.len() <= BATCH {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8))
    };
    let mut buffers = vec![String::new(); threads];
    out.write_all(b"[\n")?;
    for (round, group) in charges.chunks(BATCH * threads).enumerate() {
        let batches: Vec<&[Charge]> = group.chunks(BATCH).collect();
        std::thread::scope(|scope| {
            for (buffer, batch) in buffers.iter_mut().zip(&batches) {
                let names = &names;
                scope.spawn(move || {
                    buffer.clear();
                    names.write(buffer, batch);
                });
            }
        });
        for (i, buffer) in buffers.iter().take(batches.len()).enumerate() {
            if round > 0 || i > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(buffer.as_bytes())?;
        }
    }
    out.write_all(b"\n  ]")
}

/// The fixed text of line items, quoted for JSON once rather than once a line item: each item is
/// these pieces with its events and cost between them.
struct Names {
    /// Per trail: the item's opening up to the payer's name.
    trails: Vec<String>,
    /// Per account as the payer: its name, up to the account's name.
    payers: Vec<String>,
    /// Per account: its name, up to the region's name.
    accounts: Vec<String>,
    /// Per region and kind (`region * Kind::ALL.len() + kind`): the region's name, the kind and
    /// the usage type (`null` for a region without a billing code), up to the events.
    region_kinds: Vec<String>,
    /// The book's price per kind, as `Kind::ALL` orders them, with the text from the events up to
    /// the cost.
    prices: Vec<(rust_decimal::Decimal, String)>,
}

/// The text between the events and the cost, for a price.
fn price_text(price: rust_decimal::Decimal) -> String {
    format!(
        ",\n      \"price_per_100k\": \"{}\",\n      \"cost\": \"",
        Exact(price)
    )
}

impl Names {
    fn new(s: &Scenario) -> Names {
        use crate::pricing::Kind;
        let quote = |name: &str| serde_json::to_string(name).unwrap_or_default();
        let mut region_kinds = Vec::with_capacity(s.regions.len() * Kind::ALL.len());
        for region in &s.regions {
            let code = crate::aws::billing::code(&region.name);
            for kind in Kind::ALL {
                let usage_type = match code {
                    Some(code) => format!("\"{code}-{}\"", kind.usage_type_suffix()),
                    None => "null".to_string(),
                };
                region_kinds.push(format!(
                    "{},\n      \"kind\": \"{}\",\n      \"usage_type\": {usage_type},\n      \"events\": ",
                    quote(&region.name),
                    kind.as_str()
                ));
            }
        }
        Names {
            trails: s
                .trails
                .iter()
                .map(|t| {
                    format!(
                        "    {{\n      \"trail\": {},\n      \"payer\": ",
                        quote(&t.name)
                    )
                })
                .collect(),
            payers: s
                .accounts
                .iter()
                .map(|a| format!("{},\n      \"account\": ", quote(&a.name)))
                .collect(),
            accounts: s
                .accounts
                .iter()
                .map(|a| format!("{},\n      \"region\": ", quote(&a.name)))
                .collect(),
            region_kinds,
            prices: Kind::ALL
                .iter()
                .map(|k| (k.price(&s.prices), price_text(k.price(&s.prices))))
                .collect(),
        }
    }

    /// Line items as the elements of the `charges` array, comma-separated. Plain appends of
    /// prepared pieces rather than one `write!` a line: the formatting machinery was most of the
    /// cost.
    fn write(&self, out: &mut String, charges: &[Charge]) {
        let kinds = crate::pricing::Kind::ALL.len();
        let mut digits = itoa::Buffer::new();
        for (i, c) in charges.iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str(&self.trails[c.trail]);
            out.push_str(&self.payers[c.payer]);
            out.push_str(&self.accounts[c.account]);
            out.push_str(&self.region_kinds[c.region * kinds + c.kind as usize]);
            out.push_str(digits.format(c.events));
            match self.prices.get(c.kind as usize) {
                Some((price, text)) if *price == c.price_per_100k => out.push_str(text),
                _ => out.push_str(&price_text(c.price_per_100k)),
            }
            crate::money::push_exact(out, c.cost);
            out.push_str("\"\n    }");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::{Rule, Severity};
    use crate::error::Location;
    use crate::rules::{Data, Datum};

    fn a_finding(n: u64) -> Finding {
        Finding {
            rule: Rule::PaidManagementCopy,
            severity: Severity::Warning,
            message: format!("copy {n} of \"quoted\" \\ text\twith\u{1}control and ünïcode"),
            data: Data(vec![
                ("events", Datum::Count(n)),
                (
                    "cost",
                    Datum::Money(rust_decimal::Decimal::new(2_375_826, 5)),
                ),
                ("rate", Datum::Decimal(rust_decimal::Decimal::new(-15, 1))),
                ("field", Datum::Text("resources.ARN".into())),
            ]),
            trail: Some("org-audit".into()),
            account: Some("acct-\"1\"".into()),
            region: Some("us-east-1".into()),
            location: Some(Location {
                line: 40_016,
                column: 1,
            }),
            origin: None,
            fix: "",
            subject: None,
        }
    }

    /// What serde_json's pretty printer makes of the same findings, as the `findings` key of an
    /// object: the text `write_findings` must equal.
    fn by_serde(findings: &[Finding], file: &str) -> String {
        #[derive(Serialize)]
        struct Wrapper<'a> {
            findings: Vec<JsonFinding<'a>>,
        }
        let wrapper = Wrapper {
            findings: findings.iter().map(|f| finding(f, file)).collect(),
        };
        let text = serde_json::to_string_pretty(&wrapper).unwrap_or_default();
        text.strip_prefix("{\n  \"findings\": ")
            .and_then(|t| t.strip_suffix("\n}"))
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn findings_are_written_as_serde_writes_them() {
        let mut bare = a_finding(7);
        bare.data = Data::default();
        bare.trail = None;
        bare.account = None;
        bare.region = None;
        bare.location = None;
        let mut imported = a_finding(8);
        imported.origin = Some("main.tf (aws_cloudtrail.main)".into());
        for findings in [
            vec![],
            vec![a_finding(1)],
            vec![a_finding(1), bare, imported, a_finding(u64::MAX)],
        ] {
            let mut out = Vec::new();
            write_findings(&mut out, &findings, "scenario \"a\".toml");
            assert_eq!(
                String::from_utf8(out).unwrap_or_default(),
                by_serde(&findings, "scenario \"a\".toml")
            );
        }
    }
}
