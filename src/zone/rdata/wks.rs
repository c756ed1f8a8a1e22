//! WKS (RFC 1035 §3.4.2): `<address> <protocol> <service>…`. Protocols and services are numbers
//! or names (looked up as `getprotobyname`/`getservbyname` would, in [`super::wks_names`]); the
//! bitmap ends at the highest port listed.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::parse_ipv4;
use super::table::SpecialSyntax;
use super::text::decimal;
use super::wks_names::{PROTOCOLS, SERVICES};

/// WKS.
pub static WKS: SpecialSyntax = SpecialSyntax {
    parse: parse_wks,
    format: format_wks,
    shape: "<address> <protocol> [<service> …]",
};

/// `strtol` over the whole text: optional sign and decimal digits.
fn whole_number(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let v = i64::try_from(decimal(digits, u64::from(u32::MAX) + 1)?).ok()?;
    Some(if negative { -v } else { v })
}

fn protocol(text: &[u8]) -> Option<i64> {
    whole_number(text).or_else(|| {
        PROTOCOLS
            .iter()
            .find(|(n, _)| n.as_bytes() == text)
            .map(|&(_, p)| i64::from(p))
    })
}

fn service(text: &[u8], proto: Option<&str>) -> Option<i64> {
    if let Some(n) = whole_number(text) {
        return Some(n);
    }
    let find = |name: &[u8]| {
        SERVICES
            .iter()
            .find(|(n, _, p)| n.as_bytes() == name && proto.is_none_or(|want| *p == want))
            .map(|&(_, port, _)| i64::from(port))
    };
    find(&text.to_ascii_lowercase()).or_else(|| find(text))
}

fn parse_wks(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let tok = cur.next_word("address")?;
    let addr = parse_ipv4(cur.content(tok))
        .ok_or_else(|| cur.bad(tok, "an IPv4 address for the address"))?;
    out.extend_from_slice(&addr.octets());
    cur.record("address", tok.start, tok.end);
    let tok = cur.next_word("protocol")?;
    let proto = protocol(cur.content(tok)).ok_or_else(|| {
        cur.bad(tok, "a protocol number or name (`tcp`, `udp`)")
            .with_help("use the IP protocol number, e.g. 6 for TCP")
    })?;
    let proto = u8::try_from(proto).map_err(|_| {
        cur.error(
            tok,
            format!("protocol `{}` is out of range (0-255)", cur.shown(tok)),
        )
    })?;
    out.push(proto);
    cur.record("protocol", tok.start, tok.end);
    let proto_name = match proto {
        6 => Some("tcp"),
        17 => Some("udp"),
        _ => None,
    };
    let mut bitmap = Vec::new();
    for &tok in cur.take_rest_words("service")? {
        let port = service(cur.content(tok), proto_name).ok_or_else(|| {
            cur.bad(tok, "a port number or service name")
                .with_help("use the port number, e.g. 25 for smtp")
        })?;
        let port = u16::try_from(port).map_err(|_| {
            cur.error(
                tok,
                format!("port `{}` is out of range (0-65535)", cur.shown(tok)),
            )
        })?;
        let (byte, bit) = (usize::from(port / 8), port % 8);
        if bitmap.len() <= byte {
            bitmap.resize(byte + 1, 0);
        }
        bitmap[byte] |= 0x80 >> bit;
        cur.record("service", tok.start, tok.end);
    }
    out.extend_from_slice(&bitmap);
    Ok(())
}

fn format_wks(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    if wire.len() < 5 || wire.len() > 8192 + 5 || (wire.len() > 5 && wire.last() == Some(&0)) {
        return Err(WireError);
    }
    let _ = write!(
        out,
        "{} {}",
        Ipv4Addr::new(wire[0], wire[1], wire[2], wire[3]),
        wire[4]
    );
    for (i, &byte) in wire[5..].iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                let _ = write!(out, " {}", i * 8 + bit);
            }
        }
    }
    Ok(())
}
