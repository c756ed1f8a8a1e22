use crate::graph::Graph;
use crate::policy::dmarc::RecordKind;
use crate::policy::dmarc_graph::parsed_records;
use crate::policy::text_spans::TextMap;
use crate::rules::{Check, Context};

declare_rule! {
    /// A DMARC `rua=` or `ruf=` report address that is not a valid `mailto:` or `https:` URI.
    ///
    /// ## What it does
    /// Reads the comma-separated URIs of every `rua=` and `ruf=` tag of the DMARC records at
    /// `_dmarc` names and reports, on the offending bytes: an empty entry (`rua=`, `,,`), an
    /// address without its scheme (`rua=dmarc@example.com`), a scheme other than `mailto:` and
    /// `https:`, a `mailto:` without a `local@domain` mailbox, a mailbox domain or host that is
    /// no fully qualified host name, a byte a URI cannot hold unescaped (a space, a quote; a
    /// `,` or `!` inside a URI must be written `%2C`, `%21`), and a size limit that is not
    /// digits with an optional `k`, `m`, `g` or `t` (`!10m`).
    ///
    /// ## Why is this bad?
    /// Receivers send reports only to URIs they can use (RFC 7489 §6.2): with a bad URI, the
    /// domain owner gets no aggregate or failure reports and cannot see who sends mail in the
    /// domain's name, which is the point of a DMARC record before enforcing it.
    ///
    /// ## Example
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=none; rua=dmarc-reports@example.com"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// _dmarc  TXT  "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"
    /// ```
    ///
    /// ## References
    /// - RFC 7489 §6.2, §6.3, §6.4
    /// - RFC 6068 (`mailto:`)
    pub DmarcReportUri,
    id: "dmarc-report-uri",
    group: Dmarc,
    level: Error,
    since: "0.1.0",
}

impl Check for DmarcReportUri {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, (text, record)) in parsed_records(graph) {
            if record.kind == RecordKind::Other {
                continue;
            }
            let mut map = None;
            for (known, uri) in record.report_uris() {
                let Some(problem) = &uri.problem else {
                    continue;
                };
                let map = map.get_or_insert_with(|| TextMap::for_record(graph, index, text.len()));
                // An empty entry underlines its tag.
                let tag = record.tags.iter().find(|t| {
                    t.known == Some(known)
                        && t.value.start <= uri.range.start
                        && uri.range.end <= t.value.end
                });
                let range = match tag {
                    Some(tag) if problem.range.is_empty() => tag.range.clone(),
                    _ => problem.range.clone(),
                };
                let list = format!("DMARC `{}`", known.as_str());
                let mut report = cx.report(
                    map.span(range.clone()),
                    problem.message(text, &uri.uri, &list),
                );
                report
                    .span_label("invalid here")
                    .help(problem.help(text, &uri.uri))
                    .note("receivers send reports only to a URI they can use; with none, the domain gets no reports (RFC 7489 §6.2)");
                if !uri.uri.is_empty() && uri.uri != range {
                    report.label(map.span(uri.uri.clone()), "in this URI");
                }
            }
        }
    }
}
