use rustc_hash::FxHashMap;

use crate::graph::{Graph, RecordRole};
use crate::policy::dmarc_graph::first_label_is;
use crate::policy::smtp_tls::Protocol;
use crate::policy::text_spans::TextMap;
use crate::policy::tlsrpt;
use crate::rules::{Check, Context};
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// An `_smtp._tls` TXT record that breaks the RFC 8460 grammar, or several at one name.
    ///
    /// ## What it does
    /// Parses every TXT record at an `_smtp._tls` name with the grammar of RFC 8460 §3 and
    /// reports each problem on the offending field: a record that does not start with
    /// `v=TLSRPTv1` (exactly: the version and field names are case-sensitive), no `rua=`
    /// field, a `rua` URI that is not a valid `mailto:` or `https:` URI (an address without
    /// `mailto:`, another scheme, no mailbox, a bad host, an empty entry), whitespace around
    /// `=`, an empty field (`;;`), a field without `=`, a field seen twice, an extension field
    /// whose name or value breaks the grammar. It also reports a name with more than one record
    /// starting `v=TLSRPTv1` (identical texts count once), on the second one.
    ///
    /// ## Why is this bad?
    /// A sender that finds no valid record, or more than one, sends no TLS reports
    /// (RFC 8460 §3): the domain owner does not learn that senders fail to deliver over TLS,
    /// for example because of an MTA-STS or DANE misconfiguration.
    ///
    /// ## Example
    /// ```zone
    /// _smtp._tls  TXT  "v=TLSRPTv1; rua=tls-reports@example.com"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _smtp._tls  TXT  "v=TLSRPTv1; rua=mailto:tls-reports@example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 8460 §3
    pub TlsrptSyntax,
    id: "tlsrpt-syntax",
    group: Tlsrpt,
    level: Error,
    since: "0.1.0",
}

/// Whether a wire name starts with the labels `_smtp._tls`.
fn is_tlsrpt_owner(wire: &[u8]) -> bool {
    first_label_is(wire, b"_smtp") && name::parent(wire).is_some_and(|p| first_label_is(p, b"_tls"))
}

fn first_field(graph: &Graph, index: usize) -> Span {
    let text = graph.joined_text(index);
    let map = TextMap::for_record(graph, index, text.len());
    let record = tlsrpt::parse(&text);
    record
        .fields
        .first()
        .map_or_else(|| map.whole(), |f| map.span(f.range.clone()))
}

impl Check for TlsrptSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut selected: FxHashMap<_, Vec<(usize, Vec<u8>)>> = FxHashMap::default();
        for &index in graph.records_of_type(RType::TXT) {
            let index = index as usize;
            let owner = graph.set.records[index].owner;
            if !is_tlsrpt_owner(graph.set.names.wire(owner)) {
                continue;
            }
            let text = graph.joined_text(index);
            let record = tlsrpt::parse(&text);
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
                    error.message(&text, Protocol::TlsRpt),
                );
                report
                    .span_label(error.label(Protocol::TlsRpt))
                    .help(error.help(&text, Protocol::TlsRpt))
                    .note(
                        "a sender that finds no valid `v=TLSRPTv1` record sends no TLS reports \
                         (RFC 8460 §3)",
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
                format!("`{owner}` has {} TLS-RPT records", group.len()),
            );
            report
                .span_label("another TLS-RPT record")
                .label(first_field(graph, group[0].0), "first TLS-RPT record")
                .help("keep a single `v=TLSRPTv1` record, with every `rua` URI in it")
                .note(
                    "a sender that finds more than one `v=TLSRPTv1` record sends no TLS reports \
                     (RFC 8460 §3)",
                );
            for (more, _) in &group[2..] {
                report.label(first_field(graph, *more), "another TLS-RPT record");
            }
        }
    }
}
