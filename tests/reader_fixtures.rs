//! Dialect fixtures: each file under tests/fixtures/reader/ is read, and its records (as `dump`
//! prints them), the text of every field span, and its diagnostics are snapshotted together.

use std::fmt::Write as _;
use std::path::Path;

use zonelint::report::human::concise;
use zonelint::zone::fields::record_fields;
use zonelint::{ReadOptions, Reader, ZoneSet};

fn read(path: &str) -> ZoneSet {
    let mut reader = Reader::new(ReadOptions::default());
    reader
        .read_path(Path::new(path))
        .expect("fixture is readable");
    reader.finish()
}

/// Records, field spans and diagnostics in one text.
fn describe(set: &ZoneSet) -> String {
    let mut out = String::new();
    for (index, record) in set.records.iter().enumerate() {
        zonelint::dump::write_record(set, record, &mut out);
        out.push('\n');
        let fields = record_fields(set, index);
        let text = |s: zonelint::zone::Span| set.sources.snippet(s);
        let mut parts = Vec::new();
        if let Some(o) = fields.owner {
            parts.push(format!("owner=`{}`", text(o)));
        }
        if let Some(t) = fields.ttl {
            parts.push(format!("ttl=`{}`", text(t)));
        }
        if let Some(c) = fields.class {
            parts.push(format!("class=`{}`", text(c)));
        }
        parts.push(format!("type=`{}`", text(fields.rtype)));
        for (name, span) in &fields.rdata {
            parts.push(format!("{name}=`{}`", text(*span)));
        }
        let _ = writeln!(out, "    {}", parts.join(" "));
    }
    out.push_str("--- diagnostics\n");
    for d in &set.diagnostics {
        let _ = writeln!(out, "{}", concise(&set.sources, d));
    }
    out
}

macro_rules! fixture_test {
    ($name:ident, $path:literal) => {
        #[test]
        fn $name() {
            let set = read($path);
            insta::assert_snapshot!(stringify!($name), describe(&set));
        }
    };
}

fixture_test!(basics, "tests/fixtures/reader/basics.zone");
fixture_test!(escapes, "tests/fixtures/reader/escapes.zone");
fixture_test!(bom_crlf, "tests/fixtures/reader/bom-crlf.zone");
fixture_test!(rfc3597, "tests/fixtures/reader/rfc3597.zone");
fixture_test!(generate, "tests/fixtures/reader/generate.zone");
fixture_test!(ttl_fallback, "tests/fixtures/reader/ttl-fallback.zone");
fixture_test!(ttl_inherited, "tests/fixtures/reader/ttl-inherited.zone");
fixture_test!(errors, "tests/fixtures/reader/errors.zone");
fixture_test!(include, "tests/fixtures/reader/include/main.zone");

#[test]
fn errors_fixture_reports_every_problem_and_keeps_good_records() {
    let set = read("tests/fixtures/reader/errors.zone");
    let ids: Vec<&str> = set.diagnostics.iter().map(|d| d.id).collect();
    for id in [
        "invalid-syntax",
        "unknown-record-type",
        "txt-string-too-long",
        "name-too-long",
        "include-problem",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let owners: Vec<String> = set
        .records
        .iter()
        .map(|r| set.names.text(r.owner))
        .collect();
    assert!(
        owners.contains(&"after-open.example.com.".to_owned()),
        "{owners:?}"
    );
    assert!(owners.contains(&"ok.example.com.".to_owned()), "{owners:?}");
    assert!(
        owners.contains(&"last.example.com.".to_owned()),
        "recovery after an unclosed parenthesis: {owners:?}"
    );
    // One diagnostic per bad line, each on its own line of the file.
    let mut lines: Vec<usize> = set
        .diagnostics
        .iter()
        .map(|d| set.sources.location(d.span).1)
        .collect();
    lines.dedup();
    assert_eq!(lines.len(), set.diagnostics.len());
}

#[test]
fn origin_is_restored_after_include() {
    let set = read("tests/fixtures/reader/include/main.zone");
    let owners: Vec<String> = set
        .records
        .iter()
        .map(|r| set.names.text(r.owner))
        .collect();
    assert_eq!(
        owners,
        [
            "example.com.",
            "www.hosts.example.com.",
            "db.inner.example.com.",
            "after.example.com."
        ]
    );
    assert_eq!(set.zones[0].files.len(), 2);
}
