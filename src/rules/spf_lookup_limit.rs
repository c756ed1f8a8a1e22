use std::fmt::Write as _;

use crate::graph::Graph;
use crate::policy::spf_graph::{self, Via, Walk, notable_walks};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

/// RFC 7208 §4.6.4.
const LIMIT: usize = spf_graph::LOOKUP_LIMIT;

declare_rule! {
    /// An SPF evaluation that needs more than 10 DNS lookups: receivers return permerror.
    ///
    /// ## What it does
    /// Counts the terms that make a receiver query DNS (`include`, `a`, `mx`, `ptr`, `exists`
    /// and `redirect=`; not `all`, `ip4`, `ip6` or `exp=`) in an SPF record and, recursively,
    /// in the records its `include:` and `redirect=` targets publish in the zones of the run.
    /// Mechanisms after `all` are never evaluated and are not counted, nor is a `redirect=` in
    /// a record that has `all`. Targets outside the run, or built from macros, cannot be
    /// followed offline: the count is then a lower bound, and the finding says so. Reports the
    /// record when the count is above 10, with the tree in the note.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §4.6.4 caps an evaluation at 10 such lookups; past it, receivers return
    /// permerror and the policy fails for all mail. Provider includes often cost several
    /// lookups each, so the limit is easy to pass unknowingly.
    ///
    /// ## Example
    /// ```zone
    /// @     TXT  "v=spf1 a mx include:a._spf.example.com include:b._spf.example.com -all"
    /// a._spf TXT "v=spf1 a:m1.example.com a:m2.example.com a:m3.example.com a:m4.example.com -all"
    /// b._spf TXT "v=spf1 a:m5.example.com a:m6.example.com a:m7.example.com a:m8.example.com -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     TXT  "v=spf1 mx ip4:192.0.2.0/28 -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.6.4
    pub SpfLookupLimit,
    id: "spf-lookup-limit",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfLookupLimit {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, w) in notable_walks(graph) {
            let index = *index;
            if w.lookups <= LIMIT {
                continue;
            }
            let len: usize = graph.strings(index).map(<[u8]>::len).sum();
            let map = TextMap::for_record(graph, index, len);
            let count = if w.complete {
                format!("{}", w.lookups)
            } else {
                format!("at least {}", w.lookups)
            };
            let mut report = cx.report(
                map.whole(),
                format!("SPF evaluation needs {count} DNS lookups, more than {LIMIT}"),
            );
            report
                .span_label(format_args!("{count} lookups"))
                .help("replace `a`/`mx`/`include:` terms with `ip4:`/`ip6:` ranges, or drop unused includes")
                .note(tree_note(graph, w));
            for visit in w.visits.iter().skip(1) {
                report.label(
                    graph.set.records[visit.record as usize].span,
                    format_args!("{} lookups in this record", visit.own),
                );
            }
        }
    }
}

/// The evaluation tree, one record a line.
fn tree_note(graph: &Graph, w: &Walk) -> String {
    let mut note = String::from(
        "RFC 7208 §4.6.4 allows at most 10 DNS-querying terms per evaluation; receivers \
         return permerror beyond. Lookups by record:",
    );
    for visit in &w.visits {
        let how = match visit.via {
            Via::Root => "",
            Via::Include => "include ",
            Via::Redirect => "redirect ",
        };
        let _ = write!(
            note,
            "\n{}{how}{}: {}",
            "  ".repeat(visit.depth + 1),
            graph.owner_text(visit.record as usize),
            visit.own
        );
    }
    if !w.complete {
        note.push_str(
            "\nsome targets are outside the zones given or use macros: the count is a lower bound",
        );
    }
    note
}
