use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A zone without NS records at its apex.
    ///
    /// ## What it does
    /// Reports a zone whose apex owns no NS record. The finding points at the apex's SOA
    /// record, at the zone's first record when there is no SOA at the apex, or at the start of
    /// a zone file without any record (BIND refuses such a zone too). A zone that did not read
    /// completely is not judged: the NS records may be in the entry that could not be read.
    ///
    /// ## Why is this bad?
    /// The NS records at the apex name the zone's authoritative servers; every zone must have
    /// them (RFC 1035 §5.2; RFC 2181 §6.1). BIND and Knot refuse to load a zone without them,
    /// and a server that loads it anyway answers referrals and NS queries with nothing: the
    /// zone's own view of who serves it is missing.
    ///
    /// ## Example
    /// ```zone
    /// @     SOA   ns1 hostmaster 2024010101 7200 3600 1209600 3600
    /// ns1   A     192.0.2.53
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     SOA   ns1 hostmaster 2024010101 7200 3600 1209600 3600
    /// @     NS    ns1
    /// @     NS    ns2.example.net.
    /// ns1   A     192.0.2.53
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §6.1
    /// - RFC 1035 §5.2
    pub NsApexMissing,
    id: "ns-apex-missing",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

impl Check for NsApexMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, zone) in graph.zone_ids() {
            if !zone.complete || graph.rrset(zone_id, zone.apex, RType::NS).is_some() {
                continue;
            }
            let source = &graph.set.zones[zone.source];
            let soa = graph.records_at(zone_id, zone.apex, RType::SOA).first();
            let (span, span_label) = match soa {
                Some(&soa) => (
                    record_fields(&graph.set, soa as usize).rtype,
                    "apex without NS records",
                ),
                None if !source.records.is_empty() => {
                    let first = source.records.start;
                    let span = record_fields(&graph.set, first)
                        .owner
                        .unwrap_or(graph.set.records[first].span);
                    (span, "first record of the zone")
                }
                // An empty file (as BIND, which refuses it): only when its origin is known.
                None if source.origin.is_some() => {
                    (Span::new(source.file, 0, 0), "zone file without records")
                }
                None => continue,
            };
            let apex = graph.set.names.text(zone.apex);
            cx.report(span, format!("zone `{apex}` has no NS records at its apex"))
                .span_label(span_label)
                .help(format_args!(
                    "add NS records at the apex of `{apex}` naming its name servers (at least two)"
                ))
                .note(
                    "every zone's apex must name its authoritative servers with NS records \
                 (RFC 1035 §5.2; RFC 2181 §6.1); servers refuse to load a zone without them",
                );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::graph::Graph;
    use crate::rules::{self, RuleConfig};
    use crate::zone::{ReadOptions, Reader};

    fn findings(text: &str) -> usize {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader
            .read_bytes("t.zone".as_ref(), text.as_bytes().to_vec())
            .unwrap();
        let graph = Graph::build(reader.finish());
        let mut config = RuleConfig::default();
        config.only(&["ns-apex-missing"]).unwrap();
        rules::run(&graph, &config)
            .iter()
            .filter(|d| d.id == "ns-apex-missing")
            .count()
    }

    #[test]
    fn only_complete_zones_with_records_are_judged() {
        let soa = "$TTL 1\n@ SOA ns1 hm 1 2 3 4 5\n";
        assert_eq!(findings(soa), 1);
        assert_eq!(findings(&format!("{soa}@ NS ns1.example.net.\n")), 0);
        // The NS records may be in the entry that could not be read.
        assert_eq!(findings(&format!("{soa}@ NS ns1.example.net. extra\n")), 0);
        assert_eq!(findings("; nothing but a comment\n"), 1);
    }
}
