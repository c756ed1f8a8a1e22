//! SPF records in the run: which TXT records are SPF, what a name publishes, and the walk
//! through `include:` and `redirect=` targets that a receiver would evaluate, as far as the
//! zones of the run tell (a target outside them, or built from macros, cannot be followed
//! offline: the walk then says it is incomplete).

use crate::policy::parsed::ParsedRecords;
use std::ops::Range;

use crate::graph::{Graph, NameStatus, ZoneId};
use crate::policy::spf::{self, MechanismKind, SpfRecord};
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

/// Whether record `index` is a TXT record selected as SPF (§4.5). Reads at most seven bytes;
/// allocates nothing.
#[must_use]
pub fn is_spf_record(graph: &Graph, index: usize) -> bool {
    if graph.set.records[index].rtype != RType::TXT {
        return false;
    }
    let mut head = [0u8; 7];
    let mut n = 0;
    for (slot, &b) in head.iter_mut().zip(graph.strings(index).flatten()) {
        *slot = b;
        n += 1;
    }
    spf::is_spf(&head[..n])
}

/// The indices of every TXT SPF record of the run, in source order.
pub fn spf_records(graph: &Graph) -> impl Iterator<Item = usize> + '_ {
    let list = graph.derived(SpfRecordList::build);
    (0..list.0.len()).map(move |k| list.0[k] as usize)
}

/// The run's TXT SPF records, found once: a dozen rules walk them, and telling SPF from other
/// TXT means reading every TXT record's text.
struct SpfRecordList(Vec<u32>);

impl SpfRecordList {
    fn build(graph: &Graph) -> Self {
        Self(
            graph
                .records_of_type(RType::TXT)
                .iter()
                .copied()
                .filter(|&i| is_spf_record(graph, i as usize))
                .collect(),
        )
    }
}

/// A TXT SPF record's joined text and its parse.
pub type Parsed<'g> = super::parsed::Parsed<'g, SpfRecord>;

/// Record `index`'s joined text and its parse, when it is a TXT SPF record. Every SPF record
/// of the run is parsed once per run (shared by the SPF rules).
#[must_use]
pub fn parse_record(graph: &Graph, index: usize) -> Option<Parsed<'_>> {
    parses(graph).get(graph, index)
}

/// Every TXT SPF record of the run with its joined text and parse, in source order (what
/// [`spf_records`] and [`parse_record`] give, without a search per record).
pub fn parsed_records(graph: &Graph) -> impl Iterator<Item = (usize, Parsed<'_>)> {
    parses(graph).all(graph)
}

/// The run's parses of its SPF records.
fn parses(graph: &Graph) -> &ParsedRecords<SpfRecord> {
    ParsedRecords::of(graph, |g| spf_records(g).collect(), spf::parse)
}

/// Names of the run that some SPF record of the run includes or redirects to: SPF fragments
/// (`_spf.example.net`), published to be included, not mail domains of their own.
/// Built once per run and shared.
#[must_use]
pub fn included_names(graph: &Graph) -> &IncludedNames {
    graph.derived(|graph| {
        let mut out = rustc_hash::FxHashSet::default();
        for (_index, (text, record)) in parsed_records(graph) {
            let include_targets = record
                .mechanisms()
                .filter(|(_, m)| m.kind == MechanismKind::Include)
                .filter_map(|(_, m)| m.domain.clone());
            let redirect_target = record.redirect().map(|(_, m)| m.value.clone());
            for range in include_targets.chain(redirect_target) {
                if let Some(wire) = text.get(range).and_then(domain_wire)
                    && let Some(id) = graph.set.names.get(&wire)
                {
                    out.insert(id);
                }
            }
        }
        IncludedNames(out)
    })
}

/// The names SPF records of the run include or redirect to (see [`included_names`]).
#[derive(Debug)]
pub struct IncludedNames(rustc_hash::FxHashSet<NameId>);

impl IncludedNames {
    #[must_use]
    pub fn contains(&self, name: &NameId) -> bool {
        self.0.contains(name)
    }
}

/// The wire form of a domain-spec without macros (`_spf.example.net`, with or without the
/// final dot); `None` when it has a macro or is not a valid name.
#[must_use]
pub fn domain_wire(domain: &[u8]) -> Option<Vec<u8>> {
    if spf::has_macro(domain) {
        return None;
    }
    let body = domain.strip_suffix(b".").unwrap_or(domain);
    if body.is_empty() || body.len() > 253 {
        return None;
    }
    let mut wire = Vec::with_capacity(body.len() + 2);
    for label in body.split(|&b| b == b'.') {
        let len = u8::try_from(label.len())
            .ok()
            .filter(|&l| (1..=63).contains(&l))?;
        wire.push(len);
        wire.extend_from_slice(label);
    }
    wire.push(0);
    Some(wire)
}

/// What a name publishes, as far as the run knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpfAt {
    /// Outside every zone of the run (or delegated away, or below a DNAME).
    Unknown,
    /// In a zone of the run, and does not exist.
    NoName { zone: ZoneId },
    /// Exists, with no SPF record.
    NoSpf { zone: ZoneId, owner: NameId },
    /// The SPF records at the name (one, or several: a permerror).
    Found(Vec<u32>),
}

/// What `wire` publishes, following CNAMEs in known zones (up to 8).
#[must_use]
pub fn spf_at(graph: &Graph, wire: &[u8]) -> SpfAt {
    let mut wire = wire.to_vec();
    for _ in 0..8 {
        match graph.lookup_id(&wire) {
            (
                NameStatus::Authoritative {
                    zone,
                    exists: false,
                },
                _,
            ) => return SpfAt::NoName { zone },
            (NameStatus::Authoritative { zone, exists: true }, owner) => {
                let Some(owner) = owner else {
                    return SpfAt::NoName { zone };
                };
                if let Some(&alias) = graph.records_at(zone, owner, RType::CNAME).first() {
                    match graph.target(alias as usize) {
                        Some(target) => {
                            wire = target.to_vec();
                            continue;
                        }
                        None => return SpfAt::Unknown,
                    }
                }
                let found: Vec<u32> = graph
                    .records_at(zone, owner, RType::TXT)
                    .iter()
                    .copied()
                    .filter(|&i| is_spf_record(graph, i as usize))
                    .collect();
                return if found.is_empty() {
                    SpfAt::NoSpf { zone, owner }
                } else {
                    SpfAt::Found(found)
                };
            }
            _ => return SpfAt::Unknown,
        }
    }
    SpfAt::Unknown
}

/// How a record was reached in a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Root,
    Include,
    Redirect,
}

/// A record visited by a walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub record: u32,
    pub depth: usize,
    pub via: Via,
    /// The DNS-querying terms of this record alone.
    pub own: usize,
}

/// An `include:` or `redirect=` that leads back to a record on the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    /// Records from the one looped back to, down to the one whose term closes the loop.
    pub path: Vec<u32>,
    /// The term closing the loop, in the last record of `path`.
    pub term: Range<usize>,
}

/// A term whose query is known to come back empty (§4.6.4 void lookup).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Void {
    pub record: u32,
    pub term: Range<usize>,
    /// The name queried, as text.
    pub target: String,
    /// Whether the name does not exist at all (else it has no record of the queried type).
    pub nxdomain: bool,
    /// The types queried (`A or AAAA`, `MX`, `A`, `TXT`).
    pub queried: &'static str,
}

/// The evaluation tree of an SPF record, as far as the run knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    /// DNS-querying terms (include, a, mx, ptr, exists, redirect), all records together.
    pub lookups: usize,
    /// False when a target could not be followed (outside the run, a macro, several SPF
    /// records, or the walk's size cap): `lookups` is then a lower bound.
    pub complete: bool,
    pub visits: Vec<Visit>,
    pub loops: Vec<Loop>,
    pub voids: Vec<Void>,
}

/// DNS-querying terms one SPF evaluation may make, and lookups returning nothing it may meet
/// (RFC 7208 §4.6.4).
pub const LOOKUP_LIMIT: usize = 10;
pub const VOID_LOOKUP_LIMIT: usize = 2;

/// The walks from the run's SPF records that some rule reports on: over either limit of
/// RFC 7208 §4.6.4, or with a loop. (record index, walk), in record order.
pub struct NotableWalks(pub Vec<(usize, Walk)>);

/// Every SPF record of the run walked once, the notable walks kept: `spf-lookup-limit`,
/// `spf-void-lookup-limit` and `spf-include-loop` share them instead of walking each tree three
/// times.
#[must_use]
pub fn notable_walks(graph: &Graph) -> &[(usize, Walk)] {
    &graph
        .derived(|graph| {
            NotableWalks(
                spf_records(graph)
                    .filter_map(|index| {
                        let w = walk(graph, index);
                        (w.lookups > LOOKUP_LIMIT
                            || w.voids.len() > VOID_LOOKUP_LIMIT
                            || !w.loops.is_empty())
                        .then_some((index, w))
                    })
                    .collect(),
            )
        })
        .0
}

/// Records visited at most per walk: real trees have a handful; this bounds a crafted one.
const MAX_VISITS: usize = 256;

/// Walks the evaluation tree from SPF record `root`: its DNS-querying terms (those before the
/// first `all`; a `redirect=` only when there is no `all`), then each include and redirect
/// target found in the run, recursively. A target already on the path is a loop and is not
/// entered again.
#[must_use]
pub fn walk(graph: &Graph, root: usize) -> Walk {
    let mut w = Walk {
        complete: true,
        ..Walk::default()
    };
    let mut path = Vec::new();
    visit(graph, root, 0, Via::Root, &mut path, &mut w);
    w
}

fn visit(graph: &Graph, index: usize, depth: usize, via: Via, path: &mut Vec<u32>, w: &mut Walk) {
    let Some((text, record)) = parse_record(graph, index) else {
        return;
    };
    if w.visits.len() >= MAX_VISITS {
        w.complete = false;
        return;
    }
    let index32 = u32::try_from(index).unwrap_or(u32::MAX);
    let slot = w.visits.len();
    w.visits.push(Visit {
        record: index32,
        depth,
        via,
        own: 0,
    });
    path.push(index32);
    let owner = graph
        .set
        .names
        .wire(graph.set.records[index].owner)
        .to_vec();
    let mut own = 0;
    let mut has_all = false;
    let mut follow: Vec<(Range<usize>, Range<usize>, Via)> = Vec::new();
    for (term, m) in record.mechanisms() {
        if m.kind == MechanismKind::All {
            has_all = true;
            break;
        }
        if !m.kind.queries_dns() {
            continue;
        }
        own += 1;
        match m.kind {
            MechanismKind::Include => {
                if let Some(d) = &m.domain {
                    follow.push((term.range.clone(), d.clone(), Via::Include));
                }
            }
            MechanismKind::A | MechanismKind::Mx | MechanismKind::Exists => {
                let target = match &m.domain {
                    Some(d) => domain_wire(&text[d.clone()]),
                    None => Some(owner.clone()),
                };
                if let Some(target) = target {
                    note_void(graph, index32, term.range.clone(), &target, m.kind, w);
                }
            }
            _ => {}
        }
    }
    if !has_all && let Some((term, r)) = record.redirect() {
        own += 1;
        follow.push((term.range.clone(), r.value.clone(), Via::Redirect));
    }
    w.lookups += own;
    w.visits[slot].own = own;
    for (term, domain, how) in follow {
        let Some(target) = domain_wire(&text[domain]) else {
            w.complete = false;
            continue;
        };
        match spf_at(graph, &target) {
            SpfAt::Found(found) if found.len() == 1 => {
                let next = found[0];
                if let Some(at) = path.iter().position(|&p| p == next) {
                    w.loops.push(Loop {
                        path: path[at..].to_vec(),
                        term,
                    });
                } else {
                    visit(graph, next as usize, depth + 1, how, path, w);
                }
            }
            SpfAt::NoName { .. } => {
                w.voids.push(Void {
                    record: index32,
                    term,
                    target: name::to_text(&target),
                    nxdomain: true,
                    queried: "TXT",
                });
            }
            SpfAt::NoSpf { zone, owner } => {
                if graph.records_at(zone, owner, RType::TXT).is_empty() {
                    w.voids.push(Void {
                        record: index32,
                        term,
                        target: name::to_text(&target),
                        nxdomain: false,
                        queried: "TXT",
                    });
                }
            }
            SpfAt::Found(_) | SpfAt::Unknown => w.complete = false,
        }
    }
    path.pop();
}

/// Records a void lookup for an `a`, `mx` or `exists` target known to be empty.
fn note_void(
    graph: &Graph,
    record: u32,
    term: Range<usize>,
    target: &[u8],
    kind: MechanismKind,
    w: &mut Walk,
) {
    let nxdomain = match graph.lookup_id(target) {
        (NameStatus::Authoritative { exists: false, .. }, _) => true,
        (NameStatus::Authoritative { zone, exists: true }, owner) => {
            let Some(owner) = owner else {
                return;
            };
            if !graph.records_at(zone, owner, RType::CNAME).is_empty() {
                return;
            }
            let has = |t: RType| !graph.records_at(zone, owner, t).is_empty();
            let empty = match kind {
                MechanismKind::A => !has(RType::A) && !has(RType::AAAA),
                MechanismKind::Mx => !has(RType::MX),
                MechanismKind::Exists => !has(RType::A),
                _ => false,
            };
            if !empty {
                return;
            }
            false
        }
        _ => return,
    };
    let queried = match kind {
        MechanismKind::A => "A or AAAA",
        MechanismKind::Mx => "MX",
        _ => "A",
    };
    w.voids.push(Void {
        record,
        term,
        target: name::to_text(target),
        nxdomain,
        queried,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    fn graph(files: &[(&str, &str)]) -> Graph {
        let mut reader = Reader::new(ReadOptions::default());
        for (origin, text) in files {
            reader.set_origin(Some((*origin).to_owned()));
            reader
                .read_bytes(format!("{origin}zone").as_ref(), text.as_bytes().to_vec())
                .unwrap();
        }
        Graph::build(reader.finish())
    }

    fn index_of(g: &Graph, owner: &str) -> usize {
        spf_records(g)
            .find(|&i| g.owner_text(i) == owner)
            .unwrap_or_else(|| panic!("no SPF at {owner}"))
    }

    #[test]
    fn selects_spf_txt_records_without_allocating() {
        let g = graph(&[(
            "example.com.",
            "$TTL 1\n@ TXT \"v=spf1 -all\"\na TXT \"v=sp\" \"f1 a\"\nb TXT \"v=spf1;\"\n\
             c TXT \"v=spf1\"\nd SPF \"v=spf1 -all\"\ne TXT \"hello\"\n",
        )]);
        let found: Vec<String> = spf_records(&g).map(|i| g.owner_text(i)).collect();
        assert_eq!(found, ["example.com.", "a.example.com.", "c.example.com."]);
    }

    #[test]
    fn domain_wire_forms() {
        assert_eq!(
            domain_wire(b"_spf.Example.net."),
            Some(b"\x04_spf\x07Example\x03net\0".to_vec())
        );
        assert_eq!(domain_wire(b"a.b"), Some(b"\x01a\x01b\0".to_vec()));
        assert_eq!(domain_wire(b"%{d}.example"), None);
        assert_eq!(domain_wire(b"a..b"), None);
        assert_eq!(domain_wire(b""), None);
        assert_eq!(domain_wire(&[b'a'; 64]), None);
    }

    #[test]
    fn counts_through_includes_and_redirects() {
        let g = graph(&[
            (
                "example.com.",
                "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ TXT \"v=spf1 a mx include:_spf.example.net \
                 include:_spf.example.org redirect=r.example.com\"\n\
                 r TXT \"v=spf1 a:x.example.com ptr -all exists:ignored.example.com\"\n\
                 x A 192.0.2.1\n",
            ),
            (
                "example.net.",
                "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n_spf TXT \"v=spf1 include:deep.example.net \
                 ip4:192.0.2.0/24 -all\"\ndeep TXT \"v=spf1 exists:%{i}.x.example.net -all\"\n",
            ),
        ]);
        let w = walk(&g, index_of(&g, "example.com."));
        // Root: a, mx, include, include, redirect = 5; _spf: 1; deep: 1; r: a, ptr = 2.
        assert_eq!(w.lookups, 9);
        // example.org is outside the run.
        assert!(!w.complete);
        let vias: Vec<(usize, Via, usize)> =
            w.visits.iter().map(|v| (v.depth, v.via, v.own)).collect();
        assert_eq!(
            vias,
            [
                (0, Via::Root, 5),
                (1, Via::Include, 1),
                (2, Via::Include, 1),
                (1, Via::Redirect, 2)
            ]
        );
        // The root has no A and no MX: two void lookups.
        assert_eq!(w.voids.len(), 2);
        assert!(w.loops.is_empty());
    }

    #[test]
    fn finds_loops_and_stops() {
        let g = graph(&[(
            "example.com.",
            "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ TXT \"v=spf1 include:a.example.com -all\"\n\
             a TXT \"v=spf1 include:b.example.com -all\"\n\
             b TXT \"v=spf1 redirect=example.com\"\n",
        )]);
        let root = index_of(&g, "example.com.");
        let w = walk(&g, root);
        assert_eq!(w.loops.len(), 1);
        assert_eq!(w.loops[0].path.len(), 3);
        assert_eq!(w.loops[0].path[0] as usize, root);
        assert_eq!(w.lookups, 3);
        assert!(w.complete);
    }

    #[test]
    fn spf_at_knows_what_it_does_not_know() {
        let g = graph(&[(
            "example.com.",
            "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ TXT \"v=spf1 -all\"\nw TXT \"hello\"\n\
             al CNAME example.com.\ntwo TXT \"v=spf1 a -all\"\ntwo TXT \"v=spf1 -all\"\n\
             sub NS ns.example.org.\n",
        )]);
        assert_eq!(spf_at(&g, b"\x01x\x07example\x03org\0"), SpfAt::Unknown);
        assert!(matches!(
            spf_at(&g, b"\x04none\x07example\x03com\0"),
            SpfAt::NoName { .. }
        ));
        assert!(matches!(
            spf_at(&g, b"\x01w\x07example\x03com\0"),
            SpfAt::NoSpf { .. }
        ));
        assert!(
            matches!(spf_at(&g, b"\x02al\x07example\x03com\0"), SpfAt::Found(v) if v.len() == 1)
        );
        assert!(
            matches!(spf_at(&g, b"\x03two\x07example\x03com\0"), SpfAt::Found(v) if v.len() == 2)
        );
        assert_eq!(
            spf_at(&g, b"\x01x\x03sub\x07example\x03com\0"),
            SpfAt::Unknown
        );
    }
}
