//! AMTRELAY (RFC 8777): `<precedence> <discovery> <type> <relay>`, the relay `.` for type 0, an
//! address or a name otherwise. Types 4-127 have no text form (BIND prints them generically).

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::fields::Field;
use super::ipseckey::{format_gateway, parse_gateway};
use super::table::SpecialSyntax;
use super::text::decimal;

/// AMTRELAY.
pub static AMTRELAY: SpecialSyntax = SpecialSyntax {
    parse: parse_amtrelay,
    format: format_amtrelay,
    shape: "<precedence> <discovery 0|1> <type> <relay>",
};

fn parse_amtrelay(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    Field::U8.parse("precedence", cur, out)?;
    let d = cur.next_word("discovery")?;
    let discovery =
        decimal(cur.content(d), 1).ok_or_else(|| cur.bad(d, "0 or 1 for the discovery flag"))?;
    cur.record("discovery", d.start, d.end);
    let t = cur.next_word("relay type")?;
    let kind = decimal(cur.content(t), 127)
        .and_then(|v| u8::try_from(v).ok())
        .ok_or_else(|| cur.bad(t, "a relay type 0-127"))?;
    if kind > 3 {
        return Err(cur
            .error(t, format!("relay type {kind} has no text form"))
            .with_help("use type 0 (none), 1 (IPv4), 2 (IPv6) or 3 (name), or the `\\#` form"));
    }
    cur.record("relay type", t.start, t.end);
    out.push(kind | if discovery == 1 { 0x80 } else { 0 });
    parse_gateway(cur, kind, out)
}

fn format_amtrelay(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let head = wire.get(..2).ok_or(WireError)?;
    let kind = head[1] & 0x7f;
    let want = match kind {
        0 => Some(2),
        1 => Some(6),
        2 => Some(18),
        _ => None,
    };
    if want.is_some_and(|w| w != wire.len()) {
        return Err(WireError);
    }
    if kind > 3 {
        super::format_generic(wire, out);
        return Ok(());
    }
    let _ = write!(out, "{} {} {kind} ", head[0], head[1] >> 7);
    let used = format_gateway(kind, &wire[2..], out)?;
    if 2 + used == wire.len() {
        Ok(())
    } else {
        Err(WireError)
    }
}
