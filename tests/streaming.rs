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
    assert_eq!(set.sources.slice(d.span), b"");
    assert!(concise(&set.sources, d).contains("[invalid-syntax]"));
    std::fs::remove_dir_all(&dir).ok();
}
