//! The price book: CloudTrail's list prices with the date they took effect and where they come from.
//! A scenario's `[prices]` table and `--prices FILE` override any of them (see `scenario::prices`).
//! <https://aws.amazon.com/cloudtrail/pricing/>
//! <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html>

use rust_decimal::Decimal;

/// Prices per 100,000 events, in `currency` (USD unless overridden).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PriceBook {
    /// The currency of every price: an ISO 4217 code, `USD` in the built-in book.
    pub(crate) currency: String,
    /// Each copy of a management event after the first, per account and region.
    pub(crate) management_additional: Decimal,
    /// Every copy of a data event.
    pub(crate) data: Decimal,
    /// Every copy of a network activity event.
    pub(crate) network_activity: Decimal,
    /// Management events analyzed, per Insights type and per trail.
    pub(crate) insights: Decimal,
    /// Data events analyzed, per Insights type and per trail (usage type `DataInsightsEvents`).
    pub(crate) data_insights: Decimal,
    /// The date these list prices were last checked against `source`.
    pub(crate) effective: String,
    pub(crate) source: String,
    /// The keys that `[prices]` or `--prices` set (out of [`PriceBook::KEYS`] and `currency`).
    pub(crate) given: Vec<&'static str>,
    /// Where each given price was written (the scenario's `[prices]` or `--prices FILE`), for
    /// messages about amounts it makes too large.
    pub(crate) places: Vec<PricePlace>,
}

/// The file, line and column of one price override.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PricePlace {
    /// One of [`PriceBook::KEYS`].
    pub(crate) key: &'static str,
    pub(crate) file: String,
    pub(crate) location: crate::error::Location,
    pub(crate) snippet: Option<String>,
}

impl PriceBook {
    /// The price keys of `[prices]`, in the order of the format.
    pub(crate) const KEYS: [&'static str; 5] = [
        "management_additional",
        "data",
        "network_activity",
        "insights",
        "data_insights",
    ];
}

impl Default for PriceBook {
    fn default() -> Self {
        PriceBook {
            currency: "USD".into(),
            management_additional: Decimal::new(200, 2),
            data: Decimal::new(10, 2),
            network_activity: Decimal::new(10, 2),
            insights: Decimal::new(35, 2),
            // Billed under the usage type `DataInsightsEvents`: $0.03 per 100,000 events analyzed
            // ($0.0000003 an event), apart from management Insights' `InsightsEvents` at $0.35.
            // <https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html>
            data_insights: Decimal::new(3, 2),
            effective: "2026-12-01".into(),
            source: "https://aws.amazon.com/cloudtrail/pricing/ and \
                     https://docs.aws.amazon.com/awscloudtrail/latest/userguide/insights-events-costs.html"
                .into(),
            given: Vec::new(),
            places: Vec::new(),
        }
    }
}
