use crate::graph::Graph;
use crate::policy::spf::{MechanismKind, show};
use crate::policy::spf_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// SPF mechanisms after `all`: never evaluated.
    ///
    /// ## What it does
    /// Reports, once per record, the mechanisms that follow the first `all` of an SPF record
    /// (underlining from the first to the last of them). Modifiers are not positional and are
    /// left alone (`redirect=` with `all` is `spf-redirect-ignored`).
    ///
    /// ## Why is this bad?
    /// Mechanisms are evaluated left to right and `all` always matches (RFC 7208 §5.1), so
    /// nothing after it is ever looked at: hosts listed there are not authorised, whatever the
    /// author intended.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 mx -all include:_spf.example.net"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 mx include:_spf.example.net -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.6.2, §5.1
    pub SpfTermsAfterAll,
    id: "spf-terms-after-all",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

impl Check for SpfTermsAfterAll {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            let mut mechanisms = record.mechanisms();
            let Some((all, _)) = mechanisms
                .by_ref()
                .find(|(_, m)| m.kind == MechanismKind::All)
            else {
                continue;
            };
            let after: Vec<_> = mechanisms.map(|(t, _)| t.range.clone()).collect();
            let (Some(first), Some(last)) = (after.first(), after.last()) else {
                continue;
            };
            let map = TextMap::for_record(graph, index, text.len());
            let count = after.len();
            let what = if count == 1 {
                format!(
                    "SPF mechanism `{}` after `all` is never evaluated",
                    show(text, first.clone())
                )
            } else {
                format!("{count} SPF mechanisms after `all` are never evaluated")
            };
            cx.report(map.span(first.start..last.end), what)
                .span_label("never evaluated")
                .label(map.span(all.range.clone()), "evaluation always ends here")
                .help("move these mechanisms before `all`, or remove them")
                .note("mechanisms are evaluated left to right and `all` always matches (RFC 7208 §5.1)");
        }
    }
}
