use std::net::IpAddr;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An NS target written as an IP address instead of a host name.
    ///
    /// ## What it does
    /// Reports an NS record whose target, as written, is an IPv4 or IPv6 address:
    /// `192.0.2.53` (read relative to the origin as `192.0.2.53.example.com.`), `192.0.2.53.`
    /// (a name of four numeric labels), `2001:db8::53` (a label that is an IPv6 address), or
    /// the same in brackets. The target is judged by its text in the file, as for MX
    /// exchanges (`mx-target-is-address`): a name written out in full whose first labels happen
    /// to be numbers (`1.2.3.4.example.net.`) is not reported; records from `$GENERATE` are
    /// judged on the name.
    ///
    /// ## Why is this bad?
    /// An NS record's data is the domain name of a host (RFC 1035 §3.3.11), never an address.
    /// The address is read as a name like `192.0.2.53.example.com.`, which has no address
    /// records, so resolvers cannot reach that server: the zone or the delegation loses it.
    /// BIND refuses such a zone. The address belongs in the A or AAAA record of the host the
    /// NS names, which is also the glue when the host lies inside the delegated zone.
    ///
    /// ## Example
    /// ```zone
    /// @     NS    192.0.2.53
    /// @     NS    ns2.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     NS    ns1
    /// @     NS    ns2.example.net.
    /// ns1   A     192.0.2.53
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §3.3.11
    /// - RFC 1034 §3.6
    pub NsTargetIsAddress,
    id: "ns-target-is-address",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

/// The target of NS record `index` as written, when it is an IP address (text and address).
/// The other NS target rules leave such a target to this one.
pub(super) fn written_address(graph: &Graph, index: usize) -> Option<(String, IpAddr)> {
    if graph.set.records[index].rtype != RType::NS {
        return None;
    }
    let target = graph.target(index)?;
    super::mx_target_is_address::written_literal(graph, index, target, "target")
}

impl Check for NsTargetIsAddress {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for &index in graph.records_of_type(RType::NS) {
            let index = index as usize;
            let Some((text, ip)) = written_address(graph, index) else {
                continue;
            };
            let Some(target) = graph.target(index) else {
                continue;
            };
            let record = &graph.set.records[index];
            let fields = record_fields(&graph.set, index);
            let rtype = if ip.is_ipv4() { "A" } else { "AAAA" };
            cx.report(
                fields.field("target").unwrap_or(record.span),
                format!("NS target `{text}` is an IP address, not a host name"),
            )
            .span_label(format_args!("read as the name `{}`", name::to_text(target)))
            .help(format_args!(
                "name the server's host and give it the address (e.g. `ns1 {rtype} {ip}`, \
                 which is also the glue when the host is inside the delegated zone)"
            ))
            .note("an NS record names a host, never an address (RFC 1035 §3.3.11)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::test_graph as graph;

    #[test]
    fn written_addresses_of_ns_records() {
        let g = graph(
            "$TTL 1\n@ NS 192.0.2.53\n@ NS 192.0.2.54.\n@ NS 2001:db8::53\n\
             @ NS [2001:db8::54]\n@ NS 1.2.3.4.example.net.\n@ NS ns1\n@ NS 10.0.0\n\
             @ MX 10 192.0.2.25\n$GENERATE 1-2 s$ NS 198.51.100.$\n",
        );
        assert!(g.set.diagnostics.is_empty(), "{:?}", g.set.diagnostics);
        let found: Vec<Option<String>> = (0..g.set.records.len())
            .map(|i| written_address(&g, i).map(|(text, ip)| format!("{text} {ip}")))
            .collect();
        assert_eq!(
            found,
            [
                Some("192.0.2.53 192.0.2.53".to_owned()),
                Some("192.0.2.54. 192.0.2.54".to_owned()),
                Some("2001:db8::53 2001:db8::53".to_owned()),
                Some("[2001:db8::54] 2001:db8::54".to_owned()),
                None,
                None,
                None,
                // An MX is `mx-target-is-address`'s.
                None,
                Some("198.51.100.1 198.51.100.1".to_owned()),
                Some("198.51.100.2 198.51.100.2".to_owned()),
            ]
        );
    }
}
