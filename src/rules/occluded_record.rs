use rustc_hash::FxHashSet;

use crate::diag::Severity;
use crate::graph::{Graph, RecordRole, RrSet, Zone, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// Data at or below a delegation that the zone can never serve.
    ///
    /// ## What it does
    /// Reports each RRset of a zone at or below a name the zone delegates (NS records below
    /// the apex) that is not part of the delegation: the NS, DS and NSEC records at the cut
    /// and the glue (address records of the delegation's name servers, also as a wildcard such
    /// as `*.ns.shop` for a name server `a.ns.shop` without records of its own, which Knot
    /// serves) are what the parent serves; anything else is hidden (occluded) by the cut. The finding points at the RRset's
    /// first record and labels the NS records of the delegation. It is an error for TXT and SPF
    /// data (a verification or mail policy that nobody sees) and a warning otherwise.
    ///
    /// Each mistake is reported once, by the rule that says most about it: occluded MX records
    /// are `mx-occluded`'s, SOA records `soa-not-at-apex`'s, DS records below a cut
    /// `ds-not-at-delegation`'s, a CNAME or DNAME beside other data `cname-and-other-data`'s and
    /// `dname-structure`'s, and data below a DNAME `dname-structure`'s.
    ///
    /// ## Why is this bad?
    /// At a delegation the parent zone stops being authoritative: it answers for the delegated
    /// name and everything below it with a referral to the child's servers, never with its own
    /// data (RFC 2181 §6.1, RFC 1034 §4.2.1). The records are dead text: what is served is
    /// what the child zone says, and the author believes otherwise.
    ///
    /// ## Example
    /// ```zone
    /// shop      NS   ns1.example.net.
    /// shop      TXT  "google-site-verification=abc"
    /// www.shop  A    192.0.2.80
    /// ```
    ///
    /// Use instead (in the zone of `shop.example.com.`, served by `ns1.example.net.`):
    /// ```zone
    /// shop      NS   ns1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §6.1
    /// - RFC 1034 §4.2.1
    pub OccludedRecord,
    id: "occluded-record",
    group: Zone,
    level: Warning,
    since: "0.1.0",
}

/// What hides the data at a name: the closest delegation cut at or above it, or a DNAME
/// strictly above it, found the way [`Graph::record_role`] finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cause {
    Cut(NameId),
    Dname,
}

fn cause(graph: &Graph, zone: &Zone, owner: NameId) -> Option<Cause> {
    if zone.cuts.contains(&owner) {
        return Some(Cause::Cut(owner));
    }
    let apex_len = graph.set.names.wire(zone.apex).len();
    let mut cur = name::parent(graph.set.names.wire(owner));
    while let Some(n) = cur {
        if n.len() <= apex_len {
            break;
        }
        if let Some(id) = graph.set.names.get(n) {
            if zone.cuts.contains(&id) {
                return Some(Cause::Cut(id));
            }
            if zone.dnames.contains(&id) {
                return Some(Cause::Dname);
            }
        }
        cur = name::parent(n);
    }
    None
}

/// Types served as part of a delegation at the cut itself (RFC 4035 §2.3 for NSEC).
fn delegation_type(rtype: RType) -> bool {
    matches!(rtype, RType::NS | RType::DS | RType::NSEC | RType::RRSIG)
}

/// Types another rule reports when occluded.
fn reported_elsewhere(rtype: RType) -> bool {
    matches!(rtype, RType::MX | RType::SOA | RType::DS)
}

/// Whether the RRsets of a name hold a CNAME beside other data, or a DNAME beside NS records:
/// the conflicts `cname-and-other-data` and `dname-structure` report.
fn alias_conflict(group: &[RrSet]) -> bool {
    let has = |rtype: RType| group.iter().any(|s| s.rtype == rtype);
    let cname_beside_data = has(RType::CNAME)
        && group.iter().any(|s| {
            !matches!(
                s.rtype,
                RType::CNAME | RType::RRSIG | RType::NSEC | RType::SIG | RType::NXT | RType::KEY
            )
        });
    cname_beside_data || (has(RType::DNAME) && has(RType::NS))
}

/// For a wildcard owner `*.x`, the wire name `x`.
fn wildcard_parent(wire: &[u8]) -> Option<&[u8]> {
    wire.starts_with(b"\x01*")
        .then(|| name::parent(wire))
        .flatten()
}

/// The names `x` whose wildcard `*.x` may give a name server of the zone its address: proper
/// ancestors of NS targets that own no records in the zone (a target with records of its own
/// is never answered from a wildcard). Knot serves such wildcard glue.
fn glue_wildcard_parents(graph: &Graph, zone: ZoneId) -> FxHashSet<NameId> {
    let names = &graph.set.names;
    let mut parents = FxHashSet::default();
    for &ns in graph.records_of_type(RType::NS) {
        let ns = ns as usize;
        if graph.zone_of_record(ns) != zone {
            continue;
        }
        let Some(target) = graph.target(ns) else {
            continue;
        };
        if names
            .get(target)
            .is_some_and(|id| graph.rrsets_at(zone, id).next().is_some())
        {
            continue;
        }
        let mut cur = name::parent(target);
        while let Some(n) = cur {
            if let Some(id) = names.get(n)
                && !parents.insert(id)
            {
                break; // its ancestors are in already
            }
            cur = name::parent(n);
        }
    }
    parents
}

impl Check for OccludedRecord {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut group: Vec<RrSet> = Vec::new();
        for (zone_id, zone) in graph.zone_ids() {
            if zone.cuts.is_empty() {
                continue; // only data below a DNAME could be hidden: `dname-structure`'s
            }
            // Built on the first wildcard address below a cut, if any.
            let mut wildcard_glue: Option<FxHashSet<NameId>> = None;
            let apex_wire = graph.set.names.wire(zone.apex);
            let mut sets = graph.rrsets(zone_id).peekable();
            while let Some(first) = sets.next() {
                group.clear();
                group.push(first);
                while let Some(next) = sets.next_if(|s| s.owner == first.owner) {
                    group.push(next);
                }
                // Only a set whose records the graph found occluded can be reported: ask first
                // (an array read) before walking the owner's ancestors (a hash lookup each).
                let occluded = |set: &RrSet| {
                    graph.record_role(graph.records_of(zone_id, set)[0] as usize)
                        == RecordRole::Occluded
                };
                if !group.iter().any(occluded) {
                    continue;
                }
                let Some(Cause::Cut(cut)) = cause(graph, zone, first.owner) else {
                    continue;
                };
                if alias_conflict(&group)
                    || !name::is_subdomain(graph.set.names.wire(first.owner), apex_wire)
                {
                    continue;
                }
                for set in &group {
                    if reported_elsewhere(set.rtype)
                        || (set.owner == cut && delegation_type(set.rtype))
                    {
                        continue;
                    }
                    let records = graph.records_of(zone_id, set);
                    let index = records[0] as usize;
                    if graph.record_role(index) != RecordRole::Occluded {
                        continue; // glue
                    }
                    if matches!(set.rtype, RType::A | RType::AAAA)
                        && let Some(parent) = wildcard_parent(graph.set.names.wire(set.owner))
                        && graph.set.names.get(parent).is_some_and(|parent| {
                            wildcard_glue
                                .get_or_insert_with(|| glue_wildcard_parents(graph, zone_id))
                                .contains(&parent)
                        })
                    {
                        continue; // wildcard glue for a name server without records of its own
                    }
                    report(graph, cx, zone_id, set, index, cut);
                }
            }
        }
    }
}

/// Reports the occluded RRset `set` (first record `index`) hidden by the delegation at `cut`.
fn report(
    graph: &Graph,
    cx: &mut Context<'_>,
    zone: ZoneId,
    set: &RrSet,
    index: usize,
    cut: NameId,
) {
    let names = &graph.set.names;
    let fields = record_fields(&graph.set, index);
    let owner = names.text(set.owner);
    let cut_text = names.text(cut);
    let rtype = set.rtype;
    let message = if set.owner == cut {
        format!("{rtype} record at the delegation point `{owner}` is never served")
    } else {
        format!("{rtype} record at `{owner}` is hidden by the delegation of `{cut_text}`")
    };
    let label = if set.len() > 1 {
        format!("never served ({} records)", set.len())
    } else {
        "never served".to_owned()
    };
    let child = graph
        .find_zone(names.wire(cut))
        .filter(|&z| graph.zone(z).apex == cut);
    let help = match (child, rtype) {
        (_, RType::A | RType::AAAA) if wildcard_parent(names.wire(set.owner)).is_none() => format!(
            "move the address into the child zone `{cut_text}`, or name `{owner}` in the \
             delegation's NS records if it is meant as glue"
        ),
        (Some(z), _) => format!(
            "move the record into the child zone `{cut_text}` ({}), or remove it",
            graph
                .set
                .sources
                .file(graph.set.zones[graph.zone(z).source].file)
                .path()
                .display()
        ),
        (None, _) => format!("move the record into the child zone `{cut_text}`, or remove it"),
    };
    let mut report = cx.report(fields.owner.unwrap_or(fields.rtype), message);
    report.span_label(label).help(help).note(
        "a parent answers for a delegated name and everything below it with a referral to the \
         child's servers, never with its own data (RFC 2181 §6.1)",
    );
    if matches!(rtype, RType::TXT | RType::SPF) {
        report.default_severity(Severity::Error);
    }
    if let Some(&ns) = graph.records_at(zone, cut, RType::NS).first() {
        report.label(graph.set.records[ns as usize].span, "delegation here");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph as graph;

    #[test]
    fn causes_follow_record_role() {
        let g = graph(
            "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nsub NS ns.sub\nns.sub A 192.0.2.1\n\
             x.sub TXT a\nd DNAME example.net.\ny.d TXT b\nz.y.sub TXT c\nplain TXT d\n",
        );
        let zone = g.zone(ZoneId(0));
        let id = |s: &str| {
            let mut w = Vec::new();
            name::parse_name(s.as_bytes(), None, &mut w).unwrap();
            g.set.names.get(&w).unwrap()
        };
        let sub = id("sub.example.com.");
        assert_eq!(cause(&g, zone, sub), Some(Cause::Cut(sub)));
        assert_eq!(
            cause(&g, zone, id("x.sub.example.com.")),
            Some(Cause::Cut(sub))
        );
        assert_eq!(
            cause(&g, zone, id("z.y.sub.example.com.")),
            Some(Cause::Cut(sub))
        );
        assert_eq!(cause(&g, zone, id("y.d.example.com.")), Some(Cause::Dname));
        // A DNAME hides what is below it, not its own name.
        assert_eq!(cause(&g, zone, id("d.example.com.")), None);
        assert_eq!(cause(&g, zone, id("plain.example.com.")), None);
        assert_eq!(cause(&g, zone, id("example.com.")), None);
    }

    #[test]
    fn wildcard_glue_parents() {
        let g = graph(
            "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nabc NS a.ns.abc\n*.ns.abc AAAA ::1\n\
             def NS ns1.def\nns1.def A 192.0.2.1\n*.def A 192.0.2.2\n",
        );
        let parents = glue_wildcard_parents(&g, ZoneId(0));
        let id = |s: &str| {
            let mut w = Vec::new();
            name::parse_name(s.as_bytes(), None, &mut w).unwrap();
            g.set.names.get(&w).unwrap()
        };
        // `a.ns.abc` owns nothing: a wildcard at `ns.abc` (or above) may answer for it.
        assert!(parents.contains(&id("ns.abc.example.com.")));
        assert!(parents.contains(&id("abc.example.com.")));
        // `ns1.def` has its own address: `*.def` is no glue.
        assert!(!parents.contains(&id("def.example.com.")));
        assert_eq!(
            wildcard_parent(b"\x01*\x02ns\x00"),
            Some(&b"\x02ns\x00"[..])
        );
        assert_eq!(wildcard_parent(b"\x02ns\x00"), None);
    }
}
