use std::net::IpAddr;

use super::mx_target_no_address::unanswered;
use crate::graph::{Graph, NameStatus};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An SRV target in a zone of the run that has no A or AAAA record.
    ///
    /// ## What it does
    /// Follows every SRV target into the zones given (the SRV's own zone or any other one of
    /// the run) and reports it when the zone serving it holds no address for it: the name does
    /// not exist, or owns other data only. A name that does not exist but is covered by a
    /// wildcard with an A or AAAA record has an address. A target of `.` says the service is
    /// not available (RFC 2782) and has no host. An alias is left to `srv-target-is-cname`, and
    /// a target written without its trailing dot to `origin-repeated` and
    /// `relative-target-looks-absolute`; a target written as an IP address is reported here,
    /// saying so. A target below a delegation is judged by the parent's glue: with glue it has
    /// addresses, without glue it is unknown and not reported, like a name outside every zone
    /// of the run.
    ///
    /// ## Why is this bad?
    /// Clients connect to the addresses of the target (RFC 2782). A target without any
    /// cannot be reached: the service record is dead, and clients fall back to the next
    /// target, or fail.
    ///
    /// ## Example
    /// ```zone
    /// _xmpp-client._tcp  SRV  5 0 5222 xmpp1
    /// xmpp               A    192.0.2.52
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _xmpp-client._tcp  SRV  5 0 5222 xmpp
    /// xmpp               A    192.0.2.52
    /// ```
    ///
    /// ## References
    /// - RFC 2782 (the Target field)
    pub SrvTargetNoAddress,
    id: "srv-target-no-address",
    group: Other,
    level: Error,
    since: "0.1.0",
}

impl Check for SrvTargetNoAddress {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for &index in graph.records_of_type(RType::SRV) {
            let index = index as usize;
            let Some(srv) = graph.srv(index) else {
                continue;
            };
            if srv.target == [0] {
                continue;
            }
            let Some((NameStatus::Authoritative { zone, exists }, own)) =
                graph.target_lookup(index)
            else {
                continue;
            };
            let Some(answer) = unanswered(graph, zone, (exists, own), srv.target) else {
                continue;
            };
            if super::relative_target_looks_absolute::lost_trailing_dot(
                graph, index, srv.target, "target",
            ) {
                continue;
            }
            let record = &graph.set.records[index];
            let fields = record_fields(&graph.set, index);
            let span = fields.field("target").unwrap_or(record.span);
            let written = String::from_utf8_lossy(&graph.set.sources.slice(span)).into_owned();
            if written.trim_end_matches('.').parse::<IpAddr>().is_ok() && answer.wildcard.is_none()
            {
                let written = written.trim_end_matches('.');
                cx.report(
                    span,
                    format!("SRV target `{written}` is an IP address, not a host name"),
                )
                .span_label("address written as a name")
                .help(format_args!(
                    "point the SRV at a host name whose A or AAAA record holds `{written}`"
                ))
                .note(
                    "the target is a domain name (RFC 2782): this one is read as a relative \
                     name below the origin, which has no address",
                );
                continue;
            }
            let target = name::to_text(srv.target);
            let message = if exists || answer.wildcard.is_some() {
                format!("SRV target `{target}` has no address records")
            } else {
                format!("SRV target `{target}` does not exist")
            };
            let mut report = cx.report(span, message);
            report
                .span_label("SRV target without A/AAAA")
                .help(format_args!(
                    "add an A or AAAA record for `{target}`, or point the SRV at a host that has one"
                ))
                .note("clients connect to the addresses of the SRV target (RFC 2782); without one the service cannot be reached");
            answer.label_answer(&mut report, graph, zone, index, "target");
        }
    }
}
