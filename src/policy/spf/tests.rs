use proptest::prelude::*;

use super::*;

fn ok(text: &str) -> SpfRecord {
    let r = parse(text.as_bytes()).unwrap_or_else(|| panic!("not selected: {text}"));
    assert!(r.errors.is_empty(), "{text}: {:?}", r.errors);
    r
}

fn errors(text: &str) -> Vec<(String, ErrorKind)> {
    let r = parse(text.as_bytes()).expect("selected");
    r.errors
        .iter()
        .map(|e| (show(text.as_bytes(), e.range.clone()), e.kind.clone()))
        .collect()
}

fn one_error(text: &str) -> (String, ErrorKind) {
    let e = errors(text);
    assert_eq!(e.len(), 1, "{text}: {e:?}");
    e.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn selection_follows_section_4_5() {
    assert!(is_spf(b"v=spf1"));
    assert!(is_spf(b"v=spf1 -all"));
    assert!(is_spf(b"V=SPF1 -all"));
    assert!(!is_spf(b"v=spf1;-all"));
    assert!(!is_spf(b"v=spf10 -all"));
    assert!(!is_spf(b" v=spf1 -all"));
    assert!(!is_spf(b"v=spf1\t-all"));
    assert!(!is_spf(b"spf2.0/pra -all"));
    assert!(!is_spf(b"v=spf"));
    assert!(parse(b"v=DMARC1; p=none").is_none());
}

#[test]
fn rfc_examples_parse() {
    // RFC 7208 Appendix A and §5 examples.
    for text in [
        "v=spf1",
        "v=spf1 +all",
        "v=spf1 a -all",
        "v=spf1 a:example.org -all",
        "v=spf1 mx -all",
        "v=spf1 mx:example.org -all",
        "v=spf1 mx mx:example.org -all",
        "v=spf1 mx/30 mx:example.org/30 -all",
        "v=spf1 ptr -all",
        "v=spf1 ip4:192.0.2.128/28 -all",
        "v=spf1 mx -all exp=explain._spf.%{d}",
        "v=spf1 -ptr +all",
        "v=spf1 -mx redirect=_spf.example.com",
        "v=spf1 a mx -all",
        "v=spf1 include:example.com include:example.net -all",
        "v=spf1 redirect=example.org",
        "v=spf1 mx:example.org -all",
        "v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all",
        "v=spf1 -ip4:192.0.2.0/24 +all",
        "v=spf1 ip6:2001:db8::/32 ip6:2001:DB8:1::1 ~all",
        "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all",
        "v=spf1 exists:%{i}.%{v}.arpa._spf.%{d2} ?all",
        "v=spf1 a:mail.example.com/24//64 a//64 mx/0//0 -all",
        "v=spf1 ptr:example.com include:_spf.google.com. -all",
        "v=spf1 foo=bar x-y_z.w=%{d} empty= -all",
        "v=spf1 exists:%{l}.%%.%_.%-.example.com -all",
        "v=spf1    a     -all   ",
        "v=spf1 A MX -ALL INCLUDE:Example.COM",
        "v=spf1 a:foo-1.example.com a:x.1-2 -all",
    ] {
        ok(text);
    }
}

#[test]
fn terms_carry_their_ranges_and_arguments() {
    let text = "v=spf1 -a:mail.example.com/24//64 ip4:192.0.2.0/24 ip6:2001:db8::/32 \
                include:_spf.example.net redirect=_spf.example.com ~all";
    let r = ok(text);
    assert_eq!(r.version, 0..6);
    let shown: Vec<String> = r
        .terms
        .iter()
        .map(|t| show(text.as_bytes(), t.range.clone()))
        .collect();
    assert_eq!(
        shown,
        [
            "-a:mail.example.com/24//64",
            "ip4:192.0.2.0/24",
            "ip6:2001:db8::/32",
            "include:_spf.example.net",
            "redirect=_spf.example.com",
            "~all",
        ]
    );
    let a = r.terms[0].mechanism().unwrap();
    assert_eq!(a.kind, MechanismKind::A);
    assert_eq!(a.qualifier, Qualifier::Fail);
    assert!(a.explicit_qualifier);
    assert_eq!(
        show(text.as_bytes(), a.domain.clone().unwrap()),
        "mail.example.com"
    );
    assert_eq!((a.cidr4, a.cidr6), (Some(24), Some(64)));
    let ip4 = r.terms[1].mechanism().unwrap();
    assert_eq!(ip4.ip, Some("192.0.2.0".parse().unwrap()));
    assert_eq!(ip4.cidr4, Some(24));
    let ip6 = r.terms[2].mechanism().unwrap();
    assert_eq!(ip6.ip, Some("2001:db8::".parse().unwrap()));
    assert_eq!(ip6.cidr6, Some(32));
    let inc = r.terms[3].mechanism().unwrap();
    assert!(!inc.explicit_qualifier);
    assert_eq!(inc.qualifier, Qualifier::Pass);
    let (_, redirect) = r.redirect().unwrap();
    assert_eq!(redirect.kind, ModifierKind::Redirect);
    assert_eq!(
        show(text.as_bytes(), redirect.value.clone()),
        "_spf.example.com"
    );
    let (all_term, all) = r.all().unwrap();
    assert_eq!(all.qualifier, Qualifier::SoftFail);
    assert_eq!(all_term.range.end, text.len());
    assert_eq!(r.mechanisms().count(), 5);
    assert_eq!(r.modifiers().count(), 1);
}

#[test]
fn dual_cidr_forms() {
    let cases = [
        ("v=spf1 a/24", Some(24), None),
        ("v=spf1 a//64", None, Some(64)),
        ("v=spf1 a/24//64", Some(24), Some(64)),
        ("v=spf1 mx:example.com//128", None, Some(128)),
        ("v=spf1 mx:example.com/0", Some(0), None),
    ];
    for (text, c4, c6) in cases {
        let r = ok(text);
        let m = r.terms[0].mechanism().unwrap();
        assert_eq!((m.cidr4, m.cidr6), (c4, c6), "{text}");
    }
}

#[test]
fn every_error_kind() {
    use ErrorKind as K;
    let cases: &[(&str, &str, ErrorKind)] = &[
        ("v=spf1 foo -all", "foo", K::UnknownMechanism),
        ("v=spf1 ip:192.0.2.1", "ip", K::UnknownMechanism),
        ("v=spf1 + -all", "+", K::UnknownMechanism),
        ("v=spf1 include", "include", K::MissingValue),
        ("v=spf1 include:", "include:", K::MissingValue),
        ("v=spf1 exists", "exists", K::MissingValue),
        ("v=spf1 a:", "a:", K::MissingValue),
        ("v=spf1 ip4", "ip4", K::MissingValue),
        ("v=spf1 ip6:", "ip6:", K::MissingValue),
        ("v=spf1 redirect=", "redirect=", K::MissingValue),
        ("v=spf1 exp=", "exp=", K::MissingValue),
        ("v=spf1 all:example.com", ":example.com", K::UnexpectedValue),
        ("v=spf1 -all/24", "/24", K::UnexpectedValue),
        ("v=spf1 ptr/24", "/24", K::UnexpectedValue),
        ("v=spf1 +-all", "+-", K::MisplacedQualifier),
        ("v=spf1 -redirect=example.com", "-", K::MisplacedQualifier),
        ("v=spf1 a:192.0.2.1", "192.0.2.1", K::BadDomain),
        ("v=spf1 include:localhost", "localhost", K::BadDomain),
        ("v=spf1 include:example.", "example.", K::BadDomain),
        ("v=spf1 include:example.-com", "example.-com", K::BadDomain),
        ("v=spf1 redirect=%{d}com", "%{d}com", K::BadDomain),
        ("v=spf1 exists:%{x}.example.com", "%{x}", K::BadMacro),
        (
            "v=spf1 exists:%{d.example.com",
            "%{d.example.com",
            K::BadMacro,
        ),
        ("v=spf1 exists:%x.example.com", "%x", K::BadMacro),
        ("v=spf1 exists:%{d0}.example.com", "%{d0}", K::BadMacro),
        ("v=spf1 exists:%{d2rx}.example.com", "%{d2rx}", K::BadMacro),
        ("v=spf1 exists:%{}.example.com", "%{}", K::BadMacro),
        ("v=spf1 include:example.com%", "%", K::BadMacro),
        ("v=spf1 foo=%{z}", "%{z}", K::BadMacro),
        (
            "v=spf1 exists:%{c}.example.com",
            "%{c}",
            K::MacroLetterOnlyInExp,
        ),
        (
            "v=spf1 exp=%{t}.example.com",
            "%{t}",
            K::MacroLetterOnlyInExp,
        ),
        ("v=spf1 ip4:192.0.2.0/33", "/33", K::BadCidr),
        ("v=spf1 ip4:192.0.2.0/024", "/024", K::BadCidr),
        ("v=spf1 ip4:192.0.2.0/", "/", K::BadCidr),
        ("v=spf1 ip6:2001:db8::/129", "/129", K::BadCidr),
        ("v=spf1 a/33", "/33", K::BadCidr),
        ("v=spf1 a//129", "//129", K::BadCidr),
        ("v=spf1 mx/x", "/x", K::BadCidr),
        ("v=spf1 a/33//64", "/33", K::BadCidr),
        ("v=spf1 ip4:192.0.2", "192.0.2", K::BadIp4),
        ("v=spf1 ip4:192.0.2.256", "192.0.2.256", K::BadIp4),
        ("v=spf1 ip4:192.0.02.1", "192.0.02.1", K::BadIp4),
        ("v=spf1 ip4:2001:db8::1", "2001:db8::1", K::BadIp4),
        ("v=spf1 ip6:192.0.2.1", "192.0.2.1", K::BadIp6),
        ("v=spf1 ip6:2001:db8:::1", "2001:db8:::1", K::BadIp6),
        ("v=spf1 1foo=bar", "1foo", K::BadModifierName),
        ("v=spf1 =bar", "=bar", K::BadModifierName),
        ("v=spf1 a\t-all", "\\009", K::BadCharacter),
        ("v=spf1 include:ex\u{e9}mple.com", "\\195", K::BadCharacter),
    ];
    for (text, bad, kind) in cases {
        let (got_bad, got_kind) = one_error(text);
        assert_eq!((got_bad.as_str(), &got_kind), (*bad, kind), "{text}");
        let r = parse(text.as_bytes()).unwrap();
        assert!(
            r.terms.iter().any(|t| t.kind == TermKind::Invalid),
            "{text}"
        );
        let e = &r.errors[0];
        let message = e.message(text.as_bytes());
        assert!(message.starts_with(|c: char| c.is_lowercase()), "{message}");
        assert!(!message.ends_with('.'), "{message}");
        assert!(!e.help().is_empty());
    }
}

#[test]
fn errors_in_several_terms_are_all_listed() {
    let e = errors("v=spf1 foo ip4:1.2.3 -all bar");
    assert_eq!(e.len(), 3);
    let r = parse(b"v=spf1 foo a -all").unwrap();
    assert_eq!(r.terms.len(), 3);
    assert_eq!(r.terms[0].kind, TermKind::Invalid);
    assert!(r.terms[1].mechanism().is_some());
}

#[test]
fn exp_allows_only_its_letters_in_its_target_domain() {
    // `exp=` takes a domain-spec: `c`, `r`, `t` belong in the explanation TXT, not here.
    let (_, kind) = one_error("v=spf1 exp=%{r}.example.com");
    assert_eq!(kind, ErrorKind::MacroLetterOnlyInExp);
    ok("v=spf1 exp=%{d}._exp.example.com");
    ok("v=spf1 exp=explain.%{d}");
}

#[test]
fn single_terms() {
    assert!(matches!(
        parse_single_term(b"include:_spf.example.net"),
        TermKind::Mechanism(_)
    ));
    assert!(matches!(
        parse_single_term(b"redirect=x.example"),
        TermKind::Modifier(_)
    ));
    assert_eq!(parse_single_term(b"mple.net"), TermKind::Invalid);
    assert_eq!(parse_single_term(b""), TermKind::Invalid);
}

#[test]
fn show_escapes_invisible_bytes() {
    assert_eq!(show(b"a\tb\xc3", 0..4), "a\\009b\\195");
    assert_eq!(show(b"abc", 2..10), "c");
    assert_eq!(show(b"abc", 5..10), "");
}

#[test]
fn macro_detection() {
    assert!(has_macro(b"%{i}._spf.example.com"));
    assert!(!has_macro(b"_spf.example.com"));
}

#[test]
fn toplabels() {
    assert!(is_toplabel(b"com"));
    assert!(is_toplabel(b"x1"));
    assert!(is_toplabel(b"1-2"));
    assert!(!is_toplabel(b"123"));
    assert!(!is_toplabel(b"-a"));
    assert!(!is_toplabel(b"a-"));
    assert!(!is_toplabel(b""));
    assert!(!is_toplabel(b"a_b"));
}

proptest! {
    #[test]
    fn never_panics(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut text = b"v=spf1 ".to_vec();
        text.extend_from_slice(&body);
        if let Some(r) = parse(&text) {
            for t in &r.terms {
                prop_assert!(t.range.end <= text.len());
            }
            for e in &r.errors {
                prop_assert!(e.range.start <= e.range.end && e.range.end <= text.len());
                let _ = e.message(&text);
            }
        }
        let _ = parse(&body);
        let _ = parse_single_term(&body);
    }

    #[test]
    fn never_panics_on_spf_like_text(body in "[ a-z0-9:/.%{}=+~?_-]{0,80}") {
        let text = format!("v=spf1 {body}");
        let r = parse(text.as_bytes());
        prop_assert!(r.is_some());
    }
}
