use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::graph::{Graph, NameStatus};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX exchange whose address is loopback, private, link-local, documentation or other
    /// special-purpose space.
    ///
    /// ## What it does
    /// Follows every MX exchange into the zones given (glue included, for an exchange below a
    /// delegation) and reports it when one of its A or AAAA records holds an address of a
    /// special-purpose range no Internet sender can reach: this network (`0.0.0.0/8`),
    /// private (RFC 1918), shared CGNAT space (`100.64.0.0/10`), loopback, link-local, IETF
    /// protocol assignments (`192.0.0.0/24`), documentation (`192.0.2.0/24`,
    /// `198.51.100.0/24`, `203.0.113.0/24`, `2001:db8::/32`, `3fff::/20`), benchmarking,
    /// the deprecated 6to4 relay anycast, reserved (`240.0.0.0/4`), limited broadcast,
    /// multicast, the unspecified address, IPv4-mapped and IPv4-compatible IPv6, local-use
    /// NAT64, discard-only, unique local (`fc00::/7`) and site-local IPv6 (the IANA
    /// special-purpose registries of RFC 6890 that are not globally reachable). One finding
    /// per MX, with every such address labelled. A zone published only on an internal view may
    /// turn the rule off.
    ///
    /// Documentation addresses are expected in documentation: in a zone at or below the names
    /// reserved for examples and testing (`example.`, `example.com.`, `example.net.`,
    /// `example.org.`, `test.`; RFC 2606, RFC 6761) they are not reported, every other
    /// special-purpose range still is.
    ///
    /// ## Why is this bad?
    /// Senders on the Internet cannot reach such an address: they time out and defer the mail,
    /// or, for loopback and private space, connect to a host of their own network and loop or
    /// bounce it. Usually an internal zone's address leaked into the public one, or an example
    /// address was never replaced.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     10.0.0.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     93.184.215.14
    /// ```
    ///
    /// ## References
    /// - RFC 6890
    /// - RFC 1918
    /// - RFC 5737
    /// - RFC 3849
    pub MxTargetSpecialAddress,
    id: "mx-target-special-address",
    group: Mx,
    level: Warning,
    since: "0.1.0",
}

/// IPv4 special-purpose ranges that are not globally reachable: (network, prefix length,
/// name). More specific entries come first.
const V4: &[(u32, u8, &str)] = &[
    (0xffff_ffff, 32, "limited broadcast"),
    (0x0000_0000, 8, "this network"),
    (0x0a00_0000, 8, "private"),
    (0x6440_0000, 10, "shared CGNAT"),
    (0x7f00_0000, 8, "loopback"),
    (0xa9fe_0000, 16, "link-local"),
    (0xac10_0000, 12, "private"),
    (0xc000_0000, 24, "IETF protocol assignment"),
    (0xc000_0200, 24, "documentation"),
    (0xc058_6300, 24, "deprecated 6to4 relay anycast"),
    (0xc0a8_0000, 16, "private"),
    (0xc612_0000, 15, "benchmarking"),
    (0xc633_6400, 24, "documentation"),
    (0xcb00_7100, 24, "documentation"),
    (0xe000_0000, 4, "multicast"),
    (0xf000_0000, 4, "reserved"),
];

/// IPv6 special-purpose ranges that are not globally reachable, most specific first.
const V6: &[(u128, u8, &str)] = &[
    (0, 128, "unspecified"),
    (1, 128, "loopback"),
    (0xffff_0000_0000, 96, "IPv4-mapped"),
    (0, 96, "deprecated IPv4-compatible"),
    (0x0064_ff9b_0001 << 80, 48, "local-use NAT64"),
    (0x0100 << 112, 64, "discard-only"),
    (0x2001_0002 << 96, 48, "benchmarking"),
    (0x2001_0db8 << 96, 32, "documentation"),
    (0x3fff << 112, 20, "documentation"),
    (0xfc00 << 112, 7, "unique local"),
    (0xfe80 << 112, 10, "link-local"),
    (0xfec0 << 112, 10, "deprecated site-local"),
    (0xff00 << 112, 8, "multicast"),
];

/// Whether `bits` is in the network `net/len` (`len` at most `width`).
fn in_prefix<T>(bits: T, net: T, len: u8, width: u32) -> bool
where
    T: Copy + PartialEq + std::ops::Shr<u32, Output = T>,
{
    let shift = width.saturating_sub(u32::from(len));
    // A shift by the full width would overflow: a zero-length prefix matches everything.
    shift >= width || bits >> shift == net >> shift
}

fn v4_kind(addr: Ipv4Addr) -> Option<&'static str> {
    let bits = u32::from(addr);
    V4.iter()
        .find(|&&(net, len, _)| in_prefix(bits, net, len, 32))
        .map(|&(_, _, kind)| kind)
}

fn v6_kind(addr: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(addr);
    V6.iter()
        .find(|&&(net, len, _)| in_prefix(bits, net, len, 128))
        .map(|&(_, _, kind)| kind)
}

/// The special-purpose range an address is in, by name, if it is not globally reachable.
/// Names reserved for documentation and testing (RFC 2606, RFC 6761), wire form.
const DOCUMENTATION_DOMAINS: &[&[u8]] = &[
    b"\x07example\0",
    b"\x07example\x03com\0",
    b"\x07example\x03net\0",
    b"\x07example\x03org\0",
    b"\x04test\0",
];

fn is_documentation_domain(wire: &[u8]) -> bool {
    DOCUMENTATION_DOMAINS
        .iter()
        .any(|d| name::ends_with_name(wire, d))
}

fn special(addr: IpAddr) -> Option<&'static str> {
    match addr {
        IpAddr::V4(v4) => v4_kind(v4),
        IpAddr::V6(v6) => v6_kind(v6),
    }
}

impl Check for MxTargetSpecialAddress {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, mx) in graph.mx_records().filter(|(_, mx)| !mx.is_null()) {
            let record = &graph.set.records[index];
            let Some((
                NameStatus::Authoritative { zone, exists: true }
                | NameStatus::Delegated { zone, .. },
                own,
            )) = graph.target_lookup(index)
            else {
                continue;
            };
            let Some(id) = own.or_else(|| graph.set.names.get(mx.exchange)) else {
                continue;
            };
            let own_zone = graph.zone(graph.zone_of_record(index)).apex;
            let documentation_ok = is_documentation_domain(graph.set.names.wire(own_zone));
            let addresses = graph
                .records_at(zone, id, RType::A)
                .iter()
                .chain(graph.records_at(zone, id, RType::AAAA))
                .map(|&i| i as usize);
            let mut found = addresses
                .filter_map(|i| Some((i, graph.address(i)?)))
                .filter_map(|(i, ip)| Some((i, ip, special(ip)?)))
                .filter(|&(_, _, kind)| !(documentation_ok && kind == "documentation"))
                .peekable();
            let Some(&(_, first_ip, first_kind)) = found.peek() else {
                continue;
            };
            let fields = record_fields(&graph.set, index);
            let exchange = name::to_text(mx.exchange);
            let mut report = cx.report(
                fields.field("exchange").unwrap_or(record.span),
                format!("MX exchange `{exchange}` has address `{first_ip}` ({first_kind})"),
            );
            report
                .span_label("exchange with a special-purpose address")
                .help(format_args!(
                    "publish only public addresses for `{exchange}`"
                ))
                .note(
                    "special-purpose addresses are not globally reachable (RFC 6890): senders \
                     time out, or reach a host of their own network",
                );
            for (i, _, kind) in found {
                let at = record_fields(&graph.set, i)
                    .field("address")
                    .unwrap_or(graph.set.records[i].span);
                report.label(at, format_args!("{kind} address"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::special;

    #[test]
    fn documentation_domains() {
        use super::is_documentation_domain;
        assert!(is_documentation_domain(b"\x04mail\x07example\x03com\0"));
        assert!(is_documentation_domain(b"\x04shop\x07example\0"));
        assert!(is_documentation_domain(b"\x04test\0"));
        assert!(!is_documentation_domain(b"\x0bexample-foo\x03com\0"));
        assert!(!is_documentation_domain(b"\x03com\0"));
    }

    fn kind(text: &str) -> Option<&'static str> {
        special(text.parse().expect("address"))
    }

    #[test]
    fn ipv4_ranges() {
        for (addr, want) in [
            ("0.0.0.0", "this network"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("100.64.0.1", "shared CGNAT"),
            ("100.127.255.255", "shared CGNAT"),
            ("127.0.0.1", "loopback"),
            ("169.254.1.1", "link-local"),
            ("192.0.0.8", "IETF protocol assignment"),
            ("192.0.2.25", "documentation"),
            ("198.51.100.1", "documentation"),
            ("203.0.113.255", "documentation"),
            ("198.18.0.1", "benchmarking"),
            ("198.19.255.255", "benchmarking"),
            ("192.88.99.1", "deprecated 6to4 relay anycast"),
            ("224.0.0.1", "multicast"),
            ("239.255.255.255", "multicast"),
            ("240.0.0.1", "reserved"),
            ("255.255.255.255", "limited broadcast"),
            ("255.255.255.254", "reserved"),
        ] {
            assert_eq!(kind(addr), Some(want), "{addr}");
        }
        for public in [
            "8.8.8.8",
            "93.184.215.14",
            "172.15.255.255",
            "172.32.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "192.0.1.1",
            "192.0.3.1",
            "198.17.255.255",
            "198.20.0.0",
            "1.0.0.0",
            "223.255.255.255",
            "11.0.0.0",
            "9.255.255.255",
        ] {
            assert_eq!(kind(public), None, "{public}");
        }
    }

    #[test]
    fn ipv6_ranges() {
        for (addr, want) in [
            ("::", "unspecified"),
            ("::1", "loopback"),
            ("::2", "deprecated IPv4-compatible"),
            ("::ffff:192.0.2.1", "IPv4-mapped"),
            ("64:ff9b:1::1", "local-use NAT64"),
            ("100::1", "discard-only"),
            ("2001:2::1", "benchmarking"),
            ("2001:db8::25", "documentation"),
            ("2001:DB8:ffff::1", "documentation"),
            ("3fff:fff::1", "documentation"),
            ("fc00::1", "unique local"),
            ("fdff:ffff::1", "unique local"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("fec0::1", "deprecated site-local"),
            ("ff02::1", "multicast"),
        ] {
            assert_eq!(kind(addr), Some(want), "{addr}");
        }
        for public in [
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
            "2001:4860:4860::8888",
            "2001:db9::1",
            "2001:3::1",
            "64:ff9b::192.0.2.1",
            "3fff:1000::1",
            "fbff::1",
            "2a00:1450:4001::1",
            "::1:0:0:1",
        ] {
            assert_eq!(kind(public), None, "{public}");
        }
    }
}
