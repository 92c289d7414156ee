//! Data volumes before data events are on: Amazon S3 request metrics and AWS Lambda `Invocations`
//! from CloudWatch (SPEC §6, "Metrics").
//!
//! [`queries`] writes the `MetricDataQueries` file for `aws cloudwatch get-metric-data`: for each
//! bucket, the request metrics of its request-metrics filter (`GetRequests`, `HeadRequests`,
//! `ListRequests`, `SelectRequests` are reads; `PutRequests`, `DeleteRequests`, `PostRequests`
//! writes; dimensions `BucketName` and `FilterId`), and for each function its `Invocations`
//! (writes: `Invoke` is a write data event; dimension `FunctionName`), each the `Sum` over a day.
//! [`volumes`] joins that file with the call's output on `Id` and writes one data volume per bucket
//! and function, scaled to a month: counts × 30 / days, where days counts the UTC calendar days from
//! the first to the last timestamp, both included, rounded half away from zero.
//!
//! Values are read from the JSON text as exact decimals (never through a float).
//!
//! <https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html#s3-request-cloudwatch-metrics>
//! <https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html>
//! <https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html>

use crate::usage::written::{Written, WrittenAccount, WrittenVolume};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// S3 request metrics that count as reads, then writes.
const S3_READS: [&str; 4] = [
    "GetRequests",
    "HeadRequests",
    "ListRequests",
    "SelectRequests",
];
const S3_WRITES: [&str; 3] = ["PutRequests", "DeleteRequests", "PostRequests"];

/// A day, the period of every query.
const PERIOD: u32 = 86_400;

/// One entry of `MetricDataQueries`, as the CloudWatch API spells it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Query {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    metric_stat: MetricStat,
    #[serde(default = "yes")]
    return_data: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricStat {
    metric: Metric,
    period: u32,
    stat: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(
    clippy::struct_field_names,
    reason = "the fields are CloudWatch's own (`MetricName`), renamed only in case"
)]
struct Metric {
    namespace: String,
    metric_name: String,
    #[serde(default)]
    dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Dimension {
    name: String,
    value: String,
}

/// A Lambda function ARN's parts: `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`.
fn function_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts[..] {
        ["arn", _, "lambda", region, account, "function", name]
            if !region.is_empty()
                && account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && !name.is_empty() =>
        {
            Some((region, account, name))
        }
        _ => None,
    }
}

fn stat(namespace: &str, metric: &str, dimensions: Vec<Dimension>) -> MetricStat {
    MetricStat {
        metric: Metric {
            namespace: namespace.into(),
            metric_name: metric.into(),
            dimensions,
        },
        period: PERIOD,
        stat: "Sum".into(),
    }
}

/// The `MetricDataQueries` JSON for buckets and functions. Ids are `s3_<n>_<metric>` and
/// `lambda_<n>`; a Lambda query's label is the function's ARN, which the volume needs.
pub fn queries(
    buckets: &[String],
    functions: &[String],
    filter_id: &str,
) -> Result<String, String> {
    let mut out = Vec::new();
    for (i, bucket) in buckets.iter().enumerate() {
        if bucket.is_empty() || bucket.contains(['/', ':']) {
            return Err(format!(
                "--bucket `{bucket}` is not a bucket name (give the name, not an ARN or a path)"
            ));
        }
        for metric in S3_READS.iter().chain(&S3_WRITES) {
            out.push(Query {
                id: format!("s3_{i}_{}", metric.to_ascii_lowercase()),
                label: Some(format!("{bucket} {metric}")),
                metric_stat: stat(
                    "AWS/S3",
                    metric,
                    vec![
                        Dimension {
                            name: "BucketName".into(),
                            value: bucket.clone(),
                        },
                        Dimension {
                            name: "FilterId".into(),
                            value: filter_id.into(),
                        },
                    ],
                ),
                return_data: true,
            });
        }
    }
    for (i, arn) in functions.iter().enumerate() {
        let Some((_, _, name)) = function_parts(arn) else {
            return Err(format!(
                "--function `{arn}` is not a function ARN \
                 (arn:aws:lambda:REGION:ACCOUNT:function:NAME, without a version or alias)"
            ));
        };
        out.push(Query {
            id: format!("lambda_{i}"),
            label: Some(arn.clone()),
            metric_stat: stat(
                "AWS/Lambda",
                "Invocations",
                vec![Dimension {
                    name: "FunctionName".into(),
                    value: name.into(),
                }],
            ),
            return_data: true,
        });
    }
    if out.is_empty() {
        return Err("give at least one --bucket or --function".into());
    }
    let mut text = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// `aws cloudwatch get-metric-data` output.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricData {
    metric_data_results: Vec<MetricDataResult>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricDataResult {
    id: String,
    #[serde(default)]
    timestamps: Vec<String>,
    #[serde(default)]
    values: Vec<Box<RawValue>>,
    #[serde(default)]
    status_code: Option<String>,
}

/// Where the S3 volumes go: the output of S3 metrics names no account or region.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The account of the buckets: a name, or a 12-digit id (then also its `id`).
    pub account: Option<String>,
    /// The region of the buckets.
    pub region: Option<String>,
    /// Days the counts cover, instead of the span of the timestamps.
    pub days: Option<u32>,
}

/// What [`volumes`] read, for the header and JSON.
#[derive(Debug, Clone)]
pub struct Read {
    pub written: Written,
    pub header: Vec<String>,
}

/// The UTC day (days since the epoch) of an ISO 8601 timestamp as CloudWatch writes them:
/// `2026-11-01T00:00:00Z`, `2026-11-01T00:00:00+00:00`, `2026-11-01T09:00:00.000+09:00`.
#[allow(
    clippy::many_single_char_names,
    reason = "the timestamp's parts are named as in its pattern: y-mo-dTh:mi:s"
)]
fn utc_day(ts: &str) -> Option<i64> {
    let b = ts.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = ts.get(r)?;
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let date = crate::date::Date::new(
        i32::try_from(y).ok()?,
        u8::try_from(mo).ok()?,
        u8::try_from(d).ok()?,
    )?;
    if h > 23 || mi > 59 || s > 60 || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let mut rest = &ts[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" | "" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let r = &rest[1..];
            let (oh, om) = match r.len() {
                5 if r.as_bytes()[2] == b':' => (r.get(0..2)?, r.get(3..5)?),
                4 => (r.get(0..2)?, r.get(2..4)?),
                _ => return None,
            };
            let (oh, om): (i64, i64) = (oh.parse().ok()?, om.parse().ok()?);
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 60 + om)
        }
    };
    let minutes = date.epoch_day() * 1440 + h * 60 + mi - offset_minutes;
    Some(minutes.div_euclid(1440))
}

/// An exact decimal from a JSON number's text: `1234`, `1234.0`, `1.5E+3`.
fn value(raw: &RawValue) -> Option<Decimal> {
    let text = raw.get().trim();
    if text.starts_with('"') {
        return None;
    }
    crate::usage::bill::parse_amount(text).filter(|d| !d.is_sign_negative() || d.is_zero())
}

/// What a query is about.
enum Subject {
    Bucket { bucket: String, read: bool },
    Function { arn: String },
}

fn subject(q: &Query) -> Result<Subject, String> {
    let m = &q.metric_stat.metric;
    let dim = |name: &str| {
        m.dimensions
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.value.clone())
    };
    match (m.namespace.as_str(), m.metric_name.as_str()) {
        ("AWS/S3", metric) => {
            let read = if S3_READS.contains(&metric) {
                true
            } else if S3_WRITES.contains(&metric) {
                false
            } else {
                return Err(format!(
                    "query `{}`: AWS/S3 {metric} is not a request metric of data events \
                     (reads: {}; writes: {})",
                    q.id,
                    S3_READS.join(", "),
                    S3_WRITES.join(", ")
                ));
            };
            let bucket = dim("BucketName")
                .ok_or_else(|| format!("query `{}` has no BucketName dimension", q.id))?;
            Ok(Subject::Bucket { bucket, read })
        }
        ("AWS/Lambda", "Invocations") => {
            let arn = q
                .label
                .clone()
                .filter(|l| function_parts(l).is_some())
                .ok_or_else(|| {
                    format!(
                        "query `{}`: its Label must be the function's ARN, as \
                         `trailplan usage metrics-queries` writes it",
                        q.id
                    )
                })?;
            Ok(Subject::Function { arn })
        }
        (ns, metric) => Err(format!(
            "query `{}`: {ns} {metric} is neither an S3 request metric nor Lambda Invocations",
            q.id
        )),
    }
}

/// Joins the queries with the call's output and writes the data volumes.
///
/// Errors are messages about one of the two files: `Err((is_result_file, message))`.
pub fn volumes(
    queries_text: &str,
    result_text: &str,
    placement: &Placement,
    files: (&str, &str),
) -> Result<Read, (bool, String)> {
    let queries: Vec<Query> = serde_json::from_str(queries_text).map_err(|e| {
        (
            false,
            format!("line {} column {}: {e}", e.line(), e.column()),
        )
    })?;
    let metric_data: MetricData = serde_json::from_str(result_text).map_err(|e| {
        (
            true,
            format!("line {} column {}: {e}", e.line(), e.column()),
        )
    })?;
    let by_id = index_queries(&queries)?;
    let points = sum_points(&metric_data, &by_id, files.0)?;
    let missing: Vec<&str> = by_id
        .keys()
        .filter(|id| !points.per_query.contains_key(*id))
        .copied()
        .collect();
    let span = match (points.first, points.last) {
        (Some(f), Some(l)) => u32::try_from(l - f + 1).unwrap_or(u32::MAX),
        _ => 0,
    };
    let days = placement.days.unwrap_or(span);
    if days == 0 {
        return Err((
            true,
            "the output holds no data points: nothing to scale to a month (is the request-metrics \
             filter on, and the window right?)"
                .into(),
        ));
    }
    let (buckets, functions) = subject_totals(&by_id, &points.sums)?;
    let name = format!("data volumes from {}", files.1);
    let written = written_volumes(&buckets, &functions, placement, days, name)?;
    let header = metrics_header(files, by_id.len(), &points, span, days, placement, &missing);
    Ok(Read { written, header })
}

/// The queries by id, each with what it counts.
fn index_queries(queries: &[Query]) -> Result<QueriesById<'_>, Refusal> {
    let mut by_id: BTreeMap<&str, (&Query, Subject)> = BTreeMap::new();
    for q in queries {
        let s = subject(q).map_err(|e| (false, e))?;
        if by_id.insert(&q.id, (q, s)).is_some() {
            return Err((false, format!("query id `{}` appears twice", q.id)));
        }
    }
    Ok(by_id)
}

/// What the results of `get-metric-data` hold, summed per query id.
#[derive(Debug, Default)]
struct Points<'a> {
    sums: BTreeMap<&'a str, Decimal>,
    /// Data points per query id.
    per_query: BTreeMap<&'a str, u64>,
    /// The first and last UTC days of the data points.
    first: Option<i64>,
    last: Option<i64>,
    count: u64,
}

/// Sums the data points of every result, checking each belongs to a query and is complete.
fn sum_points<'a>(
    metric_data: &'a MetricData,
    by_id: &BTreeMap<&str, (&Query, Subject)>,
    queries_file: &str,
) -> Result<Points<'a>, (bool, String)> {
    let mut p = Points::default();
    // Results of one id may come in several entries (pages joined by the AWS CLI).
    let mut complete: BTreeMap<&str, bool> = BTreeMap::new();
    for r in &metric_data.metric_data_results {
        if !by_id.contains_key(r.id.as_str()) {
            return Err((
                true,
                format!(
                    "result `{}` matches no query of {} (were they made from another file?)",
                    r.id, queries_file
                ),
            ));
        }
        if r.timestamps.len() != r.values.len() {
            return Err((
                true,
                format!(
                    "result `{}` has {} timestamps and {} values",
                    r.id,
                    r.timestamps.len(),
                    r.values.len()
                ),
            ));
        }
        let status = r.status_code.as_deref().unwrap_or("Complete");
        match status {
            "Complete" => {
                complete.insert(&r.id, true);
            }
            "PartialData" => {
                complete.entry(&r.id).or_insert(false);
            }
            other => {
                return Err((
                    true,
                    format!(
                        "result `{}` has StatusCode {other}: run the call again",
                        r.id
                    ),
                ));
            }
        }
        let sum = p.sums.entry(&r.id).or_insert(Decimal::ZERO);
        for (ts, v) in r.timestamps.iter().zip(&r.values) {
            let day = utc_day(ts).ok_or_else(|| {
                (
                    true,
                    format!("result `{}`: `{ts}` is not an ISO 8601 timestamp", r.id),
                )
            })?;
            let v = value(v).ok_or_else(|| {
                (
                    true,
                    format!(
                        "result `{}`: value `{}` is not a count (a number, 0 or more)",
                        r.id,
                        v.get()
                    ),
                )
            })?;
            *sum = sum
                .checked_add(v)
                .ok_or_else(|| (true, format!("result `{}`: the sum overflows", r.id)))?;
            p.first = Some(p.first.map_or(day, |f| f.min(day)));
            p.last = Some(p.last.map_or(day, |l| l.max(day)));
            p.count += 1;
            *p.per_query.entry(&r.id).or_insert(0) += 1;
        }
    }
    if let Some((id, _)) = complete.iter().find(|(_, c)| !**c) {
        return Err((
            true,
            format!(
                "result `{id}` is PartialData: the output holds part of its data points; run the \
                 call with the AWS CLI's own pagination (without --no-paginate or --max-items)"
            ),
        ));
    }
    Ok(p)
}

type Buckets = BTreeMap<String, (Decimal, Decimal)>;
/// The queries by id, each with what it counts.
type QueriesById<'a> = BTreeMap<&'a str, (&'a Query, Subject)>;
/// Why a metrics input is refused: whether the fault is in the output (else the queries), and how.
type Refusal = (bool, String);
type Functions = BTreeMap<String, Decimal>;

/// Per subject: a bucket's reads and writes, a function's invocations.
fn subject_totals(
    by_id: &BTreeMap<&str, (&Query, Subject)>,
    sums: &BTreeMap<&str, Decimal>,
) -> Result<(Buckets, Functions), (bool, String)> {
    let mut buckets = Buckets::new();
    let mut functions = Functions::new();
    for (id, (_, s)) in by_id {
        let sum = sums.get(id).copied().unwrap_or_default();
        let add = |a: &mut Decimal| -> Result<(), (bool, String)> {
            *a = a
                .checked_add(sum)
                .ok_or_else(|| (true, "the sums overflow".to_string()))?;
            Ok(())
        };
        match s {
            Subject::Bucket { bucket, read } => {
                let e = buckets.entry(bucket.clone()).or_default();
                add(if *read { &mut e.0 } else { &mut e.1 })?;
            }
            Subject::Function { arn } => add(functions.entry(arn.clone()).or_default())?,
        }
    }
    Ok((buckets, functions))
}

/// The scenario's regions, accounts and volumes: the buckets' in the given region and account,
/// each function's in its own, scaled from `days` days to a month: the scenario `name`.
fn written_volumes(
    buckets: &Buckets,
    functions: &Functions,
    placement: &Placement,
    days: u32,
    name: String,
) -> Result<Written, Refusal> {
    let scale = |count: Decimal| -> Result<u64, (bool, String)> {
        let month = count
            .checked_mul(Decimal::from(30))
            .and_then(|c| c.checked_div(Decimal::from(days)))
            .map(|c| c.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
            .and_then(|c| u64::try_from(c).ok());
        month.ok_or_else(|| {
            (
                true,
                format!("{count} × 30 / {days} does not fit in a count"),
            )
        })
    };
    let mut accounts: Vec<WrittenAccount> = Vec::new();
    let mut regions: Vec<String> = Vec::new();
    let mut volumes = Vec::new();
    let is_id = |a: &str| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit());
    let add_account = |name: &str, accounts: &mut Vec<WrittenAccount>| {
        if !accounts.iter().any(|a| a.name == name) {
            accounts.push(WrittenAccount {
                name: name.into(),
                id: is_id(name).then(|| name.into()),
            });
        }
    };
    if !buckets.is_empty() {
        let Some(region) = placement.region.clone() else {
            return Err((
                false,
                "S3 request metrics name no region: pass --region, the buckets' region".into(),
            ));
        };
        let account = placement
            .account
            .clone()
            .unwrap_or_else(|| "default".into());
        add_account(&account, &mut accounts);
        regions.push(region.clone());
        for (bucket, (read, write)) in buckets {
            volumes.push(WrittenVolume {
                accounts: vec![account.clone()],
                regions: vec![region.clone()],
                category: "data",
                resource_type: Some("AWS::S3::Object"),
                resource_arn: Some(format!("arn:aws:s3:::{bucket}/")),
                read: scale(*read)?,
                write: scale(*write)?,
            });
        }
    }
    for (arn, invocations) in functions {
        let Some((region, account, _)) = function_parts(arn) else {
            continue;
        };
        add_account(account, &mut accounts);
        if !regions.iter().any(|r| r == region) {
            regions.push(region.into());
        }
        volumes.push(WrittenVolume {
            accounts: vec![account.into()],
            regions: vec![region.into()],
            category: "data",
            resource_type: Some("AWS::Lambda::Function"),
            resource_arn: Some(arn.clone()),
            read: 0,
            write: scale(*invocations)?,
        });
    }
    regions.sort();
    accounts.sort();
    Ok(Written {
        format: 1,
        name,
        regions,
        accounts,
        volumes,
    })
}

/// The header of the written scenario: what was read, how it was scaled, what had no data.
fn metrics_header(
    files: (&str, &str),
    queries: usize,
    points: &Points,
    span: u32,
    days: u32,
    placement: &Placement,
    missing: &[&str],
) -> Vec<String> {
    // A scenario with accounts lists every account; `default` is then one of them by name.
    let day_text = crate::usage::bill::date_text;
    let mut header = vec![
        format!(
            "Data volumes from CloudWatch metrics: the queries {} joined on Id with the \
             get-metric-data output {}.",
            files.0, files.1
        ),
        format!(
            "{} queries, {} data points; window {}; scale × 30 / {days}{}, rounded half away \
             from zero.",
            queries,
            points.count,
            match (points.first, points.last) {
                (Some(f), Some(l)) => format!(
                    "{} to {}, {span} UTC days both included",
                    day_text(f),
                    day_text(l)
                ),
                _ => "empty".into(),
            },
            if placement.days.is_some() {
                " (--days)"
            } else {
                ""
            }
        ),
        "S3: GetRequests, HeadRequests, ListRequests and SelectRequests are reads; PutRequests, \
         DeleteRequests and PostRequests are writes. Lambda: Invocations are writes."
            .into(),
    ];
    if !missing.is_empty() {
        header.push(format!(
            "Queries without data points (no requests in the window, counted as 0): {}.",
            missing.join(", ")
        ));
    }
    header.push(
        "Add trails (or import them) and plan this file before turning data events on.".into(),
    );
    header
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_read_as_utc_days() {
        let d = |ts| utc_day(ts).unwrap();
        assert_eq!(d("1970-01-01T00:00:00Z"), 0);
        assert_eq!(
            d("2026-11-01T00:00:00+00:00") - d("2026-10-01T00:00:00Z"),
            31
        );
        // 09:00 in Tokyo on 1 November is midnight UTC the same day; 08:59 is still 31 October.
        assert_eq!(
            d("2026-11-01T09:00:00.000+09:00"),
            d("2026-11-01T00:00:00Z")
        );
        assert_eq!(d("2026-11-01T08:59:00+0900"), d("2026-10-31T12:00:00Z"));
        for bad in [
            "2026-11-01",
            "2026-02-30T00:00:00Z",
            "2026-11-01T25:00:00Z",
            "x",
            "2026-11-01T00:00:00+1",
        ] {
            assert_eq!(utc_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn function_arns_are_whole() {
        assert_eq!(
            function_parts("arn:aws:lambda:eu-west-1:111111111111:function:checkout"),
            Some(("eu-west-1", "111111111111", "checkout"))
        );
        assert_eq!(
            function_parts("arn:aws:lambda:eu-west-1:111111111111:function:checkout:prod"),
            None
        );
        assert_eq!(function_parts("checkout"), None);
    }

    #[test]
    fn json_numbers_are_read_exactly() {
        let raw = |t: &str| serde_json::from_str::<Box<RawValue>>(t).unwrap();
        assert_eq!(value(&raw("0.1")), Decimal::from_str_exact("0.1").ok());
        assert_eq!(value(&raw("1.5E+3")), Some(Decimal::from(1500)));
        assert_eq!(
            value(&raw("12345678901234567.5")),
            Decimal::from_str_exact("12345678901234567.5").ok()
        );
        assert_eq!(value(&raw("-1")), None);
        assert_eq!(value(&raw("\"1\"")), None);
    }
}
