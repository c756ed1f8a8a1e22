use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// A CNAME at the zone apex, where the SOA and NS records must live.
    ///
    /// ## What it does
    /// Reports a CNAME record whose owner is the apex of its zone.
    ///
    /// ## Why is this bad?
    /// The apex always owns the SOA and NS records, and a CNAME may not share its name with any
    /// other data (RFC 1034 §3.6.2). Servers refuse such a zone, or serve the CNAME and hide the
    /// SOA, NS and MX records: mail for the domain then follows the alias, if it is delivered at
    /// all.
    ///
    /// ## Example
    /// ```zone
    /// @    SOA   ns1 hostmaster 1 7200 3600 1209600 3600
    /// @    NS    ns1.example.net.
    /// @    CNAME www.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @    SOA   ns1 hostmaster 1 7200 3600 1209600 3600
    /// @    NS    ns1.example.net.
    /// @    A     192.0.2.10
    /// ```
    ///
    /// Or, where the provider offers it, an ALIAS/ANAME flattened record, or an HTTPS record
    /// (RFC 9460) for the web service.
    ///
    /// ## References
    /// - RFC 1034 §3.6.2
    /// - RFC 1912 §2.4
    pub CnameAtApex,
    id: "cname-at-apex",
    group: Cname,
    level: Error,
    since: "0.1.0",
}

impl Check for CnameAtApex {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, zone) in graph.zone_ids() {
            for &index in graph.records_at(zone_id, zone.apex, RType::CNAME) {
                let fields = record_fields(&graph.set, index as usize);
                let mut report = cx.report(
                    fields.rtype,
                    format!(
                        "CNAME at the zone apex `{}`",
                        graph.set.names.text(zone.apex)
                    ),
                );
                report
                    .span_label("alias at the apex")
                    .help("replace the CNAME with the target's A/AAAA records (or an HTTPS record)")
                    .note(
                        "the apex must own SOA and NS records, and a CNAME may not share its \
                         name with other data (RFC 1034 §3.6.2)",
                    );
                if let Some(&soa) = graph.records_at(zone_id, zone.apex, RType::SOA).first() {
                    report.label(
                        graph.set.records[soa as usize].span,
                        "the apex's SOA record",
                    );
                }
            }
        }
    }
}
