use rustc_hash::FxHashMap;

use crate::graph::{Graph, RecordRole};
use crate::policy::dmarc_graph::first_label_is;
use crate::policy::mta_sts;
use crate::policy::smtp_tls::Protocol;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// An `_mta-sts` TXT record that breaks the RFC 8461 grammar, or several at one name.
    ///
    /// ## What it does
    /// Parses every TXT record at an `_mta-sts` name with the grammar of RFC 8461 §3.1 and
    /// reports each problem on the offending field: a record that does not start with
    /// `v=STSv1` (exactly: the version and field names are case-sensitive), no `id=` field, an
    /// `id` that is not 1 to 32 letters and digits (`id=2024-01-01`), whitespace around `=`, an
    /// empty field (`;;`), a field without `=`, a field seen twice, an extension field whose
    /// name or value breaks the grammar. It also reports a name with more than one record
    /// starting `v=STSv1` (identical texts count once), on the second one.
    ///
    /// ## Why is this bad?
    /// A sender that finds no valid record, or more than one, assumes the domain has no MTA-STS
    /// policy (RFC 8461 §3.1): mail falls back to opportunistic TLS that an attacker can strip,
    /// which is what MTA-STS was published to prevent. A bad `id` also keeps senders from
    /// noticing policy updates.
    ///
    /// ## Example
    /// ```zone
    /// _mta-sts  TXT  "v=STSv1; id=2024-06-01"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _mta-sts  TXT  "v=STSv1; id=20240601T000000"
    /// ```
    ///
    /// ## References
    /// - RFC 8461 §3.1
    pub MtaStsSyntax,
    id: "mta-sts-syntax",
    group: MtaSts,
    level: Error,
    since: "0.1.0",
}

fn first_field(graph: &Graph, index: usize) -> Span {
    let text = graph.joined_text(index);
    let map = TextMap::for_record(graph, index, text.len());
    let record = mta_sts::parse(&text);
    record
        .fields
        .first()
        .map_or_else(|| map.whole(), |f| map.span(f.range.clone()))
}

impl Check for MtaStsSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut selected: FxHashMap<_, Vec<(usize, Vec<u8>)>> = FxHashMap::default();
        for &index in graph.records_of_type(RType::TXT) {
            let index = index as usize;
            let owner = graph.set.records[index].owner;
            if !first_label_is(graph.set.names.wire(owner), b"_mta-sts") {
                continue;
            }
            let text = graph.joined_text(index);
            let record = mta_sts::parse(&text);
            if record.selected && graph.record_role(index) == RecordRole::Authoritative {
                let group = selected
                    .entry((graph.zone_of_record(index), owner))
                    .or_default();
                if !group.iter().any(|(_, t)| *t == text) {
                    group.push((index, text.clone()));
                }
            }
            if record.errors.is_empty() {
                continue;
            }
            let map = TextMap::for_record(graph, index, text.len());
            for error in &record.errors {
                let mut report = cx.report(
                    map.span(error.range.clone()),
                    error.message(&text, Protocol::MtaSts),
                );
                report
                    .span_label(error.label(Protocol::MtaSts))
                    .help(error.help(&text, Protocol::MtaSts))
                    .note(
                        "a sender that finds no valid `v=STSv1` record assumes the domain has no \
                         MTA-STS policy (RFC 8461 §3.1)",
                    );
                if let Some(context) = &error.context
                    && *context != error.range
                {
                    report.label(map.span(context.clone()), error.context_label());
                }
            }
        }
        for group in selected.values().filter(|g| g.len() > 1) {
            let owner = graph.owner_text(group[0].0);
            let mut report = cx.report(
                first_field(graph, group[1].0),
                format!("`{owner}` has {} MTA-STS records", group.len()),
            );
            report
                .span_label("another MTA-STS record")
                .label(first_field(graph, group[0].0), "first MTA-STS record")
                .help("keep a single `v=STSv1` record")
                .note(
                    "a sender that finds more than one `v=STSv1` record assumes the domain has \
                     no MTA-STS policy (RFC 8461 §3.1)",
                );
            for (more, _) in &group[2..] {
                report.label(first_field(graph, *more), "another MTA-STS record");
            }
        }
    }
}
