//! Numbers that may be written as mnemonics (DNSSEC algorithms, CERT types, DS digest types,
//! key protocols and flags, DSYNC schemes), with BIND 9.18's tables and rules (`lib/dns/rcode.c`).

use super::text::decimal;

/// `(mnemonic, value)` pairs; lookups are case-insensitive, whole-word.
pub type Table = &'static [(&'static str, u16)];

/// DNSSEC algorithms (`dns_secalg_fromtext`): BIND's names, not all of IANA's.
pub const ALGORITHMS: Table = &[
    ("RSAMD5", 1),
    ("DH", 2),
    ("DSA", 3),
    ("RSASHA1", 5),
    ("NSEC3DSA", 6),
    ("NSEC3RSASHA1", 7),
    ("RSASHA256", 8),
    ("RSASHA512", 10),
    ("ECCGOST", 12),
    ("ECDSAP256SHA256", 13),
    ("ECDSAP384SHA384", 14),
    ("ED25519", 15),
    ("ED448", 16),
    ("INDIRECT", 252),
    ("PRIVATEDNS", 253),
    ("PRIVATEOID", 254),
];

/// CERT types (RFC 4398 §2.1).
pub const CERT_TYPES: Table = &[
    ("PKIX", 1),
    ("SPKI", 2),
    ("PGP", 3),
    ("IPKIX", 4),
    ("ISPKI", 5),
    ("IPGP", 6),
    ("ACPKIX", 7),
    ("IACPKIX", 8),
    ("URI", 253),
    ("OID", 254),
];

/// DS digest types (`dns_dsdigest_fromtext`).
pub const DIGEST_TYPES: Table = &[
    ("SHA-1", 1),
    ("SHA1", 1),
    ("SHA-256", 2),
    ("SHA256", 2),
    ("GOST", 3),
    ("SHA-384", 4),
    ("SHA384", 4),
];

/// KEY protocols (RFC 2535 §3.1.3).
pub const PROTOCOLS: Table = &[
    ("NONE", 0),
    ("TLS", 1),
    ("EMAIL", 2),
    ("DNSSEC", 3),
    ("IPSEC", 4),
    ("ALL", 255),
];

/// DSYNC schemes (RFC 9859).
pub const DSYNC_SCHEMES: Table = &[("NOTIFY", 1)];

/// KEY flag names for `A|B` forms, in BIND's order (a prefix matches the first name it begins).
const KEY_FLAGS: Table = &[
    ("NOCONF", 0x4000),
    ("NOAUTH", 0x8000),
    ("NOKEY", 0xC000),
    ("FLAG2", 0x2000),
    ("EXTEND", 0x1000),
    ("FLAG4", 0x0800),
    ("FLAG5", 0x0400),
    ("USER", 0x0000),
    ("ZONE", 0x0100),
    ("HOST", 0x0200),
    ("NTYP3", 0x0300),
    ("FLAG8", 0x0080),
    ("FLAG9", 0x0040),
    ("FLAG10", 0x0020),
    ("FLAG11", 0x0010),
    ("SIG0", 0),
    ("SIG1", 1),
    ("SIG2", 2),
    ("SIG3", 3),
    ("SIG4", 4),
    ("SIG5", 5),
    ("SIG6", 6),
    ("SIG7", 7),
    ("SIG8", 8),
    ("SIG9", 9),
    ("SIG10", 10),
    ("SIG11", 11),
    ("SIG12", 12),
    ("SIG13", 13),
    ("SIG14", 14),
    ("SIG15", 15),
    ("KSK", 1),
];

/// Why a mnemonic field did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MnemonicError {
    /// A number above the field's maximum.
    Range,
    /// Neither a number nor a known name.
    Unknown,
}

/// BIND's `maybe_numeric`: starts with a digit → a number (decimal; hex too if `hex`), else not
/// a number at all (`Ok(None)`).
fn maybe_numeric(text: &[u8], max: u64, hex: bool) -> Result<Option<u64>, MnemonicError> {
    if !text.first().is_some_and(u8::is_ascii_digit) || text.len() > 12 {
        return Ok(None);
    }
    let value = if text.iter().all(u8::is_ascii_digit) {
        decimal(text, u64::MAX)
    } else if hex {
        hex_number(text)
    } else {
        None
    };
    match value {
        Some(v) if v <= max => Ok(Some(v)),
        Some(_) => Err(MnemonicError::Range),
        None => Ok(None),
    }
}

/// `strtoul(text, 16)` on the whole text: optional `0x`, then hex digits.
fn hex_number(text: &[u8]) -> Option<u64> {
    let digits = text
        .strip_prefix(b"0x")
        .or_else(|| text.strip_prefix(b"0X"))
        .unwrap_or(text);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// A number up to `max`, or a name from `table`.
///
/// # Errors
/// Out of range, or unknown.
pub fn parse(text: &[u8], table: Table, max: u16) -> Result<u16, MnemonicError> {
    if let Some(v) = maybe_numeric(text, u64::from(max), false)? {
        return u16::try_from(v).map_err(|_| MnemonicError::Range);
    }
    table
        .iter()
        .find(|(m, _)| m.as_bytes().eq_ignore_ascii_case(text))
        .map(|&(_, v)| v)
        .ok_or(MnemonicError::Unknown)
}

/// KEY/DNSKEY flags: a number (decimal, else hex as `strtoul` reads it), or names joined by `|`.
///
/// # Errors
/// Out of range, or an unknown name.
pub fn parse_key_flags(text: &[u8]) -> Result<u16, MnemonicError> {
    if let Some(v) = maybe_numeric(text, 0xffff, true)? {
        return u16::try_from(v).map_err(|_| MnemonicError::Range);
    }
    // BIND stops at the end of the text: a trailing `|` adds no empty name. An empty name is a
    // prefix of the first entry, as `strncasecmp(name, text, 0)` is.
    let body = text.strip_suffix(b"|").unwrap_or(text);
    let mut value = 0;
    for part in body.split(|&b| b == b'|') {
        let found = KEY_FLAGS.iter().find(|(m, _)| {
            m.len() >= part.len() && m.as_bytes()[..part.len()].eq_ignore_ascii_case(part)
        });
        value |= found.ok_or(MnemonicError::Unknown)?.1;
    }
    Ok(value)
}

/// The name of `value` in `table`, else the number.
#[must_use]
pub fn name_of(value: u16, table: Table) -> String {
    table
        .iter()
        .find(|&&(_, v)| v == value)
        .map_or_else(|| value.to_string(), |&(m, _)| m.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algorithms_by_name_or_number() {
        assert_eq!(parse(b"rsasha256", ALGORITHMS, 255), Ok(8));
        assert_eq!(parse(b"008", ALGORITHMS, 255), Ok(8));
        assert_eq!(parse(b"256", ALGORITHMS, 255), Err(MnemonicError::Range));
        assert_eq!(
            parse(b"RSASHA1-NSEC3-SHA1", ALGORITHMS, 255),
            Err(MnemonicError::Unknown)
        );
        assert_eq!(parse(b"0x08", ALGORITHMS, 255), Err(MnemonicError::Unknown));
    }

    #[test]
    fn key_flags_like_bind() {
        assert_eq!(parse_key_flags(b"257"), Ok(257));
        assert_eq!(parse_key_flags(b"0x101"), Ok(257));
        assert_eq!(parse_key_flags(b"1A"), Ok(26));
        assert_eq!(parse_key_flags(b"ZONE|KSK"), Ok(257));
        assert_eq!(parse_key_flags(b"Z"), Ok(256));
        assert_eq!(parse_key_flags(b"|ZONE"), Ok(0x4100));
        assert_eq!(parse_key_flags(b"ZONE|"), Ok(256));
        assert_eq!(parse_key_flags(b"REVOKE"), Err(MnemonicError::Unknown));
        assert_eq!(parse_key_flags(b"65536"), Err(MnemonicError::Range));
        assert_eq!(parse_key_flags(b"256x"), Err(MnemonicError::Unknown));
    }
}
