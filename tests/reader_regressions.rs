//! Reader bugs found by the conformance tests (`tests/conformance*.rs`), each pinned by a tiny
//! fixture under `tests/fixtures/reader/bind/` whose expected records are what BIND 9.18's
//! `named-compilezone` prints for it (noted in each fixture), so that the fix holds without the
//! peers installed.

use std::fmt::Write as _;
use std::path::Path;

use zonelint::{ReadOptions, Reader, ZoneSet};

fn read(path: &str, origin: &str) -> ZoneSet {
    let mut reader = Reader::new(ReadOptions {
        origin: Some(origin.into()),
        infer_origin: false,
        ..ReadOptions::default()
    });
    reader
        .read_path(Path::new(path))
        .expect("fixture is readable");
    reader.finish()
}

/// The records as `zonelint dump` prints them, tabs as single spaces.
fn records(set: &ZoneSet) -> Vec<String> {
    set.records
        .iter()
        .map(|r| {
            let mut line = String::new();
            zonelint::dump::write_record(set, r, &mut line);
            line.replace('\t', " ")
        })
        .collect()
}

/// `(line, id)` of each diagnostic.
fn diagnostics(set: &ZoneSet) -> Vec<(usize, &'static str)> {
    set.diagnostics
        .iter()
        .map(|d| (set.sources.location(d.span).1, d.id))
        .collect()
}

#[test]
fn non_utf8_type_word_is_an_unknown_type_not_a_panic() {
    let set = read("tests/fixtures/reader/bind/non-utf8-type.zone", "example.");
    assert_eq!(records(&set), Vec::<String>::new());
    assert_eq!(diagnostics(&set), [(4, "unknown-record-type")]);
}

#[test]
fn soa_minimum_becomes_the_default_ttl() {
    let set = read(
        "tests/fixtures/reader/bind/soa-minimum-is-default-ttl.zone",
        "ttl1.",
    );
    assert_eq!(
        records(&set),
        [
            "ttl1. 3 IN SOA ns.ttl1. hostmaster.ttl1. 1 3600 1800 1814400 3",
            "ttl1. 3 IN NS ns.ttl1.",
            "ns.ttl1. 3 IN A 192.0.2.1",
            "b.ttl1. 2 IN TXT \"explicit ttl 2\"",
            "c.ttl1. 3 IN TXT \"soa minttl 3\"",
        ]
    );
    assert_eq!(diagnostics(&set), [(4, "missing-ttl")]);
}

#[test]
fn generate_expands_as_bind_does() {
    let set = read("tests/fixtures/reader/bind/generate-edges.zone", "example.");
    assert_eq!(
        records(&set)[3..],
        [
            "neg0.example. 300 IN TXT \"x-1\"",
            "pad0.example. 300 IN TXT \"x-0001\"",
            "hex0.example. 300 IN TXT \"xffffffff\"",
            "dollar1.example. 300 IN TXT \"x$\"",
            "0.0.4.nib.example. 300 IN TXT \"x\"",
            "1.0.nib.example. 300 IN TXT \"x\"",
            "max1.example. 300 IN TXT \"x2147483647\"",
        ]
    );
    assert_eq!(diagnostics(&set), []);
}

#[test]
fn generate_numbers_are_c_ints() {
    let set = read(
        "tests/fixtures/reader/bind/generate-range-errors.zone",
        "example.",
    );
    assert_eq!(records(&set).len(), 3);
    assert_eq!(
        diagnostics(&set),
        [(8, "generate-problem"), (10, "generate-problem")]
    );
}

#[test]
fn date_directive_is_accepted() {
    let set = read("tests/fixtures/reader/bind/date-directive.zone", "example.");
    assert_eq!(records(&set).len(), 3);
    assert_eq!(diagnostics(&set), []);
    let bad = read(
        "tests/fixtures/reader/bind/date-directive-bad.zone",
        "example.",
    );
    assert_eq!(diagnostics(&bad), [(7, "invalid-syntax")]);
}

#[test]
fn included_file_inherits_the_current_owner() {
    let set = read("tests/fixtures/reader/bind/include/main.zone", "example.");
    assert_eq!(
        records(&set),
        [
            "example. 300 IN SOA ns.example. hm.example. 1 2 3 4 5",
            "example. 300 IN NS ns.example.",
            "ns.example. 300 IN A 192.0.2.1",
            "example. 300 IN TXT \"owner restored after the include\"",
        ]
    );
    assert_eq!(diagnostics(&set), []);
}

#[test]
fn include_file_name_is_not_unescaped() {
    let set = read(
        "tests/fixtures/reader/bind/include/escaped-name.zone",
        "example.",
    );
    assert_eq!(diagnostics(&set), [(7, "include-problem")]);
}

/// A file included many times is read once (its bytes are shared), and all inclusions of a run
/// together may read at most `max_include_bytes`: a small zone cannot multiply a big file.
#[test]
fn repeated_includes_share_bytes_and_are_bounded() {
    let dir = std::env::temp_dir().join(format!("zonelint-repeat-include-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut hosts = String::new();
    for i in 0..20 {
        let _ = writeln!(hosts, "h{i} A 192.0.2.{i}");
    }
    std::fs::write(dir.join("hosts.inc"), &hosts).unwrap();
    let mut zone = String::from("$ORIGIN example.com.\n$TTL 300\n@ SOA ns hm 1 2 3 4 5\n");
    for i in 0..50 {
        let _ = writeln!(zone, "$INCLUDE hosts.inc s{i}.example.com.");
    }
    let path = dir.join("example.com.zone");
    std::fs::write(&path, &zone).unwrap();
    let budget = 10 * hosts.len() as u64;
    let mut reader = Reader::new(ReadOptions {
        max_include_bytes: budget,
        ..Default::default()
    });
    reader.read_path(&path).unwrap();
    let set = reader.finish();
    let files = &set.zones[0].files;
    assert_eq!(files.len(), 1 + 10, "ten inclusions fit in the budget");
    let first = set.sources.file(files[1]).text().as_ptr();
    assert!(
        files[2..]
            .iter()
            .all(|&f| set.sources.file(f).text().as_ptr() == first),
        "bytes are shared"
    );
    assert_eq!(set.records.len(), 1 + 10 * 20);
    let refused: Vec<_> = set
        .diagnostics
        .iter()
        .filter(|d| d.id == "include-problem")
        .collect();
    assert_eq!(
        refused.len(),
        40,
        "every inclusion past the budget is reported"
    );
    assert!(
        refused[0]
            .message
            .contains(&format!("more than {budget} bytes")),
        "{}",
        refused[0].message
    );
    std::fs::remove_dir_all(&dir).ok();
}
