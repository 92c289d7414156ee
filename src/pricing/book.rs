//! The price book: CloudTrail's list prices with the date they took effect and where they come from.
//! A scenario's `[prices]` table and `--prices FILE` override any of them.
//! <https://aws.amazon.com/cloudtrail/pricing/>

use crate::money::Amount;
use rust_decimal::Decimal;
use serde::Deserialize;

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

/// A `--prices FILE`: the keys of a scenario's `[prices]` table at the top level.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceOverrides {
    pub management_additional: Option<Amount>,
    pub data: Option<Amount>,
    pub network_activity: Option<Amount>,
    pub insights: Option<Amount>,
    pub data_insights: Option<Amount>,
}

impl PriceOverrides {
    /// The book with these overrides applied; `None` when a price is negative.
    pub fn apply(&self, book: &PriceBook, source: &str) -> Result<PriceBook, &'static str> {
        let mut out = book.clone();
        let pairs = [
            (self.management_additional, &mut out.management_additional),
            (self.data, &mut out.data),
            (self.network_activity, &mut out.network_activity),
            (self.insights, &mut out.insights),
            (self.data_insights, &mut out.data_insights),
        ];
        for (value, slot) in pairs {
            if let Some(Amount(v)) = value {
                if v.is_sign_negative() {
                    return Err("a price must not be negative");
                }
                *slot = v;
            }
        }
        out.source = source.to_string();
        Ok(out)
    }
}
