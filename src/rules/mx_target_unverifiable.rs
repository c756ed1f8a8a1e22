use crate::graph::{Graph, NameStatus};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX exchange that no zone of the run serves, so it cannot be checked offline.
    ///
    /// ## What it does
    /// Reports an MX exchange outside every zone given, or below a delegation whose child zone
    /// is not in the run and for which the parent holds no glue address. Nothing is wrong with
    /// such an exchange as far as zonelint knows: the rule is off by default, for users who
    /// want every exchange checked (give the run the zones serving them, or accept the
    /// finding). A null MX has no exchange, and an exchange written as an IP address is
    /// `mx-target-is-address`'s finding.
    ///
    /// ## Why is this bad?
    /// It may not be: the exchange is often a mail provider's host. But zonelint reads no DNS,
    /// so it cannot say whether the exchange exists, has addresses or is an alias; a typo in
    /// it would stop the domain's mail unnoticed.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1.example.org.
    /// ```
    ///
    /// Use instead (give the run the zone of `example.org.`, or host the exchange here):
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 5321 §5.1
    pub MxTargetUnverifiable,
    id: "mx-target-unverifiable",
    group: Mx,
    level: Off,
    since: "0.1.0",
}

impl Check for MxTargetUnverifiable {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, mx) in graph.mx_records().filter(|(_, mx)| !mx.is_null()) {
            let record = &graph.set.records[index];
            let Some((status, _)) = graph.target_lookup(index) else {
                continue;
            };
            let delegation = match status {
                NameStatus::Unknown => None,
                NameStatus::Delegated { zone, cut } => {
                    let has_glue = graph.set.names.get(mx.exchange).is_some_and(|id| {
                        !graph.records_at(zone, id, RType::A).is_empty()
                            || !graph.records_at(zone, id, RType::AAAA).is_empty()
                    });
                    if has_glue {
                        continue;
                    }
                    Some((zone, cut))
                }
                NameStatus::Authoritative { .. } | NameStatus::BelowDname { .. } => continue,
            };
            if super::mx_target_is_address::written_address(graph, index).is_some() {
                continue;
            }
            let fields = record_fields(&graph.set, index);
            let exchange = name::to_text(mx.exchange);
            let mut report = cx.report(
                fields.field("exchange").unwrap_or(record.span),
                format!("MX exchange `{exchange}` cannot be checked offline"),
            );
            report.note(
                "zonelint reads only the zones it is given and never queries the DNS, so it \
                 cannot tell whether the exchange has addresses",
            );
            match delegation {
                None => {
                    report
                        .span_label("outside every zone of the run")
                        .help(format_args!(
                            "add the zone serving `{exchange}` to the run to check it"
                        ));
                }
                Some((zone, cut)) => {
                    let cut_text = graph.set.names.text(cut);
                    report
                        .span_label("delegated, no glue in the parent")
                        .help(format_args!(
                            "add the zone `{cut_text}` to the run to check it"
                        ));
                    if let Some(&ns) = graph.records_at(zone, cut, RType::NS).first() {
                        report.label(graph.set.records[ns as usize].span, "delegation here");
                    }
                }
            }
        }
    }
}
