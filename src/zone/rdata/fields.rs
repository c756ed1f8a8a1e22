//! The field kinds that make up most record types, each with a parser (tokens → wire) and a
//! formatter (wire → canonical text, as BIND prints it). A field that takes "the rest" must come
//! last.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use data_encoding::{BASE32HEX_NOPAD, HEXUPPER, HEXUPPER_PERMISSIVE};

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{self, Octets};
use super::eui;
use super::mnemonic::{self, MnemonicError, Table};
use super::text::{self, decimal};
use super::time::{format_time, parse_time};
use crate::diag::ids;
use crate::zone::lexer::{Token, TokenKind};
use crate::zone::name::{self, NameError};
use crate::zone::rtype::RType;
use crate::zone::ttl::parse_ttl;

pub use super::text::{parse_char_string, write_quoted};

/// One field of a record type's rdata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    U8,
    U16,
    U32,
    /// A 32-bit duration; BIND's TTL units allowed (SOA timers).
    Duration,
    Name,
    Ipv4,
    Ipv6,
    /// One character-string (length-prefixed, ≤ 255 octets), quoted or not.
    Str,
    /// One or more character-strings up to the end (TXT, SPF).
    Strs,
    /// Hex digits up to the end, possibly split into several tokens (at least one octet).
    Hex,
    /// Base64 up to the end, possibly split (at least one octet).
    Base64,
    /// Base64 up to the end, possibly empty (SINK data).
    Base64Any,
    /// NSEC3 salt: hex, or `-` for none; length-prefixed.
    Salt,
    /// NSEC3 next hashed owner: base32hex, length-prefixed.
    Base32Hex,
    /// A type bitmap (NSEC3, CSYNC) up to the end; may be empty.
    Bitmap,
    /// The NSEC type bitmap: BIND wants at least one type.
    NsecBitmap,
    /// A type mnemonic, `TYPEnnn` or a plain number (RRSIG type covered, DSYNC type).
    Type,
    /// A DNSSEC algorithm number or mnemonic, written as a number.
    Algorithm,
    /// A DNSSEC algorithm written as its mnemonic (CERT).
    CertAlgorithm,
    /// A CERT type mnemonic or number, written as the mnemonic.
    CertType,
    /// A DS digest type number or mnemonic (`SHA-256`), written as a number.
    DigestType,
    /// A KEY protocol number or mnemonic (`DNSSEC`), written as a number.
    Protocol,
    /// KEY/DNSKEY flags: a number (hex too) or `ZONE|KSK` names, written as a number.
    KeyFlags,
    /// A DSYNC scheme number or mnemonic, written as the mnemonic.
    DsyncScheme,
    /// An RRSIG time: `YYYYMMDDHHmmSS` or seconds since the epoch.
    Time,
    /// A CAA tag: letters and digits, length-prefixed.
    CaaTag,
    /// The rest as one string with no length prefix, quoted or not (CAA value).
    Raw,
    /// One quoted string with no length prefix (URI target: BIND wants the quotes).
    QuotedRaw,
    /// 48-bit EUI: `xx-xx-xx-xx-xx-xx`.
    Eui48,
    /// 64-bit EUI: `xx-xx-xx-xx-xx-xx-xx-xx`.
    Eui64,
    /// ILNP 64-bit locator/identifier: `x:x:x:x`, groups of 1-4 hex digits.
    Ilnp64,
}

/// Reads a domain name token into `out` (wire form, case kept).
///
/// # Errors
/// When the token is quoted or not a valid name.
pub fn parse_name_token(
    cur: &Cursor<'_, '_>,
    tok: Token,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    if tok.kind == TokenKind::Quoted {
        return Err(cur.quoted(tok, "a domain name"));
    }
    parse_name_text(cur, tok, out)
}

/// Reads a token's content as a domain name, whether quoted or not (SVCB's target is read by
/// BIND as a quoted-string-or-word).
///
/// # Errors
/// When the content is not a valid name.
pub fn parse_name_text(
    cur: &Cursor<'_, '_>,
    tok: Token,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let raw = cur.content(tok);
    name::parse_name(raw, cur.origin(), out)
        .map(|_| ())
        .map_err(|e| name_error(e, tok, raw))
}

/// Converts a [`NameError`] into an [`RdataError`] on the token.
#[must_use]
pub fn name_error(e: NameError, tok: Token, raw: &[u8]) -> RdataError {
    let id = match e {
        NameError::LabelTooLong { .. } | NameError::NameTooLong { .. } => ids::NAME_TOO_LONG,
        NameError::NoOrigin => ids::RELATIVE_NAME_WITHOUT_ORIGIN,
        _ => ids::INVALID_SYNTAX,
    };
    let err = RdataError::new(id, (tok.start, tok.end), e.message(&text::lossy(raw)));
    match e {
        NameError::NoOrigin => {
            err.with_help("end the name with a dot, or set `$ORIGIN` (or --origin) before it")
        }
        NameError::EmptyLabel { .. } => err.with_help("remove the doubled or leading dot"),
        _ => err,
    }
}

/// Concatenates the remaining tokens and decodes them as hex (kept for the generic `\#` form).
///
/// # Errors
/// No token (unless `allow_empty`), a quoted token, or a bad digit.
pub fn parse_hex_rest(
    what: &'static str,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
    allow_empty: bool,
) -> Result<(), RdataError> {
    encoding::parse_hex_rest(
        what,
        cur,
        out,
        if allow_empty {
            Octets::Any
        } else {
            Octets::AtLeastOne
        },
    )
}

/// Parses a type bitmap from the remaining tokens (mnemonics or `TYPEnnn`).
fn parse_bitmap(
    name: &'static str,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
    non_empty: bool,
) -> Result<(), RdataError> {
    let toks = cur.take_rest_words(name)?;
    if non_empty && toks.is_empty() {
        return Err(RdataError::new(
            ids::INVALID_SYNTAX,
            cur.end_span(),
            format!("missing {name}"),
        )
        .with_help("list the types present at the owner, e.g. `A RRSIG NSEC`"));
    }
    let mut types = Vec::with_capacity(toks.len());
    for t in toks {
        let rtype = RType::from_text(cur.content(*t))
            .ok_or_else(|| cur.bad(*t, "a record type in the type bitmap"))?;
        types.push(rtype.0);
    }
    write_bitmap(&mut types, out);
    if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
        cur.record(name, first.start, last.end);
    }
    Ok(())
}

/// Encodes a set of types as an RFC 4034 §4.1.2 bitmap.
pub fn write_bitmap(types: &mut Vec<u16>, out: &mut Vec<u8>) {
    types.sort_unstable();
    types.dedup();
    let mut i = 0;
    while i < types.len() {
        let [window, _] = types[i].to_be_bytes();
        let mut bits = [0u8; 32];
        let mut max = 0;
        while i < types.len() && types[i].to_be_bytes()[0] == window {
            let low = usize::from(types[i].to_be_bytes()[1]);
            bits[low / 8] |= 0x80 >> (low % 8);
            max = low / 8;
            i += 1;
        }
        out.push(window);
        out.push(u8::try_from(max + 1).unwrap_or(32)); // max < 32
        out.extend_from_slice(&bits[..=max]);
    }
}

fn mnemonic_error(
    cur: &Cursor<'_, '_>,
    tok: Token,
    e: MnemonicError,
    what: &str,
    name: &str,
) -> RdataError {
    match e {
        MnemonicError::Range => {
            cur.bad(tok, &format!("{what} for the {name} (number out of range)"))
        }
        MnemonicError::Unknown => cur.bad(tok, &format!("{what} for the {name}")),
    }
}

fn parse_mnemonic(
    cur: &Cursor<'_, '_>,
    tok: Token,
    name: &str,
    table: Table,
    max: u16,
    what: &str,
) -> Result<u16, RdataError> {
    mnemonic::parse(cur.content(tok), table, max)
        .map_err(|e| mnemonic_error(cur, tok, e, what, name))
}

/// A type for RRSIG's "type covered" or DSYNC: mnemonic, `TYPEnnn`, or a plain number.
fn parse_type_or_number(text: &[u8]) -> Option<u16> {
    RType::from_text(text)
        .map(|t| t.0)
        .or_else(|| decimal(text, 65_535).and_then(|v| u16::try_from(v).ok()))
}

impl Field {
    /// Whether the field is always written as exactly one token (the others take the rest of
    /// the record: strings, hex, base64, bitmaps).
    #[must_use]
    pub fn is_one_token(self) -> bool {
        !matches!(
            self,
            Field::Strs
                | Field::Hex
                | Field::Base64
                | Field::Base64Any
                | Field::Bitmap
                | Field::NsecBitmap
        )
    }

    /// Parses this field from the cursor into `out`, recording its span as `name`.
    ///
    /// # Errors
    /// When the token(s) are not a valid value of this field.
    pub fn parse(
        self,
        name: &'static str,
        cur: &mut Cursor<'_, '_>,
        out: &mut Vec<u8>,
    ) -> Result<(), RdataError> {
        match self {
            Field::Hex => return encoding::parse_hex_rest(name, cur, out, Octets::AtLeastOne),
            Field::Base64 => {
                return encoding::parse_base64_rest(name, cur, out, Octets::AtLeastOne);
            }
            Field::Base64Any => return encoding::parse_base64_rest(name, cur, out, Octets::Any),
            Field::Bitmap | Field::NsecBitmap => {
                return parse_bitmap(name, cur, out, self == Field::NsecBitmap);
            }
            Field::Strs => return parse_strings(name, cur, out),
            _ => {}
        }
        let tok = match self {
            Field::Str | Field::Raw | Field::QuotedRaw => cur.next(name)?,
            _ => cur.next_word(name)?,
        };
        match self {
            Field::Str | Field::Raw | Field::QuotedRaw | Field::Name | Field::CaaTag => {
                self.parse_text(name, cur, tok, out)?;
            }
            _ => self.parse_word(name, cur, tok, out)?,
        }
        cur.record(name, tok.start, tok.end);
        Ok(())
    }

    /// The fields read from a string or name token.
    fn parse_text(
        self,
        name: &str,
        cur: &Cursor<'_, '_>,
        tok: Token,
        out: &mut Vec<u8>,
    ) -> Result<(), RdataError> {
        match self {
            Field::Name => parse_name_token(cur, tok, out),
            Field::Str => parse_char_string(cur, tok, out),
            Field::Raw => text::parse_raw_string(cur, tok, out),
            Field::QuotedRaw => {
                if tok.kind != TokenKind::Quoted {
                    return Err(cur
                        .bad(tok, &format!("a quoted string for the {name}"))
                        .with_help("put the value in double quotes"));
                }
                text::parse_raw_string(cur, tok, out)
            }
            Field::CaaTag => {
                let text = cur.content(tok);
                let len = u8::try_from(text.len())
                    .ok()
                    .filter(|&l| l > 0 && text.iter().all(u8::is_ascii_alphanumeric));
                let len = len.ok_or_else(|| {
                    cur.bad(tok, &format!("a tag of letters and digits for the {name}"))
                })?;
                out.push(len);
                out.extend_from_slice(text);
                Ok(())
            }
            _ => unreachable!("only string-like fields are read here"),
        }
    }

    /// The fields read from a single bare word.
    #[allow(clippy::too_many_lines)] // one arm per field kind reads best as a single match
    fn parse_word(
        self,
        name: &str,
        cur: &Cursor<'_, '_>,
        tok: Token,
        out: &mut Vec<u8>,
    ) -> Result<(), RdataError> {
        let text = cur.content(tok);
        let fail = |what: &str| cur.bad(tok, &format!("{what} for the {name}"));
        let number = |max: u32, what: &str| {
            decimal(text, u64::from(max))
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| fail(what))
        };
        match self {
            Field::U8 => out.push(u8::try_from(number(255, "a number 0-255")?).unwrap_or(0)),
            Field::U16 => out.extend_from_slice(
                &u16::try_from(number(65_535, "a number 0-65535")?)
                    .unwrap_or(0)
                    .to_be_bytes(),
            ),
            Field::U32 => {
                out.extend_from_slice(&number(u32::MAX, "a number 0-4294967295")?.to_be_bytes());
            }
            Field::Duration => out.extend_from_slice(
                &parse_ttl(text)
                    .map_err(|_| fail("a number of seconds (or `1h30m` form)"))?
                    .to_be_bytes(),
            ),
            Field::Ipv4 => out.extend_from_slice(
                &encoding::parse_ipv4(text)
                    .ok_or_else(|| fail("an IPv4 address"))?
                    .octets(),
            ),
            Field::Ipv6 => out.extend_from_slice(
                &encoding::parse_ipv6(text)
                    .ok_or_else(|| fail("an IPv6 address"))?
                    .octets(),
            ),
            Field::Salt => {
                if text == b"-" {
                    out.push(0);
                } else {
                    let salt = HEXUPPER_PERMISSIVE
                        .decode(text)
                        .ok()
                        .filter(|s| s.len() <= 255)
                        .ok_or_else(|| fail("hex digits or `-`"))?;
                    out.push(u8::try_from(salt.len()).unwrap_or(0));
                    out.extend_from_slice(&salt);
                }
            }
            Field::Base32Hex => {
                let upper = text.to_ascii_uppercase();
                let hash = BASE32HEX_NOPAD
                    .decode(&upper)
                    .ok()
                    .filter(|h| !h.is_empty() && h.len() <= 255)
                    .ok_or_else(|| fail("a base32hex hash"))?;
                out.push(u8::try_from(hash.len()).unwrap_or(0));
                out.extend_from_slice(&hash);
            }
            Field::Type => out.extend_from_slice(
                &parse_type_or_number(text)
                    .ok_or_else(|| fail("a record type"))?
                    .to_be_bytes(),
            ),
            Field::Algorithm | Field::CertAlgorithm => {
                let v = parse_mnemonic(
                    cur,
                    tok,
                    name,
                    mnemonic::ALGORITHMS,
                    255,
                    "an algorithm number or mnemonic",
                )?;
                out.push(u8::try_from(v).unwrap_or(0));
            }
            Field::DigestType => out.push(
                u8::try_from(parse_mnemonic(
                    cur,
                    tok,
                    name,
                    mnemonic::DIGEST_TYPES,
                    255,
                    "a digest type",
                )?)
                .unwrap_or(0),
            ),
            Field::Protocol => out.push(
                u8::try_from(parse_mnemonic(
                    cur,
                    tok,
                    name,
                    mnemonic::PROTOCOLS,
                    255,
                    "a protocol number",
                )?)
                .unwrap_or(0),
            ),
            Field::DsyncScheme => out.push(
                u8::try_from(parse_mnemonic(
                    cur,
                    tok,
                    name,
                    mnemonic::DSYNC_SCHEMES,
                    255,
                    "a scheme (`NOTIFY` or 0-255)",
                )?)
                .unwrap_or(0),
            ),
            Field::CertType => out.extend_from_slice(
                &parse_mnemonic(
                    cur,
                    tok,
                    name,
                    mnemonic::CERT_TYPES,
                    65_535,
                    "a certificate type",
                )?
                .to_be_bytes(),
            ),
            Field::KeyFlags => {
                let v = mnemonic::parse_key_flags(text).map_err(|e| {
                    mnemonic_error(
                        cur,
                        tok,
                        e,
                        "flags (a number, or names like `ZONE|KSK`)",
                        name,
                    )
                })?;
                out.extend_from_slice(&v.to_be_bytes());
            }
            Field::Time => out.extend_from_slice(
                &parse_time(text)
                    .ok_or_else(|| fail("a time as YYYYMMDDHHmmSS or seconds"))?
                    .to_be_bytes(),
            ),
            Field::Eui48 => out.extend(
                eui::parse_eui(text, 6)
                    .ok_or_else(|| fail("an EUI-48 address (xx-xx-xx-xx-xx-xx)"))?,
            ),
            Field::Eui64 => out.extend(
                eui::parse_eui(text, 8)
                    .ok_or_else(|| fail("an EUI-64 address (xx-xx-xx-xx-xx-xx-xx-xx)"))?,
            ),
            Field::Ilnp64 => out.extend(
                eui::parse_locator(text)
                    .ok_or_else(|| fail("a 64-bit locator (x:x:x:x, 1-4 hex digits each)"))?,
            ),
            _ => unreachable!("handled by `parse` or `parse_text`"),
        }
        Ok(())
    }

    /// Formats this field from `wire[*pos..]`, advancing `pos`.
    ///
    /// # Errors
    /// When the bytes are too short or malformed.
    pub fn format(self, wire: &[u8], pos: &mut usize, out: &mut String) -> Result<(), WireError> {
        let rest = wire.get(*pos..).ok_or(WireError)?;
        match self {
            Field::Strs => format_strings(wire, pos, out),
            Field::Raw | Field::QuotedRaw => {
                write_quoted(rest, out);
                *pos = wire.len();
                Ok(())
            }
            Field::Hex | Field::Base64 | Field::Base64Any | Field::Bitmap | Field::NsecBitmap => {
                self.format_rest(rest, out)?;
                *pos = wire.len();
                Ok(())
            }
            Field::Name => {
                let len = name::wire_name_len(rest).ok_or(WireError)?;
                name::write_text(&rest[..len], out);
                *pos += len;
                Ok(())
            }
            Field::Str | Field::CaaTag | Field::Salt | Field::Base32Hex => {
                self.format_counted(text::take_char_string(wire, pos)?, out)
            }
            _ => self.format_fixed(wire, pos, out),
        }
    }

    /// Fields that take everything left.
    fn format_rest(self, rest: &[u8], out: &mut String) -> Result<(), WireError> {
        match self {
            Field::Hex if !rest.is_empty() => encoding::write_hex(rest, out),
            Field::Base64 if !rest.is_empty() => encoding::write_base64(rest, out),
            Field::Base64Any => encoding::write_base64(rest, out),
            Field::Bitmap => format_bitmap(rest, out)?,
            Field::NsecBitmap if !rest.is_empty() => format_bitmap(rest, out)?,
            _ => return Err(WireError),
        }
        Ok(())
    }

    /// Fields stored with a length octet.
    fn format_counted(self, s: &[u8], out: &mut String) -> Result<(), WireError> {
        match self {
            Field::Str => write_quoted(s, out),
            Field::CaaTag => {
                if s.is_empty() || !s.iter().all(u8::is_ascii_alphanumeric) {
                    return Err(WireError);
                }
                out.push_str(&text::lossy(s));
            }
            Field::Salt if s.is_empty() => out.push('-'),
            Field::Salt => out.push_str(&HEXUPPER.encode(s)),
            Field::Base32Hex if !s.is_empty() => out.push_str(&BASE32HEX_NOPAD.encode(s)),
            _ => return Err(WireError),
        }
        Ok(())
    }

    /// Fixed-size fields.
    fn format_fixed(self, wire: &[u8], pos: &mut usize, out: &mut String) -> Result<(), WireError> {
        let size = match self {
            Field::U8
            | Field::Algorithm
            | Field::CertAlgorithm
            | Field::DigestType
            | Field::Protocol
            | Field::DsyncScheme => 1,
            Field::U16 | Field::CertType | Field::Type | Field::KeyFlags => 2,
            Field::U32 | Field::Duration | Field::Time | Field::Ipv4 => 4,
            Field::Eui48 => 6,
            Field::Eui64 | Field::Ilnp64 => 8,
            Field::Ipv6 => 16,
            _ => return Err(WireError),
        };
        let b = wire.get(*pos..*pos + size).ok_or(WireError)?;
        *pos += size;
        let n = b.iter().fold(0u32, |acc, &x| (acc << 8) | u32::from(x));
        let n16 = u16::try_from(n).unwrap_or(0);
        match self {
            Field::U8
            | Field::Algorithm
            | Field::DigestType
            | Field::Protocol
            | Field::U16
            | Field::KeyFlags
            | Field::U32
            | Field::Duration => {
                let _ = write!(out, "{n}");
            }
            Field::CertAlgorithm => out.push_str(&mnemonic::name_of(n16, mnemonic::ALGORITHMS)),
            Field::DsyncScheme => out.push_str(&mnemonic::name_of(n16, mnemonic::DSYNC_SCHEMES)),
            Field::CertType => out.push_str(&mnemonic::name_of(n16, mnemonic::CERT_TYPES)),
            Field::Type => {
                let _ = write!(out, "{}", RType(n16));
            }
            Field::Time => format_time(n, out),
            Field::Ipv4 => {
                let _ = write!(out, "{}", Ipv4Addr::new(b[0], b[1], b[2], b[3]));
            }
            Field::Ipv6 => encoding::write_ipv6(encoding::ipv6_at(b).ok_or(WireError)?, out),
            Field::Eui48 | Field::Eui64 => eui::write_eui(b, out),
            Field::Ilnp64 => eui::write_locator(b, out),
            _ => return Err(WireError),
        }
        Ok(())
    }
}

/// One or more character-strings up to the end.
fn parse_strings(
    name: &'static str,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let toks = cur.take_rest();
    if toks.is_empty() {
        return Err(RdataError::new(
            ids::INVALID_SYNTAX,
            cur.end_span(),
            format!("missing {name}"),
        )
        .with_help("add at least one string, e.g. `\"\"`"));
    }
    for t in toks {
        parse_char_string(cur, *t, out)?;
        cur.record(name, t.start, t.end);
    }
    Ok(())
}

fn format_strings(wire: &[u8], pos: &mut usize, out: &mut String) -> Result<(), WireError> {
    if *pos >= wire.len() {
        return Err(WireError);
    }
    let mut first = true;
    while *pos < wire.len() {
        if !first {
            out.push(' ');
        }
        first = false;
        write_quoted(text::take_char_string(wire, pos)?, out);
    }
    Ok(())
}

/// Formats a field list: the fields separated by spaces (an empty last field, like an empty
/// type bitmap, leaves no trailing space).
///
/// # Errors
/// When the bytes do not decode as the fields, or bytes are left over.
pub fn format_fields(
    fields: &[(&str, Field)],
    wire: &[u8],
    out: &mut String,
) -> Result<(), WireError> {
    let mut pos = 0;
    for (i, (_, field)) in fields.iter().enumerate() {
        let before = out.len();
        if i > 0 {
            out.push(' ');
        }
        field.format(wire, &mut pos, out)?;
        if i > 0 && out.len() == before + 1 {
            out.truncate(before);
        }
    }
    if pos == wire.len() {
        Ok(())
    } else {
        Err(WireError)
    }
}

/// Parses a field list in order.
///
/// # Errors
/// The first field that fails.
pub fn parse_fields(
    fields: &[(&'static str, Field)],
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    for (name, field) in fields {
        field.parse(name, cur, out)?;
    }
    Ok(())
}

/// Writes a type bitmap as space-separated mnemonics.
///
/// # Errors
/// When the bitmap is malformed (RFC 4034 §4.1.2).
pub fn format_bitmap(mut bm: &[u8], out: &mut String) -> Result<(), WireError> {
    let start = out.len();
    let mut last_window: Option<u8> = None;
    while !bm.is_empty() {
        let window = bm[0];
        let len = usize::from(*bm.get(1).ok_or(WireError)?);
        if len == 0 || len > 32 || last_window.is_some_and(|w| w >= window) {
            return Err(WireError);
        }
        last_window = Some(window);
        let bits = bm.get(2..2 + len).ok_or(WireError)?;
        if bits.last() == Some(&0) {
            return Err(WireError);
        }
        for (i, byte) in bits.iter().enumerate() {
            for bit in 0..8u16 {
                if byte & (0x80 >> bit) != 0 {
                    let t = (u16::from(window) << 8) | (u16::try_from(i).unwrap_or(0) * 8 + bit);
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
