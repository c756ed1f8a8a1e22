use std::fmt::Write as _;

use super::ns_target_no_address::is_served_cut;
use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// The NS records at a delegation differ from the child zone's own apex NS records.
    ///
    /// ## What it does
    /// When a parent zone and the child zone it delegates to are both in the run
    /// (`example.com.zone` with `sub NS …`, and `sub.example.com.zone`), compares the set of
    /// name servers at the delegation with the set at the child's apex (names compared without
    /// regard to case; order and TTLs do not matter) and reports the delegation when they
    /// differ, listing the servers found on one side only. A child without apex NS records is
    /// `ns-apex-missing`'s finding; zones that did not read completely are not compared.
    ///
    /// ## Why is this bad?
    /// Resolvers learn the parent's set when they follow the delegation and the child's set
    /// once they reach the child, and may use either (RFC 2181 §5.4.1). A server listed only at
    /// the parent gets queries after it was retired, or is lame; a server listed only in the
    /// child is unknown to resolvers that have not yet asked the child, so it adds no
    /// resilience. The two sets drift apart when a server change is made on one side only
    /// (RFC 1912 §2.8).
    ///
    /// ## Example
    /// ```zone
    /// sub   NS    ns1.example.net.
    /// sub   NS    ns2.example.net.
    /// ; file: sub.example.com.zone
    /// @     SOA   ns1.example.net. hostmaster 1 7200 3600 1209600 3600
    /// @     NS    ns1.example.net.
    /// @     NS    ns3.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// sub   NS    ns1.example.net.
    /// sub   NS    ns3.example.net.
    /// ; file: sub.example.com.zone
    /// @     SOA   ns1.example.net. hostmaster 1 7200 3600 1209600 3600
    /// @     NS    ns1.example.net.
    /// @     NS    ns3.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1912 §2.8
    /// - RFC 2181 §5.4.1
    /// - Zonemaster test case CONSISTENCY04
    pub NsParentChildMismatch,
    id: "ns-parent-child-mismatch",
    group: Ns,
    level: Warning,
    since: "0.1.0",
}

/// Servers named in the message before the rest are only counted.
const SHOWN: usize = 5;

/// The records of `records` whose NS target no record of `other` names (case-insensitively).
/// NS sets are small: pairwise comparison is the cheap way.
fn only_in(graph: &Graph, records: &[u32], other: &[u32]) -> Vec<u32> {
    records
        .iter()
        .copied()
        .filter(|&i| {
            let Some(target) = graph.target(i as usize) else {
                return false;
            };
            !other.iter().any(|&j| {
                graph
                    .target(j as usize)
                    .is_some_and(|t| t.eq_ignore_ascii_case(target))
            })
        })
        .collect()
}

/// The distinct targets of `records` as a list for a message.
fn listed(graph: &Graph, records: &[u32]) -> String {
    let mut names: Vec<String> = records
        .iter()
        .filter_map(|&i| graph.target(i as usize))
        .map(|t| name::to_text(&t.to_ascii_lowercase()))
        .collect();
    names.sort_unstable();
    names.dedup();
    let more = names.len().saturating_sub(SHOWN);
    let mut out = names
        .iter()
        .take(SHOWN)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        let _ = write!(out, " and {more} more");
    }
    out
}

impl Check for NsParentChildMismatch {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        if graph.zones().len() < 2 {
            return;
        }
        for (zone_id, set) in graph.rrsets_of_type(RType::NS) {
            let zone = graph.zone(zone_id);
            if set.owner == zone.apex {
                continue;
            }
            let parent = graph.records_of(zone_id, &set);
            let Some(&first) = parent.first() else {
                continue;
            };
            // The child: a zone of the run whose apex is this cut.
            let cut = graph.set.names.wire(set.owner);
            let Some(child_zone) = graph.find_zone(cut) else {
                continue;
            };
            let child_apex = graph.zone(child_zone).apex;
            if child_zone == zone_id
                || child_apex != set.owner
                || !is_served_cut(graph, zone_id, set.owner)
                || !zone.complete
                || !graph.zone(child_zone).complete
            {
                continue;
            }
            let child = graph.records_at(child_zone, child_apex, RType::NS);
            let opaque = |&i: &u32| graph.set.records[i as usize].is_opaque();
            if child.is_empty() || parent.iter().any(opaque) || child.iter().any(opaque) {
                continue;
            }
            let parent_only = only_in(graph, parent, child);
            let child_only = only_in(graph, child, parent);
            if parent_only.is_empty() && child_only.is_empty() {
                continue;
            }
            let cut_text = graph.set.names.text(set.owner);
            let mut sides = Vec::new();
            if !parent_only.is_empty() {
                sides.push(format!(
                    "only the delegation has {}",
                    listed(graph, &parent_only)
                ));
            }
            if !child_only.is_empty() {
                sides.push(format!("only the child has {}", listed(graph, &child_only)));
            }
            // Point at a server only the delegation lists, else at the delegation's owner.
            let (primary, span_label) = match parent_only.first() {
                Some(&i) => (i as usize, "not in the child zone's NS records"),
                None => (
                    first as usize,
                    "delegation lacking some of the child's servers",
                ),
            };
            let fields = record_fields(&graph.set, primary);
            let span = if parent_only.is_empty() {
                fields.owner.unwrap_or(graph.set.records[primary].span)
            } else {
                fields
                    .field("target")
                    .unwrap_or(graph.set.records[primary].span)
            };
            let mut report = cx.report(
                span,
                format!(
                    "NS records at the delegation `{cut_text}` differ from the child zone's: {}",
                    sides.join("; ")
                ),
            );
            report
                .span_label(span_label)
                .help(format_args!(
                    "list the same name servers at the delegation `{cut_text}` and at the apex \
                     of the child zone"
                ))
                .note(
                    "resolvers use the parent's NS set until they reach the child, then the \
                     child's (RFC 2181 §5.4.1): servers on one side only are lame or unused \
                     (RFC 1912 §2.8)",
                );
            for &i in parent_only.iter().skip(1).take(SHOWN) {
                report.label(
                    graph.set.records[i as usize].span,
                    "not in the child zone's NS records",
                );
            }
            for &i in child_only.iter().take(SHOWN) {
                report.label(
                    graph.set.records[i as usize].span,
                    "only in the child zone's NS records",
                );
            }
        }
    }
}
