//! The forecast's assumptions as data: how many months, and how fast each category grows. The
//! `[forecast]` table is validated into them by `scenario`; `forecast` projects the bill with them.
//! <https://aws.amazon.com/cloudtrail/pricing/>

use super::Category;
use rust_decimal::Decimal;

/// The longest forecast, in months (ten years).
pub const MAX_MONTHS: u32 = crate::limits::MAX_FORECAST_MONTHS;
/// The forecast length when `[forecast]` does not say.
pub(crate) const DEFAULT_MONTHS: u32 = 12;

/// Monthly growth rates per event category (`0.05` = 5 % a month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Growth {
    pub(crate) management: Decimal,
    pub(crate) data: Decimal,
    pub(crate) network_activity: Decimal,
}

impl Growth {
    pub(crate) fn of(&self, category: Category) -> Decimal {
        match category {
            Category::Management => self.management,
            Category::Data => self.data,
            Category::NetworkActivity => self.network_activity,
        }
    }
}

/// The validated `[forecast]` table (or `--months` alone, which means no growth).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assumptions {
    pub(crate) months: u32,
    pub(crate) growth: Growth,
    /// Where in the scenario the values were written, for messages about them.
    pub(crate) spans: Spans,
}

/// The places of `[forecast]`'s values in the scenario's text, when it has them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Spans {
    pub(crate) table: Option<super::Span>,
    pub(crate) months: Option<super::Span>,
    /// The growth rate that applies to each category (its own, or `monthly_growth`), indexed
    /// like `forecast::CATEGORIES`: management, data, network activity.
    pub(crate) growth: [Option<super::Span>; 3],
}

impl Assumptions {
    /// A flat forecast: the declared month repeated.
    pub(crate) fn flat(months: u32) -> Self {
        Assumptions {
            months,
            growth: Growth::default(),
            spans: Spans::default(),
        }
    }
}
