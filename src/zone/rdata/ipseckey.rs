//! IPSECKEY (RFC 4025): `<precedence> <gateway type> <algorithm> <gateway> <public key>`, the
//! gateway `.` (type 0), an IPv4 (1) or IPv6 (2) address, or a name (3).

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{
    Octets, ipv6_at, parse_base64_rest, parse_ipv4, parse_ipv6, write_base64, write_ipv6,
};
use super::fields::Field::{self, U8};
use super::fields::{parse_fields, parse_name_token};
use super::table::SpecialSyntax;
use crate::zone::name;

/// IPSECKEY.
pub static IPSECKEY: SpecialSyntax = SpecialSyntax {
    parse: parse_ipseckey,
    format: format_ipseckey,
    shape: "<precedence> <gateway type> <algorithm> <gateway> <public key>",
};

const FIELDS: &[(&str, Field)] = &[("precedence", U8), ("gateway type", U8), ("algorithm", U8)];

/// Reads the gateway of type `kind` (0-3) into `out`.
pub fn parse_gateway(
    cur: &mut Cursor<'_, '_>,
    kind: u8,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let tok = cur.next_word("gateway")?;
    let text = cur.content(tok);
    match kind {
        0 if text == b"." => {}
        0 => return Err(cur.bad(tok, "`.` for the gateway (gateway type 0 means none)")),
        1 => out.extend_from_slice(
            &parse_ipv4(text)
                .ok_or_else(|| cur.bad(tok, "an IPv4 address for the gateway (gateway type 1)"))?
                .octets(),
        ),
        2 => out.extend_from_slice(
            &parse_ipv6(text)
                .ok_or_else(|| cur.bad(tok, "an IPv6 address for the gateway (gateway type 2)"))?
                .octets(),
        ),
        _ => parse_name_token(cur, tok, out)?,
    }
    cur.record("gateway", tok.start, tok.end);
    Ok(())
}

/// Writes the gateway of type `kind` at the start of `wire`; returns the octets it used.
pub fn format_gateway(kind: u8, wire: &[u8], out: &mut String) -> Result<usize, WireError> {
    match kind {
        0 => {
            out.push('.');
            Ok(0)
        }
        1 => {
            let b = wire.get(..4).ok_or(WireError)?;
            let _ = write!(out, "{}.{}.{}.{}", b[0], b[1], b[2], b[3]);
            Ok(4)
        }
        2 => {
            write_ipv6(ipv6_at(wire).ok_or(WireError)?, out);
            Ok(16)
        }
        3 => {
            let len = name::wire_name_len(wire).ok_or(WireError)?;
            name::write_text(&wire[..len], out);
            Ok(len)
        }
        _ => Err(WireError),
    }
}

fn parse_ipseckey(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_fields(&FIELDS[..1], cur, out)?;
    let tok = cur.peek();
    parse_fields(&FIELDS[1..2], cur, out)?;
    let kind = out.last().copied().unwrap_or(0);
    if let Some(tok) = tok.filter(|_| kind > 3) {
        return Err(cur.error(tok, format!("gateway type {kind} is out of range (0-3)")));
    }
    parse_fields(&FIELDS[2..], cur, out)?;
    parse_gateway(cur, kind, out)?;
    parse_base64_rest("public key", cur, out, Octets::AtLeastOne)
}

fn format_ipseckey(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let head = wire.get(..3).ok_or(WireError)?;
    let _ = write!(out, "{} {} {} ", head[0], head[1], head[2]);
    let used = format_gateway(head[1], &wire[3..], out)?;
    let key = &wire[3 + used..];
    if key.is_empty() {
        return Err(WireError);
    }
    out.push(' ');
    write_base64(key, out);
    Ok(())
}
