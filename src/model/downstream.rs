//! The downstream estimates' assumptions as data: event size, compression, retention and the S3
//! and CloudWatch Logs prices. The `[downstream]` table is validated into them by `scenario`.
//! <https://aws.amazon.com/s3/pricing/>
//! <https://aws.amazon.com/cloudwatch/pricing/>

use rust_decimal::Decimal;

/// The longest retention trailplan accepts (100 years).
pub(crate) const MAX_RETENTION_MONTHS: u64 = crate::limits::MAX_RETENTION_MONTHS;

/// The validated `[downstream]` table, defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assumptions {
    pub(crate) average_event_bytes: u64,
    /// Uncompressed bytes per compressed byte (`10` = 10:1).
    pub(crate) compression_ratio: Decimal,
    pub(crate) s3_storage_price_per_gb_month: Decimal,
    pub(crate) retention_months: u64,
    pub(crate) cloudwatch_logs_ingestion_price_per_gb: Decimal,
    /// Where in the scenario the values were written, for messages about them.
    pub(crate) spans: Spans,
}

/// The places of `[downstream]`'s values in the scenario's text, when it has them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Spans {
    pub(crate) table: Option<super::Span>,
    pub(crate) average_event_bytes: Option<super::Span>,
    pub(crate) compression_ratio: Option<super::Span>,
    pub(crate) s3_storage_price_per_gb_month: Option<super::Span>,
    pub(crate) retention_months: Option<super::Span>,
    pub(crate) cloudwatch_logs_ingestion_price_per_gb: Option<super::Span>,
}

impl Default for Assumptions {
    /// AWS's rule of thumb for event size, a 10:1 gzip ratio, S3 Standard and CloudWatch Logs
    /// Standard list prices in us-east-1, one year of retention.
    fn default() -> Self {
        Assumptions {
            average_event_bytes: 1500,
            compression_ratio: Decimal::from(10),
            s3_storage_price_per_gb_month: Decimal::new(23, 3),
            retention_months: 12,
            cloudwatch_logs_ingestion_price_per_gb: Decimal::new(50, 2),
            spans: Spans::default(),
        }
    }
}
