use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX set naming a single exchange: no failover when that host is down.
    ///
    /// ## What it does
    /// Reports a name whose MX records all name one and the same exchange (compared
    /// case-insensitively; a null MX is never counted, and a set mixing a null MX with others is
    /// left to `mx-null-mixed`). Off by default: many small domains rely on the senders' retry
    /// queues, and a single MX is a policy choice rather than a mistake.
    ///
    /// Not reported, since the one name already stands for several hosts:
    /// - an exchange with two or more A/AAAA records in a zone of the run (senders try every
    ///   address, RFC 5321 §5.1);
    /// - the documented single-MX setups of Microsoft 365 (`*.mail.protection.outlook.com`) and
    ///   Google Workspace (`smtp.google.com`), which are load-balanced pools.
    ///
    /// ## Why is this bad?
    /// While the only exchange is down or unreachable, mail waits in the senders' queues, and
    /// bounces once their retry limit (typically 4 to 5 days, RFC 5321 §4.5.4.1) is reached. A
    /// second exchange at a higher preference number, on another host and network, keeps mail
    /// flowing.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1
    /// mx1   A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     MX    10 mx1
    /// @     MX    20 mx2
    /// mx1   A     192.0.2.25
    /// mx2   A     198.51.100.25
    /// ```
    ///
    /// ## References
    /// - RFC 5321 §5.1
    /// - RFC 5321 §4.5.4.1
    pub MxSingleExchange,
    id: "mx-single-exchange",
    group: Mx,
    level: Off,
    since: "0.1.0",
}

/// Lowercase wire names of provider hosts whose single MX is a load-balanced pool: the name and
/// everything below it.
const POOL_SUFFIXES: &[&[u8]] = &[b"\x04mail\x0aprotection\x07outlook\x03com\x00"];

/// Lowercase wire names of provider hosts whose single MX is a load-balanced pool: exactly.
const POOL_NAMES: &[&[u8]] = &[b"\x04smtp\x06google\x03com\x00"];

/// Whether an exchange is a known provider pool.
fn is_provider_pool(exchange: &[u8]) -> bool {
    POOL_SUFFIXES
        .iter()
        .any(|s| exchange.len() > s.len() && name::ends_with_name(exchange, s))
        || POOL_NAMES.iter().any(|n| exchange.eq_ignore_ascii_case(n))
}

impl Check for MxSingleExchange {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (zone, set) in graph.rrsets_of_type(RType::MX) {
            let records = graph.records_of(zone, &set);
            let Some(first) = records.first().map(|&i| i as usize) else {
                continue;
            };
            let Some(exchange) = graph.mx(first).map(|mx| mx.exchange) else {
                continue;
            };
            let single = records.iter().all(|&i| {
                graph
                    .mx(i as usize)
                    .is_some_and(|mx| mx.exchange.eq_ignore_ascii_case(exchange))
            });
            if !single
                || exchange == [0]
                || is_provider_pool(exchange)
                || graph.address_records(exchange).len() >= 2
            {
                continue;
            }
            let fields = record_fields(&graph.set, first);
            cx.report(
                fields
                    .field("exchange")
                    .unwrap_or(graph.set.records[first].span),
                format!(
                    "single mail exchange `{}` for `{}`",
                    name::to_text(exchange),
                    graph.set.names.text(set.owner)
                ),
            )
            .span_label("only exchange")
            .help("add a backup MX on another host, at a higher preference number")
            .note(
                "while the only exchange is down, mail waits in senders' queues and bounces \
                     after their retry limit (RFC 5321 §4.5.4.1)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_pools() {
        assert!(is_provider_pool(
            b"\x0bexample-com\x04mail\x0aprotection\x07outlook\x03com\x00"
        ));
        assert!(is_provider_pool(b"\x04SMTP\x06Google\x03com\x00"));
        assert!(!is_provider_pool(
            b"\x04mail\x0aprotection\x07outlook\x03com\x00"
        ));
        assert!(!is_provider_pool(b"\x03alt\x04smtp\x06google\x03com\x00"));
        assert!(!is_provider_pool(b"\x03mx1\x07example\x03com\x00"));
    }
}
