//! TTL values: plain seconds or BIND's unit form (`1h30m`, `2w`, `1W2D`), parsed with nom.

use nom::{
    IResult, Parser,
    character::complete::{digit1, one_of},
    combinator::{all_consuming, opt},
    multi::many1,
};

/// The largest TTL allowed (RFC 2181 §8).
pub const MAX_TTL: u32 = 0x7fff_ffff;

/// Why a TTL could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlError {
    /// Not of the form `123` or `1h30m`.
    Malformed,
    /// Above 2^32 − 1 seconds.
    Overflow,
}

fn segment(input: &[u8]) -> IResult<&[u8], (&[u8], Option<char>)> {
    (digit1, opt(one_of("sSmMhHdDwW"))).parse(input)
}

/// Reads a TTL. Values above [`MAX_TTL`] are returned as they are (the caller reports them);
/// values that do not fit in 32 bits are an error.
///
/// # Errors
/// [`TtlError`] when the text is not a TTL.
pub fn parse_ttl(text: &[u8]) -> Result<u32, TtlError> {
    // Plain seconds, by far the most common form, without the combinator machinery.
    if !text.is_empty() && text.len() <= 10 {
        // One pass: each byte is checked as it is added (ten digits fit in a u64).
        let mut v = 0u64;
        let all_digits = text.iter().all(|&d| {
            let digit = d.wrapping_sub(b'0');
            v = v * 10 + u64::from(digit);
            digit <= 9
        });
        if all_digits {
            return u32::try_from(v).map_err(|_| TtlError::Overflow);
        }
    }
    let (_, segments) = all_consuming(many1(segment))
        .parse(text)
        .map_err(|_| TtlError::Malformed)?;
    // A bare number is seconds; in unit form every segment needs its unit.
    if segments.len() > 1 && segments.iter().any(|(_, unit)| unit.is_none()) {
        return Err(TtlError::Malformed);
    }
    let mut total: u64 = 0;
    for (digits, unit) in segments {
        let mut value: u64 = 0;
        for d in digits {
            value = value * 10 + u64::from(d - b'0');
            if value > u64::from(u32::MAX) {
                return Err(TtlError::Overflow);
            }
        }
        let factor = match unit.map(|u| u.to_ascii_lowercase()) {
            None | Some('s') => 1,
            Some('m') => 60,
            Some('h') => 3600,
            Some('d') => 86_400,
            _ => 604_800,
        };
        total += value * factor;
        if total > u64::from(u32::MAX) {
            return Err(TtlError::Overflow);
        }
    }
    u32::try_from(total).map_err(|_| TtlError::Overflow)
}

/// Whether a token looks like it was meant as a TTL (starts with a digit).
#[must_use]
pub fn looks_like_ttl(text: &[u8]) -> bool {
    text.first().is_some_and(u8::is_ascii_digit)
}

/// A duration (a TTL) for people: `45 s`, `5 min`, `1 h 30 min`, `24 h`, `1 d 2 h`, `7 d`. Up to a day
/// in hours, minutes and seconds; above, days first.
#[must_use]
pub fn human(seconds: u32) -> String {
    let mut parts = Vec::new();
    let mut rest = seconds;
    if seconds > 86_400 {
        parts.push((rest / 86_400, "d"));
        rest %= 86_400;
    }
    parts.push((rest / 3600, "h"));
    rest %= 3600;
    parts.push((rest / 60, "min"));
    parts.push((rest % 60, "s"));
    let shown: Vec<String> = parts
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    if shown.is_empty() {
        "0 s".to_owned()
    } else {
        shown.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units() {
        assert_eq!(parse_ttl(b"3600"), Ok(3600));
        assert_eq!(parse_ttl(b"1h30m"), Ok(5400));
        assert_eq!(parse_ttl(b"2w"), Ok(1_209_600));
        assert_eq!(parse_ttl(b"1W2D"), Ok(777_600));
        assert_eq!(parse_ttl(b"1h30"), Err(TtlError::Malformed));
        assert_eq!(parse_ttl(b"1x"), Err(TtlError::Malformed));
        assert_eq!(parse_ttl(b""), Err(TtlError::Malformed));
        assert_eq!(parse_ttl(b"4294967295"), Ok(u32::MAX));
        assert_eq!(parse_ttl(b"4294967296"), Err(TtlError::Overflow));
        assert_eq!(
            parse_ttl(b"99999999999999999999999"),
            Err(TtlError::Overflow)
        );
    }

    #[test]
    fn durations_read_like_people_say_them() {
        assert_eq!(human(0), "0 s");
        assert_eq!(human(45), "45 s");
        assert_eq!(human(300), "5 min");
        assert_eq!(human(3601), "1 h 1 s");
        assert_eq!(human(5400), "1 h 30 min");
        assert_eq!(human(86_400), "24 h");
        assert_eq!(human(93_600), "1 d 2 h");
        assert_eq!(human(172_800), "2 d");
        assert_eq!(human(604_800), "7 d");
        assert_eq!(human(u32::MAX), "49710 d 6 h 28 min 15 s");
    }
}
