//! SVCB parameter keys and values: text → wire for each registered key, the generic
//! `keyNNNNN=text` form (its bytes checked as the key's wire form), and wire → text.

use std::fmt::Write as _;

use crate::zone::rdata::encoding::{
    decode_base64, parse_ipv4, parse_ipv6, write_base64, write_ipv6,
};
use crate::zone::rdata::text::{decimal, decode_text, lossy, write_quoted};

pub const MANDATORY: u16 = 0;
pub const ALPN: u16 = 1;
pub const NO_DEFAULT_ALPN: u16 = 2;
const PORT: u16 = 3;
const IPV4HINT: u16 = 4;
const ECH: u16 = 5;
const IPV6HINT: u16 = 6;
const DOHPATH: u16 = 7;
const OHTTP: u16 = 8;

/// A problem with a parameter: message and optional help.
pub type ParamError = (String, Option<&'static str>);

/// `(name, key)` of the registered keys (RFC 9460 §14.3.2, RFC 9461, RFC 9540).
const KEYS: &[(&str, u16)] = &[
    ("mandatory", MANDATORY),
    ("alpn", ALPN),
    ("no-default-alpn", NO_DEFAULT_ALPN),
    ("port", PORT),
    ("ipv4hint", IPV4HINT),
    ("ech", ECH),
    ("ipv6hint", IPV6HINT),
    ("dohpath", DOHPATH),
    ("ohttp", OHTTP),
];

const KEY_HELP: &str = "use a registered key (mandatory, alpn, no-default-alpn, port, ipv4hint, ech, ipv6hint, dohpath, ohttp) or `keyNNNNN`";

/// The name written for a key: BIND 9.18 names keys 0-6 only.
#[must_use]
pub fn key_name(key: u16) -> String {
    match KEYS.iter().find(|&&(_, k)| k == key) {
        Some(&(name, k)) if k <= IPV6HINT => name.to_owned(),
        _ => format!("key{key}"),
    }
}

/// The span name recorded for a key's parameter.
#[must_use]
pub fn span_name(key: u16) -> &'static str {
    KEYS.iter()
        .find(|&&(_, k)| k == key)
        .map_or("param", |&(name, _)| name)
}

/// `keyNNNNN`, or a registered name in any case (BIND's `svc_keyfromregion`).
fn key_number(text: &[u8]) -> Result<u16, ParamError> {
    if let Some(&(_, k)) = KEYS
        .iter()
        .find(|(n, _)| n.as_bytes().eq_ignore_ascii_case(text))
    {
        return Ok(k);
    }
    let bad = || {
        (
            format!("unknown SVCB key `{}`", lossy(text)),
            Some(KEY_HELP),
        )
    };
    let digits = text.strip_prefix(b"key").ok_or_else(bad)?;
    if digits.len() > 1 && digits[0] == b'0' {
        return Err((
            format!("SVCB key `{}` has a leading zero", lossy(text)),
            Some("write `keyNNNNN` without leading zeros"),
        ));
    }
    let n = decimal(digits, u64::MAX).ok_or_else(bad)?;
    u16::try_from(n).map_err(|_| {
        (
            format!("SVCB key `{}` is out of range (0-65535)", lossy(text)),
            None,
        )
    })
}

/// Parses one parameter: `key` is the text before `=`, `value` the raw text after it (escapes
/// not yet decoded), `None` without `=`.
///
/// # Errors
/// The message and help for the parameter.
pub fn parse(key: &[u8], value: Option<&[u8]>) -> Result<(u16, Vec<u8>), ParamError> {
    let raw = value.unwrap_or_default();
    // BIND reads the registered names typed only when written in lower case; any other spelling
    // (and `keyNNNNN`) is text whose bytes must then be a valid wire value for the key.
    if let Some(&(_, k)) = KEYS.iter().find(|(n, _)| n.as_bytes() == key) {
        let wire = parse_typed(k, raw).map_err(|(m, h)| {
            let what = if raw.is_empty() {
                format!("missing `{}` value", lossy(key))
            } else {
                format!("invalid `{}` value `{}`", lossy(key), lossy(raw))
            };
            (format!("{what}: {m}"), h)
        })?;
        return Ok((k, wire));
    }
    let k = key_number(key)?;
    let mut wire = Vec::new();
    decode_text(raw, &mut wire).map_err(|_| {
        (
            format!("bad escape in the value of `{}`", lossy(key)),
            Some("use `\\DDD` (000-255) or `\\X`"),
        )
    })?;
    if !valid(k, &wire) {
        return Err((
            format!(
                "the value of `{}` is not a valid {} value",
                lossy(key),
                key_name(k)
            ),
            None,
        ));
    }
    Ok((k, wire))
}

fn parse_typed(key: u16, raw: &[u8]) -> Result<Vec<u8>, ParamError> {
    let mut out = Vec::new();
    match key {
        MANDATORY => parse_keylist(raw, &mut out)?,
        ALPN => parse_alpn(raw, &mut out)?,
        NO_DEFAULT_ALPN | OHTTP if !raw.is_empty() => {
            return Err((
                "this key takes no value".into(),
                Some("write the key alone"),
            ));
        }
        NO_DEFAULT_ALPN | OHTTP => {}
        PORT => {
            let port = raw
                .first()
                .filter(|b| b.is_ascii_digit())
                .and_then(|_| decimal(raw, 65_535))
                .ok_or(("expected a port number 0-65535".into(), None))?;
            out.extend_from_slice(&u16::try_from(port).unwrap_or(0).to_be_bytes());
        }
        IPV4HINT | IPV6HINT => parse_addresses(key, raw, &mut out)?,
        ECH => {
            let text: Vec<u8> = raw
                .iter()
                .copied()
                .filter(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                .collect();
            out = decode_base64(&text).map_err(|e| (format!("not valid base64 ({e})"), None))?;
        }
        _ => {
            decode_text(raw, &mut out).map_err(|_| {
                (
                    "bad escape".to_owned(),
                    Some("use `\\DDD` (000-255) or `\\X`"),
                )
            })?;
            if !valid(key, &out) {
                return Err((
                    "a DoH path is relative (starts with `/`), is UTF-8 and contains `{?dns}`"
                        .into(),
                    Some("e.g. `dohpath=/dns-query{?dns}`"),
                ));
            }
        }
    }
    Ok(out)
}

/// `mandatory=alpn,port`: keys separated by commas, sorted, no duplicates.
fn parse_keylist(raw: &[u8], out: &mut Vec<u8>) -> Result<(), ParamError> {
    if raw.is_empty() {
        return Err((
            "expected a list of keys".into(),
            Some("e.g. `mandatory=alpn,port`"),
        ));
    }
    let mut keys = Vec::new();
    for part in raw.split(|&b| b == b',') {
        if part.is_empty() {
            return Err((
                "empty key in the list".into(),
                Some("remove the extra comma"),
            ));
        }
        keys.push(key_number(part)?);
    }
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return Err(("a key is listed twice".into(), Some("list each key once")));
    }
    for k in keys {
        out.extend_from_slice(&k.to_be_bytes());
    }
    Ok(())
}

/// `alpn=h2,h3`: BIND's two-level escaping. A zone-file escape is decoded first; then an
/// unescaped `,` separates protocol ids and a `\` (written `\\`) makes the next byte literal.
fn parse_alpn(raw: &[u8], out: &mut Vec<u8>) -> Result<(), ParamError> {
    let mut decoded = Vec::new();
    decode_text(raw, &mut decoded).map_err(|_| {
        (
            "bad escape".to_owned(),
            Some("use `\\DDD` (000-255) or `\\X`"),
        )
    })?;
    let mut id = Vec::new();
    let mut ids = Vec::new();
    let mut literal = false;
    for &b in &decoded {
        match b {
            _ if literal => {
                id.push(b);
                literal = false;
            }
            b'\\' => literal = true,
            b',' => ids.push(std::mem::take(&mut id)),
            _ => id.push(b),
        }
    }
    if literal {
        return Err(("a `\\\\` escape at the end".into(), None));
    }
    ids.push(id);
    for id in ids {
        let len = u8::try_from(id.len())
            .map_err(|_| ("a protocol id longer than 255 octets".to_owned(), None))?;
        if len == 0 {
            return Err(("empty protocol id".into(), Some("remove the extra comma")));
        }
        out.push(len);
        out.extend_from_slice(&id);
    }
    Ok(())
}

fn parse_addresses(key: u16, raw: &[u8], out: &mut Vec<u8>) -> Result<(), ParamError> {
    for part in raw.split(|&b| b == b',') {
        if key == IPV4HINT {
            out.extend_from_slice(
                &parse_ipv4(part)
                    .ok_or_else(|| (format!("`{}` is not an IPv4 address", lossy(part)), None))?
                    .octets(),
            );
        } else {
            out.extend_from_slice(
                &parse_ipv6(part)
                    .ok_or_else(|| (format!("`{}` is not an IPv6 address", lossy(part)), None))?
                    .octets(),
            );
        }
    }
    Ok(())
}

/// Whether `value` is a valid wire value for `key` (BIND's `svcb_validate`, keys 0-7).
#[must_use]
pub fn valid(key: u16, value: &[u8]) -> bool {
    match key {
        MANDATORY => {
            !value.is_empty()
                && value.len().is_multiple_of(2)
                && value
                    .chunks(2)
                    .zip(value.chunks(2).skip(1))
                    .all(|(a, b)| a < b)
        }
        ALPN => !value.is_empty() && alpn_ids(value).is_some(),
        NO_DEFAULT_ALPN => value.is_empty(),
        PORT => value.len() == 2,
        IPV4HINT => !value.is_empty() && value.len().is_multiple_of(4),
        IPV6HINT => !value.is_empty() && value.len().is_multiple_of(16),
        DOHPATH => {
            value.len() >= 7
                && value[0] == b'/'
                && std::str::from_utf8(value).is_ok_and(|s| s.contains("{?dns}"))
        }
        _ => true,
    }
}

/// The protocol ids of a wire `alpn` value (each non-empty), if well formed.
fn alpn_ids(mut value: &[u8]) -> Option<Vec<&[u8]>> {
    let mut ids = Vec::new();
    while let Some((&len, rest)) = value.split_first() {
        let id = rest.get(..usize::from(len)).filter(|id| !id.is_empty())?;
        ids.push(id);
        value = &rest[usize::from(len)..];
    }
    Some(ids)
}

/// Writes `key[=value]` as BIND prints it.
pub fn format(key: u16, value: &[u8], out: &mut String) {
    out.push_str(&key_name(key));
    if value.is_empty() {
        return;
    }
    out.push('=');
    match key {
        MANDATORY => {
            for (i, c) in value.chunks(2).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&key_name(u16::from_be_bytes([c[0], c[1]])));
            }
        }
        ALPN => format_alpn(value, out),
        PORT => {
            let _ = write!(out, "{}", u16::from_be_bytes([value[0], value[1]]));
        }
        IPV4HINT => {
            let list: Vec<String> = value
                .chunks(4)
                .map(|c| std::net::Ipv4Addr::new(c[0], c[1], c[2], c[3]).to_string())
                .collect();
            out.push_str(&list.join(","));
        }
        IPV6HINT => {
            for (i, c) in value.chunks(16).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let bytes: [u8; 16] = c.try_into().unwrap_or([0; 16]);
                write_ipv6(bytes.into(), out);
            }
        }
        ECH => write_base64(value, out),
        _ => write_quoted(value, out),
    }
}

/// `"h2,h3"`: a comma or backslash inside an id is written `\\,` / `\\\\`.
fn format_alpn(value: &[u8], out: &mut String) {
    out.push('"');
    for (i, id) in alpn_ids(value).unwrap_or_default().into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        for &b in id {
            match b {
                b',' => out.push_str("\\\\,"),
                b'\\' => out.push_str("\\\\\\\\"),
                b'"' => out.push_str("\\\""),
                0x21..=0x7e => out.push(char::from(b)),
                _ => {
                    let _ = write!(out, "\\{b:03}");
                }
            }
        }
    }
    out.push('"');
}
