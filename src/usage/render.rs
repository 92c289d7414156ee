//! The output of `usage`: a scenario's `regions`, `[[account]]` and `[[volume]]` tables, written by
//! the `toml` serializer under header comments that say what was read and what was left out, or
//! the same volumes and the statistics as JSON.

use super::{Usage, Volume, Window, category_key};
use crate::scenario::raw::{RawAccount, RawScenario, RawVolume, S};
use crate::scenario::write;
use serde::Serialize;
use std::fmt::Write as _;

/// The scenario's name.
const SCENARIO_NAME: &str = "usage from CloudTrail records";

/// The scenario TOML with its header comments.
pub fn toml(usage: &Usage) -> Result<String, String> {
    let volumes = usage.volumes();
    if volumes.is_empty() {
        return Err(format!(
            "no event was counted, so there are no volumes to write{}",
            left_out_summary(usage)
        ));
    }
    if let Some(v) = volumes
        .iter()
        .find(|v| v.read > i64::MAX as u64 || v.write > i64::MAX as u64)
    {
        return Err(format!(
            "the monthly volume of {} in {} exceeds TOML's largest integer",
            v.stream.account, v.stream.region
        ));
    }
    let (regions, accounts) = usage.regions_and_accounts();
    let scenario = RawScenario {
        name: s(SCENARIO_NAME.to_owned()),
        regions: s(regions.into_iter().map(s).collect()),
        account: accounts
            .into_iter()
            .map(|id| {
                s(RawAccount {
                    name: s(id.clone()),
                    id: Some(s(id)),
                    management: false,
                    delegated_admin: false,
                })
            })
            .collect(),
        volume: volumes.iter().map(|v| s(raw_volume(v))).collect(),
        ..RawScenario::empty()
    };
    let body = write::to_string(&scenario)?;
    Ok(format!("{}{body}", header(usage)))
}

/// A value without a place in any text.
fn s<T>(value: T) -> S<T> {
    S::new(0..0, value)
}

/// A measured stream as the `[[volume]]` it stands for: one account, one region.
fn raw_volume(v: &Volume) -> RawVolume {
    let text = |t: &Option<String>| t.clone().map(s);
    RawVolume {
        accounts: Some(vec![s(v.stream.account.clone())]),
        regions: Some(vec![s(v.stream.region.clone())]),
        category: v.stream.category,
        event_source: text(&v.stream.event_source),
        event_name: None,
        resource_type: text(&v.stream.resource_type),
        resource_arn: text(&v.stream.resource_arn),
        read: Some(s(v.read)),
        write: Some(s(v.write)),
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `12,345`.
pub(crate) fn thousands(n: u64) -> String {
    crate::text::group_digits(n)
}

/// A value inside a comment: one line, control characters escaped.
fn comment_text(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_debug().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

fn left_out_summary(usage: &Usage) -> String {
    let s = &usage.tally.statistics;
    format!(
        " ({} read, {} seen; {} and {} left out)",
        plural(s.files, "file", "files"),
        plural(s.records, "record", "records"),
        plural(s.insights, "Insights event", "Insights events"),
        plural(s.aggregated, "aggregated event", "aggregated events"),
    )
}

fn window_line(w: &Window) -> String {
    let time = |t: Option<i64>| t.map_or_else(|| "-".to_string(), super::time::format);
    let days = if w.days_given {
        format!(
            "--days {} (the records span {} to {})",
            w.days,
            time(w.first),
            time(w.last)
        )
    } else {
        format!(
            "{} to {}, {}",
            time(w.first),
            time(w.last),
            plural(w.days, "UTC calendar day", "UTC calendar days")
        )
    };
    format!(
        "# Window: {days}. A month is counts × 30 / {}, rounded half away from zero to whole events.\n",
        w.days
    )
}

/// The header comments: what was read, the window and scale, and what was left out by reason.
fn header(usage: &Usage) -> String {
    let s = &usage.tally.statistics;
    let inputs: Vec<String> = usage.inputs.iter().map(|i| comment_text(i)).collect();
    let mut out = format!(
        "# Event volumes per month measured by `trailplan {}` from {}: {}\n",
        usage.source.command(),
        usage.source.what(),
        inputs.join(" ")
    );
    let _ = writeln!(
        out,
        "# Read {} ({} bytes) holding {}; {} became volumes.",
        plural(s.files, "file", "files"),
        thousands(s.bytes),
        plural(s.records, "record", "records"),
        thousands(s.counted),
    );
    out.push_str(&window_line(&usage.window()));
    let mut others: Vec<String> = s
        .other_categories
        .iter()
        .map(|(c, n)| {
            format!(
                "{} of category `{}`",
                plural(*n, "event", "events"),
                comment_text(c)
            )
        })
        .collect();
    if others.is_empty() {
        others.push("0 events of other categories".into());
    }
    let _ = writeln!(
        out,
        "# Left out: {} (CloudTrail-Digest/), {} in walked folders, {}, {}, {} without a resource type, {}, {}.",
        plural(s.digest_files, "digest file", "digest files"),
        plural(s.other_files, "other file", "other files"),
        plural(s.insights, "Insights event", "Insights events"),
        plural(s.aggregated, "aggregated event", "aggregated events"),
        plural(s.data_without_resource, "data event", "data events"),
        others.join(", "),
        plural(
            s.bad_files.len() as u64,
            "file that is not a CloudTrail log (--skip-bad)",
            "files that are not CloudTrail logs (--skip-bad)"
        ),
    );
    for bad in &s.bad_files {
        let _ = writeln!(
            out,
            "#   {}: {}",
            comment_text(&bad.file),
            comment_text(&bad.reason)
        );
    }
    let _ = writeln!(
        out,
        "# Counted as writes because readOnly is absent (AwsConsoleSignIn, for one): {}.",
        plural(s.write_assumed, "event", "events")
    );
    if usage.options.dedupe {
        let _ = writeln!(
            out,
            "# --dedupe: each eventID counted once ({} left out); memory grew with the distinct events.",
            plural(s.duplicates, "repeat", "repeats")
        );
    } else if usage.source != super::Source::Csv {
        out.push_str("# Records are counted as read: a file read twice counts twice (--dedupe counts an eventID once).\n");
    }
    out.push_str(
        "# Management events have one volume per account, region and direction; global services' \
         events recorded in their partition's global-events region keep their event_source",
    );
    out.push_str(if usage.options.by_source {
        " (--by-source: every source does).\n"
    } else {
        " (--by-source: every source).\n"
    });
    out.push_str("# Add [[trail]] tables (or `trailplan import`), then `trailplan plan`.\n\n");
    out
}

#[derive(Serialize)]
struct JsonUsage<'a> {
    source: &'static str,
    inputs: &'a [String],
    by_source: bool,
    dedupe: bool,
    window: JsonWindow,
    regions: Vec<String>,
    accounts: Vec<String>,
    volumes: Vec<JsonVolume<'a>>,
    statistics: &'a super::aggregate::Statistics,
}

#[derive(Serialize)]
struct JsonWindow {
    first_time: Option<String>,
    last_time: Option<String>,
    days: u64,
    days_given: bool,
    /// The scale factor as an exact fraction, `30/7`.
    scale: String,
}

#[derive(Serialize)]
struct JsonVolume<'a> {
    account: &'a str,
    region: &'a str,
    category: &'static str,
    event_source: Option<&'a str>,
    resource_type: Option<&'a str>,
    resource_arn: Option<&'a str>,
    read: u64,
    write: u64,
    recorded: super::Counts,
}

/// The volumes and the statistics as one JSON object.
pub fn json(usage: &Usage) -> String {
    let volumes = usage.volumes();
    let window = usage.window();
    let (regions, accounts) = usage.regions_and_accounts();
    let out = JsonUsage {
        source: usage.source.command(),
        inputs: &usage.inputs,
        by_source: usage.options.by_source,
        dedupe: usage.options.dedupe,
        window: JsonWindow {
            first_time: window.first.map(super::time::format),
            last_time: window.last.map(super::time::format),
            days: window.days,
            days_given: window.days_given,
            scale: format!("{}/{}", super::MONTH_DAYS, window.days),
        },
        regions,
        accounts,
        volumes: volumes
            .iter()
            .map(|v| JsonVolume {
                account: &v.stream.account,
                region: &v.stream.region,
                category: category_key(v.stream.category),
                event_source: v.stream.event_source.as_deref(),
                resource_type: v.stream.resource_type.as_deref(),
                resource_arn: v.stream.resource_arn.as_deref(),
                read: v.read,
                write: v.write,
                recorded: v.recorded,
            })
            .collect(),
        statistics: &usage.tally.statistics,
    };
    let mut text = serde_json::to_string_pretty(&out)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    text.push('\n');
    text
}
