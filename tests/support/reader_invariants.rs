//! Invariants every read must keep, whatever the bytes: shared by `tests/robustness.rs`,
//! `tests/proptest_reader.rs` and the `cargo fuzz` targets (included with `#[path]`), so the
//! fuzzer and the tests check the very same things.
//!
//! Each check panics with a message naming the broken invariant: that is what a test or a fuzz
//! target wants.
#![allow(dead_code)] // each includer uses a different subset

use std::path::Path;

use zonelint::zone::fields::record_fields;
use zonelint::zone::lexer::Lexer;
use zonelint::zone::{Span, ZoneSet};
use zonelint::{Graph, ReadOptions, Reader};

/// What a read produced, comparable across two reads of the same bytes: records (with flags,
/// rdata and spans), diagnostics (id, message, span) and comments.
pub fn summary(set: &ZoneSet) -> Vec<String> {
    let mut out: Vec<String> = set
        .records
        .iter()
        .map(|r| {
            format!(
                "record {} {} {} {} {} {:?} {:?}",
                set.names.text(r.owner),
                r.rtype,
                r.class,
                r.ttl,
                r.flags.0,
                r.rdata(&set.rdata),
                r.span
            )
        })
        .collect();
    out.extend(
        set.diagnostics
            .iter()
            .map(|d| format!("{} {} {:?}", d.id, d.message, d.span)),
    );
    out.extend(set.comments.iter().map(|c| format!("comment {c:?}")));
    out
}

/// The `stream` fuzz target's check: the first byte of `data` picks a chunk size (1 to 64), the
/// rest is written to `path` and read twice, at once and streamed in chunks of that size. Both
/// reads must agree exactly, and the streamed one must keep every invariant.
pub fn check_streamed(path: &Path, data: &[u8], options: &ReadOptions) {
    let Some((&first, text)) = data.split_first() else {
        return;
    };
    let chunk = usize::from(first % 64) + 1;
    std::fs::write(path, text).expect("write the input file");
    let mut whole = Reader::new(options.clone());
    whole
        .read_bytes(path, text.to_vec())
        .expect("the origin option is valid");
    let whole = whole.finish();
    let mut chunked = Reader::new(ReadOptions {
        stream_threshold: 0,
        stream_chunk: chunk,
        ..options.clone()
    });
    chunked.read_path(path).expect("the input file is readable");
    let chunked = chunked.finish();
    check_set(&chunked, 16);
    assert_eq!(
        summary(&whole),
        summary(&chunked),
        "reading at once and in chunks of {chunk} differ"
    );
}

/// Asserts that `span` lies inside its file and is not reversed.
pub fn assert_span(set: &ZoneSet, span: Span, what: &str) {
    let files = set.sources.files();
    assert!(
        (span.file.0 as usize) < files.len(),
        "{what}: span {span:?} names file {} of {}",
        span.file.0,
        files.len()
    );
    let len = files[span.file.0 as usize].text().len();
    assert!(span.start <= span.end, "{what}: span {span:?} is reversed");
    assert!(
        span.end as usize <= len,
        "{what}: span {span:?} ends past its file ({len} bytes)"
    );
}

/// Asserts that `inner` lies within `outer` (same file).
pub fn assert_within(inner: Span, outer: Span, what: &str) {
    assert!(
        inner.file == outer.file && outer.start <= inner.start && inner.end <= outer.end,
        "{what}: span {inner:?} is not inside the record's span {outer:?}"
    );
}

/// Every span of a read: diagnostics and their labels, records, comments, and the field spans
/// of (at most `max_fields`) records.
pub fn check_set(set: &ZoneSet, max_fields: usize) {
    for d in &set.diagnostics {
        assert_span(
            set,
            d.span,
            &format!("diagnostic `{}` ({})", d.id, d.message),
        );
        for l in d.labels() {
            assert_span(set, l.span, &format!("label of `{}` ({})", d.id, l.message));
        }
        // The line index must answer for every diagnostic.
        let _ = set.sources.location(d.span);
    }
    for r in &set.records {
        assert_span(set, r.span, "record");
        assert!(
            r.rdata_offset as usize + r.rdata_len as usize <= set.rdata.len(),
            "record rdata outside the arena"
        );
    }
    for c in &set.comments {
        assert_span(set, *c, "comment");
        assert_eq!(
            set.sources.slice(*c).first(),
            Some(&b';'),
            "comment span {c:?} does not start at a `;`"
        );
    }
    for z in &set.zones {
        assert!(
            z.records.start <= z.records.end && z.records.end <= set.records.len(),
            "zone record range out of bounds"
        );
    }
    for (i, r) in set.records.iter().enumerate().take(max_fields) {
        let f = record_fields(set, i);
        let mut all = vec![("rtype", f.rtype)];
        all.extend(f.owner.map(|s| ("owner", s)));
        all.extend(f.ttl.map(|s| ("ttl", s)));
        all.extend(f.class.map(|s| ("class", s)));
        all.extend(f.rdata.iter().copied());
        for (name, span) in all {
            assert_span(set, span, &format!("field `{name}`"));
            assert_within(span, r.span, &format!("field `{name}`"));
        }
    }
}

/// Lexes `text` to the end and asserts that every entry advances the lexer and lies inside the
/// text. Returns the number of entries.
pub fn check_lexer(text: &[u8]) -> usize {
    let mut lexer = Lexer::new(text, 0);
    let (mut tokens, mut comments) = (Vec::new(), Vec::new());
    let mut entries = 0;
    let mut last = lexer.position();
    while let Some(e) = lexer.next_entry(&mut tokens, &mut comments) {
        let pos = lexer.position();
        assert!(pos > last, "lexer did not advance: {last} -> {pos}");
        assert!(
            pos <= text.len(),
            "lexer ran past the end: {pos} > {}",
            text.len()
        );
        assert!(
            e.start <= e.end && e.end as usize <= text.len(),
            "entry {e:?} outside the text"
        );
        // A problem entry's tokens are incomplete and may run past its end: the reader drops them.
        for t in tokens.iter().filter(|_| e.problem.is_none()) {
            assert!(
                e.start <= t.start && t.start < t.end && t.end <= e.end,
                "token {t:?} outside its entry {e:?}"
            );
        }
        last = pos;
        entries += 1;
        assert!(entries <= text.len() + 1, "more entries than bytes");
    }
    for &(s, e) in &comments {
        assert!(
            s < e && e as usize <= text.len(),
            "comment ({s}, {e}) outside the text"
        );
    }
    entries
}

/// Options used by the fuzz targets and property tests: an origin, so relative names parse.
#[must_use]
pub fn options() -> ReadOptions {
    ReadOptions {
        origin: Some("example.com.".into()),
        ..ReadOptions::default()
    }
}

/// Reads `bytes` as the file `path` (which anchors relative `$INCLUDE`s and the directory they
/// may not leave), builds the graph, dumps it, and checks every invariant. Returns the graph.
pub fn read_and_check(path: &Path, bytes: &[u8], options: ReadOptions) -> Graph {
    check_lexer(bytes);
    let mut reader = Reader::new(options);
    reader
        .read_bytes(path, bytes.to_vec())
        .expect("the origin option is valid");
    let set = reader.finish();
    check_set(&set, 64);
    let graph = Graph::build(set);
    for i in 0..graph.set.records.len().min(64) {
        let _ = graph.record_role(i);
    }
    let _ = zonelint::dump::dump(&graph.set);
    check_rules(&graph);
    graph
}

/// Runs every rule (those off by default too) and checks that each finding points into its
/// file: rules must never panic, whatever the reader made of the input.
pub fn check_rules(graph: &Graph) {
    let ids: Vec<&str> = zonelint::rules::RULES.iter().map(|r| r.meta().id).collect();
    let mut config = zonelint::rules::RuleConfig::default();
    config.only(&ids).expect("registered ids");
    for d in zonelint::rules::run(graph, &config) {
        assert_span(&graph.set, d.span, d.id);
        for label in d.labels() {
            assert_span(&graph.set, label.span, d.id);
        }
    }
}
