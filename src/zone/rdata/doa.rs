//! DOA (draft-durand-doa-over-dns): `<enterprise> <type> <location> <media type> <data>`, the
//! data in base64 or `-` for none.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{Octets, parse_base64_rest, write_base64};
use super::fields::Field::{self, Str, U8, U32};
use super::fields::{format_fields, parse_fields};
use super::table::SpecialSyntax;
use super::text::take_char_string;

/// DOA.
pub static DOA: SpecialSyntax = SpecialSyntax {
    parse: parse_doa,
    format: format_doa,
    shape: "<enterprise> <type> <location> <media type> <data>|-",
};

const FIELDS: &[(&str, Field)] = &[
    ("enterprise", U32),
    ("type", U32),
    ("location", U8),
    ("media type", Str),
];

fn parse_doa(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_fields(FIELDS, cur, out)?;
    let tok = cur.next_word("data")?;
    if cur.content(tok) == b"-" {
        cur.record("data", tok.start, tok.end);
        return Ok(());
    }
    cur.unget();
    parse_base64_rest("data", cur, out, Octets::AtLeastOne)
}

fn format_doa(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let mut pos = 9;
    take_char_string(wire, &mut pos)?;
    format_fields(FIELDS, &wire[..pos], out)?;
    out.push(' ');
    if pos == wire.len() {
        out.push('-');
    } else {
        write_base64(&wire[pos..], out);
    }
    Ok(())
}
