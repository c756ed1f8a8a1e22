use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::{Graph, RecordRole};
use crate::policy::dmarc_graph::{DmarcAt, dmarc_at, organizational_domain};
use crate::policy::spf::{Qualifier, SpfRecord};
use crate::policy::spf_graph::{included_names, parsed_records};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;

declare_rule! {
    /// A mail domain without a DMARC policy, at its own `_dmarc` name or its organisational domain's.
    ///
    /// ## What it does
    /// Reports a name of a zone of the run that handles mail but has no DMARC record, when:
    /// - it has an MX that is not a null MX, or an SPF record that authorises a sender (a
    ///   mechanism with the pass qualifier, or a `redirect=`), as `mx-missing` reads it;
    /// - `_dmarc.<name>` holds no record meant as DMARC (a CNAME there is followed within the
    ///   run);
    /// - and the organisational domain (the registrable domain by the Public Suffix List,
    ///   RFC 7489 §3.2) has none either at its `_dmarc` name, where receivers fall back to
    ///   (§6.6.3).
    ///
    /// Whenever the answer lies outside the zones given (a `_dmarc` name delegated away, an
    /// organisational domain in no zone of the run, a CNAME leaving the run), nothing is
    /// reported. Names that only host mail are exempt, as in `mx-missing`: an MX exchange whose
    /// SPF is a HELO record, an SPF fragment another record includes, a `_` service name, a
    /// wildcard; so are names under `arpa.` (reverse mapping sends no mail). A name that
    /// neither receives nor sends mail (a null MX, `v=spf1 -all`) is left to
    /// `mx-null-without-deny-policy`, which asks for `p=reject` as M3AAWG advises for parked
    /// domains.
    ///
    /// ## Why is this bad?
    /// Without DMARC, receivers have no instruction for mail that fails SPF and DKIM in the
    /// domain's name, so forged mail is judged by their own heuristics, and the domain owner
    /// gets no report of who sends in its name. Large mailbox providers now require a DMARC
    /// record from bulk senders.
    ///
    /// ## Example
    /// ```zone
    /// @     MX   10 mail
    /// @     TXT  "v=spf1 mx -all"
    /// mail  A    192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @       MX   10 mail
    /// @       TXT  "v=spf1 mx -all"
    /// _dmarc  TXT  "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"
    /// mail    A    192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §3.2, §6.1, §6.6.3
    /// - M3AAWG, Email Authentication Recommended Best Practices
    pub DmarcMissing,
    id: "dmarc-missing",
    group: Dmarc,
    level: Warning,
    since: "0.1.0",
}

/// What shows mail use, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Signal {
    Mx,
    Spf,
}

fn is_wildcard(wire: &[u8]) -> bool {
    wire.starts_with(b"\x01*")
}

/// Names whose first label starts with `_` (RFC 8552 service and policy names).
fn is_service_name(wire: &[u8]) -> bool {
    name::labels(wire)
        .next()
        .is_some_and(|l| l.first() == Some(&b'_'))
}

/// Whether an SPF record authorises any sender.
fn spf_authorizes(record: &SpfRecord) -> bool {
    record.redirect().is_some()
        || record
            .mechanisms()
            .any(|(_, m)| m.qualifier == Qualifier::Pass)
}

/// The mail-capable names of the run: (name, signal, record showing it), one per name.
fn mail_names(graph: &Graph) -> Vec<(NameId, Signal, usize)> {
    let mut out = Vec::new();
    let mut exchanges = FxHashSet::default();
    for (index, mx) in graph.mx_records() {
        if mx.is_null() {
            continue;
        }
        if let Some(id) = graph.set.names.get(mx.exchange) {
            exchanges.insert(id);
        }
        let owner = graph.set.records[index].owner;
        if graph.record_role(index) == RecordRole::Authoritative {
            out.push((owner, Signal::Mx, index));
        }
    }
    let fragments = included_names(graph);
    for (index, (_, record)) in parsed_records(graph) {
        let owner = graph.set.records[index].owner;
        if exchanges.contains(&owner)
            || fragments.contains(&owner)
            || graph.record_role(index) != RecordRole::Authoritative
            || !spf_authorizes(record)
        {
            continue;
        }
        out.push((owner, Signal::Spf, index));
    }
    out.retain(|&(id, _, _)| {
        let wire = graph.set.names.wire(id);
        !is_wildcard(wire) && !is_service_name(wire) && !name::ends_with_name(wire, b"\x04arpa\x00")
    });
    out.sort_unstable();
    out.dedup_by_key(|s| s.0);
    out
}

impl Check for DmarcMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // Many names share an organisational domain: look its `_dmarc` name up once.
        let mut org_missing: FxHashMap<&[u8], bool> = FxHashMap::default();
        for (id, signal, index) in mail_names(graph) {
            let wire = graph.set.names.wire(id);
            if dmarc_at(graph, wire) != DmarcAt::Missing {
                continue;
            }
            let Some(org) = organizational_domain(wire) else {
                continue;
            };
            // (Names of the table are lowercase, and so is their suffix `org`.)
            let own = org == wire;
            if !own
                && !*org_missing
                    .entry(org)
                    .or_insert_with(|| dmarc_at(graph, org) == DmarcAt::Missing)
            {
                continue;
            }
            let text = name::to_text(wire);
            let org_text = name::to_text(org);
            let fields = record_fields(&graph.set, index);
            let label = match signal {
                Signal::Mx => "receives mail (MX)",
                Signal::Spf => "sends mail (SPF)",
            };
            let mut report = cx.report(
                fields.owner.unwrap_or(fields.rtype),
                format!("mail domain `{text}` has no DMARC record"),
            );
            report.span_label(label);
            if own {
                report
                    .help(format_args!(
                        "publish a TXT record `v=DMARC1; p=none; rua=mailto:…` at `_dmarc.{text}`, \
                         then move to `p=quarantine` or `p=reject` once the reports show that \
                         all legitimate mail passes"
                    ))
                    .note(
                        "without DMARC, receivers have no policy for mail forged in the domain's \
                         name and send no reports (RFC 7489 §6.1)",
                    );
            } else {
                report
                    .help(format_args!(
                        "publish a TXT record `v=DMARC1; p=none; rua=mailto:…` at \
                         `_dmarc.{org_text}` (it covers `{text}` too) or at `_dmarc.{text}`, then \
                         move to `p=quarantine` or `p=reject` once the reports show that all \
                         legitimate mail passes"
                    ))
                    .note(format_args!(
                        "receivers look for the policy at `_dmarc.{text}`, then at the \
                         organisational domain's `_dmarc.{org_text}`; neither has one (RFC 7489 \
                         §6.6.3)"
                    ));
            }
        }
    }
}
