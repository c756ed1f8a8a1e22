use crate::graph::{Graph, RrSet, Zone, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A DNAME with data below it, several DNAMEs at one name, or a DNAME beside a CNAME or a
    /// delegation.
    ///
    /// ## What it does
    /// Checks every DNAME record of the run against RFC 6672 §2.3–2.4 and reports:
    /// - a name below a DNAME's owner that owns records (once per name, on its first record's
    ///   owner); NSEC3 records and their signatures are exempt, since a signed zone with a DNAME
    ///   at its apex keeps its NSEC3 chain there;
    /// - a second DNAME at a name whose target differs from the first's (the same DNAME twice
    ///   is `duplicate-record`'s finding);
    /// - a DNAME beside a CNAME (reported here only, not by `cname-and-other-data`);
    /// - a DNAME beside NS records below the apex (a delegation point); at the apex, NS records
    ///   beside a DNAME are normal.
    ///
    /// ## Why is this bad?
    /// A DNAME rewrites every name below its owner: names there are never served, so data
    /// written for them is lost (RFC 6672 §2.4). A name has one DNAME at most (§2.4), and may
    /// not be an alias too (§2.3). At a delegation point the parent is not authoritative for the
    /// name, so its DNAME is never served (§2.3). Servers refuse such zones or ignore part of
    /// them.
    ///
    /// ## Example
    /// ```zone
    /// old      DNAME example.net.
    /// www.old  A     192.0.2.10
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// old      DNAME example.net.
    /// ; file: example.net.zone
    /// www      A     192.0.2.10
    /// ```
    ///
    /// ## References
    /// - RFC 6672 §2.3
    /// - RFC 6672 §2.4
    pub DnameStructure,
    id: "dname-structure",
    group: Dname,
    level: Error,
    since: "0.1.0",
}

impl Check for DnameStructure {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, zone) in graph.zone_ids() {
            if zone.dnames.is_empty() {
                continue;
            }
            let mut group: Vec<RrSet> = Vec::new();
            let mut sets = graph.rrsets(zone_id).peekable();
            while let Some(first) = sets.next() {
                group.clear();
                group.push(first);
                while let Some(next) = sets.next_if(|s| s.owner == first.owner) {
                    group.push(next);
                }
                below_dname(graph, cx, zone_id, zone, &group);
                if let Some(dname) = group.iter().find(|s| s.rtype == RType::DNAME) {
                    at_dname(graph, cx, zone_id, zone, &group, dname);
                }
            }
        }
    }
}

/// The closest DNAME owner strictly above `owner`, up to the apex.
fn dname_above(graph: &Graph, zone: &Zone, owner: NameId) -> Option<NameId> {
    let apex_len = graph.set.names.wire(zone.apex).len();
    let mut cur = name::parent(graph.set.names.wire(owner));
    while let Some(n) = cur {
        if n.len() < apex_len {
            return None;
        }
        if let Some(id) = graph.set.names.get(n)
            && zone.dnames.contains(&id)
        {
            return Some(id);
        }
        cur = name::parent(n);
    }
    None
}

/// Reports an owner below a DNAME.
fn below_dname(graph: &Graph, cx: &mut Context<'_>, zone_id: ZoneId, zone: &Zone, group: &[RrSet]) {
    let Some(first) = group.first() else { return };
    if group
        .iter()
        .all(|s| matches!(s.rtype, RType::NSEC3 | RType::RRSIG))
        || !name::is_subdomain(
            graph.set.names.wire(first.owner),
            graph.set.names.wire(zone.apex),
        )
    {
        return;
    }
    let Some(dname_owner) = dname_above(graph, zone, first.owner) else {
        return;
    };
    let Some(index) = group
        .iter()
        .map(|s| graph.records_of(zone_id, s)[0])
        .min()
        .map(|i| i as usize)
    else {
        return;
    };
    let Some(&dname) = graph.records_at(zone_id, dname_owner, RType::DNAME).first() else {
        return;
    };
    let fields = record_fields(&graph.set, index);
    let owner = graph.set.names.text(first.owner);
    let dname_text = graph.set.names.text(dname_owner);
    cx.report(
        fields.owner.unwrap_or(graph.set.records[index].span),
        format!("`{owner}` is below the DNAME at `{dname_text}` and is never served"),
    )
    .span_label("data below a DNAME")
    .label(graph.set.records[dname as usize].span, "DNAME defined here")
    .help(format_args!(
        "move the data to the DNAME's target zone, or remove the DNAME at `{dname_text}`"
    ))
    .note("a DNAME rewrites every name below its owner, which may own no data (RFC 6672 §2.4)");
}

/// Reports a second DNAME, and a DNAME beside a CNAME or a delegation.
fn at_dname(
    graph: &Graph,
    cx: &mut Context<'_>,
    zone_id: ZoneId,
    zone: &Zone,
    group: &[RrSet],
    dname: &RrSet,
) {
    let owner = graph.set.names.text(dname.owner);
    let records = graph.records_of(zone_id, dname);
    let first = records[0] as usize;
    if records.len() > 1 {
        let first_target = graph.target(first).unwrap_or_default();
        for (index, target) in graph.records_with_new_targets(records) {
            let fields = record_fields(&graph.set, index);
            cx.report(
                fields
                    .field("target")
                    .unwrap_or(graph.set.records[index].span),
                format!(
                    "another DNAME at `{owner}`, to `{}` besides `{}`",
                    name::to_text(target),
                    name::to_text(first_target)
                ),
            )
            .span_label("another DNAME target")
            .label(graph.set.records[first].span, "first DNAME defined here")
            .help(format_args!(
                "keep one DNAME at `{owner}` and remove the others"
            ))
            .note("a name may own one DNAME record at most (RFC 6672 §2.4)");
        }
    }
    let fields = || record_fields(&graph.set, first);
    if let Some(cname) = group.iter().find(|s| s.rtype == RType::CNAME) {
        let cname = graph.records_of(zone_id, cname)[0] as usize;
        cx.report(fields().rtype, format!("DNAME at `{owner}` beside a CNAME"))
            .span_label("DNAME at an alias")
            .label(graph.set.records[cname].span, "CNAME defined here")
            .help("keep either the CNAME or the DNAME")
            .note("a name with a CNAME may own no other data, a DNAME included (RFC 6672 §2.3)");
    }
    if dname.owner != zone.apex
        && let Some(ns) = group.iter().find(|s| s.rtype == RType::NS)
    {
        let ns = graph.records_of(zone_id, ns)[0] as usize;
        cx.report(
            fields().rtype,
            format!("DNAME at the delegation point `{owner}`"),
        )
        .span_label("DNAME at a delegation")
        .label(graph.set.records[ns].span, "NS record defined here")
        .help("put the DNAME in the child zone's apex, or remove the delegation")
        .note(
            "below the apex, a DNAME may not share its name with NS records: the parent is not \
             authoritative there (RFC 6672 §2.3)",
        );
    }
}
