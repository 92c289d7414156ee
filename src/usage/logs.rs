//! `usage logs`: the log files CloudTrail delivers to S3, downloaded (`aws s3 sync`) or not.
//!
//! Folders are walked for `.json.gz` and `.json` files; files under `CloudTrail-Digest/` are
//! skipped and counted (they hold hashes, not events). Files are read on every core: each is read
//! whole, decompressed into a buffer its thread reuses, and parsed record by record into a small
//! per-file tally, so memory follows the largest file and the number of streams, never the number
//! of records. A file is gzip when it starts with gzip's magic bytes, whatever its name.
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html>

use super::aggregate::{BadFile, FileTally, Tally, ThreadTally};
use super::records::LogFileSeed;
use super::{Options, Source, Usage};
use crate::error::{Error, Location};
use rayon::prelude::*;
use std::collections::HashSet;
use std::hash::BuildHasher;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// A file decompressing to more than this is refused: CloudTrail's files are far smaller, and a
/// gzip bomb must not take the machine's memory.
const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;

/// Counters a caller may watch from another thread (the binary's progress bar).
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of all the files to read, known once the folders are walked.
    pub total_bytes: AtomicU64,
    /// Bytes of the files read so far.
    pub done_bytes: AtomicU64,
    /// Set when the walk is over and reading has begun.
    pub started: AtomicBool,
}

/// A log file to read.
#[derive(Debug, Clone)]
struct LogFile {
    path: PathBuf,
    bytes: u64,
}

/// Reads every log file under `paths` and counts their records.
pub fn read(paths: &[PathBuf], options: Options, progress: &Progress) -> Result<Usage, Vec<Error>> {
    let mut walked = Tally::default();
    let files = walk(paths, &mut walked.statistics).map_err(|e| vec![e])?;
    let total: u64 = files.iter().map(|f| f.bytes).sum();
    progress.total_bytes.store(total, Ordering::Relaxed);
    progress.started.store(true, Ordering::Relaxed);

    let seen = Seen::new(options.dedupe);
    let stop = AtomicBool::new(false);
    let errors: Mutex<Vec<(usize, Error)>> = Mutex::new(Vec::new());
    let tallies: Vec<Tally> = files
        .par_iter()
        .enumerate()
        .fold(
            || (ThreadTally::default(), Vec::new()),
            |(mut thread, mut buffer), (index, file)| {
                if stop.load(Ordering::Relaxed) {
                    return (thread, buffer);
                }
                match read_file(&mut thread, &mut buffer, file, &options) {
                    Ok(tally) => thread.commit(tally, |id| seen.insert(id)),
                    Err(bad) if options.skip_bad => thread.statistics.bad_files.push(BadFile {
                        file: file.path.display().to_string(),
                        reason: bad.message,
                    }),
                    Err(bad) => {
                        stop.store(true, Ordering::Relaxed);
                        if let Ok(mut errors) = errors.lock() {
                            errors.push((index, bad.into_error(&file.path)));
                        }
                    }
                }
                progress.done_bytes.fetch_add(file.bytes, Ordering::Relaxed);
                // A large buffer left by one big file is not kept for all the small ones after it.
                if buffer.capacity() > 64 << 20 {
                    buffer = Vec::new();
                }
                (thread, buffer)
            },
        )
        .map(|(thread, _)| thread.into_tally())
        .collect();
    let mut errors = errors.into_inner().unwrap_or_default();
    if !errors.is_empty() {
        errors.sort_by_key(|(i, _)| *i);
        return Err(errors.into_iter().map(|(_, e)| e).collect());
    }
    let mut tally = walked;
    for t in tallies {
        tally.merge(t);
    }
    tally
        .statistics
        .bad_files
        .sort_by(|a, b| a.file.cmp(&b.file));
    Ok(Usage {
        source: Source::Logs,
        inputs: paths.iter().map(|p| p.display().to_string()).collect(),
        options,
        tally,
    })
}

/// Why a file cannot be read as a CloudTrail log, and where in it.
#[derive(Debug)]
struct Bad {
    message: String,
    location: Option<Location>,
    unreadable: bool,
}

impl Bad {
    fn new(message: impl Into<String>) -> Self {
        Bad {
            message: message.into(),
            location: None,
            unreadable: false,
        }
    }

    fn into_error(self, path: &Path) -> Error {
        let file = path.display().to_string();
        if self.unreadable {
            Error::Read {
                file,
                message: self.message,
            }
        } else {
            Error::Invalid {
                file,
                location: self.location,
                message: self.message,
                snippet: None,
            }
        }
    }
}

/// Reads, decompresses and parses one file into a tally of its own.
fn read_file(
    thread: &mut ThreadTally,
    buffer: &mut Vec<u8>,
    file: &LogFile,
    options: &Options,
) -> Result<FileTally, Bad> {
    let raw = std::fs::read(&file.path).map_err(|e| Bad {
        unreadable: true,
        ..Bad::new(describe_io(&e))
    })?;
    let bytes: &[u8] = if is_gzip(&raw) {
        let len = gunzip(&raw, buffer).map_err(|e| {
            Bad::new(match e.kind() {
                std::io::ErrorKind::UnexpectedEof => {
                    "truncated gzip: the file ends before its compressed data does".to_string()
                }
                std::io::ErrorKind::FileTooLarge => format!(
                    "decompresses to more than {MAX_DECOMPRESSED_BYTES} bytes; not a CloudTrail log file"
                ),
                _ => format!("not a readable gzip file: {e}"),
            })
        })?;
        &buffer[..len]
    } else {
        &raw
    };
    let mut tally = FileTally {
        statistics: super::aggregate::Statistics {
            files: 1,
            bytes: file.bytes,
            ..Default::default()
        },
        ..FileTally::default()
    };
    parse_log(bytes, |record| {
        thread.add_record(&mut tally, &record, options)
    })?;
    Ok(tally)
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Decompresses a gzip file (one member or several) into `buffer` and returns the length written.
/// The buffer's bytes stay initialized from one file to the next, so a thread's buffer is zeroed
/// once as it grows, not for every file; at most [`MAX_DECOMPRESSED_BYTES`] are written.
fn gunzip(raw: &[u8], buffer: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut decoder = flate2::read::MultiGzDecoder::new(raw);
    let mut len = 0;
    loop {
        if len == buffer.len() {
            if len as u64 >= MAX_DECOMPRESSED_BYTES {
                // One byte more tells a file of exactly the limit from a larger one.
                let mut probe = [0u8; 1];
                return match decoder.read(&mut probe)? {
                    0 => Ok(len),
                    _ => Err(std::io::Error::new(
                        std::io::ErrorKind::FileTooLarge,
                        "over the decompressed size limit",
                    )),
                };
            }
            let grown = (len.max(raw.len() * 8).max(64 << 10)).saturating_mul(2);
            let cap = usize::try_from(MAX_DECOMPRESSED_BYTES).unwrap_or(usize::MAX);
            buffer.resize(grown.min(cap), 0);
        }
        match decoder.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Parses a log file's bytes, calling `handler` on each record in order.
fn parse_log<'de, F>(bytes: &'de [u8], mut handler: F) -> Result<(), Bad>
where
    F: FnMut(super::records::Record<'de>) -> Result<(), String>,
{
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let shape = LogFileSeed {
        handler: &mut handler,
    }
    .deserialize(&mut de)
    .and_then(|shape| de.end().map(|()| shape))
    .map_err(|e| json_error(&e))?;
    if !shape.had_records {
        return Err(Bad::new(
            r#"not a CloudTrail log file: no "Records" list at the top level"#,
        ));
    }
    Ok(())
}

fn json_error(e: &serde_json::Error) -> Bad {
    let message = {
        // serde_json appends " at line L column C"; the location is given apart.
        let text = e.to_string();
        match text.rfind(" at line ") {
            Some(i) if e.line() > 0 => text[..i].to_string(),
            _ => text,
        }
    };
    let prefix = if e.is_data() {
        ""
    } else {
        "not a CloudTrail log file: "
    };
    Bad {
        message: format!("{prefix}{message}"),
        location: (e.line() > 0).then(|| Location {
            line: e.line(),
            column: e.column(),
        }),
        unreadable: false,
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Whether a path lies under a `CloudTrail-Digest` folder.
fn is_digest(path: &Path) -> bool {
    path.components()
        .any(|c| c.as_os_str() == "CloudTrail-Digest")
}

#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    reason = "CloudTrail names its log files in lower case, and a folder walk takes only those"
)]
fn is_log_name(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".json.gz") || name.ends_with(".json")
}

/// The log files under `paths`, sorted by path; a file named on the command line is read whatever
/// its name (a digest file aside).
fn walk(
    paths: &[PathBuf],
    stats: &mut super::aggregate::Statistics,
) -> Result<Vec<LogFile>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| Error::Read {
            file: path.display().to_string(),
            message: describe_io(&e),
        })?;
        if !meta.is_dir() {
            if is_digest(path) {
                stats.digest_files += 1;
            } else {
                files.push(LogFile {
                    path: path.clone(),
                    bytes: meta.len(),
                });
            }
            continue;
        }
        for entry in walkdir::WalkDir::new(path).follow_links(true) {
            let entry = entry.map_err(|e| {
                let at = e
                    .path()
                    .map_or_else(|| path.display().to_string(), |p| p.display().to_string());
                let message = e.io_error().map_or_else(|| e.to_string(), describe_io);
                Error::Read {
                    file: at,
                    message: format!("cannot read this folder entry: {message}"),
                }
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let p = entry.path();
            if is_digest(p) {
                stats.digest_files += 1;
            } else if !is_log_name(p) {
                stats.other_files += 1;
            } else {
                let bytes = entry.metadata().map_or(0, |m| m.len());
                files.push(LogFile {
                    path: p.to_path_buf(),
                    bytes,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

/// The `eventID`s already counted, in shards so that threads seldom wait for each other.
struct Seen {
    shards: Vec<Mutex<HashSet<Box<str>>>>,
    hasher: std::collections::hash_map::RandomState,
    on: bool,
}

impl Seen {
    fn new(on: bool) -> Self {
        let n = if on { 64 } else { 0 };
        Seen {
            shards: (0..n).map(|_| Mutex::new(HashSet::new())).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
            on,
        }
    }

    /// True when `id` is new.
    fn insert(&self, id: Box<str>) -> bool {
        if !self.on || self.shards.is_empty() {
            return true;
        }
        let hash = self.hasher.hash_one(&id);
        let shard = usize::try_from(hash % self.shards.len() as u64).unwrap_or(0);
        match self.shards.get(shard).map(Mutex::lock) {
            Some(Ok(mut set)) => set.insert(id),
            _ => true,
        }
    }
}

/// Only decompresses and parses the files under `paths` on every core, counting records: the
/// floor that `usage logs` is measured against (`examples/logs_floor.rs`). With `parse` false it
/// only decompresses (the records are then not counted).
pub fn floor(paths: &[PathBuf], parse: bool) -> Result<(u64, u64, u64), Error> {
    let mut stats = super::aggregate::Statistics::default();
    let files = walk(paths, &mut stats)?;
    let results: Vec<Result<(u64, u64, u64), Error>> = files
        .par_iter()
        .map_init(Vec::new, |buffer, file| {
            let raw = std::fs::read(&file.path).map_err(|e| Error::Read {
                file: file.path.display().to_string(),
                message: describe_io(&e),
            })?;
            let bytes: &[u8] = if is_gzip(&raw) {
                let len = gunzip(&raw, buffer).map_err(|e| Error::Read {
                    file: file.path.display().to_string(),
                    message: e.to_string(),
                })?;
                &buffer[..len]
            } else {
                &raw
            };
            if !parse {
                return Ok((1, file.bytes, 0));
            }
            let parsed: FloorLog = serde_json::from_slice(bytes).map_err(|e| Error::Read {
                file: file.path.display().to_string(),
                message: e.to_string(),
            })?;
            Ok((1, file.bytes, parsed.records.len() as u64))
        })
        .collect();
    let mut total = (0, 0, 0);
    for r in results {
        let (f, b, n) = r?;
        total = (total.0 + f, total.1 + b, total.2 + n);
    }
    Ok(total)
}

#[derive(serde::Deserialize)]
struct FloorLog {
    #[serde(rename = "Records")]
    records: Vec<serde::de::IgnoredAny>,
}
