use crate::graph::{Graph, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;

declare_rule! {
    /// An SOA record whose owner is not the zone's apex.
    ///
    /// ## What it does
    /// A zone's apex is the owner of its first SOA record (or, without one, the origin the file
    /// was read with). This rule reports every other SOA record of the zone that is not at the
    /// apex: below it (often a child zone's SOA pasted into the parent) or outside it.
    ///
    /// It also reports a zone's first SOA when it was written as a relative name other than
    /// `@` under the origin the file starts with (`www SOA …` in the zone `example.com.`): the
    /// zone's records are then checked against that origin, not against the misplaced SOA. An
    /// owner that repeats the origin (`example.com SOA …`) is left to `origin-repeated`, which
    /// says what went wrong.
    ///
    /// One mistake, one finding: an SOA record not at the apex is reported here only, never as
    /// `soa-multiple` (which counts the SOA records at the apex), `out-of-zone-record` or
    /// `occluded-record`.
    ///
    /// ## Why is this bad?
    /// A zone has exactly one SOA record, at its top (RFC 1035 §5.2): it marks where the zone
    /// starts. An SOA anywhere else is either a zone that was meant to be separate (and is not
    /// delegated properly) or a typing mistake. BIND refuses such a zone (`SOA record not at
    /// top of zone`), and other servers ignore the record.
    ///
    /// ## Example
    /// ```zone
    /// @     SOA  ns1.example.net. hostmaster 1 14400 3600 1209600 3600
    /// @     NS   ns1.example.net.
    /// shop  SOA  ns1.example.net. hostmaster 1 14400 3600 1209600 3600
    /// shop  A    192.0.2.80
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     SOA  ns1.example.net. hostmaster 1 14400 3600 1209600 3600
    /// @     NS   ns1.example.net.
    /// shop  A    192.0.2.80
    /// ```
    ///
    /// Or make `shop.example.com.` a zone of its own, in its own file, delegated from the
    /// parent with NS records.
    ///
    /// ## References
    /// - RFC 1035 §5.2
    /// - RFC 1034 §4.2.1
    pub SoaNotAtApex,
    id: "soa-not-at-apex",
    group: Soa,
    level: Error,
    since: "0.1.0",
}

/// The apex a zone's records are checked against by the zone-structure rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Apex {
    pub(super) name: NameId,
    /// The zone's first SOA when it was written below the file's origin (`www SOA …`): the
    /// apex is then that origin, and this SOA is reported as not at the apex.
    pub(super) misplaced_soa: Option<usize>,
}

/// The apex of a zone: the graph's (the owner of the first SOA, else the origin), except when
/// the first SOA was written as a relative name other than `@` under the origin the file
/// starts with, which is then the apex.
pub(super) fn apex(graph: &Graph, zone: ZoneId) -> Apex {
    let z = graph.zone(zone);
    let origin = graph.set.zones[z.source].origin;
    let first_soa = graph.records_at(zone, z.apex, RType::SOA).first();
    if let (Some(&soa), Some(origin)) = (first_soa, origin)
        && origin != z.apex
    {
        let soa = soa as usize;
        let flags = graph.set.records[soa].flags;
        if flags.has(RecordFlags::OWNER_RELATIVE)
            && !flags.has(RecordFlags::GENERATED)
            && graph.set.origin_of(soa) == Some(origin)
        {
            return Apex {
                name: origin,
                misplaced_soa: Some(soa),
            };
        }
    }
    Apex {
        name: z.apex,
        misplaced_soa: None,
    }
}

/// Whether `wire` ends with `origin` twice (`example.com.example.com.`): `origin-repeated`'s.
fn repeats_origin(wire: &[u8], origin: &[u8]) -> bool {
    let Some(labels) = origin.strip_suffix(&[0]) else {
        return false;
    };
    if labels.is_empty() {
        return false;
    }
    let mut doubled = labels.to_vec();
    doubled.extend_from_slice(origin);
    name::ends_with_name(wire, &doubled)
}

impl Check for SoaNotAtApex {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut current: Option<(ZoneId, Apex)> = None;
        for &index in graph.records_of_type(RType::SOA) {
            let index = index as usize;
            let zone = graph.zone_of_record(index);
            let apex = match current {
                Some((z, apex)) if z == zone => apex,
                _ => {
                    let apex = apex(graph, zone);
                    current = Some((zone, apex));
                    apex
                }
            };
            let record = &graph.set.records[index];
            if record.owner == apex.name {
                continue;
            }
            let apex_wire = graph.set.names.wire(apex.name);
            let owner_wire = graph.set.names.wire(record.owner);
            let fields = record_fields(&graph.set, index);
            let span = fields.owner.unwrap_or(fields.rtype);
            let owner = graph.owner_text(index);
            let apex_text = graph.set.names.text(apex.name);
            if apex.misplaced_soa == Some(index) {
                if repeats_origin(owner_wire, apex_wire) {
                    continue;
                }
                cx.report(
                    span,
                    format!("SOA record at `{owner}`, below the origin `{apex_text}`"),
                )
                .span_label("the zone's SOA, not at its top")
                .help(format_args!(
                    "write the owner as `@` for the origin `{apex_text}`; if the zone is \
                     `{owner}`, start the file with `$ORIGIN {owner}` and write `@` there"
                ))
                .note(
                    "a zone's SOA record sits at its apex (RFC 1035 §5.2); the zone's records \
                     are checked against the origin",
                );
                continue;
            }
            let mut report = cx.report(
                span,
                format!("SOA record at `{owner}`, not at the zone apex `{apex_text}`"),
            );
            if name::is_subdomain(owner_wire, apex_wire) {
                report.span_label("SOA below the apex").help(format_args!(
                    "remove this SOA; if `{owner}` is meant as a zone of its own, give it its own \
                     file and delegate it here with NS records"
                ));
            } else {
                report.span_label("SOA outside the zone").help(format_args!(
                    "remove this SOA, or move it to the zone file of `{owner}`"
                ));
            }
            report.note(
                "a zone has exactly one SOA record, at its apex (RFC 1035 §5.2); servers refuse \
                 the zone or ignore this record",
            );
            if let Some(&soa) = graph.records_at(zone, apex.name, RType::SOA).first() {
                report.label(graph.set.records[soa as usize].span, "the zone's SOA");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph as graph;

    fn apex_text(text: &str) -> (String, Option<usize>) {
        let g = graph(text);
        let apex = apex(&g, ZoneId(0));
        (g.set.names.text(apex.name), apex.misplaced_soa)
    }

    #[test]
    fn apex_is_the_origin_only_for_a_relative_first_soa_under_it() {
        let soa = "SOA ns hm 1 14400 3600 1209600 3600";
        assert_eq!(
            apex_text(&format!("$TTL 1\n@ {soa}\n")),
            ("example.com.".into(), None)
        );
        assert_eq!(
            apex_text(&format!("$TTL 1\nwww {soa}\n")),
            ("example.com.".into(), Some(0))
        );
        // Written absolute, or after a `$ORIGIN`: the SOA is meant where it is.
        assert_eq!(
            apex_text(&format!("$TTL 1\nwww.example.com. {soa}\n")),
            ("www.example.com.".into(), None)
        );
        assert_eq!(
            apex_text(&format!("$TTL 1\n$ORIGIN sub.example.com.\n@ {soa}\n")),
            ("sub.example.com.".into(), None)
        );
        assert_eq!(
            apex_text(&format!("$TTL 1\n$ORIGIN example.org.\nwww {soa}\n")),
            ("www.example.org.".into(), None)
        );
        // No SOA: the origin.
        assert_eq!(
            apex_text("$TTL 1\nwww A 192.0.2.1\n"),
            ("example.com.".into(), None)
        );
    }

    #[test]
    fn repeated_origin() {
        let origin = b"\x07example\x03com\x00";
        assert!(repeats_origin(
            b"\x07example\x03com\x07example\x03com\x00",
            origin
        ));
        assert!(repeats_origin(
            b"\x03www\x07Example\x03com\x07example\x03com\x00",
            origin
        ));
        assert!(!repeats_origin(b"\x03www\x07example\x03com\x00", origin));
        assert!(!repeats_origin(b"\x03www\x00", b"\x00"));
    }
}
