use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX naming an exchange at the apex of a top-level domain, the root or an `.arpa` zone.
    ///
    /// ## What it does
    /// Looks at the apex of every zone of the run: the root zone, a top-level domain (an apex of
    /// one label, like `example.`), or `arpa.` and any zone below it (reverse mapping,
    /// `e164.arpa`, …). An MX record owned by such an apex and naming a real exchange is
    /// reported; a null MX (`0 .`), which says the name accepts no mail, is fine. Names below
    /// the apex (a registry's own `nic.example.`, a host in a reverse zone) are not looked at.
    ///
    /// ## Why is this bad?
    /// These names are not mail domains. Addresses at a dotless top-level domain (`user@example`)
    /// are not expected to work and ICANN's SSAC advises against publishing MX there (SAC053);
    /// `.arpa` is reserved for infrastructure lookups (RFC 3172), and the root has no mail. Such
    /// an MX is nearly always a template's record copied into the wrong zone, often a reverse
    /// zone.
    ///
    /// ## Example
    /// ```zone
    /// $ORIGIN 2.0.192.in-addr.arpa.
    /// @     SOA   ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600
    /// @     NS    ns1.example.com.
    /// @     MX    10 mail.example.com.
    /// 25    PTR   mail.example.com.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// $ORIGIN 2.0.192.in-addr.arpa.
    /// @     SOA   ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 3600
    /// @     NS    ns1.example.com.
    /// 25    PTR   mail.example.com.
    /// ```
    ///
    /// ## References
    /// - RFC 3172
    /// - RFC 7505
    /// - ICANN SSAC SAC053 (dotless domains)
    pub MxNonMailZone,
    id: "mx-non-mail-zone",
    group: Mx,
    level: Info,
    since: "0.1.0",
}

/// What kind of non-mail apex a zone has, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NonMail {
    Root,
    TopLevel,
    Arpa,
}

const ARPA: &[u8] = b"\x04arpa\x00";

fn classify(apex: &[u8]) -> Option<NonMail> {
    if name::ends_with_name(apex, ARPA) {
        return Some(NonMail::Arpa);
    }
    match name::labels(apex).count() {
        0 => Some(NonMail::Root),
        1 => Some(NonMail::TopLevel),
        _ => None,
    }
}

impl Check for MxNonMailZone {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone_id, zone) in graph.zone_ids() {
            let Some(kind) = classify(graph.set.names.wire(zone.apex)) else {
                continue;
            };
            let apex = graph.set.names.text(zone.apex);
            for &index in graph.records_at(zone_id, zone.apex, RType::MX) {
                let index = index as usize;
                let Some(mx) = graph.mx(index) else { continue };
                if mx.is_null() {
                    continue;
                }
                let exchange = name::to_text(mx.exchange);
                let (message, note) = match kind {
                    NonMail::Root => (
                        format!("MX `{exchange}` at the root zone"),
                        "the root is no mail domain",
                    ),
                    NonMail::TopLevel => (
                        format!("MX `{exchange}` at the top-level domain `{apex}`"),
                        "mail to dotless domains is not expected to work; ICANN's SSAC advises \
                         against MX at a top-level domain (SAC053)",
                    ),
                    NonMail::Arpa => (
                        format!("MX `{exchange}` at the `.arpa` zone `{apex}`"),
                        "`.arpa` is for infrastructure lookups such as reverse mapping, not \
                         mail (RFC 3172)",
                    ),
                };
                let fields = record_fields(&graph.set, index);
                cx.report(
                    fields
                        .field("exchange")
                        .unwrap_or(graph.set.records[index].span),
                    message,
                )
                .span_label("exchange of a non-mail name")
                .help("remove the MX record, or publish a null MX (`0 .`) if one is required")
                .note(note);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{self, RuleConfig};
    use crate::zone::{ReadOptions, Reader};

    fn findings(files: &[(&str, &str)]) -> Vec<String> {
        let mut reader = Reader::new(ReadOptions::default());
        for (path, text) in files {
            reader
                .read_bytes(path.as_ref(), text.as_bytes().to_vec())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let graph = Graph::build(reader.finish());
        assert!(
            graph.set.diagnostics.is_empty(),
            "{:?}",
            graph.set.diagnostics
        );
        let mut config = RuleConfig::default();
        config
            .only(&["mx-non-mail-zone"])
            .unwrap_or_else(|e| panic!("{e}"));
        rules::run(&graph, &config)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn classifies_apexes() {
        assert_eq!(classify(b"\0"), Some(NonMail::Root));
        assert_eq!(classify(b"\x07example\0"), Some(NonMail::TopLevel));
        assert_eq!(classify(b"\x04ARPA\0"), Some(NonMail::Arpa));
        assert_eq!(
            classify(b"\x012\x010\x03192\x07in-addr\x04arpa\0"),
            Some(NonMail::Arpa)
        );
        assert_eq!(classify(b"\x07example\x03com\0"), None);
        assert_eq!(classify(b"\x04arpa\x07example\0"), None);
    }

    #[test]
    fn top_level_and_root_apexes() {
        let soa = "@ SOA ns.example.com. hm.example.com. 1 7200 3600 1209600 3600\n@ NS ns.example.com.\n";
        let got = findings(&[
            (
                "example.zone",
                &format!("$TTL 1\n{soa}@ MX 10 mail.example.com.\nnic MX 10 mail.example.com.\n"),
            ),
            (
                "root.zone",
                &format!("$TTL 1\n{soa}@ MX 10 mail.example.com.\n"),
            ),
            ("test.zone", &format!("$TTL 1\n{soa}@ MX 0 .\n")),
            (
                "example.com.zone",
                &format!("$TTL 1\n{soa}@ MX 10 mail.example.com.\n"),
            ),
        ]);
        assert_eq!(
            got,
            [
                "MX `mail.example.com.` at the top-level domain `example.`",
                "MX `mail.example.com.` at the root zone",
            ]
        );
    }
}
