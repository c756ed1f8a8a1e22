use crate::graph::Graph;
use crate::policy::spf::show;
use crate::policy::spf_graph::notable_walks;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// SPF `include:`/`redirect=` chains that come back to a record already being evaluated.
    ///
    /// ## What it does
    /// Walks each SPF record's `include:` and `redirect=` targets through the zones of the run
    /// and reports the record when the walk returns to it. The finding sits on the record's own
    /// term that enters the loop, so each record of a loop is reported once; the term closing
    /// the loop is shown, and the note lists the chain. Targets outside the run or built from
    /// macros cannot be followed offline.
    ///
    /// ## Why is this bad?
    /// A loop never ends by itself: receivers stop at the 10-lookup limit (RFC 7208 §4.6.4)
    /// and return permerror, so every message from the domain fails SPF.
    ///
    /// ## Example
    /// ```zone
    /// @     TXT  "v=spf1 include:_spf.example.com -all"
    /// _spf  TXT  "v=spf1 ip4:192.0.2.0/24 include:example.com -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     TXT  "v=spf1 include:_spf.example.com -all"
    /// _spf  TXT  "v=spf1 ip4:192.0.2.0/24 -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.6.4, §5.2
    pub SpfIncludeLoop,
    id: "spf-include-loop",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfIncludeLoop {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, w) in notable_walks(graph) {
            let index = *index;
            let Some(cycle) = w
                .loops
                .iter()
                .find(|l| l.path.first().is_some_and(|&p| p as usize == index))
            else {
                continue;
            };
            let text_of = |i: usize| graph.joined_text(i);
            let text = text_of(index);
            let map = TextMap::for_record(graph, index, text.len());
            // The root's own term entering the loop: the one leading to the second record, or
            // the closing term when the record includes itself.
            let (entry, closing_record) = if cycle.path.len() == 1 {
                (cycle.term.clone(), index)
            } else {
                let second = cycle.path[1] as usize;
                let entry = entry_term(graph, &text, second).unwrap_or(cycle.term.clone());
                (entry, cycle.path[cycle.path.len() - 1] as usize)
            };
            let chain: Vec<String> = cycle
                .path
                .iter()
                .map(|&p| format!("`{}`", graph.owner_text(p as usize)))
                .chain(std::iter::once(format!("`{}`", graph.owner_text(index))))
                .collect();
            let mut report = cx.report(
                map.span(entry.clone()),
                format!(
                    "SPF `{}` leads back to `{}`",
                    show(&text, entry),
                    graph.owner_text(index)
                ),
            );
            report
                .span_label("enters the loop")
                .help("remove the include or redirect that points back")
                .note(format_args!(
                    "include/redirect loop: {}; receivers hit the 10-lookup limit and return permerror (RFC 7208 §4.6.4)",
                    chain.join(" → ")
                ));
            if closing_record != index {
                let closing_text = text_of(closing_record);
                let closing = TextMap::for_record(graph, closing_record, closing_text.len());
                report.label(closing.span(cycle.term.clone()), "points back here");
            }
        }
    }
}

/// The include/redirect term of the record (text `text`) whose target publishes record `next`.
fn entry_term(graph: &Graph, text: &[u8], next: usize) -> Option<std::ops::Range<usize>> {
    use crate::policy::spf::{self, MechanismKind};
    use crate::policy::spf_graph::{SpfAt, domain_wire, spf_at};
    let record = spf::parse(text)?;
    let candidates = record
        .mechanisms()
        .filter(|(_, m)| m.kind == MechanismKind::Include)
        .filter_map(|(t, m)| Some((t.range.clone(), m.domain.clone()?)))
        .chain(
            record
                .redirect()
                .map(|(t, m)| (t.range.clone(), m.value.clone())),
        );
    for (term, domain) in candidates {
        let Some(wire) = domain_wire(&text[domain]) else {
            continue;
        };
        if let SpfAt::Found(found) = spf_at(graph, &wire)
            && found.first().is_some_and(|&f| f as usize == next)
        {
            return Some(term);
        }
    }
    None
}
