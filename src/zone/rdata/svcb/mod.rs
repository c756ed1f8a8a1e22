//! SVCB and HTTPS (RFC 9460): `<priority> <target> [<key>[=<value>] …]`, read as BIND 9.18
//! reads them (`svcb_64.c`): parameters are sorted on the wire; a key may appear once; every key
//! listed in `mandatory` must be present and `mandatory` may not list itself; `no-default-alpn`
//! needs `alpn`. Values may be quoted (`alpn="h2,h3"`); inside `alpn` a literal comma is `\\,`.
//!
//! The text written back is what `named-compilezone` prints: keys 0-6 by name, others (dohpath,
//! ohttp, unregistered) as `keyNNNNN`.

mod params;

use std::fmt::Write as _;

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::fields::{Field, parse_name_text};
use super::table::SpecialSyntax;
use crate::diag::ids;
use crate::zone::lexer::{Token, TokenKind};
use crate::zone::name;

/// SVCB and HTTPS.
pub static SVCB: SpecialSyntax = SpecialSyntax {
    parse: parse_svcb,
    format: format_svcb,
    shape: "<priority> <target> [<key>=<value> …]",
};

/// One parameter as read, before sorting.
struct Param {
    key: u16,
    value: Vec<u8>,
    span: (u32, u32),
}

/// A parameter as written: key text, raw value (`None` without `=`), span.
type RawParam = (Vec<u8>, Option<Vec<u8>>, (u32, u32));

/// Splits the parameter tokens into [`RawParam`]s: `key`, `key=value`, or a word ending in `=`
/// directly followed by a quoted string (`alpn="h2,h3"`).
fn split_params(cur: &Cursor<'_, '_>, toks: &[Token]) -> Result<Vec<RawParam>, RdataError> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if t.kind == TokenKind::Quoted {
            return Err(cur
                .bad(t, "a `key=value` parameter")
                .with_help("quote only the value: `key=\"value\"`"));
        }
        let word = cur.content(t);
        let quoted = toks
            .get(i + 1)
            .copied()
            .filter(|n| n.start == t.end && n.kind == TokenKind::Quoted);
        if let Some(q) = quoted {
            let Some(key) = word.strip_suffix(b"=") else {
                return Err(cur
                    .error(
                        q,
                        format!("unexpected quoted string after `{}`", cur.shown(t)),
                    )
                    .with_help("write the value as `key=\"value\"`"));
            };
            out.push((
                key.to_vec(),
                Some(cur.content(q).to_vec()),
                (t.start, q.end),
            ));
            i += 2;
            continue;
        }
        match word.iter().position(|&b| b == b'=') {
            Some(eq) => out.push((
                word[..eq].to_vec(),
                Some(word[eq + 1..].to_vec()),
                (t.start, t.end),
            )),
            None => out.push((word.to_vec(), None, (t.start, t.end))),
        }
        i += 1;
    }
    Ok(out)
}

fn param_error(span: (u32, u32), message: String, help: Option<&str>) -> RdataError {
    let e = RdataError::new(ids::INVALID_SYNTAX, span, message);
    match help {
        Some(h) => e.with_help(h),
        None => e,
    }
}

/// The checks BIND makes on the whole set: no duplicates, mandatory keys present, alpn with
/// no-default-alpn.
fn check_set(params: &[Param]) -> Result<(), RdataError> {
    for (i, p) in params.iter().enumerate() {
        if params[..i].iter().any(|q| q.key == p.key) {
            return Err(param_error(
                p.span,
                format!("duplicate SVCB parameter `{}`", params::key_name(p.key)),
                Some("give each key once"),
            ));
        }
    }
    let has = |k: u16| params.iter().any(|p| p.key == k);
    if let Some(m) = params.iter().find(|p| p.key == params::MANDATORY) {
        for k in m
            .value
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
        {
            if k == params::MANDATORY {
                return Err(param_error(
                    m.span,
                    "`mandatory` may not list itself".into(),
                    Some("remove `mandatory` from the list"),
                ));
            }
            if !has(k) {
                let name = params::key_name(k);
                return Err(param_error(
                    m.span,
                    format!("mandatory key `{name}` is missing"),
                    Some("add the parameter, or remove it from `mandatory`"),
                ));
            }
        }
    }
    if let Some(p) = params.iter().find(|p| p.key == params::NO_DEFAULT_ALPN)
        && !has(params::ALPN)
    {
        return Err(param_error(
            p.span,
            "`no-default-alpn` without `alpn`".into(),
            Some("add an `alpn` parameter listing the protocols"),
        ));
    }
    Ok(())
}

fn parse_svcb(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    Field::U16.parse("priority", cur, out)?;
    let target = cur.next("target")?;
    parse_name_text(cur, target, out)?;
    cur.record("target", target.start, target.end);
    let toks = cur.take_rest();
    let mut params = Vec::new();
    for (key, value, span) in split_params(cur, toks)? {
        let (key, value) = params::parse(&key, value.as_deref())
            .map_err(|(msg, help)| param_error(span, msg, help))?;
        cur.record(params::span_name(key), span.0, span.1);
        params.push(Param { key, value, span });
    }
    check_set(&params)?;
    params.sort_by_key(|p| p.key);
    for p in &params {
        let len = u16::try_from(p.value.len()).map_err(|_| {
            param_error(
                p.span,
                "parameter value longer than 65535 octets".into(),
                None,
            )
        })?;
        out.extend_from_slice(&p.key.to_be_bytes());
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&p.value);
    }
    Ok(())
}

/// Walks the wire parameters, checking order and values as BIND's `fromwire` does.
fn wire_params(mut rest: &[u8]) -> Result<Vec<(u16, &[u8])>, WireError> {
    let mut out: Vec<(u16, &[u8])> = Vec::new();
    while !rest.is_empty() {
        let key = u16::from_be_bytes([rest[0], *rest.get(1).ok_or(WireError)?]);
        let len = usize::from(u16::from_be_bytes([
            *rest.get(2).ok_or(WireError)?,
            *rest.get(3).ok_or(WireError)?,
        ]));
        let value = rest.get(4..4 + len).ok_or(WireError)?;
        if out.last().is_some_and(|&(k, _)| k >= key) || !params::valid(key, value) {
            return Err(WireError);
        }
        out.push((key, value));
        rest = &rest[4 + len..];
    }
    let has = |k: u16| out.iter().any(|&(key, _)| key == k);
    if let Some(&(_, m)) = out.iter().find(|&&(k, _)| k == params::MANDATORY)
        && m.chunks(2).any(|c| {
            let k = u16::from_be_bytes([c[0], c[1]]);
            k == params::MANDATORY || !has(k)
        })
    {
        return Err(WireError);
    }
    if has(params::NO_DEFAULT_ALPN) && !has(params::ALPN) {
        return Err(WireError);
    }
    Ok(out)
}

fn format_svcb(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let priority = u16::from_be_bytes([
        *wire.first().ok_or(WireError)?,
        *wire.get(1).ok_or(WireError)?,
    ]);
    let len = name::wire_name_len(&wire[2..]).ok_or(WireError)?;
    let list = wire_params(&wire[2 + len..])?;
    let _ = write!(out, "{priority} ");
    name::write_text(&wire[2..2 + len], out);
    for (key, value) in list {
        out.push(' ');
        params::format(key, value, out);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
