//! HIP (RFC 8005): `<algorithm> <HIT> <public key> [<rendezvous server> …]`; the HIT is one hex
//! word and the key one base64 word.

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{decode_base64, decode_hex_word, write_base64, write_hex};
use super::fields::Field;
use super::table::SpecialSyntax;
use crate::zone::name;

/// HIP.
pub static HIP: SpecialSyntax = SpecialSyntax {
    parse: parse_hip,
    format: format_hip,
    shape: "<algorithm> <HIT> <public key> [<rendezvous server> …]",
};

fn parse_hip(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    // Layout: HIT length, algorithm, key length, HIT, key, servers.
    let head = out.len();
    out.extend_from_slice(&[0, 0, 0, 0]);
    let mut alg = Vec::new();
    Field::U8.parse("algorithm", cur, &mut alg)?;
    out[head + 1] = alg[0];
    let hit_tok = cur.next_word("HIT")?;
    let mut hit = Vec::new();
    decode_hex_word(cur.content(hit_tok), &mut hit)
        .map_err(|WireError| cur.bad(hit_tok, "hex digits for the HIT"))?;
    let hit_len = u8::try_from(hit.len())
        .ok()
        .filter(|&l| l > 0)
        .ok_or_else(|| cur.error(hit_tok, "a HIT is 1 to 255 octets"))?;
    cur.record("HIT", hit_tok.start, hit_tok.end);
    let key_tok = cur.next_word("public key")?;
    let key = decode_base64(cur.content(key_tok))
        .map_err(|e| cur.error(key_tok, format!("the public key is not valid base64 ({e})")))?;
    let key_len = u16::try_from(key.len())
        .ok()
        .filter(|&l| l > 0)
        .ok_or_else(|| cur.error(key_tok, "missing public key"))?;
    cur.record("public key", key_tok.start, key_tok.end);
    out[head] = hit_len;
    out[head + 2..head + 4].copy_from_slice(&key_len.to_be_bytes());
    out.extend_from_slice(&hit);
    out.extend_from_slice(&key);
    while cur.peek().is_some() {
        Field::Name.parse("rendezvous server", cur, out)?;
    }
    Ok(())
}

fn format_hip(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let head = wire.get(..4).ok_or(WireError)?;
    let (hit_len, alg, key_len) = (
        usize::from(head[0]),
        head[1],
        usize::from(u16::from_be_bytes([head[2], head[3]])),
    );
    if hit_len == 0 || key_len == 0 {
        return Err(WireError);
    }
    let hit = wire.get(4..4 + hit_len).ok_or(WireError)?;
    let key = wire
        .get(4 + hit_len..4 + hit_len + key_len)
        .ok_or(WireError)?;
    let _ = write!(out, "{alg} ");
    write_hex(hit, out);
    out.push(' ');
    write_base64(key, out);
    let mut rest = &wire[4 + hit_len + key_len..];
    while !rest.is_empty() {
        let len = name::wire_name_len(rest).ok_or(WireError)?;
        out.push(' ');
        name::write_text(&rest[..len], out);
        rest = &rest[len..];
    }
    Ok(())
}
