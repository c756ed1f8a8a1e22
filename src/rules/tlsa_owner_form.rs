use rustc_hash::FxHashSet;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// A TLSA owner not of the form `_port._proto.host`, or an SMIMEA owner not of the form
    /// `<hash>._smimecert.domain`.
    ///
    /// ## What it does
    /// Checks the owner name of every TLSA and SMIMEA RRset (reported once, at its first
    /// record). A TLSA owner must be `_<port>._<protocol>.<host>` (RFC 6698 §3): the port in
    /// decimal, 0 to 65535, without leading zeros (clients build the name from the number, so
    /// `_0443` is never asked for), and the protocol `_tcp`, `_udp` or `_sctp`. An SMIMEA owner
    /// must be `<hash>._smimecert.<domain>` (RFC 8162 §3), where the hash is the SHA2-224 of
    /// the mailbox's local part: 28 octets, written as 56 hex digits. A wildcard (`*`) in
    /// place of the port or the hash is accepted: it answers for every port or mailbox.
    ///
    /// ## Why is this bad?
    /// DANE clients (browsers with DANE support, SMTP servers doing DANE per RFC 7672) look
    /// up exactly `_25._tcp.<mx host>` or `_443._tcp.<host>`; mail clients look up the hashed
    /// local part under `_smimecert`. A record published at any other name is never found: the
    /// certificate association silently protects nothing.
    ///
    /// ## Example
    /// ```zone
    /// mx1          A     192.0.2.25
    /// _tcp._25.mx1 TLSA  3 1 1 0D6FCE13243AA7A3C8B8A6E4E9E39B1D4F7C2A0F6E5D4C3B2A1908F7E6D5C4B3
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// mx1          A     192.0.2.25
    /// _25._tcp.mx1 TLSA  3 1 1 0D6FCE13243AA7A3C8B8A6E4E9E39B1D4F7C2A0F6E5D4C3B2A1908F7E6D5C4B3
    /// ```
    ///
    /// ## References
    /// - RFC 6698 §3
    /// - RFC 7672 §3
    /// - RFC 8162 §3
    pub TlsaOwnerForm,
    id: "tlsa-owner-form",
    group: Other,
    level: Warning,
    since: "0.1.0",
}

/// What is wrong with a TLSA owner's labels, if anything.
fn tlsa_problem(wire: &[u8]) -> Option<String> {
    let mut labels = name::labels(wire);
    let (Some(port), Some(proto), Some(_)) = (labels.next(), labels.next(), labels.next()) else {
        return Some("it needs a port label, a protocol label and a host".to_owned());
    };
    if port != b"*" {
        let digits = port.strip_prefix(b"_").unwrap_or_default();
        let shown = show(port);
        if !port.starts_with(b"_") && !port.is_empty() && port.iter().all(u8::is_ascii_digit) {
            return Some(format!("the port label `{shown}` lacks its underscore"));
        }
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return Some(format!(
                "the first label `{shown}` is not `_` and a port number"
            ));
        }
        if digits.len() > 1 && digits[0] == b'0' {
            return Some(format!("the port label `{shown}` has a leading zero"));
        }
        let value = digits.iter().fold(0u32, |n, &d| {
            n.saturating_mul(10).saturating_add(u32::from(d - b'0'))
        });
        if value > 65535 {
            return Some(format!("the port `{}` is above 65535", show(digits)));
        }
    }
    let known = [&b"_tcp"[..], b"_udp", b"_sctp"];
    if !known.iter().any(|k| proto.eq_ignore_ascii_case(k)) {
        return Some(format!(
            "the protocol label `{}` is not `_tcp`, `_udp` or `_sctp`",
            show(proto)
        ));
    }
    None
}

/// What is wrong with an SMIMEA owner's labels, if anything.
fn smimea_problem(wire: &[u8]) -> Option<String> {
    let mut labels = name::labels(wire);
    let (Some(hash), Some(tag), Some(_)) = (labels.next(), labels.next(), labels.next()) else {
        return Some("it needs a hash label, `_smimecert` and a domain".to_owned());
    };
    if hash != b"*" && (hash.len() != 56 || !hash.iter().all(u8::is_ascii_hexdigit)) {
        return Some(format!(
            "the first label `{}` is not the 56 hex digits of a SHA2-224 hash",
            show(hash)
        ));
    }
    if !tag.eq_ignore_ascii_case(b"_smimecert") {
        return Some(format!(
            "the second label `{}` is not `_smimecert`",
            show(tag)
        ));
    }
    None
}

fn show(label: &[u8]) -> String {
    crate::policy::spf::show(label, 0..label.len())
}

impl Check for TlsaOwnerForm {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut reported = FxHashSet::default();
        for rtype in [RType::TLSA, RType::SMIMEA] {
            for &index in graph.records_of_type(rtype) {
                let index = index as usize;
                let record = &graph.set.records[index];
                let owner = graph.set.names.wire(record.owner);
                let problem = if rtype == RType::TLSA {
                    tlsa_problem(owner)
                } else {
                    smimea_problem(owner)
                };
                let Some(problem) = problem else {
                    continue;
                };
                if !reported.insert((rtype, record.owner)) {
                    continue;
                }
                let span = record_fields(&graph.set, index)
                    .owner
                    .unwrap_or(record.span);
                let owner_text = graph.set.names.text(record.owner);
                let mut report = if rtype == RType::TLSA {
                    cx.report(
                        span,
                        format!("TLSA owner `{owner_text}` is not `_port._proto.host`"),
                    )
                } else {
                    cx.report(
                        span,
                        format!("SMIMEA owner `{owner_text}` is not `<hash>._smimecert.<domain>`"),
                    )
                };
                report.span_label(problem);
                if rtype == RType::TLSA {
                    report
                        .help("publish the record at `_<port>._tcp.<host>`, like `_25._tcp.mx1.example.com.` for SMTP")
                        .note("DANE clients look up only `_<port>._<protocol>.<host>` (RFC 6698 §3)");
                } else {
                    report
                        .help("publish the record at the hex SHA2-224 hash of the local part, under `_smimecert.<domain>`")
                        .note("mail clients look up only `<sha2-224 of local part>._smimecert.<domain>` (RFC 8162 §3)");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for label in text.split('.').filter(|l| !l.is_empty()) {
            out.push(u8::try_from(label.len()).unwrap());
            out.extend_from_slice(label.as_bytes());
        }
        out.push(0);
        out
    }

    #[test]
    fn tlsa_owners() {
        for ok in [
            "_25._tcp.mx1.example.com.",
            "_443._TCP.www.example.com.",
            "_0._udp.example.com.",
            "_65535._sctp.example.com.",
            "*._tcp.example.com.",
        ] {
            assert_eq!(tlsa_problem(&wire(ok)), None, "{ok}");
        }
        let bad = |name: &str| tlsa_problem(&wire(name)).unwrap();
        assert!(bad("_25._tcp.").contains("needs"));
        assert!(bad("mx1.example.com.").contains("`mx1` is not `_`"));
        assert!(bad("25._tcp.mx1.example.com.").contains("lacks its underscore"));
        assert!(bad("_0443._tcp.example.com.").contains("leading zero"));
        assert!(bad("_65536._tcp.example.com.").contains("above 65535"));
        assert!(bad("_99999999999999999999._tcp.example.com.").contains("above 65535"));
        assert!(bad("_._tcp.example.com.").contains("is not `_`"));
        assert!(bad("_tcp._25.mx1.example.com.").contains("`_tcp` is not `_`"));
        assert!(bad("_25._smtp.mx1.example.com.").contains("protocol label `_smtp`"));
    }

    #[test]
    fn smimea_owners() {
        let hash = "c93f1e400f26708f98cb19d936620da35eec8f72e57f9eec01c1afd6";
        assert_eq!(hash.len(), 56);
        assert_eq!(
            smimea_problem(&wire(&format!("{hash}._smimecert.example.com."))),
            None
        );
        assert_eq!(
            smimea_problem(&wire(&format!(
                "{}._SMIMECERT.example.com.",
                hash.to_uppercase()
            ))),
            None
        );
        assert_eq!(smimea_problem(&wire("*._smimecert.example.com.")), None);
        let bad = |name: &str| smimea_problem(&wire(name)).unwrap();
        assert!(bad("hugh._smimecert.example.com.").contains("56 hex digits"));
        assert!(bad(&format!("{}._smimecert.example.com.", &hash[..55])).contains("56 hex"));
        assert!(bad(&format!("{hash}._openpgpkey.example.com.")).contains("`_smimecert`"));
        assert!(bad("_smimecert.example.").contains("needs"));
    }
}
