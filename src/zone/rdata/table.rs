//! Which syntax each record type has: a list of fields, a special parser, or none we know.

use super::fields::Field::{self, *};
use super::special;
use super::cursor::{Cursor, RdataError};
use crate::zone::rtype::RType;

/// A parser for a type with irregular syntax.
pub type SpecialParse = fn(&mut Cursor<'_, '_>, &mut Vec<u8>) -> Result<(), RdataError>;
/// Its formatter.
pub type SpecialFormat = fn(&[u8], &mut String) -> Result<(), ()>;

/// The presentation syntax of a type.
#[derive(Clone, Copy)]
pub enum TypeSyntax {
    /// A fixed list of named fields.
    Fields(&'static [(&'static str, Field)]),
    /// Hand-written parser and formatter.
    Special(SpecialParse, SpecialFormat),
    /// Only the RFC 3597 generic form exists (NULL, and meta types).
    GenericOnly,
    /// A type we do not interpret: any tokens are accepted and kept as text.
    Opaque,
}

const NAME: &[(&str, Field)] = &[("target", Name)];

/// The syntax of `rtype`.
#[must_use]
pub fn syntax_of(rtype: RType) -> TypeSyntax {
    use TypeSyntax::Fields as F;
    match rtype.0 {
        1 => F(&[("address", Ipv4)]),
        2 | 3 | 4 | 5 | 7 | 8 | 9 | 12 | 23 | 39 => F(NAME),
        6 => F(&[
            ("primary name server", Name),
            ("responsible mailbox", Name),
            ("serial", U32),
            ("refresh", Duration),
            ("retry", Duration),
            ("expire", Duration),
            ("minimum", Duration),
        ]),
        10 => TypeSyntax::GenericOnly,
        13 => F(&[("cpu", Str), ("os", Str)]),
        14 => F(&[("responsible mailbox", Name), ("error mailbox", Name)]),
        15 => F(&[("preference", U16), ("exchange", Name)]),
        16 | 99 | 56 | 258 | 261 | 262 => F(&[("text", Strs)]),
        17 => F(&[("mailbox", Name), ("text name", Name)]),
        18 => F(&[("subtype", U16), ("hostname", Name)]),
        19 => F(&[("PSDN address", Str)]),
        21 | 36 => F(&[("preference", U16), ("host", Name)]),
        24 | 46 => F(&[
            ("type covered", Type),
            ("algorithm", Algorithm),
            ("labels", U8),
            ("original TTL", Duration),
            ("expiration", Time),
            ("inception", Time),
            ("key tag", U16),
            ("signer", Name),
            ("signature", Base64),
        ]),
        25 | 48 | 60 => F(&[("flags", U16), ("protocol", U8), ("algorithm", Algorithm), ("public key", Base64)]),
        26 => F(&[("preference", U16), ("MAP822", Name), ("MAPX400", Name)]),
        28 => F(&[("address", Ipv6)]),
        33 => F(&[("priority", U16), ("weight", U16), ("port", U16), ("target", Name)]),
        35 => F(&[
            ("order", U16),
            ("preference", U16),
            ("flags", Str),
            ("services", Str),
            ("regexp", Str),
            ("replacement", Name),
        ]),
        37 => F(&[("certificate type", CertType), ("key tag", U16), ("algorithm", Algorithm), ("certificate", Base64)]),
        43 | 59 | 32768 | 32769 => F(&[("key tag", U16), ("algorithm", Algorithm), ("digest type", U8), ("digest", Hex)]),
        44 => F(&[("algorithm", U8), ("fingerprint type", U8), ("fingerprint", Hex)]),
        47 => F(&[("next name", Name), ("type bitmap", Bitmap)]),
        49 | 61 => F(&[("data", Base64)]),
        50 => F(&[
            ("hash algorithm", U8),
            ("flags", U8),
            ("iterations", U16),
            ("salt", Salt),
            ("next hashed owner", Base32Hex),
            ("type bitmap", Bitmap),
        ]),
        51 => F(&[("hash algorithm", U8), ("flags", U8), ("iterations", U16), ("salt", Salt)]),
        52 | 53 => F(&[("usage", U8), ("selector", U8), ("matching type", U8), ("certificate data", Hex)]),
        62 => F(&[("serial", U32), ("flags", U16), ("type bitmap", Bitmap)]),
        63 => F(&[("serial", U32), ("scheme", U8), ("hash algorithm", U8), ("digest", Hex)]),
        66 => F(&[("type", Type), ("scheme", U8), ("port", U16), ("target", Name)]),
        104 | 106 => F(&[("preference", U16), ("locator", Ilnp64)]),
        105 => F(&[("preference", U16), ("locator", Ipv4)]),
        107 => F(&[("preference", U16), ("pointer", Name)]),
        108 => F(&[("address", Eui48)]),
        109 => F(&[("address", Eui64)]),
        256 => F(&[("priority", U16), ("weight", U16), ("target", Raw)]),
        257 => F(&[("flags", U8), ("tag", CaaTag), ("value", Raw)]),
        41 | 128..=255 => TypeSyntax::GenericOnly,
        _ => special::syntax(rtype).unwrap_or(TypeSyntax::Opaque),
    }
}
