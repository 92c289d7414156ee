//! Records to streams: the counting at the heart of every reader.
//!
//! A reader adds each record to a small per-file [`FileTally`] keyed by interned strings (no
//! allocation per record), merges it into its thread's tally once the whole file has been read
//! (so that a bad file left out with `--skip-bad` leaves nothing behind), and the threads' tallies
//! are merged into one [`Tally`] keyed by owned strings at the end. The maps hold one entry per
//! stream, so memory follows the number of accounts, regions, sources and resources, never the
//! number of records.

use super::Options;
use super::records::{Class, Record, classify, reduce_resource};
use crate::model::Category;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One event stream, as a `[[volume]]` describes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stream {
    pub account: String,
    pub region: String,
    pub category: Category,
    pub event_source: Option<String>,
    pub resource_type: Option<String>,
    pub resource_arn: Option<String>,
}

/// Read-only and write events of a stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub read: u64,
    pub write: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.read = self.read.saturating_add(other.read);
        self.write = self.write.saturating_add(other.write);
    }
}

/// Records read and left out, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct Statistics {
    /// Files (or CSV rows' files, or event-history pages) read.
    pub(crate) files: u64,
    /// Bytes of those files as stored (compressed, for gzip).
    pub(crate) bytes: u64,
    /// Records seen in the files read (for a CSV: the events its rows count).
    pub(crate) records: u64,
    /// Records that became volumes.
    pub(crate) counted: u64,
    /// Files under `CloudTrail-Digest/`, skipped.
    pub(crate) digest_files: u64,
    /// Files in walked folders that are not `.json` or `.json.gz`, skipped.
    pub(crate) other_files: u64,
    /// Insights events (`eventType` `AwsCloudTrailInsight`), left out.
    pub(crate) insights: u64,
    /// Aggregated events (`eventCategory` `Aggregated`), left out.
    pub(crate) aggregated: u64,
    /// Events of another category, left out, by category.
    pub(crate) other_categories: BTreeMap<String, u64>,
    /// Data events whose record names no resource type, left out.
    pub(crate) data_without_resource: u64,
    /// Records without `readOnly`, counted as writes (`AwsConsoleSignIn`, for one).
    pub(crate) write_assumed: u64,
    /// Repeated `eventID`s not counted again (`--dedupe`).
    pub(crate) duplicates: u64,
    /// Files that are not CloudTrail logs, left out with `--skip-bad`: the file and why.
    pub(crate) bad_files: Vec<BadFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct BadFile {
    pub(crate) file: String,
    pub(crate) reason: String,
}

impl Statistics {
    pub(crate) fn merge(&mut self, other: Statistics) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.records += other.records;
        self.counted += other.counted;
        self.digest_files += other.digest_files;
        self.other_files += other.other_files;
        self.insights += other.insights;
        self.aggregated += other.aggregated;
        for (k, v) in other.other_categories {
            *self.other_categories.entry(k).or_default() += v;
        }
        self.data_without_resource += other.data_without_resource;
        self.write_assumed += other.write_assumed;
        self.duplicates += other.duplicates;
        self.bad_files.extend(other.bad_files);
    }
}

/// Counts per stream, the time they span, and the statistics of the reading.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub streams: BTreeMap<Stream, Counts>,
    /// Seconds since the epoch of the first and last counted event.
    pub(crate) first_time: Option<i64>,
    pub(crate) last_time: Option<i64>,
    pub(crate) statistics: Statistics,
}

impl Tally {
    pub(crate) fn add_stream(&mut self, stream: Stream, counts: Counts) {
        self.streams.entry(stream).or_default().add(counts);
    }

    pub(crate) fn see_time(&mut self, first: i64, last: i64) {
        self.first_time = Some(self.first_time.map_or(first, |t| t.min(first)));
        self.last_time = Some(self.last_time.map_or(last, |t| t.max(last)));
    }

    pub(crate) fn merge(&mut self, other: Tally) {
        for (stream, counts) in other.streams {
            self.add_stream(stream, counts);
        }
        if let (Some(f), Some(l)) = (other.first_time, other.last_time) {
            self.see_time(f, l);
        }
        self.statistics.merge(other.statistics);
    }
}

/// The stream fields that the options keep for a record already classified: management events
/// keep their source only for global services (or with `--by-source`); data events keep their
/// resource type and reduced resource; network activity keeps its source.
pub(crate) struct Reduced<'a> {
    pub(crate) event_source: Option<&'a str>,
    pub(crate) resource_type: Option<&'a str>,
    /// The reduced resource, and whether a `/` ends it (S3 buckets).
    pub(crate) resource_arn: Option<(&'a str, bool)>,
}

/// Reduces a record's source and first resource to the stream's fields; `None` for a data event
/// without a resource type (left out and counted).
pub(crate) fn reduce<'a>(
    category: Category,
    region: &str,
    event_source: Option<&'a str>,
    resource_type: Option<&'a str>,
    resource_arn: Option<&'a str>,
    options: &Options,
    arn_reduced: bool,
) -> Option<Reduced<'a>> {
    match category {
        Category::Management => {
            let keep =
                event_source.filter(|s| options.by_source || super::is_global_event(region, s));
            Some(Reduced {
                event_source: keep,
                resource_type: None,
                resource_arn: None,
            })
        }
        Category::NetworkActivity => Some(Reduced {
            event_source,
            resource_type: None,
            resource_arn: None,
        }),
        Category::Data => {
            let kind = resource_type.filter(|t| !t.is_empty())?;
            let arn = match resource_arn {
                // A CSV row's resource was reduced by the query already.
                Some(arn) if arn_reduced => Some((arn, false)),
                Some(arn) => reduce_resource(kind, arn),
                None => None,
            };
            Some(Reduced {
                event_source: None,
                resource_type: Some(kind),
                resource_arn: arn,
            })
        }
    }
}

/// A fast hasher for the per-thread maps (the multiply-rotate of rustc's `FxHasher`): their keys
/// are a few short strings and small ids, never chosen to collide by an attacker who could only
/// slow a run down.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        let rest = chunks.remainder();
        tail[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(tail) ^ (rest.len() as u64) << 59);
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// Interned strings of one thread.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32, FxBuild>,
    names: Vec<String>,
}

const NONE: u32 = u32::MAX;

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(NONE - 1);
        self.ids.insert(s.to_owned(), id);
        self.names.push(s.to_owned());
        id
    }

    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.id(s))
    }

    fn name(&self, id: u32) -> Option<&str> {
        self.names.get(id as usize).map(String::as_str)
    }
}

/// A stream as interned ids: account, region, category, source, resource type, resource (with a
/// flag for the final `/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    account: u32,
    region: u32,
    category: Category,
    source: u32,
    kind: u32,
    arn: u32,
    slash: bool,
}

/// The counts of one file, before it is known to be whole.
#[derive(Debug, Default)]
pub(crate) struct FileTally {
    pub(crate) streams: HashMap<Key, Counts, FxBuild>,
    pub(crate) first: Option<i64>,
    pub(crate) last: Option<i64>,
    pub(crate) statistics: Statistics,
    /// With `--dedupe`: every counted record's `eventID` and key, counted at commit.
    pub(crate) pending: Vec<(Box<str>, Key, bool)>,
}

/// What a thread accumulates: its interner and the merged counts of the files it read.
#[derive(Debug, Default)]
pub(crate) struct ThreadTally {
    interner: Interner,
    streams: HashMap<Key, Counts, FxBuild>,
    first: Option<i64>,
    last: Option<i64>,
    pub(crate) statistics: Statistics,
}

/// Why a record cannot be counted: the file is not a usable CloudTrail log.
pub(crate) type RecordError = String;

impl ThreadTally {
    /// Adds one record of a file.
    pub(crate) fn add_record(
        &mut self,
        file: &mut FileTally,
        record: &Record<'_>,
        options: &Options,
    ) -> Result<(), RecordError> {
        file.statistics.records += 1;
        let category = match classify(record.category_name()) {
            Class::Volume(c) => c,
            Class::Insight => {
                file.statistics.insights += 1;
                return Ok(());
            }
            Class::Aggregated => {
                file.statistics.aggregated += 1;
                return Ok(());
            }
            Class::Other => {
                *file
                    .statistics
                    .other_categories
                    .entry(record.category_name().to_owned())
                    .or_default() += 1;
                return Ok(());
            }
        };
        let time_text = record.event_time.as_deref().ok_or("no eventTime")?;
        let time = super::time::parse(time_text)
            .ok_or_else(|| format!("eventTime `{}` is not a UTC time", clip(time_text)))?;
        let region = record.aws_region.as_deref().ok_or("no awsRegion")?;
        check_region(region)?;
        let account = record
            .account()?
            .ok_or("no recipientAccountId nor userIdentity.accountId")?;
        check_account(&account)?;
        let resource = match category {
            Category::Data => record.first_resource()?,
            _ => None,
        };
        let (kind, arn) = match &resource {
            Some(r) => (r.kind.as_deref(), r.arn.as_deref()),
            None => (None, None),
        };
        let Some(reduced) = reduce(
            category,
            region,
            record.event_source.as_deref(),
            kind,
            arn,
            options,
            false,
        ) else {
            file.statistics.data_without_resource += 1;
            return Ok(());
        };
        let read = if let Some(r) = record.read_only {
            r
        } else {
            file.statistics.write_assumed += 1;
            false
        };
        let i = &mut self.interner;
        let key = Key {
            account: i.id(&account),
            region: i.id(region),
            category,
            source: i.opt(reduced.event_source),
            kind: i.opt(reduced.resource_type),
            arn: i.opt(reduced.resource_arn.map(|(a, _)| a)),
            slash: reduced.resource_arn.is_some_and(|(_, s)| s),
        };
        file.first = Some(file.first.map_or(time, |t| t.min(time)));
        file.last = Some(file.last.map_or(time, |t| t.max(time)));
        file.statistics.counted += 1;
        if let (true, Some(id)) = (options.dedupe, record.event_id.as_deref()) {
            file.pending.push((id.into(), key, read));
        } else {
            let c = file.streams.entry(key).or_default();
            if read {
                c.read += 1;
            } else {
                c.write += 1;
            }
        }
        Ok(())
    }

    /// Merges a whole file; `seen` decides whether a pending `eventID` is new.
    pub(crate) fn commit(&mut self, file: FileTally, mut seen: impl FnMut(Box<str>) -> bool) {
        let mut statistics = file.statistics;
        let mut streams = file.streams;
        for (id, key, read) in file.pending {
            if seen(id) {
                let c = streams.entry(key).or_default();
                if read {
                    c.read += 1;
                } else {
                    c.write += 1;
                }
            } else {
                statistics.duplicates += 1;
                statistics.counted -= 1;
            }
        }
        for (key, counts) in streams {
            self.streams.entry(key).or_default().add(counts);
        }
        if let (Some(f), Some(l)) = (file.first, file.last) {
            self.first = Some(self.first.map_or(f, |t| t.min(f)));
            self.last = Some(self.last.map_or(l, |t| t.max(l)));
        }
        self.statistics.merge(statistics);
    }

    /// The thread's counts with owned names.
    pub(crate) fn into_tally(self) -> Tally {
        let mut tally = Tally {
            first_time: self.first,
            last_time: self.last,
            statistics: self.statistics,
            ..Tally::default()
        };
        let name = |id: u32| self.interner.name(id).map(str::to_owned);
        for (key, counts) in self.streams {
            let stream = Stream {
                account: name(key.account).unwrap_or_default(),
                region: name(key.region).unwrap_or_default(),
                category: key.category,
                event_source: name(key.source),
                resource_type: name(key.kind),
                resource_arn: name(key.arn).map(|a| if key.slash { a + "/" } else { a }),
            };
            tally.add_stream(stream, counts);
        }
        tally
    }
}

/// An account id as a scenario's `[[account]] id` takes it: 12 digits.
pub(crate) fn check_account(account: &str) -> Result<(), String> {
    if account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "account `{}` is not a 12-digit AWS account id",
            clip(account)
        ))
    }
}

/// A region name: lower-case letters, digits and hyphens (an unknown one is CT010 when planned).
pub(crate) fn check_region(region: &str) -> Result<(), String> {
    if !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        Ok(())
    } else {
        Err(format!("awsRegion `{}` is not a region name", clip(region)))
    }
}

/// A value quoted in a message, cut to a readable length and without control characters.
pub(crate) fn clip(text: &str) -> String {
    let cut: String = text.chars().take(80).collect();
    let mut out: String = cut.escape_debug().collect();
    if text.chars().count() > 80 {
        out.push('…');
    }
    out
}
