use std::borrow::Cow;

use crate::graph::{Graph, NameStatus, RecordRole};
use crate::policy::text_spans::TextMap;
use crate::policy::{spf, tags};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::intern::NameId;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A name with a null MX whose SPF is not `v=spf1 -all` or whose DMARC policy is not `reject`.
    ///
    /// ## What it does
    /// For every null MX (exchange `.`), looks at the same name's SPF record (the TXT record
    /// starting `v=spf1`) and at its DMARC record (the TXT record at `_dmarc.<name>` starting
    /// `v=DMARC1`), and reports, in one finding on the null MX, what falls short:
    /// - no SPF record, several, or one that is not exactly `v=spf1 -all` (terms compared
    ///   case-insensitively, whatever the spacing);
    /// - no DMARC record, several (receivers then ignore them all), or a policy other than
    ///   `p=reject`.
    ///
    /// When `_dmarc.<name>` does not exist and the name is below its zone's apex, the apex's
    /// DMARC record stands in for the organisational domain's, as receivers fall back to it: its
    /// `sp=` tag (else its `p=`) must then be `reject`. A CNAME at the `_dmarc` name is followed.
    /// DMARC is only judged where the run knows the answer: a `_dmarc` name in a delegated zone
    /// or outside every zone given is never reported missing.
    ///
    /// ## Why is this bad?
    /// A null MX says the name receives no mail (RFC 7505), so it sends none either. Without a
    /// deny-all SPF record and a DMARC `p=reject` policy, anyone can still send mail in its name
    /// and receivers have no instruction to reject it; RFC 7505 §4 and M3AAWG's parked-domain
    /// advice pair the null MX with both.
    ///
    /// ## Example
    /// ```zone
    /// @       MX    0 .
    /// @       TXT   "v=spf1 ~all"
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @       MX    0 .
    /// @       TXT   "v=spf1 -all"
    /// _dmarc  TXT   "v=DMARC1; p=reject"
    /// ```
    ///
    /// ## References
    /// - RFC 7505 §4
    /// - RFC 7208 §5.1
    /// - RFC 7489 §6.3, §6.6.3
    /// - M3AAWG, Protecting Parked Domains Best Common Practices
    pub MxNullWithoutDenyPolicy,
    id: "mx-null-without-deny-policy",
    group: Mx,
    level: Info,
    since: "0.1.0",
}

/// Whether SPF text is exactly `v=spf1 -all`, terms compared case-insensitively.
fn is_deny_all(text: &[u8]) -> bool {
    let mut terms = text
        .split(u8::is_ascii_whitespace)
        .filter(|t| !t.is_empty());
    terms
        .next()
        .is_some_and(|t| t.eq_ignore_ascii_case(b"v=spf1"))
        && terms
            .next()
            .is_some_and(|t| t.eq_ignore_ascii_case(b"-all"))
        && terms.next().is_none()
}

/// Whether joined TXT text is a DMARC record: its first tag is `v=DMARC1`.
fn is_dmarc(text: &[u8]) -> bool {
    crate::policy::dmarc::is_dmarc(text.iter().copied())
}

/// What the run says about a `_dmarc` name.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dmarc {
    /// Delegated, below a DNAME, outside the run, or an alias chain leaving it.
    Unknown,
    /// Known not to exist, or to hold no DMARC record.
    Missing,
    /// One DMARC record: its index.
    Found(usize),
    /// Several DMARC records (receivers ignore them all, RFC 7489 §6.6.3).
    Several(Vec<usize>),
}

/// The DMARC record at `_dmarc.<owner>`, following CNAMEs within the run.
fn find_dmarc(graph: &Graph, owner: &[u8]) -> Dmarc {
    let mut name = Vec::with_capacity(owner.len() + 7);
    name.push(6);
    name.extend_from_slice(b"_dmarc");
    name.extend_from_slice(owner);
    if name.len() > 255 {
        return Dmarc::Unknown;
    }
    for _ in 0..8 {
        let (zone, id) = match graph.lookup_id(&name) {
            (NameStatus::Authoritative { exists: false, .. }, _) => return Dmarc::Missing,
            (NameStatus::Authoritative { zone, exists: true }, id) => match id {
                Some(id) => (zone, id),
                None => return Dmarc::Missing,
            },
            _ => return Dmarc::Unknown,
        };
        if let Some(&cname) = graph.records_at(zone, id, RType::CNAME).first() {
            match graph.target(cname as usize) {
                Some(target) => {
                    name = target.to_vec();
                    continue;
                }
                None => return Dmarc::Unknown,
            }
        }
        let found: Vec<usize> = graph
            .records_at(zone, id, RType::TXT)
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| is_dmarc(&graph.joined_text(i)))
            .collect();
        return match found.as_slice() {
            [] => Dmarc::Missing,
            [one] => Dmarc::Found(*one),
            _ => Dmarc::Several(found),
        };
    }
    Dmarc::Unknown
}

/// The span of bytes `range` of a TXT record's joined text, through escapes and across strings.
fn text_span(graph: &Graph, index: usize, range: std::ops::Range<usize>) -> Span {
    let joined_len = graph.strings(index).map(<[u8]>::len).sum();
    TextMap::for_record(graph, index, joined_len).span(range)
}

/// A short display of TXT text.
fn shown(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text.into_owned()
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A finding being gathered: what falls short, and where.
#[derive(Default)]
struct Shortfall {
    problems: Vec<String>,
    labels: Vec<(Span, String)>,
    spf_fix: bool,
    dmarc_fix: bool,
    /// The organisational domain's `_dmarc` name, when its policy was the one judged.
    inherited_from: Option<String>,
}

fn check_spf(graph: &Graph, index: usize, out: &mut Shortfall) {
    let zone = graph.zone_of_record(index);
    let owner = graph.set.records[index].owner;
    let spf: Vec<(usize, Cow<'_, [u8]>)> = graph
        .records_at(zone, owner, RType::TXT)
        .iter()
        .map(|&i| (i as usize, graph.joined_text(i as usize)))
        .filter(|(_, text)| spf::is_spf(text))
        .collect();
    match spf.as_slice() {
        [] => {
            out.problems.push("no SPF record".to_owned());
            out.spf_fix = true;
        }
        [(record, text)] => {
            if !is_deny_all(text) {
                out.problems.push(format!("SPF `{}`", shown(text)));
                out.labels.push((
                    text_span(graph, *record, 0..text.len()),
                    "SPF record here".to_owned(),
                ));
                out.spf_fix = true;
            }
        }
        several => {
            out.problems
                .push(format!("{} SPF records (a permanent error)", several.len()));
            for (record, text) in several {
                out.labels.push((
                    text_span(graph, *record, 0..text.len()),
                    "SPF record here".to_owned(),
                ));
            }
            out.spf_fix = true;
        }
    }
}

/// Judges one DMARC record's policy: `tag` (`p`, or `sp` with `p` as fallback for the
/// organisational domain's record).
fn check_policy(graph: &Graph, record: usize, inherited: Option<&str>, out: &mut Shortfall) {
    let text = graph.joined_text(record);
    let list = tags::parse(&text);
    let tag = if inherited.is_some() {
        list.get_ignore_case("sp")
            .or_else(|| list.get_ignore_case("p"))
    } else {
        list.get_ignore_case("p")
    };
    let Some(tag) = tag else {
        out.problems
            .push("a DMARC record without a `p=` tag".to_owned());
        out.labels.push((
            text_span(graph, record, 0..text.len()),
            "DMARC record here".to_owned(),
        ));
        out.dmarc_fix = true;
        return;
    };
    if tag.value_is("reject") {
        return;
    }
    let policy = format!("{}={}", String::from_utf8_lossy(tag.name), shown(tag.value));
    match inherited {
        Some(from) => {
            out.problems
                .push(format!("DMARC policy `{policy}` inherited from `{from}`"));
            out.inherited_from = Some(from.to_owned());
        }
        None => out.problems.push(format!("DMARC policy `{policy}`")),
    }
    out.labels.push((
        text_span(graph, record, tag.range.clone()),
        "DMARC policy here".to_owned(),
    ));
    out.dmarc_fix = true;
}

fn check_dmarc(graph: &Graph, index: usize, out: &mut Shortfall) {
    let owner = graph.set.records[index].owner;
    let owner_wire = graph.set.names.wire(owner);
    let apex: NameId = graph.zone(graph.zone_of_record(index)).apex;
    let mut inherited = None;
    let mut found = find_dmarc(graph, owner_wire);
    if found == Dmarc::Missing && apex != owner {
        let apex_wire = graph.set.names.wire(apex);
        found = find_dmarc(graph, apex_wire);
        inherited = Some(format!("_dmarc.{}", graph.set.names.text(apex)));
    }
    match found {
        Dmarc::Unknown => {}
        Dmarc::Missing => {
            out.problems.push("no DMARC record".to_owned());
            out.dmarc_fix = true;
        }
        Dmarc::Found(record) => check_policy(graph, record, inherited.as_deref(), out),
        Dmarc::Several(records) => {
            out.problems
                .push(format!("{} DMARC records (all ignored)", records.len()));
            for record in records {
                out.labels.push((
                    graph.set.records[record].span,
                    "DMARC record here".to_owned(),
                ));
            }
            out.dmarc_fix = true;
        }
    }
}

impl Check for MxNullWithoutDenyPolicy {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for (index, record) in graph.set.records.iter().enumerate() {
            if record.rtype != RType::MX || !graph.mx(index).is_some_and(|mx| mx.is_null()) {
                continue;
            }
            if graph.record_role(index) != RecordRole::Authoritative {
                continue;
            }
            let mut short = Shortfall::default();
            check_spf(graph, index, &mut short);
            check_dmarc(graph, index, &mut short);
            if short.problems.is_empty() {
                continue;
            }
            let owner = graph.set.names.text(record.owner);
            let owner_wire = graph.set.names.wire(record.owner);
            let mut fixes = Vec::new();
            if short.spf_fix {
                fixes.push(format!("`v=spf1 -all` as the only SPF record at `{owner}`"));
            }
            if short.dmarc_fix {
                let own = format!(
                    "`v=DMARC1; p=reject` at `_dmarc.{}`",
                    name::to_text(owner_wire)
                );
                fixes.push(match &short.inherited_from {
                    Some(from) => format!("{own} (or set `sp=reject` at `{from}`)"),
                    None => own,
                });
            }
            let fields = record_fields(&graph.set, index);
            let mut report = cx.report(
                fields.field("exchange").unwrap_or(record.span),
                format!("null MX at `{owner}`, but {}", and_list(&short.problems)),
            );
            report
                .span_label("null MX")
                .help(format_args!("publish {}", fixes.join(" and ")))
                .note(
                    "a name that takes no mail sends none: a deny-all SPF record and a DMARC \
                     `p=reject` policy let receivers reject mail forged in its name \
                     (RFC 7505 §4)",
                );
            for (span, label) in short.labels {
                report.label(span, label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    #[test]
    fn spf_selection_and_deny_all() {
        assert!(is_deny_all(b"v=spf1 -all"));
        assert!(is_deny_all(b"V=SPF1   -ALL "));
        assert!(is_deny_all(b"v=spf1\t-all"));
        assert!(!is_deny_all(b"v=spf1 ~all"));
        assert!(!is_deny_all(b"v=spf1"));
        assert!(!is_deny_all(b"v=spf1 -all -all"));
        assert!(!is_deny_all(b"v=spf1 a -all"));
    }

    #[test]
    fn dmarc_selection() {
        assert!(is_dmarc(b"v=DMARC1; p=reject"));
        assert!(is_dmarc(b"v = dmarc1;p=none"));
        assert!(!is_dmarc(b"p=reject; v=DMARC1"));
        assert!(!is_dmarc(b"v=DMARC2; p=reject"));
        assert!(!is_dmarc(b"v=spf1 -all"));
    }

    #[test]
    fn lists_read_as_prose() {
        let s = |v: &[&str]| v.iter().map(|&x| x.to_owned()).collect::<Vec<_>>();
        assert_eq!(and_list(&s(&["a"])), "a");
        assert_eq!(and_list(&s(&["a", "b"])), "a and b");
        assert_eq!(and_list(&s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(shown(&[b'x'; 80]).len(), 60);
    }

    #[test]
    fn text_spans_map_back_to_the_source() {
        let text = "$TTL 1\n@ SOA ns hm 1 2 3 4 5\n\
                    _dmarc TXT \"v=DMARC1; \" \"p=none\"\n\
                    x TXT \"a\\\"b; p=none\"\n";
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader
            .read_bytes("t.zone".as_ref(), text.as_bytes().to_vec())
            .unwrap_or_else(|e| panic!("{e}"));
        let graph = Graph::build(reader.finish());
        let snippet = |s: Span| graph.set.sources.snippet(s);
        // Second string, no escapes: exact.
        assert_eq!(snippet(text_span(&graph, 1, 10..16)), "p=none");
        assert_eq!(snippet(text_span(&graph, 1, 0..8)), "v=DMARC1");
        // An escape in the string: still exact.
        assert_eq!(snippet(text_span(&graph, 2, 5..11)), "p=none");
    }
}
