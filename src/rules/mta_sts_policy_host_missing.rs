use rustc_hash::FxHashSet;

use crate::graph::{Graph, NameStatus, RecordRole};
use crate::policy::dmarc_graph::{first_label_is, prefixed};
use crate::policy::mta_sts;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// An MTA-STS record whose policy host `mta-sts.<domain>` has no address in the zones given.
    ///
    /// ## What it does
    /// For every name `_mta-sts.<domain>` with a TXT record starting `v=STSv1`, looks up the
    /// policy host `mta-sts.<domain>` in the zones of the run, following CNAMEs within them,
    /// and reports the `_mta-sts` record when the host does not exist or ends at a name without
    /// A or AAAA records. A host outside every zone given, delegated away without glue, behind
    /// a CNAME that leaves the run, or covered by a wildcard cannot be judged offline and is
    /// never reported.
    ///
    /// ## Why is this bad?
    /// The TXT record only announces a policy; senders fetch the policy itself from
    /// `https://mta-sts.<domain>/.well-known/mta-sts.txt` (RFC 8461 §3.3). Without an address
    /// for that host, no sender can fetch it, and every one of them retries the fetch for each
    /// new `id` while delivering without MTA-STS protection.
    ///
    /// ## Example
    /// ```zone
    /// _mta-sts  TXT  "v=STSv1; id=20240601T000000"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _mta-sts  TXT  "v=STSv1; id=20240601T000000"
    /// mta-sts   A    192.0.2.80
    /// ```
    ///
    /// ## References
    /// - RFC 8461 §3.1, §3.3
    pub MtaStsPolicyHostMissing,
    id: "mta-sts-policy-host-missing",
    group: MtaSts,
    level: Warning,
    since: "0.1.0",
}

/// Why the policy host has no address.
enum Missing {
    /// The name (or an alias's target) does not exist in its zone.
    NoName { name: Vec<u8>, aliases: Vec<u32> },
    /// The name exists without A/AAAA records.
    NoAddress { name: Vec<u8>, aliases: Vec<u32> },
}

/// Whether a wildcard `*.<parent>` exists in the run (it may answer for the name).
fn wildcard_covers(graph: &Graph, wire: &[u8]) -> bool {
    name::parent(wire)
        .and_then(|p| prefixed(b"*", p))
        .is_some_and(|w| {
            matches!(
                graph.lookup(&w),
                NameStatus::Authoritative { exists: true, .. }
            )
        })
}

/// Follows `wire` through CNAMEs in the run; `None` when it has an address or cannot be judged.
fn missing_address(graph: &Graph, wire: &[u8]) -> Option<Missing> {
    let mut wire = wire.to_vec();
    let mut aliases = Vec::new();
    for _ in 0..8 {
        match graph.lookup(&wire) {
            NameStatus::Authoritative { exists: false, .. } => {
                return (!wildcard_covers(graph, &wire)).then_some(Missing::NoName {
                    name: wire,
                    aliases,
                });
            }
            NameStatus::Authoritative { zone, exists: true } => {
                let id = graph.set.names.get(&wire)?;
                if let Some(&cname) = graph.records_at(zone, id, RType::CNAME).first() {
                    aliases.push(cname);
                    wire = graph.target(cname as usize)?.to_vec();
                    continue;
                }
                let none = graph.records_at(zone, id, RType::A).is_empty()
                    && graph.records_at(zone, id, RType::AAAA).is_empty();
                return none.then_some(Missing::NoAddress {
                    name: wire,
                    aliases,
                });
            }
            // Glue is what the parent hands out for a delegated name; without it, unknown.
            NameStatus::Delegated { .. } | NameStatus::BelowDname { .. } | NameStatus::Unknown => {
                return None;
            }
        }
    }
    None
}

fn owner_span(graph: &Graph, index: usize) -> Span {
    let fields = record_fields(&graph.set, index);
    fields.owner.unwrap_or(fields.rtype)
}

impl Check for MtaStsPolicyHostMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut seen = FxHashSet::default();
        for &index in graph.records_of_type(RType::TXT) {
            let index = index as usize;
            let owner = graph.set.records[index].owner;
            let wire = graph.set.names.wire(owner);
            if !first_label_is(wire, b"_mta-sts")
                || graph.record_role(index) != RecordRole::Authoritative
                || !mta_sts::is_mta_sts(&graph.joined_text(index))
                || !seen.insert(owner)
            {
                continue;
            }
            let Some(host) = name::parent(wire).and_then(|d| prefixed(b"mta-sts", d)) else {
                continue;
            };
            let Some(missing) = missing_address(graph, &host) else {
                continue;
            };
            let host_text = name::to_text(&host);
            let (message, aliases, end) = match missing {
                Missing::NoName { name, aliases } => ("does not exist", aliases, name),
                Missing::NoAddress { name, aliases } => ("has no address record", aliases, name),
            };
            let message = if aliases.is_empty() {
                format!("MTA-STS policy host `{host_text}` {message}")
            } else {
                format!(
                    "MTA-STS policy host `{host_text}` is an alias of `{}`, which {message}",
                    name::to_text(&end)
                )
            };
            let url = host_text.strip_suffix('.').unwrap_or(&host_text);
            let mut report = cx.report(owner_span(graph, index), message);
            report
                .span_label("MTA-STS policy announced here")
                .help(format_args!(
                    "add A/AAAA records for `{host_text}` pointing at the HTTPS server that \
                     serves the policy"
                ))
                .note(format_args!(
                    "senders fetch the policy from `https://{url}/.well-known/mta-sts.txt` \
                     (RFC 8461 §3.3); without an address, none can"
                ));
            for alias in aliases {
                report.label(graph.set.records[alias as usize].span, "alias here");
            }
            if let Some(id) = graph.set.names.get(&end)
                && let Some((zone, _)) = graph.resolve(&end)
                && let Some(first) = graph.rrsets_at(zone, id).next()
            {
                let first = graph.records_of(zone, &first)[0] as usize;
                report.label(owner_span(graph, first), "no A or AAAA record at this name");
            }
        }
    }
}
