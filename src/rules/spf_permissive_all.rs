use crate::diag::Severity;
use crate::graph::Graph;
use rustc_hash::FxHashSet;

use crate::policy::spf::{MechanismKind, Qualifier, show};
use crate::policy::spf_graph::{domain_wire, parsed_records};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::intern::NameId;
use crate::zone::rtype::RType;

declare_rule! {
    /// An SPF record that ends permissively: `+all`, `?all`, or neither `all` nor `redirect=`.
    ///
    /// ## What it does
    /// Looks at the first `all` of each SPF record. `all` or `+all` (any client passes) is
    /// reported as an error; `?all` (neutral for everyone) as a warning. A record with neither
    /// `all` nor `redirect=` ends in the default neutral result and is reported as a warning
    /// too, on the whole text. `~all` and `-all` are fine. A record with a syntax error is
    /// still checked: the intent is what matters. A record that another SPF record of the run
    /// includes, at a name without MX, is only checked for `+all`: inside an `include:`, a
    /// neutral result just means "no match", while `+all` makes the include match every
    /// client.
    ///
    /// ## Why is this bad?
    /// `+all` authorises every host on the Internet to send as the domain, which is worse than
    /// no SPF at all. `?all` and a missing `all` give no protection: receivers treat unlisted
    /// senders as neutral, and spoofed mail passes on to DMARC without an SPF failure.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 mx +all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 mx -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.7, §5.1, §8.1
    pub SpfPermissiveAll,
    id: "spf-permissive-all",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

/// Names that some SPF record of the run includes.
fn included_names(graph: &Graph) -> FxHashSet<NameId> {
    let mut names = FxHashSet::default();
    for (_index, (text, record)) in parsed_records(graph) {
        for (_, m) in record.mechanisms() {
            if m.kind == MechanismKind::Include
                && let Some(domain) = &m.domain
                && let Some(wire) = domain_wire(&text[domain.clone()])
                && let Some(id) = graph.set.names.get(&wire)
            {
                names.insert(id);
            }
        }
    }
    names
}

impl Check for SpfPermissiveAll {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let included = included_names(graph);
        for (index, (text, record)) in parsed_records(graph) {
            let owner = graph.set.records[index].owner;
            let only_included = included.contains(&owner)
                && graph
                    .records_at(graph.zone_of_record(index), owner, RType::MX)
                    .is_empty();
            match record.all() {
                Some((term, m))
                    if m.qualifier == Qualifier::Pass
                        || (m.qualifier == Qualifier::Neutral && !only_included) =>
                {
                    let map = TextMap::for_record(graph, index, text.len());
                    let shown = show(text, term.range.clone());
                    let mut report = cx.report(
                        map.span(term.range.clone()),
                        if m.qualifier == Qualifier::Pass {
                            format!("SPF `{shown}` lets any host send as this domain")
                        } else {
                            format!("SPF `{shown}` gives no answer for unlisted hosts")
                        },
                    );
                    if m.qualifier == Qualifier::Pass {
                        report
                            .default_severity(Severity::Error)
                            .span_label("every client passes")
                            .note("`+all` authorises the whole Internet: spoofed mail passes SPF (RFC 7208 §5.1)");
                    } else {
                        report
                            .span_label("neutral for everyone")
                            .note("a neutral result protects nothing: receivers treat it like no policy (RFC 7208 §8.2)");
                    }
                    report.help("end the record with `-all` (or `~all` while testing)");
                }
                None if record.redirect().is_none() && !only_included => {
                    let map = TextMap::for_record(graph, index, text.len());
                    cx.report(map.whole(), "SPF record has neither `all` nor `redirect=`")
                        .span_label("ends without a default")
                        .help("end the record with `-all` (or `~all` while testing)")
                        .note("without `all` or `redirect=`, unlisted hosts get the default neutral result (RFC 7208 §4.7)");
                }
                _ => {}
            }
        }
    }
}
