use std::net::IpAddr;

use rustc_hash::FxHashSet;

use crate::graph::{Graph, NameStatus, RecordRole, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

use super::mx_target_no_address::wildcard_for;

declare_rule! {
    /// An MX exchange address without forward-confirmed reverse DNS, in a reverse zone of the run.
    ///
    /// ## What it does
    /// For every MX exchange with A or AAAA records in the zones given, computes the reverse
    /// name of each address (`25.2.0.192.in-addr.arpa.`, or the 32 nibbles of an IPv6 address
    /// under `ip6.arpa.`). When that name falls in a reverse zone of the run, checks
    /// forward-confirmed reverse DNS: the name must have a PTR record (through a CNAME, as
    /// RFC 2317 classless delegations do, or a wildcard), and one of the PTR's names must have
    /// that same address among its A or AAAA records. The PTR may name any host, not only the
    /// exchange. One finding per exchange lists every address that fails.
    ///
    /// Nothing is claimed about what the run cannot see: an address whose reverse name is
    /// outside every zone given, or delegated to a zone that is not given, and a PTR naming a
    /// host outside the run, are left alone.
    ///
    /// ## Why is this bad?
    /// RFC 1912 §2.1 asks that every host's address have a PTR record matching its A record.
    /// Mail servers check it on the servers that connect to them: a sending host whose address
    /// does not map to a name that maps back to it is distrusted, scored as spam or refused, and
    /// an exchange usually sends mail too (bounces, forwards). Reverse zones are easy to forget
    /// when a mail server is renumbered.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ; file: 2.0.192.in-addr.arpa.zone
    /// 24    PTR   mx0.example.com.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ; file: 2.0.192.in-addr.arpa.zone
    /// 25    PTR   mx1.example.com.
    /// ```
    ///
    /// ## References
    /// - RFC 1912 §2.1
    /// - RFC 1035 §3.5 (`in-addr.arpa`), RFC 3596 §2.5 (`ip6.arpa`)
    /// - RFC 2317 (classless `in-addr.arpa` delegation)
    pub MxTargetNoReverse,
    id: "mx-target-no-reverse",
    group: Mx,
    level: Info,
    since: "0.1.0",
}

const IN_ADDR_ARPA: &[u8] = b"\x07in-addr\x04arpa\0";
const IP6_ARPA: &[u8] = b"\x03ip6\x04arpa\0";

/// The reverse name of an address, wire form: `d.c.b.a.in-addr.arpa.` or the nibbles of an IPv6
/// address, least significant first, under `ip6.arpa.`.
fn reverse_name(address: IpAddr) -> Vec<u8> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut wire = Vec::with_capacity(74);
    match address {
        IpAddr::V4(v4) => {
            for octet in v4.octets().iter().rev() {
                let digits = octet.to_string();
                wire.push(u8::try_from(digits.len()).unwrap_or(3));
                wire.extend_from_slice(digits.as_bytes());
            }
            wire.extend_from_slice(IN_ADDR_ARPA);
        }
        IpAddr::V6(v6) => {
            for octet in v6.octets().iter().rev() {
                wire.extend_from_slice(&[1, HEX[usize::from(octet & 0x0f)]]);
                wire.extend_from_slice(&[1, HEX[usize::from(octet >> 4)]]);
            }
            wire.extend_from_slice(IP6_ARPA);
        }
    }
    wire
}

/// Aliases followed at most (a PTR chain through RFC 2317 CNAMEs, a CNAME to an address).
const MAX_ALIASES: usize = 8;

/// What the run says about the PTR records of a reverse name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ptrs {
    /// Outside the run, delegated away, below a DNAME, or an alias chain leaving it.
    Unknown,
    /// In a reverse zone of the run, without PTR.
    Missing(ZoneId),
    Found(Vec<u32>),
}

/// The PTR records answering for `reverse`, following CNAMEs (RFC 2317) and wildcards.
fn ptr_records(graph: &Graph, reverse: &[u8]) -> Ptrs {
    let mut wire = reverse.to_vec();
    for _ in 0..MAX_ALIASES {
        let (NameStatus::Authoritative { zone, exists }, own) = graph.lookup_id(&wire) else {
            return Ptrs::Unknown;
        };
        let owner = if exists {
            own
        } else {
            wildcard_for(graph, zone, &wire)
        };
        let Some(owner) = owner else {
            return Ptrs::Missing(zone);
        };
        if let Some(&alias) = graph.records_at(zone, owner, RType::CNAME).first() {
            match graph.target(alias as usize) {
                Some(target) => {
                    wire = target.to_vec();
                    continue;
                }
                None => return Ptrs::Unknown,
            }
        }
        let found = graph.records_at(zone, owner, RType::PTR);
        return if found.is_empty() {
            Ptrs::Missing(zone)
        } else {
            Ptrs::Found(found.to_vec())
        };
    }
    Ptrs::Unknown
}

/// The addresses of `host` as far as the run knows them (`None` when it cannot tell: outside
/// the run, delegated without glue, an alias leaving the run).
fn forward_addresses(graph: &Graph, host: &[u8]) -> Option<Vec<IpAddr>> {
    let mut wire = host.to_vec();
    for _ in 0..MAX_ALIASES {
        let records = match graph.lookup(&wire) {
            NameStatus::Authoritative { zone, exists } => {
                if let Some(alias) = graph.alias_of(&wire) {
                    wire = graph.target(alias as usize)?.to_vec();
                    continue;
                }
                match (exists, wildcard_for(graph, zone, &wire)) {
                    (false, Some(star)) => {
                        let mut r = graph.records_at(zone, star, RType::A).to_vec();
                        r.extend_from_slice(graph.records_at(zone, star, RType::AAAA));
                        r
                    }
                    _ => graph.address_records(&wire),
                }
            }
            NameStatus::Delegated { .. } => {
                let glue = graph.address_records(&wire);
                if glue.is_empty() {
                    return None;
                }
                glue
            }
            NameStatus::BelowDname { .. } | NameStatus::Unknown => return None,
        };
        return Some(
            records
                .iter()
                .filter_map(|&i| graph.address(i as usize))
                .collect(),
        );
    }
    None
}

/// Why one address of an exchange fails.
enum Failure {
    /// No PTR in the reverse zone.
    NoPtr { zone: ZoneId },
    /// PTR records whose names are known and none resolves back: the first of them.
    Elsewhere { ptr: u32 },
}

/// One failing address.
struct Problem {
    address: IpAddr,
    /// The A or AAAA record holding it.
    record: u32,
    failure: Failure,
}

/// Judges one address: `None` when it passes or the run cannot tell.
fn judge(graph: &Graph, address: IpAddr) -> Option<Failure> {
    match ptr_records(graph, &reverse_name(address)) {
        Ptrs::Unknown => None,
        Ptrs::Missing(zone) => Some(Failure::NoPtr { zone }),
        Ptrs::Found(ptrs) => {
            let mut unknown = false;
            for &ptr in &ptrs {
                let Some(target) = graph.target(ptr as usize) else {
                    unknown = true;
                    continue;
                };
                match forward_addresses(graph, target) {
                    Some(addresses) if addresses.contains(&address) => return None,
                    Some(_) => {}
                    None => unknown = true,
                }
            }
            (!unknown).then(|| Failure::Elsewhere { ptr: ptrs[0] })
        }
    }
}

/// The span of field `field` of record `index`, else the record.
fn field_span(graph: &Graph, index: usize, field: &str) -> Span {
    record_fields(&graph.set, index)
        .field(field)
        .unwrap_or(graph.set.records[index].span)
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Check for MxTargetNoReverse {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // Without a reverse zone in the run there is nothing to look at.
        if !graph.zones().iter().any(|z| {
            let apex = graph.set.names.wire(z.apex);
            name::ends_with_name(apex, IN_ADDR_ARPA) || name::ends_with_name(apex, IP6_ARPA)
        }) {
            return;
        }
        let mut seen = FxHashSet::default();
        for (index, mx) in graph.mx_records() {
            if mx.is_null() || graph.record_role(index) != RecordRole::Authoritative {
                continue;
            }
            // Names owning records are interned; an exchange that is not owns no address.
            let Some(id) = graph.set.names.get(mx.exchange) else {
                continue;
            };
            if !seen.insert(id) {
                continue;
            }
            let problems: Vec<Problem> = graph
                .address_records(mx.exchange)
                .into_iter()
                .filter_map(|record| {
                    let address = graph.address(record as usize)?;
                    let failure = judge(graph, address)?;
                    Some(Problem {
                        address,
                        record,
                        failure,
                    })
                })
                .collect();
            if problems.is_empty() {
                continue;
            }
            report(graph, cx, index, mx.exchange, &problems);
        }
    }
}

fn report(graph: &Graph, cx: &mut Context<'_>, mx: usize, exchange: &[u8], problems: &[Problem]) {
    let exchange = name::to_text(exchange);
    let mut parts = Vec::new();
    let mut labels = Vec::new();
    for p in problems {
        match p.failure {
            Failure::NoPtr { zone } => {
                let apex = graph.set.names.text(graph.zone(zone).apex);
                parts.push(format!("no PTR record for `{}` in `{apex}`", p.address));
                labels.push((
                    field_span(graph, p.record as usize, "address"),
                    format!("address without PTR in `{apex}`"),
                ));
            }
            Failure::Elsewhere { ptr } => {
                let target = graph
                    .target(ptr as usize)
                    .map(name::to_text)
                    .unwrap_or_default();
                parts.push(format!(
                    "the PTR record for `{}` names `{target}`, which does not resolve back to it",
                    p.address
                ));
                labels.push((
                    field_span(graph, p.record as usize, "address"),
                    format!("address whose PTR names `{target}`"),
                ));
                labels.push((
                    field_span(graph, ptr as usize, "target"),
                    format!("PTR naming a host without address `{}`", p.address),
                ));
            }
        }
    }
    let mut report = cx.report(
        field_span(graph, mx, "exchange"),
        format!(
            "no forward-confirmed reverse DNS for MX exchange `{exchange}`: {}",
            and_list(&parts)
        ),
    );
    report
        .span_label("exchange without forward-confirmed reverse DNS")
        .help(format_args!(
            "publish a PTR record for each address of `{exchange}`, naming a host whose A or \
             AAAA records include that address (such as `{exchange}`)"
        ))
        .note(
            "mail servers distrust a connecting host whose address does not map to a name that \
             maps back to it (RFC 1912 §2.1), and an exchange usually sends mail too",
        );
    for (span, label) in labels {
        report.label(span, label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(address: &str) -> String {
        name::to_text(&reverse_name(address.parse().expect("an address")))
    }

    #[test]
    fn reverse_names() {
        assert_eq!(text("192.0.2.25"), "25.2.0.192.in-addr.arpa.");
        assert_eq!(text("0.0.0.0"), "0.0.0.0.in-addr.arpa.");
        assert_eq!(text("255.10.1.100"), "100.1.10.255.in-addr.arpa.");
        assert_eq!(
            text("2001:db8::1"),
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."
        );
        assert_eq!(
            text("2001:db8:abcd:12::fe"),
            "e.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa."
        );
        // A v4-mapped address stays IPv6.
        assert!(text("::ffff:192.0.2.1").ends_with(".ip6.arpa."));
        let wire = reverse_name("2001:db8::1".parse().expect("an address"));
        assert_eq!(name::wire_name_len(&wire), Some(wire.len()));
        assert_eq!(name::labels(&wire).count(), 34);
    }

    #[test]
    fn judging_follows_wildcards_aliases_and_stays_silent_outside_the_run() {
        use crate::zone::{ReadOptions, Reader};
        let mut reader = Reader::new(ReadOptions::default());
        for (origin, text) in [
            (
                "example.com.",
                "$TTL 1\n@ SOA ns hm 1 2 3 4 5\npool A 192.0.2.50\npool A 192.0.2.60\nalias CNAME pool\n",
            ),
            (
                "2.0.192.in-addr.arpa.",
                "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n* PTR pool.example.com.\n\
                 60 PTR alias.example.com.\n61 PTR host.example.net.\n62 TXT \"x\"\n",
            ),
        ] {
            reader.set_origin(Some(origin.to_owned()));
            reader
                .read_bytes(format!("{origin}zone").as_ref(), text.as_bytes().to_vec())
                .expect("origin");
        }
        let graph = Graph::build(reader.finish());
        let judge = |a: &str| judge(&graph, a.parse().expect("an address"));
        // The wildcard's PTR names a host with the address; through an alias too.
        assert!(judge("192.0.2.50").is_none());
        assert!(judge("192.0.2.60").is_none());
        // The wildcard's PTR names a host without that address.
        assert!(matches!(
            judge("192.0.2.51"),
            Some(Failure::Elsewhere { .. })
        ));
        // A PTR naming a host outside the run; no reverse zone for the address.
        assert!(judge("192.0.2.61").is_none());
        assert!(judge("203.0.113.1").is_none());
        // The name exists without PTR: the wildcard does not answer for it.
        assert!(matches!(judge("192.0.2.62"), Some(Failure::NoPtr { .. })));
    }

    #[test]
    fn prose() {
        let s = |v: &[&str]| v.iter().map(|&x| x.to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["a", "b"])), "a and b");
    }
}
