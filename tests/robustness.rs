//! Hostile input: never a panic, a hang or unbounded memory, whatever the bytes. One test per
//! kind of input the reader must survive, each asserting the diagnostic it must give (id and
//! span), not only that nothing panicked; then every crash the fuzzer found
//! (`tests/fixtures/crashes/`) replayed through the fuzz target's own checks.
//!
//! The slow variant (a 100 MB line) is `#[ignore]`d: run it with
//! `cargo test --test robustness -- --include-ignored` (or `fuzz/run.sh`).

#![allow(clippy::unwrap_used)] // helpers shared by tests: a failed set-up should stop the test

#[path = "support/reader_invariants.rs"]
mod invariants;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use invariants::{check_set, check_streamed, read_and_check, summary};
use zonelint::diag::ids;
use zonelint::{Diagnostic, ReadOptions, Reader, ZoneSet};

fn options() -> ReadOptions {
    invariants::options()
}

/// Reads bytes as `example.com.zone` (not on disk) with the origin set, checking invariants.
fn read(bytes: &[u8]) -> ZoneSet {
    read_and_check(Path::new("example.com.zone"), bytes, options()).set
}

/// Reads a file from disk, checking invariants.
fn read_file(path: &Path, options: ReadOptions) -> ZoneSet {
    let mut reader = Reader::new(options);
    reader.read_path(path).expect("the file is readable");
    let set = reader.finish();
    check_set(&set, usize::MAX);
    set
}

/// The diagnostics with this id.
fn with_id<'a>(set: &'a ZoneSet, id: &str) -> Vec<&'a Diagnostic> {
    set.diagnostics.iter().filter(|d| d.id == id).collect()
}

/// The only diagnostic with this id (fails with the whole list otherwise).
fn only<'a>(set: &'a ZoneSet, id: &str) -> &'a Diagnostic {
    let found = with_id(set, id);
    assert_eq!(
        found.len(),
        1,
        "expected one `{id}`, got {:#?}",
        set.diagnostics
    );
    found[0]
}

/// The text a diagnostic's span covers.
fn spanned(set: &ZoneSet, d: &Diagnostic) -> Vec<u8> {
    set.sources.slice(d.span).to_vec()
}

fn file_name(set: &ZoneSet, d: &Diagnostic) -> String {
    set.sources
        .file(d.span.file)
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn owners(set: &ZoneSet) -> Vec<String> {
    set.records
        .iter()
        .map(|r| set.names.text(r.owner))
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write to the temporary directory");
    path
}

#[test]
fn invalid_utf8_is_read_as_bytes() {
    // In a TXT string and a name, any byte is data; as the type it is an unknown type whose span
    // is exactly the bad token; as an address it is a syntax error on the address.
    let src = b"$TTL 300\ntxt TXT \"caf\xe9 \xff\xfe\"\nn\xe9e A 192.0.2.1\nx \xff\xfe\xfd\xfc\xfb\xfa 1\ny A 192.0.2.\xff\n";
    let set = read(src);
    assert_eq!(owners(&set), ["txt.example.com.", "n\\233e.example.com."]);
    let unknown = only(&set, ids::UNKNOWN_RECORD_TYPE);
    assert_eq!(spanned(&set, unknown), b"\xff\xfe\xfd\xfc\xfb\xfa");
    let bad = only(&set, ids::INVALID_SYNTAX);
    assert_eq!(spanned(&set, bad), b"192.0.2.\xff");
}

#[test]
fn invalid_utf8_everywhere() {
    let src: Vec<u8> = (0..4096u32)
        .map(|i| {
            [0xff, 0xc3, 0x28, b' ', b'\n', 0xe2, 0x82, b'(', b')', b'"'][(i * 7 % 10) as usize]
        })
        .collect();
    let set = read(&src);
    assert!(!set.diagnostics.is_empty());
}

#[test]
fn nul_bytes() {
    // A NUL is an ordinary byte of the token it is in: the address is invalid, the span is the
    // whole token, and the next line is read.
    let set = read(b"$TTL 300\nwww A 192.0.2.1\0\nok A 192.0.2.2\n");
    let d = only(&set, ids::INVALID_SYNTAX);
    assert_eq!(spanned(&set, d), b"192.0.2.1\0");
    assert_eq!(owners(&set), ["ok.example.com."]);
    // A file of NULs: one entry, one diagnostic, nothing else.
    let set = read(&[0u8; 10_000]);
    assert!(set.records.is_empty());
    assert!(!set.diagnostics.is_empty());
}

/// A `TXT` record whose single word is `len` bytes long: an over-long string, reported once on
/// the word, within `limit`.
fn long_line(len: usize, limit: Duration) {
    let mut src = b"$TTL 300\nbig TXT ".to_vec();
    let word_start = src.len();
    src.resize(word_start + len, b'a');
    src.extend_from_slice(b"\nafter A 192.0.2.1\n");
    let started = Instant::now();
    let set = read(&src);
    let took = started.elapsed();
    assert!(took < limit, "a {len}-byte line took {took:?}");
    let d = only(&set, ids::TXT_STRING_TOO_LONG);
    assert_eq!(d.span.start as usize, word_start, "{d:?}");
    assert!(d.span.end as usize <= word_start + len, "{d:?}");
    assert_eq!(owners(&set), ["after.example.com."]);
    // The same from disk: over the streaming threshold, so read in chunks that the line outgrows.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.com.zone");
    std::fs::write(&path, &src).unwrap();
    let started = Instant::now();
    let streamed = read_file(
        &path,
        ReadOptions {
            stream_threshold: 1 << 20,
            stream_chunk: 64 << 10,
            ..options()
        },
    );
    let took = started.elapsed();
    assert!(took < limit, "a {len}-byte line streamed in {took:?}");
    assert_eq!(summary(&streamed), summary(&set));
}

#[test]
fn ten_megabyte_line() {
    long_line(10 << 20, Duration::from_secs(20));
}

/// A file over the streaming threshold whose first entry opens a `(` that is never closed:
/// every chunk must not re-read the whole entry from its start (quadratic time).
fn unclosed_paren_in_a_streamed_file(lines: usize, limit: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let mut src = b"$TTL 300\nopen TXT ( \"x\"\n".to_vec();
    let open = src.iter().position(|&b| b == b'(').unwrap();
    for i in 0..lines {
        src.extend_from_slice(format!("h{i} A 192.0.2.1\n").as_bytes());
    }
    let path = dir.path().join("example.com.zone");
    std::fs::write(&path, &src).unwrap();
    let started = Instant::now();
    let set = read_file(
        &path,
        ReadOptions {
            stream_threshold: 1 << 20,
            stream_chunk: 1 << 10,
            ..ReadOptions::default()
        },
    );
    let took = started.elapsed();
    assert!(set.sources.file(set.records[0].span.file).is_streamed());
    assert!(took < limit, "{} bytes streamed in {took:?}", src.len());
    let d = only(&set, ids::INVALID_SYNTAX);
    assert_eq!(
        (d.span.start as usize, d.span.end as usize),
        (open, open + 1)
    );
    assert_eq!(set.records.len(), lines);
}

#[test]
fn unclosed_paren_in_a_streamed_file_small() {
    unclosed_paren_in_a_streamed_file(200_000, Duration::from_secs(30));
}

#[test]
#[ignore = "100 MB in memory, a few seconds in a debug build: run with --include-ignored (fuzz/run.sh does)"]
fn hundred_megabyte_line() {
    long_line(100 << 20, Duration::from_secs(120));
}

#[test]
fn ten_thousand_nested_parentheses() {
    // Balanced: one record (parentheses nest in this dialect, see docs/zone-format.md).
    let n = 10_000;
    let mut src = b"$TTL 300\nwww TXT ".to_vec();
    src.extend(std::iter::repeat_n(b'(', n));
    src.extend_from_slice(b"\"x\"");
    src.extend(std::iter::repeat_n(b')', n));
    src.extend_from_slice(b"\n");
    let set = read(&src);
    assert!(set.diagnostics.is_empty(), "{:#?}", set.diagnostics);
    assert_eq!(owners(&set), ["www.example.com."]);

    // Never closed: one error on the first `(`, and the next line is still read.
    let mut src = b"$TTL 300\nwww TXT ".to_vec();
    let open = src.len();
    src.extend(std::iter::repeat_n(b'(', n));
    src.extend_from_slice(b"\"x\"\nok A 192.0.2.1\n");
    let set = read(&src);
    let d = only(&set, ids::INVALID_SYNTAX);
    assert_eq!(
        (d.span.start as usize, d.span.end as usize),
        (open, open + 1)
    );
    assert_eq!(owners(&set), ["ok.example.com."]);

    // Closed too often: one error on the first stray `)`.
    let mut src = b"$TTL 300\nwww TXT \"x\" ".to_vec();
    let close = src.len();
    src.extend(std::iter::repeat_n(b')', n));
    src.extend_from_slice(b"\nok A 192.0.2.1\n");
    let set = read(&src);
    let d = only(&set, ids::INVALID_SYNTAX);
    assert_eq!(
        (d.span.start as usize, d.span.end as usize),
        (close, close + 1)
    );
    assert_eq!(owners(&set), ["ok.example.com."]);
}

fn include_problem(set: &ZoneSet) -> &Diagnostic {
    only(set, ids::INCLUDE_PROBLEM)
}

#[test]
fn include_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(
        dir.path(),
        "example.com.zone",
        "$TTL 300\na A 192.0.2.1\n$INCLUDE example.com.zone\nb A 192.0.2.2\n",
    );
    let set = read_file(&main, ReadOptions::default());
    let d = include_problem(&set);
    assert!(d.message.contains("cycle"), "{d:?}");
    assert_eq!(spanned(&set, d), b"example.com.zone");
    assert_eq!(owners(&set), ["a.example.com.", "b.example.com."]);
}

#[test]
fn include_cycle_through_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(
        dir.path(),
        "example.com.zone",
        "$TTL 300\na A 192.0.2.1\n$INCLUDE b.inc\n",
    );
    write(
        dir.path(),
        "b.inc",
        "b A 192.0.2.2\n$INCLUDE example.com.zone\n",
    );
    let set = read_file(&main, ReadOptions::default());
    let d = include_problem(&set);
    assert!(d.message.contains("cycle"), "{d:?}");
    // Reported where the loop closes: in b.inc, on the path that leads back.
    assert_eq!(file_name(&set, d), "b.inc");
    assert_eq!(spanned(&set, d), b"example.com.zone");
    assert_eq!(owners(&set), ["a.example.com.", "b.example.com."]);
}

#[test]
fn include_of_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let main = write(
        dir.path(),
        "example.com.zone",
        "$TTL 300\n$INCLUDE sub\na A 192.0.2.1\n",
    );
    let set = read_file(&main, ReadOptions::default());
    let d = include_problem(&set);
    assert!(d.message.contains("not a regular file"), "{d:?}");
    assert_eq!(spanned(&set, d), b"sub");
    assert_eq!(owners(&set), ["a.example.com."]);
}

#[test]
fn include_of_dev_zero() {
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let main = write(
        dir.path(),
        "example.com.zone",
        "$TTL 300\n$INCLUDE /dev/zero\na A 192.0.2.1\n",
    );
    // Refused as outside the zone's directory by default…
    let set = read_file(&main, ReadOptions::default());
    let d = include_problem(&set);
    assert!(d.message.contains("outside the zone's directory"), "{d:?}");
    assert_eq!(spanned(&set, d), b"/dev/zero");
    // …and, when includes may go anywhere, as not a regular file: never read.
    let started = Instant::now();
    let set = read_file(
        &main,
        ReadOptions {
            include_anywhere: true,
            ..ReadOptions::default()
        },
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let d = include_problem(&set);
    assert!(d.message.contains("not a regular file"), "{d:?}");
    assert_eq!(spanned(&set, d), b"/dev/zero");
    assert_eq!(owners(&set), ["a.example.com."]);
}

#[test]
fn include_depth_limit() {
    // f0 includes f1 includes … f20: files 0 to 16 are read (16 levels of nesting), the
    // `$INCLUDE` in f16 is refused.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..=20 {
        write(
            dir.path(),
            &format!("f{i}.zone"),
            &format!(
                "$TTL 300\nh{i}.example.com. A 192.0.2.1\n$INCLUDE f{}.zone\n",
                i + 1
            ),
        );
    }
    let set = read_file(&dir.path().join("f0.zone"), ReadOptions::default());
    let d = include_problem(&set);
    assert!(d.message.contains("nested more than 16 deep"), "{d:?}");
    assert_eq!(file_name(&set, d), "f16.zone");
    assert_eq!(spanned(&set, d), b"f17.zone");
    assert_eq!(set.records.len(), 17);

    let set = read_file(
        &dir.path().join("f0.zone"),
        ReadOptions {
            max_include_depth: 2,
            ..ReadOptions::default()
        },
    );
    assert_eq!(file_name(&set, include_problem(&set)), "f2.zone");
    assert_eq!(set.records.len(), 3);
}

#[test]
fn include_outside_the_zone_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("zones")).unwrap();
    write(dir.path(), "outside.inc", "out A 192.0.2.9\n");
    let main = write(
        &dir.path().join("zones"),
        "example.com.zone",
        "$TTL 300\n$INCLUDE ../outside.inc\na A 192.0.2.1\n",
    );
    let set = read_file(&main, ReadOptions::default());
    let d = include_problem(&set);
    assert!(d.message.contains("outside the zone's directory"), "{d:?}");
    assert_eq!(spanned(&set, d), b"../outside.inc");
    assert_eq!(owners(&set), ["a.example.com."]);

    let set = read_file(
        &main,
        ReadOptions {
            include_anywhere: true,
            ..ReadOptions::default()
        },
    );
    assert!(set.diagnostics.is_empty(), "{:#?}", set.diagnostics);
    assert_eq!(owners(&set), ["out.example.com.", "a.example.com."]);
}

#[test]
fn include_of_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let main = write(
        dir.path(),
        "example.com.zone",
        "$TTL 300\n$INCLUDE nowhere.inc\na A 192.0.2.1\n",
    );
    let set = read_file(&main, ReadOptions::default());
    assert_eq!(spanned(&set, include_problem(&set)), b"nowhere.inc");
    assert_eq!(owners(&set), ["a.example.com."]);
}

#[test]
fn generate_whole_u32_range_is_refused_quickly() {
    let src = b"$TTL 300\n$GENERATE 0-4294967295 host$ A 192.0.2.1\nok A 192.0.2.2\n";
    let started = Instant::now();
    let set = read(src);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
    let d = only(&set, ids::GENERATE_PROBLEM);
    assert_eq!(spanned(&set, d), b"0-4294967295");
    assert_eq!(owners(&set), ["ok.example.com."]);
}

#[test]
fn generate_limits_per_run() {
    // Each line is within the per-line limit; together they pass the per-run limit, and only the
    // lines past it are refused.
    let options = ReadOptions {
        max_generate: 100,
        max_generate_total: 250,
        ..options()
    };
    let src = b"$TTL 300\n$GENERATE 1-100 a$ A 192.0.2.1\n$GENERATE 1-100 b$ A 192.0.2.1\n$GENERATE 1-100 c$ A 192.0.2.1\n$GENERATE 1-101 d$ A 192.0.2.1\n";
    let set = read_and_check(Path::new("example.com.zone"), src, options).set;
    assert_eq!(set.records.len(), 200);
    let problems = with_id(&set, ids::GENERATE_PROBLEM);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(spanned(&set, problems[0]), b"1-100");
    assert_eq!(spanned(&set, problems[1]), b"1-101");
}

#[test]
fn generate_bad_modifiers_and_steps() {
    for (line, token) in [
        (&b"$GENERATE 0-10/0 a$ A 192.0.2.1"[..], &b"0-10/0"[..]),
        (b"$GENERATE 10-0 a$ A 192.0.2.1", b"10-0"),
        (b"$GENERATE 0-4294967296 a$ A 192.0.2.1", b"0-4294967296"),
        // BIND reads the bounds as C ints: 2^31 and above are refused.
        (b"$GENERATE 0-2147483648 a$ A 192.0.2.1", b"0-2147483648"),
        (
            b"$GENERATE 2147483640-2147483647 ${10}a A 192.0.2.1",
            b"${10}a",
        ),
        (
            b"$GENERATE 0-1 ${0,99999999999999999999999,x} A 192.0.2.1",
            b"${0,99999999999999999999999,x}",
        ),
    ] {
        let mut src = b"$TTL 300\n".to_vec();
        src.extend_from_slice(line);
        src.push(b'\n');
        let set = read(&src);
        let d = only(&set, ids::GENERATE_PROBLEM);
        let covered = spanned(&set, d);
        assert!(
            covered.starts_with(token),
            "{}: span covers {}",
            String::from_utf8_lossy(line),
            String::from_utf8_lossy(&covered)
        );
    }
    // A huge width is clamped, not allocated.
    let set = read(b"$TTL 300\n$GENERATE 0-1 ${0,4000000000,d} TXT x\n");
    check_set(&set, usize::MAX);
}

#[test]
fn crash_fixtures_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/crashes");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/crashes exists") {
        let path = entry.unwrap().path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("zone" | "bin")
        ) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        // As the fuzz targets read them: `reader` (with an origin, anchored where they are)…
        let graph = read_and_check(&path, &bytes, options());
        let _ = zonelint::dump::dump(&graph.set);
        // …and `stream` (first byte the chunk size, the rest read at once and in chunks).
        let copy = tempfile::tempdir().unwrap();
        let started = Instant::now();
        check_streamed(&copy.path().join("input.zone"), &bytes, &options());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{}: streamed in {:?}",
            path.display(),
            started.elapsed()
        );
        n += 1;
    }
    assert!(n > 0, "no crash fixture in {}", dir.display());
}

#[test]
fn streamed_reading_matches_whole_reading() {
    // Large files are read in chunks that end at a line end; whatever the chunk size, the result
    // must be that of reading the bytes at once: escaped newlines, quotes, parentheses and
    // comments across chunk boundaries included.
    let inputs: [&[u8]; 6] = [
        b"$TTL 300\na TXT x\\\ny\nb A 192.0.2.1\n",
        b"$TTL 300\na TXT \"x\\\ny\"\nb A 192.0.2.1\n",
        b"$TTL 300\nsoa SOA ns hm ( 1 ; serial\n 2 3 ; x\n 4 5 )\nb A 192.0.2.1\n",
        b"$TTL 300\na TXT ( x\nb A 192.0.2.1\nc A 192.0.2.2\n",
        b"\xef\xbb\xbf$TTL 300\r\na A 192.0.2.1\r\n ; c\r\n  AAAA 2001:db8::1\r\n",
        b"$TTL 300\na TXT \"x\nb A 192.0.2.1\n) c\nd A 192.0.2.4",
    ];
    let dir = tempfile::tempdir().unwrap();
    for (k, text) in inputs.iter().enumerate() {
        let path = write(dir.path(), &format!("s{k}.zone"), "");
        std::fs::write(&path, text).unwrap();
        let mut whole = Reader::new(options());
        whole.read_bytes(&path, text.to_vec()).unwrap();
        let expected = summary(&whole.finish());
        for chunk in 1..=text.len() + 1 {
            let set = read_file(
                &path,
                ReadOptions {
                    stream_threshold: 0,
                    stream_chunk: chunk,
                    ..options()
                },
            );
            assert_eq!(
                summary(&set),
                expected,
                "input {k} read in chunks of {chunk}"
            );
        }
    }
}

/// Runs `f` on a thread and fails if it does not finish within `limit` (a hang fails the test
/// instead of blocking the suite; the stuck thread is left behind).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).expect("the read finished in time")
}

#[test]
fn fifo_is_refused_without_blocking() {
    // Opening a FIFO with no writer blocks: the reader must look before it opens.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to test
    }
    let main = write(
        dir.path(),
        "example.com.zone",
        "$TTL 300\n$INCLUDE pipe\na A 192.0.2.1\n",
    );
    let set = within(Duration::from_secs(10), move || {
        read_file(&main, ReadOptions::default())
    });
    let d = include_problem(&set);
    assert!(d.message.contains("not a regular file"), "{d:?}");
    assert_eq!(spanned(&set, d), b"pipe");
    assert_eq!(owners(&set), ["a.example.com."]);
    // Given directly, it is a load error, not a hang.
    let err = within(Duration::from_secs(10), move || {
        Reader::new(ReadOptions::default()).read_path(&fifo).err()
    });
    assert!(
        matches!(err, Some(zonelint::zone::LoadError::NotAFile { .. })),
        "{err:?}"
    );
}
