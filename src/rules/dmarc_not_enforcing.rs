use crate::graph::{Graph, RecordRole};
use crate::policy::dmarc::{Policy, RecordKind};
use crate::policy::dmarc_graph::{parsed_records, policy_domain};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::name;

declare_rule! {
    /// A DMARC policy of `p=none`: receivers only monitor, forged mail is delivered.
    ///
    /// ## What it does
    /// Reports the `p=none` of every DMARC record at a `_dmarc` name that receivers select (first
    /// tag `v=DMARC1`), on the tag's value. When the record has no `rua=` either, the help says
    /// to add one first: a monitoring policy without reports monitors nothing. Invalid or
    /// missing `p=` tags are `dmarc-syntax`'s.
    ///
    /// ## Why is this bad?
    /// `p=none` asks receivers to take no action on mail that fails DMARC (RFC 7489 §6.3): it is
    /// the first step of a deployment, meant to collect aggregate reports until every legitimate
    /// source passes. Left in place, anyone can still send mail in the domain's name.
    ///
    /// ## Example
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §6.3, §6.7
    /// - M3AAWG, Email Authentication Recommended Best Practices
    pub DmarcNotEnforcing,
    id: "dmarc-not-enforcing",
    group: Dmarc,
    level: Info,
    since: "0.1.0",
}

impl Check for DmarcNotEnforcing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            let Some((Policy::None, p)) = record.policy else {
                continue;
            };
            if record.kind != RecordKind::Dmarc
                || graph.record_role(index) != RecordRole::Authoritative
            {
                continue;
            }
            let owner = graph.set.names.wire(graph.set.records[index].owner);
            let domain = policy_domain(owner).map(name::to_text).unwrap_or_default();
            let map = TextMap::for_record(graph, index, text.len());
            let tag = &record.tags[p];
            let help = if record.rua.is_empty() {
                "add `rua=mailto:…` to receive aggregate reports, then move to `p=quarantine` and \
                 `p=reject` once they show that all legitimate mail passes"
            } else {
                "move to `p=quarantine`, then `p=reject`, once the aggregate reports show that \
                 all legitimate mail passes"
            };
            cx.report(
                map.span(tag.read.clone()),
                format!("DMARC policy of `{domain}` is `p=none`: it only monitors"),
            )
            .span_label("no action on failing mail")
            .help(help)
            .note(
                "with `p=none`, receivers deliver mail that fails DMARC as if there were no \
                 policy (RFC 7489 §6.3)",
            );
        }
    }
}
