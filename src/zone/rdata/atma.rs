//! ATMA (ATM Forum af-saa-0069.000): an AESA address as hex digits, or an E.164 number after
//! `+`; single dots may separate digits. Other formats exist only on the wire (printed
//! generically, as BIND does).

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::table::SpecialSyntax;

/// ATMA.
pub static ATMA: SpecialSyntax = SpecialSyntax {
    parse: parse_atma,
    format: format_atma,
    shape: "<hex AESA> | +<E.164 digits>",
};

/// Digits with single dots between them; `None` on a misplaced dot or a bad digit.
fn digits(text: &[u8], ok: fn(&u8) -> bool) -> Result<Vec<u8>, &'static str> {
    let mut out = Vec::new();
    let mut after_dot = true;
    for &b in text {
        if b == b'.' {
            if after_dot {
                return Err("a dot may only separate digits");
            }
            after_dot = true;
        } else if ok(&b) {
            out.push(b);
            after_dot = false;
        } else {
            return Err("unexpected character");
        }
    }
    if after_dot {
        return Err("the address ends early");
    }
    Ok(out)
}

fn parse_atma(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let tok = cur.next_word("ATM address")?;
    let text = cur.content(tok);
    let help = "write an AESA address as hex digits, or an E.164 number as `+` and digits";
    let fail = |why: &str| {
        cur.error(
            tok,
            format!("invalid ATM address `{}`: {why}", cur.shown(tok)),
        )
        .with_help(help)
    };
    if let Some(e164) = text.strip_prefix(b"+") {
        let d = digits(e164, u8::is_ascii_digit).map_err(fail)?;
        out.push(1);
        out.extend_from_slice(&d);
    } else {
        let d = digits(text, u8::is_ascii_hexdigit).map_err(fail)?;
        if d.len() % 2 == 1 {
            return Err(fail("an AESA address has an even number of hex digits"));
        }
        out.push(0);
        out.extend(
            data_encoding::HEXLOWER_PERMISSIVE
                .decode(&d)
                .map_err(|_| fail("bad hex"))?,
        );
    }
    cur.record("address", tok.start, tok.end);
    Ok(())
}

fn format_atma(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let (&format, data) = wire.split_first().ok_or(WireError)?;
    match format {
        _ if data.is_empty() => return Err(WireError),
        0 => out.push_str(&data_encoding::HEXLOWER.encode(data)),
        1 if data.iter().all(u8::is_ascii_digit) => {
            out.push('+');
            out.push_str(&String::from_utf8_lossy(data));
        }
        1 => return Err(WireError),
        _ => super::format_generic(wire, out),
    }
    Ok(())
}
