//! LOC (RFC 1876): `d [m [s]] N|S d [m [s]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`, read and
//! written as BIND 9.18 does (`loc_29.c`): minutes and seconds default to 0, size to 1m,
//! horizontal precision to 10000m, vertical to 10m; precisions are truncated (not rounded) to one
//! significant digit; directions are upper-case only.

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::table::SpecialSyntax;
use super::text::decimal;
use crate::zone::lexer::Token;

/// LOC.
pub static LOC: SpecialSyntax = SpecialSyntax {
    parse: parse_loc,
    format: format_loc,
    shape: "<d> [<m> [<s>]] N|S <d> [<m> [<s>]] E|W <altitude>[m] [<size>[m] [<hp>[m] [<vp>[m]]]]",
};

const EQUATOR: u32 = 1 << 31;
/// 0 metres of altitude is 100,000.00 m above the base of the scale.
const ALT_BASE: u64 = 10_000_000;

/// `strtoul` on a prefix: optional sign, decimal digits. Returns (value, digits seen, rest);
/// a negative non-zero value or an overflow saturates (BIND then reports "out of range").
fn strtoul(text: &[u8]) -> (u64, bool, &[u8]) {
    let (negative, body) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = body.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return (0, false, text);
    }
    let value = decimal(&body[..digits], u64::MAX).unwrap_or(u64::MAX);
    let value = if negative && value != 0 {
        u64::MAX
    } else {
        value
    };
    (value, true, &body[digits..])
}

/// Why a number in a LOC field was refused.
#[derive(Clone, Copy)]
enum Bad {
    Syntax,
    Range,
}

/// BIND's `loc_getdecimal`: `int[.frac][unit]`, at most `max` before the point and `places`
/// digits after it; returns the value scaled by 10^places.
fn get_decimal(text: &[u8], max: u64, places: u32, unit: Option<u8>) -> Result<u64, Bad> {
    let (int, mut ok, mut rest) = strtoul(text);
    if !rest.is_empty() && rest[0] != b'.' && Some(rest[0]) != unit {
        return Err(Bad::Syntax);
    }
    if int > max {
        return Err(Bad::Range);
    }
    let mut value = int;
    let mut used = 0;
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac
            .iter()
            .take(places as usize)
            .take_while(|b| b.is_ascii_digit())
            .count();
        for d in &frac[..digits] {
            value = value * 10 + u64::from(d - b'0');
        }
        ok |= digits > 0;
        used = digits;
        rest = &frac[digits..];
    }
    value *= 10u64.pow(places - u32::try_from(used).unwrap_or(0));
    if let (Some(u), Some(&c)) = (unit, rest.first())
        && c == u
    {
        rest = &rest[1..];
    }
    if !ok || !rest.is_empty() {
        return Err(Bad::Syntax);
    }
    Ok(value)
}

/// BIND's `loc_getprecision`: metres (≤ 90,000,000) with two decimals, encoded as one digit
/// of mantissa and a power of ten (of centimetres), truncating.
fn get_precision(text: &[u8]) -> Result<u8, Bad> {
    let cm_total = get_decimal(text, 90_000_000, 2, Some(b'm'))?;
    let (m, cm) = (cm_total / 100, cm_total % 100);
    let (man, exp) = if m > 0 {
        let exp = m.ilog10();
        (m / 10u64.pow(exp), exp + 2)
    } else if cm >= 10 {
        (cm / 10, 1)
    } else {
        (cm, 0)
    };
    u8::try_from((man << 4) | u64::from(exp)).map_err(|_| Bad::Range)
}

/// A direction letter: exactly `N`, `S`, `E` or `W`, upper case.
fn direction(cur: &Cursor<'_, '_>, tok: Token, letters: [u8; 2]) -> Option<u8> {
    match cur.content(tok) {
        [c] if letters.contains(c) => Some(*c),
        _ => None,
    }
}

fn bad(cur: &Cursor<'_, '_>, tok: Token, e: Bad, what: &str, range: &str) -> RdataError {
    match e {
        Bad::Syntax => cur.bad(tok, what),
        Bad::Range => cur.error(
            tok,
            format!("`{}` is out of range: {range}", cur.shown(tok)),
        ),
    }
}

/// A whole number token (BIND reads degrees and minutes as numbers).
fn whole(
    cur: &mut Cursor<'_, '_>,
    what: &str,
    max: u64,
    range: &str,
) -> Result<(u64, Token), RdataError> {
    let tok = cur.next_word(what)?;
    let text = cur.content(tok);
    match decimal(text, u64::from(u32::MAX)) {
        Some(v) if v <= max => Ok((v, tok)),
        Some(_) => Err(bad(cur, tok, Bad::Range, "", range)),
        None => Err(cur.bad(tok, &format!("a number for the {what}"))),
    }
}

/// One coordinate: degrees, optional minutes and seconds, then the hemisphere letter. Returns
/// thousandths of arc seconds and whether it is positive (N or E).
fn coordinate(
    cur: &mut Cursor<'_, '_>,
    name: &'static str,
    max_deg: u64,
    letters: [u8; 2],
) -> Result<(u64, bool), RdataError> {
    let start = cur.peek().map_or(cur.end_span().0, |t| t.start);
    let range = format!("{name} degrees are 0-{max_deg}, minutes 0-59, seconds 0-59.999");
    let (deg, first) = whole(cur, &format!("{name} degrees"), max_deg, &range)?;
    let (mut min, mut sec) = (0, 0);
    let mut last = first;
    let mut dir = None;
    for part in 0..3 {
        let tok = cur.next_word(&format!("{name} direction"))?;
        if let Some(d) = direction(cur, tok, letters) {
            dir = Some(d);
            last = tok;
            break;
        }
        if part == 2 {
            let want = format!(
                "`{}` or `{}` after the {name}",
                char::from(letters[0]),
                char::from(letters[1])
            );
            return Err(cur.bad(tok, &want));
        }
        if part == 0 {
            cur.unget();
            min = whole(cur, &format!("{name} minutes"), 59, &range)?.0;
        } else {
            sec = get_decimal(cur.content(tok), 59, 3, None).map_err(|e| {
                bad(
                    cur,
                    tok,
                    e,
                    &format!("seconds (0-59.999) for the {name}"),
                    &range,
                )
            })?;
        }
        if deg == max_deg && (min != 0 || sec != 0) {
            return Err(bad(cur, tok, Bad::Range, "", &range));
        }
    }
    cur.record(name, start, last.end);
    let positive = dir == Some(letters[1]);
    Ok(((deg * 3600 + min * 60) * 1000 + sec, positive))
}

fn encode_coordinate(thousandths: u64, positive: bool) -> u32 {
    let t = u32::try_from(thousandths).unwrap_or(0);
    if positive { EQUATOR + t } else { EQUATOR - t }
}

fn altitude(cur: &mut Cursor<'_, '_>) -> Result<u32, RdataError> {
    let tok = cur.next_word("altitude")?;
    let text = cur.content(tok);
    let range = "altitude is -100000.00m to 42849672.95m";
    let value = if let Some(below) = text.strip_prefix(b"-") {
        get_decimal(below, 100_000, 2, Some(b'm'))
            .and_then(|cm| ALT_BASE.checked_sub(cm).ok_or(Bad::Range))
    } else {
        get_decimal(text, 42_849_672, 2, Some(b'm')).map(|cm| ALT_BASE + cm)
    };
    let value = value.and_then(|v| u32::try_from(v).map_err(|_| Bad::Range));
    let value = value.map_err(|e| {
        bad(
            cur,
            tok,
            e,
            "an altitude in metres (e.g. `10m`, `-5.5m`) for the altitude",
            range,
        )
    })?;
    cur.record("altitude", tok.start, tok.end);
    Ok(value)
}

fn parse_loc(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let (lat, north) = coordinate(cur, "latitude", 90, [b'S', b'N'])?;
    let (lon, east) = coordinate(cur, "longitude", 180, [b'W', b'E'])?;
    let alt = altitude(cur)?;
    // Defaults: 1m, 10000m, 10m.
    let mut precision = [0x12, 0x16, 0x13];
    for (slot, name) in
        precision
            .iter_mut()
            .zip(["size", "horizontal precision", "vertical precision"])
    {
        if cur.peek().is_none() {
            break;
        }
        let tok = cur.next_word(name)?;
        *slot = get_precision(cur.content(tok)).map_err(|e| {
            bad(
                cur,
                tok,
                e,
                &format!("metres (e.g. `10m`) for the {name}"),
                &format!("the {name} is 0-90000000.00m"),
            )
        })?;
        cur.record(name, tok.start, tok.end);
    }
    out.push(0);
    out.extend_from_slice(&precision);
    out.extend_from_slice(&encode_coordinate(lat, north).to_be_bytes());
    out.extend_from_slice(&encode_coordinate(lon, east).to_be_bytes());
    out.extend_from_slice(&alt.to_be_bytes());
    Ok(())
}

/// A precision octet is valid when 0, or when both nibbles are digits and the mantissa is not 0.
fn precision_ok(c: u8) -> bool {
    c == 0 || ((c & 0xf) <= 9 && (c >> 4) <= 9 && (c >> 4) != 0)
}

fn write_precision(c: u8, out: &mut String) {
    let (man, exp) = (u64::from(c >> 4), u32::from(c & 0xf));
    if exp > 1 {
        let _ = write!(out, "{}m", man * 10u64.pow(exp - 2));
    } else {
        let _ = write!(out, "0.{:02}m", man * 10u64.pow(exp));
    }
}

fn write_coordinate(v: u32, letters: [char; 2], out: &mut String) {
    let (t, letter) = if v >= EQUATOR {
        (v - EQUATOR, letters[1])
    } else {
        (EQUATOR - v, letters[0])
    };
    let _ = write!(
        out,
        "{} {} {}.{:03} {letter}",
        t / 3_600_000,
        t / 60_000 % 60,
        t / 1000 % 60,
        t % 1000
    );
}

fn format_loc(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    if *wire.first().ok_or(WireError)? != 0 {
        // BIND keeps other versions as opaque data and prints them generically.
        super::format_generic(wire, out);
        return Ok(());
    }
    let w: &[u8; 16] = wire.try_into().map_err(|_| WireError)?;
    let word = |i: usize| u32::from_be_bytes([w[i], w[i + 1], w[i + 2], w[i + 3]]);
    let (lat, lon, alt) = (word(4), word(8), word(12));
    if !w[1..4].iter().all(|&c| precision_ok(c))
        || lat.abs_diff(EQUATOR) > 90 * 3_600_000
        || lon.abs_diff(EQUATOR) > 180 * 3_600_000
    {
        return Err(WireError);
    }
    write_coordinate(lat, ['S', 'N'], out);
    out.push(' ');
    write_coordinate(lon, ['W', 'E'], out);
    let alt = i64::from(alt) - 10_000_000;
    let sign = if alt < 0 { "-" } else { "" };
    let _ = write!(
        out,
        " {sign}{}.{:02}m",
        alt.unsigned_abs() / 100,
        alt.unsigned_abs() % 100
    );
    for &c in &w[1..4] {
        out.push(' ');
        write_precision(c, out);
    }
    Ok(())
}
