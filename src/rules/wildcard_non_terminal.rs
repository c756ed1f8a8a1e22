use rustc_hash::FxHashSet;

use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;

declare_rule! {
    /// A `*` in an owner name that is not a whole leftmost label, so it is no wildcard.
    ///
    /// ## What it does
    /// Reports an owner name with a `*` label that is not the leftmost label
    /// (`foo.*.example.com.`), and an owner whose label mixes `*` with other characters
    /// (`*foo`, `mail*`): both are plain literal labels that no query will ever spell by
    /// accident, so they are almost always a mistaken attempt at a wildcard. Each owner name is
    /// reported once, at its first record.
    ///
    /// ## Why is this bad?
    /// Only a leftmost label that is exactly `*` makes a wildcard (RFC 4592 §2.1.1). Anywhere
    /// else the asterisk is an ordinary character: `foo.*.example.com.` answers only a query
    /// for that literal name, not `foo.bar.example.com.`, and the records meant to cover many
    /// names cover none.
    ///
    /// ## Example
    /// ```zone
    /// www.*   A     192.0.2.80
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// *       A     192.0.2.80
    /// ```
    ///
    /// ## References
    /// - RFC 4592 §2.1.1
    /// - RFC 1034 §4.3.3
    pub WildcardNonTerminal,
    id: "wildcard-non-terminal",
    group: Name,
    level: Warning,
    since: "0.1.0",
}

/// Where a `*` in `wire` fails to make a wildcard: the label and whether it is a whole `*`
/// label (not leftmost) rather than a partial one (`*foo`).
fn misplaced_star(wire: &[u8]) -> Option<(&[u8], bool)> {
    name::labels(wire)
        .enumerate()
        .find_map(|(i, label)| match label {
            b"*" if i == 0 => None,
            b"*" => Some((label, true)),
            _ if label.contains(&b'*') => Some((label, false)),
            _ => None,
        })
}

impl Check for WildcardNonTerminal {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        let mut reported = FxHashSet::default();
        for (index, record) in set.records.iter().enumerate() {
            let owner = set.names.wire(record.owner);
            if memchr::memchr(b'*', owner).is_none() {
                continue;
            }
            let Some((label, whole)) = misplaced_star(owner) else {
                continue;
            };
            if !reported.insert(record.owner) {
                continue;
            }
            let span = record_fields(set, index).owner.unwrap_or(record.span);
            let owner_text = name::to_text(owner);
            let mut report = if whole {
                cx.report(
                    span,
                    format!("`*` is not the leftmost label of `{owner_text}`: it is no wildcard"),
                )
            } else {
                let mut shown = name::to_text(
                    &[&[u8::try_from(label.len()).unwrap_or(63)][..], label, &[0]].concat(),
                );
                shown.pop();
                cx.report(
                    span,
                    format!("label `{shown}` of `{owner_text}` is no wildcard: only a whole `*` label is"),
                )
            };
            report
                .span_label("literal `*`, not a wildcard")
                .help("make `*` the whole leftmost label, or remove it")
                .note("only a leftmost label that is exactly `*` is a wildcard (RFC 4592 §2.1.1)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Option<(String, bool)> {
        let mut w = Vec::new();
        let _ = name::parse_name(text.as_bytes(), None, &mut w);
        misplaced_star(&w).map(|(l, whole)| (String::from_utf8_lossy(l).into_owned(), whole))
    }

    #[test]
    fn stars() {
        assert_eq!(check("*.example.com."), None);
        assert_eq!(check("www.example.com."), None);
        assert_eq!(check("foo.*.example.com."), Some(("*".into(), true)));
        assert_eq!(check("*.*.example.com."), Some(("*".into(), true)));
        assert_eq!(check("*foo.example.com."), Some(("*foo".into(), false)));
        assert_eq!(check("mail*.example.com."), Some(("mail*".into(), false)));
        assert_eq!(check("*.a*.example.com."), Some(("a*".into(), false)));
    }
}
