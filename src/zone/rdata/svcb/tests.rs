use crate::zone::rdata::tests::{parse_str, round_trip};

#[test]
fn svcb_sorts_and_names_keys() {
    assert_eq!(
        round_trip("SVCB", "1 . port=53 alpn=h2,h3 mandatory=port,alpn"),
        "1 . mandatory=alpn,port alpn=\"h2,h3\" port=53"
    );
    assert_eq!(
        round_trip("HTTPS", "1 . alpn=\"h2,h3\" no-default-alpn"),
        "1 . alpn=\"h2,h3\" no-default-alpn"
    );
    assert_eq!(
        round_trip("SVCB", "1 . dohpath=/q{?dns}"),
        "1 . key7=\"/q{?dns}\""
    );
    assert_eq!(round_trip("SVCB", "1 . ohttp"), "1 . key8");
    assert_eq!(round_trip("SVCB", "0 x"), "0 x.example.");
    assert_eq!(round_trip("SVCB", "1 . key3=\\000\\001"), "1 . port=1");
    assert_eq!(
        round_trip("SVCB", "1 . alpn=a\\\\,b,c"),
        "1 . alpn=\"a\\\\,b,c\""
    );
    assert_eq!(
        round_trip("SVCB", "1 . ipv6hint=::1,::1.2.3.4 ipv4hint=192.0.2.1"),
        "1 . ipv4hint=192.0.2.1 ipv6hint=::1,::1.2.3.4"
    );
    assert_eq!(round_trip("SVCB", "1 . ech=\"AA ==\""), "1 . ech=AA==");
    assert_eq!(
        round_trip("SVCB", "1 . key999=\"a b\\009\""),
        "1 . key999=\"a b\\009\""
    );
}

#[test]
fn svcb_rejects_what_bind_rejects() {
    for bad in [
        "1 . alpn=",
        "1 . alpn=\\,abc",
        "1 . alpn=abc\\,",
        "1 . alpn=,abc",
        "1 . alpn=a,,abc",
        "1 . port",
        "1 . port=+1",
        "1 . port=53 port=54",
        "1 . mandatory=port",
        "1 . mandatory=mandatory",
        "1 . mandatory=port,port port=1",
        "1 . no-default-alpn",
        "1 . key65536",
        "1 . key01",
        "1 . KEY1=h2",
        "1 . ALPN=h2",
        "1 . dohpath=/q",
        "1 . \"alpn=h2\"",
        "1 . key999=a\"b\"",
        "1 . unknown=wha",
        "1 . ipv4hint=1.2.3.4,",
        "0 . mandatory=port",
    ] {
        assert!(parse_str("SVCB", bad).is_err(), "accepted `{bad}`");
    }
}
