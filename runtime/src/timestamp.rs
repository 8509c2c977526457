//! `YYYY-MM-DDThh:mm:ssZ` (UTC): the request `Timestamp` and the metadata service's `Expiration`.
//!
//! Hand-written rather than a date crate: one fixed format, UTC only, and the civil-date arithmetic
//! is a dozen lines (Howard Hinnant's `days_from_civil`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const SECONDS_PER_DAY: u64 = 86_400;

/// Parses `YYYY-MM-DDThh:mm:ssZ`; `None` for anything else or a time before 1970.
pub(crate) fn parse_utc(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = u64::try_from(days_from_civil(i64::from(year), month, day)).ok()?;
    let seconds = days * SECONDS_PER_DAY
        + u64::from(hour) * 3600
        + u64::from(minute) * 60
        + u64::from(second);
    Some(UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Formats as `YYYY-MM-DDThh:mm:ssZ` (whole seconds; times before 1970 print as the epoch).
pub(crate) fn format_utc(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(secs / SECONDS_PER_DAY).unwrap_or(i64::MAX / 2);
    let rem = secs % SECONDS_PER_DAY;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_round_trip() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2000-02-29T12:34:56Z",
            "2024-12-31T23:59:59Z",
            "2100-03-01T00:00:00Z",
        ] {
            let t = parse_utc(s).expect(s);
            assert_eq!(format_utc(t), s);
        }
    }

    #[test]
    fn known_instant() {
        let t = parse_utc("2019-04-09T07:02:29Z").expect("valid");
        assert_eq!(
            t.duration_since(UNIX_EPOCH).expect("after epoch").as_secs(),
            1_554_793_349
        );
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "2019-04-09 07:02:29Z",
            "2019-04-09T07:02:29",
            "2019-04-09T07:02:29+08:00",
            "2019-13-09T07:02:29Z",
            "2019-02-29T07:02:29Z",
            "2019-04-09T24:00:00Z",
            "2019-04-09T07:60:00Z",
            "20a9-04-09T07:02:29Z",
            "2019-04-09T07:02:29.5Z",
        ] {
            assert_eq!(parse_utc(s), None, "{s}");
        }
    }

    // Formatting cases for request timestamps.
    fn at(secs: u64) -> String {
        format_utc(UNIX_EPOCH + Duration::from_secs(secs))
    }

    #[test]
    fn known_instants() {
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_554_793_349), "2019-04-09T07:02:29Z");
        assert_eq!(at(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(at(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(at(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn clock_before_epoch_gives_epoch() {
        assert_eq!(
            format_utc(UNIX_EPOCH - Duration::from_secs(10)),
            "1970-01-01T00:00:00Z"
        );
    }

    #[test]
    fn sub_second_part_is_dropped() {
        assert_eq!(
            format_utc(UNIX_EPOCH + Duration::from_millis(1999)),
            "1970-01-01T00:00:01Z"
        );
    }
}
