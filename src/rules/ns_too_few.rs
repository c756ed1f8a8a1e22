use super::ns_target_no_address::is_served_cut;
use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A zone apex or a delegation with a single name server.
    ///
    /// ## What it does
    /// Reports an NS record set, at a zone's apex or at a delegation, that names fewer than two
    /// distinct name servers (names compared without regard to case: the same server written
    /// twice is still one). NS records below another delegation or a DNAME are never served
    /// and not judged; a zone that did not read completely is not judged either, as the other
    /// servers may be in the entry that could not be read. Whether two names are really two
    /// machines on separate networks cannot be told offline.
    ///
    /// ## Why is this bad?
    /// With one name server, the zone is unreachable whenever that server or its network is
    /// down: every name in it, mail included, stops resolving. RFC 1034 §4.1 requires at least
    /// two servers for a zone, and RFC 2182 §5 recommends that they be on separate networks
    /// (most registries refuse a delegation with fewer than two).
    ///
    /// ## Example
    /// ```zone
    /// @     NS    ns1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     NS    ns1.example.net.
    /// @     NS    ns2.example.org.
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §4.1
    /// - RFC 2182 §5
    pub NsTooFew,
    id: "ns-too-few",
    group: Ns,
    level: Warning,
    since: "0.1.0",
}

impl Check for NsTooFew {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, set) in graph.rrsets_of_type(RType::NS) {
            let zone = graph.zone(zone_id);
            if !zone.complete {
                continue;
            }
            let records = graph.records_of(zone_id, &set);
            let Some(&first) = records.first() else {
                continue;
            };
            let first = first as usize;
            let at_apex = set.owner == zone.apex;
            if graph.set.records[first].is_opaque()
                || (!at_apex && !is_served_cut(graph, zone_id, set.owner))
            {
                continue;
            }
            let Some(server) = graph.target(first) else {
                continue;
            };
            // Two distinct servers: any target other than the first one.
            if records[1..].iter().any(|&i| {
                graph.set.records[i as usize].is_opaque()
                    || graph
                        .target(i as usize)
                        .is_some_and(|t| !t.eq_ignore_ascii_case(server))
            }) {
                continue;
            }
            let owner = graph.set.names.text(set.owner);
            let server = name::to_text(server);
            let message = if at_apex {
                format!("zone `{owner}` has a single name server, `{server}`")
            } else {
                format!("delegation `{owner}` has a single name server, `{server}`")
            };
            let fields = record_fields(&graph.set, first);
            cx.report(
                fields
                    .field("target")
                    .unwrap_or(graph.set.records[first].span),
                message,
            )
            .span_label("the only name server")
            .help(format_args!(
                "add NS records for at least one more name server for `{owner}`, on another \
                 network"
            ))
            .note(
                "a zone needs at least two name servers, on separate networks, so that it \
                 resolves when one of them is down (RFC 1034 §4.1; RFC 2182 §5)",
            );
        }
    }
}
