//! NXT (RFC 2535 §5, obsolete): `<next name> <type>…` with the old bitmap of types 1-127. As
//! in BIND, types may be numbers, unknown ones are written as numbers, and an empty list still
//! takes one (zero) octet.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::fields::Field;
use super::table::SpecialSyntax;
use super::text::decimal;
use crate::zone::name;
use crate::zone::rtype::RType;

/// NXT.
pub static NXT: SpecialSyntax = SpecialSyntax {
    parse: parse_nxt,
    format: format_nxt,
    shape: "<next name> [<type> …]",
};

fn parse_nxt(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    Field::Name.parse("next name", cur, out)?;
    let mut bitmap = [0u8; 16];
    let mut last = 0;
    for &tok in cur.take_rest_words("type")? {
        let text = cur.content(tok);
        let t = decimal(text, u64::from(u32::MAX))
            .or_else(|| RType::from_text(text).map(|t| u64::from(t.0)))
            .ok_or_else(|| cur.bad(tok, "a record type"))?;
        let t = usize::try_from(t)
            .ok()
            .filter(|t| (1..=127).contains(t))
            .ok_or_else(|| {
                cur.error(
                    tok,
                    format!("NXT lists only types 1-127, found `{}`", cur.shown(tok)),
                )
            })?;
        bitmap[t / 8] |= 0x80 >> (t % 8);
        last = last.max(t);
        cur.record("type bitmap", tok.start, tok.end);
    }
    out.extend_from_slice(&bitmap[..=last / 8]);
    Ok(())
}

fn format_nxt(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let len = name::wire_name_len(wire).ok_or(WireError)?;
    let bitmap = &wire[len..];
    if bitmap.len() > 16 || bitmap.first().is_some_and(|&b| b & 0x80 != 0) {
        return Err(WireError);
    }
    name::write_text(&wire[..len], out);
    for (i, &byte) in bitmap.iter().enumerate() {
        for bit in 0..8u16 {
            if byte & (0x80 >> bit) != 0 {
                let t = RType(u16::try_from(i).unwrap_or(0) * 8 + bit);
                out.push(' ');
                match t.mnemonic() {
                    Some(m) => out.push_str(m),
                    None => out.push_str(&t.0.to_string()),
                }
            }
        }
    }
    Ok(())
}
