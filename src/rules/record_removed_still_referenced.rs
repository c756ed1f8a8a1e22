use rustc_hash::FxHashMap;

use crate::graph::{Graph, NameStatus, RecordRole};
use crate::policy::spf::MechanismKind;
use crate::policy::spf_graph::{domain_wire, parsed_records};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A name whose records were removed since the base version is still the target of an MX, NS, CNAME, DNAME, SRV or SPF term.
    ///
    /// ## What it does
    /// Runs when zonelint compares against a base version (`zonelint check --base REV`,
    /// `zonelint diff OLD NEW`); reports nothing otherwise. A name is removed when it owned
    /// records at the base (as data its zone serves) and owns none now: its zone is in the run
    /// and has no record at the name any more (a name that moved to another zone of the run
    /// is not removed), or its whole zone has left the run. Every record of the run (in any
    /// zone, not only the changed one) that still points at a removed name is reported at the
    /// field naming it: an MX exchange, an NS target, a CNAME or DNAME target, an SRV target,
    /// or the domain of an SPF `include:`, `a:`, `mx:` or `redirect=`. A name now delegated
    /// to a zone outside the run, or outside every zone of the run since the base too, is
    /// unknown and never reported.
    ///
    /// ## Why is this bad?
    /// The change deletes a host that something else still relies on, often in another zone
    /// that the author of the change did not look at: mail to a domain whose MX names the
    /// deleted host bounces or waits in queues, an alias goes dangling, an SPF include of a
    /// deleted name makes every receiver return permerror. Each record is valid on its own;
    /// only the change shows the breakage.
    ///
    /// ## Example
    /// The version at the base revision follows `; base:`.
    /// ```zone
    /// @     MX    10 mx1
    /// mx2   A     192.0.2.26
    /// ; base: example.com.zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// mx2   A     192.0.2.26
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx2
    /// mx2   A     192.0.2.26
    /// ; base: example.com.zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// mx2   A     192.0.2.26
    /// ```
    ///
    /// ## References
    /// - RFC 5321 §5.1 (an MX exchange must resolve)
    /// - RFC 7208 §5.2, §6.1 (include and redirect targets)
    pub RecordRemovedStillReferenced,
    id: "record-removed-still-referenced",
    group: Change,
    level: Error,
    since: "0.1.0",
}

/// What the base knew of a removed name.
struct Removed {
    /// The types it owned at the base.
    types: Vec<RType>,
    /// Its whole zone left the run (else only the name's records did).
    zone_gone: Option<String>,
}

impl Check for RecordRemovedStillReferenced {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(label) = graph.base_label() else {
            return;
        };
        let removed = removed_names(graph);
        if removed.is_empty() {
            return;
        }
        let mut report = |index: usize, span: Span, what: &str, target: &[u8]| {
            let Some(gone) = removed.get(&target.to_ascii_lowercase()) else {
                return;
            };
            if matches!(
                graph.record_role(index),
                RecordRole::Occluded | RecordRole::OutOfZone
            ) {
                return;
            }
            let text = name::to_text(target);
            let types: Vec<String> = gone.types.iter().map(ToString::to_string).collect();
            let had = format!("`{text}` had {} at `{label}`", types.join(", "));
            let note = match &gone.zone_gone {
                Some(apex) => format!("{had}; its zone `{apex}` is no longer in the run"),
                None => format!("{had} and owns no record now"),
            };
            cx.report(
                span,
                format!("{what} `{text}` was removed since `{label}` but is still referenced here"),
            )
            .span_label("points at a removed name")
            .help(format_args!(
                "restore the records of `{text}`, or point this record at a name that exists"
            ))
            .note(note);
        };
        let field_span = |index: usize, field: &str| {
            record_fields(&graph.set, index)
                .field(field)
                .unwrap_or(graph.set.records[index].span)
        };
        for (index, mx) in graph.mx_records() {
            if removed.contains_key(&mx.exchange.to_ascii_lowercase()) {
                report(
                    index,
                    field_span(index, "exchange"),
                    "MX exchange",
                    mx.exchange,
                );
            }
        }
        for (rtype, what) in [
            (RType::NS, "NS target"),
            (RType::CNAME, "CNAME target"),
            (RType::DNAME, "DNAME target"),
        ] {
            for &i in graph.records_of_type(rtype) {
                let index = i as usize;
                if let Some(target) = graph.target(index)
                    && removed.contains_key(&target.to_ascii_lowercase())
                {
                    report(index, field_span(index, "target"), what, target);
                }
            }
        }
        for &i in graph.records_of_type(RType::SRV) {
            let index = i as usize;
            if let Some(srv) = graph.srv(index)
                && removed.contains_key(&srv.target.to_ascii_lowercase())
            {
                report(index, field_span(index, "target"), "SRV target", srv.target);
            }
        }
        for (index, (text, record)) in parsed_records(graph) {
            let mechanisms = record.mechanisms().filter_map(|(_, m)| {
                let what = match m.kind {
                    MechanismKind::Include => "SPF include",
                    MechanismKind::A => "SPF `a:` domain",
                    MechanismKind::Mx => "SPF `mx:` domain",
                    _ => return None,
                };
                Some((what, m.domain.clone()?))
            });
            let redirect = record
                .redirect()
                .map(|(_, m)| ("SPF redirect", m.value.clone()));
            let mut map = None;
            for (what, range) in mechanisms.chain(redirect) {
                let Some(wire) = text.get(range.clone()).and_then(domain_wire) else {
                    continue;
                };
                if !removed.contains_key(&wire.to_ascii_lowercase()) {
                    continue;
                }
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                report(index, map.span(range), what, &wire);
            }
        }
    }
}

/// Names (lowercase wire) that owned authoritative records at the base and own none now.
fn removed_names(graph: &Graph) -> FxHashMap<Vec<u8>, Removed> {
    let mut out = FxHashMap::default();
    let Some(base) = graph.base() else {
        return out;
    };
    for (base_zone, zone) in base.zone_ids() {
        let now = graph.zone_from_base(base_zone);
        let mut last = None;
        for set in base.rrsets(base_zone) {
            if last == Some(set.owner) {
                continue;
            }
            last = Some(set.owner);
            let wire = base.set.names.wire(set.owner);
            // The usual case, without a walk up the name: still there, in the same zone.
            if let Some(zone) = now
                && let Some(id) = graph.set.names.get(wire)
                && graph.rrsets_at(zone, id).next().is_some()
            {
                continue;
            }
            let gone = match graph.lookup(wire) {
                NameStatus::Authoritative { zone, .. } => graph
                    .set
                    .names
                    .get(wire)
                    .is_none_or(|id| graph.rrsets_at(zone, id).next().is_none()),
                NameStatus::Unknown => now.is_none(),
                NameStatus::Delegated { .. } | NameStatus::BelowDname { .. } => false,
            };
            if !gone
                || !matches!(
                    base.lookup(wire),
                    NameStatus::Authoritative { exists: true, .. }
                )
            {
                continue;
            }
            let types = base
                .rrsets_at(base_zone, set.owner)
                .map(|s| s.rtype)
                .collect();
            out.insert(
                wire.to_ascii_lowercase(),
                Removed {
                    types,
                    zone_gone: now.is_none().then(|| base.set.names.text(zone.apex)),
                },
            );
        }
    }
    out
}
