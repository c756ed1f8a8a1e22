use super::ns_target_no_address::{TargetProblem, ns_targets};
use crate::graph::{Graph, NameStatus};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A delegation's name server inside the parent zone's delegated space without glue.
    ///
    /// ## What it does
    /// Reports an NS record at a delegation whose target lies at or below a delegation of the
    /// same zone, when the zone holds no A or AAAA record (glue) for that target. Like BIND it
    /// tells two cases apart: *required glue*, the target is inside the very zone the NS record
    /// delegates (`sub NS ns1.sub`), so resolvers cannot find the server at all without the
    /// glue; and *sibling glue*, the target is inside another delegation of the same zone
    /// (`sub NS ns1.other`), so resolvers need an extra lookup through that delegation, and fail
    /// when it depends on this one in turn. Both are reported, at the rule's level, as BIND
    /// does. The parent's glue is what counts: the child zone's own address records (when
    /// its file is in the run) do not replace it, and are shown beside the finding. An apex NS
    /// naming a host below one of the zone's delegations is not checked (the zone's own
    /// parent holds that glue); a target in the zone's authoritative data without an address
    /// is `ns-target-no-address`'s finding. A zone that did not read completely is not judged.
    ///
    /// ## Why is this bad?
    /// A resolver following a delegation asks the parent's servers, which answer with the NS
    /// records and the glue (RFC 1034 §4.3.2). A name server named inside the delegated zone can
    /// only be found by asking that zone's servers, which is what the resolver is trying to
    /// reach: without glue the delegation is a dead end (RFC 1034 §4.2.1; RFC 1912 §2.3).
    ///
    /// ## Example
    /// ```zone
    /// sub     NS    ns1.sub
    /// sub     NS    ns2.sub
    /// ns1.sub A     192.0.2.53
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// sub     NS    ns1.sub
    /// sub     NS    ns2.sub
    /// ns1.sub A     192.0.2.53
    /// ns2.sub A     198.51.100.53
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.2
    /// - RFC 1034 §4.2.1
    /// - RFC 1912 §2.3
    /// - RFC 9471
    pub NsGlueMissing,
    id: "ns-glue-missing",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

/// Child-zone address records labelled before the rest are only left out.
const LABELLED: usize = 4;

impl Check for NsGlueMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let targets = graph.derived(ns_targets);
        for &(index, problem) in &targets.problems {
            let TargetProblem::GlueMissing { cut, sibling } = problem else {
                continue;
            };
            let index = index as usize;
            let Some(target) = graph.target(index) else {
                continue;
            };
            let record = &graph.set.records[index];
            let zone = graph.zone_of_record(index);
            let text = name::to_text(target);
            let cut_text = graph.set.names.text(cut);
            let fields = record_fields(&graph.set, index);
            let span = fields.field("target").unwrap_or(record.span);
            // The child's own addresses, when the zone serving the target is in the run.
            let child: Vec<u32> = match graph.lookup(target) {
                NameStatus::Authoritative { zone: child, .. } if child != zone => {
                    graph.address_records(target)
                }
                _ => Vec::new(),
            };
            let mut report = if sibling {
                let mut report = cx.report(
                    span,
                    format!(
                        "NS target `{text}` is inside the delegation `{cut_text}` but has no \
                         sibling glue"
                    ),
                );
                report.span_label("name server without glue").note(
                    "resolvers can reach this server only through another delegation: \
                         that costs an extra lookup, and fails when that delegation depends on \
                         this one (sibling glue, RFC 9471 §2.2)",
                );
                if let Some(&other) = graph.records_at(zone, cut, RType::NS).first() {
                    report.label(
                        graph.set.records[other as usize].span,
                        format_args!("delegation of `{cut_text}`"),
                    );
                }
                report
            } else {
                let mut report = cx.report(
                    span,
                    format!(
                        "NS target `{text}` is inside the delegated zone `{cut_text}` but has \
                         no glue"
                    ),
                );
                report.span_label("name server without glue").note(
                    "a name server inside the zone it serves can only be found through the \
                     parent's glue A/AAAA records (RFC 1035 §5.2; RFC 1912 §2.3)",
                );
                report
            };
            for &address in child.iter().take(LABELLED) {
                report.label(
                    graph.set.records[address as usize].span,
                    "the child zone's own address",
                );
            }
            let addresses: Vec<String> = child
                .iter()
                .filter_map(|&i| graph.address(i as usize))
                .map(|ip| format!("`{ip}`"))
                .collect();
            if addresses.is_empty() {
                report.help(format_args!(
                    "add A/AAAA records for `{text}` to this zone as glue, or name a server \
                     outside `{cut_text}`"
                ));
            } else {
                report.help(format_args!(
                    "add A/AAAA records for `{text}` to this zone as glue (the child zone has {})",
                    addresses.join(", ")
                ));
            }
        }
    }
}
