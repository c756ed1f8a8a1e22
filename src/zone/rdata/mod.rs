//! Record data: presentation tokens → uncompressed wire bytes, with a span per field, and wire
//! bytes → canonical presentation text (for `zonelint dump`). Knows no rules.
//!
//! Most types are a list of [`Field`]s (see `table.rs`); the parser and the formatter both walk
//! the same list, so they cannot drift apart. Types with irregular syntax or cross-field rules
//! (LOC, SVCB/HTTPS, APL, WKS, IPSECKEY, HIP, AMTRELAY, DS digests, …) have their own module,
//! registered in `special.rs`. Every type also accepts the RFC 3597 generic form `\# len hex`;
//! for types we know, those bytes must decode.
//!
//! The dialect is BIND 9.18's (`lib/dns/rdata/`): what it accepts, what it rejects, the wire
//! bytes it produces and the text `named-compilezone` prints.

mod cursor;
mod encoding;
mod eui;
mod fields;
mod mnemonic;
mod special;
mod table;
mod text;
mod time;

mod a6;
mod amtrelay;
mod apl;
mod atma;
mod digest;
mod dnssec;
mod doa;
mod hip;
mod ipseckey;
mod isdn;
mod loc;
mod naptr;
mod nsap;
mod nxt;
mod svcb;
mod wks;
mod wks_names;

pub use cursor::{Cursor, FieldSpan, RdataError};
pub use fields::Field;
pub use table::{SpecialSyntax, TypeSyntax, syntax_of};

use crate::diag::ids;
use crate::zone::lexer::{Token, TokenKind};
use crate::zone::rtype::RType;

/// Wire bytes that do not decode as the record's type (the caller then falls back to the
/// generic `\\#` form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireError;

/// Everything an rdata parser needs to know about its entry.
pub struct RdataInput<'a> {
    pub text: &'a [u8],
    pub tokens: &'a [Token],
    /// The origin in wire form, to complete relative names.
    pub origin: Option<&'a [u8]>,
    /// Offset just past the entry, where a missing field is reported.
    pub entry_end: u32,
}

/// How the rdata of a record is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdataForm {
    /// Uncompressed wire bytes.
    Wire,
    /// A type we do not interpret: the presentation tokens, joined by single spaces.
    Opaque,
}

/// Parses the rdata tokens of a record of type `rtype` into `out` (appended). With `spans`, the
/// span of each field is recorded too.
///
/// # Errors
/// An [`RdataError`] pointing at the offending token.
pub fn parse(
    rtype: RType,
    input: &RdataInput<'_>,
    out: &mut Vec<u8>,
    spans: Option<&mut Vec<FieldSpan>>,
) -> Result<RdataForm, RdataError> {
    let base = out.len();
    let mut cur = Cursor::new(input, spans);
    let result =
        parse_inner(rtype, &mut cur, out).map_err(|e| match (e.help.is_none(), syntax_of(rtype)) {
            (true, TypeSyntax::Special(special)) => {
                e.with_help(format!("{rtype} data is `{}`", special.shape))
            }
            _ => e,
        });
    if result.is_err() {
        out.truncate(base);
    }
    result
}

fn parse_inner(
    rtype: RType,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
) -> Result<RdataForm, RdataError> {
    if matches!(rtype.0, 3 | 4) {
        // BIND refuses MD and MF in master files: "type 'MD': obsolete".
        let at = cur
            .peek()
            .map_or_else(|| cur.end_span(), |t| (t.start, t.end));
        return Err(RdataError::new(
            ids::INVALID_SYNTAX,
            at,
            format!("{rtype} is obsolete (RFC 973) and BIND refuses it"),
        )
        .with_help("use an MX record instead"));
    }
    if let Some(tok) = cur.peek()
        && tok.kind == TokenKind::Word
        && cur.content(tok) == b"\\#"
    {
        return parse_generic(rtype, cur, out).map(|()| RdataForm::Wire);
    }
    match syntax_of(rtype) {
        TypeSyntax::Fields(fields) => {
            fields::parse_fields(fields, cur, out)?;
            cur.finish()?;
            Ok(RdataForm::Wire)
        }
        TypeSyntax::Special(special) => {
            (special.parse)(cur, out)?;
            cur.finish()?;
            Ok(RdataForm::Wire)
        }
        TypeSyntax::GenericOnly => {
            let tok = cur
                .peek()
                .map_or_else(|| cur.end_span(), |t| (t.start, t.end));
            let message = if rtype.mnemonic().is_some() {
                format!(
                    "{rtype} records have no presentation form: write the rdata as `\\# length hex`"
                )
            } else {
                format!(
                    "the data of unknown type {rtype} must be written as `\\# length hex` (RFC 3597)"
                )
            };
            Err(RdataError::new(ids::INVALID_SYNTAX, tok, message)
                .with_help("e.g. `\\# 4 0A000001` for the four octets 10, 0, 0, 1"))
        }
        TypeSyntax::Opaque => {
            let toks = cur.take_rest();
            if toks.is_empty() {
                return Err(RdataError::new(
                    ids::INVALID_SYNTAX,
                    cur.end_span(),
                    format!("missing rdata for {rtype}"),
                ));
            }
            for (i, t) in toks.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                out.extend_from_slice(&cur.text()[t.start as usize..t.end as usize]);
            }
            Ok(RdataForm::Opaque)
        }
    }
}

/// The shape of a type's data for help messages, e.g. `<preference> <exchange>`.
#[must_use]
pub fn shape_of(rtype: RType) -> Option<String> {
    match syntax_of(rtype) {
        TypeSyntax::Fields(fields) => Some(
            fields
                .iter()
                .map(|(name, _)| format!("<{name}>"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        TypeSyntax::Special(special) => Some(special.shape.to_owned()),
        TypeSyntax::GenericOnly | TypeSyntax::Opaque => None,
    }
}

/// RFC 3597 §5: `\# <length> <hex>…`.
fn parse_generic(
    rtype: RType,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let marker = cur.next("generic rdata marker")?;
    let len_tok = cur.next_word("rdata length")?;
    let len_text = cur.content(len_tok);
    let len = std::str::from_utf8(len_text)
        .ok()
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|&l| l <= 65_535)
        .ok_or_else(|| {
            RdataError::new(
                ids::INVALID_SYNTAX,
                (len_tok.start, len_tok.end),
                format!(
                    "expected an rdata length (0-65535) after `\\#`, found `{}`",
                    String::from_utf8_lossy(len_text)
                ),
            )
        })?;
    let base = out.len();
    if len > 0 || cur.peek().is_some() {
        fields::parse_hex_rest("rdata", cur, out, true)?;
    }
    let got = out.len() - base;
    if got != len as usize {
        let span = (marker.start, cur.last_end());
        return Err(RdataError::new(
            ids::INVALID_SYNTAX,
            span,
            format!("generic rdata says {len} octets but has {got}"),
        )
        .with_help("make the length after `\\#` match the number of hex octets"));
    }
    // For a type we can interpret, the bytes must make sense as that type.
    if !matches!(
        syntax_of(rtype),
        TypeSyntax::Opaque | TypeSyntax::GenericOnly
    ) {
        let mut scratch = String::new();
        if format(rtype, &out[base..], &mut scratch).is_err() {
            return Err(RdataError::new(
                ids::INVALID_SYNTAX,
                (marker.start, cur.last_end()),
                format!("generic rdata is not a valid {rtype} record"),
            ));
        }
    }
    Ok(())
}

/// Writes the canonical presentation form of wire rdata. `Err(WireError)` when the bytes are not a
/// valid record of that type; the caller then falls back to [`format_generic`].
///
/// # Errors
/// When the bytes do not decode as `rtype`.
pub fn format(rtype: RType, wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let base = out.len();
    let result = match syntax_of(rtype) {
        TypeSyntax::Fields(fields) => fields::format_fields(fields, wire, out),
        TypeSyntax::Special(special) => (special.format)(wire, out),
        TypeSyntax::GenericOnly | TypeSyntax::Opaque => Err(WireError),
    };
    if result.is_err() {
        out.truncate(base);
    }
    result
}

/// The RFC 3597 generic form `\# len hex`.
pub fn format_generic(wire: &[u8], out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\# {}", wire.len());
    if !wire.is_empty() {
        out.push(' ');
        out.push_str(&data_encoding::HEXUPPER.encode(wire));
    }
}

#[cfg(test)]
mod tests;
