use rustc_hash::FxHashSet;

use crate::diag::Severity;
use crate::graph::{Graph, NameStatus, RecordRole, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A name that shows mail use, or a zone apex with addresses, but has no MX and no null MX.
    ///
    /// ## What it does
    /// Reports a name of a zone of the run that has no MX record (neither a real nor a null
    /// one, and is no alias) although it shows mail use, when one of these is served:
    /// - an SPF record at the name that authorizes a sender: a mechanism with the pass
    ///   qualifier (`a`, `mx`, `ip4:…`, `include:…`, even `+all`) or a `redirect=`. An SPF
    ///   that authorizes nobody (`v=spf1 -all`, `~all`, `?all`, or no terms) says the name
    ///   sends no mail and is not mail use;
    /// - a DMARC record (`v=DMARC1`, or a CNAME) at `_dmarc.<name>`;
    /// - a DKIM key (TXT or CNAME) at `<selector>._domainkey.<name>`.
    ///
    /// The mail hosts themselves are exempt: a name that is the exchange of an MX in the run
    /// receives its own mail through the implicit MX (RFC 5321 §5.1), which is where it should
    /// go, and its SPF record is usually a HELO record (RFC 7208 §2.3). So the catalogue's
    /// "MX-host name" signal is read as a reason not to report.
    ///
    /// SPF fragments are exempt too: a name that another SPF record of the run includes or
    /// redirects to (`_spf.example.net`) publishes a policy to be reused, not a mail domain.
    /// So are service and policy names whose first label starts with `_` (RFC 8552).
    ///
    /// Without any such signal, a bare zone apex with A/AAAA records but no MX is reported at
    /// `info`, suggesting a null MX. Names that are not an apex are never reported for their
    /// addresses alone: every host would be.
    ///
    /// ## Why is this bad?
    /// A name without an MX still receives mail: senders fall back to its A/AAAA records (the
    /// implicit MX of RFC 5321 §5.1), so mail, bounces and replies to a sending domain go to
    /// its web server, or fail outright when it has no address (and some receivers refuse mail
    /// from a domain they cannot reply to). A domain that takes no mail should say so with a
    /// null MX (`MX 0 .`, RFC 7505), which makes senders fail at once instead of queueing.
    ///
    /// ## Example
    /// ```zone
    /// @      A     192.0.2.80
    /// @      TXT   "v=spf1 ip4:192.0.2.0/24 -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @      A     192.0.2.80
    /// @      MX    10 mx1
    /// @      TXT   "v=spf1 ip4:192.0.2.0/24 -all"
    /// mx1    A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 5321 §5.1
    /// - RFC 7505
    /// - RFC 7208 §2.3
    pub MxMissing,
    id: "mx-missing",
    group: Mx,
    level: Warning,
    since: "0.1.0",
}

/// What shows that a name uses mail, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Signal {
    Spf,
    Dmarc,
    Dkim,
}

impl Signal {
    fn what(self) -> &'static str {
        match self {
            Signal::Spf => "an SPF record authorizing senders",
            Signal::Dmarc => "a DMARC record",
            Signal::Dkim => "DKIM keys",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Signal::Spf => "SPF record: the name sends mail",
            Signal::Dmarc => "DMARC record for the name",
            Signal::Dkim => "DKIM key for the name",
        }
    }
}

/// Whether joined TXT text is an SPF record (`v=spf1` then a space or the end, any case).
fn is_spf(text: &[u8]) -> bool {
    text.get(..6)
        .is_some_and(|v| v.eq_ignore_ascii_case(b"v=spf1"))
        && text.get(6).is_none_or(|&b| b == b' ')
}

/// Whether an SPF record authorizes any sender: a mechanism with the pass qualifier (explicit
/// `+` or none), or a `redirect=` modifier.
fn spf_authorizes(text: &[u8]) -> bool {
    let Some(terms) = text.get(6..) else {
        return false;
    };
    terms
        .split(|&b| b == b' ')
        .filter(|t| !t.is_empty())
        .any(|term| {
            let eq = term.iter().position(|&b| b == b'=');
            let stop = term.iter().position(|&b| b == b':' || b == b'/');
            match eq {
                // A modifier: `name=value` with the `=` before any `:` or `/`.
                Some(e) if stop.is_none_or(|s| e < s) => term
                    .get(..e)
                    .is_some_and(|n| n.eq_ignore_ascii_case(b"redirect")),
                _ => !matches!(term.first(), Some(b'-' | b'~' | b'?')),
            }
        })
}

/// The name a DKIM key at `owner` belongs to: what follows a `_domainkey` label that has at
/// least one selector label before it.
fn domainkey_parent(owner: &[u8]) -> Option<&[u8]> {
    let mut at = 0;
    let mut index = 0;
    loop {
        let len = usize::from(*owner.get(at)?);
        if len == 0 {
            return None;
        }
        let label = owner.get(at + 1..at + 1 + len)?;
        at += 1 + len;
        if index > 0 && label.eq_ignore_ascii_case(b"_domainkey") {
            return owner.get(at..);
        }
        index += 1;
    }
}

/// The first `N` bytes of a TXT record's joined text (fewer when it is shorter), without
/// allocating: the hot loop sees every TXT record of the run.
fn head<const N: usize>(graph: &Graph, index: usize) -> ([u8; N], usize) {
    let mut out = [0u8; N];
    let mut len = 0;
    for (slot, &b) in out.iter_mut().zip(graph.strings(index).flatten()) {
        *slot = b;
        len += 1;
    }
    (out, len)
}

/// The name a record is evidence of mail use for, and how.
fn signal_of(graph: &Graph, index: usize) -> Option<(&[u8], Signal)> {
    let record = &graph.set.records[index];
    let is_txt = matches!(record.rtype, RType::TXT | RType::SPF);
    if !is_txt && record.rtype != RType::CNAME {
        return None;
    }
    let owner = graph.set.names.wire(record.owner);
    // First label `_dmarc`: a DMARC record of the parent.
    if owner
        .get(..7)
        .is_some_and(|l| l.eq_ignore_ascii_case(b"\x06_dmarc"))
    {
        let dmarc = record.rtype == RType::CNAME
            || crate::policy::dmarc::is_dmarc(graph.strings(index).flatten().copied());
        return dmarc
            .then(|| name::parent(owner))
            .flatten()
            .map(|n| (n, Signal::Dmarc));
    }
    if owner.contains(&b'_')
        && let Some(parent) = domainkey_parent(owner)
    {
        return Some((parent, Signal::Dkim));
    }
    if !is_txt {
        return None;
    }
    let (text, len) = head::<7>(graph, index);
    if !is_spf(&text[..len]) {
        return None;
    }
    spf_authorizes(&graph.joined_text(index)).then_some((owner, Signal::Spf))
}

/// The first A or AAAA record at a name.
fn first_address(graph: &Graph, zone: ZoneId, id: NameId) -> Option<usize> {
    let a = graph.records_at(zone, id, RType::A).first();
    a.or_else(|| graph.records_at(zone, id, RType::AAAA).first())
        .map(|&i| i as usize)
}

/// Whether a name is left alone: it has an MX (any), or is an alias.
fn has_mx_or_alias(graph: &Graph, zone: ZoneId, id: NameId) -> bool {
    graph
        .rrsets_at(zone, id)
        .any(|s| matches!(s.rtype, RType::MX | RType::CNAME))
}

/// Names whose first label starts with `_` (`_spf`, `_dmarc`, `_sip._tcp`): service and policy
/// names, never mail domains (RFC 8552).
fn is_service_name(graph: &Graph, id: crate::zone::intern::NameId) -> bool {
    crate::zone::name::labels(graph.set.names.wire(id))
        .next()
        .is_some_and(|l| l.first() == Some(&b'_'))
}

impl Check for MxMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut exchanges = FxHashSet::default();
        let mut signals = Vec::new();
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype == RType::MX {
                if let Some(mx) = graph.mx(index)
                    && !mx.is_null()
                    && let Some(id) = graph.set.names.get(mx.exchange)
                {
                    exchanges.insert(id);
                }
                continue;
            }
            if let Some((wire, signal)) = signal_of(graph, index)
                && let Some(id) = graph.set.names.get(wire)
                && graph.record_role(index) == RecordRole::Authoritative
            {
                signals.push((id, signal, index));
            }
        }
        // One finding per name, for its strongest signal.
        signals.sort_unstable();
        signals.dedup_by_key(|s| s.0);
        let fragments = crate::policy::spf_graph::included_names(graph);
        let mut reported = FxHashSet::default();
        for (id, signal, index) in signals {
            if exchanges.contains(&id) || fragments.contains(&id) || is_service_name(graph, id) {
                continue;
            }
            let wire = graph.set.names.wire(id);
            let NameStatus::Authoritative { zone, .. } = graph.lookup(wire) else {
                continue;
            };
            if has_mx_or_alias(graph, zone, id) {
                continue;
            }
            reported.insert(id);
            let text = graph.set.names.text(id);
            let fields = record_fields(&graph.set, index);
            // Every string of the record: an SPF may be split anywhere.
            let span = match (fields.rdata.first(), fields.rdata.last()) {
                (Some(&(_, first)), Some(&(_, last))) => first.to(last),
                _ => fields.rtype,
            };
            let mut report = cx.report(
                span,
                format!("name `{text}` has {} but no MX record", signal.what()),
            );
            report.span_label(signal.label()).help(format_args!(
                "add MX records for the hosts receiving mail for `{text}`, or a null MX \
                 (`MX 0 .`) if it receives none"
            ));
            if let Some(address) = first_address(graph, zone, id) {
                report
                    .label(
                        graph.set.records[address].span,
                        "implicit MX: mail is sent here",
                    )
                    .note(
                        "without an MX, senders deliver mail, bounces and replies to the name's \
                         own A/AAAA records (implicit MX, RFC 5321 §5.1)",
                    );
            } else {
                report.note(
                    "without an MX or an address, mail to the name (bounces and replies \
                     included) cannot be delivered (RFC 5321 §5.1)",
                );
            }
        }
        for (zone, z) in graph.zone_ids() {
            let apex = z.apex;
            if reported.contains(&apex)
                || exchanges.contains(&apex)
                || has_mx_or_alias(graph, zone, apex)
            {
                continue;
            }
            let Some(address) = first_address(graph, zone, apex) else {
                continue;
            };
            let fields = record_fields(&graph.set, address);
            let text = graph.set.names.text(apex);
            cx.report(
                fields.owner.unwrap_or(fields.rtype),
                format!("zone apex `{text}` has addresses but no MX record"),
            )
            .default_severity(Severity::Info)
            .span_label("implicit MX: mail is sent here")
            .help(
                "add a null MX (`@ MX 0 .`) if the domain receives no mail, or MX records for \
                 its mail hosts",
            )
            .note(
                "without an MX, senders deliver to the apex's A/AAAA records (implicit MX, RFC \
                 5321 §5.1); a null MX tells them at once that the domain takes no mail (RFC 7505)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spf_records_are_recognised() {
        assert!(is_spf(b"v=spf1"));
        assert!(is_spf(b"V=SPF1 -all"));
        assert!(!is_spf(b"v=spf10 a"));
        assert!(!is_spf(b"v=spf"));
        assert!(!is_spf(b"spf1"));
    }

    #[test]
    fn authorizing_spf() {
        for yes in [
            "v=spf1 a -all",
            "v=spf1 mx ~all",
            "v=spf1 +mx -all",
            "v=spf1 ip4:192.0.2.0/24 -all",
            "v=spf1 include:_spf.example.net ~all",
            "v=spf1 redirect=_spf.example.net",
            "v=spf1 REDIRECT=_spf.example.net",
            "v=spf1 +all",
            "v=spf1  all",
            "v=spf1 exists:%{i}.x.example.net=foo -all",
            "v=spf1 a/24 -all",
        ] {
            assert!(spf_authorizes(yes.as_bytes()), "{yes}");
        }
        for no in [
            "v=spf1 -all",
            "v=spf1 ~all",
            "v=spf1 ?all",
            "v=spf1",
            "v=spf1 ",
            "v=spf1 -mx -a -all",
            "v=spf1 exp=explain.example.net -all",
            "v=spf1 ?include:x.example.net -all",
            "",
        ] {
            assert!(!spf_authorizes(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn dkim_owner_gives_its_domain() {
        let owner = b"\x02s1\x0a_domainkey\x07example\x03com\x00";
        assert_eq!(
            domainkey_parent(owner),
            Some(&b"\x07example\x03com\x00"[..])
        );
        let dotted = b"\x01a\x01b\x0a_DomainKey\x03com\x00";
        assert_eq!(domainkey_parent(dotted), Some(&b"\x03com\x00"[..]));
        // The policy record `_domainkey.<name>` itself is no key.
        assert_eq!(domainkey_parent(b"\x0a_domainkey\x03com\x00"), None);
        assert_eq!(domainkey_parent(b"\x03www\x03com\x00"), None);
        assert_eq!(domainkey_parent(b"\x00"), None);
        assert_eq!(domainkey_parent(b"\x05short"), None);
    }
}
