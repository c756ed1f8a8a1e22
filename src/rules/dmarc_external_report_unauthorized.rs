use crate::graph::{Graph, NameStatus, RecordRole};
use crate::policy::dmarc::{self, RecordKind};
use crate::policy::dmarc_graph::{organizational_domain, parsed_records, policy_domain, prefixed};
use crate::policy::spf_graph::domain_wire;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A DMARC report address in another domain of the run that has not agreed to receive the domain's reports.
    ///
    /// ## What it does
    /// For every `rua=` and `ruf=` URI of a DMARC record at `_dmarc.<domain>` whose destination
    /// (the mailbox's domain, or the `https:` host) has another organisational domain than
    /// `<domain>`, looks for the authorisation record
    /// `<domain>._report._dmarc.<destination>` (or a wildcard `*._report._dmarc.<destination>`)
    /// holding a TXT record that starts `v=DMARC1`, and reports the URI's host when the record
    /// is missing. Only destinations whose authorisation name lies in a zone of the run are
    /// judged: a reporting service's domain outside the run cannot be checked offline and is
    /// never reported, nor is one behind a delegation or a CNAME leaving the run.
    ///
    /// ## Why is this bad?
    /// So that nobody can flood a third party with reports, receivers send reports to another
    /// organisational domain only when that domain publishes the authorisation record
    /// (RFC 7489 §7.1); otherwise they drop the URI, and the domain owner gets no reports from
    /// it.
    ///
    /// ## Example
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=none; rua=mailto:dmarc@example.net"
    /// ; file: example.net.zone
    /// @  NS  ns.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=none; rua=mailto:dmarc@example.net"
    /// ; file: example.net.zone
    /// @                              NS   ns.example.net.
    /// example.com._report._dmarc     TXT  "v=DMARC1"
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §7.1
    pub DmarcExternalReportUnauthorized,
    id: "dmarc-external-report-unauthorized",
    group: Dmarc,
    level: Warning,
    since: "0.1.0",
}

/// What the run says about an authorisation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Authorization {
    Granted,
    Missing,
    Unknown,
}

/// Whether a name (following CNAMEs in the run) holds a TXT record starting `v=DMARC1`;
/// `None` when the run does not know.
fn holds_dmarc(graph: &Graph, wire: &[u8]) -> Option<bool> {
    let mut wire = wire.to_vec();
    for _ in 0..8 {
        let (zone, id) = match graph.lookup_id(&wire) {
            (NameStatus::Authoritative { exists: false, .. }, _) => return Some(false),
            (NameStatus::Authoritative { zone, exists: true }, id) => (zone, id?),
            _ => return None,
        };
        if let Some(&cname) = graph.records_at(zone, id, RType::CNAME).first() {
            wire = graph.target(cname as usize)?.to_vec();
            continue;
        }
        return Some(
            graph
                .records_at(zone, id, RType::TXT)
                .iter()
                .any(|&i| dmarc::is_dmarc(graph.strings(i as usize).flatten().copied())),
        );
    }
    None
}

/// Whether `destination` authorises reports for `domain` (RFC 7489 §7.1), as far as the run
/// knows.
fn authorization(graph: &Graph, domain: &[u8], destination: &[u8]) -> Authorization {
    let Some(base) = prefixed(b"_report", &[b"\x06_dmarc", destination].concat()) else {
        return Authorization::Unknown;
    };
    // `<domain>._report._dmarc.<destination>`: the domain's labels, then the base.
    let body = &domain[..domain.len().saturating_sub(1)];
    let exact = [body, &base].concat();
    if exact.len() > 255 {
        return Authorization::Unknown;
    }
    match holds_dmarc(graph, &exact) {
        Some(true) => return Authorization::Granted,
        None => return Authorization::Unknown,
        Some(false) => {}
    }
    // A wildcard authorisation, as reporting services publish.
    match prefixed(b"*", &base).and_then(|w| holds_dmarc(graph, &w)) {
        Some(true) => Authorization::Granted,
        Some(false) => Authorization::Missing,
        None => Authorization::Unknown,
    }
}

impl Check for DmarcExternalReportUnauthorized {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            if record.kind != RecordKind::Dmarc
                || record.report_uris().next().is_none()
                || graph.record_role(index) != RecordRole::Authoritative
            {
                continue;
            }
            let owner = graph.set.names.wire(graph.set.records[index].owner);
            let Some(domain) = policy_domain(owner) else {
                continue;
            };
            let org = organizational_domain(domain).unwrap_or(domain);
            let mut map = None;
            for (known, uri) in record.report_uris() {
                let (Some(host), Some(dest)) = (&uri.host, &uri.domain) else {
                    continue;
                };
                let Some(dest_wire) = domain_wire(dest.as_bytes()) else {
                    continue;
                };
                let dest_org = organizational_domain(&dest_wire).unwrap_or(&dest_wire);
                if dest_org.eq_ignore_ascii_case(org)
                    || authorization(graph, domain, &dest_wire) != Authorization::Missing
                {
                    continue;
                }
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                let domain_text = name::to_text(domain);
                cx.report(
                    map.span(host.clone()),
                    format!("`{dest}` has not authorised DMARC reports for `{domain_text}`"),
                )
                .span_label(format_args!("external `{}` destination", known.as_str()))
                .help(format_args!(
                    "publish `{domain_text}_report._dmarc.{} TXT \"v=DMARC1\"` in the zone of \
                     `{dest}`, or send the reports to an address within `{}`",
                    name::to_text(&dest_wire),
                    name::to_text(org)
                ))
                .note(
                    "receivers send reports to another organisational domain only when it \
                     publishes `<domain>._report._dmarc.<destination>`; otherwise they drop the \
                     URI (RFC 7489 §7.1)",
                );
            }
        }
    }
}
