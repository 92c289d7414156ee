//! What CloudTrail's deliveries cost in *other* services: estimates, never part of the CloudTrail total.
//!
//! CloudTrail writes each trail's events as gzip-compressed JSON log files into an S3 bucket, one
//! file stream per account and region (`AccountID_CloudTrail_RegionName_…json.gz`), and, when the
//! trail has a CloudWatch Logs log group, sends the same events to CloudWatch Logs. S3 and CloudWatch
//! bill for that separately. With a `[downstream]` table trailplan estimates, per trail:
//!
//! - **bytes delivered** = delivered copies of events (management, free and paid; data; network
//!   activity — not Insights, whose events are few) × `average_event_bytes` (AWS's rule of thumb:
//!   about 1,500 bytes an event).
//! - **`s3_storage`**: the compressed bytes (`bytes / compression_ratio`) of a month, kept for
//!   `retention_months`: in a steady state the bucket holds `retention_months` months of logs, so a
//!   month costs `compressed GB × retention_months × s3_storage_price_per_gb_month`. Requests,
//!   lifecycle transitions and the first months of ramp-up are not estimated.
//! - **`cloudwatch_logs_ingestion`**, only for trails with `cloudwatch_logs = true`: CloudWatch Logs
//!   ingests the uncompressed events, `bytes × cloudwatch_logs_ingestion_price_per_gb`. Storage of
//!   the log group is not estimated.
//! - **GB is binary: 1 GB = 2^30 = 1,073,741,824 bytes**, as Amazon S3's pricing page defines it
//!   ("storage used is calculated in binary gigabytes (GB), where 1 GB is 2^30 bytes"); the same unit
//!   is used for CloudWatch Logs.
//! - **Log files a month**, per account and region a trail delivers in: CloudTrail delivers about
//!   every 5 minutes (8,640 delivery windows in a 30-day month) and a file holds at most 50 MB
//!   (taken as 50 × 2^20 compressed bytes). So a cell needs at least `⌈compressed bytes / 50 MB⌉`
//!   files, and a busy cell gets a file in nearly every window, while a cell cannot have more
//!   files with events than it has events: `files = max(⌈compressed / 50 MB⌉, min(events, 8,640))`.
//!   This is an estimate of the object count (S3 PUT requests, downstream processing), not a bill.
//!
//! Divisions that do not terminate (a compression ratio of 3, bytes over 2^30) are carried to
//! rust_decimal's 28 significant digits; everything else is exact.
//!
//! <https://aws.amazon.com/s3/pricing/>
//! <https://aws.amazon.com/cloudwatch/pricing/>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html>

use crate::error::Error;
pub(crate) use crate::model::downstream::Assumptions;
use crate::model::{AccountId, RegionId, Scenario, Span, TrailId};
use crate::pricing::Costing;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Bytes in a GB: binary, as Amazon S3 bills.
pub(crate) const BYTES_PER_GB: u64 = 1 << 30;
/// The largest log file CloudTrail writes, in bytes (50 MB, binary).
pub(crate) const MAX_LOG_FILE_BYTES: u64 = 50 << 20;
/// Five-minute delivery windows in a 30-day month.
pub(crate) const DELIVERY_WINDOWS_PER_MONTH: u64 = 30 * 24 * 12;

/// What a downstream line estimates (named apart from [`crate::pricing::Kind`], the kinds of
/// CloudTrail charge).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub(crate) enum Estimate {
    S3Storage,
    CloudwatchLogsIngestion,
}

impl Estimate {
    /// `s3_storage`, `cloudwatch_logs_ingestion`.
    pub(crate) fn as_str(self) -> &'static str {
        self.into()
    }

    /// The unit its price is per.
    pub(crate) fn unit(self) -> &'static str {
        match self {
            Estimate::S3Storage => "GB-month",
            Estimate::CloudwatchLogsIngestion => "GB",
        }
    }
}

/// One estimated line: a trail's deliveries into one other service, for one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) trail: TrailId,
    pub(crate) payer: AccountId,
    pub(crate) kind: Estimate,
    /// Delivered copies of events a month.
    pub(crate) events: u64,
    /// Bytes a month: compressed for S3, uncompressed for CloudWatch Logs.
    pub(crate) bytes: Decimal,
    /// What the price applies to: GB-months stored (S3) or GB ingested (CloudWatch Logs).
    pub(crate) quantity: Decimal,
    pub(crate) price: Decimal,
    pub(crate) cost: Decimal,
}

/// Log files a trail writes in a month, over every account and region it delivers in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogFiles {
    pub(crate) trail: TrailId,
    /// Account × region streams of log files.
    pub(crate) streams: usize,
    pub(crate) compressed_bytes: Decimal,
    pub(crate) files: u64,
}

/// The estimates of one scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Downstream {
    pub(crate) assumptions: Assumptions,
    pub(crate) lines: Vec<Line>,
    /// The exact sum of the lines' costs; never added to the CloudTrail total.
    pub(crate) total: Decimal,
    pub(crate) log_files: Vec<LogFiles>,
}

/// Estimates the downstream costs of a priced scenario.
pub(crate) fn estimate(
    assumptions: &Assumptions,
    scenario: &Scenario,
    costing: &Costing,
) -> Result<Downstream, Error> {
    let estimator = Estimator {
        assumptions,
        scenario,
    };
    let per_trail = estimator.log_files(costing)?;
    let mut lines = Vec::new();
    let mut log_files = Vec::new();
    for (trail, (events, files)) in per_trail {
        if events == 0 {
            continue;
        }
        estimator.trail_lines(trail, events, &mut lines)?;
        log_files.push(LogFiles {
            compressed_bytes: files.compressed_bytes.normalize(),
            ..files
        });
    }
    let spans = &assumptions.spans;
    let total = lines
        .iter()
        .try_fold(Decimal::ZERO, |sum, l| sum.checked_add(l.cost))
        .ok_or_else(|| {
            estimator.overflow_at(
                spans.s3_storage_price_per_gb_month.as_ref(),
                spans.cloudwatch_logs_ingestion_price_per_gb.as_ref(),
            )
        })?;
    Ok(Downstream {
        assumptions: assumptions.clone(),
        lines,
        total,
        log_files,
    })
}

/// The assumptions and the scenario an estimate reads, and the errors that name its causes.
struct Estimator<'a> {
    assumptions: &'a Assumptions,
    scenario: &'a Scenario,
}

impl Estimator<'_> {
    /// An overflow names the assumption that drives it, else the `[downstream]` table.
    fn overflow_at(&self, first: Option<&Span>, second: Option<&Span>) -> Error {
        let span = first
            .or(second)
            .or(self.assumptions.spans.table.as_ref())
            .cloned();
        self.scenario.source.error_at(
            span,
            "the downstream estimates exceed what trailplan can represent exactly",
        )
    }

    fn overflow(&self) -> Error {
        self.overflow_at(None, None)
    }

    /// Compressed bytes grow with the event size and shrink with the ratio: a ratio below 1 is
    /// the likelier cause.
    fn bytes_cause(&self) -> (Option<&Span>, Option<&Span>) {
        let spans = &self.assumptions.spans;
        if self.assumptions.compression_ratio < Decimal::ONE {
            (
                spans.compression_ratio.as_ref(),
                spans.average_event_bytes.as_ref(),
            )
        } else {
            (
                spans.average_event_bytes.as_ref(),
                spans.compression_ratio.as_ref(),
            )
        }
    }

    fn bytes_overflow(&self) -> Error {
        let (first, second) = self.bytes_cause();
        self.overflow_at(first, second)
    }

    fn event_bytes(&self) -> Decimal {
        Decimal::from(self.assumptions.average_event_bytes)
    }

    /// Compressed bytes of `events` events.
    fn compressed(&self, events: u64) -> Option<Decimal> {
        Decimal::from(events)
            .checked_mul(self.event_bytes())?
            .checked_div(self.assumptions.compression_ratio)
    }

    /// Delivered events and log files per trail, over its accounts and regions.
    fn log_files(&self, costing: &Costing) -> Result<BTreeMap<TrailId, (u64, LogFiles)>, Error> {
        // Delivered events per trail, account and region.
        let mut cells: BTreeMap<(TrailId, AccountId, RegionId), u64> = BTreeMap::new();
        for c in costing.charges.iter().filter(|c| c.kind.is_delivery()) {
            let n = cells.entry((c.trail, c.account, c.region)).or_default();
            *n = n.checked_add(c.events).ok_or_else(|| self.overflow())?;
        }
        let mut per_trail: BTreeMap<TrailId, (u64, LogFiles)> = BTreeMap::new();
        for (&(trail, _, _), &events) in &cells {
            let bytes = self
                .compressed(events)
                .ok_or_else(|| self.bytes_overflow())?;
            let by_size = bytes
                .checked_div(Decimal::from(MAX_LOG_FILE_BYTES))
                .ok_or_else(|| self.bytes_overflow())?
                .ceil();
            let by_size = u64::try_from(by_size).map_err(|_| self.bytes_overflow())?;
            let files = by_size.max(events.min(DELIVERY_WINDOWS_PER_MONTH));
            let entry = per_trail.entry(trail).or_insert((
                0,
                LogFiles {
                    trail,
                    streams: 0,
                    compressed_bytes: Decimal::ZERO,
                    files: 0,
                },
            ));
            entry.0 = entry.0.checked_add(events).ok_or_else(|| self.overflow())?;
            entry.1.streams += 1;
            entry.1.compressed_bytes = entry
                .1
                .compressed_bytes
                .checked_add(bytes)
                .ok_or_else(|| self.bytes_overflow())?;
            entry.1.files = entry
                .1
                .files
                .checked_add(files)
                .ok_or_else(|| self.overflow())?;
        }
        Ok(per_trail)
    }

    /// The S3 line of a trail's `events` delivered events, and its CloudWatch Logs line when it
    /// sends events there.
    fn trail_lines(&self, trail: TrailId, events: u64, lines: &mut Vec<Line>) -> Result<(), Error> {
        let (assumptions, spans) = (self.assumptions, &self.assumptions.spans);
        let gb = Decimal::from(BYTES_PER_GB);
        let payer = self.scenario.payer(&self.scenario.trails[trail]);
        let raw_bytes = Decimal::from(events)
            .checked_mul(self.event_bytes())
            .ok_or_else(|| self.overflow_at(spans.average_event_bytes.as_ref(), None))?;
        let stored = self
            .compressed(events)
            .ok_or_else(|| self.bytes_overflow())?;
        let gb_months = stored
            .checked_mul(Decimal::from(assumptions.retention_months))
            .and_then(|b| b.checked_div(gb))
            .ok_or_else(|| {
                self.overflow_at(spans.retention_months.as_ref(), self.bytes_cause().0)
            })?;
        let s3_cost = stored
            .checked_mul(Decimal::from(assumptions.retention_months))
            .and_then(|b| b.checked_mul(assumptions.s3_storage_price_per_gb_month))
            .and_then(|b| b.checked_div(gb))
            .ok_or_else(|| {
                self.overflow_at(
                    spans.s3_storage_price_per_gb_month.as_ref(),
                    spans.retention_months.as_ref(),
                )
            })?;
        lines.push(Line {
            trail,
            payer,
            kind: Estimate::S3Storage,
            events,
            bytes: stored.normalize(),
            quantity: gb_months.normalize(),
            price: assumptions.s3_storage_price_per_gb_month,
            cost: s3_cost.normalize(),
        });
        if self.scenario.trails[trail].cloudwatch_logs {
            let quantity = raw_bytes.checked_div(gb).ok_or_else(|| self.overflow())?;
            let cost = raw_bytes
                .checked_mul(assumptions.cloudwatch_logs_ingestion_price_per_gb)
                .and_then(|b| b.checked_div(gb))
                .ok_or_else(|| {
                    self.overflow_at(
                        spans.cloudwatch_logs_ingestion_price_per_gb.as_ref(),
                        spans.average_event_bytes.as_ref(),
                    )
                })?;
            lines.push(Line {
                trail,
                payer,
                kind: Estimate::CloudwatchLogsIngestion,
                events,
                bytes: raw_bytes,
                quantity: quantity.normalize(),
                price: assumptions.cloudwatch_logs_ingestion_price_per_gb,
                cost: cost.normalize(),
            });
        }
        Ok(())
    }
}
