use crate::graph::Graph;
use crate::policy::spf_graph::is_spf_record;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// More than one SPF record at a name: receivers return permerror.
    ///
    /// ## What it does
    /// Groups the TXT records of each name and reports every SPF record (`v=spf1`) after the
    /// first one, pointing back at the first. Type 99 SPF records are left to `spf-rrtype-spf`.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §4.5 makes a receiver that finds more than one `v=spf1` record return
    /// permerror: none of them applies. This usually happens when a second service's
    /// instructions ("add this TXT record") are followed instead of merging its `include:` into
    /// the existing record.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 mx -all"
    /// @  TXT  "v=spf1 include:_spf.example.net -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 mx include:_spf.example.net -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §3.2, §4.5
    pub SpfMultiple,
    id: "spf-multiple",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

impl Check for SpfMultiple {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, _) in graph.zone_ids() {
            for set in graph
                .rrsets(zone)
                .filter(|s| s.rtype == RType::TXT && s.len() > 1)
            {
                let mut spf = graph
                    .records_of(zone, &set)
                    .iter()
                    .map(|&i| i as usize)
                    .filter(|&i| is_spf_record(graph, i));
                let Some(first) = spf.next() else { continue };
                let owner = graph.owner_text(first);
                for extra in spf {
                    let fields = record_fields(&graph.set, extra);
                    let text = fields
                        .rdata
                        .first()
                        .map_or(graph.set.records[extra].span, |&(_, s)| s);
                    cx.report(text, format!("more than one SPF record at `{owner}`"))
                        .span_label("another SPF record")
                        .label(graph.set.records[first].span, "first SPF record here")
                        .help("merge the records into one `v=spf1` record")
                        .note("with several `v=spf1` records at a name, receivers return permerror and apply none (RFC 7208 §4.5)");
                }
            }
        }
    }
}
