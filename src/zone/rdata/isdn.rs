//! ISDN (an address and an optional subaddress) and X25 (a PSDN address of at least four
//! digits), RFC 1183 §3.1-3.2.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::fields::Field;
use super::table::SpecialSyntax;
use super::text::{take_char_string, write_quoted};

/// ISDN.
pub static ISDN: SpecialSyntax = SpecialSyntax {
    parse: parse_isdn,
    format: format_isdn,
    shape: "<ISDN address> [<subaddress>]",
};

/// X25.
pub static X25: SpecialSyntax = SpecialSyntax {
    parse: parse_x25,
    format: format_x25,
    shape: "<PSDN address>",
};

fn parse_isdn(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    Field::Str.parse("ISDN address", cur, out)?;
    if cur.peek().is_some() {
        Field::Str.parse("subaddress", cur, out)?;
    }
    Ok(())
}

fn format_isdn(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let mut pos = 0;
    write_quoted(take_char_string(wire, &mut pos)?, out);
    if pos < wire.len() {
        out.push(' ');
        write_quoted(take_char_string(wire, &mut pos)?, out);
    }
    if pos == wire.len() {
        Ok(())
    } else {
        Err(WireError)
    }
}

fn x25_ok(address: &[u8]) -> bool {
    address.len() >= 4 && address.iter().all(u8::is_ascii_digit)
}

fn parse_x25(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let tok = cur.peek();
    Field::Str.parse("PSDN address", cur, out)?;
    // BIND checks the text as written: escapes count as non-digits.
    if let Some(tok) = tok.filter(|t| !x25_ok(cur.content(*t))) {
        return Err(cur.bad(tok, "a PSDN address of at least 4 digits"));
    }
    Ok(())
}

fn format_x25(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let mut pos = 0;
    let address = take_char_string(wire, &mut pos)?;
    if pos != wire.len() || !x25_ok(address) {
        return Err(WireError);
    }
    write_quoted(address, out);
    Ok(())
}
