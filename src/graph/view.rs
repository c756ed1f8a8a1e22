//! Typed views of record data for rules: an MX's preference and exchange, a TXT record's
//! strings, an address, without decoding through hickory. Records keep wire-form rdata (see
//! [`crate::zone::Record`]); these read it in place, so a rule over millions of records
//! allocates nothing per record.

use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::graph::{Graph, NameStatus, ZoneId};
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

/// An MX record's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mx<'a> {
    pub preference: u16,
    /// Wire form, as written (case kept).
    pub exchange: &'a [u8],
}

impl Mx<'_> {
    /// A null MX (`0 .` or any preference with the root as exchange, RFC 7505).
    #[must_use]
    pub fn is_null(&self) -> bool {
        self.exchange == [0]
    }
}

/// An SRV record's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Srv<'a> {
    pub priority: u16,
    pub weight: u16,
    pub port: u16,
    /// Wire form, as written.
    pub target: &'a [u8],
}

/// An SOA record's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Soa<'a> {
    pub mname: &'a [u8],
    pub rname: &'a [u8],
    pub serial: u32,
    pub refresh: u32,
    pub retry: u32,
    pub expire: u32,
    pub minimum: u32,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The wire name at the start of `bytes` and what follows it.
fn split_name(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let len = name::wire_name_len(bytes)?;
    Some(bytes.split_at(len))
}

/// The character-strings of TXT-like rdata, undecoded bytes each.
#[derive(Debug, Clone)]
pub struct Strings<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Strings<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let (&len, tail) = self.rest.split_first()?;
        let len = usize::from(len).min(tail.len());
        let (string, rest) = tail.split_at(len);
        self.rest = rest;
        Some(string)
    }
}

/// A record's place in the order that puts each name's records side by side: its zone, its
/// owner, then its index (source order). Rules that look for a name publishing something twice
/// sort such places instead of filling a map of lists, which allocates a list per name and
/// lands at random places of a large table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NamePlace {
    pub zone: ZoneId,
    pub owner: NameId,
    pub index: usize,
}

impl NamePlace {
    /// Whether two records are at the same name of the same zone.
    #[must_use]
    pub fn same_name(&self, other: &NamePlace) -> bool {
        (self.zone, self.owner) == (other.zone, other.owner)
    }

    /// The names that publish more than one distinct text among `records` (sorted by place):
    /// for each, its records with distinct texts, in source order (a repeated text counts once).
    pub fn published_twice<T: AsRef<[u8]>>(
        records: &[(NamePlace, T)],
    ) -> impl Iterator<Item = Vec<(usize, &[u8])>> {
        records
            .chunk_by(|a, b| a.0.same_name(&b.0))
            .filter(|at_name| at_name.len() > 1)
            .filter_map(|at_name| {
                let mut distinct: Vec<(usize, &[u8])> = Vec::new();
                for (place, text) in at_name {
                    let text = text.as_ref();
                    if !distinct.iter().any(|&(_, t)| t == text) {
                        distinct.push((place.index, text));
                    }
                }
                (distinct.len() > 1).then_some(distinct)
            })
    }
}

impl Graph {
    /// Record `index`'s [`NamePlace`].
    #[must_use]
    pub fn name_place(&self, index: usize) -> NamePlace {
        NamePlace {
            zone: self.zone_of_record(index),
            owner: self.set.records[index].owner,
            index,
        }
    }

    /// The wire rdata of record `index`.
    #[must_use]
    pub fn rdata(&self, index: usize) -> &[u8] {
        self.set.records[index].rdata(&self.set.rdata)
    }

    /// An MX record's preference and exchange (`None` for other types).
    #[must_use]
    pub fn mx(&self, index: usize) -> Option<Mx<'_>> {
        if self.set.records[index].rtype != RType::MX {
            return None;
        }
        let bytes = self.rdata(index);
        let preference = u16_at(bytes, 0)?;
        let exchange = self.name_from(index, bytes, 2)?;
        Some(Mx {
            preference,
            exchange,
        })
    }

    /// Every MX record of the run with its data, in source order.
    pub fn mx_records(&self) -> impl Iterator<Item = (usize, Mx<'_>)> + '_ {
        self.records_of_type(RType::MX)
            .iter()
            .filter_map(|&i| Some((i as usize, self.mx(i as usize)?)))
    }

    /// An SRV record's fields (`None` for other types).
    #[must_use]
    pub fn srv(&self, index: usize) -> Option<Srv<'_>> {
        if self.set.records[index].rtype != RType::SRV {
            return None;
        }
        let bytes = self.rdata(index);
        let target = self.name_from(index, bytes, 6)?;
        Some(Srv {
            priority: u16_at(bytes, 0)?,
            weight: u16_at(bytes, 2)?,
            port: u16_at(bytes, 4)?,
            target,
        })
    }

    /// An SOA record's fields (`None` for other types).
    #[must_use]
    pub fn soa(&self, index: usize) -> Option<Soa<'_>> {
        if self.set.records[index].rtype != RType::SOA {
            return None;
        }
        let (mname, rest) = split_name(self.rdata(index))?;
        let (rname, timers) = split_name(rest)?;
        Some(Soa {
            mname,
            rname,
            serial: u32_at(timers, 0)?,
            refresh: u32_at(timers, 4)?,
            retry: u32_at(timers, 8)?,
            expire: u32_at(timers, 12)?,
            minimum: u32_at(timers, 16)?,
        })
    }

    /// The single name of CNAME, DNAME, NS and PTR records (wire form, as written).
    #[must_use]
    pub fn target(&self, index: usize) -> Option<&[u8]> {
        let rtype = self.set.records[index].rtype;
        if !matches!(rtype, RType::CNAME | RType::DNAME | RType::NS | RType::PTR) {
            return None;
        }
        self.name_from(index, self.rdata(index), 0)
    }

    /// The name that ends the rdata `bytes` of record `index` from offset `at` (MX, SRV, NS,
    /// CNAME...). The reader writes such rdata field by field, the name last, and checks the
    /// `\#` form of these types the same way, so the name is the rest of the bytes: no walk over
    /// its labels, which every rule that follows a target would pay for each record.
    fn name_from<'s>(&self, index: usize, bytes: &'s [u8], at: usize) -> Option<&'s [u8]> {
        let rest = bytes.get(at..)?;
        if self.set.records[index].is_opaque() {
            return split_name(rest).map(|(n, _)| n);
        }
        debug_assert_eq!(split_name(rest).map(|(n, _)| n), Some(rest));
        (!rest.is_empty()).then_some(rest)
    }

    /// The records of an RRset of single-name types (CNAME, DNAME…) after the first whose target
    /// differs, ignoring case, from every earlier record's: the extra aliases of a name. An
    /// identical repeat is a duplicate record, not another alias, and is skipped.
    pub fn records_with_new_targets<'a>(
        &'a self,
        records: &'a [u32],
    ) -> impl Iterator<Item = (usize, &'a [u8])> + 'a {
        let mut seen = rustc_hash::FxHashSet::default();
        records
            .iter()
            .enumerate()
            .filter_map(move |(position, &index)| {
                let index = index as usize;
                let target = self.target(index)?;
                (seen.insert(target.to_ascii_lowercase()) && position > 0)
                    .then_some((index, target))
            })
    }

    /// The character-strings of a TXT or SPF record (empty for other types).
    #[must_use]
    pub fn strings(&self, index: usize) -> Strings<'_> {
        let rtype = self.set.records[index].rtype;
        let rest = if matches!(rtype, RType::TXT | RType::SPF) {
            self.rdata(index)
        } else {
            &[]
        };
        Strings { rest }
    }

    /// The strings of a TXT or SPF record joined with nothing between them, as RFC 7208 §3.3
    /// (and DKIM, DMARC) read them. Borrowed from the record when it has one string (most do).
    #[must_use]
    pub fn joined_text(&self, index: usize) -> Cow<'_, [u8]> {
        if let Some(text) = self.single_text(index) {
            return Cow::Borrowed(text);
        }
        // A slice at a time: a DKIM key is some 400 bytes in two or three strings, which a
        // byte-by-byte flatten copied at 15 instructions a byte.
        let mut joined = Vec::with_capacity(self.rdata(index).len());
        for string in self.strings(index) {
            joined.extend_from_slice(string);
        }
        Cow::Owned(joined)
    }

    /// The text of a TXT or SPF record written as exactly one string.
    #[must_use]
    pub fn single_text(&self, index: usize) -> Option<&[u8]> {
        let mut strings = self.strings(index);
        let first = strings.next()?;
        strings.next().is_none().then_some(first)
    }

    /// The address of an A or AAAA record.
    #[must_use]
    pub fn address(&self, index: usize) -> Option<IpAddr> {
        let bytes = self.rdata(index);
        match self.set.records[index].rtype {
            RType::A => {
                let octets: [u8; 4] = bytes.try_into().ok()?;
                Some(IpAddr::V4(Ipv4Addr::from(octets)))
            }
            RType::AAAA => {
                let octets: [u8; 16] = bytes.try_into().ok()?;
                Some(IpAddr::V6(Ipv6Addr::from(octets)))
            }
            _ => None,
        }
    }

    /// The zone serving `wire` and its id there, when the name is authoritative data of a zone
    /// of the run and owns records (the usual start of a cross-zone check).
    #[must_use]
    pub fn resolve(&self, wire: &[u8]) -> Option<(ZoneId, NameId)> {
        match self.lookup_id(wire) {
            (NameStatus::Authoritative { zone, exists: true }, Some(id)) => Some((zone, id)),
            _ => None,
        }
    }

    /// Record indices of the `rtype` RRset at `owner` in `zone`, in source order (empty when
    /// there is none).
    #[must_use]
    pub fn records_at(&self, zone: ZoneId, owner: NameId, rtype: RType) -> &[u32] {
        match self.rrset(zone, owner, rtype) {
            Some(set) => self.records_of(zone, &set),
            None => &[],
        }
    }

    /// The A and AAAA records that answer for `wire` in the zone of the run serving it, glue
    /// included (a delegated name's glue is what the parent hands out). Empty when the name is
    /// unknown or has no address.
    #[must_use]
    pub fn address_records(&self, wire: &[u8]) -> Vec<u32> {
        let zone = match self.lookup(wire) {
            NameStatus::Authoritative { zone, .. } | NameStatus::Delegated { zone, .. } => zone,
            NameStatus::BelowDname { .. } | NameStatus::Unknown => return Vec::new(),
        };
        let Some(id) = self.set.names.get(wire) else {
            return Vec::new();
        };
        let mut out = self.records_at(zone, id, RType::A).to_vec();
        out.extend_from_slice(self.records_at(zone, id, RType::AAAA));
        out
    }

    /// The domain names in the rdata of record `index` that name another host or zone, with
    /// the field name [`crate::zone::fields::record_fields`] gives them: MX exchange, SRV
    /// target, CNAME/DNAME/NS/PTR target, SOA primary name server and responsible mailbox.
    /// Wire form, as written.
    pub fn rdata_names(&self, index: usize) -> impl Iterator<Item = (&'static str, &[u8])> {
        let rtype = self.set.records[index].rtype;
        let names: [Option<(&'static str, &[u8])>; 2] = match rtype {
            RType::MX => [self.mx(index).map(|m| ("exchange", m.exchange)), None],
            RType::SRV => [self.srv(index).map(|s| ("target", s.target)), None],
            RType::SOA => match self.soa(index) {
                Some(soa) => [
                    Some(("primary name server", soa.mname)),
                    Some(("responsible mailbox", soa.rname)),
                ],
                None => [None, None],
            },
            _ => [self.target(index).map(|t| ("target", t)), None],
        };
        names.into_iter().flatten()
    }

    /// Whether the name written at `span` (an owner or rdata name token) is relative: it does
    /// not end with an unescaped `.` and is not `@`.
    #[must_use]
    pub fn written_relative(&self, span: crate::zone::source::Span) -> bool {
        is_relative_token(&self.set.sources.slice(span))
    }

    /// For a record with a blank owner: the closest earlier record of the same file whose
    /// owner was written, where the owner was inherited from (at most 10,000 records back).
    #[must_use]
    pub fn owner_source(&self, index: usize) -> Option<usize> {
        const MAX_LOOKBACK: usize = 10_000;
        let records = &self.set.records;
        let file = records.get(index)?.span.file;
        (index.saturating_sub(MAX_LOOKBACK)..index)
            .rev()
            .take_while(|&i| records[i].span.file == file)
            .find(|&i| {
                !records[i]
                    .flags
                    .has(crate::zone::record::RecordFlags::OWNER_INHERITED)
            })
    }

    /// The owner name of record `index` as presentation text (absolute, lowercase).
    #[must_use]
    pub fn owner_text(&self, index: usize) -> String {
        self.set.names.text(self.set.records[index].owner)
    }
}

/// Whether a name token as written is relative: not `@`, and not ending with a `.` that an
/// odd number of backslashes does not escape.
fn is_relative_token(token: &[u8]) -> bool {
    if token.is_empty() || token == b"@" {
        return false;
    }
    let Some(body) = token.strip_suffix(b".") else {
        return true;
    };
    let backslashes = body.iter().rev().take_while(|&&b| b == b'\\').count();
    backslashes % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph as graph;

    #[test]
    fn one_string_texts_are_lent_not_copied() {
        let g = graph(
            "$TTL 1\n@ SOA ns hm 7 2 3 4 5\n@ TXT \"v=spf1 -all\"\n@ TXT \"a\" \"b\"\n@ TXT \"\"\n",
        );
        assert!(matches!(g.joined_text(1), Cow::Borrowed(b"v=spf1 -all")));
        assert_eq!(g.single_text(1), Some(&b"v=spf1 -all"[..]));
        assert!(matches!(g.joined_text(2), Cow::Owned(ref t) if t == b"ab"));
        assert_eq!(g.single_text(2), None);
        assert_eq!(g.single_text(3), Some(&b""[..]));
        assert_eq!(g.single_text(0), None, "not a TXT record");
    }

    #[test]
    fn names_that_end_the_rdata_are_the_rest_of_it() {
        // Written in the generic form too: the reader holds those to the type's layout.
        let g = graph(
            "$TTL 1\n@ SOA ns hm 7 2 3 4 5\n@ MX \\# 6 000A026D7800\n@ NS \\# 4 026E7300\n\
             _x._tcp SRV \\# 9 000100020003017300\n@ NS .\n",
        );
        assert!(g.set.diagnostics.is_empty(), "{:?}", g.set.diagnostics);
        assert_eq!(g.mx(1).map(|m| m.exchange), Some(&b"\x02mx\0"[..]));
        assert_eq!(g.target(2), Some(&b"\x02ns\0"[..]));
        assert_eq!(g.srv(3).map(|s| s.target), Some(&b"\x01s\0"[..]));
        assert_eq!(g.target(4), Some(&b"\0"[..]));
        // Generic rdata that is not a valid record of its type is an error, not a record.
        let bad = graph("$TTL 1\n@ SOA ns hm 7 2 3 4 5\n@ NS \\# 5 026E730001\n");
        assert_eq!(bad.set.records.len(), 1);
        assert!(!bad.set.diagnostics.is_empty());
    }

    #[test]
    fn views_read_wire_rdata() {
        let g = graph(
            "$TTL 1\n@ SOA ns hm 7 2 3 4 5\n@ MX 10 Mail\n@ MX 0 .\nmail A 192.0.2.25\n\
             mail AAAA 2001:db8::1\n@ TXT \"v=spf1 \" \"-all\"\n_sip._tcp SRV 1 2 5060 mail\n\
             www CNAME mail\n",
        );
        let soa = g.soa(0).unwrap();
        assert_eq!((soa.serial, soa.minimum), (7, 5));
        assert_eq!(name::to_text(soa.rname), "hm.example.com.");
        let mx = g.mx(1).unwrap();
        assert_eq!(mx.preference, 10);
        assert_eq!(name::to_text(mx.exchange), "Mail.example.com.");
        assert!(!mx.is_null());
        assert!(g.mx(2).unwrap().is_null());
        assert_eq!(g.address(3), Some("192.0.2.25".parse().unwrap()));
        assert_eq!(g.address(4), Some("2001:db8::1".parse().unwrap()));
        assert_eq!(g.strings(5).count(), 2);
        assert_eq!(&*g.joined_text(5), b"v=spf1 -all");
        let srv = g.srv(6).unwrap();
        assert_eq!((srv.priority, srv.weight, srv.port), (1, 2, 5060));
        assert_eq!(name::to_text(g.target(7).unwrap()), "mail.example.com.");
        assert_eq!(g.mx(0), None);
        assert_eq!(g.strings(0).count(), 0);
        assert_eq!(g.address_records(mx.exchange), vec![3, 4]);
        assert!(g.resolve(mx.exchange).is_some());
        assert!(g.resolve(b"\x07nothere\x07example\x03com\0").is_none());
        assert_eq!(g.owner_text(3), "mail.example.com.");
        let names: Vec<(&str, String)> = (0..8)
            .flat_map(|i| {
                g.rdata_names(i)
                    .map(|(f, n)| (f, name::to_text(n)))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            names,
            [
                ("primary name server", "ns.example.com.".to_owned()),
                ("responsible mailbox", "hm.example.com.".to_owned()),
                ("exchange", "Mail.example.com.".to_owned()),
                ("exchange", ".".to_owned()),
                ("target", "mail.example.com.".to_owned()),
                ("target", "mail.example.com.".to_owned()),
            ]
        );
    }

    #[test]
    fn relative_tokens() {
        for (token, relative) in [
            (&b"mail"[..], true),
            (b"mail.example.com", true),
            (b"mail.example.com.", false),
            (b"@", false),
            (b".", false),
            (b"a\\.", true),
            (b"a\\\\.", false),
            (b"a\\\\\\.", true),
            (b"", false),
        ] {
            assert_eq!(is_relative_token(token), relative, "{token:?}");
        }
    }

    #[test]
    fn new_targets_skip_the_first_and_repeats() {
        let g = graph("$TTL 1\nwww CNAME a\nwww CNAME B\nwww CNAME A\nwww CNAME c\n");
        let records: Vec<u32> = (0..4).collect();
        let found: Vec<usize> = g
            .records_with_new_targets(&records)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(found, [1, 3]);
    }
}
