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
    let input = RdataInput { text, tokens: &toks, origin: Some(origin), entry_end: end };
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
    assert_eq!(round_trip("TXT", "\"v=spf1 -all\" x"), "\"v=spf1 -all\" \"x\"");
    assert_eq!(round_trip("SOA", "ns hostmaster ( 1 1h 15m 1w 1d )"), "ns.example. hostmaster.example. 1 3600 900 604800 86400");
    round_trip("AAAA", "2001:db8::1");
    round_trip("SRV", "0 5 5060 sip.example.com.");
    round_trip("NAPTR", "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .");
    round_trip("CAA", "0 issue \"letsencrypt.org\"");
    round_trip("DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118");
    round_trip("DNSKEY", "257 3 8 AwEAAag=");
    round_trip("RRSIG", "A 8 2 3600 20170101000000 20161201000000 12345 example. AwEAAag=");
    round_trip("NSEC", "a.example. A MX RRSIG NSEC TYPE1234");
    round_trip("NSEC3", "1 0 10 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG");
    round_trip("NSEC3PARAM", "1 0 0 -");
    round_trip("TLSA", "3 1 1 ( 0D6FCE13243AA7 )");
    round_trip("SSHFP", "2 1 123456789abcdef67890123456789abcdef67890");
    round_trip("URI", "10 1 \"https://example.com/\"");
    round_trip("HINFO", "\"PC\" \"Linux\"");
    round_trip("CSYNC", "66 3 A NS AAAA");
    round_trip("ZONEMD", "2018031500 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE");
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
    assert_eq!(parse_str("TXT", &long).unwrap_err().id, "txt-string-too-long");
}

/// Every valid case reads, prints exactly as `named-compilezone` prints it, and reads back to
/// the same wire bytes.
#[test]
fn valid_cases_print_as_bind_does() {
    let mut failures = Vec::new();
    for &(t, rdata, bind) in bind_cases::VALID {
        let rtype = RType::from_text(t.as_bytes()).unwrap();
        let Ok(wire) = parse_str(t, rdata) else {
            failures.push(format!("{t} {rdata}: rejected: {:?}", parse_str(t, rdata).unwrap_err().message));
            continue;
        };
        let mut text = String::new();
        if format(rtype, &wire, &mut text).is_err() {
            text.clear();
            format_generic(&wire, &mut text);
        }
        if text != bind {
            failures.push(format!("{t} {rdata}: printed `{text}`, BIND prints `{bind}`"));
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
                    failures.push(format!("{t} {rdata}: span {}..{} outside the input", e.start, e.end));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
