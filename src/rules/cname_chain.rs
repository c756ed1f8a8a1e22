use crate::graph::{Graph, RecordRole};
use crate::rules::cname_loop::{ENDLESS, aliases};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;

declare_rule! {
    /// A CNAME whose target is itself an alias.
    ///
    /// ## What it does
    /// Reports every CNAME whose target owns a CNAME in a zone of the run (the same zone or
    /// another): one finding per link of a chain, on the target, with the next CNAME labelled
    /// and the chain's full length noted when it has three aliases or more. CNAMEs on a loop
    /// are `cname-loop`'s finding and not reported here; a CNAME that leads into a loop is.
    /// Targets outside the zones given cannot be followed offline and are never reported;
    /// CNAMEs below a delegation cut are never served and are skipped.
    ///
    /// ## Why is this bad?
    /// Each link costs the resolver another lookup, often in another zone, and some resolvers
    /// stop after a few. RFC 1912 §2.4 asks that an alias point at the canonical name, so the
    /// chain is one step, and breaks in one place only.
    ///
    /// ## Example
    /// ```zone
    /// www  CNAME web
    /// web  CNAME web1.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www  CNAME web1.example.net.
    /// web  CNAME web1.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1034 §3.6.2
    /// - RFC 1912 §2.4
    pub CnameChain,
    id: "cname-chain",
    group: Cname,
    level: Warning,
    since: "0.1.0",
}

/// Chains this long or longer have their length noted.
const LONG: u32 = 3;

impl Check for CnameChain {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let aliases = graph.derived(aliases);
        let walk = &aliases.walk;
        for (node, &next) in aliases.next.iter().enumerate() {
            let Some(next) = next else { continue };
            if walk.on_loop[node] {
                continue;
            }
            let index = aliases.nodes[node] as usize;
            if graph.record_role(index) != RecordRole::Authoritative {
                continue;
            }
            let next_index = aliases.nodes[next as usize] as usize;
            let target = graph.target(index).map(name::to_text).unwrap_or_default();
            let next_target = graph
                .target(next_index)
                .map(name::to_text)
                .unwrap_or_default();
            let owner = graph.owner_text(index);
            let last_target = walk.last[node]
                .and_then(|last| graph.target(aliases.nodes[last as usize] as usize))
                .map(name::to_text);
            let fields = record_fields(&graph.set, index);
            let mut report = cx.report(
                fields
                    .field("target")
                    .unwrap_or(graph.set.records[index].span),
                format!("CNAME target `{target}` is itself an alias of `{next_target}`"),
            );
            report.span_label("target is an alias").label(
                graph.set.records[next_index].span,
                "next CNAME defined here",
            );
            let length = walk.length[node];
            if let Some(last) = last_target {
                report.help(format_args!(
                    "point the CNAME at the canonical name `{last}`"
                ));
                if length >= LONG {
                    report.note(format_args!(
                        "`{owner}` reaches `{last}` only after {length} aliases: each one is \
                         another lookup (RFC 1912 §2.4)"
                    ));
                } else {
                    report.note(
                        "an alias should point at the canonical name, not at another alias \
                         (RFC 1912 §2.4)",
                    );
                }
            } else {
                debug_assert_eq!(length, ENDLESS);
                report
                    .help("break the alias loop, then point the CNAME at the canonical name")
                    .note(format_args!(
                        "the chain from `{owner}` runs into an alias loop and never ends"
                    ));
            }
        }
    }
}
