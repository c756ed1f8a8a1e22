//! A6 (RFC 2874, historic): `<prefix length> [<address suffix>] [<prefix name>]`. The address is
//! absent when the prefix length is 128, the name when it is 0; bits covered by the prefix are
//! cleared, as BIND does.

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{ipv6_at, parse_ipv6, write_ipv6};
use super::fields::Field;
use super::table::SpecialSyntax;
use crate::zone::name;

/// A6.
pub static A6: SpecialSyntax = SpecialSyntax {
    parse: parse_a6,
    format: format_a6,
    shape: "<prefix length> <address suffix> <prefix name>",
};

/// Octets of address kept on the wire, and the mask of the first one.
fn suffix(prefix: u8) -> (usize, u8) {
    (16 - usize::from(prefix / 8), 0xff >> (prefix % 8))
}

fn parse_a6(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let tok = cur.peek();
    Field::U8.parse("prefix length", cur, out)?;
    let prefix = *out.last().unwrap_or(&0);
    if let Some(tok) = tok.filter(|_| prefix > 128) {
        return Err(cur.error(
            tok,
            format!("prefix length {prefix} is out of range (0-128)"),
        ));
    }
    if prefix < 128 {
        let tok = cur.next_word("address suffix")?;
        let mut addr = parse_ipv6(cur.content(tok))
            .ok_or_else(|| cur.bad(tok, "an IPv6 address for the address suffix"))?
            .octets();
        let (octets, mask) = suffix(prefix);
        addr[16 - octets] &= mask;
        out.extend_from_slice(&addr[16 - octets..]);
        cur.record("address suffix", tok.start, tok.end);
    }
    if prefix > 0 {
        Field::Name.parse("prefix name", cur, out)?;
    }
    Ok(())
}

fn format_a6(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let (&prefix, rest) = wire.split_first().ok_or(WireError)?;
    if prefix > 128 {
        return Err(WireError);
    }
    let (octets, mask) = if prefix < 128 {
        suffix(prefix)
    } else {
        (0, 0xff)
    };
    let addr = rest.get(..octets).ok_or(WireError)?;
    if addr.first().is_some_and(|&b| b & !mask != 0) {
        return Err(WireError);
    }
    let _ = write!(out, "{prefix} ");
    if prefix < 128 {
        let mut full = [0u8; 16];
        full[16 - octets..].copy_from_slice(addr);
        write_ipv6(ipv6_at(&full).ok_or(WireError)?, out);
    }
    let rest = &rest[octets..];
    if prefix == 0 {
        return if rest.is_empty() {
            Ok(())
        } else {
            Err(WireError)
        };
    }
    // BIND writes the (possibly empty) address and the name separated by one space.
    out.push(' ');
    let len = name::wire_name_len(rest)
        .filter(|&l| l == rest.len())
        .ok_or(WireError)?;
    name::write_text(&rest[..len], out);
    Ok(())
}
