use crate::graph::{Graph, RecordRole, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX record at or below a delegation cut, or below a DNAME: never served.
    ///
    /// ## What it does
    /// Reports MX records that the zone holds but can never answer with: records at or below a
    /// name the zone delegates (NS records below the apex), and records below a DNAME. The
    /// finding points at the delegation (or DNAME) that hides the MX. Null MX records are
    /// reported too: they are just as invisible.
    ///
    /// ## Why is this bad?
    /// A parent zone answers for a delegated name with a referral to the child's servers,
    /// never with its own data (RFC 2181 §6.1), and a name below a DNAME is rewritten before
    /// any data is looked up (RFC 6672 §2). The MX is dead text: mail follows whatever the
    /// child zone (or the DNAME target) says, and the author believes otherwise.
    ///
    /// ## Example
    /// ```zone
    /// shop       NS    ns1.example.net.
    /// shop       MX    10 mx1.example.com.
    /// mx1        A     192.0.2.25
    /// ```
    ///
    /// Use instead (in the zone of `shop.example.com.`, served by `ns1.example.net.`):
    /// ```zone
    /// shop       NS    ns1.example.net.
    /// mx1        A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §6.1
    /// - RFC 6672 §2
    pub MxOccluded,
    id: "mx-occluded",
    group: Mx,
    level: Error,
    since: "0.1.0",
}

/// What hides a record: the delegation cut or the DNAME owner above it.
enum Cause {
    Cut(NameId),
    Dname(NameId),
}

/// The cut (at or above the owner) or DNAME (strictly above) that occludes `owner`, found the
/// way [`Graph::record_role`] finds it.
fn cause(graph: &Graph, zone: ZoneId, owner: NameId) -> Option<Cause> {
    let z = graph.zone(zone);
    let apex_len = graph.set.names.wire(z.apex).len();
    let mut cur = Some(graph.set.names.wire(owner));
    let mut at_owner = true;
    while let Some(n) = cur {
        if n.len() <= apex_len {
            break;
        }
        if let Some(id) = graph.set.names.get(n) {
            if z.cuts.contains(&id) {
                return Some(Cause::Cut(id));
            }
            if !at_owner && z.dnames.contains(&id) {
                return Some(Cause::Dname(id));
            }
        }
        at_owner = false;
        cur = name::parent(n);
    }
    None
}

impl Check for MxOccluded {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::MX || graph.record_role(index) != RecordRole::Occluded {
                continue;
            }
            let zone = graph.zone_of_record(index);
            let Some(cause) = cause(graph, zone, record.owner) else {
                continue;
            };
            let fields = record_fields(&graph.set, index);
            let span = fields.owner.unwrap_or(fields.rtype);
            let owner = graph.owner_text(index);
            match cause {
                Cause::Cut(cut) => {
                    let cut_text = graph.set.names.text(cut);
                    let mut report = cx.report(
                        span,
                        format!("MX at `{owner}` is hidden by the delegation of `{cut_text}`"),
                    );
                    report
                        .span_label("never served")
                        .help(format_args!("move the MX into the child zone `{cut_text}`"))
                        .note(
                            "a parent answers for a delegated name with a referral, never with \
                             its own data (RFC 2181 §6.1)",
                        );
                    if let Some(&ns) = graph.records_at(zone, cut, RType::NS).first() {
                        report.label(graph.set.records[ns as usize].span, "delegation here");
                    }
                }
                Cause::Dname(dname) => {
                    let dname_text = graph.set.names.text(dname);
                    let mut report = cx.report(
                        span,
                        format!("MX at `{owner}` is hidden by the DNAME at `{dname_text}`"),
                    );
                    report
                        .span_label("never served")
                        .help("move the MX to the name the DNAME points at, or remove it")
                        .note(
                            "names below a DNAME are rewritten to its target before any data \
                             is looked up (RFC 6672 §2)",
                        );
                    if let Some(&d) = graph.records_at(zone, dname, RType::DNAME).first() {
                        report.label(graph.set.records[d as usize].span, "DNAME defined here");
                    }
                }
            }
        }
    }
}
