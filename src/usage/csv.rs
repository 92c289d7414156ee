//! `usage csv`: the result of the query that `usage sql` prints, saved as CSV with its header
//! (Athena's result file, CloudTrail Lake's saved results, DuckDB's `COPY ... TO`), folded into the
//! streams that `usage logs` would have counted from the same records.

use super::aggregate::{Counts, Stream, Tally, check_account, check_region, clip, reduce};
use super::records::{Class, classify};
use super::sql::COLUMNS;
use super::{Options, Source, Usage};
use crate::error::{Error, Location};
use crate::model::Category;
use std::path::PathBuf;

/// Reads result files; all must have the query's columns (in any order).
pub fn read(paths: &[PathBuf], options: Options) -> Result<Usage, Vec<Error>> {
    let mut tally = Tally::default();
    let mut errors = Vec::new();
    for path in paths {
        if let Err(e) = read_file(path, &mut tally, &options) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Usage {
        source: Source::Csv,
        inputs: paths.iter().map(|p| p.display().to_string()).collect(),
        options,
        tally,
    })
}

fn read_file(path: &std::path::Path, total: &mut Tally, options: &Options) -> Result<(), Error> {
    let file = path.display().to_string();
    let (mut reader, bytes) = open(path, &file)?;
    let invalid = |line: u64, message: String| Error::Invalid {
        file: file.clone(),
        location: (line > 0).then(|| Location {
            line: usize::try_from(line).unwrap_or(usize::MAX),
            column: 1,
        }),
        message,
        snippet: None,
    };
    let headers = reader
        .headers()
        .map_err(|e| invalid(1, format!("not a CSV file: {e}")))?
        .clone();
    let index = column_index(&headers).map_err(|message| invalid(1, message))?;
    let mut tally = Tally::default();
    tally.statistics.files = 1;
    tally.statistics.bytes = bytes;
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, ::csv::Position::line);
            invalid(line, format!("not a CSV row: {e}"))
        })?;
        let line = row.position().map_or(0, ::csv::Position::line);
        let field = |i: usize| -> Option<&str> {
            row.get(index[i]).map(str::trim).filter(|v| !v.is_empty())
        };
        let at = |message: String| invalid(line, message);
        let events: u64 = field(7)
            .ok_or_else(|| at("no events count".into()))?
            .parse()
            .map_err(|_| {
                at(format!(
                    "events `{}` is not a whole number",
                    clip(field(7).unwrap_or(""))
                ))
            })?;
        tally.statistics.records += events;
        let category_name = field(2).unwrap_or("");
        let Some(category) = volume_category(category_name, events, &mut tally) else {
            continue;
        };
        let account = field(0).ok_or_else(|| at("no account".into()))?;
        check_account(account).map_err(at)?;
        let region = field(1).ok_or_else(|| at("no region (awsRegion)".into()))?;
        check_region(region).map_err(at)?;
        let time = |i: usize, name: &str| {
            let text = field(i).ok_or_else(|| at(format!("no {name}")))?;
            super::time::parse(text)
                .ok_or_else(|| at(format!("{name} `{}` is not a UTC time", clip(text))))
        };
        let (first, last) = (time(8, "first_time")?, time(9, "last_time")?);
        let Some(reduced) = reduce(
            category,
            region,
            field(4),
            field(5),
            field(6),
            options,
            true,
        ) else {
            tally.statistics.data_without_resource += events;
            continue;
        };
        let counts = direction_counts(field(3), events, &mut tally).map_err(at)?;
        if events == 0 {
            continue;
        }
        tally.statistics.counted += events;
        tally.see_time(first, last);
        tally.add_stream(
            Stream {
                account: account.to_owned(),
                region: region.to_owned(),
                category,
                event_source: reduced.event_source.map(str::to_owned),
                resource_type: reduced.resource_type.map(str::to_owned),
                resource_arn: reduced.resource_arn.map(|(a, _)| a.to_owned()),
            },
            counts,
        );
    }
    total.merge(tally);
    Ok(())
}

/// A CSV reader of a file (not a folder), and the file's size in bytes.
fn open(
    path: &std::path::Path,
    file: &str,
) -> Result<(::csv::Reader<super::results::Decoded>, u64), Error> {
    let read_error = |message: String| Error::Read {
        file: file.to_owned(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| read_error(e.to_string()))?;
    if meta.is_dir() {
        return Err(read_error(
            "is a folder; `usage csv` reads the CSV result of `trailplan usage sql`".into(),
        ));
    }
    // Gzip and the engines' JSON results become CSV first (see `results`).
    let reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(std::io::Cursor::new(super::results::decode(path)?));
    Ok((reader, meta.len()))
}

/// Where each of [`COLUMNS`] is in a header (in any case, around spaces), or why the header is
/// not the one of `trailplan usage sql`.
fn column_index(headers: &::csv::StringRecord) -> Result<[usize; COLUMNS.len()], String> {
    let mut index = [0usize; COLUMNS.len()];
    for (slot, column) in index.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column))
            .ok_or_else(|| {
                format!(
                    "no `{column}` column; the header must name the columns of `trailplan usage sql`: {}",
                    COLUMNS.join(", ")
                )
            })?;
    }
    if let Some(extra) = headers
        .iter()
        .find(|h| !COLUMNS.iter().any(|c| h.trim().eq_ignore_ascii_case(c)))
    {
        return Err(format!("unknown column `{}`", clip(extra)));
    }
    Ok(index)
}

/// The counts of a row's `events` by its direction column; `unknown` or none is counted as
/// writes, and said so in the statistics.
fn direction_counts(
    direction: Option<&str>,
    events: u64,
    tally: &mut Tally,
) -> Result<Counts, String> {
    match direction {
        Some("read") => Ok(Counts {
            read: events,
            write: 0,
        }),
        Some("write") => Ok(Counts {
            read: 0,
            write: events,
        }),
        Some("unknown") | None => {
            tally.statistics.write_assumed += events;
            Ok(Counts {
                read: 0,
                write: events,
            })
        }
        Some(other) => Err(format!(
            "direction `{}` is not read, write or unknown",
            clip(other)
        )),
    }
}

/// The category of a row that counts toward volumes; the events of other rows (Insights,
/// aggregated, unknown categories) are counted apart in the statistics.
fn volume_category(category_name: &str, events: u64, tally: &mut Tally) -> Option<Category> {
    match classify(category_name) {
        Class::Volume(c) => Some(c),
        Class::Insight => {
            tally.statistics.insights += events;
            None
        }
        Class::Aggregated => {
            tally.statistics.aggregated += events;
            None
        }
        Class::Other => {
            *tally
                .statistics
                .other_categories
                .entry(category_name.to_owned())
                .or_default() += events;
            None
        }
    }
}
