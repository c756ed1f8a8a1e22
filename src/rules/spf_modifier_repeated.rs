use crate::graph::Graph;
use crate::policy::spf::{ModifierKind, show};
use crate::policy::spf_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// An SPF record with `redirect=` or `exp=` more than once: receivers return permerror.
    ///
    /// ## What it does
    /// Reports the second and later `redirect=` modifiers of an SPF record, and likewise
    /// `exp=`, pointing back at the first.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §6 says these modifiers MUST NOT appear more than once; a receiver that finds
    /// them twice returns permerror and the policy does not apply at all.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 redirect=_spf.example.com redirect=_spf.example.net"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 redirect=_spf.example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §6
    pub SpfModifierRepeated,
    id: "spf-modifier-repeated",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfModifierRepeated {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            for kind in [ModifierKind::Redirect, ModifierKind::Exp] {
                let mut found = record.modifiers().filter(|(_, m)| m.kind == kind);
                let Some((first, first_mod)) = found.next() else {
                    continue;
                };
                let name = show(text, first_mod.name.clone()).to_ascii_lowercase();
                let mut map = None;
                for (term, _) in found {
                    let map =
                        map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                    cx.report(
                        map.span(term.range.clone()),
                        format!("SPF modifier `{name}=` appears more than once"),
                    )
                    .span_label("repeated modifier")
                    .label(map.span(first.range.clone()), "first given here")
                    .help(format_args!("keep a single `{name}=` modifier"))
                    .note("`redirect=` and `exp=` MUST NOT appear more than once; receivers return permerror (RFC 7208 §6)");
                }
            }
        }
    }
}
