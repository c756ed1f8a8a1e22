use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// Records of one RRset with different TTLs.
    ///
    /// ## What it does
    /// Compares the TTL of every record of an RRset (same owner, type and zone) with the TTL of
    /// the set's first record in source order, and reports each record that differs: on its TTL
    /// when it was written, else on the record, saying the TTL was inherited (from `$TTL` or
    /// the last TTL written before it). The first record's TTL is labelled.
    ///
    /// RRSIG records are left out: the signatures at a name cover different types, and each
    /// carries the TTL of the set it covers (RFC 4034 §3), so their TTLs legitimately differ.
    /// Records with no TTL at all are the reader's `missing-ttl` finding.
    ///
    /// ## Why is this bad?
    /// An RRset has a single TTL (RFC 2181 §5.2). Servers make it one: BIND loads every record
    /// with the first record's TTL, others use the lowest, and resolvers treat a mixed set as
    /// having its lowest TTL. The TTL written on the other records is not the one served, and
    /// which one wins depends on the software.
    ///
    /// ## Example
    /// ```zone
    /// www  3600  A  192.0.2.10
    /// www  300   A  192.0.2.11
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www  300   A  192.0.2.10
    /// www  300   A  192.0.2.11
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §5.2
    /// - RFC 4034 §3
    pub RrsetTtlMismatch,
    id: "rrset-ttl-mismatch",
    group: Rrset,
    level: Warning,
    since: "0.1.0",
}

impl Check for RrsetTtlMismatch {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let records = &graph.set.records;
        for (zone_id, _) in graph.zone_ids() {
            for set in graph.rrsets(zone_id) {
                if set.len() < 2 || set.rtype == RType::RRSIG {
                    continue;
                }
                let indices = graph.records_of(zone_id, &set);
                let first = indices[0] as usize;
                let ttl = records[first].ttl;
                for &index in &indices[1..] {
                    let index = index as usize;
                    let record = &records[index];
                    if record.ttl == ttl || record.flags.has(RecordFlags::TTL_MISSING) {
                        continue;
                    }
                    let (span, label) = ttl_span(graph, index);
                    let (first_span, first_label) = ttl_span(graph, first);
                    let rtype = set.rtype;
                    let owner = graph.set.names.text(set.owner);
                    cx.report(
                        span,
                        format!(
                            "TTL {} differs from the first `{rtype}` record's TTL {ttl} at \
                             `{owner}`",
                            record.ttl
                        ),
                    )
                    .span_label(label)
                    .label(first_span, format_args!("first record's {first_label}"))
                    .help(format_args!(
                        "give every `{rtype}` record at `{owner}` the same TTL"
                    ))
                    .note(
                        "an RRset has a single TTL (RFC 2181 §5.2): servers keep one of them, \
                         not always the same one",
                    );
                }
            }
        }
    }
}

/// Where a record's TTL was written, or the record and where its TTL came from.
fn ttl_span(graph: &Graph, index: usize) -> (Span, String) {
    let record = &graph.set.records[index];
    let ttl = record.ttl;
    if record.flags.has(RecordFlags::TTL_EXPLICIT)
        && let Some(span) = record_fields(&graph.set, index).ttl
    {
        return (span, format!("TTL {ttl}"));
    }
    (
        record.span,
        format!("TTL {ttl}, inherited from `$TTL` or an earlier record"),
    )
}
