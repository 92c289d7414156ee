//! `eventTime` values: ISO 8601 in UTC as CloudTrail writes them (`2026-11-03T10:15:00Z`), and the
//! forms query engines print them in (`2026-11-03 10:15:00.000`).
//!
//! [`parse`] runs once for every record a log reader reads: it checks the fixed layout by hand and
//! leaves the calendar (is the day real, how many days since the epoch) to [`crate::date`].

use crate::date::Date;

/// Seconds since the Unix epoch of a UTC time, or `None` when the text is not one.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 19 || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let date = Date::new(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // What follows is a fraction of a second and a UTC marker, nothing else: another offset would
    // move events across midnight.
    let mut rest = text.get(19..)?;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = fraction.get(digits..)?;
    }
    if !matches!(rest, "" | "Z" | "z" | "+00:00" | " UTC") {
        return None;
    }
    Some(crate::date::epoch_seconds(date, hour, minute, second))
}

/// `2026-11-03T10:15:00Z` for seconds since the epoch.
pub(crate) fn format(seconds: i64) -> String {
    crate::date::utc_time_text(seconds)
}

/// `(year, month, day)` of a day counted from 1970-01-01 (`(1970, 1, 1)` outside the years 0 to
/// 9999).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    Date::from_epoch_day(days).map_or((1970, 1, 1), |d| {
        (
            i64::from(d.year()),
            i64::from(d.month()),
            i64::from(d.day()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cloudtrail_and_engine_forms() {
        let t = parse("2026-11-03T10:15:00Z");
        assert_eq!(t, Some(1_793_700_900));
        assert_eq!(parse("2026-11-03 10:15:00.000"), t);
        assert_eq!(parse("2026-11-03T10:15:00.123Z"), t);
        assert_eq!(format(t.unwrap_or(0)), "2026-11-03T10:15:00Z");
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        for bad in [
            "",
            "2026-11-03",
            "2026-13-03T10:15:00Z",
            "2026-02-30T10:15:00Z",
            "2026-11-03T10:15:00+02:00",
            "2026-11-03T25:15:00Z",
            "2026-11-03T10:15:00.Z",
            "２０２６-11-03T10:15:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
