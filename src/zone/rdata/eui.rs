//! Dash- and colon-separated hex addresses: EUI-48/EUI-64 (RFC 7043) and ILNP 64-bit
//! locators/identifiers (NID, L64; RFC 6742), read as BIND 9.18 reads them.
//!
//! BIND 9.18 reads an EUI with `sscanf("%2x-%2x-…")`, so each group is one or two hex digits
//! (a sign and a `0x` prefix count towards the two), and text after the last group is ignored:
//! `1-23-45-67-89-ab` and `01-23-45-67-89-abgarbage` are accepted. Newer BIND and Knot reject
//! both; we follow the installed BIND 9.18 (`checkzone/zones/bad-eui48-no-leading-zero.db`).

use std::fmt::Write as _;

/// One `%2x` conversion at `text[*i..]`: the value, or `None` on a matching failure.
fn scan_hex2(text: &[u8], i: &mut usize) -> Option<u32> {
    let mut width = 2;
    let mut negative = false;
    if let Some(&sign @ (b'+' | b'-')) = text.get(*i) {
        negative = sign == b'-';
        *i += 1;
        width -= 1;
    }
    if width == 2 && text.get(*i) == Some(&b'0') && matches!(text.get(*i + 1), Some(b'x' | b'X')) {
        // glibc takes `0x` as a prefix; with the width used up, the value is 0.
        *i += 2;
        return Some(0);
    }
    let start = *i;
    let mut value = 0u32;
    while *i - start < width {
        let Some(d) = text.get(*i).and_then(|&c| char::from(c).to_digit(16)) else {
            break;
        };
        value = value * 16 + d;
        *i += 1;
    }
    if *i == start {
        return None;
    }
    // A negative value wraps to a huge unsigned one, which BIND then rejects as > 255.
    if negative && value != 0 {
        return Some(u32::MAX);
    }
    Some(value)
}

/// Parses an EUI of `n` octets (6 or 8) the way BIND 9.18's `sscanf` does.
#[must_use]
pub fn parse_eui(text: &[u8], n: usize) -> Option<Vec<u8>> {
    let mut i = 0;
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        if k > 0 {
            if text.get(i) != Some(&b'-') {
                return None;
            }
            i += 1;
        }
        out.push(u8::try_from(scan_hex2(text, &mut i)?).ok()?);
    }
    Some(out)
}

/// Writes an EUI as lowercase `xx-xx-…`.
pub fn write_eui(bytes: &[u8], out: &mut String) {
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        let _ = write!(out, "{b:02x}");
    }
}

/// Parses an ILNP locator: four groups of 1-4 hex digits separated by `:` (BIND's
/// `locator_pton`).
#[must_use]
pub fn parse_locator(text: &[u8]) -> Option<[u8; 8]> {
    let mut out = [0u8; 8];
    let mut groups = 0;
    for group in text.split(|&b| b == b':') {
        if group.is_empty() || group.len() > 4 || groups == 4 {
            return None;
        }
        let value = u16::from_str_radix(std::str::from_utf8(group).ok()?, 16).ok()?;
        if !group.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        out[groups * 2..groups * 2 + 2].copy_from_slice(&value.to_be_bytes());
        groups += 1;
    }
    (groups == 4).then_some(out)
}

/// Writes a locator as BIND does: `%x:%x:%x:%x`.
pub fn write_locator(bytes: &[u8], out: &mut String) {
    for (i, c) in bytes.chunks(2).enumerate() {
        if i > 0 {
            out.push(':');
        }
        let _ = write!(
            out,
            "{:x}",
            u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)])
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eui_like_bind_9_18() {
        assert_eq!(
            parse_eui(b"1-23-45-67-89-ab", 6),
            Some(vec![1, 0x23, 0x45, 0x67, 0x89, 0xab])
        );
        assert!(parse_eui(b"01-23-45-67-89-abgarbage", 6).is_some());
        assert!(parse_eui(b"00-00-00-00-00-00-00-00-00", 8).is_some());
        assert_eq!(parse_eui(b"+1-2-3-4-5-6", 6), Some(vec![1, 2, 3, 4, 5, 6]));
        assert_eq!(parse_eui(b"-0-2-3-4-5-6", 6), Some(vec![0, 2, 3, 4, 5, 6]));
        assert_eq!(parse_eui(b"0x-2-3-4-5-6", 6), Some(vec![0, 2, 3, 4, 5, 6]));
        assert_eq!(parse_eui(b"-1-2-3-4-5-6", 6), None);
        assert_eq!(parse_eui(b"1-2-3-4-5-", 6), None);
        assert_eq!(parse_eui(b"1--2-3-4-5-6", 6), None);
        assert_eq!(parse_eui(b"123-4-5-6-7-8", 6), None);
    }

    #[test]
    fn locators() {
        assert_eq!(parse_locator(b"0:0:0:0"), Some([0; 8]));
        assert_eq!(
            parse_locator(b"a:B:c:D"),
            Some([0, 0xa, 0, 0xb, 0, 0xc, 0, 0xd])
        );
        assert_eq!(parse_locator(b"0:0:0:0:0"), None);
        assert_eq!(parse_locator(b"00000:0:0:0"), None);
        assert_eq!(parse_locator(b"::0:0"), None);
        assert_eq!(parse_locator(b"+1:0:0:0"), None);
        let mut s = String::new();
        write_locator(&[0, 0x0a, 0xff, 0xff, 0, 0, 0x12, 0x34], &mut s);
        assert_eq!(s, "a:ffff:0:1234");
    }
}
