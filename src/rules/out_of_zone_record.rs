use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{Graph, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

use super::relative_target_looks_absolute::is_icann_tld;
use super::soa_not_at_apex::{Apex, apex};

declare_rule! {
    /// A record whose owner is not at or below its zone's apex.
    ///
    /// ## What it does
    /// Reports records of a zone file whose owner lies outside the zone: not the apex (the
    /// owner of the zone's SOA, else the origin) and not below it. One mistake gives one
    /// finding, with the number of records it put outside the zone:
    /// - an owner written as an absolute name, with the records after it that inherit it (a
    ///   blank owner);
    /// - every owner written relative to an origin that lies outside the zone (a wrong
    ///   `$ORIGIN`, or a file read with an origin that is not its SOA's name);
    /// - every record of one `$GENERATE` directive.
    ///
    /// The help names the likely cause: a stray trailing dot (`www.` is a top-level name, not
    /// `www.example.com.`), a name that belongs to another zone of the run, or the origin in
    /// force. SOA records are left to `soa-not-at-apex`. A file without an SOA and without an
    /// origin is not checked: its apex would only be a guess.
    ///
    /// ## Why is this bad?
    /// A zone is served from its apex down: data outside it should only be glue, never "the
    /// result of an origin or similar error" (RFC 1035 §5.2). Servers drop such records, BIND
    /// with a warning (`ignoring out-of-zone data`), Knot and NSD silently, so the records
    /// never reach anyone while the file looks complete.
    ///
    /// ## Example
    /// ```zone
    /// @     NS   ns1.example.net.
    /// www.  A    192.0.2.80
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     NS   ns1.example.net.
    /// www   A    192.0.2.80
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.2
    /// - RFC 1035 §5.1
    pub OutOfZoneRecord,
    id: "out-of-zone-record",
    group: Zone,
    level: Error,
    since: "0.1.0",
}

/// What put a record outside its zone: records with the same cause are one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Cause {
    /// An owner written absolute (this record's index), and the records inheriting it.
    Owner(usize),
    /// Owners written relative to an origin outside the zone: that origin's entry in
    /// [`crate::zone::loader::ZoneSet::origins`].
    Origin(usize),
    /// The records of one `$GENERATE` directive.
    Generated(Span),
}

/// The records outside the zone that one cause put there.
#[derive(Debug)]
struct Group {
    cause: Cause,
    first: usize,
    last: usize,
    count: usize,
    /// Started by an SOA record: `soa-not-at-apex`'s finding.
    soa: bool,
}

/// The entry of `set.origins` in force for record `index`.
fn origin_entry(graph: &Graph, index: usize) -> usize {
    graph
        .set
        .origins
        .partition_point(|&(first, _)| first as usize <= index)
        .saturating_sub(1)
}

/// Groups the records of a zone that lie outside `apex`, in source order.
fn groups(graph: &Graph, zone: ZoneId, apex: NameId) -> Vec<Group> {
    let set = &graph.set;
    let apex_wire = set.names.wire(apex);
    let mut groups: Vec<Group> = Vec::new();
    let mut by_cause: FxHashMap<Cause, usize> = FxHashMap::default();
    // The group of the previous record, when it was outside the zone.
    let mut previous: Option<usize> = None;
    for index in set.zones[graph.zone(zone).source].records.clone() {
        let record = &set.records[index];
        if name::is_subdomain(set.names.wire(record.owner), apex_wire) {
            previous = None;
            continue;
        }
        let flags = record.flags;
        let cause = match previous {
            _ if flags.has(RecordFlags::GENERATED) => Cause::Generated(record.span),
            Some(group) if flags.has(RecordFlags::OWNER_INHERITED) => groups[group].cause,
            _ if flags.has(RecordFlags::OWNER_RELATIVE) => {
                Cause::Origin(origin_entry(graph, index))
            }
            _ => Cause::Owner(index),
        };
        let group = *by_cause.entry(cause).or_insert_with(|| {
            groups.push(Group {
                cause,
                first: index,
                last: index,
                count: 0,
                soa: record.rtype == RType::SOA,
            });
            groups.len() - 1
        });
        if record.rtype != RType::SOA {
            groups[group].last = index;
            groups[group].count += 1;
        }
        previous = Some(group);
    }
    groups.retain(|g| !g.soa && g.count > 0);
    groups
}

/// The help for a record whose owner was written absolute.
fn owner_help(graph: &Graph, zone: ZoneId, index: usize, ns_targets: &FxHashSet<NameId>) -> String {
    let set = &graph.set;
    let record = &set.records[index];
    let owner = set.names.wire(record.owner);
    let owner_text = set.names.text(record.owner);
    if let Some(other) = graph.find_zone(owner)
        && other != zone
        && graph.zone(other).apex != graph.zone(zone).apex
    {
        let other_zone = graph.zone(other);
        let path = set.sources.file(set.zones[other_zone.source].file).path();
        return format!(
            "move the record to the zone `{}` ({})",
            set.names.text(other_zone.apex),
            path.display()
        );
    }
    if matches!(record.rtype, RType::A | RType::AAAA) && ns_targets.contains(&record.owner) {
        return format!(
            "remove the address: servers do not serve data outside the zone, not even as glue \
             for a name server; the zone of `{owner_text}` publishes it"
        );
    }
    let last = name::labels(owner).last().unwrap_or_default();
    if !is_icann_tld(last) {
        let written = record_fields(set, index)
            .owner
            .map_or_else(|| owner_text.clone(), |s| set.sources.snippet(s));
        let relative = written.strip_suffix('.').unwrap_or(&written);
        let origin = set
            .origin_of(index)
            .map(|o| set.names.text(o))
            .unwrap_or_default();
        if !relative.is_empty() && !origin.is_empty() {
            let meant = if origin == "." {
                format!("{relative}.")
            } else {
                format!("{relative}.{origin}")
            };
            return format!(
                "write the owner without its trailing dot, `{relative}`, for `{meant}`: a name \
                 ending in a dot is absolute"
            );
        }
    }
    format!(
        "correct the owner, or move the record to the zone of `{owner_text}`: this zone holds \
         only names at or below its apex"
    )
}

/// The help for records whose owners were written relative to an origin outside the zone.
fn origin_help(graph: &Graph, zone: ZoneId, entry: usize, apex: &str) -> String {
    let set = &graph.set;
    let origin = set.origins.get(entry).and_then(|&(_, o)| o);
    let origin_text = origin.map(|o| set.names.text(o)).unwrap_or_default();
    if origin.is_some() && origin == set.zones[graph.zone(zone).source].origin {
        format!(
            "the file's origin `{origin_text}` (given, or taken from the file name) is not the \
             zone's apex: start the file with `$ORIGIN {apex}`, or read it with `--origin {apex}`"
        )
    } else {
        format!(
            "correct the origin in force here (`{origin_text}`, from `$ORIGIN` or `$INCLUDE`), \
             or write the owners as absolute names"
        )
    }
}

impl Check for OutOfZoneRecord {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        for (zone, z) in graph.zone_ids() {
            let source = &set.zones[z.source];
            let has_soa = !graph.records_at(zone, z.apex, RType::SOA).is_empty();
            if !has_soa && source.origin.is_none() && source.first_origin_directive.is_none() {
                continue; // the apex is only the first owner: a guess
            }
            let Apex { name: apex, .. } = apex(graph, zone);
            let found = groups(graph, zone, apex);
            if found.is_empty() {
                continue;
            }
            // NS targets of the zone, for telling misplaced glue apart (built only when needed).
            let ns_targets: FxHashSet<NameId> = graph
                .records_of_type(RType::NS)
                .iter()
                .filter(|&&i| graph.zone_of_record(i as usize) == zone)
                .filter_map(|&i| set.names.get(graph.target(i as usize)?))
                .collect();
            let apex_text = set.names.text(apex);
            for group in found {
                let first = group.first;
                let fields = record_fields(set, first);
                let span = fields.owner.unwrap_or(fields.rtype);
                let owner = graph.owner_text(first);
                let message = if group.count > 1 {
                    format!(
                        "record at `{owner}` and {} more are outside the zone `{apex_text}`",
                        group.count - 1
                    )
                } else {
                    format!("record at `{owner}` is outside the zone `{apex_text}`")
                };
                let help = match group.cause {
                    Cause::Owner(index) => owner_help(graph, zone, index, &ns_targets),
                    Cause::Origin(entry) => origin_help(graph, zone, entry, &apex_text),
                    Cause::Generated(_) => format!(
                        "correct the owner of the `$GENERATE` template so that it lies at or \
                         below `{apex_text}`"
                    ),
                };
                let mut report = cx.report(span, message);
                report
                    .span_label(format_args!("not at or below `{apex_text}`"))
                    .help(help)
                    .note(
                        "data outside a zone should only be glue, never the result of an origin \
                         or similar error (RFC 1035 §5.2); servers drop it, so it is never served",
                    );
                if group.last != first && !matches!(group.cause, Cause::Generated(_)) {
                    report.label(set.records[group.last].span, "last record outside the zone");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph as graph;
    use crate::zone::{ReadOptions, Reader};

    /// `(first, last, count)` of each group.
    fn grouped(text: &str) -> Vec<(usize, usize, usize)> {
        let g = graph(text);
        let apex = apex(&g, ZoneId(0)).name;
        groups(&g, ZoneId(0), apex)
            .iter()
            .map(|g| (g.first, g.last, g.count))
            .collect()
    }

    #[test]
    fn one_group_per_mistake() {
        let text = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n\
                    www. A 192.0.2.1\n AAAA 2001:db8::1\n\
                    ok A 192.0.2.2\n\
                    www. TXT x\n\
                    $ORIGIN example.org.\na A 192.0.2.3\nb A 192.0.2.4\nc.example.com. A 192.0.2.5\n\
                    d A 192.0.2.6\n";
        // Records: 0 SOA, 1-2 `www.`, 3 ok, 4 `www.` again, 5-6 a/b, 7 in zone, 8 d.
        assert_eq!(grouped(text), [(1, 2, 2), (4, 4, 1), (5, 8, 3)]);
    }

    #[test]
    fn soa_records_are_left_to_soa_not_at_apex() {
        let text = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\nexample.org. SOA ns hm 1 2 3 4 5\n NS ns\n\
                    example.org. A 192.0.2.1\n";
        assert_eq!(grouped(text), [(3, 3, 1)]);
    }

    #[test]
    fn a_guessed_apex_is_not_checked() {
        let mut reader = Reader::new(ReadOptions {
            infer_origin: false,
            ..ReadOptions::default()
        });
        let text = b"$TTL 1\nwww.example.com. A 192.0.2.1\nmail.example.com. A 192.0.2.2\n";
        reader
            .read_bytes("fragment".as_ref(), text.to_vec())
            .unwrap();
        let graph = Graph::build(reader.finish());
        let mut config = crate::rules::RuleConfig::default();
        config.only(&["out-of-zone-record"]).unwrap();
        assert!(crate::rules::run(&graph, &config).is_empty());
    }

    #[test]
    fn a_misplaced_soa_keeps_the_origin_as_apex() {
        let text = "$TTL 1\nwww SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";
        assert!(grouped(text).is_empty());
    }
}
