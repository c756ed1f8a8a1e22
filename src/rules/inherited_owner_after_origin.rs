use crate::graph::Graph;
use crate::rules::{Check, Context};
use crate::zone::fields::record_fields;
use crate::zone::record::RecordFlags;
use crate::zone::source::{Span, offset_u32};

declare_rule! {
    /// A blank owner right after `$ORIGIN`: it inherits the previous owner, not the new origin.
    ///
    /// ## What it does
    /// Reports the first record after a change of origin when its owner is blank and the
    /// inherited owner is not the new origin: after an `$ORIGIN` directive (blank lines,
    /// comments and `$TTL` may sit between them), and as the first record of a file included
    /// with `$INCLUDE file origin`, which inherits the including file's last owner. The
    /// directive and the record the owner came from are shown.
    ///
    /// ## Why is this bad?
    /// A blank owner repeats the owner of the previous record (RFC 1035 §5.1); `$ORIGIN` only
    /// changes how relative names are completed. The record lands on the name before the
    /// directive, usually a host of the previous section, while the author meant the new
    /// origin. BIND 9.21 warns about it for this reason.
    ///
    /// ## Example
    /// ```zone
    /// www   A     192.0.2.80
    /// $ORIGIN sub.example.com.
    ///       MX    10 mail.example.net.
    /// ```
    ///
    /// Use instead:
    /// ```zone
    /// www   A     192.0.2.80
    /// $ORIGIN sub.example.com.
    /// @     MX    10 mail.example.net.
    /// ```
    ///
    /// ## References
    /// - RFC 1035 §5.1
    /// - BIND 9 `named-checkzone` ("record with inherited owner immediately after $ORIGIN")
    pub InheritedOwnerAfterOrigin,
    id: "inherited-owner-after-origin",
    group: Name,
    level: Warning,
    since: "0.1.0",
}

/// What sits between a record and the entries before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// An `$ORIGIN` directive (its text up to a comment, `start..end`).
    Origin(usize, usize),
    /// The start of the file: nothing but blank lines, comments and `$TTL`.
    FileStart,
    /// Anything else (a record, another directive).
    Other,
}

/// Looks back from `start` (the start of an entry) over blank lines, comments and `$TTL`
/// directives for the `$ORIGIN` directive that precedes it.
fn directive_before(text: &[u8], start: usize) -> Before {
    let mut end = text[..start.min(text.len())]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    while end > 0 {
        let line_start = text[..end - 1]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = &text[line_start..end - 1];
        let content = line
            .iter()
            .position(|&b| b == b';')
            .map_or(line, |i| &line[..i]);
        let Some(first) = content.iter().position(|b| !b.is_ascii_whitespace()) else {
            end = line_start;
            continue;
        };
        let last = content
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .unwrap_or(first);
        let body = &content[first..=last];
        let word = body
            .split(u8::is_ascii_whitespace)
            .next()
            .unwrap_or_default();
        if word.eq_ignore_ascii_case(b"$ORIGIN") {
            return Before::Origin(line_start + first, line_start + last + 1);
        }
        if !word.eq_ignore_ascii_case(b"$TTL") {
            return Before::Other;
        }
        end = line_start;
    }
    Before::FileStart
}

impl Check for InheritedOwnerAfterOrigin {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let set = &graph.set;
        for &(first, origin) in &set.origins {
            let index = first as usize;
            let (Some(record), Some(origin)) = (set.records.get(index), origin) else {
                continue;
            };
            if !record.flags.has(RecordFlags::OWNER_INHERITED)
                || record.flags.has(RecordFlags::GENERATED)
                || record.owner == origin
                || index == 0
            {
                continue;
            }
            let file = set.sources.file(record.span.file);
            // Windows (a streamed file's chunks) start at line starts, so a lookback that stops
            // inside one is that of the whole text; one that reaches its start goes on in the
            // window before (whose end is this one's start), not in the whole file.
            let window = file.window(record.span.start, record.span.end);
            let mut base = window.base;
            let mut before = directive_before(&window, (record.span.start - base) as usize);
            while before == Before::FileStart && base > 0 {
                let end = base;
                let window = file.window(end - 1, end);
                base = window.base;
                before = directive_before(&window, (end - base) as usize);
            }
            let base = base as usize;
            let (cause, cause_label) = match before {
                Before::Origin(start, end) => (
                    Span::new(
                        record.span.file,
                        offset_u32(base + start),
                        offset_u32(base + end),
                    ),
                    "origin changed here",
                ),
                Before::FileStart => match file.included_from() {
                    Some(span) => (span, "included here with another origin"),
                    None => continue,
                },
                Before::Other => continue,
            };
            let owner = set.names.text(record.owner);
            let origin = set.names.text(origin);
            let after = if cause.file == record.span.file {
                "`$ORIGIN`"
            } else {
                "`$INCLUDE`"
            };
            let fields = record_fields(set, index);
            let mut report = cx.report(
                fields.rtype,
                format!(
                    "blank owner right after {after} inherits `{owner}`, not the new origin `{origin}`"
                ),
            );
            report
                .span_label(format_args!("owner `{owner}`"))
                .label(cause, cause_label)
                .help(format_args!("write the owner: `@` for `{origin}`, or the name meant"))
                .note("a blank owner repeats the owner of the previous record, whatever the origin (RFC 1035 §5.1)");
            if let Some(source) = graph.owner_source(index) {
                let span = record_fields(set, source)
                    .owner
                    .unwrap_or(set.records[source].span);
                report.label(span, format_args!("owner `{owner}` written here"));
            } else if let Some(prev) = index.checked_sub(1).and_then(|i| set.records.get(i))
                && !prev.flags.has(RecordFlags::OWNER_INHERITED)
                && prev.owner == record.owner
            {
                report.label(prev.span, format_args!("owner `{owner}` written here"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    #[test]
    fn directive_lookback() {
        let text = b"www A 1\n$ORIGIN sub.example.com. ; c\n\n; note\n$ttl 60\n  MX 10 mx\n";
        let at = text.len() - b"  MX 10 mx\n".len();
        let Before::Origin(s, e) = directive_before(text, at) else {
            panic!("no $ORIGIN found");
        };
        assert_eq!(&text[s..e], b"$ORIGIN sub.example.com.");
        assert_eq!(directive_before(b"www A 1\n  MX 10 mx\n", 8), Before::Other);
        assert_eq!(
            directive_before(b"; c\n\n  MX 10 mx\n", 5),
            Before::FileStart
        );
        assert_eq!(directive_before(b"  MX 10 mx\n", 0), Before::FileStart);
        assert_eq!(
            directive_before(b"$INCLUDE x\n  MX 10 mx\n", 11),
            Before::Other
        );
    }

    fn run(dir: &std::path::Path, main: &str) -> Vec<crate::Diagnostic> {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader.read_path(&dir.join(main)).unwrap_or_default();
        let graph = Graph::build(reader.finish());
        let mut config = crate::rules::RuleConfig::default();
        let _ = config.only(&["inherited-owner-after-origin"]);
        crate::rules::run(&graph, &config)
            .into_iter()
            .filter(|d| d.id == "inherited-owner-after-origin")
            .collect()
    }

    #[test]
    fn include_with_origin_inherits_the_including_owner() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let write = |name: &str, text: &str| {
            std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
        };
        write("sub.inc", "  MX 10 mail.example.net.\nwww A 192.0.2.2\n");
        write("same.inc", "www2 A 192.0.2.3\n");
        write(
            "z.zone",
            "$TTL 60\n@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\n$INCLUDE sub.inc sub.example.com.\n\
             $INCLUDE same.inc\n",
        );
        let found = run(dir.path(), "z.zone");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("`$INCLUDE` inherits `www.example.com.`")
        );
        // Returning from an include is no `$ORIGIN`: not reported.
        write("back.inc", "x A 192.0.2.4\n");
        write(
            "y.zone",
            "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n$INCLUDE back.inc sub.example.com.\n  MX 10 mx\n",
        );
        assert!(run(dir.path(), "y.zone").is_empty());
    }
}
