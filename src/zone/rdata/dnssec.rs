//! DNSSEC types with rules across fields: RRSIG/SIG (the labels field covers the signer),
//! KEY (the "no key" flags forbid key data), DNSKEY/CDNSKEY/RKEY, and NSEC3 (a SHA-1 hash is 20
//! octets).

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::encoding::{Octets, parse_base64_rest};
use super::fields::Field::{
    self, Algorithm, Base32Hex, Base64, Bitmap, KeyFlags, Name, Protocol, Salt, Time, Type, U8,
    U16, U32,
};
use super::fields::{format_fields, parse_fields, parse_name_token};
use super::table::SpecialSyntax;
use crate::zone::name;

const RRSIG_FIELDS: &[(&str, Field)] = &[
    ("type covered", Type),
    ("algorithm", Algorithm),
    ("labels", U8),
    ("original TTL", U32),
    ("expiration", Time),
    ("inception", Time),
    ("key tag", U16),
    ("signer", Name),
    ("signature", Base64),
];

const KEY_FIELDS: &[(&str, Field)] = &[
    ("flags", KeyFlags),
    ("protocol", Protocol),
    ("algorithm", Algorithm),
    ("public key", Base64),
];

const NSEC3_FIELDS: &[(&str, Field)] = &[
    ("hash algorithm", U8),
    ("flags", U8),
    ("iterations", U16),
    ("salt", Salt),
    ("next hashed owner", Base32Hex),
    ("type bitmap", Bitmap),
];

/// RRSIG (RFC 4034 §3).
pub static RRSIG: SpecialSyntax = SpecialSyntax {
    parse: parse_rrsig,
    format: format_rrsig,
    shape: "<type covered> <algorithm> <labels> <original TTL> <expiration> <inception> <key tag> <signer> <signature>",
};

/// SIG (RFC 2535 §4): the same fields, without BIND's labels check.
pub static SIG: SpecialSyntax = SpecialSyntax {
    parse: parse_sig,
    format: format_sig,
    shape: "<type covered> <algorithm> <labels> <original TTL> <expiration> <inception> <key tag> <signer> <signature>",
};

/// KEY (RFC 2535 §3): flags with both "no key" bits set carry no key.
pub static KEY: SpecialSyntax = SpecialSyntax {
    parse: parse_key,
    format: format_key,
    shape: "<flags> <protocol> <algorithm> <public key>",
};

/// DNSKEY and CDNSKEY (RFC 4034 §2, RFC 7344).
pub static DNSKEY: SpecialSyntax = SpecialSyntax {
    parse: parse_dnskey,
    format: format_dnskey,
    shape: "<flags> <protocol> <algorithm> <public key>",
};

/// RKEY (draft-reid-dnsext-rkey): flags must be 0.
pub static RKEY: SpecialSyntax = SpecialSyntax {
    parse: parse_rkey,
    format: format_rkey,
    shape: "0 <protocol> <algorithm> <public key>",
};

/// NSEC3 (RFC 5155 §3).
pub static NSEC3: SpecialSyntax = SpecialSyntax {
    parse: parse_nsec3,
    format: format_nsec3,
    shape: "<hash algorithm> <flags> <iterations> <salt> <next hashed owner> <type bitmap>",
};

/// Labels of a wire name, root excluded (wildcards count, as BIND counts them).
fn label_count(wire: &[u8]) -> usize {
    name::labels(wire).count()
}

fn parse_rrsig(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let base = out.len();
    parse_fields(&RRSIG_FIELDS[..7], cur, out)?;
    let labels = usize::from(out[base + 3]);
    let tok = cur.next_word("signer")?;
    let at = out.len();
    parse_name_token(cur, tok, out)?;
    let signer_labels = label_count(&out[at..]);
    if signer_labels > labels {
        return Err(cur
            .error(
                tok,
                format!(
                    "signer `{}` has {signer_labels} labels, more than the labels field ({labels})",
                    cur.shown(tok)
                ),
            )
            .with_help(
                "the labels field counts the labels of the owner, which is at or below the signer",
            ));
    }
    cur.record("signer", tok.start, tok.end);
    parse_base64_rest("signature", cur, out, Octets::AtLeastOne)
}

fn parse_sig(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_fields(RRSIG_FIELDS, cur, out)
}

fn format_sig(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    format_fields(RRSIG_FIELDS, wire, out)
}

fn format_rrsig(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let labels = usize::from(*wire.get(3).ok_or(WireError)?);
    let signer = wire.get(18..).ok_or(WireError)?;
    let len = name::wire_name_len(signer).ok_or(WireError)?;
    if label_count(&signer[..len]) > labels {
        return Err(WireError);
    }
    format_fields(RRSIG_FIELDS, wire, out)
}

/// Both "no key" bits: the record says there is no key (RFC 2535 §3.1.2).
fn no_key(flags: u16) -> bool {
    flags & 0xC000 == 0xC000
}

fn parse_key(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let base = out.len();
    parse_fields(&KEY_FIELDS[..3], cur, out)?;
    if no_key(u16::from_be_bytes([out[base], out[base + 1]])) {
        if let Some(t) = cur.peek() {
            return Err(cur
                .error(
                    t,
                    format!(
                        "unexpected `{}`: these flags say the record has no key",
                        cur.shown(t)
                    ),
                )
                .with_help(
                    "remove the key data, or clear the \"no key\" bits (0xC000) of the flags",
                ));
        }
        return Ok(());
    }
    parse_base64_rest("public key", cur, out, Octets::AtLeastOne)
}

fn format_key(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let flags = u16::from_be_bytes([
        *wire.first().ok_or(WireError)?,
        *wire.get(1).ok_or(WireError)?,
    ]);
    if no_key(flags) {
        return if wire.len() == 4 {
            format_fields(&KEY_FIELDS[..3], wire, out)
        } else {
            Err(WireError)
        };
    }
    format_fields(KEY_FIELDS, wire, out)
}

fn parse_dnskey(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    parse_fields(KEY_FIELDS, cur, out)
}

fn format_dnskey(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    format_fields(KEY_FIELDS, wire, out)
}

fn parse_rkey(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    if let Some(t) = cur.peek() {
        let base = out.len();
        parse_fields(&KEY_FIELDS[..1], cur, out)?;
        if out[base..] != [0, 0] {
            return Err(cur
                .bad(t, "0 for the RKEY flags")
                .with_help("RKEY defines no flags: write 0"));
        }
        return parse_fields(&KEY_FIELDS[1..], cur, out);
    }
    parse_fields(KEY_FIELDS, cur, out)
}

fn format_rkey(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    if wire.get(..2) != Some(&[0, 0]) {
        return Err(WireError);
    }
    format_fields(KEY_FIELDS, wire, out)
}

/// BIND requires a SHA-1 (algorithm 1) next hashed owner of 20 octets.
fn hash_ok(algorithm: u8, len: usize) -> bool {
    algorithm != 1 || len == 20
}

fn parse_nsec3(cur: &mut Cursor<'_, '_>, out: &mut Vec<u8>) -> Result<(), RdataError> {
    let base = out.len();
    parse_fields(&NSEC3_FIELDS[..4], cur, out)?;
    let tok = cur.peek();
    let at = out.len();
    parse_fields(&NSEC3_FIELDS[4..5], cur, out)?;
    let len = usize::from(out[at]);
    if let Some(tok) = tok.filter(|_| !hash_ok(out[base], len)) {
        return Err(cur
            .error(
                tok,
                format!("next hashed owner of {len} octets: a SHA-1 hash (algorithm 1) is 20"),
            )
            .with_help("write the 32-character base32hex form of the 20-octet hash"));
    }
    parse_fields(&NSEC3_FIELDS[5..], cur, out)
}

fn format_nsec3(wire: &[u8], out: &mut String) -> Result<(), WireError> {
    let algorithm = *wire.first().ok_or(WireError)?;
    let salt = usize::from(*wire.get(4).ok_or(WireError)?);
    let hash = usize::from(*wire.get(5 + salt).ok_or(WireError)?);
    if !hash_ok(algorithm, hash) {
        return Err(WireError);
    }
    format_fields(NSEC3_FIELDS, wire, out)
}
