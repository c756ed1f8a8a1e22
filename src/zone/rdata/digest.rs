//! Records ending in a digest whose length depends on a type field: DS (and CDS, TA, DLV),
//! SSHFP and ZONEMD. BIND checks the length of the digests it knows.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{Octets, parse_hex_rest, write_hex};
use super::fields::Field::{self, Algorithm, DigestType, Hex, U8, U16, U32};
use super::fields::{format_fields, parse_fields};
use super::table::SpecialSyntax;
use crate::diag::ids;

const DS_FIELDS: &[(&str, Field)] = &[
    ("key tag", U16),
    ("algorithm", Algorithm),
    ("digest type", DigestType),
    ("digest", Hex),
];

/// DS, CDS, TA, DLV (RFC 4034 §5).
pub static DS: SpecialSyntax = SpecialSyntax {
    parse: parse_ds,
    format: format_ds,
    shape: "<key tag> <algorithm> <digest type> <digest>",
};

/// SSHFP (RFC 4255).
pub static SSHFP: SpecialSyntax = SpecialSyntax {
    parse: parse_sshfp,
    format: format_sshfp,
    shape: "<algorithm> <fingerprint type> <fingerprint>",
};

/// ZONEMD (RFC 8976).
pub static ZONEMD: SpecialSyntax = SpecialSyntax {
    parse: parse_zonemd,
    format: format_zonemd,
    shape: "<serial> <scheme> <hash algorithm> <digest>",
};

/// DS digest lengths BIND knows: SHA-1, SHA-256, SHA-384.
fn ds_digest(kind: u8) -> Octets {
    match kind {
        1 => Octets::Exactly(20),
        2 => Octets::Exactly(32),
        4 => Octets::Exactly(48),
        _ => Octets::AtLeastOne,
    }
}

/// SSHFP: SHA-1 and SHA-256 fingerprints have fixed lengths; others may even be empty.
fn sshfp_digest(kind: u8) -> Octets {
    match kind {
        1 => Octets::Exactly(20),
        2 => Octets::Exactly(32),
        _ => Octets::Any,
    }
}

/// ZONEMD: SHA-384 and SHA-512 have fixed lengths; any digest is at least 12 octets.
fn zonemd_digest(kind: u8) -> Octets {
    match kind {
        1 => Octets::Exactly(48),
        2 => Octets::Exactly(64),
        _ => Octets::AtLeastOne,
    }
}

/// Parses the fixed fields, then the digest sized by the octet at `kind_at` (from the start).
fn parse_with_digest(
    fields: &[(&'static str, Field)],
    kind_at: usize,
    want: fn(u8) -> Octets,
    cur: &mut Cursor<'_, '_>,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let base = out.len();
    parse_fields(fields, cur, out)?;
    let kind = out[base + kind_at];
    parse_hex_rest("digest", cur, out, want(kind)).map_err(|e| digest_help(e, kind, want(kind)))
}

fn digest_help(e: RdataError, kind: u8, want: Octets) -> RdataError {
    match want {
        Octets::Exactly(n) if e.help.is_none() => e.with_help(format!(
            "a digest of type {kind} is {n} octets ({} hex digits)",
            n * 2
        )),
        _ => e,
    }
}

fn parse_ds(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_with_digest(&DS_FIELDS[..3], 3, ds_digest, cur, out)
}

fn format_ds(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let kind = *wire.get(3).ok_or(WireError)?;
    if !ds_digest(kind).allows(wire.len() - 4) {
        return Err(WireError);
    }
    format_fields(DS_FIELDS, wire, out)
}

fn parse_sshfp(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_with_digest(
        &[("algorithm", U8), ("fingerprint type", U8)],
        1,
        sshfp_digest,
        cur,
        out,
    )
}

fn format_sshfp(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let kind = *wire.get(1).ok_or(WireError)?;
    if !sshfp_digest(kind).allows(wire.len() - 2) {
        return Err(WireError);
    }
    format_fields(
        &[("algorithm", U8), ("fingerprint type", U8)],
        &wire[..2],
        out,
    )?;
    if wire.len() > 2 {
        out.push(' ');
        write_hex(&wire[2..], out);
    }
    Ok(())
}

const ZONEMD_FIELDS: &[(&str, Field)] = &[
    ("serial", U32),
    ("scheme", U8),
    ("hash algorithm", U8),
    ("digest", Hex),
];

fn parse_zonemd(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let base = out.len();
    parse_fields(&ZONEMD_FIELDS[..3], cur, out)?;
    let kind = out[base + 5];
    let start = cur.peek().map_or(cur.end_span().0, |t| t.start);
    parse_hex_rest("digest", cur, out, zonemd_digest(kind))
        .map_err(|e| digest_help(e, kind, zonemd_digest(kind)))?;
    let got = out.len() - base - 6;
    if got < 12 {
        return Err(RdataError::new(
            ids::INVALID_SYNTAX,
            (start, cur.last_end()),
            format!("the digest must be at least 12 octets, found {got}"),
        )
        .with_help("a ZONEMD digest is at least 12 octets (RFC 8976 §2.2.4)"));
    }
    Ok(())
}

fn format_zonemd(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let kind = *wire.get(5).ok_or(WireError)?;
    let digest = wire.len() - 6;
    if digest < 12 || !zonemd_digest(kind).allows(digest) {
        return Err(WireError);
    }
    format_fields(ZONEMD_FIELDS, wire, out)
}
