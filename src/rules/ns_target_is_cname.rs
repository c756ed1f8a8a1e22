use super::ns_target_no_address::{TargetProblem, ns_targets};
use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;

declare_rule! {
    /// An NS target that is an alias (owns a CNAME, or lies below a DNAME) in a zone of the run.
    ///
    /// ## What it does
    /// Follows the target of every NS record, at a zone's apex or at a delegation, into the
    /// zones given and reports it when that name owns a CNAME record, or lies below a DNAME
    /// (which answers for it with a synthesized CNAME, so it is an alias just the same; BIND
    /// reports both). A target outside every zone given cannot be checked offline and is never
    /// reported; a target written as an IP address is `ns-target-is-address`'s finding.
    ///
    /// ## Why is this bad?
    /// RFC 2181 §10.3 forbids an NS record to name an alias: a name server is looked up by its
    /// address records, and resolvers do not follow a CNAME when they look for a server's
    /// address in a referral (glue is never an alias). Some resolvers follow it anyway, others
    /// treat the server as unreachable, so the delegation works or fails depending on who
    /// asks. BIND refuses to load a zone whose own NS target is an alias.
    ///
    /// ## Example
    /// ```zone
    /// @     NS    ns1
    /// @     NS    ns2.example.net.
    /// ns1   CNAME server
    /// server A    192.0.2.53
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @     NS    server
    /// @     NS    ns2.example.net.
    /// server A    192.0.2.53
    /// ```
    ///
    /// ## References
    /// - RFC 2181 §10.3
    /// - RFC 6672 §4.2
    pub NsTargetIsCname,
    id: "ns-target-is-cname",
    group: Ns,
    level: Error,
    since: "0.1.0",
}

/// `wire` (any case) rewritten by the DNAME at `owner` (lowercase) to `target`.
fn rewritten(wire: &[u8], owner: &[u8], target: &[u8]) -> Option<String> {
    let keep = wire.len().checked_sub(owner.len())?;
    if !name::ends_with_name(wire, owner) || keep + target.len() > 255 {
        return None;
    }
    let mut out = wire[..keep].to_vec();
    out.extend_from_slice(target);
    Some(name::to_text(&out))
}

impl Check for NsTargetIsCname {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let targets = graph.derived(ns_targets);
        for &(index, problem) in &targets.problems {
            let index = index as usize;
            let (alias, below_dname) = match problem {
                TargetProblem::Alias { cname } => (cname as usize, false),
                TargetProblem::BelowDname { dname } => (dname as usize, true),
                _ => continue,
            };
            let Some(target) = graph.target(index) else {
                continue;
            };
            let record = &graph.set.records[index];
            let fields = record_fields(&graph.set, index);
            let span = fields.field("target").unwrap_or(record.span);
            let text = name::to_text(target);
            let alias_target = graph.target(alias).unwrap_or_default();
            let note = "an NS must name a host with address records, never an alias \
                        (RFC 2181 §10.3)";
            if below_dname {
                let dname_owner = graph.set.names.wire(graph.set.records[alias].owner);
                let becomes = rewritten(target, dname_owner, alias_target);
                let mut report = cx.report(
                    span,
                    format!(
                        "NS target `{text}` is below the DNAME `{}`, so it is an alias",
                        name::to_text(dname_owner)
                    ),
                );
                report
                    .span_label("name server below a DNAME")
                    .label(graph.set.records[alias].span, "DNAME defined here")
                    .note(note);
                match becomes {
                    Some(becomes) => report.help(format_args!(
                        "point the NS at the name the DNAME leads to, `{becomes}`, or at \
                         another host with its own A/AAAA records"
                    )),
                    None => report.help("point the NS at a host with its own A/AAAA records"),
                };
            } else {
                let canonical = name::to_text(alias_target);
                cx.report(
                    span,
                    format!("NS target `{text}` is an alias of `{canonical}`"),
                )
                .span_label("name server is an alias")
                .label(graph.set.records[alias].span, "CNAME defined here")
                .help(format_args!(
                    "point the NS at the canonical name `{canonical}`"
                ))
                .note(note);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = name::parse_name(text.as_bytes(), None, &mut out);
        out
    }

    #[test]
    fn dname_rewrites_keep_the_labels_below_it() {
        assert_eq!(
            rewritten(
                &wire("NS1.Old.example.com."),
                &wire("old.example.com."),
                &wire("example.net.")
            )
            .as_deref(),
            Some("NS1.example.net.")
        );
        assert_eq!(
            rewritten(
                &wire("ns1.other.com."),
                &wire("old.example.com."),
                &wire("example.net.")
            ),
            None
        );
        let long = format!("{}.old.example.com.", vec!["a".repeat(60); 3].join("."));
        let far = format!("{}.example.net.", vec!["b".repeat(60); 2].join("."));
        assert_eq!(
            rewritten(&wire(&long), &wire("old.example.com."), &wire(&far)),
            None
        );
    }
}
