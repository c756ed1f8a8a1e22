use crate::graph::Graph;
use crate::policy::spf::{MechanismKind, show};
use crate::policy::spf_graph::{domain_wire, parsed_records};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::name;
use crate::zone::rtype::RType;

/// RFC 7208 §4.6.4: an `mx` mechanism may look up at most 10 exchanges.
const LIMIT: usize = 10;

declare_rule! {
    /// An SPF `mx` mechanism whose domain has more than 10 MX records: receivers return
    /// permerror.
    ///
    /// ## What it does
    /// For every `mx` mechanism of an SPF record, looks up its domain (the record's own name
    /// for a bare `mx`) in the zones of the run and counts its MX records (a null MX is not
    /// counted). Reports the mechanism when there are more than 10 and shows the MX records.
    /// Domains outside the run, aliases and macro domains are not checked.
    ///
    /// ## Why is this bad?
    /// Evaluating `mx` means resolving the address of every exchange, and RFC 7208 §4.6.4 caps
    /// that at 10 per mechanism: with more, the receiver returns permerror and the policy
    /// fails for all mail.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 mx -all"
    /// @  MX   10 mx1.example.net.
    /// @  MX   10 mx2.example.net.
    /// @  MX   10 mx3.example.net.
    /// @  MX   10 mx4.example.net.
    /// @  MX   10 mx5.example.net.
    /// @  MX   10 mx6.example.net.
    /// @  MX   10 mx7.example.net.
    /// @  MX   10 mx8.example.net.
    /// @  MX   10 mx9.example.net.
    /// @  MX   10 mx10.example.net.
    /// @  MX   10 mx11.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 ip4:198.51.100.0/28 -all"
    /// @  MX   10 mx1.example.net.
    /// @  MX   10 mx2.example.net.
    /// @  MX   10 mx3.example.net.
    /// @  MX   10 mx4.example.net.
    /// @  MX   10 mx5.example.net.
    /// @  MX   10 mx6.example.net.
    /// @  MX   10 mx7.example.net.
    /// @  MX   10 mx8.example.net.
    /// @  MX   10 mx9.example.net.
    /// @  MX   10 mx10.example.net.
    /// @  MX   10 mx11.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.6.4, §5.4
    pub SpfMxOver10,
    id: "spf-mx-over-10",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfMxOver10 {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            let owner = graph.set.names.wire(graph.set.records[index].owner);
            let mut map = None;
            for (term, m) in record
                .mechanisms()
                .filter(|(_, m)| m.kind == MechanismKind::Mx)
            {
                let target = match &m.domain {
                    Some(d) => match domain_wire(&text[d.clone()]) {
                        Some(w) => w,
                        None => continue,
                    },
                    None => owner.to_vec(),
                };
                if graph.alias_of(&target).is_some() {
                    continue;
                }
                let Some((zone, id)) = graph.resolve(&target) else {
                    continue;
                };
                let mx: Vec<u32> = graph
                    .records_at(zone, id, RType::MX)
                    .iter()
                    .copied()
                    .filter(|&i| graph.mx(i as usize).is_some_and(|m| !m.is_null()))
                    .collect();
                if mx.len() <= LIMIT {
                    continue;
                }
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                let mut report = cx.report(
                    map.span(term.range.clone()),
                    format!(
                        "SPF `{}` needs {} MX lookups for `{}`, more than {LIMIT}",
                        show(text, term.range.clone()),
                        mx.len(),
                        name::to_text(&target)
                    ),
                );
                report
                    .span_label(format_args!("{} exchanges", mx.len()))
                    .help("list the exchanges' addresses with `ip4:`/`ip6:` instead of `mx`")
                    .note("an `mx` mechanism may resolve at most 10 exchanges; beyond, receivers return permerror (RFC 7208 §4.6.4)");
                if let (Some(&first), Some(&last)) = (mx.first(), mx.last()) {
                    let (first, last) = (
                        graph.set.records[first as usize].span,
                        graph.set.records[last as usize].span,
                    );
                    if first.file == last.file {
                        report.label(first.to(last), "MX records");
                    } else {
                        report.label(first, "MX records");
                    }
                }
            }
        }
    }
}
