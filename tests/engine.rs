//! The rule engine's behaviour as a library user sees it: configuration of levels, `only`,
//! reader findings going through the same configuration, cross-file labels, sorted output.

use zonelint::rules::{self, Level, RuleConfig};
use zonelint::{Graph, ReadOptions, Reader, Severity};

fn graph(files: &[(&str, &str)]) -> Graph {
    let mut reader = Reader::new(ReadOptions::default());
    for (path, text) in files {
        reader
            .read_bytes(path.as_ref(), text.as_bytes().to_vec())
            .expect("valid origin");
    }
    Graph::build(reader.finish())
}

const APEX_CNAME: &str =
    "$TTL 1h\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\n@ CNAME www.example.net.\nbad A 192.0.2.300\n";

#[test]
fn default_levels_and_reader_findings_are_reported_sorted() {
    let g = graph(&[("example.com.zone", APEX_CNAME)]);
    let found = rules::run(&g, &RuleConfig::default());
    let ids: Vec<&str> = found.iter().map(|d| d.id).collect();
    assert!(ids.contains(&"cname-at-apex"), "{ids:?}");
    assert!(ids.contains(&"invalid-syntax"), "{ids:?}");
    assert!(found.windows(2).all(|w| w[0].sort_key() <= w[1].sort_key()));
    let apex = found.iter().find(|d| d.id == "cname-at-apex").unwrap();
    assert_eq!(apex.severity, Severity::Error);
}

#[test]
fn configured_level_changes_severity_and_off_silences() {
    let g = graph(&[("example.com.zone", APEX_CNAME)]);
    let mut config = RuleConfig::default();
    config.only(&["cname-at-apex", "invalid-syntax"]).unwrap();
    config.set("cname-at-apex", Level::Info).unwrap();
    config.set("invalid-syntax", Level::Off).unwrap();
    let found = rules::run(&g, &config);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].id, found[0].severity),
        ("cname-at-apex", Severity::Info)
    );
    assert!(config.set("no-such-rule", Level::Error).is_err());
}

#[test]
fn only_runs_the_rules_listed() {
    let g = graph(&[("example.com.zone", APEX_CNAME)]);
    let mut config = RuleConfig::default();
    config.only(&["invalid-syntax"]).unwrap();
    let found = rules::run(&g, &config);
    assert!(found.iter().all(|d| d.id == "invalid-syntax"), "{found:?}");
    assert_eq!(found.len(), 1);
    assert_eq!(config.level("cname-at-apex", Level::Error), Level::Off);
    // A rule that is off by default runs at `warning` when selected explicitly.
    let mut config = RuleConfig::default();
    config.only(&["cname-at-apex"]).unwrap();
    assert_eq!(config.level("cname-at-apex", Level::Off), Level::Warning);
    assert!(config.only(&["nope"]).is_err());
}

/// A zone whose exchange is in another zone (line 4).
const MAIL_ZONE: &str =
    "$TTL 1h\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\n@ MX 10 mail.example.net.\nns1 A 192.0.2.1\n";

/// The exchange's zone, where the exchange is an alias (line 5).
const ALIASED_EXCHANGE: &str =
    "$TTL 1h\n@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.2\nmail CNAME ns1\n";

/// A run of both zones: the MX in one, its exchange an alias in the other.
fn mail_and_exchange_zones() -> Graph {
    graph(&[
        ("example.com.zone", MAIL_ZONE),
        ("example.net.zone", ALIASED_EXCHANGE),
    ])
}

#[test]
fn rules_see_every_zone_of_the_run_and_label_the_other_file() {
    let g = mail_and_exchange_zones();
    let found = rules::run(&g, &RuleConfig::default());
    let d = found
        .iter()
        .find(|d| d.id == "mx-target-is-cname")
        .expect("cross-zone alias found");
    let (path, line, _) = g.set.sources.location(d.span);
    assert_eq!((path.as_str(), line), ("example.com.zone", 4));
    let (label_path, label_line, _) = g.set.sources.location(d.labels()[0].span);
    assert_eq!((label_path.as_str(), label_line), ("example.net.zone", 5));
}

#[test]
fn unknown_names_are_never_reported_as_broken() {
    // The exchange's zone is not in the run: nothing can be said about it.
    let g = graph(&[("example.com.zone", MAIL_ZONE)]);
    let found = rules::run(&g, &RuleConfig::default());
    assert!(
        found
            .iter()
            .all(|d| d.severity < Severity::Warning || !d.id.starts_with("mx-target")),
        "{found:?}"
    );
}

#[test]
fn without_details_findings_keep_what_every_output_prints() {
    let g = mail_and_exchange_zones();
    let full = rules::run(&g, &RuleConfig::default());
    let mut config = RuleConfig::default();
    config.without_details();
    let terse = rules::run(&g, &config);
    let printed = |d: &zonelint::Diagnostic| (d.id, d.severity, d.span, d.message.clone());
    assert_eq!(
        full.iter().map(printed).collect::<Vec<_>>(),
        terse.iter().map(printed).collect::<Vec<_>>()
    );
    let alias = |found: &[zonelint::Diagnostic]| {
        found
            .iter()
            .find(|d| d.id == "mx-target-is-cname")
            .cloned()
            .expect("cross-zone alias found")
    };
    let (kept, dropped) = (alias(&full), alias(&terse));
    assert!(kept.help().is_some() && !kept.labels().is_empty());
    assert!(dropped.help().is_none() && dropped.note().is_none());
    assert!(dropped.span_label().is_none() && dropped.labels().is_empty());
    // Nothing allocated for the details either: the finding equals a bare one.
    let bare = zonelint::diag::Diagnostic::new(
        dropped.id,
        dropped.severity,
        dropped.span,
        dropped.message.clone(),
    );
    assert_eq!(dropped, bare);
}
