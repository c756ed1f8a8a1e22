use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{Graph, NameStatus, ZoneId};
use crate::rules::mx_target_no_address::Unanswered;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An NS target in a zone of the run that has no A or AAAA record.
    ///
    /// ## What it does
    /// Follows the target of every NS record, at a zone's apex or at a delegation, into the
    /// zones given and reports it when the zone serving it holds no address for it: the name
    /// does not exist, or owns other data only (a wildcard with an A or AAAA record answering
    /// for a missing name is an address, as BIND counts it). A target below a delegation is
    /// the business of glue: at a delegation of the NS record's own zone a missing address is
    /// `ns-glue-missing`'s finding; below a delegation whose child zone is not in the run only
    /// the parent's glue is known, and without glue the target is unknown and not reported,
    /// like a name outside every zone of the run. An apex NS naming a host below one of the
    /// zone's own delegations is not checked for glue (neither is it by BIND): the zone's
    /// parent carries that glue. Left to other rules, so a mistake is reported once: a target
    /// that is an alias or below a DNAME (`ns-target-is-cname`), written as an IP address
    /// (`ns-target-is-address`), or written without its trailing dot (`origin-repeated`,
    /// `relative-target-looks-absolute`). A zone that did not read completely is not judged:
    /// the address may be in the entry that could not be read.
    ///
    /// ## Why is this bad?
    /// An NS record names a host that resolvers must reach by address (RFC 2181 §10.3;
    /// RFC 1034 §4.2.2). A target without A or AAAA records is a name server nobody can ask:
    /// the zone, or the delegated child, loses that server, and with every server gone it stops
    /// resolving. BIND refuses to load a zone whose apex NS has no address.
    ///
    /// ## Example
    /// ```zone
    /// @     NS    ns1
    /// @     NS    ns2
    /// ns1   A     192.0.2.53
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     NS    ns1
    /// @     NS    ns2
    /// ns1   A     192.0.2.53
    /// ns2   A     198.51.100.53
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §10.3
    /// - RFC 1034 §4.2.2
    pub NsTargetNoAddress,
    id: "ns-target-no-address",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

/// What is wrong with an NS record's target, as far as the run can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TargetProblem {
    /// The target owns a CNAME: the CNAME record.
    Alias { cname: u32 },
    /// The target is below a DNAME: the DNAME record.
    BelowDname { dname: u32 },
    /// Authoritative data of `zone` without A/AAAA: `exists` is false for a missing name,
    /// `wildcard` is the wildcard answering for it.
    NoAddress {
        zone: ZoneId,
        exists: bool,
        wildcard: Option<NameId>,
    },
    /// At or below the cut `cut` of the NS record's own zone, named by a delegation, without
    /// glue; `sibling` when `cut` is another delegation than the NS record's own.
    GlueMissing { cut: NameId, sibling: bool },
}

/// What the NS rules share, built once per run (see [`ns_targets`]).
#[derive(Debug, Default)]
pub(super) struct NsTargets {
    /// NS records (apex or delegation) whose target has a problem, with the problem.
    pub problems: Vec<(u32, TargetProblem)>,
    /// Names with glue: `(zone, name)` for NS targets below a cut of their zone that own
    /// A/AAAA there, each once. Only gathered when the run has several zones (a child zone to
    /// compare the glue with, for `ns-glue-mismatch`).
    pub glued: Vec<(ZoneId, NameId)>,
}

/// What one NS target is.
#[derive(Clone, Copy)]
enum Verdict {
    /// Has an address, or cannot be judged offline.
    Fine,
    /// Below a cut of the NS record's zone, with glue there.
    Glued(NameId),
    Problem(TargetProblem),
}

/// Classifies the target of every NS record of the run: one walk over the NS records, shared
/// by `ns-target-no-address`, `ns-target-is-cname`, `ns-glue-missing` and `ns-glue-mismatch`
/// through [`Graph::derived`].
pub(super) fn ns_targets(graph: &Graph) -> NsTargets {
    let mut out = NsTargets::default();
    let several_zones = graph.zones().len() > 1;
    let mut seen_glue = FxHashSet::default();
    // What the run says of each target outside its NS record's zone: a TLD's million NS records
    // name a hundred thousand servers, each then looked up once.
    let mut elsewhere = FxHashMap::default();
    for (zone_id, set) in graph.rrsets_of_type(RType::NS) {
        let zone = graph.zone(zone_id);
        let records = graph.records_of(zone_id, &set);
        let at_apex = set.owner == zone.apex;
        // NS records at a cut are the delegation; elsewhere (below another cut or a DNAME,
        // out of the zone) they are never served.
        if !at_apex && !is_served_cut(graph, zone_id, set.owner) {
            continue;
        }
        let owner = graph.set.names.wire(set.owner);
        for &index in records {
            let i = index as usize;
            if graph.set.records[i].is_opaque() {
                continue;
            }
            let Some(target) = graph.target(i) else {
                continue;
            };
            let problem = match classify(graph, zone_id, owner, at_apex, target, &mut elsewhere) {
                Verdict::Fine => continue,
                Verdict::Glued(id) => {
                    if several_zones && seen_glue.insert((zone_id, id)) {
                        out.glued.push((zone_id, id));
                    }
                    continue;
                }
                Verdict::Problem(problem) => problem,
            };
            // A target written as an address, or a missing name written without its trailing
            // dot, is another rule's finding (they say what went wrong).
            let missing = matches!(problem, TargetProblem::NoAddress { exists: false, .. });
            if super::ns_target_is_address::written_address(graph, i).is_some()
                || (missing
                    && super::relative_target_looks_absolute::lost_trailing_dot(
                        graph, i, target, "target",
                    ))
            {
                continue;
            }
            out.problems.push((index, problem));
        }
    }
    out
}

/// Whether `owner` is a delegation that zone `zone_id` serves: a cut below the apex with no
/// other cut and no DNAME above it, the apex's included (NS records there would never be
/// served, RFC 2181 §6.1; RFC 6672 §2.3).
pub(super) fn is_served_cut(graph: &Graph, zone_id: ZoneId, owner: NameId) -> bool {
    let zone = graph.zone(zone_id);
    if owner == zone.apex || !zone.cuts.contains(&owner) {
        return false;
    }
    let names = &graph.set.names;
    let apex = names.wire(zone.apex);
    let wire = names.wire(owner);
    if !name::is_subdomain(wire, apex) || zone.dnames.contains(&zone.apex) {
        return false;
    }
    let mut cur = name::parent(wire);
    while let Some(n) = cur {
        if n.len() <= apex.len() {
            break;
        }
        if let Some(id) = names.get(n)
            && (zone.cuts.contains(&id) || zone.dnames.contains(&id))
        {
            return false;
        }
        cur = name::parent(n);
    }
    true
}

/// What the NS record at `owner` (lowercase wire; `at_apex` when it is the zone's apex) of
/// zone `zone_id` says by naming `target` (wire, any case).
/// `elsewhere` remembers the verdicts of targets not below a cut of the NS record's own zone,
/// which do not depend on the record.
fn classify<'g>(
    graph: &'g Graph,
    zone_id: ZoneId,
    owner: &[u8],
    at_apex: bool,
    target: &'g [u8],
    elsewhere: &mut FxHashMap<&'g [u8], Verdict>,
) -> Verdict {
    let names = &graph.set.names;
    let zone = graph.zone(zone_id);
    let apex = names.wire(zone.apex);
    if name::ends_with_name(target, apex) {
        // A DNAME at the apex rewrites every name below it.
        if target.len() > apex.len() && zone.dnames.contains(&zone.apex) {
            return dname_verdict(graph, zone_id, zone.apex);
        }
        // The NS record's own zone decides first: a cut of it above the target makes the
        // target glue, even when the child zone is in the run too.
        let mut cur = Some(target);
        let mut at_target = true;
        while let Some(n) = cur {
            if n.len() <= apex.len() {
                break;
            }
            if let Some(id) = names.get(n) {
                if zone.cuts.contains(&id) {
                    return glue_verdict(graph, zone_id, owner, at_apex, target, id);
                }
                if !at_target && zone.dnames.contains(&id) {
                    return dname_verdict(graph, zone_id, id);
                }
            }
            at_target = false;
            cur = name::parent(n);
        }
    }
    *elsewhere
        .entry(target)
        .or_insert_with(|| classify_by_lookup(graph, target))
}

/// What the run's index says of an NS target that is not below a cut of its record's zone.
fn classify_by_lookup(graph: &Graph, target: &[u8]) -> Verdict {
    let names = &graph.set.names;
    match graph.lookup(target) {
        // Outside the run, or below a delegation of another zone whose glue is all we know.
        NameStatus::Unknown | NameStatus::Delegated { .. } => Verdict::Fine,
        NameStatus::BelowDname { zone, dname } => dname_verdict(graph, zone, dname),
        NameStatus::Authoritative { zone, exists } => {
            let z = graph.zone(zone);
            if target.len() > names.wire(z.apex).len() && z.dnames.contains(&z.apex) {
                return dname_verdict(graph, zone, z.apex);
            }
            let answering = if exists {
                names.get(target)
            } else {
                super::mx_target_no_address::wildcard_for(graph, zone, target)
            };
            if let Some(id) = answering {
                if exists && let Some(&cname) = graph.records_at(zone, id, RType::CNAME).first() {
                    return Verdict::Problem(TargetProblem::Alias { cname });
                }
                if graph
                    .rrsets_at(zone, id)
                    .any(|s| matches!(s.rtype, RType::A | RType::AAAA | RType::CNAME))
                {
                    return Verdict::Fine;
                }
            }
            if !graph.zone(zone).complete {
                return Verdict::Fine;
            }
            Verdict::Problem(TargetProblem::NoAddress {
                zone,
                exists,
                wildcard: answering.filter(|_| !exists),
            })
        }
    }
}

/// A target at or below `cut`, a delegation of the NS record's own zone.
fn glue_verdict(
    graph: &Graph,
    zone_id: ZoneId,
    owner: &[u8],
    at_apex: bool,
    target: &[u8],
    cut: NameId,
) -> Verdict {
    let glue = graph.set.names.get(target).filter(|&id| {
        !graph.records_at(zone_id, id, RType::A).is_empty()
            || !graph.records_at(zone_id, id, RType::AAAA).is_empty()
    });
    match glue {
        Some(id) => Verdict::Glued(id),
        // The zone's own servers below one of its delegations: the zone's parent holds the
        // glue that matters (BIND checks glue at delegations only).
        None if at_apex || !graph.zone(zone_id).complete => Verdict::Fine,
        None => Verdict::Problem(TargetProblem::GlueMissing {
            cut,
            sibling: !name::ends_with_name(target, owner),
        }),
    }
}

/// A target below the DNAME at `dname` in `zone`.
fn dname_verdict(graph: &Graph, zone: ZoneId, dname: NameId) -> Verdict {
    match graph.records_at(zone, dname, RType::DNAME).first() {
        Some(&dname) => Verdict::Problem(TargetProblem::BelowDname { dname }),
        None => Verdict::Fine,
    }
}

impl Check for NsTargetNoAddress {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let targets = graph.derived(ns_targets);
        for &(index, problem) in &targets.problems {
            let TargetProblem::NoAddress {
                zone,
                exists,
                wildcard,
            } = problem
            else {
                continue;
            };
            let index = index as usize;
            let record = &graph.set.records[index];
            let Some(target) = graph.target(index) else {
                continue;
            };
            let text = name::to_text(target);
            let message = if exists || wildcard.is_some() {
                format!("NS target `{text}` has no address records")
            } else {
                format!("NS target `{text}` does not exist")
            };
            let fields = record_fields(&graph.set, index);
            let mut report = cx.report(fields.field("target").unwrap_or(record.span), message);
            report
                .span_label("name server without A/AAAA")
                .help(format_args!(
                    "add an A or AAAA record for `{text}`, or point the NS at a host that has one"
                ))
                .note(
                    "an NS must name a host with address records (RFC 2181 §10.3); resolvers \
                     cannot ask a name server they have no address for",
                );
            // Where the name's data, or the wildcard answering for it, lives.
            let shown = wildcard.or_else(|| graph.set.names.get(target).filter(|_| exists));
            let first = shown.and_then(|id| {
                let set = graph.rrsets_at(zone, id).next()?;
                graph.records_of(zone, &set).first().copied()
            });
            Unanswered {
                wildcard,
                first_record: first.map(|f| f as usize),
            }
            .label_answer(&mut report, graph, zone, index, "target");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    fn graph(files: &[(&str, &str)]) -> Graph {
        let mut reader = Reader::new(ReadOptions::default());
        for (path, text) in files {
            reader.set_origin(None);
            reader
                .read_bytes(path.as_ref(), text.as_bytes().to_vec())
                .unwrap();
        }
        Graph::build(reader.finish())
    }

    /// `(owner, target, problem kind)` of every problem found.
    fn problems(g: &Graph) -> Vec<(String, String, &'static str)> {
        g.derived(ns_targets)
            .problems
            .iter()
            .map(|&(i, p)| {
                let kind = match p {
                    TargetProblem::Alias { .. } => "alias",
                    TargetProblem::BelowDname { .. } => "dname",
                    TargetProblem::NoAddress { exists: true, .. } => "no address",
                    TargetProblem::NoAddress { exists: false, .. } => "missing",
                    TargetProblem::GlueMissing { sibling: false, .. } => "required glue",
                    TargetProblem::GlueMissing { sibling: true, .. } => "sibling glue",
                };
                let target = name::to_text(g.target(i as usize).unwrap());
                (g.owner_text(i as usize), target, kind)
            })
            .collect()
    }

    const ZONE: &str = "$TTL 1
@ SOA ns1 hm 1 2 3 4 5
@ NS ns1
@ NS ns2
@ NS alias
@ NS ns.old
@ NS ns.apexcut
@ NS ns.example.net.
ns1 A 192.0.2.1
ns2 TXT \"no address\"
alias CNAME ns1
old DNAME example.org.
apexcut NS ns9.example.net.
a NS ns.a
b NS ns.b
ns.b AAAA 2001:db8::1
c NS ns.d
d NS ns.d
d NS ns1
e NS ns.f
f NS ns1
g NS x.wild
*.wild A 192.0.2.7
h NS gone
i NS 192.0.2.9
j NS ns.example.com
; a relative target ending in a TLD (`abc`), below a cut: glue, not a lost trailing dot
abc NS a.ns.abc
";

    #[test]
    fn every_target_is_classified_once() {
        let g = graph(&[("example.com.zone", ZONE)]);
        let strings = |v: &[(&str, &str, &'static str)]| -> Vec<(String, String, &'static str)> {
            v.iter()
                .map(|&(o, t, k)| (o.to_owned(), t.to_owned(), k))
                .collect()
        };
        let mut found = problems(&g);
        found.sort();
        assert_eq!(
            found,
            strings(&[
                ("a.example.com.", "ns.a.example.com.", "required glue"),
                ("abc.example.com.", "a.ns.abc.example.com.", "required glue"),
                ("c.example.com.", "ns.d.example.com.", "sibling glue"),
                ("d.example.com.", "ns.d.example.com.", "required glue"),
                ("e.example.com.", "ns.f.example.com.", "sibling glue"),
                ("example.com.", "alias.example.com.", "alias"),
                ("example.com.", "ns.old.example.com.", "dname"),
                ("example.com.", "ns2.example.com.", "no address"),
                ("h.example.com.", "gone.example.com.", "missing"),
            ])
        );
        // One zone: no glue is gathered for comparison.
        assert!(g.derived(ns_targets).glued.is_empty());
    }

    #[test]
    fn an_apex_dname_shadows_every_target_below_it() {
        let g = graph(&[(
            "dname.zone",
            "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\n@ NS other.\n@ DNAME .\nsub NS ns9\n",
        )]);
        assert_eq!(
            problems(&g),
            [("dname.".to_owned(), "ns.dname.".to_owned(), "dname")]
        );
    }

    #[test]
    fn under_the_root_origin_relative_targets_lose_nothing() {
        let mut reader = Reader::new(ReadOptions {
            origin: Some(".".into()),
            ..ReadOptions::default()
        });
        let text = "$TTL 1\n. SOA a.root-servers.nil. hm 1 2 3 4 5\n. NS a.root-servers.nil.\n\
                    a.root-servers.nil. A 192.0.2.1\n\
                    all-cnames NS cname.tld\n";
        reader
            .read_bytes("root.db".as_ref(), text.as_bytes().to_vec())
            .unwrap();
        let g = Graph::build(reader.finish());
        assert_eq!(
            problems(&g),
            [("all-cnames.".to_owned(), "cname.tld.".to_owned(), "missing")]
        );
    }

    #[test]
    fn the_parent_decides_glue_even_with_the_child_in_the_run() {
        let parent = "$TTL 1
@ SOA ns1 hm 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.1
sub NS ns1.sub
sub NS ns2.sub
ns2.sub A 192.0.2.2
";
        let child = "$TTL 1
@ SOA ns1 hm 1 2 3 4 5
@ NS ns1
@ NS ns2
ns1 A 192.0.2.11
ns2 A 192.0.2.2
";
        let g = graph(&[
            ("example.com.zone", parent),
            ("sub.example.com.zone", child),
        ]);
        assert_eq!(
            problems(&g),
            [(
                "sub.example.com.".to_owned(),
                "ns1.sub.example.com.".to_owned(),
                "required glue"
            )]
        );
        let glued: Vec<String> = g
            .derived(ns_targets)
            .glued
            .iter()
            .map(|&(_, id)| g.set.names.text(id))
            .collect();
        assert_eq!(glued, ["ns2.sub.example.com."]);
    }

    #[test]
    fn delegated_names_of_other_zones_are_known_by_glue_only() {
        let net = "$TTL 1
@ SOA ns1 hm 1 2 3 4 5
@ NS ns1
ns1 A 192.0.2.1
sub NS ns.sub
sub NS ns1
";
        let com = "$TTL 1
@ SOA ns1 hm 1 2 3 4 5
@ NS ns1.example.com.
@ NS ns.sub.example.net.
@ NS ns.elsewhere.example.
ns1 A 192.0.2.2
";
        let g = graph(&[("example.net.zone", net), ("example.com.zone", com)]);
        // `ns.sub.example.net.` lacks glue in example.net. (that zone's finding), and is
        // unknown from example.com.
        assert_eq!(
            problems(&g),
            [(
                "sub.example.net.".to_owned(),
                "ns.sub.example.net.".to_owned(),
                "required glue"
            )]
        );
    }
}
