//! APL (RFC 3123): zero or more `[!]afi:address/prefix` items. As in BIND, only families 1
//! (IPv4) and 2 (IPv6) have a text form, the address is kept as written (bits past the prefix
//! are not cleared) and trailing zero octets are dropped.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{parse_ipv4, parse_ipv6, write_ipv6};
use super::table::SpecialSyntax;
use super::text::decimal;
use crate::zone::lexer::Token;

/// APL.
pub static APL: SpecialSyntax = SpecialSyntax {
    parse: parse_apl,
    format: format_apl,
    shape: "[[!]<family>:<address>/<prefix> …]",
};

const HELP: &str = "write items as `1:192.0.2.0/24` or `!2:2001:db8::/32`";

fn parse_item(cur: &Cursor<'_, '_>, tok: Token, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let text = cur.content(tok);
    let bad = |what: &str| cur.bad(tok, what).with_help(HELP);
    let (negated, body) = match text.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let colon = body
        .iter()
        .position(|&b| b == b':')
        .ok_or_else(|| bad("an APL item `family:address/prefix`"))?;
    let family = decimal(&body[..colon], u64::from(u32::MAX))
        .ok_or_else(|| bad("an address family number before `:`"))?;
    let rest = &body[colon + 1..];
    let slash = rest
        .iter()
        .position(|&b| b == b'/')
        .filter(|&s| s > 0)
        .ok_or_else(|| bad("an APL item `family:address/prefix`"))?;
    let (addr, prefix) = (&rest[..slash], &rest[slash + 1..]);
    let prefix = decimal(prefix, 255).ok_or_else(|| bad("a prefix length after `/`"))?;
    let (bytes, max): (Vec<u8>, u64) = match family {
        1 => (
            parse_ipv4(addr)
                .ok_or_else(|| bad("an IPv4 address in the family 1 item"))?
                .octets()
                .to_vec(),
            32,
        ),
        2 => (
            parse_ipv6(addr)
                .ok_or_else(|| bad("an IPv6 address in the family 2 item"))?
                .octets()
                .to_vec(),
            128,
        ),
        _ => {
            return Err(cur
                .error(
                    tok,
                    format!("address family {family} has no text form: only 1 (IPv4) and 2 (IPv6)"),
                )
                .with_help(HELP));
        }
    };
    if prefix > max {
        return Err(cur.error(
            tok,
            format!("prefix length {prefix} is longer than the address ({max} bits)"),
        ));
    }
    let len = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    out.extend_from_slice(&u16::try_from(family).unwrap_or(0).to_be_bytes());
    out.push(u8::try_from(prefix).unwrap_or(0));
    out.push(u8::try_from(len).unwrap_or(0) | if negated { 0x80 } else { 0 });
    out.extend_from_slice(&bytes[..len]);
    Ok(())
}

fn parse_apl(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    for &tok in cur.take_rest_words("APL item")? {
        parse_item(cur, tok, out)?;
        cur.record("item", tok.start, tok.end);
    }
    Ok(())
}

/// One wire item: (family, prefix, negated, address octets).
type Item<'a> = (u16, u8, bool, &'a [u8]);

/// Splits the wire items, checking them as BIND's `fromwire` does.
fn items(mut wire: &[u8]) -> Result<Vec<Item<'_>>, WireError> {
    let mut out = Vec::new();
    while !wire.is_empty() {
        let head = wire.get(..4).ok_or(WireError)?;
        let (family, prefix, len, negated) = (
            u16::from_be_bytes([head[0], head[1]]),
            head[2],
            usize::from(head[3] & 0x7f),
            head[3] & 0x80 != 0,
        );
        let addr = wire.get(4..4 + len).ok_or(WireError)?;
        let bad = match family {
            1 => prefix > 32 || len > 4,
            2 => prefix > 128 || len > 16,
            _ => false,
        };
        if bad || addr.last() == Some(&0) {
            return Err(WireError);
        }
        out.push((family, prefix, negated, addr));
        wire = &wire[4 + len..];
    }
    Ok(out)
}

fn format_apl(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let list = items(wire)?;
    if list.iter().any(|&(family, ..)| family != 1 && family != 2) {
        // Other families are valid on the wire, but BIND prints such a record generically.
        super::format_generic(wire, out);
        return Ok(());
    }
    for (i, (family, prefix, negated, addr)) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{}{family}:", if negated { "!" } else { "" });
        let mut full = [0u8; 16];
        full[..addr.len()].copy_from_slice(addr);
        if family == 1 {
            let _ = write!(out, "{}", Ipv4Addr::new(full[0], full[1], full[2], full[3]));
        } else {
            write_ipv6(full.into(), out);
        }
        let _ = write!(out, "/{prefix}");
    }
    Ok(())
}
