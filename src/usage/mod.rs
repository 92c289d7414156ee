//! Usage from evidence (SPEC §6): monthly event volumes measured from what CloudTrail already
//! recorded, written as the `regions`, `[[account]]` and `[[volume]]` tables of a scenario.
//!
//! Three readers agree on the same records:
//! - [`logs`]: the log files CloudTrail delivers to S3 (`AWSLogs/ACCOUNT/CloudTrail/REGION/...`,
//!   gzip or plain JSON), read on every core, one file at a time;
//! - [`lookup`]: the pages that `aws cloudtrail lookup-events --output json` writes (event history);
//! - [`csv`]: the result of the one query that [`sql`] prints for Amazon Athena, CloudTrail Lake or
//!   DuckDB, for organizations whose logs are too large to download.
//!
//! Each reader turns records into [`Tally`] counts per event stream (account, region, category,
//! direction, source, resource); [`Usage::volumes`] scales them to a month, and [`render`] writes
//! the scenario TOML (with header comments saying what was read and left out) or JSON.
//!
//! Record fields: <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html>;
//! the S3 layout: <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html>.

mod aggregate;
pub mod bill;
pub mod csv;
pub mod ddl;
pub mod logs;
pub mod lookup;
pub mod metrics;
pub(crate) mod records;
pub mod render;
pub mod results;
pub mod sql;
pub(crate) mod time;
pub mod written;

pub use aggregate::{Counts, Stream, Tally};

use crate::model::Category;

/// How records become streams: options shared by every reader.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Every management event source gets a volume of its own (else only global services do).
    pub by_source: bool,
    /// The month is `counts × 30 / days` with these days instead of the records' own window.
    pub days: Option<u32>,
    /// Count an `eventID` once (memory then grows with the number of distinct events).
    pub dedupe: bool,
    /// A file that is not a CloudTrail log is counted and left out instead of stopping the run.
    pub skip_bad: bool,
}

/// Where the records came from, for the header and the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Logs,
    LookupEvents,
    Csv,
}

impl Source {
    fn command(self) -> &'static str {
        match self {
            Source::Logs => "usage logs",
            Source::LookupEvents => "usage lookup-events",
            Source::Csv => "usage csv",
        }
    }

    fn what(self) -> &'static str {
        match self {
            Source::Logs => "CloudTrail log files",
            Source::LookupEvents => "CloudTrail event history (lookup-events)",
            Source::Csv => "the result of `trailplan usage sql`",
        }
    }
}

/// A reader's outcome: recorded counts per stream and the statistics of the reading.
#[derive(Debug, Clone)]
pub struct Usage {
    source: Source,
    /// The paths given on the command line.
    pub inputs: Vec<String>,
    options: Options,
    pub tally: Tally,
}

/// The time the records span and the factor that scales their counts to a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Seconds since the Unix epoch of the first and last counted `eventTime`.
    first: Option<i64>,
    last: Option<i64>,
    /// UTC calendar days from the first to the last event, both included (or `--days`).
    pub days: u64,
    /// True when `--days` gave the days.
    days_given: bool,
}

/// One `[[volume]]` of the output: a stream and its events per month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub stream: Stream,
    pub read: u64,
    pub write: u64,
    /// The counts as recorded, before scaling.
    recorded: Counts,
}

/// Days in the month that volumes are scaled to (SPEC §6: counts × 30 / days).
const MONTH_DAYS: u64 = 30;

/// `count × 30 / days`, rounded half away from zero to a whole event, in exact integers.
pub fn scale_to_month(count: u64, days: u64) -> u64 {
    if days == 0 {
        return 0;
    }
    // round(a / b) for a, b ≥ 0 is floor((2a + b) / 2b); u128 cannot overflow here.
    let a = u128::from(count) * u128::from(MONTH_DAYS);
    let b = u128::from(days);
    u64::try_from((2 * a + b) / (2 * b)).unwrap_or(u64::MAX)
}

impl Usage {
    pub fn window(&self) -> Window {
        let (first, last) = (self.tally.first_time, self.tally.last_time);
        let measured = match (first, last) {
            (Some(f), Some(l)) => {
                u64::try_from(l.div_euclid(86_400) - f.div_euclid(86_400) + 1).unwrap_or(0)
            }
            _ => 0,
        };
        match self.options.days {
            Some(days) => Window {
                first,
                last,
                days: u64::from(days),
                days_given: true,
            },
            None => Window {
                first,
                last,
                days: measured,
                days_given: false,
            },
        }
    }

    /// The monthly volumes, sorted by stream.
    pub fn volumes(&self) -> Vec<Volume> {
        let days = self.window().days;
        self.tally
            .streams
            .iter()
            .map(|(stream, counts)| Volume {
                stream: stream.clone(),
                read: scale_to_month(counts.read, days),
                write: scale_to_month(counts.write, days),
                recorded: *counts,
            })
            .collect()
    }

    /// The regions and account ids of the volumes, sorted and without repeats.
    fn regions_and_accounts(&self) -> (Vec<String>, Vec<String>) {
        let mut regions = std::collections::BTreeSet::new();
        let mut accounts = std::collections::BTreeSet::new();
        for stream in self.tally.streams.keys() {
            regions.insert(stream.region.clone());
            accounts.insert(stream.account.clone());
        }
        (
            regions.into_iter().collect(),
            accounts.into_iter().collect(),
        )
    }
}

/// The scenario's name for a category (`management`, `data`, `network_activity`).
pub(crate) fn category_key(category: Category) -> &'static str {
    category.key()
}

/// The region where a global service's events are recorded, in the partition of `region`
/// (SPEC §3 "Partitions").
pub(crate) fn global_events_region(region: &str, source: &str) -> &'static str {
    crate::aws::Partition::of(region).global_events_region_of(source)
}

/// A management event of a global service recorded where its partition records them.
pub(crate) fn is_global_event(region: &str, source: &str) -> bool {
    crate::aws::GLOBAL_SERVICES.contains(&source) && global_events_region(region, source) == region
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_scaling_rounds_half_away_from_zero() {
        // 7 days: 1 event is 30/7 = 4.2857 → 4; 7 events are exactly 30.
        assert_eq!(scale_to_month(1, 7), 4);
        assert_eq!(scale_to_month(7, 7), 30);
        // 3 events over 4 days: 22.5 → 23 (half away from zero, not to even: 22).
        assert_eq!(scale_to_month(3, 4), 23);
        // 1 event over 60 days: 0.5 → 1.
        assert_eq!(scale_to_month(1, 60), 1);
        assert_eq!(scale_to_month(1, 61), 0);
        assert_eq!(scale_to_month(5, 0), 0);
        assert_eq!(scale_to_month(u64::MAX, 1), u64::MAX);
    }

    #[test]
    fn global_events_by_partition() {
        assert!(is_global_event("us-east-1", "iam.amazonaws.com"));
        assert!(!is_global_event("eu-west-1", "iam.amazonaws.com"));
        assert!(!is_global_event("us-east-1", "kms.amazonaws.com"));
        assert!(is_global_event("us-gov-west-1", "sts.amazonaws.com"));
        assert!(is_global_event(
            "cn-northwest-1",
            "cloudfront.amazonaws.com"
        ));
        assert!(!is_global_event("cn-north-1", "cloudfront.amazonaws.com"));
        assert!(is_global_event("cn-north-1", "iam.amazonaws.com"));
    }
}
