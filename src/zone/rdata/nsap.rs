//! NSAP (RFC 1706): `0x` then hex digits, dots allowed anywhere for readability.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::table::SpecialSyntax;
use super::text::lossy;

/// NSAP.
pub static NSAP: SpecialSyntax = SpecialSyntax {
    parse: parse_nsap,
    format: format_nsap,
    shape: "0x<hex digits>",
};

fn parse_nsap(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let tok = cur.next_word("NSAP address")?;
    let text = cur.content(tok);
    let help = "write the address as `0x` and an even number of hex digits, e.g. `0x47.0005.80`";
    let Some(body) = text
        .strip_prefix(b"0x")
        .or_else(|| text.strip_prefix(b"0X"))
    else {
        return Err(cur
            .bad(tok, "an NSAP address starting with `0x`")
            .with_help(help));
    };
    let digits: Vec<u8> = body.iter().copied().filter(|&b| b != b'.').collect();
    if let Some(bad) = digits.iter().find(|b| !b.is_ascii_hexdigit()) {
        return Err(cur
            .error(
                tok,
                format!("unexpected `{}` in the NSAP address", lossy(&[*bad])),
            )
            .with_help(help));
    }
    if digits.is_empty() || digits.len() % 2 == 1 {
        return Err(cur
            .error(
                tok,
                "an NSAP address needs an even number of hex digits (at least two)",
            )
            .with_help(help));
    }
    out.extend(
        data_encoding::HEXLOWER_PERMISSIVE
            .decode(&digits)
            .map_err(|_| cur.bad(tok, "hex digits"))?,
    );
    cur.record("address", tok.start, tok.end);
    Ok(())
}

fn format_nsap(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    if wire.is_empty() {
        return Err(WireError);
    }
    out.push_str("0x");
    out.push_str(&data_encoding::HEXLOWER.encode(wire));
    Ok(())
}
