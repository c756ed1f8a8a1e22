use crate::diag::Severity;
use crate::graph::{Graph, RecordRole, ZoneId};
use crate::policy::spf_graph::is_spf_record;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A mail domain without an SPF record (and, at `info`, a bare web apex without one).
    ///
    /// ## What it does
    /// Reports, as a warning, a name that receives mail (it has an MX that is not a null MX)
    /// or publishes a DMARC policy (`_dmarc` TXT with `v=DMARC1`) but has no TXT record with
    /// `v=spf1`. As `info`, it reports a zone apex with A or AAAA records, no MX at all and no
    /// SPF: a domain that sends no mail should still say so with `v=spf1 -all`, or it can be
    /// spoofed. Names with a null MX are left to the null-MX rules, wildcard owners are
    /// skipped (SPF is not looked up through wildcards reliably), and so is data hidden below
    /// a delegation.
    ///
    /// ## Why is this bad?
    /// Without SPF, receivers cannot tell the domain's own servers from forgers (RFC 7208
    /// §2.5: the result is none), DMARC can only rely on DKIM, and big mailbox providers
    /// file or reject unauthenticated mail.
    ///
    /// ## Example
    /// ```zone
    /// @    MX  10 mail
    /// mail A   192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @    MX  10 mail
    /// @    TXT "v=spf1 mx -all"
    /// mail A   192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §2.5, §4.3
    /// - RFC 7505 (null MX)
    pub SpfMissing,
    id: "spf-missing",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

fn has_spf(graph: &Graph, zone: ZoneId, owner: NameId) -> bool {
    graph
        .records_at(zone, owner, RType::TXT)
        .iter()
        .any(|&i| is_spf_record(graph, i as usize))
}

fn is_wildcard(wire: &[u8]) -> bool {
    wire.starts_with(b"\x01*")
}

/// The span to point at for a record: its owner as written, else its type.
fn owner_or_type(graph: &Graph, index: usize) -> crate::zone::source::Span {
    let fields = record_fields(&graph.set, index);
    fields.owner.unwrap_or(fields.rtype)
}

impl Check for SpfMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, z) in graph.zone_ids() {
            for set in graph.rrsets(zone) {
                let owner_wire = graph.set.names.wire(set.owner);
                match set.rtype {
                    RType::MX => {
                        let records = graph.records_of(zone, &set);
                        let first = records[0] as usize;
                        if is_wildcard(owner_wire)
                            || graph.record_role(first) != RecordRole::Authoritative
                            || records
                                .iter()
                                .all(|&i| graph.mx(i as usize).is_none_or(|m| m.is_null()))
                            || has_spf(graph, zone, set.owner)
                        {
                            continue;
                        }
                        let owner = graph.set.names.text(set.owner);
                        cx.report(
                            owner_or_type(graph, first),
                            format!("mail domain `{owner}` has no SPF record"),
                        )
                        .span_label("receives mail, publishes no SPF")
                        .help("publish a TXT record such as `v=spf1 mx -all` listing the hosts that send its mail")
                        .note("without SPF, receivers cannot tell the domain's servers from forgers (RFC 7208 §2.5)");
                    }
                    RType::TXT => {
                        // `_dmarc.<name>` with a DMARC policy: the name sends mail.
                        let Some(parent) = owner_wire
                            .starts_with(b"\x06_dmarc")
                            .then(|| name::parent(owner_wire))
                            .flatten()
                        else {
                            continue;
                        };
                        let records = graph.records_of(zone, &set);
                        let Some(&dmarc) = records.iter().find(|&&i| {
                            crate::policy::dmarc::is_dmarc(
                                graph.strings(i as usize).flatten().copied(),
                            )
                        }) else {
                            continue;
                        };
                        let Some((pzone, pid)) = graph.resolve(parent) else {
                            continue;
                        };
                        if !graph.records_at(pzone, pid, RType::MX).is_empty()
                            || has_spf(graph, pzone, pid)
                            || graph.record_role(dmarc as usize) != RecordRole::Authoritative
                        {
                            continue; // MX names are handled above, null MX by other rules
                        }
                        let owner = graph.set.names.text(pid);
                        cx.report(
                            owner_or_type(graph, dmarc as usize),
                            format!("domain `{owner}` publishes DMARC but no SPF record"),
                        )
                        .span_label("DMARC policy for a domain without SPF")
                        .help(format_args!("publish an SPF TXT record at `{owner}` listing its sending hosts"))
                        .note("DMARC passes only with an aligned SPF or DKIM result; without SPF it rests on DKIM alone (RFC 7208 §2.5)");
                    }
                    RType::A | RType::AAAA if set.owner == z.apex => {
                        // Report once per apex: on its first address RRset.
                        if (set.rtype == RType::AAAA
                            && !graph.records_at(zone, z.apex, RType::A).is_empty())
                            || !graph.records_at(zone, z.apex, RType::MX).is_empty()
                            || has_spf(graph, zone, z.apex)
                        {
                            continue;
                        }
                        let first = graph.records_of(zone, &set)[0] as usize;
                        let owner = graph.set.names.text(z.apex);
                        cx.report(
                            owner_or_type(graph, first),
                            format!("domain `{owner}` has no SPF record"),
                        )
                        .default_severity(Severity::Info)
                        .span_label("has addresses, no MX and no SPF")
                        .help("if the domain sends no mail, publish `v=spf1 -all` (and a null MX)")
                        .note("a domain without SPF can be spoofed: receivers get no answer to check senders against (RFC 7208 §2.5)");
                    }
                    _ => {}
                }
            }
        }
    }
}
