use super::mta_sts_syntax::{Parsed, check_smtp_tls};
use crate::graph::Graph;
use crate::policy::dmarc_graph::first_label_is;
use crate::policy::smtp_tls::Protocol;
use crate::policy::tlsrpt;
use crate::rules::{Check, Context};
use crate::zone::name;

declare_rule! {
    /// An `_smtp._tls` TXT record that breaks the RFC 8460 grammar, or several at one name.
    ///
    /// ## What it does
    /// Parses every TXT record at an `_smtp._tls` name with the grammar of RFC 8460 §3 and
    /// reports each problem on the offending field: a record that does not start with
    /// `v=TLSRPTv1` (exactly: the version and field names are case-sensitive), no `rua=`
    /// field, a `rua` URI that is not a valid `mailto:` or `https:` URI (an address without
    /// `mailto:`, another scheme, no mailbox, a bad host, an empty entry), whitespace around
    /// `=`, an empty field (`;;`), a field without `=`, a field seen twice, an extension field
    /// whose name or value breaks the grammar. It also reports a name with more than one record
    /// starting `v=TLSRPTv1` (identical texts count once), on the second one.
    ///
    /// ## Why is this bad?
    /// A sender that finds no valid record, or more than one, sends no TLS reports
    /// (RFC 8460 §3): the domain owner does not learn that senders fail to deliver over TLS,
    /// for example because of an MTA-STS or DANE misconfiguration.
    ///
    /// ## Example
    /// ```zone
    /// _smtp._tls  TXT  "v=TLSRPTv1; rua=tls-reports@example.com"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _smtp._tls  TXT  "v=TLSRPTv1; rua=mailto:tls-reports@example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 8460 §3
    pub TlsrptSyntax,
    id: "tlsrpt-syntax",
    group: Tlsrpt,
    level: Error,
    since: "0.1.0",
}

/// Whether a wire name starts with the labels `_smtp._tls`.
fn is_tlsrpt_owner(wire: &[u8]) -> bool {
    first_label_is(wire, b"_smtp") && name::parent(wire).is_some_and(|p| first_label_is(p, b"_tls"))
}

fn parse_tlsrpt(text: &[u8]) -> Parsed {
    let record = tlsrpt::parse(text);
    Parsed {
        selected: record.selected,
        fields: record.fields,
        errors: record.errors,
    }
}

impl Check for TlsrptSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        check_smtp_tls(graph, cx, Protocol::TlsRpt, is_tlsrpt_owner, parse_tlsrpt);
    }
}
