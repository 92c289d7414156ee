//! The forecast's assumptions as data: how many months, and how fast each category grows. The
//! `[forecast]` table is validated into them by `scenario`; `forecast` projects the bill with them.
//! <https://aws.amazon.com/cloudtrail/pricing/>

use super::Category;
use rust_decimal::Decimal;

/// The longest forecast, in months (ten years).
pub const MAX_MONTHS: u32 = crate::limits::MAX_FORECAST_MONTHS;
/// The forecast length when `[forecast]` does not say.
pub const DEFAULT_MONTHS: u32 = 12;

/// Monthly growth rates per event category (`0.05` = 5 % a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Growth {
    pub management: Decimal,
    pub data: Decimal,
    pub network_activity: Decimal,
}

impl Growth {
    pub fn of(&self, category: Category) -> Decimal {
        match category {
            Category::Management => self.management,
            Category::Data => self.data,
            Category::NetworkActivity => self.network_activity,
        }
    }
}

/// The validated `[forecast]` table (or `--months` alone, which means no growth).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumptions {
    pub months: u32,
    pub growth: Growth,
    /// Where in the scenario the values were written, for messages about them.
    pub spans: Spans,
}

/// The places of `[forecast]`'s values in the scenario's text, when it has them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Spans {
    pub table: Option<super::Span>,
    pub months: Option<super::Span>,
    /// The growth rate that applies to each category (its own, or `monthly_growth`), indexed
    /// like `forecast::CATEGORIES`: management, data, network activity.
    pub growth: [Option<super::Span>; 3],
}

impl Assumptions {
    /// A flat forecast: the declared month repeated.
    pub fn flat(months: u32) -> Self {
        Assumptions {
            months,
            growth: Growth::default(),
            spans: Spans::default(),
        }
    }
}
