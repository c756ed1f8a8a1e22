use crate::graph::Graph;
use crate::policy::spf;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// A record of type SPF (99), deprecated since RFC 7208 and ignored by receivers.
    ///
    /// ## What it does
    /// Reports every record of type SPF (type 99), whatever its text. When the name also has
    /// a TXT SPF record (its "twin"), that record is shown; when it has none, the note says
    /// the policy is not published at all.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §3.1 removed the SPF record type: SPF is published only as TXT, and receivers
    /// do not query type 99. A type 99 record is dead weight at best, and at worst the only
    /// place the policy was written.
    ///
    /// ## Example
    /// ```zone
    /// @  SPF  "v=spf1 mx -all"
    /// @  TXT  "v=spf1 mx -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 mx -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §3.1, §14.1
    pub SpfRrtypeSpf,
    id: "spf-rrtype-spf",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

impl Check for SpfRrtypeSpf {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::SPF {
                continue;
            }
            let zone = graph.zone_of_record(index);
            let twin = graph
                .records_at(zone, record.owner, RType::TXT)
                .iter()
                .copied()
                .find(|&i| spf::is_spf(&graph.joined_text(i as usize)));
            let fields = record_fields(&graph.set, index);
            let owner = graph.owner_text(index);
            let mut report = cx.report(
                fields.rtype,
                format!("record type SPF at `{owner}` is deprecated"),
            );
            report.span_label("type 99");
            if let Some(twin) = twin {
                report
                    .label(
                        graph.set.records[twin as usize].span,
                        "the TXT record receivers use",
                    )
                    .help("remove the SPF-type record; the TXT record is the policy")
                    .note("RFC 7208 §3.1 publishes SPF only as TXT; receivers never query type 99");
            } else {
                report
                    .help("publish the policy as a TXT record and remove the SPF-type record")
                    .note("there is no TXT SPF record at this name, so receivers see no policy: RFC 7208 §3.1 publishes SPF only as TXT");
            }
        }
    }
}
