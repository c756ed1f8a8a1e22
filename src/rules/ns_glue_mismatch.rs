use std::net::IpAddr;

use super::ns_target_no_address::ns_targets;
use crate::graph::{Graph, NameStatus, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::rtype::RType;

declare_rule! {
    /// Glue in the parent zone that differs from the child zone's own address records.
    ///
    /// ## What it does
    /// When a parent zone and the zone serving one of its glue names are both in the run
    /// (`example.com.zone` with glue for `ns1.sub.example.com.`, and `sub.example.com.zone`),
    /// compares the glue A/AAAA records with the child's own A/AAAA records of the same name,
    /// and reports the glue when they differ. Each address family the glue holds is compared on
    /// its own: glue `192.0.2.53` against a child with `192.0.2.54` differs, and so does glue
    /// that lacks one of the child's IPv4 addresses; glue without any AAAA record for a child
    /// that has one is not reported (many registries take IPv4 glue only, and resolution
    /// works). A name the child zone has no address for is left to the child's own checks
    /// (`ns-target-no-address` on its apex NS). Zones that did not read completely are not
    /// compared.
    ///
    /// ## Why is this bad?
    /// Resolvers reach the child's servers at the addresses of the parent's glue, and may then
    /// replace them with the child's own records, so the same server is looked for at two
    /// places. Stale glue after a renumbering sends queries to an address where no server
    /// answers any more, or to a server that is no longer authoritative: the delegation works
    /// or fails depending on the resolver's cache (Zonemaster CONSISTENCY05).
    ///
    /// ## Example
    /// ```zone
    /// sub      NS    ns1.sub
    /// sub      NS    ns2.example.net.
    /// ns1.sub  A     192.0.2.53
    /// ; file: sub.example.com.zone
    /// @        SOA   ns1 hostmaster 1 7200 3600 1209600 3600
    /// @        NS    ns1
    /// @        NS    ns2.example.net.
    /// ns1      A     192.0.2.54
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// sub      NS    ns1.sub
    /// sub      NS    ns2.example.net.
    /// ns1.sub  A     192.0.2.54
    /// ; file: sub.example.com.zone
    /// @        SOA   ns1 hostmaster 1 7200 3600 1209600 3600
    /// @        NS    ns1
    /// @        NS    ns2.example.net.
    /// ns1      A     192.0.2.54
    /// ```
    ///
    /// ## References
    /// - Zonemaster test case CONSISTENCY05
    /// - RFC 1034 §4.2.2
    /// - RFC 2181 §5.4.1
    pub NsGlueMismatch,
    id: "ns-glue-mismatch",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

/// Child records labelled before the rest are left out.
const LABELLED: usize = 4;

/// Address records with their addresses.
type Addresses = Vec<(u32, IpAddr)>;

/// The A and AAAA records of `owner` in `zone`, with their addresses.
fn addresses(graph: &Graph, zone: ZoneId, owner: NameId) -> Addresses {
    [RType::A, RType::AAAA]
        .into_iter()
        .flat_map(|rtype| graph.records_at(zone, owner, rtype))
        .filter_map(|&i| Some((i, graph.address(i as usize)?)))
        .collect()
}

/// Whether an address belongs to the family compared: one the glue has.
fn same_family(a: IpAddr, b: IpAddr) -> bool {
    a.is_ipv4() == b.is_ipv4()
}

/// The glue records not found in the child and the child records (of a family the glue has)
/// not found in the glue. Both empty when they agree.
fn differences(glue: &[(u32, IpAddr)], child: &[(u32, IpAddr)]) -> (Addresses, Addresses) {
    let glue_only = glue
        .iter()
        .filter(|(_, g)| !child.iter().any(|(_, c)| c == g))
        .copied()
        .collect();
    let child_only = child
        .iter()
        .filter(|(_, c)| glue.iter().any(|(_, g)| same_family(*g, *c)))
        .filter(|(_, c)| !glue.iter().any(|(_, g)| g == c))
        .copied()
        .collect();
    (glue_only, child_only)
}

fn listed(addresses: &[(u32, IpAddr)]) -> String {
    let mut ips: Vec<IpAddr> = addresses.iter().map(|&(_, ip)| ip).collect();
    ips.sort_unstable();
    ips.dedup();
    ips.iter()
        .map(|ip| format!("`{ip}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Check for NsGlueMismatch {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        if graph.zones().len() < 2 {
            return;
        }
        let targets = graph.derived(ns_targets);
        for &(zone, owner) in &targets.glued {
            let wire = graph.set.names.wire(owner);
            let NameStatus::Authoritative {
                zone: child_zone,
                exists: true,
            } = graph.lookup(wire)
            else {
                continue;
            };
            if child_zone == zone || !graph.zone(zone).complete || !graph.zone(child_zone).complete
            {
                continue;
            }
            let child = addresses(graph, child_zone, owner);
            if child.is_empty() {
                continue;
            }
            let glue = addresses(graph, zone, owner);
            // Sets, not lists: a repeated glue record is `duplicate-record`'s finding. Small
            // (a name has a handful of addresses): pairwise comparison is the cheap way.
            let (glue_only, child_only) = differences(&glue, &child);
            // The glue record to point at: one the child lacks, else one of the family where
            // the child has more. None when they agree.
            let primary = glue_only.first().or_else(|| {
                let &(_, missing) = child_only.first()?;
                glue.iter().find(|(_, g)| same_family(*g, missing))
            });
            let Some(&(primary, _)) = primary else {
                continue;
            };
            let primary = primary as usize;
            let fields = record_fields(&graph.set, primary);
            let name = graph.set.names.text(owner);
            let child_apex = graph.set.names.text(graph.zone(child_zone).apex);
            let mut report = cx.report(
                fields
                    .field("address")
                    .unwrap_or(graph.set.records[primary].span),
                format!(
                    "glue for `{name}` ({}) differs from its addresses in the child zone \
                     `{child_apex}` ({})",
                    listed(&glue),
                    listed(&child)
                ),
            );
            report
                .span_label(if glue_only.is_empty() {
                    "glue lacks some of the child zone's addresses"
                } else {
                    "glue address the child zone does not have"
                })
                .help(format_args!(
                    "make the glue for `{name}` match the child zone's A/AAAA records (update \
                     whichever side is out of date)"
                ))
                .note(
                    "resolvers reach the child's servers at the glue addresses, then may use \
                     the child's own records instead: the server is looked for at two places \
                     (Zonemaster CONSISTENCY05)",
                );
            let shown: &[(u32, IpAddr)] = if child_only.is_empty() {
                &child
            } else {
                &child_only
            };
            for &(record, _) in shown.iter().take(LABELLED) {
                report.label(
                    graph.set.records[record as usize].span,
                    "the child zone's own address",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ips(list: &[&str]) -> Vec<(u32, IpAddr)> {
        list.iter()
            .enumerate()
            .map(|(i, s)| (u32::try_from(i).unwrap(), s.parse().unwrap()))
            .collect()
    }

    fn diff(glue: &[&str], child: &[&str]) -> (Vec<String>, Vec<String>) {
        let (g, c) = differences(&ips(glue), &ips(child));
        let text = |v: Vec<(u32, IpAddr)>| v.iter().map(|(_, ip)| ip.to_string()).collect();
        (text(g), text(c))
    }

    #[test]
    fn families_the_glue_lacks_are_not_compared() {
        let none = (Vec::<String>::new(), Vec::<String>::new());
        assert_eq!(diff(&["192.0.2.1"], &["192.0.2.1", "2001:db8::1"]), none);
        assert_eq!(
            diff(&["192.0.2.1", "2001:db8::1"], &["2001:db8::1", "192.0.2.1"]),
            none
        );
        assert_eq!(
            diff(&["192.0.2.1"], &["192.0.2.2"]),
            (vec!["192.0.2.1".to_owned()], vec!["192.0.2.2".to_owned()])
        );
        assert_eq!(
            diff(&["192.0.2.1"], &["192.0.2.1", "192.0.2.2"]),
            (vec![], vec!["192.0.2.2".to_owned()])
        );
        // IPv6 glue for a child with IPv4 only: the glue address is not the child's.
        assert_eq!(
            diff(&["2001:db8::1"], &["192.0.2.1"]),
            (vec!["2001:db8::1".to_owned()], vec![])
        );
    }
}
