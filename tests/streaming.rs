//! Large files are read in chunks and not kept in memory: the result must be exactly that of
//! reading them whole, whatever the chunk size, and their text must come back for reports.

use std::fmt::Write as _;
use std::path::Path;

use zonelint::report::human::concise;
use zonelint::zone::fields::record_fields;
use zonelint::{ReadOptions, Reader, ZoneSet};

fn read(path: &str, streamed: Option<usize>) -> ZoneSet {
    let mut options = ReadOptions::default();
    if let Some(chunk) = streamed {
        options.stream_threshold = 0;
        options.stream_chunk = chunk;
    }
    let mut reader = Reader::new(options);
    reader.read_path(Path::new(path)).expect("readable");
    reader.finish()
}

/// Everything observable: records with their spans and field spans, diagnostics, comments.
fn observe(set: &ZoneSet) -> String {
    let mut out = String::new();
    for (i, r) in set.records.iter().enumerate() {
        zonelint::dump::write_record(set, r, &mut out);
        let _ = writeln!(out, " {:?} {:?}", r.span, record_fields(set, i));
    }
    for d in &set.diagnostics {
        out.push_str(&concise(&set.sources, d));
        out.push('\n');
    }
    let _ = writeln!(out, "{:?}", set.comments);
    out
}

#[test]
fn streamed_reading_equals_whole_reading_for_every_chunk_size() {
    for path in [
        "tests/fixtures/reader/basics.zone",
        "tests/fixtures/reader/errors.zone",
        "tests/fixtures/reader/bom-crlf.zone",
        "tests/fixtures/reader/generate.zone",
        "tests/fixtures/reader/include/main.zone",
        "examples/example.com.zone",
    ] {
        let whole = observe(&read(path, None));
        for chunk in [1, 2, 3, 7, 16, 64, 333, 4096] {
            let set = read(path, Some(chunk));
            assert!(set.sources.file(set.zones[0].file).is_streamed());
            assert_eq!(observe(&set), whole, "{path} with chunks of {chunk} bytes");
        }
    }
}

#[test]
fn streamed_file_changed_on_disk_is_not_misquoted() {
    let dir = std::env::temp_dir().join(format!("zonelint-stream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("example.com.zone");
    std::fs::write(&path, "$TTL 1\n@ SOA ns hm 1 2 3 4 5\nbad A 1.2.3.256\n").unwrap();
    let set = read(path.to_str().unwrap(), Some(8));
    // Rewritten with another length after reading: the old spans must not quote the new text.
    std::fs::write(&path, "; replaced\n").unwrap();
    let d = &set.diagnostics[0];
    assert_eq!(&*set.sources.slice(d.span), b"");
    assert!(concise(&set.sources, d).contains("[invalid-syntax]"));
    std::fs::remove_dir_all(&dir).ok();
}

/// Findings, suppressions and reader diagnostics of `path`, with every position and quoted byte
/// a report uses, after the rules ran; and whether the file's whole text had to be loaded.
fn lint(path: &Path, streamed: Option<usize>) -> (String, bool) {
    use zonelint::report::region::Region;
    use zonelint::rules::{self, RuleConfig};
    let mut options = ReadOptions {
        origin: Some("example.com.".into()),
        ..ReadOptions::default()
    };
    if let Some(chunk) = streamed {
        options.stream_threshold = 0;
        options.stream_chunk = chunk;
    }
    let mut reader = Reader::new(options);
    reader.read_path(path).expect("readable");
    let graph = zonelint::Graph::build(reader.finish());
    let set = &graph.set;
    let run = rules::run_counting(&graph, &RuleConfig::default());
    let mut out = String::new();
    let region = |span| {
        let r = Region::of(&set.sources, span);
        format!(
            "{}:{}-{}:{} {:?}",
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            set.sources.snippet(span)
        )
    };
    for d in set.diagnostics.iter().chain(&run.diagnostics) {
        let _ = writeln!(
            out,
            "{} {} {} {}",
            d.id,
            d.message,
            concise(&set.sources, d),
            region(d.span)
        );
        for label in d.labels() {
            let _ = writeln!(out, "  {} {}", label.message, region(label.span));
        }
    }
    for i in 0..set.records.len() {
        let _ = writeln!(out, "{:?}", record_fields(set, i));
    }
    let _ = writeln!(out, "suppressed {}", run.suppressed);
    (out, set.sources.file(set.zones[0].file).is_loaded())
}

#[test]
fn streamed_findings_and_suppressions_equal_whole_ones_without_loading_the_file() {
    let dir = std::env::temp_dir().join(format!("zonelint-stream-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let written = dir.join("suppressed.zone");
    std::fs::write(
        &written,
        "$TTL 3600\n@ SOA ns1 hostmaster 1 14400 3600 1209600 3600\n@ NS ns1.example.net.\n\
         ; zonelint: ignore[caa-syntax] -- testing\n@ CAA 1 issue \"letsencrypt.org\"\n\
         @ CAA 0 issuer \"letsencrypt.org\" ; zonelint: ignore[caa-syntax] -- inline\n\
         @ CAA 0 issue \"https://pki.goog\"\n\
         @ TXT ( \"v=spf1 -all\" ; é\n\n   ) ; zonelint: ignore[no-such-rule]\n\
         ; zonelint: ignore[mx-missing]\n\n\nwww A 192.0.2.1\n\
         $ORIGIN sub.example.com.\n\n; note\n  MX 10 mail.example.net.\n; zonelint: ignoore\n\
         ; zonelint: ignore[hostname-syntax]\n",
    )
    .unwrap();
    let paths = [
        written,
        "tests/fixtures/rules/caa-syntax/invalid.zone".into(),
        "tests/fixtures/rules/inherited-owner-after-origin/invalid.zone".into(),
        "tests/fixtures/reader/errors.zone".into(),
        "examples/example.com.zone".into(),
    ];
    for path in &paths {
        let (whole, _) = lint(path, None);
        assert!(whole.contains("suppressed") && whole.lines().count() > 3);
        for chunk in [1, 7, 64, 333, 4096] {
            let (streamed, loaded) = lint(path, Some(chunk));
            assert_eq!(
                streamed,
                whole,
                "{} with chunks of {chunk} bytes",
                path.display()
            );
            assert!(
                !loaded,
                "{} read whole with chunks of {chunk}",
                path.display()
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
