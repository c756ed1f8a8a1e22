use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::record::RecordFlags;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX exchange written as an IP address instead of a host name.
    ///
    /// ## What it does
    /// Reports an MX whose exchange, as written, is an IPv4 or IPv6 address: `192.0.2.25`
    /// (read relative to the origin as `192.0.2.25.example.com.`), `192.0.2.25.` (a name of
    /// four numeric labels), or an SMTP address literal such as `[192.0.2.25]` or
    /// `[IPv6:2001:db8::25]`. The exchange is judged by its text in the file; a name written
    /// out in full whose first labels happen to be numbers (`1.2.3.4.example.net.`) is not
    /// reported. Records from `$GENERATE` are judged on the name: its first labels form an
    /// address and the rest is nothing or the origin.
    ///
    /// ## Why is this bad?
    /// An MX exchange is a domain name (RFC 1035 §3.3.9), never an address. The address is
    /// read as a name like `192.0.2.25.example.com.`, which has no address records, so senders
    /// find no usable exchange and bounce or defer the mail (RFC 5321 §5.1); the few that
    /// accept the literal are being lenient.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §3.3.9
    /// - RFC 5321 §5.1
    pub MxTargetIsAddress,
    id: "mx-target-is-address",
    group: Mx,
    level: Error,
    since: "0.1.0",
}

/// An IPv4 address of four decimal parts (leading zeros allowed, as resolvers' parsers do).
fn parse_v4(text: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = text.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

/// The address a written exchange stands for: `192.0.2.1`, `192.0.2.1.`, `[192.0.2.1]`,
/// `2001:db8::1`, `[IPv6:2001:db8::1]`.
fn parse_literal(text: &str) -> Option<IpAddr> {
    let text = text.strip_suffix('.').unwrap_or(text);
    let text = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(text);
    let text = match text.get(..5) {
        Some(p) if p.eq_ignore_ascii_case("ipv6:") => &text[5..],
        _ => text,
    };
    if let Some(v4) = parse_v4(text) {
        return Some(IpAddr::V4(v4));
    }
    text.contains(':')
        .then(|| text.parse::<Ipv6Addr>().ok().map(IpAddr::V6))
        .flatten()
}

/// Whether a name could be an address written as a name: its first label is all digits, or
/// holds a colon, or starts with a bracket. Cheap, on the wire form.
fn may_be_literal(wire: &[u8]) -> bool {
    name::labels(wire).next().is_some_and(|label| {
        label.iter().all(u8::is_ascii_digit)
            || label.contains(&b':')
            || label.first() == Some(&b'[')
    })
}

/// The exchange of MX record `index` as written, when it is an IP address (text and address).
/// Shared with the other exchange rules, which leave such an exchange to this one.
pub(super) fn written_address(graph: &Graph, index: usize) -> Option<(String, IpAddr)> {
    let exchange = graph.mx(index)?.exchange;
    written_literal(graph, index, exchange, "exchange")
}

/// The name `exchange` in rdata field `field` of record `index` as written, when it is an IP
/// address (text and address): the MX exchange here, the NS target in `ns-target-is-address`.
pub(super) fn written_literal(
    graph: &Graph,
    index: usize,
    exchange: &[u8],
    field: &str,
) -> Option<(String, IpAddr)> {
    if !may_be_literal(exchange) {
        return None;
    }
    let record = &graph.set.records[index];
    if record.flags.has(RecordFlags::GENERATED) {
        let text = name::to_text(exchange);
        if let Some(ip) = parse_literal(&text) {
            return Some((text, ip));
        }
        let origin = graph
            .set
            .origin_of(index)
            .map(|o| graph.set.names.wire(o))?;
        let keep = exchange.len().checked_sub(origin.len())?;
        if keep == 0 || !exchange[keep..].eq_ignore_ascii_case(origin) {
            return None;
        }
        let mut relative = exchange[..keep].to_vec();
        relative.push(0);
        let text = name::to_text(&relative);
        let ip = parse_literal(&text)?;
        return Some((text.trim_end_matches('.').to_owned(), ip));
    }
    let span = record_fields(&graph.set, index).field(field)?;
    let text = String::from_utf8_lossy(&graph.set.sources.slice(span)).into_owned();
    let ip = parse_literal(&text)?;
    Some((text, ip))
}

impl Check for MxTargetIsAddress {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::MX {
                continue;
            }
            let Some((text, ip)) = written_address(graph, index) else {
                continue;
            };
            let Some(mx) = graph.mx(index) else { continue };
            let fields = record_fields(&graph.set, index);
            cx.report(
                fields.field("exchange").unwrap_or(record.span),
                format!("MX exchange `{text}` is an IP address, not a host name"),
            )
            .span_label(format_args!(
                "read as the name `{}`",
                name::to_text(mx.exchange)
            ))
            .help(format_args!(
                "point the MX at a host name that owns the address (e.g. `mx1 {} {ip}`)",
                if ip.is_ipv4() { "A" } else { "AAAA" }
            ))
            .note("an MX exchange is a domain name, never an address (RFC 1035 §3.3.9)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_recognised() {
        let v4 = |s: &str| parse_literal(s).map(|ip| ip.to_string());
        assert_eq!(v4("192.0.2.1").as_deref(), Some("192.0.2.1"));
        assert_eq!(v4("192.0.2.1.").as_deref(), Some("192.0.2.1"));
        assert_eq!(v4("[192.0.2.1]").as_deref(), Some("192.0.2.1"));
        assert_eq!(v4("010.000.002.001").as_deref(), Some("10.0.2.1"));
        assert_eq!(v4("2001:db8::25").as_deref(), Some("2001:db8::25"));
        assert_eq!(v4("[IPv6:2001:DB8::25]").as_deref(), Some("2001:db8::25"));
        assert_eq!(v4("::ffff:192.0.2.1").as_deref(), Some("::ffff:192.0.2.1"));
        for not in [
            "192.0.2",
            "192.0.2.256",
            "192.0.2.1.example.com.",
            "1.2.3.4.5",
            "mail",
            "25",
            "",
            ".",
            "1..2.3",
            "1234.0.0.1",
            "[192.0.2.1",
            "::g",
        ] {
            assert_eq!(parse_literal(not), None, "{not}");
        }
    }

    #[test]
    fn prefilter_looks_at_the_first_label() {
        assert!(may_be_literal(b"\x03192\x010\x012\x011\x00"));
        assert!(may_be_literal(b"\x0b2001:db8::1\x00"));
        assert!(may_be_literal(b"\x04[192\x010\x012\x032]\x00"));
        assert!(!may_be_literal(b"\x04mail\x00"));
        assert!(!may_be_literal(b"\x00"));
    }
}
