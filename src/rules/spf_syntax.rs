use crate::graph::Graph;
use crate::policy::spf_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// An SPF record that breaks the RFC 7208 grammar: receivers return permerror for it.
    ///
    /// ## What it does
    /// Parses every TXT record selected as SPF (`v=spf1` alone or followed by a space) with the
    /// RFC 7208 §12 grammar and reports each violation on the offending bytes: an unknown
    /// mechanism, a modifier with a bad name or a qualifier, a missing or unexpected value, a
    /// domain that does not end in a valid top label (an address written as `a:192.0.2.1`), a
    /// malformed macro (or `%{c}`, `%{r}`, `%{t}` outside explanation text), a bad prefix
    /// length, IPv4 or IPv6 network, and tabs or non-ASCII bytes. The underline follows the
    /// term into the file even across strings and escapes.
    ///
    /// ## Why is this bad?
    /// A receiver that meets a syntax error stops evaluating and returns permerror (§4.6):
    /// the whole policy is void, and DMARC treats the mail as unauthenticated by SPF.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 a:192.0.2.10 ip4:192.0.2.0/33 -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 ip4:192.0.2.10 ip4:192.0.2.0/24 -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.6, §5, §6, §7, §12
    pub SpfSyntax,
    id: "spf-syntax",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            if record.errors.is_empty() {
                continue;
            }
            let map = TextMap::for_record(graph, index, text.len());
            for error in &record.errors {
                let mut report = cx.report(map.span(error.range.clone()), error.message(text));
                report
                    .span_label("invalid here")
                    .help(error.help())
                    .note("a syntax error makes receivers return permerror for the whole record (RFC 7208 §4.6)");
                if error.range != error.term {
                    report.label(map.span(error.term.clone()), "in this term");
                }
            }
        }
    }
}
