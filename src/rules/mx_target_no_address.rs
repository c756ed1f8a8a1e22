use crate::graph::{Graph, NameStatus, ZoneId};
use crate::rules::{Check, Context, Report};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX exchange in a zone of the run that has no A or AAAA record.
    ///
    /// ## What it does
    /// Follows every MX exchange into the zones given (the MX's own zone or any other one of
    /// the run) and reports it when the zone serving it holds no address for it: the name does
    /// not exist, or owns other data only. A name that does not exist but is covered by a
    /// wildcard with an A or AAAA record has an address. Left to other rules, so a mistake is
    /// reported once: an exchange that is an alias (`mx-target-is-cname`), below a DNAME
    /// (`mx-target-below-dname`), written as an IP address (`mx-target-is-address`), or
    /// written without its trailing dot (`origin-repeated`, `relative-target-looks-absolute`). A null
    /// MX (`0 .`) has no exchange. An exchange below a delegation is judged by the parent's
    /// glue: with glue it has addresses, without glue it is unknown and not reported, like a
    /// name outside every zone of the run (see `mx-target-unverifiable`).
    ///
    /// ## Why is this bad?
    /// An MX must name a host with address records (RFC 2181 §10.3). A sender that finds no
    /// address for any exchange cannot deliver: the mail is deferred, then bounced (RFC 5321
    /// §5.1). A typo in the exchange or a forgotten A record silently stops the domain's mail.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1
    /// mx    A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx
    /// mx    A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §10.3
    /// - RFC 5321 §5.1
    pub MxTargetNoAddress,
    id: "mx-target-no-address",
    group: Mx,
    level: Error,
    since: "0.1.0",
}

/// A known target that has no address: the wildcard standing in for it (when it does not exist
/// itself) and the first record of whichever name answers, for a label.
pub(super) struct Unanswered {
    pub wildcard: Option<NameId>,
    pub first_record: Option<usize>,
}

impl Unanswered {
    /// Labels where the answer for the target of record `index` comes from (`noun`: how the
    /// rule calls the target): the first record of the name or of its wildcard, else the SOA
    /// of the zone serving it when that is not the record's own zone.
    pub(super) fn label_answer(
        &self,
        report: &mut Report<'_>,
        graph: &Graph,
        zone: ZoneId,
        index: usize,
        noun: &str,
    ) {
        if let Some(first) = self.first_record {
            let what = if self.wildcard.is_some() {
                format!("wildcard answering for the {noun}, without A/AAAA")
            } else {
                format!("the {noun}'s records, none of them A/AAAA")
            };
            report.label(graph.set.records[first].span, what);
        } else if zone != graph.zone_of_record(index) {
            let apex = graph.zone(zone).apex;
            if let Some(&soa) = graph.records_at(zone, apex, RType::SOA).first() {
                report.label(
                    graph.set.records[soa as usize].span,
                    format_args!("zone `{}` serving the {noun}", graph.set.names.text(apex)),
                );
            }
        }
    }
}

/// Whether `target` (in `zone`, existing or not) lacks an address: `None` when it, or the
/// wildcard answering for it, has A/AAAA (or is an alias, which the alias rules report).
/// `exists` and `own` are what [`Graph::target_lookup`] said of it (its id, if it has one).
/// Shared with `srv-target-no-address`.
pub(super) fn unanswered(
    graph: &Graph,
    zone: ZoneId,
    (exists, own): (bool, Option<NameId>),
    target: &[u8],
) -> Option<Unanswered> {
    let wildcard = if exists {
        None
    } else {
        wildcard_for(graph, zone, target)
    };
    let mut first_record = None;
    if let Some(id) = wildcard.or(own) {
        if graph
            .rrsets_at(zone, id)
            .any(|s| matches!(s.rtype, RType::A | RType::AAAA | RType::CNAME))
        {
            return None;
        }
        first_record = graph
            .rrsets_at(zone, id)
            .next()
            .and_then(|s| graph.records_of(zone, &s).first().copied())
            .map(|i| i as usize);
    }
    Some(Unanswered {
        wildcard,
        first_record,
    })
}

/// The wildcard that answers for the missing name `wire`: the one at its closest encloser
/// (RFC 4592 §3.3.1), if that exists. Shared with `ns-target-no-address`,
/// `srv-target-no-address` and `mx-target-no-reverse`.
pub(super) fn wildcard_for(graph: &Graph, zone: ZoneId, wire: &[u8]) -> Option<NameId> {
    let z = graph.zone(zone);
    let apex_len = graph.set.names.wire(z.apex).len();
    let mut cur = name::parent(wire);
    while let Some(p) = cur {
        if p.len() < apex_len {
            return None;
        }
        if let Some(id) = graph.set.names.get(p)
            && (id == z.apex
                || z.empty_non_terminals.contains(&id)
                || graph.rrsets_at(zone, id).next().is_some())
        {
            // The closest encloser: only its wildcard may answer.
            let mut star = Vec::with_capacity(p.len() + 2);
            star.extend_from_slice(b"\x01*");
            star.extend_from_slice(p);
            return graph
                .set
                .names
                .get(&star)
                .filter(|&w| graph.rrsets_at(zone, w).next().is_some());
        }
        cur = name::parent(p);
    }
    None
}

impl Check for MxTargetNoAddress {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, mx) in graph.mx_records().filter(|(_, mx)| !mx.is_null()) {
            let record = &graph.set.records[index];
            let Some((NameStatus::Authoritative { zone, exists }, own)) =
                graph.target_lookup(index)
            else {
                continue;
            };
            let Some(answer) = unanswered(graph, zone, (exists, own), mx.exchange) else {
                continue;
            };
            if super::mx_target_is_address::written_address(graph, index).is_some()
                || super::relative_target_looks_absolute::lost_trailing_dot(
                    graph,
                    index,
                    mx.exchange,
                    "exchange",
                )
            {
                continue;
            }
            let fields = record_fields(&graph.set, index);
            let exchange = name::to_text(mx.exchange);
            let message = if exists || answer.wildcard.is_some() {
                format!("MX exchange `{exchange}` has no address records")
            } else {
                format!("MX exchange `{exchange}` does not exist")
            };
            let mut report = cx.report(fields.field("exchange").unwrap_or(record.span), message);
            report
                .span_label("MX exchange without A/AAAA")
                .help(format_args!(
                    "add an A or AAAA record for `{exchange}`, or point the MX at a host that has one"
                ))
                .note(
                    "an MX must name a host with address records (RFC 2181 §10.3); without one \
                     the mail is deferred, then bounced (RFC 5321 §5.1)",
                );
            answer.label_answer(&mut report, graph, zone, index, "exchange");
        }
    }
}
