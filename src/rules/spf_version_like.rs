use crate::graph::Graph;
use crate::policy::spf::{self, show};
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};
use crate::zone::rtype::RType;

declare_rule! {
    /// A TXT record that looks like SPF but is not selected as one, or whose version tag is not
    /// written exactly `v=spf1`.
    ///
    /// ## What it does
    /// Reports a TXT record whose text, ignoring leading blanks, case and blanks around `=`,
    /// starts like an SPF record (`v=spf…`) but is not selected by RFC 7208 §4.5 (`v=spf1;`,
    /// `v=spf1,`, ` v=spf1`, `v=spf1<tab>`, `v=spf2`), and Sender ID records (`spf2.0/…`),
    /// which SPF receivers ignore. A record selected as SPF whose tag is not lowercase
    /// (`V=SPF1`) is reported too: §4.5 asks for "exactly" `v=spf1`, and some receivers
    /// compare it that way. A `v=spf1` glued to the next string (`"v=spf1" "-all"`) is left to
    /// `spf-string-split`.
    ///
    /// ## Why is this bad?
    /// Receivers select SPF records by the exact version tag followed by a space or the end of
    /// the text. A record that misses it is silently ignored: the domain has no SPF policy
    /// while its owner believes it has one.
    ///
    /// ## Example
    /// ```zone
    /// @  TXT  "v=spf1; mx -all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @  TXT  "v=spf1 mx -all"
    /// ```
    ///
    /// ## References
    /// - RFC 7208 §4.5, §12
    /// - RFC 4406 (Sender ID, historic)
    pub SpfVersionLike,
    id: "spf-version-like",
    group: Spf,
    level: Warning,
    since: "0.1.0",
}

/// What a TXT text looks like.
enum Looks {
    NotSpf,
    /// Selected, but the tag is not written `v=spf1`.
    Uppercase,
    /// Not selected, but starts like SPF.
    AlmostSpf,
    SenderId,
}

fn classify(head: &[u8]) -> Looks {
    if spf::is_spf(head) {
        return if head.starts_with(b"v=spf1") {
            Looks::NotSpf
        } else {
            Looks::Uppercase
        };
    }
    let squeezed: Vec<u8> = head
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .map(u8::to_ascii_lowercase)
        .collect();
    if squeezed.starts_with(b"v=spf") {
        Looks::AlmostSpf
    } else if squeezed.starts_with(b"spf2.0/") {
        Looks::SenderId
    } else {
        Looks::NotSpf
    }
}

impl Check for SpfVersionLike {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::TXT {
                continue;
            }
            let mut head = [0u8; 16];
            let mut n = 0;
            for (slot, &b) in head.iter_mut().zip(graph.strings(index).flatten()) {
                *slot = b;
                n += 1;
            }
            let looks = classify(&head[..n]);
            if matches!(looks, Looks::NotSpf) {
                continue;
            }
            let text = graph.joined_text(index);
            if matches!(looks, Looks::AlmostSpf) && glued_version(graph, index, &text) {
                continue;
            }
            // The tag: up to the first space after any leading blanks.
            let lead = text
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(text.len());
            let tag_end = text[lead..]
                .iter()
                .position(|&b| b == b' ')
                .map_or(text.len(), |i| lead + i);
            let tag = show(&text, 0..tag_end);
            let map = TextMap::for_record(graph, index, text.len());
            let span = map.span(0..tag_end.max(1));
            match looks {
                Looks::Uppercase => {
                    cx.report(span, format!("SPF version tag `{}` is not written `v=spf1`", show(&text, 0..6)))
                        .span_label("version tag")
                        .help("write the version tag in lowercase: `v=spf1`")
                        .note("RFC 7208 §4.5 selects records that begin with exactly `v=spf1`; some receivers compare it case-sensitively");
                }
                Looks::AlmostSpf => {
                    cx.report(span, format!("TXT record `{tag}` looks like SPF but is not one"))
                        .span_label("not a valid SPF version tag")
                        .help("start the record with `v=spf1` followed by a space")
                        .note("receivers only select records that begin with `v=spf1` followed by a space or the end (RFC 7208 §4.5); this one is ignored");
                }
                Looks::SenderId => {
                    cx.report(span, format!("Sender ID record `{tag}` is not SPF"))
                        .span_label("Sender ID version tag")
                        .help("remove the Sender ID record; publish the policy as `v=spf1`")
                        .note("Sender ID (RFC 4406) is historic; SPF receivers ignore `spf2.0` records (RFC 7208 §4.5)");
                }
                Looks::NotSpf => {}
            }
        }
    }
}

/// Whether the text is `v=spf1` glued to the next string (`"v=spf1" "-all"`).
fn glued_version(graph: &Graph, index: usize, text: &[u8]) -> bool {
    text.len() > 6
        && text[..6].eq_ignore_ascii_case(b"v=spf1")
        && graph.strings(index).next().is_some_and(|s| s.len() == 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_heads() {
        assert!(matches!(classify(b"v=spf1 -all"), Looks::NotSpf));
        assert!(matches!(classify(b"v=spf1"), Looks::NotSpf));
        assert!(matches!(classify(b"V=SPF1 -all"), Looks::Uppercase));
        assert!(matches!(classify(b"v=spf1; -all"), Looks::AlmostSpf));
        assert!(matches!(classify(b" v=spf1 -all"), Looks::AlmostSpf));
        assert!(matches!(classify(b"v = spf1 -all"), Looks::AlmostSpf));
        assert!(matches!(classify(b"v=spf2 -all"), Looks::AlmostSpf));
        assert!(matches!(classify(b"spf2.0/pra -all"), Looks::SenderId));
        assert!(matches!(
            classify(b"google-site-verification=x"),
            Looks::NotSpf
        ));
        assert!(matches!(classify(b""), Looks::NotSpf));
    }
}
