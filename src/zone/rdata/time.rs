//! RRSIG/SIG times: `YYYYMMDDHHmmSS` or seconds since the epoch, as BIND reads them.

use std::fmt::Write as _;

use super::text::decimal;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// BIND's `dns_time32_fromtext`: 14 digits, a real date (year 0-9999, second ≤ 60), taken
/// modulo 2^32 (serial-number arithmetic, RFC 4034 §3.1.5).
fn parse_date(text: &[u8]) -> Option<u32> {
    if text.len() != 14 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let part =
        |r: std::ops::Range<usize>| decimal(&text[r], 9999).and_then(|v| i64::try_from(v).ok());
    let (year, month, day) = (part(0..4)?, part(4..6)?, part(6..8)?);
    let (hour, minute, second) = (part(8..10)?, part(10..12)?, part(12..14)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    u32::try_from(secs.rem_euclid(1 << 32)).ok()
}

/// An RRSIG time: up to 10 characters is a number of seconds, longer is a date.
#[must_use]
pub fn parse_time(text: &[u8]) -> Option<u32> {
    if text.len() <= 10 {
        return decimal(text, u64::from(u32::MAX)).and_then(|v| u32::try_from(v).ok());
    }
    parse_date(text)
}

/// Writes a time as `YYYYMMDDHHmmSS`, reading the value as seconds since 1970 (not relative to
/// the current date as BIND does, so that output does not depend on when it is made).
pub fn format_time(v: u32, out: &mut String) {
    let secs = i64::from(v);
    let (y, m, d) = civil_from_days(secs / 86_400);
    let rem = secs % 86_400;
    let _ = write!(
        out,
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rrsig_times_round_trip() {
        let t = parse_time(b"20170101000000").unwrap();
        assert_eq!(t, 1_483_228_800);
        let mut s = String::new();
        format_time(t, &mut s);
        assert_eq!(s, "20170101000000");
        assert_eq!(parse_time(b"20171301000000"), None);
        assert_eq!(parse_time(b"20200230000000"), None);
        assert!(parse_time(b"20200229000000").is_some());
        assert!(parse_time(b"19600101000000").is_some());
        assert_eq!(parse_time(b"1483228800"), Some(1_483_228_800));
        assert_eq!(parse_time(b"4294967296"), None);
        assert_eq!(parse_time(b"12345678901"), None);
        assert_eq!(parse_time(b"+123"), None);
    }
}
