use std::borrow::Cow;

use crate::graph::{Graph, NamePlace, RecordRole};
use crate::policy::dmarc_graph::first_label_is;
use crate::policy::mta_sts;
use crate::policy::smtp_tls::{Field, FieldError, Protocol};
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

/// A parsed MTA-STS or TLS-RPT record, as the shared check needs it.
pub(super) struct Parsed {
    pub selected: bool,
    pub fields: Vec<Field>,
    pub errors: Vec<FieldError>,
}

fn parse_sts(text: &[u8]) -> Parsed {
    let record = mta_sts::parse(text);
    Parsed {
        selected: record.selected,
        fields: record.fields,
        errors: record.errors,
    }
}

fn first_field(graph: &Graph, index: usize, parse: fn(&[u8]) -> Parsed) -> Span {
    let text = graph.joined_text(index);
    let map = TextMap::for_record(graph, index, text.len());
    parse(&text)
        .fields
        .first()
        .map_or_else(|| map.whole(), |f| map.span(f.range.clone()))
}

/// The check of `mta-sts-syntax` and `tlsrpt-syntax`, which differ only in the owner, the parser
/// and the protocol's texts: every grammar error of a TXT record at an owner `is_owner` accepts,
/// and more than one selected record at one owner (identical texts count once: DNS serves them
/// as one).
pub(super) fn check_smtp_tls(
    graph: &Graph,
    cx: &mut Context<'_>,
    protocol: Protocol,
    is_owner: fn(&[u8]) -> bool,
    parse: fn(&[u8]) -> Parsed,
) {
    let name = protocol.name();
    let version = protocol.version();
    // The selected records by zone, owner and source order, sorted below so that each name's
    // are side by side (a map of lists would allocate a list per name).
    let mut selected: Vec<(NamePlace, Cow<'_, [u8]>)> = Vec::new();
    for &index in graph.records_of_type(RType::TXT) {
        let index = index as usize;
        let owner = graph.set.records[index].owner;
        if !is_owner(graph.set.names.wire(owner)) {
            continue;
        }
        let text = graph.joined_text(index);
        let record = parse(&text);
        if record.selected && graph.record_role(index) == RecordRole::Authoritative {
            selected.push((graph.name_place(index), text.clone()));
        }
        if record.errors.is_empty() {
            continue;
        }
        let map = TextMap::for_record(graph, index, text.len());
        for error in &record.errors {
            let mut report = cx.report(
                map.span(error.range.clone()),
                error.message(&text, protocol),
            );
            report
                .span_label(error.label(protocol))
                .help(error.help(&text, protocol))
                .note(format_args!(
                    "a sender that finds no valid `v={version}` record {}",
                    protocol.without_record()
                ));
            if let Some(context) = &error.context
                && *context != error.range
            {
                report.label(map.span(context.clone()), error.context_label());
            }
        }
    }
    selected.sort_unstable_by_key(|(place, _)| *place);
    for group in NamePlace::published_twice(&selected) {
        let owner = graph.owner_text(group[0].0);
        let mut report = cx.report(
            first_field(graph, group[1].0, parse),
            format!("`{owner}` has {} {name} records", group.len()),
        );
        report
            .span_label(format_args!("another {name} record"))
            .label(
                first_field(graph, group[0].0, parse),
                format_args!("first {name} record"),
            )
            .help(protocol.merge_help())
            .note(format_args!(
                "a sender that finds more than one `v={version}` record {}",
                protocol.without_record()
            ));
        for (more, _) in &group[2..] {
            report.label(
                first_field(graph, *more, parse),
                format_args!("another {name} record"),
            );
        }
    }
}

impl Check for MtaStsSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        check_smtp_tls(
            graph,
            cx,
            Protocol::MtaSts,
            |owner| first_label_is(owner, b"_mta-sts"),
            parse_sts,
        );
    }
}
