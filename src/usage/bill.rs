//! Reading the bill: AWS Cost and Usage Reports, CUR 2.0 or legacy, as CSV, gzip CSV or Parquet
//! (SPEC §6, "The bill").
//!
//! Only the CloudTrail rows of type `Usage` count (`line_item_product_code` `AWSCloudTrail`,
//! `line_item_line_item_type` `Usage`). Credits, refunds, discounts, taxes, fees and the rows of
//! other services are left out and counted by reason. A usage type is a billing region code, a
//! hyphen and one of the names of SPEC §4 (`USE1-PaidEventsRecorded`); CloudTrail's other usage types
//! (CloudTrail Lake's, for one) are counted as not modelled. Daily and hourly rows are summed per
//! month of `line_item_usage_start_date`.
//!
//! Amounts are read as text and parsed as exact decimals (`1.5E+3` included); nothing goes through a
//! float. Rows are streamed and summed into a map per month, account and usage type, so memory
//! does not grow with the file.
//!
//! Columns: the CUR 2.0 table dictionary
//! (<https://docs.aws.amazon.com/cur/latest/userguide/table-dictionary-cur2.html>) and the legacy
//! `lineItem/…` names (<https://docs.aws.amazon.com/cur/latest/userguide/Lineitem-columns.html>).
//! Usage types: <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-trail-manage-costs.html>.

use crate::error::Error;
pub(crate) use crate::text::group_digits;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The product code of CloudTrail's rows.
const PRODUCT: &str = "AWSCloudTrail";

/// The usage-type names trailplan models, after the region code (SPEC §4).
const MODELLED: [&str; 6] = [
    "FreeEventsRecorded",
    "PaidEventsRecorded",
    "DataEventsRecorded",
    "NetworkEventsRecorded",
    "InsightsEvents",
    "DataInsightsEvents",
];

/// The columns read, as CUR 2.0 names them and as the legacy CUR's CSV does. (Legacy Parquet
/// reports use the CUR 2.0 spelling.)
const COLUMNS: [(&str, &str); 7] = [
    ("line_item_usage_account_id", "lineItem/UsageAccountId"),
    ("line_item_product_code", "lineItem/ProductCode"),
    ("line_item_line_item_type", "lineItem/LineItemType"),
    ("line_item_usage_type", "lineItem/UsageType"),
    ("line_item_usage_amount", "lineItem/UsageAmount"),
    ("line_item_unblended_cost", "lineItem/UnblendedCost"),
    ("line_item_usage_start_date", "lineItem/UsageStartDate"),
];

/// Read when present: it tells a whole month from a month-to-date report.
const END_COLUMN: (&str, &str) = ("line_item_usage_end_date", "lineItem/UsageEndDate");

const ACCOUNT: usize = 0;
const PRODUCT_CODE: usize = 1;
const ITEM_TYPE: usize = 2;
const USAGE_TYPE: usize = 3;
const AMOUNT: usize = 4;
const COST: usize = 5;
const START: usize = 6;

/// Distinct reasons, months and not-modelled usage types kept apart; beyond them rows are still
/// counted, under one "other" key, so a hostile file cannot make the maps grow.
const MAX_KEYS: usize = 256;
/// Distinct (account, usage type) groups of CloudTrail usage in one bill.
const MAX_GROUPS: usize = 1_000_000;

/// A calendar month, `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: u16,
    month: u8,
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let month = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        (1..=12).contains(&month.month).then_some(month)
    }

    pub(crate) fn days(self) -> u8 {
        crate::date::days_in_month(i32::from(self.year), self.month).unwrap_or(31)
    }

    fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `YYYY-MM-DD` at the start of a timestamp (`2026-10-01T00:00:00Z`, `2026-10-01 00:00:00`).
fn date_prefix(text: &[u8]) -> Option<(Month, u8)> {
    let t = text.get(..10)?;
    let digits = |r: std::ops::Range<usize>| -> Option<u16> {
        t[r].iter().try_fold(0u16, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0'))
        })
    };
    if t[4] != b'-' || t[7] != b'-' || text.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let month = Month {
        year: digits(0..4)?,
        month: u8::try_from(digits(5..7)?).ok()?,
    };
    let day = u8::try_from(digits(8..10)?).ok()?;
    ((1..=12).contains(&month.month) && (1..=month.days()).contains(&day)).then_some((month, day))
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01.
pub(crate) fn date_text(days: i64) -> String {
    crate::date::epoch_day_text(days)
}

/// An exact decimal from a bill's text: `12`, `0.0000030`, `1.5E+3`, `9.7e-7`.
pub(crate) fn parse_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.contains(['e', 'E']) {
        let (mantissa, exponent) = text.split_once(['e', 'E'])?;
        // `from_scientific` wants a signed exponent without a `+`.
        let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
        let exp: i64 = exponent.parse().ok()?;
        if exp.abs() > 56 {
            return None;
        }
        let m = Decimal::from_str_exact(mantissa).ok()?;
        let scaled = if exp >= 0 {
            (0..exp).try_fold(m, |v, _| v.checked_mul(Decimal::TEN))?
        } else {
            // Exact as more decimal places, while rust_decimal's 28 hold them.
            let mut v = m;
            v.set_scale(v.scale() + u32::try_from(-exp).ok()?).ok()?;
            v
        };
        Some(scaled)
    } else {
        Decimal::from_str_exact(text).ok()
    }
}

/// Events and dollars of one group of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sums {
    pub(crate) events: Decimal,
    pub(crate) cost: Decimal,
    pub(crate) rows: u64,
}

impl Sums {
    fn add(&mut self, events: Decimal, cost: Decimal) -> Option<()> {
        self.events = self.events.checked_add(events)?;
        self.cost = self.cost.checked_add(cost)?;
        self.rows += 1;
        Some(())
    }
}

/// What one month of the bill holds.
#[derive(Debug, Clone, Default)]
struct MonthData {
    /// Usage account id → usage type (`USE1-PaidEventsRecorded`) → sums.
    groups: BTreeMap<String, BTreeMap<String, Sums>>,
    /// CloudTrail usage of types trailplan does not model.
    not_modelled: BTreeMap<String, Sums>,
    /// Rows left out, by reason.
    left_out: BTreeMap<String, u64>,
    rows: u64,
    counted: u64,
    last_day: u8,
    /// The report's usage reaches the start of the next month (from the end-date column).
    reaches_end: bool,
}

/// Every file of a bill, summed per month.
#[derive(Debug, Clone, Default)]
pub struct Bill {
    files: Vec<String>,
    rows: u64,
    months: BTreeMap<Month, MonthData>,
    groups: usize,
}

/// One month of the bill, ready to be compared or turned into volumes.
#[derive(Debug, Clone)]
pub struct MonthBill {
    pub(crate) files: Vec<String>,
    pub(crate) month: Month,
    /// `true` when `--month` chose it, `false` when it is the latest whole month.
    pub(crate) requested: bool,
    /// Rows read in every file, and CloudTrail usage rows counted in this month.
    pub(crate) rows: u64,
    pub(crate) counted: u64,
    /// `(usage account id, usage type)` → sums, for the modelled usage types.
    pub(crate) groups: BTreeMap<(String, String), Sums>,
    pub(crate) not_modelled: BTreeMap<String, Sums>,
    /// Rows left out, by reason; `other months` holds the rows of every other month.
    pub(crate) left_out: BTreeMap<String, u64>,
}

impl MonthBill {
    /// `CloudTrail Credit rows: 1; rows of other services: 1,204` — for headers and reports.
    pub(crate) fn left_out_summary(&self) -> String {
        if self.left_out.is_empty() {
            return "none".into();
        }
        self.left_out
            .iter()
            .map(|(reason, n)| format!("{reason}: {}", group_digits(*n)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `USE1-PaidEventsIngested (2 rows, 1,000 units, $2.50)`, one per not-modelled usage type.
    pub(crate) fn not_modelled_summary(&self) -> Vec<String> {
        self.not_modelled
            .iter()
            .map(|(t, s)| {
                format!(
                    "{t} ({} row{}, {} units, ${})",
                    s.rows,
                    crate::text::plural(s.rows),
                    s.events.normalize(),
                    crate::money::exact(s.cost)
                )
            })
            .collect()
    }
}

/// The region (`us-east-1`) and modelled name (`PaidEventsRecorded`) of a usage type; `None` for
/// a type trailplan does not model. AWS's older us-east-1 usage types carry no region code.
pub(crate) fn split_usage_type(usage_type: &str) -> Option<(Option<&'static str>, &str)> {
    match usage_type.split_once('-') {
        Some((code, name)) if MODELLED.contains(&name) => {
            Some((crate::aws::billing::region(code), name))
        }
        None if MODELLED.contains(&usage_type) => Some((Some("us-east-1"), usage_type)),
        _ => None,
    }
}

/// Where a row sits, for messages: `row 12 (line 13)`.
#[derive(Debug, Clone, Copy)]
struct At {
    row: u64,
    line: Option<u64>,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "row {} (line {line})", self.row),
            None => write!(f, "row {}", self.row),
        }
    }
}

fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    if let Some(n) = map.get_mut(key) {
        *n += 1;
    } else if map.len() < MAX_KEYS {
        map.insert(key.to_string(), 1);
    } else {
        *map.entry("rows of other kinds".to_string()).or_insert(0) += 1;
    }
}

impl Bill {
    /// Reads a bill file (CSV, gzip CSV or Parquet, told apart by their first bytes) and adds its
    /// rows to the bill.
    pub fn read(&mut self, path: &Path) -> Result<(), Error> {
        let name = path.display().to_string();
        let read_err = |message: String| Error::Read {
            file: name.clone(),
            message,
        };
        let file = std::fs::File::open(path).map_err(|e| read_err(describe_io(&e)))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(read_err(
                "is a directory, not a Cost and Usage Report".into(),
            ));
        }
        let mut reader = BufReader::with_capacity(1 << 17, file);
        let head = reader.fill_buf().map_err(|e| read_err(e.to_string()))?;
        self.files.push(name.clone());
        if head.starts_with(b"PAR1") {
            drop(reader);
            return self.read_parquet(path, &name);
        }
        if head.starts_with(&[0x1f, 0x8b]) {
            let gz = flate2::bufread::MultiGzDecoder::new(reader);
            self.read_csv(BufReader::with_capacity(1 << 17, gz), &name)
        } else {
            self.read_csv(reader, &name)
        }
    }

    fn read_csv<R: Read>(&mut self, input: R, name: &str) -> Result<(), Error> {
        let invalid = |message: String| Error::Invalid {
            file: name.to_string(),
            location: None,
            message,
            snippet: None,
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .buffer_capacity(1 << 17)
            .from_reader(input);
        let header = csv
            .byte_headers()
            .map_err(|e| invalid(csv_error(&e)))?
            .clone();
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = String::from_utf8_lossy(h);
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    &h
                };
                h.trim().to_string()
            })
            .collect();
        let (columns, end) = find_columns(&names).map_err(invalid)?;
        let mut record = csv::ByteRecord::new();
        let mut row = 0u64;
        loop {
            match csv.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    return Err(invalid(format!(
                        "row {} is not CSV: {}",
                        row + 1,
                        csv_error(&e)
                    )));
                }
            }
            row += 1;
            let at = At {
                row,
                line: record.position().map(csv::Position::line),
            };
            let field = |i: usize| record.get(i).unwrap_or_default();
            let fields = [
                field(columns[0]),
                field(columns[1]),
                field(columns[2]),
                field(columns[3]),
                field(columns[4]),
                field(columns[5]),
                field(columns[6]),
            ];
            let end = end.map(field);
            self.row(&fields, end, at).map_err(invalid)?;
        }
        self.rows += row;
        Ok(())
    }

    #[cfg(not(feature = "parquet"))]
    #[allow(
        clippy::unused_self,
        reason = "the same method as the Parquet build's, which reads into `self`"
    )]
    fn read_parquet(&mut self, _path: &Path, name: &str) -> Result<(), Error> {
        Err(Error::Invalid {
            file: name.to_string(),
            location: None,
            message: "is a Parquet file, and this trailplan was built without Parquet support; \
                      rebuild with --features parquet, or export the report as CSV"
                .into(),
            snippet: None,
        })
    }

    #[cfg(feature = "parquet")]
    fn read_parquet(&mut self, path: &Path, name: &str) -> Result<(), Error> {
        let invalid = |message: String| Error::Invalid {
            file: name.to_string(),
            location: None,
            message,
            snippet: None,
        };
        let mut rows = 0u64;
        let result = parquet_rows::read(path, find_columns, |fields, end| {
            rows += 1;
            let at = At {
                row: rows,
                line: None,
            };
            self.row(fields, end, at)
        });
        self.rows += rows;
        result.map_err(invalid)
    }

    /// Adds one row. `fields` are in the order of [`COLUMNS`].
    fn row(&mut self, fields: &[&[u8]; 7], end: Option<&[u8]>, at: At) -> Result<(), String> {
        let start = fields[START];
        let Some((month, day)) = date_prefix(start) else {
            return Err(format!(
                "{at}: {} `{}` is not a date (YYYY-MM-DD...)",
                COLUMNS[START].0,
                String::from_utf8_lossy(start)
            ));
        };
        if !self.months.contains_key(&month) && self.months.len() >= MAX_KEYS * 4 {
            return Err(format!(
                "{at}: the bill spans more than {} months",
                MAX_KEYS * 4
            ));
        }
        let data = self.months.entry(month).or_default();
        data.rows += 1;
        data.last_day = data.last_day.max(day);
        if let Some(end) = end.and_then(date_prefix) {
            // The end date is exclusive: usage up to the next month's first midnight.
            if end.0 > month {
                data.reaches_end |= end.0 >= month.next();
            }
        }
        if fields[PRODUCT_CODE] != PRODUCT.as_bytes() {
            bump(&mut data.left_out, "rows of other services");
            return Ok(());
        }
        let item_type = fields[ITEM_TYPE];
        if item_type != b"Usage" {
            let reason = format!("CloudTrail {} rows", String::from_utf8_lossy(item_type));
            bump(&mut data.left_out, &reason);
            return Ok(());
        }
        let text = |i: usize| -> Result<&str, String> {
            std::str::from_utf8(fields[i])
                .map(str::trim)
                .map_err(|_| format!("{at}: {} is not UTF-8 text", COLUMNS[i].0))
        };
        let account = text(ACCOUNT)?;
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "{at}: {} `{account}` is not a 12-digit account id",
                COLUMNS[ACCOUNT].0
            ));
        }
        let amount = |i: usize| -> Result<Decimal, String> {
            let t = text(i)?;
            parse_amount(t)
                .ok_or_else(|| format!("{at}: {} `{t}` is not a decimal amount", COLUMNS[i].0))
        };
        let events = amount(AMOUNT)?;
        let cost = amount(COST)?;
        let usage_type = text(USAGE_TYPE)?;
        let overflow = || format!("{at}: the sums overflow");
        data.counted += 1;
        if split_usage_type(usage_type).is_none() {
            let key = if data.not_modelled.contains_key(usage_type)
                || data.not_modelled.len() < MAX_KEYS
            {
                usage_type
            } else {
                "other usage types"
            };
            return data
                .not_modelled
                .entry(key.to_string())
                .or_default()
                .add(events, cost)
                .ok_or_else(overflow);
        }
        // us-east-1's usage types without a code are keyed as the plan names them.
        let prefixed;
        let usage_type = if usage_type.contains('-') {
            usage_type
        } else {
            prefixed = format!("USE1-{usage_type}");
            &prefixed
        };
        let by_type = match data.groups.get_mut(account) {
            Some(m) => m,
            None => data.groups.entry(account.to_string()).or_default(),
        };
        let sums = if let Some(s) = by_type.get_mut(usage_type) {
            s
        } else {
            self.groups += 1;
            if self.groups > MAX_GROUPS {
                return Err(format!(
                    "{at}: more than {MAX_GROUPS} accounts × usage types of CloudTrail"
                ));
            }
            by_type.entry(usage_type.to_string()).or_default()
        };
        sums.add(events, cost).ok_or_else(overflow)
    }

    /// The month to use: `requested`, or the latest whole month of the bill.
    pub fn month(&self, requested: Option<Month>) -> Result<MonthBill, Error> {
        let files = self.files.join(", ");
        let invalid = |message: String| Error::Invalid {
            file: files.clone(),
            location: None,
            message,
            snippet: None,
        };
        let month = if let Some(m) = requested {
            if !self.months.contains_key(&m) {
                let held: Vec<String> = self.months.keys().map(Month::to_string).collect();
                return Err(invalid(format!(
                    "the bill has no rows in {m} (it holds {})",
                    if held.is_empty() {
                        "no rows".into()
                    } else {
                        held.join(", ")
                    }
                )));
            }
            m
        } else {
            let whole = self
                .months
                .iter()
                .rev()
                .find(|(m, d)| d.reaches_end || d.last_day == m.days());
            match whole {
                Some((m, _)) => *m,
                None => {
                    return Err(invalid(match self.months.iter().next_back() {
                        Some((m, d)) => format!(
                            "the bill holds no whole month (the latest, {m}, has rows up to \
                             day {}); pick one with --month YYYY-MM",
                            d.last_day
                        ),
                        None => "the bill has no rows".into(),
                    }));
                }
            }
        };
        let mut out = MonthBill {
            files: self.files.clone(),
            month,
            requested: requested.is_some(),
            rows: self.rows,
            counted: 0,
            groups: BTreeMap::new(),
            not_modelled: BTreeMap::new(),
            left_out: BTreeMap::new(),
        };
        let mut other_months = 0u64;
        for (m, data) in &self.months {
            if *m != month {
                other_months += data.rows;
                continue;
            }
            out.counted = data.counted;
            out.not_modelled.clone_from(&data.not_modelled);
            out.left_out.clone_from(&data.left_out);
            for (account, types) in &data.groups {
                for (t, s) in types {
                    out.groups.insert((account.clone(), t.clone()), *s);
                }
            }
        }
        if other_months > 0 {
            out.left_out
                .insert("rows of other months".into(), other_months);
        }
        Ok(out)
    }
}

/// `usage bill`: management volumes per account and region from `FreeEventsRecorded`, split into
/// writes (`round_half_away_from_zero(amount × share)`) and reads (the rest). The header says what
/// was read and what was assumed.
pub fn management_volumes(
    bill: &MonthBill,
    write_share: Decimal,
) -> Result<(crate::usage::written::Written, Vec<String>), String> {
    let mut free = free_volumes(bill, write_share)?;
    if free.volumes.is_empty() {
        return Err(format!(
            "the bill has no FreeEventsRecorded usage in {}: no management volume to write",
            bill.month
        ));
    }
    free.regions.sort();
    free.accounts.sort();
    let header = management_header(bill, write_share, &free);
    Ok((
        crate::usage::written::Written {
            format: 1,
            name: format!("management volumes from the bill, {}", bill.month),
            regions: free.regions,
            accounts: free.accounts,
            volumes: free.volumes,
        },
        header,
    ))
}

/// The `FreeEventsRecorded` volumes of a month's bill, and what was left out or rounded on the way.
#[derive(Debug, Default)]
struct FreeVolumes<'a> {
    accounts: Vec<crate::usage::written::WrittenAccount>,
    regions: Vec<String>,
    volumes: Vec<crate::usage::written::WrittenVolume>,
    /// Usage types whose region code is not on AWS's page.
    unknown: Vec<String>,
    /// Whether a fractional amount was rounded to whole events.
    rounded: bool,
    /// Other CloudTrail usage types of the month, with their amounts.
    other_types: BTreeMap<&'a str, Decimal>,
}

fn free_volumes(bill: &MonthBill, write_share: Decimal) -> Result<FreeVolumes<'_>, String> {
    use crate::usage::written::{WrittenAccount, WrittenVolume};
    let mut free = FreeVolumes::default();
    for ((account, usage_type), sums) in &bill.groups {
        let Some((region, name)) = split_usage_type(usage_type) else {
            continue;
        };
        if name != "FreeEventsRecorded" {
            let e = free.other_types.entry(name).or_default();
            *e = e.saturating_add(sums.events);
            continue;
        }
        let Some(region) = region else {
            free.unknown.push(usage_type.clone());
            continue;
        };
        let whole = sums
            .events
            .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        free.rounded |= whole != sums.events;
        let total = u64::try_from(whole).map_err(|_| {
            format!(
                "{usage_type} of account {account}: {} is not a count of events",
                sums.events
            )
        })?;
        let writes = whole
            .checked_mul(write_share)
            .map(|w| {
                w.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            })
            .and_then(|w| u64::try_from(w).ok())
            .ok_or_else(|| format!("{usage_type} of account {account}: the split overflows"))?;
        let writes = writes.min(total);
        if !free.accounts.iter().any(|a| &a.name == account) {
            free.accounts.push(WrittenAccount {
                name: account.clone(),
                id: Some(account.clone()),
            });
        }
        if !free.regions.iter().any(|r| r == region) {
            free.regions.push(region.to_string());
        }
        free.volumes.push(WrittenVolume {
            accounts: vec![account.clone()],
            regions: vec![region.to_string()],
            category: "management",
            resource_type: None,
            resource_arn: None,
            read: total - writes,
            write: writes,
        });
    }
    Ok(free)
}

/// The header of `usage bill`'s scenario: what was read, assumed, rounded and left out.
fn management_header(bill: &MonthBill, write_share: Decimal, free: &FreeVolumes) -> Vec<String> {
    let mut header = vec![
        format!("Management volumes from the Cost and Usage Report {}.", bill.files.join(", ")),
        format!(
            "Month {}{}; {} rows read, {} CloudTrail usage rows counted in the month.",
            bill.month,
            if bill.requested { " (--month)" } else { " (the latest whole month in the bill)" },
            group_digits(bill.rows),
            group_digits(bill.counted)
        ),
        format!("Left out: {}.", bill.left_out_summary()),
        format!(
            "Each account and region's volume is its FreeEventsRecorded amount: the first copy of every \
             management event. Assumption: {} % of them are writes (--write-share {}), the rest reads.",
            (write_share * Decimal::ONE_HUNDRED).normalize(),
            write_share.normalize()
        ),
        "Where an organization trail holds the free copies, the bill names the account that owns the \
         trail, for all its members together: `trailplan usage logs` splits it by member."
            .into(),
    ];
    if free.rounded {
        header.push("Fractional amounts were rounded half away from zero to whole events.".into());
    }
    if !free.other_types.is_empty() {
        header.push(format!(
            "Other CloudTrail usage in the month (not volumes here): {}.",
            free.other_types
                .iter()
                .map(|(n, e)| format!("{n} {}", e.normalize()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let not_modelled = bill.not_modelled_summary();
    if !not_modelled.is_empty() {
        header.push(format!("Not modelled: {}.", not_modelled.join("; ")));
    }
    if !free.unknown.is_empty() {
        header.push(format!(
            "Left out, their region code is not on AWS's page of billing codes: {}.",
            free.unknown.join(", ")
        ));
    }
    header
}

/// Finds the columns of [`COLUMNS`] (either spelling) and the optional end date.
fn find_columns(names: &[String]) -> Result<([usize; 7], Option<usize>), String> {
    let find = |(cur2, legacy): (&str, &str)| names.iter().position(|n| n == cur2 || n == legacy);
    let mut columns = [0; 7];
    let mut missing = Vec::new();
    for (i, c) in COLUMNS.iter().enumerate() {
        match find(*c) {
            Some(p) => columns[i] = p,
            None => missing.push(format!("{} (or {})", c.0, c.1)),
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "not a Cost and Usage Report: no column {}",
            missing.join(", ")
        ));
    }
    Ok((columns, find(END_COLUMN)))
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => format!(
            "{len} fields where the header has {expected_len}{}",
            pos.as_ref()
                .map(|p| format!(" (line {})", p.line()))
                .unwrap_or_default()
        ),
        csv::ErrorKind::Io(io) => format!("cannot be read: {io}"),
        _ => e.to_string(),
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(feature = "parquet")]
mod parquet_rows;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn amounts_are_exact_with_or_without_an_exponent() {
        assert_eq!(parse_amount("150000"), Some(d("150000")));
        assert_eq!(parse_amount("0.0000030"), Some(d("0.0000030")));
        assert_eq!(parse_amount("1.5E+3"), Some(d("1500")));
        assert_eq!(parse_amount("1.5e3"), Some(d("1500")));
        assert_eq!(parse_amount("9.7E-7"), Some(d("0.00000097")));
        assert_eq!(parse_amount("-2.5E-1"), Some(d("-0.25")));
        assert_eq!(
            parse_amount("3.000000000000001"),
            Some(d("3.000000000000001"))
        );
        for bad in ["", "1,5", "abc", "1e", "1e999", "NaN", "0x10"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_start_timestamps() {
        let m = |y, m| Month { year: y, month: m };
        assert_eq!(
            date_prefix(b"2026-10-31T23:00:00Z"),
            Some((m(2026, 10), 31))
        );
        assert_eq!(date_prefix(b"2026-02-01 00:00:00"), Some((m(2026, 2), 1)));
        assert_eq!(date_prefix(b"2026-02-30T00:00:00Z"), None);
        assert_eq!(date_prefix(b"10/01/2026"), None);
        assert_eq!(date_prefix(b"2026-1-01"), None);
        assert_eq!(Month::parse("2024-02").map(Month::days), Some(29));
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(m(2026, 12).next(), m(2027, 1));
    }

    #[test]
    fn usage_types_split_into_region_and_name() {
        assert_eq!(
            split_usage_type("USE1-PaidEventsRecorded"),
            Some((Some("us-east-1"), "PaidEventsRecorded"))
        );
        assert_eq!(
            split_usage_type("EU-DataEventsRecorded"),
            Some((Some("eu-west-1"), "DataEventsRecorded"))
        );
        assert_eq!(
            split_usage_type("FreeEventsRecorded"),
            Some((Some("us-east-1"), "FreeEventsRecorded"))
        );
        assert_eq!(
            split_usage_type("XYZ9-InsightsEvents"),
            Some((None, "InsightsEvents"))
        );
        assert_eq!(split_usage_type("USE1-PaidEventsIngested"), None);
    }
}
