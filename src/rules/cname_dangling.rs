use super::relative_target_looks_absolute::lost_trailing_dot;
use crate::graph::{Graph, NameStatus, RecordRole};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A CNAME whose target does not exist in the zone that holds it.
    ///
    /// ## What it does
    /// Reports every CNAME whose target falls in a zone of the run (the alias's own zone or
    /// another) where that name owns no records, has nothing below it, and is not covered by
    /// a wildcard. Targets outside the zones given, below a delegation cut or below a DNAME
    /// cannot be checked offline and are never reported; CNAMEs below a delegation cut are
    /// never served and are skipped. DNAME targets are not checked: a DNAME rewrites a whole
    /// subtree, whose top need not own data.
    ///
    /// A target that is missing because it was written without its trailing dot
    /// (`mail.example.com` → `mail.example.com.example.com.`) is left to `origin-repeated` and
    /// `relative-target-looks-absolute`, which say what went wrong.
    ///
    /// ## Why is this bad?
    /// The alias leads nowhere: every query for it, of any type, ends in NXDOMAIN, and the name
    /// looks missing to every client. It is usually a record removed or renamed while its
    /// aliases were forgotten, or a typo in the target (RFC 1912 §2.4).
    ///
    /// ## Example
    /// ```zone
    /// www  CNAME web
    /// wbe  A     192.0.2.10
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www  CNAME web
    /// web  A     192.0.2.10
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §3.6.2
    /// - RFC 1912 §2.4
    /// - RFC 4592 (wildcards)
    pub CnameDangling,
    id: "cname-dangling",
    group: Cname,
    level: Warning,
    since: "0.1.0",
}

/// Whether `wire` (known not to exist in `zone`) is answered by a wildcard: the `*` child of
/// its closest encloser exists (RFC 4592 §3.3.1).
fn covered_by_wildcard(graph: &Graph, wire: &[u8]) -> bool {
    let mut cur = name::parent(wire);
    while let Some(encloser) = cur {
        match graph.lookup(encloser) {
            NameStatus::Authoritative { exists: true, .. } => {
                let mut buf = [0u8; 256];
                let len = encloser.len() + 2;
                if len > 255 {
                    return false;
                }
                buf[0] = 1;
                buf[1] = b'*';
                buf[2..len].copy_from_slice(encloser);
                return matches!(
                    graph.lookup(&buf[..len]),
                    NameStatus::Authoritative { exists: true, .. }
                );
            }
            NameStatus::Authoritative { exists: false, .. } => cur = name::parent(encloser),
            _ => return false,
        }
    }
    false
}

impl Check for CnameDangling {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, set) in graph.rrsets_of_type(RType::CNAME) {
            for &index in graph.records_of(zone_id, &set) {
                let index = index as usize;
                let Some(target) = graph.target(index) else {
                    continue;
                };
                let Some((
                    NameStatus::Authoritative {
                        zone: target_zone,
                        exists: false,
                    },
                    _,
                )) = graph.target_lookup(index)
                else {
                    continue;
                };
                if covered_by_wildcard(graph, target)
                    || graph.record_role(index) != RecordRole::Authoritative
                    || lost_trailing_dot(graph, index, target, "target")
                {
                    continue;
                }
                let apex = graph.zone(target_zone).apex;
                let target_text = name::to_text(target);
                let zone_text = graph.set.names.text(apex);
                let fields = record_fields(&graph.set, index);
                let mut report = cx.report(
                    fields
                        .field("target")
                        .unwrap_or(graph.set.records[index].span),
                    format!("CNAME target `{target_text}` does not exist in `{zone_text}`"),
                );
                report
                    .span_label("no such name")
                    .help(format_args!(
                        "add records for `{target_text}`, or point the CNAME at a name that \
                             exists"
                    ))
                    .note(
                        "every query for the alias ends in NXDOMAIN: the target zone has \
                             no data at that name",
                    );
                if target_zone != zone_id
                    && let Some(&soa) = graph.records_at(target_zone, apex, RType::SOA).first()
                {
                    report.label(
                        graph.set.records[soa as usize].span,
                        format_args!("zone `{zone_text}` starts here"),
                    );
                }
            }
        }
    }
}
