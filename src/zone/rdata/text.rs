//! Character-strings and decimal numbers: presentation escapes in, BIND's escaping out.
//!
//! BIND reads a field as a character-string (quoted or not) only where the type says so (TXT,
//! HINFO, NAPTR, CAA value, …); everywhere else a quoted token is an error, see
//! [`Cursor::next_word`](super::Cursor::next_word).

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use crate::diag::ids;
use crate::zone::lexer::Token;
use crate::zone::name::decode_escape;

/// Bytes shown as text in a message.
#[must_use]
pub fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Parses a decimal number of at most `max` (digits only, leading zeros allowed).
#[must_use]
pub fn decimal(text: &[u8], max: u64) -> Option<u64> {
    if text.is_empty() || text.len() > 20 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut v: u64 = 0;
    for d in text {
        v = v.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
    }
    (v <= max).then_some(v)
}

/// Decodes the escapes of a character-string's content.
///
/// # Errors
/// The offset of a bad escape inside `raw`.
pub fn decode_text(raw: &[u8], out: &mut Vec<u8>) -> Result<(), usize> {
    let mut i = 0;
    while i < raw.len() {
        // Copy the run up to the next escape in one go.
        let run = memchr::memchr(b'\\', &raw[i..]).unwrap_or(raw.len() - i);
        if run > 0 {
            out.extend_from_slice(&raw[i..i + run]);
            i += run;
            continue;
        }
        if raw[i] == b'\\' {
            let (b, used) = decode_escape(raw, i).ok_or(i)?;
            out.push(b);
            i += used;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    Ok(())
}

/// The error for a bad escape at offset `i` of the token's content.
#[must_use]
pub fn bad_escape(tok: Token, i: usize) -> RdataError {
    let at = tok.content_range().0 + u32::try_from(i).unwrap_or(0);
    RdataError::new(
        ids::INVALID_SYNTAX,
        (at, (at + 4).min(tok.end)),
        "bad escape: use `\\DDD` (000-255) or `\\X`",
    )
}

/// Decodes a token's content (escapes resolved) into `out`, with no length prefix.
///
/// # Errors
/// A bad escape.
pub fn parse_raw_string(
    cur: &Cursor<'_, '_>,
    tok: Token,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    decode_text(cur.content(tok), out).map_err(|i| bad_escape(tok, i))
}

/// Reads one character-string token into `out` with its length octet.
///
/// # Errors
/// Bad escape, or longer than 255 octets.
pub fn parse_char_string(
    cur: &Cursor<'_, '_>,
    tok: Token,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let at = out.len();
    out.push(0);
    parse_raw_string(cur, tok, out)?;
    let len = out.len() - at - 1;
    let Ok(len8) = u8::try_from(len) else {
        return Err(RdataError::new(
            ids::TXT_STRING_TOO_LONG,
            (tok.start, tok.end),
            format!("character-string of {len} octets: a string holds at most 255"),
        )
        .with_help("split the text into several quoted strings of at most 255 octets each"));
    };
    out[at] = len8;
    Ok(())
}

/// Writes bytes as a quoted character-string the way BIND does: `"` and `\` escaped, bytes
/// outside 0x20-0x7e as `\DDD`.
pub fn write_quoted(s: &[u8], out: &mut String) {
    out.push('"');
    write_escaped(s, out);
    out.push('"');
}

/// The inside of [`write_quoted`].
pub fn write_escaped(s: &[u8], out: &mut String) {
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\{b:03}");
            }
        }
    }
}

/// Reads a length-prefixed character-string at `wire[*pos..]`.
///
/// # Errors
/// When it runs past the end.
pub fn take_char_string<'w>(wire: &'w [u8], pos: &mut usize) -> Result<&'w [u8], WireError> {
    let len = usize::from(*wire.get(*pos).ok_or(WireError)?);
    let s = wire.get(*pos + 1..*pos + 1 + len).ok_or(WireError)?;
    *pos += 1 + len;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_bounds() {
        assert_eq!(decimal(b"0255", 255), Some(255));
        assert_eq!(decimal(b"256", 255), None);
        assert_eq!(decimal(b"+1", 255), None);
        assert_eq!(decimal(b"", 255), None);
    }

    #[test]
    fn quoting_matches_bind() {
        let mut s = String::new();
        write_quoted(b"a;b\t\"\\\x7f", &mut s);
        assert_eq!(s, "\"a;b\\009\\\"\\\\\\127\"");
    }
}
