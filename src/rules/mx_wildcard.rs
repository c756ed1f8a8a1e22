use crate::graph::{Graph, RecordRole};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX record owned by a wildcard name (`*.example.com.`).
    ///
    /// ## What it does
    /// Reports the MX records of a wildcard owner (first label `*`), once per wildcard name,
    /// when they are served (an occluded wildcard is `mx-occluded`'s finding). A wildcard null
    /// MX (`*  MX 0 .`) is not reported: saying that no name below takes mail is harmless.
    ///
    /// ## Why is this bad?
    /// A wildcard MX answers for every name that does not exist, so mail to any mistyped or
    /// invented host name is accepted and routed (and spam to random subdomains finds a
    /// server), while it never applies to names that do exist: a host with only an A record
    /// gets no MX from the wildcard (RFC 1912 §2.7, RFC 4592 §2.2). The behaviour is rarely
    /// what was meant.
    ///
    /// ## Example
    /// ```zone
    /// *     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// shop  MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 1912 §2.7
    /// - RFC 4592 §2.2
    pub MxWildcard,
    id: "mx-wildcard",
    group: Mx,
    level: Info,
    since: "0.1.0",
}

impl Check for MxWildcard {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::MX {
                continue;
            }
            if !graph.set.names.wire(record.owner).starts_with(b"\x01*") {
                continue;
            }
            let Some(mx) = graph.mx(index) else { continue };
            if mx.is_null() {
                continue;
            }
            // Once per wildcard RRset: at its first non-null MX.
            let zone = graph.zone_of_record(index);
            let first = graph
                .records_at(zone, record.owner, RType::MX)
                .iter()
                .map(|&i| i as usize)
                .find(|&i| graph.mx(i).is_some_and(|m| !m.is_null()));
            if first != Some(index) || graph.record_role(index) != RecordRole::Authoritative {
                continue;
            }
            let fields = record_fields(&graph.set, index);
            cx.report(
                fields.owner.unwrap_or(fields.rtype),
                format!("wildcard MX at `{}`", graph.owner_text(index)),
            )
            .span_label("wildcard owner")
            .help("list MX records at the names that receive mail instead of a wildcard")
            .note(
                "a wildcard MX answers for every name that does not exist and for none that \
                 does (RFC 1912 §2.7, RFC 4592 §2.2)",
            );
        }
    }
}
