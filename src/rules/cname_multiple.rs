use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A name that owns more than one CNAME record.
    ///
    /// ## What it does
    /// Reports every CNAME record whose target differs from the targets of the CNAME records
    /// before it at the same name (in source order), on its target, with the first CNAME as a
    /// secondary label. Targets are compared without regard to case. A CNAME repeated with the
    /// same target is the same record twice: that is `duplicate-record`'s finding, not this
    /// one's.
    ///
    /// ## Why is this bad?
    /// An alias names exactly one canonical name (RFC 2181 §10.1). Servers refuse a zone with
    /// two, or keep one of them: which one depends on the software, so the name points wherever
    /// the server happens to decide.
    ///
    /// ## Example
    /// ```zone
    /// www  CNAME web1.example.net.
    /// www  CNAME web2.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www  CNAME web1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §3.6.2
    /// - RFC 2181 §10.1
    pub CnameMultiple,
    id: "cname-multiple",
    group: Cname,
    level: Error,
    since: "0.1.0",
}

impl Check for CnameMultiple {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, set) in graph.rrsets_of_type(RType::CNAME) {
            if set.len() < 2 {
                continue;
            }
            let records = graph.records_of(zone_id, &set);
            let first = records[0] as usize;
            let first_target = graph.target(first).unwrap_or_default();
            for (index, target) in graph.records_with_new_targets(records) {
                let fields = record_fields(&graph.set, index);
                let owner = graph.set.names.text(set.owner);
                let target = name::to_text(target);
                let first_target = name::to_text(first_target);
                cx.report(
                    fields
                        .field("target")
                        .unwrap_or(graph.set.records[index].span),
                    format!("another CNAME at `{owner}`, to `{target}` besides `{first_target}`"),
                )
                .span_label("another canonical name")
                .label(graph.set.records[first].span, "first CNAME defined here")
                .help(format_args!(
                    "keep one CNAME at `{owner}` and remove the others"
                ))
                .note("an alias has exactly one canonical name (RFC 2181 §10.1)");
            }
        }
    }
}
