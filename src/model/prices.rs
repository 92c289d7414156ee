//! The price book: CloudTrail's list prices with the date they took effect and where they come from.
//! A scenario's `[prices]` table and `--prices FILE` override any of them (see `scenario::prices`).
//! <https://aws.amazon.com/cloudtrail/pricing/>

use rust_decimal::Decimal;

/// Prices per 100,000 events, in USD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceBook {
    /// Each copy of a management event after the first, per account and region.
    pub management_additional: Decimal,
    /// Every copy of a data event.
    pub data: Decimal,
    /// Every copy of a network activity event.
    pub network_activity: Decimal,
    /// Management events analyzed, per Insights type and per trail.
    pub insights: Decimal,
    /// Data events analyzed, per Insights type and per trail.
    pub data_insights: Decimal,
    /// The date these list prices were last checked against `source`.
    pub effective: String,
    pub source: String,
}

impl Default for PriceBook {
    fn default() -> Self {
        PriceBook {
            management_additional: Decimal::new(200, 2),
            data: Decimal::new(10, 2),
            network_activity: Decimal::new(10, 2),
            insights: Decimal::new(35, 2),
            data_insights: Decimal::new(35, 2),
            effective: "2026-11-25".into(),
            source: "https://aws.amazon.com/cloudtrail/pricing/".into(),
        }
    }
}
