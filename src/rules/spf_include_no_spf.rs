use crate::graph::Graph;
use crate::policy::spf::{MechanismKind, show};
use crate::policy::spf_graph::{SpfAt, domain_wire, parsed_records, spf_at};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::rtype::RType;

declare_rule! {
    /// An SPF `include:` or `redirect=` whose target, in a zone of the run, publishes no SPF.
    ///
    /// ## What it does
    /// Follows the target of every `include:` and `redirect=` (without macros) into the zones
    /// of the run, through CNAMEs there. Reports it when the name does not exist or has no
    /// `v=spf1` TXT record; other TXT records at the name are shown. Targets outside every
    /// zone given cannot be checked offline and are never reported.
    ///
    /// ## Why is this bad?
    /// An include whose target has no SPF record makes the receiver return permerror
    /// (RFC 7208 §5.2), and so does a redirect (§6.1): the whole policy fails. This is typical
    /// after a provider or a sub-record was removed while the reference stayed.
    ///
    /// ## Example
    /// ```zone
    /// @     TXT  "v=spf1 include:_spf.example.com -all"
    /// _spf  TXT  "google-site-verification=abc"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     TXT  "v=spf1 include:_spf.example.com -all"
    /// _spf  TXT  "v=spf1 ip4:192.0.2.0/24 -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §5.2, §6.1
    pub SpfIncludeNoSpf,
    id: "spf-include-no-spf",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfIncludeNoSpf {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            let targets = record
                .mechanisms()
                .filter(|(_, m)| m.kind == MechanismKind::Include)
                .filter_map(|(t, m)| Some((t, m.domain.clone()?, "include")))
                .chain(
                    record
                        .redirect()
                        .map(|(t, m)| (t, m.value.clone(), "redirect")),
                );
            let mut map = None;
            for (term, domain, how) in targets {
                let Some(wire) = domain_wire(&text[domain.clone()]) else {
                    continue;
                };
                let target = show(text, domain.clone());
                let (message, other_txt) = match spf_at(graph, &wire) {
                    SpfAt::NoName { .. } => {
                        (format!("{how} target `{target}` does not exist"), None)
                    }
                    SpfAt::NoSpf { zone, owner } => (
                        format!("{how} target `{target}` publishes no SPF record"),
                        graph.records_at(zone, owner, RType::TXT).first().copied(),
                    ),
                    SpfAt::Found(_) | SpfAt::Unknown => continue,
                };
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                let mut report = cx.report(map.span(domain), message);
                report
                    .span_label("no SPF record here")
                    .help(format_args!("publish a `v=spf1` record at `{target}`, or remove `{}`", show(text, term.range.clone())))
                    .note("an include or redirect target without an SPF record makes receivers return permerror (RFC 7208 §5.2, §6.1)");
                if let Some(txt) = other_txt {
                    report.label(graph.set.records[txt as usize].span, "TXT record, not SPF");
                }
            }
        }
    }
}
