use crate::graph::Graph;
use crate::policy::spf::show;
use crate::policy::spf_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// An SPF `redirect=` in a record that also has `all`: the redirect is never used.
    ///
    /// ## What it does
    /// Reports the `redirect=` modifier of an SPF record that has an `all` mechanism anywhere.
    ///
    /// ## Why is this bad?
    /// `all` matches every client, so evaluation always ends there and a `redirect=` is only
    /// followed when no mechanism matched (RFC 7208 §6.1): it is dead. Usually the author meant
    /// the redirected policy to apply and the `all` is left over from before.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 mx redirect=_spf.example.net -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 mx redirect=_spf.example.net"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §5.1, §6.1
    pub SpfRedirectIgnored,
    id: "spf-redirect-ignored",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

impl Check for SpfRedirectIgnored {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            let (Some((redirect, _)), Some((all, _))) = (record.redirect(), record.all()) else {
                continue;
            };
            let map = TextMap::for_record(graph, index, text.len());
            cx.report(
                map.span(redirect.range.clone()),
                format!(
                    "`{}` is never used: the record has `{}`",
                    show(text, redirect.range.clone()),
                    show(text, all.range.clone())
                ),
            )
            .span_label("never followed")
            .label(map.span(all.range.clone()), "`all` always matches first")
            .help("remove `all` to let the redirect apply, or remove the redirect")
            .note("a redirect is followed only when no mechanism matched, and `all` always matches (RFC 7208 §6.1)");
        }
    }
}
