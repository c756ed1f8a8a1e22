//! Record types and classes as `u16` newtypes with named constants, so known mnemonics and RFC 3597
//! `TYPEnnn` / `CLASSnnn` share one representation. Mnemonics follow the IANA registry.

use std::fmt;

/// A record type (RR TYPE), known or not.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct RType(pub u16);

/// `(mnemonic, code)` for every type the reader knows by name (IANA "Resource Record (RR) TYPEs").
const TYPES: &[(&str, u16)] = &[
    ("A", 1),
    ("NS", 2),
    ("MD", 3),
    ("MF", 4),
    ("CNAME", 5),
    ("SOA", 6),
    ("MB", 7),
    ("MG", 8),
    ("MR", 9),
    ("NULL", 10),
    ("WKS", 11),
    ("PTR", 12),
    ("HINFO", 13),
    ("MINFO", 14),
    ("MX", 15),
    ("TXT", 16),
    ("RP", 17),
    ("AFSDB", 18),
    ("X25", 19),
    ("ISDN", 20),
    ("RT", 21),
    ("NSAP", 22),
    ("NSAP-PTR", 23),
    ("SIG", 24),
    ("KEY", 25),
    ("PX", 26),
    ("GPOS", 27),
    ("AAAA", 28),
    ("LOC", 29),
    ("NXT", 30),
    ("EID", 31),
    ("NIMLOC", 32),
    ("SRV", 33),
    ("ATMA", 34),
    ("NAPTR", 35),
    ("KX", 36),
    ("CERT", 37),
    ("A6", 38),
    ("DNAME", 39),
    ("SINK", 40),
    ("OPT", 41),
    ("APL", 42),
    ("DS", 43),
    ("SSHFP", 44),
    ("IPSECKEY", 45),
    ("RRSIG", 46),
    ("NSEC", 47),
    ("DNSKEY", 48),
    ("DHCID", 49),
    ("NSEC3", 50),
    ("NSEC3PARAM", 51),
    ("TLSA", 52),
    ("SMIMEA", 53),
    ("HIP", 55),
    ("NINFO", 56),
    ("RKEY", 57),
    ("TALINK", 58),
    ("CDS", 59),
    ("CDNSKEY", 60),
    ("OPENPGPKEY", 61),
    ("CSYNC", 62),
    ("ZONEMD", 63),
    ("SVCB", 64),
    ("HTTPS", 65),
    ("DSYNC", 66),
    ("HHIT", 67),
    ("BRID", 68),
    ("SPF", 99),
    ("UINFO", 100),
    ("UID", 101),
    ("GID", 102),
    ("UNSPEC", 103),
    ("NID", 104),
    ("L32", 105),
    ("L64", 106),
    ("LP", 107),
    ("EUI48", 108),
    ("EUI64", 109),
    ("RESINFO", 261),
    ("WALLET", 262),
    ("TKEY", 249),
    ("TSIG", 250),
    ("IXFR", 251),
    ("AXFR", 252),
    ("MAILB", 253),
    ("MAILA", 254),
    ("ANY", 255),
    ("URI", 256),
    ("CAA", 257),
    ("AVC", 258),
    ("DOA", 259),
    ("AMTRELAY", 260),
    ("TA", 32768),
    ("DLV", 32769),
];

#[allow(missing_docs)]
impl RType {
    pub const A: RType = RType(1);
    pub const NS: RType = RType(2);
    pub const CNAME: RType = RType(5);
    pub const SOA: RType = RType(6);
    pub const PTR: RType = RType(12);
    pub const HINFO: RType = RType(13);
    pub const MX: RType = RType(15);
    pub const TXT: RType = RType(16);
    pub const RP: RType = RType(17);
    pub const AFSDB: RType = RType(18);
    pub const SIG: RType = RType(24);
    pub const KEY: RType = RType(25);
    pub const AAAA: RType = RType(28);
    pub const LOC: RType = RType(29);
    pub const NXT: RType = RType(30);
    pub const SRV: RType = RType(33);
    pub const NAPTR: RType = RType(35);
    pub const CERT: RType = RType(37);
    pub const DNAME: RType = RType(39);
    pub const OPT: RType = RType(41);
    pub const DS: RType = RType(43);
    pub const SSHFP: RType = RType(44);
    pub const RRSIG: RType = RType(46);
    pub const NSEC: RType = RType(47);
    pub const DNSKEY: RType = RType(48);
    pub const NSEC3: RType = RType(50);
    pub const NSEC3PARAM: RType = RType(51);
    pub const TLSA: RType = RType(52);
    pub const SMIMEA: RType = RType(53);
    pub const CDS: RType = RType(59);
    pub const CDNSKEY: RType = RType(60);
    pub const OPENPGPKEY: RType = RType(61);
    pub const CSYNC: RType = RType(62);
    pub const ZONEMD: RType = RType(63);
    pub const SVCB: RType = RType(64);
    pub const HTTPS: RType = RType(65);
    pub const SPF: RType = RType(99);
    pub const TKEY: RType = RType(249);
    pub const TSIG: RType = RType(250);
    pub const IXFR: RType = RType(251);
    pub const AXFR: RType = RType(252);
    pub const MAILB: RType = RType(253);
    pub const MAILA: RType = RType(254);
    pub const ANY: RType = RType(255);
    pub const URI: RType = RType(256);
    pub const CAA: RType = RType(257);
    pub const DLV: RType = RType(32769);

    /// Reads a mnemonic (case-insensitive) or `TYPEnnn`.
    #[must_use]
    pub fn from_text(text: &[u8]) -> Option<RType> {
        // The types that make up nearly every zone, before the scan of the whole table.
        match text {
            b"A" | b"a" => return Some(RType::A),
            b"NS" | b"ns" => return Some(RType::NS),
            b"MX" | b"mx" => return Some(RType::MX),
            b"TXT" | b"txt" => return Some(RType::TXT),
            b"AAAA" | b"aaaa" => return Some(RType::AAAA),
            b"CNAME" | b"cname" => return Some(RType::CNAME),
            b"DS" | b"ds" => return Some(RType::DS),
            b"SRV" | b"srv" => return Some(RType::SRV),
            b"PTR" | b"ptr" => return Some(RType::PTR),
            b"CAA" | b"caa" => return Some(RType::CAA),
            b"RRSIG" | b"rrsig" => return Some(RType::RRSIG),
            _ => {}
        }
        if text.len() > 4 && text[..4].eq_ignore_ascii_case(b"TYPE") {
            return parse_u16_decimal(&text[4..]).map(RType);
        }
        TYPES
            .iter()
            .find(|(m, _)| m.as_bytes().eq_ignore_ascii_case(text))
            .map(|&(_, c)| RType(c))
    }

    /// The mnemonic, if the type has one.
    #[must_use]
    pub fn mnemonic(self) -> Option<&'static str> {
        TYPES.iter().find(|&&(_, c)| c == self.0).map(|&(m, _)| m)
    }

    /// Meta-types and QTYPEs that may not appear in a zone file (RFC 6895 §3.1).
    #[must_use]
    pub fn is_meta(self) -> bool {
        matches!(self.0, 41 | 128..=255)
    }

    /// Types whose records are DNSSEC metadata, allowed beside a CNAME (RFC 4035 §2.5).
    #[must_use]
    pub fn is_dnssec(self) -> bool {
        matches!(
            self,
            RType::RRSIG | RType::NSEC | RType::NSEC3 | RType::KEY | RType::SIG | RType::NXT
        )
    }

    /// The hickory-proto view of this type, for APIs that speak hickory.
    #[must_use]
    pub fn to_hickory(self) -> hickory_proto::rr::RecordType {
        hickory_proto::rr::RecordType::from(self.0)
    }
}

impl fmt::Display for RType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.mnemonic() {
            Some(m) => f.write_str(m),
            None => write!(f, "TYPE{}", self.0),
        }
    }
}

impl fmt::Debug for RType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A record class.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Class(pub u16);

impl Class {
    pub const IN: Class = Class(1);
    pub const CH: Class = Class(3);
    pub const HS: Class = Class(4);
    pub const NONE: Class = Class(254);
    pub const ANY: Class = Class(255);

    /// Reads `IN`, `CH`, `HS` (case-insensitive) or `CLASSnnn`. `NONE` and `ANY` are not classes
    /// of data (BIND rejects them in master files), so they are not accepted here.
    #[must_use]
    pub fn from_text(text: &[u8]) -> Option<Class> {
        if text.len() > 5 && text[..5].eq_ignore_ascii_case(b"CLASS") {
            return parse_u16_decimal(&text[5..]).map(Class);
        }
        if text.eq_ignore_ascii_case(b"IN") {
            Some(Class::IN)
        } else if text.eq_ignore_ascii_case(b"CH") {
            Some(Class::CH)
        } else if text.eq_ignore_ascii_case(b"HS") {
            Some(Class::HS)
        } else {
            None
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("IN"),
            3 => f.write_str("CH"),
            4 => f.write_str("HS"),
            n => write!(f, "CLASS{n}"),
        }
    }
}

impl fmt::Debug for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// A decimal `u16` with no sign and no leading `+` (at most 5 digits).
#[must_use]
pub fn parse_u16_decimal(text: &[u8]) -> Option<u16> {
    if text.is_empty() || text.len() > 5 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = text.iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
    u16::try_from(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics_and_generic_forms() {
        assert_eq!(RType::from_text(b"mx"), Some(RType::MX));
        assert_eq!(RType::from_text(b"TYPE65280"), Some(RType(65280)));
        assert_eq!(RType::from_text(b"TYPE65536"), None);
        assert_eq!(RType::from_text(b"BOGUS"), None);
        assert_eq!(RType(65280).to_string(), "TYPE65280");
        assert_eq!(Class::from_text(b"class32"), Some(Class(32)));
        assert_eq!(Class::from_text(b"ch"), Some(Class::CH));
        assert_eq!(RType::MX.to_hickory(), hickory_proto::rr::RecordType::MX);
    }
}
