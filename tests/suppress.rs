//! Inline suppressions (`docs/suppressions.md`): which findings `; zonelint: ignore[...]` and
//! `; zonelint: ignore-file[...]` hide, and what `unused-suppression` reports. Through the
//! library for the placement cases, through the binary for the summary line and exit code.

use std::path::Path;
use std::process::Command;

use zonelint::rules::{self, Level, RuleConfig};
use zonelint::{Graph, ReadOptions, Reader};

/// What a run reports: `line:column id` of each finding (the file is always `example.com.zone`
/// here), and how many findings were suppressed.
struct Outcome {
    found: Vec<String>,
    messages: Vec<String>,
    suppressed: usize,
}

impl Outcome {
    fn has(&self, at: &str) -> bool {
        self.found.iter().any(|f| f == at)
    }
}

fn check_with(zone: &str, config: &RuleConfig) -> Outcome {
    let mut reader = Reader::new(ReadOptions {
        origin: Some("example.com.".into()),
        ..ReadOptions::default()
    });
    let mut text =
        b"$TTL 3600\n@ SOA ns1 hostmaster 1 14400 3600 1209600 3600\n@ NS ns1.example.net.\n"
            .to_vec();
    text.extend_from_slice(zone.as_bytes());
    reader
        .read_bytes(Path::new("example.com.zone"), text)
        .expect("origin is valid");
    let graph = Graph::build(reader.finish());
    // The boilerplate has one NS and no DMARC record (three lines keep the line numbers below
    // simple): the rules that would say so are not what these tests are about.
    let mut config = config.clone();
    for id in ["ns-too-few", "dmarc-missing"] {
        if !config.is_configured(id) {
            config.set(id, Level::Off).expect("a rule");
        }
    }
    let run = rules::run_counting(&graph, &config);
    Outcome {
        found: run
            .diagnostics
            .iter()
            .map(|d| {
                let (_, line, column) = graph.set.sources.location(d.span);
                format!("{line}:{column} {}", d.id)
            })
            .collect(),
        messages: run.diagnostics.iter().map(|d| d.message.clone()).collect(),
        suppressed: run.suppressed,
    }
}

/// Checks `zone` (after three lines of SOA/NS/TTL boilerplate: its first line is line 4) with
/// the default rules.
fn check(zone: &str) -> Outcome {
    check_with(zone, &RuleConfig::default())
}

/// An MX at the apex whose exchange is an alias: `mx-target-is-cname` at line 4 column 11 and
/// `spf-missing` at line 4 column 1, when the MX is the first line.
const ALIAS: &str = "mail CNAME mx1\nmx1 A 192.0.2.25\n";

#[test]
fn without_suppressions_both_findings_show() {
    let out = check(&format!("@ MX 10 mail\n{ALIAS}"));
    assert_eq!(out.found, ["4:1 spf-missing", "4:9 mx-target-is-cname"]);
    assert_eq!(out.suppressed, 0);
}

#[test]
fn end_of_line_suppresses_that_entry_only_for_the_ids_named() {
    let out = check(&format!(
        "@ MX 10 mail ; zonelint: ignore[mx-target-is-cname] -- moving\n{ALIAS}"
    ));
    assert_eq!(out.found, ["4:1 spf-missing"]);
    assert_eq!(out.suppressed, 1);
}

#[test]
fn own_line_suppresses_the_next_entry_past_blank_and_comment_lines() {
    let out = check(&format!(
        "; zonelint: ignore[mx-target-is-cname] -- moving\n\n; an ordinary comment\n@ MX 10 mail\n{ALIAS}"
    ));
    assert_eq!(out.found, ["7:1 spf-missing"]);
    assert_eq!(out.suppressed, 1);
}

#[test]
fn own_line_does_not_reach_past_the_next_entry() {
    let out = check(&format!(
        "; zonelint: ignore[mx-target-is-cname]\nmx1 TXT \"x\"\n@ MX 10 mail\n{ALIAS}"
    ));
    assert!(out.has("6:9 mx-target-is-cname"), "{:?}", out.found);
    assert!(out.has("4:20 unused-suppression"), "{:?}", out.found);
    assert_eq!(out.suppressed, 0);
}

#[test]
fn a_multi_line_entry_is_covered_from_any_of_its_lines() {
    // The finding is on the entry's second line; the suppression on its first.
    let first = check(&format!(
        "@ MX ( 10 ; zonelint: ignore[mx-target-is-cname]\n       mail )\n{ALIAS}"
    ));
    assert_eq!(first.found, ["4:1 spf-missing"]);
    assert_eq!(first.suppressed, 1);
    // And the other way round: finding on the first line, suppression after the last.
    let last = check(&format!(
        "@ MX ( 10 mail\n       ) ; zonelint: ignore[spf-missing]\n{ALIAS}"
    ));
    assert_eq!(last.found, ["4:11 mx-target-is-cname"]);
    assert_eq!(last.suppressed, 1);
    // An own-line suppression inside the parentheses covers the entry it sits in.
    let inside = check(&format!(
        "@ MX ( 10\n; zonelint: ignore[mx-target-is-cname]\n       mail )\n{ALIAS}"
    ));
    assert_eq!(inside.found, ["4:1 spf-missing"]);
    // An own-line suppression before a multi-line entry covers all of its lines.
    let before = check(&format!(
        "; zonelint: ignore[mx-target-is-cname]\n@ MX ( 10\n       mail )\n{ALIAS}"
    ));
    assert_eq!(before.found, ["5:1 spf-missing"]);
}

#[test]
fn several_ids_in_one_suppression() {
    let out = check(&format!(
        "@ MX 10 mail ; zonelint: ignore[spf-missing, mx-target-is-cname] -- both known\n{ALIAS}"
    ));
    assert!(out.found.is_empty(), "{:?}", out.found);
    assert_eq!(out.suppressed, 2);
}

#[test]
fn ignore_file_covers_the_whole_file() {
    let out = check(&format!(
        "@ MX 10 mail\n{ALIAS}www CNAME web\n; zonelint: ignore-file[mx-target-is-cname, cname-dangling]\n"
    ));
    assert_eq!(out.found, ["4:1 spf-missing"]);
    assert_eq!(out.suppressed, 2);
}

#[test]
fn ignore_file_does_not_reach_included_files() {
    let dir = Path::new("tests/fixtures/suppress/include");
    let mut reader = Reader::new(ReadOptions {
        origin: Some("example.com.".into()),
        ..ReadOptions::default()
    });
    reader
        .read_path(&dir.join("example.com.zone"))
        .expect("fixture reads");
    let graph = Graph::build(reader.finish());
    let run = rules::run_counting(&graph, &RuleConfig::default());
    let dangling: Vec<String> = run
        .diagnostics
        .iter()
        .filter(|d| d.id == "cname-dangling")
        .map(|d| {
            let (path, line, _) = graph.set.sources.location(d.span);
            format!("{path}:{line}")
        })
        .collect();
    assert_eq!(
        dangling,
        ["tests/fixtures/suppress/include/hosts.inc:2"],
        "{:?}",
        run.diagnostics
    );
    assert_eq!(run.suppressed, 1);
}

#[test]
fn a_directive_line_can_carry_a_suppression() {
    let out = check("$INCLUDE does-not-exist.inc ; zonelint: ignore[include-problem]\n");
    assert!(out.found.is_empty(), "{:?}", out.found);
    assert_eq!(out.suppressed, 1);
}

#[test]
fn unknown_id_is_reported_and_suppresses_nothing() {
    let out = check(&format!(
        "@ MX 10 mail ; zonelint: ignore[mx-target-is-cnam]\n{ALIAS}"
    ));
    assert_eq!(
        out.found,
        [
            "4:1 spf-missing",
            "4:9 mx-target-is-cname",
            "4:33 unused-suppression"
        ]
    );
    assert!(out.messages[2].contains("unknown rule `mx-target-is-cnam`"));
    assert_eq!(out.suppressed, 0);
}

#[test]
fn bare_ignore_is_reported_and_suppresses_nothing() {
    for comment in [
        "; zonelint: ignore",
        "; zonelint: ignore -- all of it",
        "; zonelint: ignore[]",
    ] {
        let out = check(&format!("@ MX 10 mail {comment}\n{ALIAS}"));
        assert_eq!(
            out.found,
            [
                "4:1 spf-missing",
                "4:9 mx-target-is-cname",
                "4:26 unused-suppression"
            ],
            "{comment}"
        );
        assert!(out.messages[2].contains("names no rule"), "{comment}");
    }
    let file = check("; zonelint: ignore-file\n");
    assert_eq!(file.found, ["4:13 unused-suppression"]);
}

#[test]
fn malformed_directive_is_reported() {
    let out = check("; zonelint: ignroe[spf-missing]\n");
    assert_eq!(out.found, ["4:3 unused-suppression"]);
    assert!(out.messages[0].contains("malformed"));
}

#[test]
fn unused_suppression_points_at_the_id() {
    let out = check(&format!(
        "@ MX 10 mail ; zonelint: ignore[mx-target-is-cname, cname-loop] -- moving\n{ALIAS}"
    ));
    assert_eq!(out.found, ["4:1 spf-missing", "4:53 unused-suppression"]);
    assert_eq!(
        out.messages[1],
        "suppression of `cname-loop` suppressed nothing"
    );
    assert_eq!(out.suppressed, 1);
}

#[test]
fn suppression_with_nothing_after_it_is_unused() {
    let out = check("; zonelint: ignore[spf-missing]\n");
    assert_eq!(out.found, ["4:20 unused-suppression"]);
}

#[test]
fn suppressing_a_rule_that_is_not_enabled_is_unused() {
    let mut config = RuleConfig::default();
    config
        .set("mx-target-is-cname", Level::Off)
        .expect("known rule");
    let out = check_with(
        &format!("@ MX 10 mail ; zonelint: ignore[mx-target-is-cname]\n{ALIAS}"),
        &config,
    );
    assert_eq!(out.found, ["4:1 spf-missing", "4:33 unused-suppression"]);
    assert!(
        out.messages[1].contains("not enabled"),
        "{}",
        out.messages[1]
    );
}

#[test]
fn turning_unused_suppression_off_keeps_suppressions_working() {
    let mut config = RuleConfig::default();
    config
        .set("unused-suppression", Level::Off)
        .expect("known rule");
    let out = check_with(
        &format!(
            "@ MX 10 mail ; zonelint: ignore[mx-target-is-cname, cname-loop, nope]\n; zonelint: ignore\n{ALIAS}"
        ),
        &config,
    );
    assert_eq!(out.found, ["4:1 spf-missing"]);
    assert_eq!(out.suppressed, 1);
}

#[test]
fn unused_suppression_can_itself_be_suppressed_file_wide() {
    let out = check(&format!(
        "; zonelint: ignore-file[unused-suppression] -- generated file, stale comments expected\n@ MX 10 mail ; zonelint: ignore[cname-loop]\n{ALIAS}"
    ));
    assert_eq!(out.found, ["5:1 spf-missing", "5:9 mx-target-is-cname"]);
    assert_eq!(out.suppressed, 1);
    // One that hides nothing is reported.
    let stale = check("; zonelint: ignore-file[unused-suppression]\n");
    assert_eq!(stale.found, ["4:25 unused-suppression"]);
}

#[test]
fn suppression_text_in_quoted_txt_is_data() {
    let out = check(&format!(
        "@ TXT \"; zonelint: ignore-file[spf-missing, mx-target-is-cname]\"\n@ TXT \"a ; zonelint: ignore\" \"; zonelint: ignore[nope]\"\n@ MX 10 mail\n{ALIAS}"
    ));
    assert_eq!(out.found, ["6:1 spf-missing", "6:9 mx-target-is-cname"]);
    assert_eq!(out.suppressed, 0);
}

#[test]
fn summary_counts_suppressed_findings_and_exit_code_follows_what_is_left() {
    let run = |path: &str| {
        Command::new(env!("CARGO_BIN_EXE_zonelint"))
            .args(["check", "--output-format", "concise", path])
            .env_remove("CLICOLOR_FORCE")
            .env("NO_COLOR", "1")
            .output()
            .expect("binary runs")
    };
    // Everything in example.com.zone is suppressed: clean, with the count shown.
    let clean = run("tests/fixtures/suppress/summary/example.com.zone");
    assert_eq!(
        String::from_utf8_lossy(&clean.stdout),
        "0 errors, 0 warnings in 1 file (2 suppressed)\n"
    );
    assert_eq!(clean.status.code(), Some(0));
    // example.net.zone suppresses `cname-dangling` but also names `cname-loop`, which is stale.
    let both = run("tests/fixtures/suppress/summary");
    assert_eq!(
        String::from_utf8_lossy(&both.stdout),
        "tests/fixtures/suppress/summary/example.net.zone:5:64: warning: suppression of \
         `cname-loop` suppressed nothing [unused-suppression]\n\
         0 errors, 1 warning in 2 files (3 suppressed)\n"
    );
    assert_eq!(both.status.code(), Some(1));
}
