//! `eventTime` values: ISO 8601 in UTC as CloudTrail writes them (`2026-11-03T10:15:00Z`), and the
//! forms query engines print them in (`2026-11-03 10:15:00.000`).

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
    crate::date::Date::new(
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
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second)
}

/// `2026-11-03T10:15:00Z` for seconds since the epoch.
pub(crate) fn format(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Howard Hinnant's `days_from_civil`.
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`.
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
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
