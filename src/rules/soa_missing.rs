use crate::diag::{Severity, ids};
use crate::graph::{Graph, ZoneId};
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::name;
use crate::zone::rtype::RType;
use crate::zone::source::Span;

declare_rule! {
    /// A zone file without an SOA record.
    ///
    /// ## What it does
    /// Reports every zone of the run (every file given, with its includes) that holds no SOA
    /// record at all. The finding points at the zone's first record, where the SOA belongs (or
    /// at the start of a file without records). An SOA at the wrong name is `soa-not-at-apex`'s
    /// finding, not this one.
    ///
    /// A zone that did not read completely is reported only when the SOA cannot be in what was
    /// not read: no file of the zone with a reading error mentions `SOA` (or `TYPE6`) anywhere,
    /// and no `$INCLUDE` failed.
    ///
    /// ## Why is this bad?
    /// Every zone starts with exactly one SOA record at its apex (RFC 1035 §5.2): it names the
    /// primary server and carries the serial and timers that secondaries and resolvers use.
    /// Servers refuse to load a zone without one (BIND: `has no SOA record`), so nothing in the
    /// file is served.
    ///
    /// ## Example
    /// ```zone
    /// @    NS   ns1.example.net.
    /// www  A    192.0.2.80
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// @    SOA  ns1.example.net. hostmaster 2024061501 14400 3600 1209600 3600
    /// @    NS   ns1.example.net.
    /// www  A    192.0.2.80
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.2
    /// - RFC 1034 §4.3.4
    pub SoaMissing,
    id: "soa-missing",
    group: Soa,
    level: Error,
    since: "0.1.0",
}

/// Whether zone text mentions an SOA record: a token `SOA` or `TYPE6` (any case), comments
/// included (a record commented out is no record, but then it does not matter either way).
fn mentions_soa(text: &[u8]) -> bool {
    text.split(|&b| b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b';' | b'"'))
        .any(|token| token.eq_ignore_ascii_case(b"SOA") || token.eq_ignore_ascii_case(b"TYPE6"))
}

/// `label` below `apex` (presentation form).
fn under(label: &str, apex: &str) -> String {
    if apex == "." {
        format!("{label}.")
    } else {
        format!("{label}.{apex}")
    }
}

/// Whether the SOA of a zone that did not read completely may be in what was not read.
fn may_be_unread(graph: &Graph, zone: ZoneId) -> bool {
    let files = &graph.set.zones[graph.zone(zone).source].files;
    graph.set.diagnostics.iter().any(|d| {
        d.severity == Severity::Error
            && files.contains(&d.span.file)
            && (d.id == ids::INCLUDE_PROBLEM || {
                let file = graph.set.sources.file(d.span.file);
                file.is_streamed() || mentions_soa(file.text())
            })
    })
}

impl Check for SoaMissing {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut has_soa = vec![false; graph.zones().len()];
        for &index in graph.records_of_type(RType::SOA) {
            let zone = graph.zone_of_record(index as usize);
            if let Some(seen) = has_soa.get_mut(zone.0 as usize) {
                *seen = true;
            }
        }
        for (zone, z) in graph.zone_ids() {
            if has_soa[zone.0 as usize] || (!z.complete && may_be_unread(graph, zone)) {
                continue;
            }
            let source = &graph.set.zones[z.source];
            // The apex is known from the origin (given, inferred or `$ORIGIN`); otherwise the
            // graph only guessed it from the first owner.
            let known_apex = source.origin.or(source.first_origin_directive).is_some();
            let apex = graph.set.names.text(z.apex);
            let (span, label) = match source.records.clone().next() {
                Some(first) => {
                    let fields = record_fields(&graph.set, first);
                    (
                        fields.owner.unwrap_or(fields.rtype),
                        "first record of the zone",
                    )
                }
                None => (Span::new(source.file, 0, 0), "the zone has no records"),
            };
            let mname = graph
                .records_at(zone, z.apex, RType::NS)
                .first()
                .and_then(|&ns| graph.target(ns as usize))
                .map_or_else(|| under("ns1", &apex), name::to_text);
            let message = if known_apex {
                format!("zone `{apex}` has no SOA record")
            } else {
                "zone file has no SOA record".to_owned()
            };
            let help = if known_apex {
                format!(
                    "add an SOA record at the top of the zone, such as `@ SOA \
                     {mname} {} 1 14400 3600 1209600 3600`",
                    under("hostmaster", &apex)
                )
            } else {
                "start the file with `$ORIGIN` and the zone's name, then an SOA record at `@`"
                    .to_owned()
            };
            cx.report(span, message).span_label(label).help(help).note(
                "every zone has exactly one SOA record, at its apex (RFC 1035 §5.2); servers \
                     refuse to load a zone without one",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{RuleConfig, run};
    use crate::zone::{ReadOptions, Reader};

    /// Lines of the soa-missing findings for a file read as `example.com.`.
    fn lines(text: &str) -> Vec<usize> {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader
            .read_bytes("t.zone".as_ref(), text.as_bytes().to_vec())
            .unwrap();
        let graph = Graph::build(reader.finish());
        let mut config = RuleConfig::default();
        config.only(&["soa-missing"]).unwrap();
        run(&graph, &config)
            .iter()
            .filter(|d| d.id == "soa-missing")
            .map(|d| graph.set.sources.location(d.span).1)
            .collect()
    }

    #[test]
    fn unread_entries_may_hold_the_soa() {
        assert_eq!(lines("$TTL 1\n; header\n@ NS ns\nns A 192.0.2.1\n"), [3]);
        // The SOA did not read: its absence proves nothing.
        assert!(lines("$TTL 1\n@ SOA ns hm 1 2 3 4 x\n@ NS ns\n").is_empty());
        assert!(lines("$TTL 1\n@ TYPE6 \\# 1 zz\n@ NS ns\n").is_empty());
        // Another entry did not read: the SOA cannot be in it.
        assert_eq!(lines("$TTL 1\n@ NS ns\nns A 192.0.2.300\n"), [2]);
        // An empty zone: the start of the file.
        assert_eq!(lines("$TTL 1\n"), [1]);
        assert!(lines("$TTL 1\n@ SOA ns hm 1 2 3 4 5\n").is_empty());
    }

    #[test]
    fn soa_mentions_are_whole_tokens() {
        assert!(mentions_soa(b"@ IN SOA ns hm ( 1 2 3 4 5 )"));
        assert!(mentions_soa(b"@ 3600 soa ns hm 1 2 3 4 5"));
        assert!(mentions_soa(b"@ TYPE6 \\# 0"));
        assert!(mentions_soa(b"; SOA moved to soa.inc"));
        assert!(mentions_soa(b"@\tSOA\tns"));
        assert!(!mentions_soa(b"www A 192.0.2.1\nsoap TXT \"soa-like\""));
        assert!(!mentions_soa(b"_soa TXT x"));
        assert!(!mentions_soa(b""));
    }
}
