//! Property tests of the reader: for random bytes and for random "zone-like" token soups, reading
//! never panics, every span lies inside its file, the lexer advances on every entry, and
//! recovery always advances (a valid record on its own line after any garbage is still read).
//!
//! The case count is kept small so `cargo test` stays fast; raise it with `PROPTEST_CASES=5000`.
//! The fuzz target (`fuzz/`, run by `fuzz/run.sh`) checks the same invariants at scale.

#[path = "support/reader_invariants.rs"]
mod invariants;

use std::path::Path;

use invariants::{check_lexer, read_and_check};
use proptest::prelude::*;
use zonelint::ZoneSet;

const CASES: u32 = 96;

fn read(bytes: &[u8]) -> ZoneSet {
    read_and_check(Path::new("example.com.zone"), bytes, invariants::options()).set
}

/// One piece of zone-like text: the words and punctuation the lexer and parser react to.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    let fixed: Vec<&'static [u8]> = vec![
        b"@",
        b"www",
        b"*.wild",
        b"a.b.c.",
        b"example.com.",
        b"x\\.y",
        b"\\065",
        b"\\999",
        b"\\",
        b"..",
        b".",
        b"300",
        b"1h30m",
        b"2w",
        b"4294967295",
        b"99999999999",
        b"1x",
        b"IN",
        b"CH",
        b"HS",
        b"CLASS1",
        b"CLASS99999",
        b"A",
        b"AAAA",
        b"MX",
        b"TXT",
        b"SOA",
        b"NS",
        b"CNAME",
        b"DNAME",
        b"SRV",
        b"CAA",
        b"SVCB",
        b"HTTPS",
        b"DS",
        b"RRSIG",
        b"NSEC",
        b"LOC",
        b"APL",
        b"NAPTR",
        b"TYPE65534",
        b"TYPE0",
        b"ANY",
        b"\\#",
        b"0",
        b"4",
        b"c0000201",
        b"192.0.2.1",
        b"2001:db8::1",
        b"10",
        b"mail",
        b"$ORIGIN",
        b"$TTL",
        b"$INCLUDE",
        b"$GENERATE",
        b"$DATE",
        b"$",
        b"1-10",
        b"0-4294967295",
        b"${-1,3,n}",
        b"\"",
        b"\"quoted text\"",
        b"\"esc\\\"aped\"",
        b"(",
        b")",
        b";",
        b"; comment",
        b"\n",
        b"\r\n",
        b"\t",
        b" ",
        b"\0",
        b"\xff",
        b"\xef\xbb\xbf",
    ];
    prop_oneof![
        8 => proptest::sample::select(fixed).prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

/// A token soup: pieces joined by spaces (sometimes none), with newlines sprinkled in.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        (
            piece(),
            prop_oneof![4 => Just(&b" "[..]), 1 => Just(&b""[..]), 1 => Just(&b"\n"[..])],
        ),
        0..60,
    )
    .prop_map(|parts| {
        let mut out = Vec::new();
        for (p, sep) in parts {
            out.extend_from_slice(&p);
            out.extend_from_slice(sep);
        }
        out
    })
}

/// A record that reads on its own whatever came before it: absolute owner, explicit TTL and
/// class, so no `$ORIGIN`, `$TTL` or inherited owner of the garbage can change it.
const SENTINEL: &[u8] = b"zz-sentinel.test. 300 IN A 192.0.2.77\n";

fn assert_sentinel_read(garbage: &[u8]) {
    let mut src = garbage.to_vec();
    // Two newlines: a trailing `\` escapes at most one of them.
    src.extend_from_slice(b"\n\n");
    let sentinel_start = src.len();
    src.extend_from_slice(SENTINEL);
    let set = read(&src);
    let found = set.records.iter().any(|r| {
        r.span.file.0 == 0
            && r.span.start as usize == sentinel_start
            && set.names.text(r.owner) == "zz-sentinel.test."
            && r.ttl == 300
    });
    assert!(
        found,
        "the record after the garbage was lost\n--- input ---\n{}\n--- diagnostics ---\n{:#?}",
        String::from_utf8_lossy(&src),
        set.diagnostics
            .iter()
            .map(|d| (&d.id, &d.message, d.span))
            .collect::<Vec<_>>()
    );
    // Nothing reported about the sentinel line but, at most, a class differing from the zone's.
    for d in &set.diagnostics {
        if d.span.file.0 == 0 && d.span.start as usize >= sentinel_start {
            assert_eq!(
                d.id,
                "class-mismatch",
                "a diagnostic on the sentinel: {d:#?}\n--- input ---\n{}",
                String::from_utf8_lossy(&src)
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_break_an_invariant(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read(&bytes);
    }

    #[test]
    fn token_soup_never_breaks_an_invariant(src in soup()) {
        read(&src);
    }

    #[test]
    fn lexer_advances_on_every_entry(src in prop_oneof![soup(), proptest::collection::vec(any::<u8>(), 0..1024)]) {
        let entries = check_lexer(&src);
        prop_assert!(entries <= src.len());
    }

    #[test]
    fn recovery_advances_past_token_soup(src in soup()) {
        assert_sentinel_read(&src);
    }

    #[test]
    fn recovery_advances_past_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        assert_sentinel_read(&bytes);
    }
}

#[test]
fn recovery_examples() {
    for garbage in [
        &b"("[..],
        b")",
        b"\"",
        b"\\",
        b"(\n(\n(",
        b"a TXT \"x\\",
        b"$INCLUDE",
        b"$GENERATE 1-2",
        b"\xff (",
        b"( ; )",
    ] {
        assert_sentinel_read(garbage);
    }
}
