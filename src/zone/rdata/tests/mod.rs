mod bind_cases;

use super::*;
use crate::zone::lexer::Lexer;

/// Parses `rdata` as type `t` with origin `example.` and returns the wire bytes or the error.
pub(crate) fn parse_str(t: &str, rdata: &str) -> Result<Vec<u8>, RdataError> {
    let rtype = RType::from_text(t.as_bytes()).expect("known type");
    let text = rdata.as_bytes();
    let mut toks = Vec::new();
    let mut comments = Vec::new();
    let mut lx = Lexer::new(text, 0);
    let entry = lx.next_entry(&mut toks, &mut comments);
    let end = entry.map_or(0, |e| e.end);
    let origin = b"\x07example\x00";
    let input = RdataInput {
        text,
        tokens: &toks,
        origin: Some(origin),
        entry_end: end,
    };
    let mut out = Vec::new();
    parse(rtype, &input, &mut out, None).map(|_| out)
}

pub(crate) fn round_trip(t: &str, rdata: &str) -> String {
    let rtype = RType::from_text(t.as_bytes()).unwrap();
    let wire = parse_str(t, rdata).unwrap_or_else(|e| panic!("{t} {rdata}: {e:?}"));
    let mut s = String::new();
    format(rtype, &wire, &mut s).unwrap_or_else(|WireError| panic!("format {t} {rdata}"));
    let again = parse_str(t, &s).unwrap_or_else(|e| panic!("reparse {t} {s}: {e:?}"));
    assert_eq!(wire, again, "{t}: `{rdata}` → `{s}`");
    s
}

#[test]
fn common_types_round_trip() {
    assert_eq!(round_trip("A", "192.0.2.1"), "192.0.2.1");
    assert_eq!(round_trip("MX", "10 mail"), "10 mail.example.");
    assert_eq!(
        round_trip("TXT", "\"v=spf1 -all\" x"),
        "\"v=spf1 -all\" \"x\""
    );
    assert_eq!(
        round_trip("SOA", "ns hostmaster ( 1 1h 15m 1w 1d )"),
        "ns.example. hostmaster.example. 1 3600 900 604800 86400"
    );
    round_trip("AAAA", "2001:db8::1");
    round_trip("SRV", "0 5 5060 sip.example.com.");
    round_trip(
        "NAPTR",
        "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .",
    );
    round_trip("CAA", "0 issue \"letsencrypt.org\"");
    round_trip("DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118");
    round_trip("DNSKEY", "257 3 8 AwEAAag=");
    round_trip(
        "RRSIG",
        "A 8 2 3600 20170101000000 20161201000000 12345 example. AwEAAag=",
    );
    round_trip("NSEC", "a.example. A MX RRSIG NSEC TYPE1234");
    round_trip(
        "NSEC3",
        "1 0 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG",
    );
    round_trip("NSEC3PARAM", "1 0 0 -");
    round_trip("TLSA", "3 1 1 ( 0D6FCE13243AA7 )");
    round_trip("SSHFP", "2 1 123456789abcdef67890123456789abcdef67890");
    round_trip("URI", "10 1 \"https://example.com/\"");
    round_trip("HINFO", "\"PC\" \"Linux\"");
    round_trip("CSYNC", "66 3 A NS AAAA");
    round_trip(
        "ZONEMD",
        "2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE",
    );
    round_trip("EUI48", "00-00-5e-00-53-2a");
    let wire = parse_str("TYPE65280", "\\# 2 ABCD").unwrap();
    let mut s = String::new();
    format_generic(&wire, &mut s);
    assert_eq!(s, "\\# 2 ABCD");
}

#[test]
fn generic_form_for_known_type_must_decode() {
    assert_eq!(parse_str("A", "\\# 4 C0000201").unwrap(), [192, 0, 2, 1]);
    assert!(parse_str("A", "\\# 3 C00002").is_err());
    assert!(parse_str("A", "\\# 4 C00002").is_err());
    assert!(parse_str("TXT", "\\# 0").is_err());
}

#[test]
fn errors_point_at_the_token() {
    let e = parse_str("MX", "x mail").unwrap_err();
    assert_eq!((e.start, e.end), (0, 1));
    assert!(e.message.contains("preference"), "{}", e.message);
    let e = parse_str("MX", "10").unwrap_err();
    assert!(e.message.contains("missing exchange"), "{}", e.message);
    let e = parse_str("A", "1.2.3.4 5").unwrap_err();
    assert_eq!((e.start, e.end), (8, 9));
    let long = format!("\"{}\"", "a".repeat(256));
    assert_eq!(
        parse_str("TXT", &long).unwrap_err().id,
        "txt-string-too-long"
    );
}

/// Every valid case reads, prints exactly as `named-compilezone` prints it, and reads back to
/// the same wire bytes.
#[test]
fn valid_cases_print_as_bind_does() {
    let mut failures = Vec::new();
    for &(t, rdata, bind) in bind_cases::VALID {
        let rtype = RType::from_text(t.as_bytes()).unwrap();
        let Ok(wire) = parse_str(t, rdata) else {
            failures.push(format!(
                "{t} {rdata}: rejected: {:?}",
                parse_str(t, rdata).unwrap_err().message
            ));
            continue;
        };
        let mut text = String::new();
        if format(rtype, &wire, &mut text).is_err() {
            text.clear();
            format_generic(&wire, &mut text);
        }
        if text != bind {
            failures.push(format!(
                "{t} {rdata}: printed `{text}`, BIND prints `{bind}`"
            ));
        }
        match parse_str(t, &text) {
            Ok(again) if again == wire => {}
            other => failures.push(format!("{t} {rdata}: `{text}` reads back as {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every invalid case is rejected, with a message in the house style, on a span inside the input.
#[test]
fn invalid_cases_are_rejected() {
    let mut failures = Vec::new();
    for &(t, rdata) in bind_cases::INVALID {
        match parse_str(t, rdata) {
            Ok(wire) => failures.push(format!("{t} {rdata}: accepted as {wire:02X?}")),
            Err(e) => {
                let first = e.message.chars().next().unwrap_or(' ');
                if first.is_uppercase() && !e.message.starts_with(t) || e.message.ends_with('.') {
                    failures.push(format!("{t} {rdata}: message style: {}", e.message));
                }
                if e.end as usize > rdata.len() || e.start > e.end {
                    failures.push(format!(
                        "{t} {rdata}: span {}..{} outside the input",
                        e.start, e.end
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The field spans of `rdata` as `(name, text)` pairs.
fn spans(t: &str, rdata: &str) -> Vec<(&'static str, String)> {
    let rtype = RType::from_text(t.as_bytes()).unwrap();
    let text = rdata.as_bytes();
    let (mut toks, mut comments) = (Vec::new(), Vec::new());
    let end = Lexer::new(text, 0)
        .next_entry(&mut toks, &mut comments)
        .map_or(0, |e| e.end);
    let input = RdataInput {
        text,
        tokens: &toks,
        origin: Some(b"\x07example\x00"),
        entry_end: end,
    };
    let mut found = Vec::new();
    parse(rtype, &input, &mut Vec::new(), Some(&mut found))
        .unwrap_or_else(|e| panic!("{t} {rdata}: {e:?}"));
    found
        .into_iter()
        .map(|f| (f.name, rdata[f.start as usize..f.end as usize].to_owned()))
        .collect()
}

#[test]
fn special_types_record_field_spans() {
    assert_eq!(
        spans("SVCB", "1 svc alpn=\"h2\" port=443"),
        [
            ("priority", "1".into()),
            ("target", "svc".into()),
            ("alpn", "alpn=\"h2\"".into()),
            ("port", "port=443".into())
        ]
    );
    assert_eq!(
        spans("LOC", "42 21 54 N 71 06 18 W -24m 30m"),
        [
            ("latitude", "42 21 54 N".into()),
            ("longitude", "71 06 18 W".into()),
            ("altitude", "-24m".into()),
            ("size", "30m".into())
        ]
    );
    assert_eq!(spans("DS", "1 8 5 AB CD")[3], ("digest", "AB CD".into()));
    assert_eq!(spans("APL", "1:192.0.2.0/24 !2:2001:db8::/32").len(), 2);
    assert_eq!(
        spans("WKS", "192.0.2.1 tcp smtp 80")
            .iter()
            .filter(|(n, _)| *n == "service")
            .count(),
        2
    );
    assert_eq!(
        spans(
            "RRSIG",
            "A 8 2 3600 20170101000000 20161201000000 12345 example. AwEAAag="
        )[7],
        ("signer", "example.".into())
    );
    assert_eq!(
        spans("IPSECKEY", "10 1 2 192.0.2.38 AQNR")[3],
        ("gateway", "192.0.2.38".into())
    );
    assert_eq!(
        spans("HIP", "2 00 AA== rvs").last().unwrap(),
        &("rendezvous server", "rvs".into())
    );
}

#[test]
fn special_errors_say_what_and_where() {
    let e = parse_str("SVCB", "1 . port=53 port=54").unwrap_err();
    assert_eq!(e.message, "duplicate SVCB parameter `port`");
    assert_eq!((e.start, e.end), (12, 19));
    let e = parse_str("SVCB", "1 . mandatory=alpn port=1").unwrap_err();
    assert_eq!(e.message, "mandatory key `alpn` is missing");
    let e = parse_str("LOC", "91 N 2 W 3").unwrap_err();
    assert!(e.message.contains("out of range"), "{}", e.message);
    assert_eq!((e.start, e.end), (0, 2));
    let e = parse_str("DS", "1 8 2 ABCD").unwrap_err();
    assert_eq!(e.message, "the digest must be 32 octets, found 2");
    assert!(e.help.as_deref().unwrap_or("").contains("64 hex digits"));
    let e = parse_str(
        "RRSIG",
        "A 8 1 3600 20300101000000 20200101000000 1 a.b. AA==",
    )
    .unwrap_err();
    assert_eq!(
        &"A 8 1 3600 20300101000000 20200101000000 1 a.b. AA=="[e.start as usize..e.end as usize],
        "a.b."
    );
    let e = parse_str("A", "\"192.0.2.1\"").unwrap_err();
    assert!(e.message.contains("quoted string"), "{}", e.message);
    let e = parse_str("APL", "3:00/8").unwrap_err();
    assert!(e.help.is_some());
    let e = parse_str("TYPE65401", "foo").unwrap_err();
    assert!(e.message.contains("\\# length hex"), "{}", e.message);
}

#[test]
fn generic_form_is_checked_as_the_type() {
    // Valid on the wire: accepted, and BIND's text for it.
    for (t, generic, text) in [
        (
            "LOC",
            "\\# 16 01000000000000000000000000000000",
            "\\# 16 01000000000000000000000000000000",
        ),
        ("APL", "\\# 4 00030000", "\\# 4 00030000"),
        ("ATMA", "\\# 2 0200", "\\# 2 0200"),
        ("AMTRELAY", "\\# 3 000400", "\\# 3 000400"),
        ("AMTRELAY", "\\# 2 0080", "0 1 0 ."),
        ("A6", "\\# 2 8000", "128  ."),
        ("SVCB", "\\# 3 000000", "0 ."),
        ("KEY", "\\# 4 C0000308", "49152 3 8"),
        ("DOA", "\\# 10 00000001000000020300", "1 2 3 \"\" -"),
    ] {
        let rtype = RType::from_text(t.as_bytes()).unwrap();
        let wire = parse_str(t, generic).unwrap_or_else(|e| panic!("{t} {generic}: {e:?}"));
        let mut s = String::new();
        format(rtype, &wire, &mut s).unwrap();
        assert_eq!(s, text, "{t} {generic}");
    }
    // Invalid on the wire: rejected, as BIND rejects them.
    for (t, generic) in [
        ("LOC", "\\# 16 00A00000800000008000000000000000"),
        ("APL", "\\# 5 0001000100"),
        ("WKS", "\\# 6 010203040600"),
        (
            "RRSIG",
            "\\# 22 00010800000000000000000000000000000001610000",
        ),
        ("KEY", "\\# 5 C000030800"),
        ("NSEC3", "\\# 8 0100000000010000"),
        ("HIP", "\\# 4 02020000"),
        ("X25", "\\# 5 043132333a"),
        ("ATMA", "\\# 3 01312e"),
        ("IPSECKEY", "\\# 3 0a0008"),
        ("AMTRELAY", "\\# 3 000000"),
        ("A6", "\\# 10 41ffffffffffffffff00"),
        ("NSEC", "\\# 1 00"),
        ("SVCB", "\\# 11 00010000000001000100"),
    ] {
        assert!(parse_str(t, generic).is_err(), "{t} {generic} accepted");
    }
}
