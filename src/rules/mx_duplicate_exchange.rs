use std::cmp::Ordering;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// One exchange listed twice in the same MX set.
    ///
    /// ## What it does
    /// Reports an MX record whose exchange (compared case-insensitively) is already named by an
    /// earlier MX record of the same name, whether at the same preference or at another one.
    /// The finding is on the repeated record's exchange, with a label on the first one.
    ///
    /// ## Why is this bad?
    /// Listing a host twice gives no failover: when it is down, senders try the same host again
    /// before giving up. Most often the second record was meant to name a backup host, or a
    /// preference was changed by adding a record instead of editing one, and the old record was
    /// left behind.
    ///
    /// ## Example
    /// ```zone
    /// @     MX    10 mx1
    /// @     MX    20 mx1
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
    pub MxDuplicateExchange,
    id: "mx-duplicate-exchange",
    group: Mx,
    level: Warning,
    since: "0.1.0",
}

/// Wire names ordered ASCII case-insensitively (length octets are below 64, so folding leaves
/// them alone).
fn cmp_folded(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

impl Check for MxDuplicateExchange {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut order: Vec<(u32, &[u8], u16)> = Vec::new();
        for (zone, set) in graph.rrsets_of_type(RType::MX) {
            if set.len() < 2 {
                continue;
            }
            order.clear();
            order.extend(graph.records_of(zone, &set).iter().filter_map(|&i| {
                graph
                    .mx(i as usize)
                    .map(|mx| (i, mx.exchange, mx.preference))
            }));
            // Stable: within a run of one exchange, records stay in source order.
            order.sort_by(|a, b| cmp_folded(a.1, b.1));
            for run in order.chunk_by(|a, b| a.1.eq_ignore_ascii_case(b.1)) {
                let [first, rest @ ..] = run else { continue };
                for again in rest {
                    report(graph, cx, *first, *again);
                }
            }
        }
    }
}

fn report(graph: &Graph, cx: &mut Context<'_>, first: (u32, &[u8], u16), again: (u32, &[u8], u16)) {
    let exchange_span = |i: u32| {
        let i = i as usize;
        record_fields(&graph.set, i)
            .field("exchange")
            .unwrap_or(graph.set.records[i].span)
    };
    let exchange = name::to_text(again.1);
    let (message, help) = if first.2 == again.2 {
        (
            format!(
                "MX exchange `{exchange}` is listed twice at preference {}",
                again.2
            ),
            "remove the repeated MX record".to_owned(),
        )
    } else {
        (
            format!(
                "MX exchange `{exchange}` is listed again at preference {} (first at {})",
                again.2, first.2
            ),
            format!("keep one MX record for `{exchange}`, at the preference you mean"),
        )
    };
    cx.report(exchange_span(again.0), message)
        .span_label("repeated exchange")
        .label(exchange_span(first.0), "first listed here")
        .help(help)
        .note("a host listed twice gives no failover: senders retry the same host");
}
