use crate::graph::{Graph, NameStatus};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;

declare_rule! {
    /// An MX exchange below a DNAME, in a zone of the run: an alias in disguise.
    ///
    /// ## What it does
    /// Follows every MX exchange into the zones given and reports it when the name lies below
    /// a DNAME record (the DNAME's owner itself is not rewritten and is not reported). The help
    /// gives the name the DNAME rewrites the exchange to.
    ///
    /// ## Why is this bad?
    /// Every name below a DNAME is answered with a synthesized CNAME to the rewritten name
    /// (RFC 6672 §2), so the exchange is an alias, which RFC 2181 §10.3 forbids for an MX.
    /// Senders that do not chase the alias treat the domain as having no usable exchange; the
    /// others depend on the rewritten name resolving.
    ///
    /// ## Example
    /// ```zone
    /// @         MX    10 mx1.old
    /// old       DNAME example.net.
    /// ; file: example.net.zone
    /// mx1       A     192.0.2.25
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @         MX    10 mx1.example.net.
    /// old       DNAME example.net.
    /// ; file: example.net.zone
    /// mx1       A     192.0.2.25
    /// ```
    ///
    /// ## References
    /// - RFC 6672 §2
    /// - RFC 2181 §10.3
    pub MxTargetBelowDname,
    id: "mx-target-below-dname",
    group: Mx,
    level: Error,
    since: "0.1.0",
}

/// `exchange` with its `suffix` (a DNAME owner) replaced by `target`, when the result is a
/// legal name.
fn rewrite(exchange: &[u8], suffix_len: usize, target: &[u8]) -> Option<String> {
    let keep = exchange.len().checked_sub(suffix_len)?;
    let mut wire = exchange.get(..keep)?.to_vec();
    wire.extend_from_slice(target);
    (wire.len() <= 255).then(|| name::to_text(&wire))
}

impl Check for MxTargetBelowDname {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, mx) in graph.mx_records() {
            let record = &graph.set.records[index];
            let Some((NameStatus::BelowDname { zone, dname }, _)) = graph.target_lookup(index)
            else {
                continue;
            };
            let fields = record_fields(&graph.set, index);
            let exchange = name::to_text(mx.exchange);
            let dname_text = graph.set.names.text(dname);
            let dname_record = graph
                .records_at(zone, dname, RType::DNAME)
                .first()
                .map(|&i| i as usize);
            let rewritten = dname_record
                .and_then(|d| graph.target(d))
                .and_then(|t| rewrite(mx.exchange, graph.set.names.wire(dname).len(), t));
            let mut report = cx.report(
                fields.field("exchange").unwrap_or(record.span),
                format!("MX exchange `{exchange}` is below the DNAME at `{dname_text}`"),
            );
            report.span_label("exchange is rewritten by a DNAME").note(
                "a DNAME answers for every name below it with an alias (RFC 6672 §2), and an \
                     MX must not name an alias (RFC 2181 §10.3)",
            );
            match rewritten {
                Some(r) => report.help(format_args!("point the MX at the rewritten name `{r}`")),
                None => report.help("point the MX at a host name outside the DNAME's subtree"),
            };
            if let Some(d) = dname_record {
                report.label(graph.set.records[d].span, "DNAME defined here");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn rewrite_replaces_the_suffix() {
        let exchange = b"\x03mx1\x03old\x07example\x03com\x00";
        let owner_len = b"\x03old\x07example\x03com\x00".len();
        assert_eq!(
            rewrite(exchange, owner_len, b"\x07example\x03net\x00").as_deref(),
            Some("mx1.example.net.")
        );
        assert_eq!(rewrite(b"\x00", 5, b"\x00"), None);
        let long = [&[63u8][..], &[b'a'; 63]].concat();
        let target: Vec<u8> = long.repeat(4).into_iter().chain([0]).collect();
        assert_eq!(rewrite(exchange, owner_len, &target), None);
    }
}
