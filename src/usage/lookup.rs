//! `usage lookup-events`: the pages that `aws cloudtrail lookup-events --output json` writes.
//!
//! Event history holds 90 days of management events, free. Each item of `Events[]` embeds the
//! whole record as a JSON string (`CloudTrailEvent`): it gives the account, region, time and
//! category; the item's own `ReadOnly` (`"true"`/`"false"`) and `EventSource` give the rest.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html>

use super::aggregate::{FileTally, Statistics, Tally, ThreadTally};
use super::records::Record;
use super::{Options, Source, Usage};
use crate::error::{Error, Location};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(Deserialize)]
struct Page<'a> {
    #[serde(rename = "Events", borrow)]
    events: Vec<Item<'a>>,
}

#[derive(Deserialize)]
struct Item<'a> {
    #[serde(rename = "EventId", borrow, default)]
    event_id: Option<Cow<'a, str>>,
    #[serde(rename = "ReadOnly", borrow, default)]
    read_only: Option<Cow<'a, str>>,
    #[serde(rename = "EventSource", borrow, default)]
    event_source: Option<Cow<'a, str>>,
    #[serde(rename = "CloudTrailEvent", borrow)]
    cloudtrail_event: Option<Cow<'a, str>>,
}

/// Files above this are refused: a page holds at most 50 events, and the CLI's merged output of a
/// whole event history stays far below it.
const MAX_FILE_BYTES: u64 = 1 << 30;

/// Reads event-history pages (one JSON document per file, or several one after the other).
pub fn read(paths: &[PathBuf], options: Options) -> Result<Usage, Vec<Error>> {
    let mut thread = ThreadTally::default();
    let mut seen: HashSet<Box<str>> = HashSet::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match read_page_file(path, &mut thread, &options) {
            Ok(file) => thread.commit(file, |id| seen.insert(id)),
            Err(e) if options.skip_bad => {
                thread.statistics.bad_files.push(super::aggregate::BadFile {
                    file: name,
                    reason: e.to_string(),
                });
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let tally: Tally = thread.into_tally();
    Ok(Usage {
        source: Source::LookupEvents,
        inputs: paths.iter().map(|p| p.display().to_string()).collect(),
        options,
        tally,
    })
}

fn read_page_file(
    path: &std::path::Path,
    thread: &mut ThreadTally,
    options: &Options,
) -> Result<FileTally, Error> {
    let file = path.display().to_string();
    let read_error = |message: String| Error::Read {
        file: file.clone(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_error(e.to_string()))?;
    if meta.is_dir() {
        return Err(read_error(
            "is a folder; `usage lookup-events` reads the JSON files that `aws cloudtrail lookup-events --output json` writes".into(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_error(format!(
            "is {} bytes; event-history pages are read up to {MAX_FILE_BYTES} bytes",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| read_error(e.to_string()))?;
    let invalid = |message: String, location: Option<Location>| Error::Invalid {
        file: file.clone(),
        location,
        message,
        snippet: None,
    };
    let mut tally = FileTally {
        statistics: Statistics {
            files: 1,
            bytes: meta.len(),
            ..Statistics::default()
        },
        ..FileTally::default()
    };
    let mut pages = 0usize;
    for page in serde_json::Deserializer::from_slice(&bytes).into_iter::<Page<'_>>() {
        let page = page.map_err(|e| {
            invalid(
                format!(
                    "not a page of `aws cloudtrail lookup-events --output json`: {}",
                    strip_position(&e)
                ),
                (e.line() > 0).then(|| Location {
                    line: e.line(),
                    column: e.column(),
                }),
            )
        })?;
        pages += 1;
        for (index, item) in page.events.iter().enumerate() {
            let at = |message: String| invalid(format!("Events[{index}]: {message}"), None);
            let embedded = item
                .cloudtrail_event
                .as_deref()
                .ok_or_else(|| at("no CloudTrailEvent".into()))?;
            let mut record: Record<'_> = serde_json::from_str(embedded)
                .map_err(|e| at(format!("CloudTrailEvent is not a record: {e}")))?;
            record.read_only = match item.read_only.as_deref() {
                Some("true") => Some(true),
                Some("false") => Some(false),
                Some(other) => {
                    return Err(at(format!(
                        "ReadOnly is `{}`, not \"true\" or \"false\"",
                        super::aggregate::clip(other)
                    )));
                }
                None => None,
            };
            if let Some(source) = &item.event_source {
                record.event_source = Some(super::records::Str(Cow::Borrowed(source.as_ref())));
            }
            if let Some(id) = &item.event_id {
                record.event_id = Some(super::records::Str(Cow::Borrowed(id.as_ref())));
            }
            thread
                .add_record(&mut tally, &record, options)
                .map_err(at)?;
        }
    }
    if pages == 0 {
        return Err(invalid(
            "empty: no page of `aws cloudtrail lookup-events --output json`".into(),
            None,
        ));
    }
    Ok(tally)
}

fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) if e.line() > 0 => text[..i].to_string(),
        _ => text,
    }
}
