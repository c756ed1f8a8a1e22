//! The field kinds that make up most record types, each with a parser (tokens → wire) and a
//! formatter (wire → canonical text). A field that takes "the rest" must come last.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use data_encoding::{BASE32HEX_NOPAD, BASE64, BASE64_NOPAD, HEXUPPER, HEXUPPER_PERMISSIVE};

use super::cursor::{Cursor, RdataError};
use crate::diag::ids;
use crate::zone::lexer::{Token, TokenKind};
use crate::zone::name::{self, NameError, decode_escape};
use crate::zone::rtype::RType;
use crate::zone::ttl::parse_ttl;

/// One field of a record type's rdata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    U8,
    U16,
    U32,
    /// A 32-bit duration; BIND's TTL units allowed (SOA timers, RRSIG original TTL).
    Duration,
    Name,
    Ipv4,
    Ipv6,
    /// One character-string (length-prefixed, ≤ 255 octets).
    Str,
    /// One or more character-strings up to the end (TXT, SPF).
    Strs,
    /// Hex digits up to the end, possibly split into several tokens (at least one).
    Hex,
    /// Base64 up to the end, possibly split (at least one token).
    Base64,
    /// NSEC3 salt: hex, or `-` for none; length-prefixed.
    Salt,
    /// NSEC3 next hashed owner: base32hex, length-prefixed.
    Base32Hex,
    /// A type bitmap (NSEC, NSEC3, CSYNC) up to the end; may be empty.
    Bitmap,
    /// A type mnemonic as a 16-bit number (RRSIG type covered).
    Type,
    /// A DNSSEC algorithm number or mnemonic.
    Algorithm,
    /// An RRSIG time: `YYYYMMDDHHmmSS` or seconds since the epoch.
    Time,
    /// A CERT type mnemonic or number.
    CertType,
    /// A CAA tag: letters and digits, length-prefixed.
    CaaTag,
    /// The rest as one string with no length prefix (CAA value, URI target).
    Raw,
    /// 48-bit EUI: `xx-xx-xx-xx-xx-xx`.
    Eui48,
    /// 64-bit EUI: `xx-xx-xx-xx-xx-xx-xx-xx`.
    Eui64,
    /// ILNP 64-bit locator/identifier: `xxxx:xxxx:xxxx:xxxx`.
    Ilnp64,
}

const ALGORITHMS: &[(&str, u8)] = &[
    ("RSAMD5", 1), ("DH", 2), ("DSA", 3), ("RSASHA1", 5), ("DSA-NSEC3-SHA1", 6),
    ("RSASHA1-NSEC3-SHA1", 7), ("RSASHA256", 8), ("RSASHA512", 10), ("ECC-GOST", 12),
    ("ECDSAP256SHA256", 13), ("ECDSAP384SHA384", 14), ("ED25519", 15), ("ED448", 16),
    ("INDIRECT", 252), ("PRIVATEDNS", 253), ("PRIVATEOID", 254),
];

const CERT_TYPES: &[(&str, u16)] = &[
    ("PKIX", 1), ("SPKI", 2), ("PGP", 3), ("IPKIX", 4), ("ISPKI", 5), ("IPGP", 6), ("ACPKIX", 7),
    ("IACPKIX", 8), ("URI", 253), ("OID", 254),
];

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Parses a decimal number of at most `max`.
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

/// Reads one character-string token into `out` with its length octet.
///
/// # Errors
/// Bad escape, or longer than 255 octets.
pub fn parse_char_string(cur: &Cursor<'_, '_>, tok: Token, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let at = out.len();
    out.push(0);
    let (start, _) = tok.content_range();
    decode_text(cur.content(tok), out).map_err(|i| {
        let s = start + i as u32;
        RdataError::new(ids::INVALID_SYNTAX, (s, (s + 4).min(tok.end)), "bad escape: use `\\DDD` (000-255) or `\\X`")
    })?;
    let len = out.len() - at - 1;
    if len > 255 {
        return Err(RdataError::new(
            ids::TXT_STRING_TOO_LONG,
            (tok.start, tok.end),
            format!("character-string of {len} octets: a string holds at most 255"),
        )
        .with_help("split the text into several quoted strings of at most 255 octets each"));
    }
    out[at] = len as u8; // len ≤ 255, checked above
    Ok(())
}

/// Reads a domain name token into `out` (wire form, case kept).
///
/// # Errors
/// When the token is not a valid name.
pub fn parse_name_token(cur: &Cursor<'_, '_>, tok: Token, out: &mut Vec<u8>) -> Result<(), RdataError> {
    if tok.kind == TokenKind::Quoted {
        return Err(cur.bad(tok, "a domain name (not a quoted string)"));
    }
    let raw = cur.content(tok);
    name::parse_name(raw, cur.origin(), out).map(|_| ()).map_err(|e| name_error(e, tok, raw))
}

/// Converts a [`NameError`] into an [`RdataError`] on the token.
#[must_use]
pub fn name_error(e: NameError, tok: Token, raw: &[u8]) -> RdataError {
    let id = match e {
        NameError::LabelTooLong { .. } | NameError::NameTooLong { .. } => ids::NAME_TOO_LONG,
        NameError::NoOrigin => ids::RELATIVE_NAME_WITHOUT_ORIGIN,
        _ => ids::INVALID_SYNTAX,
    };
    let err = RdataError::new(id, (tok.start, tok.end), e.message(&lossy(raw)));
    match e {
        NameError::NoOrigin => err.with_help("end the name with a dot, or set `$ORIGIN` (or --origin) before it"),
        NameError::EmptyLabel { .. } => err.with_help("remove the doubled or leading dot"),
        _ => err,
    }
}

/// Concatenates the remaining tokens and decodes them as hex into `out`.
///
/// # Errors
/// No token (unless `allow_empty`), or a bad digit.
pub fn parse_hex_rest(what: &'static str, cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>, allow_empty: bool) -> Result<(), RdataError> {
    let toks = cur.take_rest();
    if toks.is_empty() && !allow_empty {
        return Err(RdataError::new(ids::INVALID_SYNTAX, cur.end_span(), format!("missing {what}")));
    }
    let mut joined = Vec::new();
    for t in toks {
        let c = cur.content(*t);
        if let Some(bad) = c.iter().position(|b| !b.is_ascii_hexdigit()) {
            let at = t.content_range().0 + bad as u32;
            return Err(RdataError::new(ids::INVALID_SYNTAX, (at, at + 1), format!("expected hex digits in the {what}, found `{}`", lossy(&c[bad..=bad]))));
        }
        joined.extend_from_slice(c);
    }
    if joined.len() % 2 == 1 {
        let span = (toks[0].start, toks[toks.len() - 1].end);
        return Err(RdataError::new(ids::INVALID_SYNTAX, span, format!("odd number of hex digits in the {what}")));
    }
    // Only hex digits of even count remain, so decoding cannot fail.
    out.extend(HEXUPPER_PERMISSIVE.decode(&joined).unwrap_or_default());
    if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
        cur.record(what, first.start, last.end);
    }
    Ok(())
}

fn parse_base64_rest(what: &'static str, cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let toks = cur.take_rest();
    if toks.is_empty() {
        return Err(RdataError::new(ids::INVALID_SYNTAX, cur.end_span(), format!("missing {what}")));
    }
    let mut joined = Vec::new();
    for t in toks {
        joined.extend_from_slice(cur.content(*t));
    }
    let span = (toks[0].start, toks[toks.len() - 1].end);
    let decoded = BASE64.decode(&joined).or_else(|_| BASE64_NOPAD.decode(&joined)).map_err(|e| {
        RdataError::new(ids::INVALID_SYNTAX, span, format!("the {what} is not valid base64 ({e})"))
    })?;
    out.extend_from_slice(&decoded);
    cur.record(what, span.0, span.1);
    Ok(())
}

fn parse_bitmap(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let toks = cur.take_rest();
    let mut types = Vec::with_capacity(toks.len());
    for t in toks {
        let rtype = RType::from_text(cur.content(*t)).ok_or_else(|| cur.bad(*t, "a record type in the type bitmap"))?;
        types.push(rtype.0);
    }
    types.sort_unstable();
    types.dedup();
    let mut i = 0;
    while i < types.len() {
        let window = (types[i] >> 8) as u8;
        let mut bits = [0u8; 32];
        let mut max = 0;
        while i < types.len() && (types[i] >> 8) as u8 == window {
            let low = (types[i] & 0xff) as usize;
            bits[low / 8] |= 0x80 >> (low % 8);
            max = low / 8;
            i += 1;
        }
        out.push(window);
        out.push(max as u8 + 1); // max < 32
        out.extend_from_slice(&bits[..=max]);
    }
    if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
        cur.record("type bitmap", first.start, last.end);
    }
    Ok(())
}

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

fn parse_time(text: &[u8]) -> Option<u32> {
    if text.len() == 14 && text.iter().all(u8::is_ascii_digit) {
        let n = |r: std::ops::Range<usize>| decimal(&text[r], u64::MAX).map(|v| v as i64);
        let (y, mo, d, h, mi, s) = (n(0..4)?, n(4..6)?, n(6..8)?, n(8..10)?, n(10..12)?, n(12..14)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 || y < 1970 {
            return None;
        }
        let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
        // Serial-number arithmetic (RFC 4034 §3.1.5): the value is taken modulo 2^32.
        return Some((secs.rem_euclid(1 << 32)) as u32);
    }
    decimal(text, u64::from(u32::MAX)).map(|v| v as u32)
}

fn format_time(v: u32, out: &mut String) {
    let secs = i64::from(v);
    let (y, m, d) = civil_from_days(secs / 86_400);
    let rem = secs % 86_400;
    let _ = write!(out, "{y:04}{m:02}{d:02}{:02}{:02}{:02}", rem / 3600, rem % 3600 / 60, rem % 60);
}

fn parse_hex_groups(text: &[u8], groups: usize, group_len: usize, sep: u8) -> Option<Vec<u8>> {
    let parts: Vec<&[u8]> = text.split(|&b| b == sep).collect();
    if parts.len() != groups || parts.iter().any(|p| p.len() != group_len) {
        return None;
    }
    HEXUPPER_PERMISSIVE.decode(&parts.concat()).ok()
}

impl Field {
    /// Parses this field from the cursor into `out`, recording its span as `name`.
    ///
    /// # Errors
    /// When the token(s) are not a valid value of this field.
    #[allow(clippy::too_many_lines)] // one arm per field kind reads best as a single match
    pub fn parse(self, name: &'static str, cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
        match self {
            Field::Hex => return parse_hex_rest(name, cur, out, false),
            Field::Base64 => return parse_base64_rest(name, cur, out),
            Field::Bitmap => return parse_bitmap(cur, out),
            Field::Strs => {
                let toks = cur.take_rest();
                if toks.is_empty() {
                    return Err(RdataError::new(ids::INVALID_SYNTAX, cur.end_span(), format!("missing {name}"))
                        .with_help("add at least one string, e.g. `\"\"`"));
                }
                for t in toks {
                    parse_char_string(cur, *t, out)?;
                    cur.record(name, t.start, t.end);
                }
                return Ok(());
            }
            _ => {}
        }
        let tok = cur.next(name)?;
        let text = cur.content(tok);
        let fail = |what: &str| cur.bad(tok, &format!("{what} for the {name}"));
        match self {
            Field::U8 => out.push(decimal(text, 255).ok_or_else(|| fail("a number 0-255"))? as u8),
            Field::U16 => out.extend_from_slice(&(decimal(text, 65_535).ok_or_else(|| fail("a number 0-65535"))? as u16).to_be_bytes()),
            Field::U32 => out.extend_from_slice(&(decimal(text, u64::from(u32::MAX)).ok_or_else(|| fail("a number 0-4294967295"))? as u32).to_be_bytes()),
            Field::Duration => out.extend_from_slice(&parse_ttl(text).map_err(|_| fail("a number of seconds (or `1h30m` form)"))?.to_be_bytes()),
            Field::Name => parse_name_token(cur, tok, out)?,
            Field::Ipv4 => {
                let ip = parse_ipv4(text).ok_or_else(|| fail("an IPv4 address"))?;
                out.extend_from_slice(&ip.octets());
            }
            Field::Ipv6 => {
                let ip = std::str::from_utf8(text).ok().and_then(|s| s.parse::<Ipv6Addr>().ok()).ok_or_else(|| fail("an IPv6 address"))?;
                out.extend_from_slice(&ip.octets());
            }
            Field::Str => parse_char_string(cur, tok, out)?,
            Field::Salt => {
                if text == b"-" {
                    out.push(0);
                } else {
                    let salt = HEXUPPER_PERMISSIVE.decode(text).ok().filter(|s| s.len() <= 255).ok_or_else(|| fail("hex digits or `-`"))?;
                    out.push(salt.len() as u8); // ≤ 255, checked above
                    out.extend_from_slice(&salt);
                }
            }
            Field::Base32Hex => {
                let upper = text.to_ascii_uppercase();
                let hash = BASE32HEX_NOPAD.decode(&upper).ok().filter(|h| !h.is_empty() && h.len() <= 255).ok_or_else(|| fail("a base32hex hash"))?;
                out.push(hash.len() as u8); // ≤ 255, checked above
                out.extend_from_slice(&hash);
            }
            Field::Type => {
                let t = RType::from_text(text).ok_or_else(|| fail("a record type"))?;
                out.extend_from_slice(&t.0.to_be_bytes());
            }
            Field::Algorithm => {
                let v = decimal(text, 255).map(|v| v as u8).or_else(|| ALGORITHMS.iter().find(|(m, _)| m.as_bytes().eq_ignore_ascii_case(text)).map(|&(_, v)| v));
                out.push(v.ok_or_else(|| fail("an algorithm number or mnemonic"))?);
            }
            Field::Time => out.extend_from_slice(&parse_time(text).ok_or_else(|| fail("a time as YYYYMMDDHHmmSS or seconds"))?.to_be_bytes()),
            Field::CertType => {
                let v = decimal(text, 65_535).map(|v| v as u16).or_else(|| CERT_TYPES.iter().find(|(m, _)| m.as_bytes().eq_ignore_ascii_case(text)).map(|&(_, v)| v));
                out.extend_from_slice(&v.ok_or_else(|| fail("a certificate type"))?.to_be_bytes());
            }
            Field::CaaTag => {
                if text.is_empty() || text.len() > 255 || !text.iter().all(u8::is_ascii_alphanumeric) {
                    return Err(fail("a tag of letters and digits"));
                }
                out.push(text.len() as u8); // ≤ 255, checked above
                out.extend_from_slice(text);
            }
            Field::Raw => {
                let (start, _) = tok.content_range();
                decode_text(text, out).map_err(|i| RdataError::new(ids::INVALID_SYNTAX, (start + i as u32, tok.end), "bad escape: use `\\DDD` (000-255) or `\\X`"))?;
            }
            Field::Eui48 => out.extend(parse_hex_groups(text, 6, 2, b'-').ok_or_else(|| fail("an EUI-48 address (xx-xx-xx-xx-xx-xx)"))?),
            Field::Eui64 => out.extend(parse_hex_groups(text, 8, 2, b'-').ok_or_else(|| fail("an EUI-64 address (xx-xx-xx-xx-xx-xx-xx-xx)"))?),
            Field::Ilnp64 => out.extend(parse_hex_groups(text, 4, 4, b':').ok_or_else(|| fail("a 64-bit locator (xxxx:xxxx:xxxx:xxxx)"))?),
            Field::Hex | Field::Base64 | Field::Bitmap | Field::Strs => unreachable!("handled above"),
        }
        cur.record(name, tok.start, tok.end);
        Ok(())
    }

    /// Formats this field from `wire[*pos..]`, advancing `pos`.
    ///
    /// # Errors
    /// When the bytes are too short or malformed.
    pub fn format(self, wire: &[u8], pos: &mut usize, out: &mut String) -> Result<(), ()> {
        let rest = wire.get(*pos..).ok_or(())?;
        let take = |n: usize, pos: &mut usize| -> Result<&[u8], ()> {
            let s = wire.get(*pos..*pos + n).ok_or(())?;
            *pos += n;
            Ok(s)
        };
        match self {
            Field::U8 | Field::Algorithm => {
                let _ = write!(out, "{}", take(1, pos)?[0]);
            }
            Field::U16 | Field::CertType => {
                let b = take(2, pos)?;
                let _ = write!(out, "{}", u16::from_be_bytes([b[0], b[1]]));
            }
            Field::U32 | Field::Duration => {
                let b = take(4, pos)?;
                let _ = write!(out, "{}", u32::from_be_bytes([b[0], b[1], b[2], b[3]]));
            }
            Field::Time => {
                let b = take(4, pos)?;
                format_time(u32::from_be_bytes([b[0], b[1], b[2], b[3]]), out);
            }
            Field::Type => {
                let b = take(2, pos)?;
                let _ = write!(out, "{}", RType(u16::from_be_bytes([b[0], b[1]])));
            }
            Field::Name => {
                let len = name::wire_name_len(rest).ok_or(())?;
                name::write_text(&rest[..len], out);
                *pos += len;
            }
            Field::Ipv4 => {
                let b = take(4, pos)?;
                let _ = write!(out, "{}", Ipv4Addr::new(b[0], b[1], b[2], b[3]));
            }
            Field::Ipv6 => {
                let b: [u8; 16] = take(16, pos)?.try_into().map_err(|_| ())?;
                let _ = write!(out, "{}", Ipv6Addr::from(b));
            }
            Field::Str | Field::CaaTag => {
                let len = *rest.first().ok_or(())? as usize;
                *pos += 1;
                let s = take(len, pos)?;
                if self == Field::CaaTag {
                    if s.is_empty() || !s.iter().all(u8::is_ascii_alphanumeric) {
                        return Err(());
                    }
                    out.push_str(&lossy(s));
                } else {
                    write_quoted(s, out);
                }
            }
            Field::Strs => {
                if rest.is_empty() {
                    return Err(());
                }
                let mut first = true;
                while *pos < wire.len() {
                    if !first {
                        out.push(' ');
                    }
                    first = false;
                    let len = wire[*pos] as usize;
                    *pos += 1;
                    write_quoted(take(len, pos)?, out);
                }
            }
            Field::Raw => {
                write_quoted(rest, out);
                *pos = wire.len();
            }
            Field::Hex => {
                if rest.is_empty() {
                    return Err(());
                }
                out.push_str(&HEXUPPER.encode(rest));
                *pos = wire.len();
            }
            Field::Base64 => {
                if rest.is_empty() {
                    return Err(());
                }
                out.push_str(&BASE64.encode(rest));
                *pos = wire.len();
            }
            Field::Salt => {
                let len = *rest.first().ok_or(())? as usize;
                *pos += 1;
                let s = take(len, pos)?;
                if s.is_empty() { out.push('-') } else { out.push_str(&HEXUPPER.encode(s)) }
            }
            Field::Base32Hex => {
                let len = *rest.first().ok_or(())? as usize;
                *pos += 1;
                let s = take(len, pos)?;
                if s.is_empty() {
                    return Err(());
                }
                out.push_str(&BASE32HEX_NOPAD.encode(s));
            }
            Field::Bitmap => {
                format_bitmap(rest, out)?;
                *pos = wire.len();
            }
            Field::Eui48 | Field::Eui64 => {
                let n = if self == Field::Eui48 { 6 } else { 8 };
                let b = take(n, pos)?;
                let parts: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
                out.push_str(&parts.join("-"));
            }
            Field::Ilnp64 => {
                let b = take(8, pos)?;
                let parts: Vec<String> = b.chunks(2).map(|c| format!("{:02x}{:02x}", c[0], c[1])).collect();
                out.push_str(&parts.join(":"));
            }
        }
        Ok(())
    }
}

/// Strict dotted-quad IPv4 (BIND rejects shorthand like `1.2.3`).
#[must_use]
pub fn parse_ipv4(text: &[u8]) -> Option<Ipv4Addr> {
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// Writes a type bitmap as space-separated mnemonics; trims a trailing space when empty.
///
/// # Errors
/// When the bitmap is malformed (RFC 4034 §4.1.2).
pub fn format_bitmap(mut bm: &[u8], out: &mut String) -> Result<(), ()> {
    let start = out.len();
    let mut last_window: Option<u8> = None;
    while !bm.is_empty() {
        let window = bm[0];
        let len = *bm.get(1).ok_or(())? as usize;
        if len == 0 || len > 32 || last_window.is_some_and(|w| w >= window) {
            return Err(());
        }
        last_window = Some(window);
        let bits = bm.get(2..2 + len).ok_or(())?;
        for (i, byte) in bits.iter().enumerate() {
            for bit in 0..8 {
                if byte & (0x80 >> bit) != 0 {
                    let t = (u16::from(window) << 8) | (i * 8 + bit) as u16;
                    if out.len() > start {
                        out.push(' ');
                    }
                    let _ = write!(out, "{}", RType(t));
                }
            }
        }
        bm = &bm[2 + len..];
    }
    Ok(())
}

/// Writes bytes as a quoted character-string, escaping `"` and `\` and non-printables.
pub fn write_quoted(s: &[u8], out: &mut String) {
    out.push('"');
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03}");
            }
        }
    }
    out.push('"');
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
        assert_eq!(parse_time(b"1483228800"), Some(1_483_228_800));
    }
}
