use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::FxHasher;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::Record;
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// The same record written twice in a zone.
    ///
    /// ## What it does
    /// Reports every record whose owner, type, class and data repeat a record before it in the
    /// same zone, with the first occurrence as a secondary label. TTLs are not compared (a
    /// different TTL is `rrset-ttl-mismatch`'s finding, and reported there too).
    ///
    /// Data is compared in wire form. Domain names inside the data compare without regard to
    /// case, as servers compare them (RFC 4034 §6.2), for the types whose layout is known to be
    /// names at fixed places: NS, CNAME, DNAME, PTR, SOA, MX, SRV, NAPTR, RP, MINFO, AFSDB, RT,
    /// KX, PX and the obsolete MB, MG, MR, MD, MF. Other data compares byte for byte.
    ///
    /// ## Why is this bad?
    /// An RRset is a set: servers keep each record once (RFC 2181 §5) and drop the copy
    /// silently. The copy is harmless to resolvers but hides mistakes: an edit made to one of
    /// the two lines does not do what was meant, and a removal leaves the other behind.
    ///
    /// ## Example
    /// ```zone
    /// @  MX  10 mx1.example.net.
    /// @  MX  20 mx2.example.net.
    /// @  MX  10 MX1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  MX  10 mx1.example.net.
    /// @  MX  20 mx2.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §5
    /// - RFC 4034 §6.2
    pub DuplicateRecord,
    id: "duplicate-record",
    group: Rrset,
    level: Warning,
    since: "0.1.0",
}

/// The part of a record's data made of domain names, compared without case; the rest of the
/// data compares byte for byte. Empty for types not known to carry names at fixed places.
fn name_part(record: &Record, rdata: &[u8]) -> Range<usize> {
    let len = rdata.len();
    if record.is_opaque() {
        return 0..0;
    }
    match record.rtype.0 {
        // NS, MD, MF, CNAME, MB, MG, MR, PTR, MINFO, RP, DNAME: names only.
        2..=5 | 7..=9 | 12 | 14 | 17 | 39 => 0..len,
        // MX, AFSDB, RT, PX, KX: a 16-bit number, then names.
        15 | 18 | 21 | 26 | 36 => 2.min(len)..len,
        // SRV: priority, weight, port, target.
        33 => 6.min(len)..len,
        // SOA: two names, then five 32-bit numbers.
        6 => 0..len.saturating_sub(20),
        // NAPTR: order, preference, three character-strings, then the replacement name.
        35 => {
            let mut at = 4;
            for _ in 0..3 {
                at += 1 + rdata.get(at).map_or(0, |&n| usize::from(n));
            }
            at.min(len)..len
        }
        // HIP: HIT length, algorithm, public key length, HIT, key, then rendezvous servers
        // (RFC 8005 §5).
        55 => {
            let hit = rdata.first().map_or(0, |&n| usize::from(n));
            let key = rdata
                .get(2..4)
                .map_or(0, |k| usize::from(u16::from_be_bytes([k[0], k[1]])));
            (4 + hit + key).min(len)..len
        }
        _ => 0..0,
    }
}

/// A record's data in canonical form, for hashing and comparing.
struct Canonical<'a> {
    rdata: &'a [u8],
    names: Range<usize>,
}

impl Canonical<'_> {
    fn hash(&self) -> u64 {
        let mut h = FxHasher::default();
        self.rdata[..self.names.start].hash(&mut h);
        for b in &self.rdata[self.names.clone()] {
            h.write_u8(b.to_ascii_lowercase());
        }
        self.rdata[self.names.end..].hash(&mut h);
        h.finish()
    }

    fn same(&self, other: &Canonical<'_>) -> bool {
        self.rdata.len() == other.rdata.len()
            && self.names == other.names
            && self.rdata[..self.names.start] == other.rdata[..other.names.start]
            && self.rdata[self.names.clone()]
                .eq_ignore_ascii_case(&other.rdata[other.names.clone()])
            && self.rdata[self.names.end..] == other.rdata[other.names.end..]
    }
}

fn canonical(graph: &Graph, index: usize) -> Canonical<'_> {
    let rdata = graph.rdata(index);
    Canonical {
        rdata,
        names: name_part(&graph.set.records[index], rdata),
    }
}

impl Check for DuplicateRecord {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // Reused for every RRset: (hash, record index), and the distinct records of a run.
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        let mut firsts = Vec::new();
        for (zone_id, _) in graph.zone_ids() {
            for set in graph.rrsets(zone_id) {
                if set.len() < 2 {
                    continue;
                }
                let records = graph.records_of(zone_id, &set);
                if records.len() <= PAIRWISE_MAX {
                    report_repeats(graph, cx, records.iter().copied(), &mut firsts);
                    continue;
                }
                keyed.clear();
                for &index in records {
                    let record = &graph.set.records[index as usize];
                    let hash = canonical(graph, index as usize).hash() ^ u64::from(record.class.0);
                    keyed.push((hash, index));
                }
                keyed.sort_unstable();
                // Runs of one hash, each in source order: more than one distinct record in a
                // run only on a hash collision.
                for run in keyed.chunk_by(|a, b| a.0 == b.0) {
                    report_repeats(graph, cx, run.iter().map(|&(_, i)| i), &mut firsts);
                }
            }
        }
    }
}

/// RRsets up to this size are compared record against record, without hashing: an NS or MX
/// set is two to four records, and a length or an early byte tells most pairs apart.
const PAIRWISE_MAX: usize = 8;

/// Reports each of `records` (source order) identical to an earlier distinct one. `firsts`
/// is scratch space, reused between calls.
fn report_repeats<'g>(
    graph: &'g Graph,
    cx: &mut Context<'_>,
    records: impl Iterator<Item = u32>,
    firsts: &mut Vec<(u32, Canonical<'g>)>,
) {
    firsts.clear();
    for index in records {
        let this = canonical(graph, index as usize);
        let class = graph.set.records[index as usize].class;
        let original = firsts.iter().find(|(first, earlier)| {
            graph.set.records[*first as usize].class == class && earlier.same(&this)
        });
        if let Some(&(first, _)) = original {
            report(graph, cx, index as usize, first as usize);
        } else {
            firsts.push((index, this));
        }
    }
}

fn report(graph: &Graph, cx: &mut Context<'_>, index: usize, first: usize) {
    let record = &graph.set.records[index];
    let fields = record_fields(&graph.set, index);
    let span = fields
        .rdata
        .last()
        .map_or(fields.rtype, |&(_, last)| fields.rtype.to(last));
    let rtype = record.rtype;
    let owner = graph.set.names.text(record.owner);
    let help = if rtype == RType::SOA {
        "remove one of the SOA records".to_owned()
    } else {
        format!("remove the repeated `{rtype}` record")
    };
    cx.report(span, format!("duplicate `{rtype}` record at `{owner}`"))
        .span_label("same record again")
        .label(graph.set.records[first].span, "first defined here")
        .help(help)
        .note("an RRset holds each record once: servers drop the copy silently (RFC 2181 §5)");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph as graph;

    fn same(g: &Graph, a: usize, b: usize) -> bool {
        let (x, y) = (canonical(g, a), canonical(g, b));
        let equal = x.same(&y);
        if equal {
            assert_eq!(x.hash(), y.hash());
        }
        equal
    }

    #[test]
    fn names_in_data_compare_without_case() {
        let g = graph(
            "$TTL 1\n@ MX 10 Mail\n@ MX 10 mail.EXAMPLE.com.\n@ MX 11 mail\n\
             @ SOA NS hm 1 2 3 4 5\n@ SOA ns HM 1 2 3 4 5\n@ SOA ns hm 1 2 3 4 6\n\
             _s._tcp SRV 1 2 3 Host\n_s._tcp SRV 1 2 3 host\n\
             @ NAPTR 1 1 \"S\" \"SIP+D2U\" \"\" _sip._udp\n@ NAPTR 1 1 \"s\" \"SIP+D2U\" \"\" _SIP._udp\n\
             @ NAPTR 1 1 \"S\" \"SIP+D2U\" \"\" _SIP._UDP\n",
        );
        assert!(same(&g, 0, 1));
        assert!(!same(&g, 0, 2));
        assert!(same(&g, 3, 4));
        assert!(!same(&g, 3, 5));
        assert!(same(&g, 6, 7));
        // NAPTR flags are text: case matters there, not in the replacement name.
        assert!(!same(&g, 8, 9));
        assert!(same(&g, 8, 10));
    }

    #[test]
    fn text_data_keeps_its_case() {
        let g = graph("$TTL 1\n@ TXT \"Abc\"\n@ TXT \"abc\"\n@ TXT \"Abc\"\n");
        assert!(!same(&g, 0, 1));
        assert!(same(&g, 0, 2));
    }
}
