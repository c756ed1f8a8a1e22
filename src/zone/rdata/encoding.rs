//! Binary fields in presentation form: hex and base64 runs (possibly split over several tokens),
//! and IP addresses, read and written the way BIND does.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use data_encoding::{BASE64, HEXUPPER, HEXUPPER_PERMISSIVE};

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::text::lossy;
use crate::diag::ids;
use crate::zone::lexer::Token;

/// How many octets a hex or base64 run must decode to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Octets {
    /// Nothing at all is fine (BIND's length `-1`).
    Any,
    /// At least one octet (BIND's length `-2`).
    AtLeastOne,
    /// Exactly this many (a digest of known length).
    Exactly(usize),
}

impl Octets {
    /// Whether `n` decoded octets satisfy the requirement.
    #[must_use]
    pub fn allows(self, n: usize) -> bool {
        match self {
            Octets::Any => true,
            Octets::AtLeastOne => n > 0,
            Octets::Exactly(want) => n == want,
        }
    }
}

fn span_of(toks: &[Token]) -> Option<(u32, u32)> {
    Some((toks.first()?.start, toks.last()?.end))
}

fn count_error(what: &str, want: Octets, got: usize, span: (u32, u32)) -> RdataError {
    let msg = match want {
        Octets::Exactly(n) => format!("the {what} must be {n} octets, found {got}"),
        _ => format!("missing {what}"),
    };
    RdataError::new(ids::INVALID_SYNTAX, span, msg)
}

/// Joins the remaining tokens (which must be unquoted) and decodes them as hex into `out`,
/// recording the span as `what`.
///
/// # Errors
/// A quoted token, a bad digit, an odd count, or the wrong number of octets.
pub fn parse_hex_rest(
    what: &'static str,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
    want: Octets,
) -> Result<(), RdataError> {
    let toks = cur.take_rest_words(what)?;
    let mut joined = Vec::new();
    for t in toks {
        let c = cur.content(*t);
        if let Some(bad) = c.iter().position(|b| !b.is_ascii_hexdigit()) {
            let at = t.start + u32::try_from(bad).unwrap_or(0);
            return Err(RdataError::new(
                ids::INVALID_SYNTAX,
                (at, at + 1),
                format!(
                    "expected hex digits in the {what}, found `{}`",
                    lossy(&c[bad..=bad])
                ),
            ));
        }
        joined.extend_from_slice(c);
    }
    let span = span_of(toks).unwrap_or_else(|| cur.end_span());
    if joined.len() % 2 == 1 {
        return Err(RdataError::new(
            ids::INVALID_SYNTAX,
            span,
            format!("odd number of hex digits in the {what}"),
        ));
    }
    if !want.allows(joined.len() / 2) {
        return Err(count_error(what, want, joined.len() / 2, span));
    }
    // Only hex digits of even count remain, so decoding cannot fail.
    out.extend(HEXUPPER_PERMISSIVE.decode(&joined).unwrap_or_default());
    if !toks.is_empty() {
        cur.record(what, span.0, span.1);
    }
    Ok(())
}

/// Decodes one hex word (no splitting) into `out`; `Err` if not an even run of hex digits.
///
/// # Errors
/// When `text` is not hex of even length.
pub fn decode_hex_word(text: &[u8], out: &mut Vec<u8>) -> Result<(), WireError> {
    if text.len() % 2 == 1 {
        return Err(WireError);
    }
    out.extend(HEXUPPER_PERMISSIVE.decode(text).map_err(|_| WireError)?);
    Ok(())
}

/// Decodes base64 the way BIND does: padding required, no stray bits.
///
/// # Errors
/// A description of the problem.
pub fn decode_base64(text: &[u8]) -> Result<Vec<u8>, String> {
    // BIND stops at the first padding: `AA==AA==` is not one value (data-encoding would take it
    // as two padded blocks).
    if let Some(pad) = text.iter().position(|&b| b == b'=')
        && text[pad..].iter().any(|&b| b != b'=')
    {
        return Err(format!("data after the padding at position {pad}"));
    }
    BASE64.decode(text).map_err(|e| e.to_string())
}

/// Joins the remaining tokens (unquoted) and decodes them as base64 into `out`.
///
/// # Errors
/// A quoted token, bad base64, or too few octets.
pub fn parse_base64_rest(
    what: &'static str,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
    want: Octets,
) -> Result<(), RdataError> {
    let toks = cur.take_rest_words(what)?;
    parse_base64_tokens(what, cur, toks, out, want)
}

/// Decodes the given tokens as one base64 run.
///
/// # Errors
/// Bad base64, or too few octets.
pub fn parse_base64_tokens(
    what: &'static str,
    cur: &mut Cursor<'_, '_>,
    toks: &[Token],
    out: &mut Vec<u8>,
    want: Octets,
) -> Result<(), RdataError> {
    let mut joined = Vec::new();
    for t in toks {
        joined.extend_from_slice(cur.content(*t));
    }
    let span = span_of(toks).unwrap_or_else(|| cur.end_span());
    let decoded = decode_base64(&joined).map_err(|e| {
        RdataError::new(
            ids::INVALID_SYNTAX,
            span,
            format!("the {what} is not valid base64 ({e})"),
        )
    })?;
    if !want.allows(decoded.len()) {
        return Err(count_error(what, want, decoded.len(), span));
    }
    out.extend_from_slice(&decoded);
    if !toks.is_empty() {
        cur.record(what, span.0, span.1);
    }
    Ok(())
}

/// Uppercase hex, as BIND prints it.
pub fn write_hex(bytes: &[u8], out: &mut String) {
    out.push_str(&HEXUPPER.encode(bytes));
}

/// Base64 with padding.
pub fn write_base64(bytes: &[u8], out: &mut String) {
    out.push_str(&BASE64.encode(bytes));
}

/// Strict dotted-quad IPv4, as `inet_pton` reads it (no shorthand like `1.2.3`).
#[must_use]
pub fn parse_ipv4(text: &[u8]) -> Option<Ipv4Addr> {
    // Hand-rolled (it is on the hot path of every A record) with exactly std's rules: four
    // decimal parts of 1-3 digits, each at most 255, no leading zero.
    let mut octets = [0u8; 4];
    let mut n = 0; // octets done
    let mut value: u16 = 0;
    let mut digits = 0;
    for &b in text {
        if b.is_ascii_digit() {
            // No leading zero, at most three digits.
            if digits == 3 || (digits == 1 && value == 0) {
                return None;
            }
            value = value * 10 + u16::from(b - b'0');
            digits += 1;
        } else if b == b'.' && digits > 0 && n < 3 {
            octets[n] = u8::try_from(value).ok()?;
            n += 1;
            (value, digits) = (0, 0);
        } else {
            return None;
        }
    }
    if digits == 0 || n != 3 {
        return None;
    }
    octets[3] = u8::try_from(value).ok()?;
    Some(Ipv4Addr::from(octets))
}

/// IPv6 as `inet_pton` reads it.
#[must_use]
pub fn parse_ipv6(text: &[u8]) -> Option<Ipv6Addr> {
    // Hand-rolled for the AAAA hot path, with std's rules (tested against it): groups of 1-4
    // hex digits, at most one `::` standing for one or more zero groups, and an optional
    // dotted-quad IPv4 address as the last 32 bits.
    fn groups(part: &[u8], out: &mut [u16; 8], n: &mut usize, ipv4_allowed: bool) -> Option<()> {
        if part.is_empty() {
            return Some(());
        }
        let mut pieces = part.split(|&b| b == b':').peekable();
        while let Some(piece) = pieces.next() {
            let last = pieces.peek().is_none();
            if last && ipv4_allowed && piece.contains(&b'.') {
                let v4 = parse_ipv4(piece)?.octets();
                for pair in v4.chunks(2) {
                    *out.get_mut(*n)? = u16::from_be_bytes([pair[0], pair[1]]);
                    *n += 1;
                }
                return Some(());
            }
            if piece.is_empty() || piece.len() > 4 {
                return None;
            }
            let mut v: u16 = 0;
            for &c in piece {
                v = (v << 4) | u16::try_from(char::from(c).to_digit(16)?).ok()?;
            }
            *out.get_mut(*n)? = v;
            *n += 1;
        }
        Some(())
    }
    let mut head = [0u16; 8];
    let mut tail = [0u16; 8];
    let (mut nh, mut nt) = (0, 0);
    match text.windows(2).position(|w| w == b"::") {
        None => {
            groups(text, &mut head, &mut nh, true)?;
            (nh == 8).then(|| Ipv6Addr::from(head))
        }
        Some(at) => {
            let (left, right) = (&text[..at], &text[at + 2..]);
            groups(left, &mut head, &mut nh, false)?;
            groups(right, &mut tail, &mut nt, true)?;
            if nh + nt > 7 {
                return None;
            }
            head[8 - nt..].copy_from_slice(&tail[..nt]);
            Some(Ipv6Addr::from(head))
        }
    }
}

/// IPv6 as `inet_ntop` writes it: RFC 5952 compression, and an IPv4 tail for `::a.b.c.d` and
/// `::ffff:a.b.c.d`.
pub fn write_ipv6(addr: Ipv6Addr, out: &mut String) {
    let s = addr.segments();
    if s[..6] == [0; 6] && s[6] != 0 {
        let o = addr.octets();
        let _ = write!(out, "::{}", Ipv4Addr::new(o[12], o[13], o[14], o[15]));
    } else {
        let _ = write!(out, "{addr}");
    }
}

/// The 16 octets at `wire` as an IPv6 address.
#[must_use]
pub fn ipv6_at(wire: &[u8]) -> Option<Ipv6Addr> {
    let b: [u8; 16] = wire.get(..16)?.try_into().ok()?;
    Some(Ipv6Addr::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v6(s: &str) -> String {
        let mut out = String::new();
        write_ipv6(s.parse().unwrap(), &mut out);
        out
    }

    #[test]
    fn ipv6_text_follows_inet_ntop() {
        assert_eq!(v6("::1.2.3.4"), "::1.2.3.4");
        assert_eq!(v6("::ffff:1.2.3.4"), "::ffff:1.2.3.4");
        assert_eq!(v6("::1"), "::1");
        assert_eq!(v6("::"), "::");
        assert_eq!(v6("2001:db8::1"), "2001:db8::1");
        assert_eq!(v6("::102:0"), "::1.2.0.0");
    }

    #[test]
    fn base64_needs_padding() {
        assert_eq!(decode_base64(b"AA==").unwrap(), [0]);
        assert!(decode_base64(b"AA").is_err());
        assert!(decode_base64(b"AB==").is_err());
        assert!(decode_base64(b"AA==AA==").is_err());
    }

    #[test]
    fn ipv4_is_strict() {
        assert!(parse_ipv4(b"1.2.3").is_none());
        assert!(parse_ipv4(b"01.2.3.4").is_none());
        assert!(parse_ipv4(b"1.2.3.4").is_some());
    }
}

#[cfg(test)]
mod ipv4_tests {
    use super::{parse_ipv4, parse_ipv6};

    #[test]
    fn ipv6_matches_std() {
        let fixed = [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8::",
            "::ffff:192.0.2.1",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:1.2.3.4",
            "::1.2.3.4",
            "1.2.3.4::",
            "1::2::3",
            ":1::",
            "1:::2",
            "2001:db8::1",
            "2001:DB8::ABCD",
            "12345::",
            "g::",
            ":",
            "",
            "1:2:3:4:5:6:7:8:9",
            "::1.2.3.4:5",
            "fe80::1%1",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::ffff:1.2.3",
            "0:0:0:0:0:0:0:0",
            "00000::",
            "::0000",
        ];
        for text in fixed {
            assert_eq!(parse_ipv6(text.as_bytes()), text.parse().ok(), "{text:?}");
        }
        // A simple deterministic generator over the characters that matter.
        let alphabet = b"0123456789abcdefABCDEFg:::...";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let mut s = String::new();
            let mut x = state;
            for _ in 0..len {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                s.push(char::from(alphabet[(x >> 33) as usize % alphabet.len()]));
            }
            assert_eq!(parse_ipv6(s.as_bytes()), s.parse().ok(), "{s:?}");
        }
    }

    #[test]
    fn matches_std_on_tricky_inputs() {
        for text in [
            "192.0.2.1",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1..3.4",
            "1.2.3.4.",
            ".1.2.3",
            "1.2.3.-4",
            "1.2.3.4a",
            "",
            "1234.1.1.1",
            "0.00.0.0",
            "1.2.3.255",
            " 1.2.3.4",
        ] {
            assert_eq!(parse_ipv4(text.as_bytes()), text.parse().ok(), "{text:?}");
        }
    }
}
