use crate::graph::{Graph, RecordRole};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::rtype::RType;

declare_rule! {
    /// A DS record at a zone's apex, or at a name that is not a delegation.
    ///
    /// ## What it does
    /// Reports a DS record whose owner is the apex of its zone, or a name of the zone that owns
    /// no NS records (so is not a delegation point). DS records below a delegation or a DNAME,
    /// which are never served, are left to `occluded-record`; DS records outside the zone to
    /// `out-of-zone-record`.
    ///
    /// ## Why is this bad?
    /// A DS record belongs to the parent side of a delegation: it sits beside the NS records
    /// of the cut and authenticates the child's keys (RFC 4035 §2.4; RFC 4034 §5). At the apex
    /// of the child it is never asked for there (resolvers ask the parent), and BIND refuses to
    /// load the zone; at a name that is not delegated it secures nothing and tells validators
    /// that a signed child zone exists where there is none.
    ///
    /// ## Example
    /// ```zone
    /// @     NS    ns1.example.net.
    /// @     NS    ns2.example.net.
    /// @     DS    12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE71A7D4AD8B0F44C4F1CE3EA1
    /// ```
    ///
    /// Use instead (in the parent zone, at the delegation):
    /// ```zone
    /// sub   NS    ns1.example.net.
    /// sub   NS    ns2.example.net.
    /// sub   DS    12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE71A7D4AD8B0F44C4F1CE3EA1
    /// ```
    ///
    /// ## References
    /// - RFC 4035 §2.4
    /// - RFC 4034 §5
    pub DsNotAtDelegation,
    id: "ds-not-at-delegation",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

impl Check for DsNotAtDelegation {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for &index in graph.records_of_type(RType::DS) {
            let index = index as usize;
            // At a cut the DS is the delegation's; below a cut or a DNAME, or outside the
            // zone, other rules speak.
            if graph.record_role(index) != RecordRole::Authoritative {
                continue;
            }
            let record = &graph.set.records[index];
            let zone = graph.zone(graph.zone_of_record(index));
            let owner = graph.owner_text(index);
            let fields = record_fields(&graph.set, index);
            if record.owner == zone.apex {
                cx.report(
                    fields.rtype,
                    format!("DS record at the zone apex `{owner}`"),
                )
                .span_label("DS at the apex")
                .help(format_args!(
                    "remove the DS from this zone: it belongs in the parent zone, at the \
                         delegation of `{owner}`"
                ))
                .note(
                    "a DS record sits at a delegation point, in the parent zone \
                         (RFC 4035 §2.4)",
                );
            } else {
                cx.report(
                    fields.rtype,
                    format!("DS record at `{owner}`, which is not a delegation"),
                )
                .span_label("DS without NS records beside it")
                .help(format_args!(
                    "delegate `{owner}` with NS records, or remove the DS record"
                ))
                .note(
                    "a DS record only exists at a delegation point, beside the NS records of \
                     the cut (RFC 4035 §2.4)",
                );
            }
        }
    }
}
