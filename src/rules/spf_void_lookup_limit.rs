use crate::graph::Graph;
use crate::policy::spf_graph::{self, Void, notable_walks};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

/// RFC 7208 §4.6.4.
const LIMIT: usize = spf_graph::VOID_LOOKUP_LIMIT;

declare_rule! {
    /// An SPF evaluation with more than 2 lookups known to come back empty: receivers may
    /// return permerror.
    ///
    /// ## What it does
    /// Walks an SPF record and the records its `include:` and `redirect=` targets publish in
    /// the zones of the run, and counts the terms whose query is known to return nothing: the
    /// target name does not exist in its zone, or has none of the records the term asks for
    /// (`a`: no A or AAAA; `mx`: no MX; `exists`: no A; `include:`/`redirect=`: no TXT). A bare
    /// `a` or `mx` queries the record's own name. Targets outside the run, aliases and macro
    /// targets are not counted. Reports the record when more than 2 are found, each shown.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §4.6.4 says receivers SHOULD stop with permerror after 2 void lookups, to
    /// blunt abuse of SPF for denial of service. Records pointing at names long gone trip it,
    /// and the whole policy fails.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 a:old1.example.com a:old2.example.com a:old3.example.com -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @    TXT  "v=spf1 a:mail.example.com -all"
    /// mail A    192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.6.4
    pub SpfVoidLookupLimit,
    id: "spf-void-lookup-limit",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

impl Check for SpfVoidLookupLimit {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, w) in notable_walks(graph) {
            let index = *index;
            if w.voids.len() <= LIMIT {
                continue;
            }
            let len: usize = graph.strings(index).map(<[u8]>::len).sum();
            let map = TextMap::for_record(graph, index, len);
            // The first void of the record itself carries the finding; the others are labels.
            let own = w.voids.iter().position(|v| v.record as usize == index);
            let primary = own.map_or_else(|| map.whole(), |i| map.span(w.voids[i].term.clone()));
            let mut report = cx.report(
                primary,
                format!(
                    "SPF evaluation makes {} lookups known to return nothing, more than {LIMIT}",
                    w.voids.len()
                ),
            );
            report
                .span_label(own.map_or_else(
                    || "too many void lookups".to_owned(),
                    |i| describe(&w.voids[i]),
                ))
                .help("remove the terms that name missing hosts")
                .note("RFC 7208 §4.6.4: receivers SHOULD return permerror after 2 lookups that return no answer or NXDOMAIN");
            for (i, void) in w.voids.iter().enumerate() {
                if Some(i) == own {
                    continue;
                }
                let record = void.record as usize;
                let span = if record == index {
                    map.span(void.term.clone())
                } else {
                    let len: usize = graph.strings(record).map(<[u8]>::len).sum();
                    TextMap::for_record(graph, record, len).span(void.term.clone())
                };
                let what = describe(void);
                report.label(span, what);
            }
        }
    }
}

/// A label for a void lookup.
fn describe(void: &Void) -> String {
    if void.nxdomain {
        format!("`{}` does not exist", void.target)
    } else {
        format!("`{}` has no {} record", void.target, void.queried)
    }
}
