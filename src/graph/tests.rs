use super::*;
use crate::zone::{ReadOptions, Reader};
use std::path::Path;

fn graph(files: &[(&str, &str)]) -> Graph {
    let mut reader = Reader::new(ReadOptions::default());
    for (path, text) in files {
        reader
            .read_bytes(Path::new(path), text.as_bytes().to_vec())
            .unwrap();
    }
    let set = reader.finish();
    assert!(set.diagnostics.is_empty(), "{:?}", set.diagnostics);
    Graph::build(set)
}

fn wire(s: &str) -> Vec<u8> {
    let mut v = Vec::new();
    crate::zone::name::parse_name(s.as_bytes(), None, &mut v).unwrap();
    v
}

const PARENT: &str = "$TTL 300
@ SOA ns hostmaster 1 2 3 4 5
@ NS ns
ns A 192.0.2.1
www CNAME web
web A 192.0.2.2
a.b.c TXT deep
sub NS ns.sub
sub NS ns.other.net.
sub DS 1 8 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766
ns.sub A 192.0.2.3
hidden.sub A 192.0.2.4
d DNAME example.net.
x.d A 192.0.2.5
";

#[test]
fn lookup_id_gives_the_id_it_met_and_the_same_status() {
    let g = graph(&[("example.com.zone", PARENT)]);
    for name in [
        "www.example.com.",
        "WWW.Example.COM.",
        "example.com.",
        "nope.example.com.",
        "b.c.example.com.",
        "sub.example.com.",
        "x.sub.example.com.",
        "d.example.com.",
        "x.d.example.com.",
        "example.net.",
    ] {
        let w = wire(name);
        let (status, id) = g.lookup_id(&w);
        assert_eq!(status, g.lookup(&w), "{name}");
        // An id, when given, is the name's own; an existing name always has one.
        if let Some(id) = id {
            assert_eq!(Some(id), g.set.names.get(&w), "{name}");
        }
        if matches!(status, NameStatus::Authoritative { exists: true, .. }) {
            assert!(id.is_some(), "{name}");
        }
    }
    assert_eq!(
        g.lookup_id(&wire("example.net.")),
        (NameStatus::Unknown, None)
    );
    let (_, apex) = g.lookup_id(&wire("example.com."));
    assert_eq!(apex, g.set.names.get(&wire("example.com.")));
    assert!(apex.is_some());
}

#[test]
fn classifies_names_and_records() {
    let g = graph(&[("example.com.zone", PARENT)]);
    assert_eq!(g.zones().len(), 1);
    let z = ZoneId(0);
    assert!(matches!(
        g.lookup(&wire("www.example.com.")),
        NameStatus::Authoritative { exists: true, .. }
    ));
    assert!(matches!(
        g.lookup(&wire("WWW.Example.COM.")),
        NameStatus::Authoritative { exists: true, .. }
    ));
    assert!(matches!(
        g.lookup(&wire("nope.example.com.")),
        NameStatus::Authoritative { exists: false, .. }
    ));
    assert!(
        matches!(
            g.lookup(&wire("b.c.example.com.")),
            NameStatus::Authoritative { exists: true, .. }
        ),
        "empty non-terminal"
    );
    assert!(matches!(
        g.lookup(&wire("x.sub.example.com.")),
        NameStatus::Delegated { .. }
    ));
    assert!(matches!(
        g.lookup(&wire("x.d.example.com.")),
        NameStatus::BelowDname { .. }
    ));
    assert_eq!(g.lookup(&wire("example.net.")), NameStatus::Unknown);
    assert!(g.alias_of(&wire("www.example.com.")).is_some());
    assert!(g.alias_of(&wire("web.example.com.")).is_none());
    let roles: Vec<RecordRole> = (0..g.set.records.len()).map(|i| g.record_role(i)).collect();
    use RecordRole::*;
    assert_eq!(
        roles,
        [
            Authoritative,
            Authoritative,
            Authoritative,
            Authoritative,
            Authoritative,
            Authoritative,
            Delegation,
            Delegation,
            Delegation,
            Glue,
            Occluded,
            Authoritative,
            Occluded
        ]
    );
    let apex = g.zone(z).apex;
    assert_eq!(g.set.names.text(apex), "example.com.");
    assert_eq!(g.rrset(z, apex, RType::NS).map(|s| s.len()), Some(1));
}

#[test]
fn cross_zone_parent_and_child() {
    let child =
        "$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.3\nmail A 192.0.2.9\n";
    let g = graph(&[
        ("example.com.zone", PARENT),
        ("sub.example.com.zone", child),
    ]);
    // The child zone is authoritative below its apex, even though the parent delegates it.
    let status = g.lookup(&wire("mail.sub.example.com."));
    assert_eq!(
        status,
        NameStatus::Authoritative {
            zone: ZoneId(1),
            exists: true
        }
    );
    assert_eq!(g.find_zone(&wire("www.example.com.")), Some(ZoneId(0)));
    assert_eq!(g.types_at(&wire("ns.sub.example.com.")), [RType::A]);
}

#[test]
fn absence_in_a_zone_with_errors_is_unknown() {
    let mut reader = crate::zone::Reader::new(crate::zone::ReadOptions {
        origin: Some("example.com.".into()),
        ..crate::zone::ReadOptions::default()
    });
    reader
        .read_bytes(
            "example.com.zone".as_ref(),
            b"$TTL 1\n@ SOA ns hm 1 2 3 4 5\nmail A 192.0.2.300\nwww A 192.0.2.1\n".to_vec(),
        )
        .unwrap();
    let graph = Graph::build(reader.finish());
    assert!(!graph.zones()[0].complete);
    // `mail` may be what the broken entry meant to define: nothing can be said about it.
    assert_eq!(
        graph.lookup(b"\x04mail\x07example\x03com\0"),
        NameStatus::Unknown
    );
    assert!(matches!(
        graph.lookup(b"\x03www\x07example\x03com\0"),
        NameStatus::Authoritative { exists: true, .. }
    ));
}

#[test]
fn base_zones_match_by_apex() {
    let mut now = graph(&[
        ("example.com.zone", "$TTL 300\n@ SOA ns hm 2 2 3 4 5\n"),
        ("example.net.zone", "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n"),
    ]);
    assert!(now.base().is_none());
    assert_eq!(now.base_zone(ZoneId(0)), None);
    // The base read in another order, with a zone the run no longer has.
    let base = graph(&[
        ("example.org.zone", "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n"),
        ("example.com.zone", "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n"),
    ]);
    now.set_base(base, "HEAD~1");
    assert_eq!(now.base_label(), Some("HEAD~1"));
    assert_eq!(now.base_zone(ZoneId(0)), Some(ZoneId(1)));
    assert_eq!(now.base_zone(ZoneId(1)), None);
    assert_eq!(now.zone_from_base(ZoneId(1)), Some(ZoneId(0)));
    assert_eq!(now.zone_from_base(ZoneId(0)), None);
}

#[test]
fn zone_with_spread_name_ids_is_indexed_like_any_other() {
    // The first file names `www.b.example.` (out of its zone) before 2,000 names of its own, so
    // the second zone's owners have ids far apart: its index is built by comparison, not by
    // counting over every id in between.
    let mut first = String::from("$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\n");
    first.push_str("www.b.example. A 192.0.2.9\n");
    first.extend((0..2000).map(|i| format!("h{i} A 192.0.2.1\n")));
    let second = "$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n\
                  www A 192.0.2.2\nwww TXT hello\nmail MX 10 www\nns AAAA 2001:db8::1\n";
    let mut reader = Reader::new(ReadOptions::default());
    reader
        .read_bytes(Path::new("a.example.zone"), first.into_bytes())
        .unwrap();
    reader
        .read_bytes(Path::new("b.example.zone"), second.as_bytes().to_vec())
        .unwrap();
    let g = Graph::build(reader.finish());
    let b = ZoneId(1);
    let id = |s: &str| g.set.names.get(&wire(s)).unwrap();
    let types =
        |owner: &str| -> Vec<RType> { g.rrsets_at(b, id(owner)).map(|s| s.rtype).collect() };
    assert_eq!(types("www.b.example."), vec![RType::A, RType::TXT]);
    assert_eq!(types("ns.b.example."), vec![RType::A, RType::AAAA]);
    assert_eq!(types("mail.b.example."), vec![RType::MX]);
    assert_eq!(types("b.example."), vec![RType::NS, RType::SOA]);
    let owners: Vec<NameId> = g.rrsets(b).map(|s| s.owner).collect();
    assert!(owners.windows(2).all(|w| w[0] <= w[1]), "{owners:?}");
}

/// Lookups hash only the suffixes that can be an apex or a cut (by their number of labels):
/// every depth around those bounds must still answer as a full walk up the name would.
#[test]
fn lookups_bounded_by_apex_and_cut_depth_miss_nothing() {
    let parent = "$TTL 300
@ SOA ns hostmaster 1 2 3 4 5
@ NS ns
ns A 192.0.2.1
deep.a.b NS ns.other.net.
c NS ns.other.net.
dn.x.y DNAME example.net.
";
    let child = "$TTL 300
@ SOA ns hostmaster 1 2 3 4 5
@ NS ns
ns A 192.0.2.9
host A 192.0.2.10
";
    let g = graph(&[
        ("example.com.zone", parent),
        ("child.q.example.com.zone", child),
    ]);
    let status = |n: &str| g.lookup(&wire(n));
    let delegated = |n: &str| matches!(status(n), NameStatus::Delegated { .. });
    assert!(delegated("deep.a.b.example.com."));
    assert!(delegated("v.w.x.deep.a.b.example.com."));
    assert!(delegated("c.example.com."));
    assert!(delegated("z.y.x.w.v.c.example.com."));
    assert!(matches!(
        status("a.b.example.com."),
        NameStatus::Authoritative { exists: true, .. }
    ));
    assert!(matches!(
        status("other.a.b.example.com."),
        NameStatus::Authoritative { exists: false, .. }
    ));
    assert!(matches!(
        status("t.u.dn.x.y.example.com."),
        NameStatus::BelowDname { .. }
    ));
    // The deepest apex wins, at every depth below it.
    let child_zone = g.find_zone(&wire("child.q.example.com.")).expect("a zone");
    assert_ne!(
        child_zone,
        g.find_zone(&wire("q.example.com.")).expect("a zone")
    );
    for name in [
        "host.child.q.example.com.",
        "a.b.c.d.e.host.child.q.example.com.",
    ] {
        assert_eq!(g.find_zone(&wire(name)), Some(child_zone), "{name}");
        assert!(
            matches!(status(name), NameStatus::Authoritative { zone, .. } if zone == child_zone),
            "{name}"
        );
    }
    assert!(matches!(status("example.org."), NameStatus::Unknown));
    assert!(matches!(status("."), NameStatus::Unknown));
    assert_eq!(label_count(&wire("www.example.com.")), 3);
    assert_eq!(label_count(b"\0"), 0);
}

#[test]
fn looks_up_names_deeper_than_the_suffix_cache() {
    // Twenty labels below the apex: more than `lookup` keeps ids for, so the deepest suffixes
    // are hashed again when asked twice, with the same answers.
    let deep = "l.".repeat(20);
    let zone = format!(
        "$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n{deep}deep TXT x\n\
         {deep}sub NS ns.other.net.\n"
    );
    let g = graph(&[("example.com.zone", &zone)]);
    assert!(matches!(
        g.lookup(&wire(&format!("{deep}deep.example.com."))),
        NameStatus::Authoritative { exists: true, .. }
    ));
    assert!(matches!(
        g.lookup(&wire(&format!("{deep}nope.example.com."))),
        NameStatus::Authoritative { exists: false, .. }
    ));
    assert!(matches!(
        g.lookup(&wire(&format!("a.b.{deep}sub.example.com."))),
        NameStatus::Delegated { .. }
    ));
}

#[test]
fn records_of_each_type_in_source_order() {
    let g = graph(&[("example.com.zone", PARENT)]);
    let records = &g.set.records;
    let mut seen = 0;
    for rtype in [
        RType::SOA,
        RType::NS,
        RType::A,
        RType::CNAME,
        RType::TXT,
        RType::DS,
        RType::DNAME,
    ] {
        let of_type = g.records_of_type(rtype);
        let expected: Vec<u32> = (0..records.len())
            .filter(|&i| records[i].rtype == rtype)
            .map(|i| u32::try_from(i).unwrap())
            .collect();
        assert!(!expected.is_empty(), "{rtype:?}");
        assert_eq!(of_type, expected, "{rtype:?}");
        seen += of_type.len();
    }
    assert_eq!(seen, records.len());
    assert!(g.records_of_type(RType::MX).is_empty());
}

#[test]
fn name_sets_answer_alike_as_vectors_and_bitmaps() {
    // Dense enough for a bitmap (every third id of a range), sparse (ids far apart), small.
    let dense: Vec<NameId> = (0..20_000).map(|i| NameId(1_000 + i * 3)).collect();
    let sparse: Vec<NameId> = (0..5_000).map(|i| NameId(i * 1_000)).collect();
    let small: Vec<NameId> = [2, 5, 9].map(NameId).to_vec();
    for (ids, bitmap) in [(dense, true), (sparse, false), (small, false)] {
        let set = NameSet::from_sorted(ids.clone());
        assert_eq!(matches!(set, NameSet::Bitmap { .. }), bitmap);
        assert_eq!(set.len(), ids.len());
        assert!(!set.is_empty());
        assert_eq!(set.iter().collect::<Vec<_>>(), ids);
        let members: std::collections::BTreeSet<u32> = ids.iter().map(|id| id.0).collect();
        // Every member and both its neighbours, and ids before and after the range.
        let probes = ids
            .iter()
            .flat_map(|id| [id.0.saturating_sub(1), id.0, id.0 + 1])
            .chain([0, 1, ids.last().unwrap().0 + 64, ids.last().unwrap().0 + 65]);
        for probe in probes {
            assert_eq!(
                set.contains(&NameId(probe)),
                members.contains(&probe),
                "{probe}"
            );
        }
        assert!(!set.contains(&NameId(u32::MAX)));
    }
    assert!(NameSet::from_sorted(Vec::new()).is_empty());
}

#[test]
fn rrsets_of_many_owners_are_found_through_slots() {
    use std::fmt::Write as _;
    // 5,000 owners, ids dense: the zone keeps slots by id; the answers are those of a search.
    let mut text =
        String::from("$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n");
    for i in 0..5_000 {
        let _ = writeln!(text, "h{i} A 192.0.2.2\nh{i} TXT x\nt{i}.ent TXT y");
    }
    let g = graph(&[("example.com.zone", &text)]);
    let zone = g.zone(ZoneId(0));
    assert!(
        zone.owner_slots.get().is_none(),
        "built by the first lookup"
    );
    let id = |s: &str| g.set.names.get(&wire(s)).unwrap();
    for i in [0, 1, 2_500, 4_999] {
        let owner = id(&format!("h{i}.example.com."));
        let types: Vec<RType> = g.rrsets_at(ZoneId(0), owner).map(|s| s.rtype).collect();
        assert_eq!(types, [RType::A, RType::TXT]);
        assert_eq!(
            zone.owner_position(owner).map(|k| zone.owners[k]),
            Some(owner)
        );
    }
    assert!(zone.owner_slots.get().is_some_and(|s| !s.slots.is_empty()));
    // An empty non-terminal is a name of the run that owns nothing.
    let ent = id("ent.example.com.");
    assert_eq!(g.rrsets_at(ZoneId(0), ent).count(), 0);
    assert_eq!(zone.owner_position(NameId(u32::MAX)), None);
    for (k, &owner) in zone.owners.iter().enumerate() {
        assert_eq!(zone.owner_position(owner), Some(k));
    }
}

#[test]
fn apexes_of_several_lengths_are_all_found() {
    // Apexes of one, two and three labels (from the file names), and names outside them all.
    let g = graph(&[
        (
            "example.zone",
            "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n",
        ),
        (
            "example.com.zone",
            "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.2\n",
        ),
        (
            "a.b.example.net.zone",
            "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.3\n",
        ),
    ]);
    let zone_of = |n: &str| {
        g.find_zone(&wire(n))
            .map(|z| g.set.names.text(g.zone(z).apex))
    };
    assert_eq!(zone_of("ns.example.").as_deref(), Some("example."));
    assert_eq!(zone_of("x.y.example.").as_deref(), Some("example."));
    assert_eq!(zone_of("NS.Example.COM.").as_deref(), Some("example.com."));
    assert_eq!(
        zone_of("ns.a.b.example.net.").as_deref(),
        Some("a.b.example.net.")
    );
    assert_eq!(zone_of("b.example.net."), None);
    assert_eq!(zone_of("example.net."), None);
    assert_eq!(zone_of("ns.example.org."), None);
    assert_eq!(zone_of("."), None);
    assert!(matches!(
        g.lookup(&wire("ns.a.b.example.net.")),
        NameStatus::Authoritative { exists: true, .. }
    ));
    assert_eq!(g.lookup(&wire("mail.google.com.")), NameStatus::Unknown);
}

#[test]
fn apexes_sharing_a_length_and_a_sole_one_are_found_alike() {
    // Two apexes of two labels (found through the name index) and the only one of three
    // (found by comparing bytes): names in any case, and names of the same lengths that are
    // no apex.
    let zone = "$TTL 60\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\n";
    let g = graph(&[
        ("example.com.zone", zone),
        ("example.org.zone", zone),
        ("mail.example.net.zone", zone),
    ]);
    let zone_of = |n: &str| {
        g.find_zone(&wire(n))
            .map(|z| g.set.names.text(g.zone(z).apex))
    };
    for (name, apex) in [
        ("ns.example.com.", Some("example.com.")),
        ("NS.EXAMPLE.ORG.", Some("example.org.")),
        ("ns.mail.example.net.", Some("mail.example.net.")),
        ("Ns.MAIL.Example.Net.", Some("mail.example.net.")),
        ("x.mail.example.com.", Some("example.com.")),
        ("ns.mail.example.org.", Some("example.org.")),
        ("ns.mbil.example.net.", None),
        ("ns.example.net.", None),
        ("example.edu.", None),
    ] {
        assert_eq!(zone_of(name).as_deref(), apex, "{name}");
    }
    for name in ["NS.Mail.Example.NET.", "ns.example.org."] {
        assert!(
            matches!(
                g.lookup(&wire(name)),
                NameStatus::Authoritative { exists: true, .. }
            ),
            "{name}"
        );
    }
    assert_eq!(
        g.lookup(&wire("nope.mail.example.net.")),
        NameStatus::Authoritative {
            zone: g.find_zone(&wire("mail.example.net.")).expect("a zone"),
            exists: false
        }
    );
    assert_eq!(g.lookup(&wire("mail.example.net.x.")), NameStatus::Unknown);
}

#[test]
fn name_places_sort_each_names_records_together_in_source_order() {
    let g = test_graph(
        "$TTL 1\n@ SOA ns hm 1 2 3 4 5\na TXT one\nb TXT two\na TXT three\nb TXT four\n",
    );
    let mut places: Vec<NamePlace> = (1..5).map(|i| g.name_place(i)).collect();
    places.sort_unstable();
    let names: Vec<(String, usize)> = places
        .iter()
        .map(|p| (g.set.names.text(p.owner), p.index))
        .collect();
    assert_eq!(
        names,
        [
            ("a.example.com.".to_owned(), 1),
            ("a.example.com.".to_owned(), 3),
            ("b.example.com.".to_owned(), 2),
            ("b.example.com.".to_owned(), 4),
        ]
    );
    assert!(places[0].same_name(&places[1]));
    assert!(!places[1].same_name(&places[2]));
    // `a` publishes two texts, `b` the same text twice: only `a` publishes twice.
    let texts: Vec<(NamePlace, &[u8])> = vec![
        (places[0], b"x"),
        (places[1], b"y"),
        (places[2], b"z"),
        (places[3], b"z"),
    ];
    let twice: Vec<_> = NamePlace::published_twice(&texts).collect();
    assert_eq!(twice, [vec![(1, &b"x"[..]), (3, &b"y"[..])]]);
}

#[test]
fn rrsets_of_a_type_are_the_same_listed_or_kept() {
    let g = graph(&[
        ("example.com.zone", PARENT),
        (
            "example.net.zone",
            "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\n@ MX 10 mx\n@ MX 20 mx2\nns A 192.0.2.9\n",
        ),
    ]);
    let describe = |sets: Vec<(ZoneId, RrSet)>| -> Vec<(u32, String, usize)> {
        sets.into_iter()
            .map(|(z, s)| (z.0, g.set.names.text(s.owner), s.len()))
            .collect()
    };
    // NS and MX sets are kept after the first listing; A sets are listed each time.
    for rtype in [RType::NS, RType::MX, RType::A] {
        let first = describe(g.rrsets_of_type(rtype).collect());
        let again = describe(g.rrsets_of_type(rtype).collect());
        assert_eq!(first, again, "{rtype}");
        assert_eq!(first, describe(g.list_rrsets_of_type(rtype)), "{rtype}");
    }
    assert_eq!(
        describe(g.rrsets_of_type(RType::NS).collect()),
        [
            (0, "example.com.".to_owned(), 1),
            (0, "sub.example.com.".to_owned(), 2),
            (1, "example.net.".to_owned(), 1),
        ]
    );
    assert_eq!(
        describe(g.rrsets_of_type(RType::MX).collect()),
        [(1, "example.net.".to_owned(), 2)]
    );
}

#[test]
fn target_lookups_are_what_looking_up_each_target_says() {
    // Targets of every kind of answer: existing, missing, the apex, a cut and below it, a
    // DNAME and below it, in another zone of the run, outside the run, and the root (null MX).
    let zone = "$TTL 300
@ SOA ns hostmaster 1 2 3 4 5
@ NS ns
ns A 192.0.2.1
www CNAME web
web A 192.0.2.2
sub NS ns.sub
ns.sub A 192.0.2.3
d DNAME example.net.
@ MX 10 web
@ MX 20 nope
@ MX 30 sub
@ MX 40 in.sub
@ MX 50 d
@ MX 60 x.d
@ MX 70 mail.example.org.
@ MX 80 example.org.
@ MX 90 mail.example.net.
_sip._tcp SRV 0 0 5060 example.com.
_x._tcp SRV 0 0 1 .
null MX 0 .
a CNAME www
b CNAME gone
c CNAME x.d
e CNAME in.sub
p PTR web
";
    let g = graph(&[
        ("example.com.zone", zone),
        (
            "example.org.zone",
            "$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns.example.com.\n",
        ),
    ]);
    let mut checked = 0;
    for index in 0..g.set.records.len() {
        let direct = g.target_name(index).map(|t| g.lookup_id(t));
        assert_eq!(g.target_lookup(index), direct, "record {index}");
        // Asked twice (the second time from what was kept), the answer is the same.
        assert_eq!(g.target_lookup(index), direct, "record {index}");
        let alias = g.target_name(index).and_then(|t| g.alias_of(t));
        assert_eq!(g.target_alias(index), alias, "record {index}");
        checked += usize::from(direct.is_some());
    }
    assert_eq!(checked, 22);
}
