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
    if !text.is_empty() && text.len() <= 10 && text.iter().all(u8::is_ascii_digit) {
        let v = text.iter().fold(0u64, |a, d| a * 10 + u64::from(d - b'0'));
        return u32::try_from(v).map_err(|_| TtlError::Overflow);
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
}
