use crate::graph::Graph;
use crate::policy::spf::{self, TermKind, parse_single_term, show};
use crate::policy::spf_graph::spf_records;
use crate::policy::text_spans::{TextMap, string_boundaries};
use crate::rules::{Check, Context};
use crate::zone::rtype::RType;

declare_rule! {
    /// An SPF record whose strings, joined with nothing between them, glue two terms together.
    ///
    /// ## What it does
    /// Looks at every TXT record made of several strings that is, or was meant to be, SPF.
    /// Where a string ends without a space and the next starts without one, the term that
    /// spans the boundary is reported when the part before and the part after would each be
    /// a valid term on their own (`"…ip4:192.0.2.0/24" "include:…"` reads as
    /// `ip4:192.0.2.0/24include:…`). A term split in the middle of a name (`"…_spf.exa"
    /// "mple.net"`) is legal and left alone. A `"v=spf1" "…"` split is reported too: the
    /// record is then not selected as SPF at all.
    ///
    /// ## Why is this bad?
    /// RFC 7208 §3.3 joins the strings of a TXT record with no separator, unlike many zone
    /// editors that show them with spaces. The glued term is a syntax error or names a host
    /// that does not exist: receivers return permerror, or ignore the record.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1 ip4:192.0.2.0/24" "include:_spf.example.net -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 ip4:192.0.2.0/24 " "include:_spf.example.net -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §3.3
    pub SpfStringSplit,
    id: "spf-string-split",
    group: Spf,
    level: Error,
    since: "0.1.0",
}

const NOTE: &str = "the strings of a TXT record are joined with nothing between them (RFC 7208 \
                    §3.3), so a string ending without a space runs into the next one";

impl Check for SpfStringSplit {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for index in spf_records(graph) {
            if graph.strings(index).nth(1).is_none() {
                continue;
            }
            let text = graph.joined_text(index);
            let mut map = None;
            let mut last_term = None;
            for b in string_boundaries(graph.strings(index)) {
                let Some(term) = glued_term(&text, b) else {
                    continue;
                };
                if last_term == Some(term.clone()) {
                    continue;
                }
                last_term = Some(term.clone());
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                cx.report(
                    map.span(term.clone()),
                    format!(
                        "TXT strings glue `{}` and `{}` into one SPF term",
                        show(&text, term.start..b),
                        show(&text, b..term.end)
                    ),
                )
                .span_label(format_args!("read as `{}`", show(&text, term.clone())))
                .help("add a space at the end of the first string or the start of the next")
                .note(NOTE);
            }
        }
        // `"v=spf1" "-all"`: not selected as SPF at all.
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::TXT {
                continue;
            }
            let mut strings = graph.strings(index);
            let (Some(first), Some(second)) = (strings.next(), strings.next()) else {
                continue;
            };
            if !(first.eq_ignore_ascii_case(b"v=spf1")
                && second.first().is_some_and(|&b| b != b' '))
            {
                continue;
            }
            let text = graph.joined_text(index);
            let end = text.iter().position(|&b| b == b' ').unwrap_or(text.len());
            let map = TextMap::for_record(graph, index, text.len());
            cx.report(
                map.span(0..end),
                format!(
                    "TXT strings glue the SPF version into `{}`",
                    show(&text, 0..end)
                ),
            )
            .span_label("not selected as SPF")
            .help("add a space at the end of `\"v=spf1\"` or the start of the next string")
            .note(format_args!(
                "{NOTE}; the record does not start with `v=spf1 ` and is ignored (RFC 7208 §4.5)"
            ));
        }
    }
}

/// The term spanning boundary `b` of the joined text when it glues two valid terms.
fn glued_term(text: &[u8], b: usize) -> Option<std::ops::Range<usize>> {
    if b <= 6 || b >= text.len() || text[b - 1] == b' ' || text[b] == b' ' {
        return None;
    }
    let start = text[..b]
        .iter()
        .rposition(|&c| c == b' ')
        .map_or(0, |i| i + 1);
    let end = text[b..]
        .iter()
        .position(|&c| c == b' ')
        .map_or(text.len(), |i| b + i);
    let valid = |t: &[u8]| parse_single_term(t) != TermKind::Invalid;
    (start >= 6 && valid(&text[start..b]) && valid(&text[b..end]) && spf::is_spf(text))
        .then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_glued_terms_only() {
        let text = b"v=spf1 ip4:192.0.2.0/24include:_spf.example.net -all";
        assert_eq!(glued_term(text, 23), Some(7..47));
        // A name split in its middle is legal.
        let text = b"v=spf1 include:_spf.example.net -all";
        assert_eq!(glued_term(text, 24), None);
        // `a` + `mx` → `amx`.
        assert_eq!(glued_term(b"v=spf1 amx -all", 8), Some(7..10));
        // Boundary on a space, or inside the version.
        assert_eq!(glued_term(b"v=spf1 a -all", 8), None);
        assert_eq!(glued_term(b"v=spf1 a -all", 3), None);
        assert_eq!(glued_term(b"v=spf1 a", 8), None);
    }
}
