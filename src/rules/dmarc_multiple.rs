use crate::graph::{Graph, NamePlace, RecordRole};
use crate::policy::dmarc::RecordKind;
use crate::policy::dmarc_graph::{parse_record, parsed_records};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::source::Span;

declare_rule! {
    /// More than one DMARC record at a `_dmarc` name: receivers apply none of them.
    ///
    /// ## What it does
    /// Groups the TXT records of each `_dmarc` name that receivers select as DMARC (their first
    /// tag is `v=DMARC1`) and reports the name when it has more than one, on the second record's
    /// version tag, pointing at the others. Records with identical text count once: DNS serves
    /// them as one (the duplicate is `duplicate-record`'s). Records that do not start with
    /// `v=DMARC1` are discarded by receivers and left to `dmarc-syntax`.
    ///
    /// ## Why is this bad?
    /// A receiver that finds several DMARC records at a name stops policy discovery and applies
    /// no DMARC at all (RFC 7489 §6.6.3): the domain's policy, however strict, is void, and no
    /// reports are sent. It usually happens when a reporting service's record is added beside
    /// the existing one instead of merging its `rua=` address into it.
    ///
    /// ## Example
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=reject"
    /// _dmarc  TXT  "v=DMARC1; p=none; rua=mailto:reports@example.com"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=reject; rua=mailto:reports@example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §6.6.3
    pub DmarcMultiple,
    id: "dmarc-multiple",
    group: Dmarc,
    level: Error,
    since: "0.1.0",
}

/// The span of a selected record's version tag.
fn version_span(graph: &Graph, index: usize) -> Span {
    match parse_record(graph, index) {
        Some((text, record)) => {
            let map = TextMap::for_record(graph, index, text.len());
            record
                .first()
                .map_or_else(|| map.whole(), |t| map.span(t.range.clone()))
        }
        None => graph.set.records[index].span,
    }
}

impl Check for DmarcMultiple {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // The selected records by zone, owner and source order: a sort puts each name's side
        // by side, where a map of lists would allocate a list per name (a hosting provider's
        // zone has a DMARC record at hundreds of thousands of names).
        let mut selected: Vec<(NamePlace, &[u8])> = Vec::new();
        for (index, (text, record)) in parsed_records(graph) {
            if record.kind != RecordKind::Dmarc
                || graph.record_role(index) != RecordRole::Authoritative
            {
                continue;
            }
            selected.push((graph.name_place(index), text));
        }
        selected.sort_unstable_by_key(|&(place, _)| place);
        for group in NamePlace::published_twice(&selected) {
            let (first, _) = group[0];
            let (second, _) = group[1];
            let owner = graph.owner_text(first);
            let mut report = cx.report(
                version_span(graph, second),
                format!("`{owner}` has {} DMARC records", group.len()),
            );
            report
                .span_label("another DMARC record")
                .label(version_span(graph, first), "first DMARC record")
                .help("merge them into one `v=DMARC1` record")
                .note(
                    "a receiver that finds several DMARC records applies none of them (RFC 7489 \
                     §6.6.3)",
                );
            for &(more, _) in &group[2..] {
                report.label(version_span(graph, more), "another DMARC record");
            }
        }
    }
}
