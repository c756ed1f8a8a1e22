use crate::graph::Graph;
use crate::policy::spf::MechanismKind;
use crate::policy::spf_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// An SPF record that uses the `ptr` mechanism, which RFC 7208 says not to use.
    ///
    /// ## What it does
    /// Reports every `ptr` mechanism (with or without a domain, any qualifier) of an SPF record.
    ///
    /// ## Why is this bad?
    /// `ptr` makes the receiver look up the client's reverse name and then its addresses: slow,
    /// unreliable, and a heavy load on the reverse DNS of others. RFC 7208 §5.5 says it SHOULD
    /// NOT be used, and large receivers skip it, so mail it was meant to authorise may fail.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 ptr -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 ip4:192.0.2.0/24 -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §5.5
    pub SpfPtr,
    id: "spf-ptr",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

impl Check for SpfPtr {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            let mut map = None;
            for (term, _) in record
                .mechanisms()
                .filter(|(_, m)| m.kind == MechanismKind::Ptr)
            {
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                cx.report(
                    map.span(term.range.clone()),
                    format!(
                        "SPF mechanism `{}` should not be used",
                        crate::policy::spf::show(text, term.range.clone())
                    ),
                )
                .span_label("reverse-DNS mechanism")
                .help("list the sending hosts with `ip4:`, `ip6:`, `a` or `include:` instead")
                .note("`ptr` is slow and unreliable; RFC 7208 §5.5 says it SHOULD NOT be used and many receivers ignore it");
            }
        }
    }
}
