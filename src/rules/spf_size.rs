use crate::graph::Graph;
use crate::policy::spf_graph::spf_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

/// RFC 7208 §3.4: keep SPF text under 450 octets so the answer fits in 512.
const MAX_OCTETS: usize = 450;

declare_rule! {
    /// An SPF record longer than 450 octets, which may not fit a plain UDP answer.
    ///
    /// ## What it does
    /// Reports a TXT SPF record whose text (all strings joined) is longer than 450 octets.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §3.4 asks for SPF records that keep the DNS answer within 512 octets, the
    /// classic UDP limit, and gives 450 octets of text as the guideline. Larger answers need
    /// EDNS or a fallback to TCP; some receivers and middleboxes fail there, and the result is
    /// a temperror for the domain's mail.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  ( "v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 ip4:192.0.2.3 ip4:192.0.2.4 ip4:192.0.2.5 "
    ///           "ip4:192.0.2.6 ip4:192.0.2.7 ip4:192.0.2.8 ip4:192.0.2.9 ip4:192.0.2.10 "
    ///           "ip4:192.0.2.11 ip4:192.0.2.12 ip4:192.0.2.13 ip4:192.0.2.14 ip4:192.0.2.15 "
    ///           "ip4:192.0.2.16 ip4:192.0.2.17 ip4:192.0.2.18 ip4:192.0.2.19 ip4:192.0.2.20 "
    ///           "ip4:192.0.2.21 ip4:192.0.2.22 ip4:192.0.2.23 ip4:192.0.2.24 ip4:192.0.2.25 "
    ///           "ip4:192.0.2.26 ip4:192.0.2.27 ip4:192.0.2.28 ip4:192.0.2.29 ip4:192.0.2.30 "
    ///           "ip4:192.0.2.31 ip4:192.0.2.32 ip4:192.0.2.33 ip4:192.0.2.34 -all" )
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 ip4:192.0.2.0/27 -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §3.4
    pub SpfSize,
    id: "spf-size",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

impl Check for SpfSize {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for index in spf_records(graph) {
            let len: usize = graph.strings(index).map(<[u8]>::len).sum();
            if len <= MAX_OCTETS {
                continue;
            }
            let map = TextMap::for_record(graph, index, len);
            cx.report(
                map.whole(),
                format!("SPF record of {len} octets exceeds {MAX_OCTETS}"),
            )
            .span_label(format_args!("{len} octets of SPF text"))
            .help("shorten the record: merge addresses into CIDR ranges or move hosts into an `include:` record")
            .note("RFC 7208 §3.4 recommends at most 450 octets so the DNS answer fits in 512 octets over UDP");
        }
    }
}
