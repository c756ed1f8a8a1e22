//! Which syntax each record type has: a list of fields, a special parser, or none we know.

use super::WireError;
use super::cursor::{Cursor, RdataError};
use super::fields::Field::{
    self, Base64, Base64Any, Bitmap, CaaTag, CertAlgorithm, CertType, DsyncScheme, Duration, Eui48,
    Eui64, Hex, Ilnp64, Ipv4, Ipv6, Name, NsecBitmap, QuotedRaw, Raw, Salt, Str, Strs, Type, U8,
    U16, U32,
};
use super::special;
use crate::zone::rtype::RType;

/// A parser for a type with irregular syntax.
pub type SpecialParse = fn(&mut Cursor<'_, '_>, &mut Vec<u8>) -> Result<(), RdataError>;
/// Its formatter.
pub type SpecialFormat = fn(&[u8], &mut String) -> Result<(), WireError>;

/// A hand-written parser and formatter, with the shape of the data for help messages.
pub struct SpecialSyntax {
    pub parse: SpecialParse,
    pub format: SpecialFormat,
    /// e.g. `<priority> <target> [<key>=<value> …]`.
    pub shape: &'static str,
}

/// The presentation syntax of a type.
#[derive(Clone, Copy)]
pub enum TypeSyntax {
    /// A fixed list of named fields.
    Fields(&'static [(&'static str, Field)]),
    /// Hand-written parser and formatter.
    Special(&'static SpecialSyntax),
    /// Only the RFC 3597 generic form exists: NULL, meta types, types BIND has no text form for
    /// (UINFO, UID, GID, UNSPEC), and types nobody here knows (`TYPE65401 \# 0`).
    GenericOnly,
    /// A type we do not interpret: any tokens are accepted and kept as text. No type uses it now
    /// (BIND itself requires `\#` for types it does not know); kept for callers that match it.
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
        13 => F(&[("cpu", Str), ("os", Str)]),
        14 => F(&[("responsible mailbox", Name), ("error mailbox", Name)]),
        15 => F(&[("preference", U16), ("exchange", Name)]),
        16 | 99 | 56 | 258 | 261 | 262 => F(&[("text", Strs)]),
        17 => F(&[("mailbox", Name), ("text name", Name)]),
        18 => F(&[("subtype", U16), ("hostname", Name)]),
        21 | 36 => F(&[("preference", U16), ("host", Name)]),
        26 => F(&[("preference", U16), ("MAP822", Name), ("MAPX400", Name)]),
        27 => F(&[("longitude", Str), ("latitude", Str), ("altitude", Str)]),
        28 => F(&[("address", Ipv6)]),
        31 | 32 => F(&[("data", Hex)]),
        33 => F(&[
            ("priority", U16),
            ("weight", U16),
            ("port", U16),
            ("target", Name),
        ]),
        37 => F(&[
            ("certificate type", CertType),
            ("key tag", U16),
            ("algorithm", CertAlgorithm),
            ("certificate", Base64),
        ]),
        40 => F(&[
            ("meaning", U8),
            ("coding", U8),
            ("subcoding", U8),
            ("data", Base64Any),
        ]),
        47 => F(&[("next name", Name), ("type bitmap", NsecBitmap)]),
        49 | 61 | 67 | 68 => F(&[("data", Base64)]),
        51 => F(&[
            ("hash algorithm", U8),
            ("flags", U8),
            ("iterations", U16),
            ("salt", Salt),
        ]),
        52 | 53 => F(&[
            ("usage", U8),
            ("selector", U8),
            ("matching type", U8),
            ("certificate data", Hex),
        ]),
        58 => F(&[("previous name", Name), ("next name", Name)]),
        62 => F(&[("serial", U32), ("flags", U16), ("type bitmap", Bitmap)]),
        66 => F(&[
            ("type", Type),
            ("scheme", DsyncScheme),
            ("port", U16),
            ("target", Name),
        ]),
        104 | 106 => F(&[("preference", U16), ("locator", Ilnp64)]),
        105 => F(&[("preference", U16), ("locator", Ipv4)]),
        107 => F(&[("preference", U16), ("pointer", Name)]),
        108 => F(&[("address", Eui48)]),
        109 => F(&[("address", Eui64)]),
        256 => F(&[("priority", U16), ("weight", U16), ("target", QuotedRaw)]),
        257 => F(&[("flags", U8), ("tag", CaaTag), ("value", Raw)]),
        10 | 41 | 100..=103 | 128..=255 => TypeSyntax::GenericOnly,
        _ => special::syntax(rtype).map_or(TypeSyntax::GenericOnly, TypeSyntax::Special),
    }
}
