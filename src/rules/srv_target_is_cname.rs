use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An SRV target that is an alias (owns a CNAME) in a zone of the run.
    ///
    /// ## What it does
    /// Follows every SRV target into the zones given (the SRV's own zone or any other one of
    /// the run) and reports it when that name owns a CNAME record. A target of `.` (the service
    /// is decidedly not available) has no host. A target outside every zone given, or below a
    /// delegation whose child zone is not in the run, cannot be checked offline and is never
    /// reported.
    ///
    /// ## Why is this bad?
    /// RFC 2782 says the target must be a name with address records and must not be an alias.
    /// Clients that follow the rule (many SIP phones, XMPP and LDAP clients, Kerberos
    /// libraries) ignore the target or fail to connect; others follow the alias. The service
    /// works for some clients only, and the extra lookup slows down every one of them.
    ///
    /// ## Example
    /// ```zone
    /// _sip._tcp  SRV    10 5 5060 sip
    /// sip        CNAME  pbx1
    /// pbx1       A      192.0.2.50
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _sip._tcp  SRV    10 5 5060 pbx1
    /// pbx1       A      192.0.2.50
    /// ```
    ///
    /// ## References
    /// - RFC 2782 (the Target field)
    /// - RFC 2181 §10.3
    pub SrvTargetIsCname,
    id: "srv-target-is-cname",
    group: Other,
    level: Warning,
    since: "0.1.0",
}

impl Check for SrvTargetIsCname {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for &index in graph.records_of_type(RType::SRV) {
            let index = index as usize;
            let Some(srv) = graph.srv(index) else {
                continue;
            };
            if srv.target == [0] {
                continue;
            }
            let Some(alias) = graph.target_alias(index) else {
                continue;
            };
            let alias = alias as usize;
            let record = &graph.set.records[index];
            let fields = record_fields(&graph.set, index);
            let target = name::to_text(srv.target);
            let canonical = graph.target(alias).map(name::to_text).unwrap_or_default();
            cx.report(
                fields.field("target").unwrap_or(record.span),
                format!("SRV target `{target}` is an alias of `{canonical}`"),
            )
            .span_label("target is an alias")
            .label(graph.set.records[alias].span, "CNAME defined here")
            .help(format_args!(
                "point the SRV at the canonical name `{canonical}`"
            ))
            .note(
                "an SRV target must be a host name with address records, not an alias (RFC 2782)",
            );
        }
    }
}
