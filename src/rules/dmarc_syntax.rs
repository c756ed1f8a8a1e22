use crate::diag::Severity;
use crate::graph::Graph;
use crate::policy::dmarc::{DmarcErrorKind, RecordKind};
use crate::policy::dmarc_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// A DMARC record that breaks the RFC 7489 grammar: receivers ignore it or part of it.
    ///
    /// ## What it does
    /// Parses every TXT record at a `_dmarc` name that is meant as DMARC (it has a `v=DMARC…`
    /// tag, a `p=`, `sp=`, `rua=` or `ruf=` tag, or the word `DMARC1`) and reports each problem
    /// on the offending tag, through escapes and across strings:
    /// - a record that does not start with `v=DMARC1`, a version other than `DMARC1`, or
    ///   `DMARC1` in lowercase (the grammar spells it in capitals);
    /// - no `p=` tag, in any record: a receiver that finds `_dmarc.<sub>` uses it and never falls
    ///   back to the organisational domain's policy, so a subdomain's record needs its own `p=`
    ///   too (`p=` may come anywhere after `v=DMARC1`, as every major receiver reads it);
    /// - a missing `;` (`v=DMARC1 p=reject`), a tag without `=`, a tag seen twice (names
    ///   compared without regard to case), a control or non-ASCII byte;
    /// - a bad value for `p`, `sp`, `np` (`none`, `quarantine`, `reject`), `adkim`, `aspf`
    ///   (`r`, `s`), `pct` (0 to 100), `fo` (`0`, `1`, `d`, `s` separated by `:`), `rf`
    ///   (keywords), `ri` (seconds), and DMARCbis' `psd` and `t`.
    ///
    /// An unknown tag (`rau=`) is reported at `info`, with the known tag it looks like: the RFC
    /// tells receivers to ignore it, so it is harmless unless it was a typo. Empty tag-specs
    /// (`;;`) are tolerated, as receivers skip them. Report URIs are `dmarc-report-uri`'s.
    ///
    /// ## Why is this bad?
    /// A receiver discards a record that does not start with `v=DMARC1` (RFC 7489 §6.6.3): the
    /// domain has no policy at all. Without a valid `p=` it falls back to `p=none` or ignores
    /// the record, and other invalid tags fall back to their defaults: the published policy is
    /// not the one applied.
    ///
    /// ## Example
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=rejected; pct=110"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=reject; pct=100"
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §6.3, §6.4, §6.6.3
    /// - RFC 9091 §4.1 (`np`)
    pub DmarcSyntax,
    id: "dmarc-syntax",
    group: Dmarc,
    level: Error,
    since: "0.1.0",
}

/// The primary label and the label of the related bytes, by kind.
fn labels(kind: DmarcErrorKind) -> (&'static str, &'static str) {
    match kind {
        DmarcErrorKind::Grammar(_) => ("invalid here", ""),
        DmarcErrorKind::Duplicate => ("repeated here", "first here"),
        DmarcErrorKind::NoVersion => ("expected `v=DMARC1` here", ""),
        DmarcErrorKind::VersionNotFirst => ("version tag", "first tag"),
        DmarcErrorKind::BadVersion | DmarcErrorKind::VersionCase => ("version", ""),
        DmarcErrorKind::MissingSeparator => ("read as part of the previous value", ""),
        DmarcErrorKind::MissingPolicy => ("record without `p=`", ""),
        DmarcErrorKind::BadValue(_) => ("invalid value", "in this tag"),
        DmarcErrorKind::UnknownTag => ("ignored by receivers", ""),
    }
}

impl Check for DmarcSyntax {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            if record.kind == RecordKind::Other || record.errors.is_empty() {
                continue;
            }
            let map = TextMap::for_record(graph, index, text.len());
            for error in &record.errors {
                let (primary, related) = labels(error.kind);
                let mut report = cx.report(map.span(error.range.clone()), error.message(text));
                report
                    .span_label(primary)
                    .help(error.help(text))
                    .note(error.note());
                if let Some(context) = &error.context {
                    report.label(map.span(context.clone()), related);
                }
                if error.kind == DmarcErrorKind::UnknownTag {
                    report.default_severity(Severity::Info);
                }
            }
        }
    }
}
