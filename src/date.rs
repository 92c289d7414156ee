//! The one calendar: dates for waiver expiry and the day arithmetic of the evidence readers (days
//! since 1970-01-01, days in a month, the text of a UTC time), all on `jiff`'s proleptic Gregorian
//! calendar. Today's date is an input of the core (`--today`), read from the system clock only by
//! the command line.

use jiff::civil;
use jiff::tz::Offset;
use std::fmt;

/// 1970-01-01, day 0 of the epoch days below.
const EPOCH: civil::Date = civil::Date::constant(1970, 1, 1);
const SECONDS_PER_DAY: i64 = 86_400;

/// A proleptic Gregorian date, from year 0 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(civil::Date);

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year: i32 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
        let month: u8 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        let day: u8 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// The date, when the day exists (and the year is within 0 to 9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let year = i16::try_from(year)
            .ok()
            .filter(|y| (0..=9999).contains(y))?;
        let date = civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?);
        date.ok().map(Date)
    }

    /// The UTC date of the system clock.
    pub fn today() -> Date {
        Date(Offset::UTC.to_datetime(jiff::Timestamp::now()).date())
    }

    /// The date `days` days after 1970-01-01 (before it, when negative), if within the years
    /// 0 to 9999.
    pub(crate) fn from_epoch_day(days: i64) -> Option<Date> {
        let seconds = days.checked_mul(SECONDS_PER_DAY)?;
        let date = EPOCH
            .checked_add(jiff::SignedDuration::from_secs(seconds))
            .ok()?;
        (0..=9999).contains(&date.year()).then_some(Date(date))
    }

    /// Days since 1970-01-01 (negative before it).
    pub(crate) fn epoch_day(self) -> i64 {
        self.0.duration_since(EPOCH).as_secs() / SECONDS_PER_DAY
    }

    pub(crate) fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    pub(crate) fn month(self) -> u8 {
        u8::try_from(self.0.month()).unwrap_or(1)
    }

    pub(crate) fn day(self) -> u8 {
        u8::try_from(self.0.day()).unwrap_or(1)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

/// Days in a month of a year (`None` for a month outside 1 to 12 or a year outside 0 to 9999).
pub(crate) fn days_in_month(year: i32, month: u8) -> Option<u8> {
    Date::new(year, month, 1).and_then(|d| u8::try_from(d.0.days_in_month()).ok())
}

/// Seconds since the epoch of a UTC time of day on `date`.
pub(crate) fn epoch_seconds(date: Date, hour: i64, minute: i64, second: i64) -> i64 {
    date.epoch_day() * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
}

/// `2026-11-03T10:15:00Z` for seconds since the epoch; outside the years 0 to 9999, the seconds
/// themselves.
pub(crate) fn utc_time_text(seconds: i64) -> String {
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let secs = seconds.rem_euclid(SECONDS_PER_DAY);
    match Date::from_epoch_day(days) {
        Some(date) => format!(
            "{date}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs % 3600 / 60,
            secs % 60
        ),
        None => format!("{seconds} s after 1970-01-01T00:00:00Z"),
    }
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01; outside the years 0 to 9999, the count itself.
pub(crate) fn epoch_day_text(days: i64) -> String {
    Date::from_epoch_day(days)
        .map_or_else(|| format!("day {days} after 1970-01-01"), |d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_days_only() {
        assert_eq!(Date::parse("2027-06-30"), Date::new(2027, 6, 30));
        assert!(Date::parse("2027-02-29").is_none());
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::parse("27-01-01").is_none());
        assert_eq!(
            Date::parse("0000-01-01").map(|d| d.to_string()),
            Some("0000-01-01".into())
        );
        assert!(Date::new(10_000, 1, 1).is_none());
        assert!(Date::new(2026, 0, 1).is_none());
        assert!(Date::new(2026, 1, 0).is_none());
    }

    #[test]
    fn epoch_days_match_known_dates() {
        let text = |days| Date::from_epoch_day(days).map(|d| d.to_string());
        assert_eq!(text(0).as_deref(), Some("1970-01-01"));
        assert_eq!(text(20_417).as_deref(), Some("2025-11-25"));
        assert_eq!(text(11_016).as_deref(), Some("2000-02-29"));
        assert_eq!(text(-1).as_deref(), Some("1969-12-31"));
        for days in [-719_528, -1, 0, 1, 11_016, 20_417, 2_932_896] {
            assert_eq!(Date::from_epoch_day(days).map(Date::epoch_day), Some(days));
        }
        assert_eq!(text(-719_529), None);
        assert_eq!(text(2_932_897), None);
        assert_eq!(epoch_day_text(20_417), "2025-11-25");
        assert_eq!(utc_time_text(1_793_700_900), "2026-11-03T10:15:00Z");
        assert_eq!(utc_time_text(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn months_have_their_days() {
        assert_eq!(days_in_month(2024, 2), Some(29));
        assert_eq!(days_in_month(2026, 2), Some(28));
        assert_eq!(days_in_month(1900, 2), Some(28));
        assert_eq!(days_in_month(2000, 2), Some(29));
        assert_eq!(days_in_month(2026, 4), Some(30));
        assert_eq!(days_in_month(2026, 12), Some(31));
        assert_eq!(days_in_month(2026, 13), None);
    }
}
