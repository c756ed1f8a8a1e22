use rustc_hash::FxHashSet;

use crate::graph::{Graph, RecordRole};
use crate::policy::dmarc::{self, RecordKind};
use crate::policy::dmarc_graph::{
    DmarcAt, dmarc_at, is_dmarc_owner, parsed_records, policy_domain,
};
use crate::policy::spf;
use crate::policy::spf_graph::{SpfAt, spf_at};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A DMARC record published at the domain itself instead of `_dmarc`, or a TXT record at `_dmarc` that is not DMARC.
    ///
    /// ## What it does
    /// Reports two misplacements:
    /// - a TXT record starting `v=DMARC1` at a name that has no label starting with `_`
    ///   (`example.com` rather than `_dmarc.example.com`). Names under `_report._dmarc` (report
    ///   authorisations) and other `_` names are left alone, and so are names that a `_dmarc`
    ///   CNAME of the run points at (a policy hosted by a provider);
    /// - a TXT record at a `_dmarc` name that is not meant as DMARC at all: an SPF record, a
    ///   verification token. Records meant as DMARC but broken are `dmarc-syntax`'s.
    ///
    /// ## Why is this bad?
    /// Receivers look for a domain's policy only at `_dmarc.<domain>` (RFC 7489 §6.1): a policy
    /// published anywhere else is never read, and the domain has none. A TXT record at `_dmarc`
    /// that is not DMARC is ignored (§6.6.3); an SPF record put there is usually the domain's
    /// SPF policy in the wrong place, so the domain has no SPF either.
    ///
    /// ## Example
    /// ```zone
    /// @       TXT  "v=DMARC1; p=reject"
    /// _dmarc  TXT  "v=spf1 -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @       TXT  "v=spf1 -all"
    /// _dmarc  TXT  "v=DMARC1; p=reject"
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §6.1, §6.6.3
    pub DmarcMisplaced,
    id: "dmarc-misplaced",
    group: Dmarc,
    level: Warning,
    since: "0.1.0",
}

/// Whether any label of a wire name starts with `_`.
fn has_underscore_label(wire: &[u8]) -> bool {
    name::labels(wire).any(|l| l.first() == Some(&b'_'))
}

/// The names that CNAMEs at `_dmarc` names of the run point at (hosted policies).
fn hosted_policies(graph: &Graph) -> FxHashSet<NameId> {
    graph
        .records_of_type(RType::CNAME)
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| is_dmarc_owner(graph.set.names.wire(graph.set.records[i].owner)))
        .filter_map(|i| graph.target(i).and_then(|t| graph.set.names.get(t)))
        .collect()
}

/// The owner as written, else the type.
fn owner_span(graph: &Graph, index: usize) -> Span {
    let fields = record_fields(&graph.set, index);
    fields.owner.unwrap_or(fields.rtype)
}

fn check_domain_records(graph: &Graph, cx: &mut Context<'_>) {
    let mut hosted = None;
    for &index in graph.records_of_type(RType::TXT) {
        let index = index as usize;
        let owner = graph.set.records[index].owner;
        let wire = graph.set.names.wire(owner);
        if has_underscore_label(wire)
            || !dmarc::is_dmarc(graph.strings(index).flatten().copied())
            || graph.record_role(index) != RecordRole::Authoritative
            || hosted
                .get_or_insert_with(|| hosted_policies(graph))
                .contains(&owner)
        {
            continue;
        }
        let domain = name::to_text(wire);
        let text = graph.joined_text(index);
        let map = TextMap::for_record(graph, index, text.len());
        let record = dmarc::parse(&text);
        let policy = record
            .first()
            .map_or_else(|| map.whole(), |t| map.span(t.range.clone()));
        let has_own = matches!(dmarc_at(graph, wire), DmarcAt::Found(_));
        let help = if has_own {
            format!("remove it: `_dmarc.{domain}` publishes the domain's policy")
        } else {
            format!("move the record to `_dmarc.{domain}`")
        };
        cx.report(
            owner_span(graph, index),
            format!("DMARC record published at `{domain}` instead of `_dmarc.{domain}`"),
        )
        .span_label("owner of the DMARC record")
        .label(policy, "DMARC policy")
        .help(help)
        .note(
            "receivers look for a domain's DMARC policy only at `_dmarc.<domain>` (RFC 7489 §6.1)",
        );
    }
}

fn check_dmarc_names(graph: &Graph, cx: &mut Context<'_>) {
    for (index, (text, record)) in parsed_records(graph) {
        if record.kind != RecordKind::Other || graph.record_role(index) != RecordRole::Authoritative
        {
            continue;
        }
        let owner = graph.set.names.wire(graph.set.records[index].owner);
        let owner_text = name::to_text(owner);
        let map = TextMap::for_record(graph, index, text.len());
        let domain = policy_domain(owner).unwrap_or(owner);
        let domain_text = name::to_text(domain);
        let mut report = if spf::is_spf(text) {
            let has_spf = matches!(spf_at(graph, domain), SpfAt::Found(_));
            let mut report = cx.report(
                map.whole(),
                format!("SPF record published at `{owner_text}`"),
            );
            report.span_label("SPF, not DMARC").help(if has_spf {
                format!("remove it: SPF is looked up at `{domain_text}`, which has its own")
            } else {
                format!("move it to `{domain_text}`: SPF is looked up at the domain itself")
            });
            report
        } else {
            let mut report = cx.report(
                map.whole(),
                format!("TXT record at `{owner_text}` is not a DMARC record"),
            );
            report
                .span_label("not DMARC")
                .help("remove it, or publish it at the name it is meant for");
            report
        };
        report.note(
            "receivers ignore TXT records at `_dmarc` that do not start with `v=DMARC1` (RFC 7489 \
             §6.6.3)",
        );
    }
}

impl Check for DmarcMisplaced {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        check_domain_records(graph, cx);
        check_dmarc_names(graph, cx);
    }
}
