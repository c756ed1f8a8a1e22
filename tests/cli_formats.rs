//! The machine output formats, `--report`, `--statistics` and fingerprints, through the binary.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const MAIL: &str = "examples/mail.example.zone";
const PARTNER: &str = "examples/partner.example.zone";

fn zonelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn check(format: &str, paths: &[&str]) -> String {
    let mut args = vec!["check", "--output-format", format];
    args.extend_from_slice(paths);
    let o = zonelint(&args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8 output")
}

fn json(format: &str, paths: &[&str]) -> Value {
    serde_json::from_str(&check(format, paths)).expect("valid JSON")
}

/// The SARIF log without the 58 rule descriptors (each a whole rule page), which the snapshot
/// would otherwise drown in: their ids are kept, and one is checked in full below.
fn sarif_for_snapshot(mut log: Value) -> String {
    let rules = &mut log["runs"][0]["tool"]["driver"]["rules"];
    let ids: Vec<Value> = rules
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    *rules = Value::Array(ids);
    let version = &mut log["runs"][0]["tool"]["driver"];
    version["version"] = "[version]".into();
    version["semanticVersion"] = "[version]".into();
    serde_json::to_string_pretty(&log).expect("serializes")
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!("mail_json", check("json", &[MAIL]));
}

#[test]
fn snapshot_json_lines() {
    insta::assert_snapshot!("mail_json_lines", check("json-lines", &[MAIL]));
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!("mail_sarif", sarif_for_snapshot(json("sarif", &[MAIL])));
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!("mail_github", check("github", &[MAIL]));
}

#[test]
fn snapshot_gitlab() {
    insta::assert_snapshot!("mail_gitlab", check("gitlab", &[MAIL]));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!("mail_junit", check("junit", &[MAIL]));
}

#[test]
fn snapshot_related_labels_in_another_file() {
    insta::assert_snapshot!("mail_partner_json", check("json", &[MAIL, PARTNER]));
    insta::assert_snapshot!(
        "mail_partner_sarif",
        sarif_for_snapshot(json("sarif", &[MAIL, PARTNER]))
    );
}

#[test]
fn json_has_every_field() {
    let findings = json("json", &[MAIL, PARTNER]);
    let findings = findings.as_array().expect("an array");
    assert!(!findings.is_empty());
    for f in findings {
        for key in [
            "rule",
            "severity",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "label",
            "help",
            "note",
            "related",
            "fingerprint",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
        assert!(f["line"].as_u64().expect("line") >= 1);
        assert!(f["column"].as_u64().expect("column") >= 1);
        assert_eq!(f["fingerprint"].as_str().expect("fingerprint").len(), 32);
        for r in f["related"].as_array().expect("related") {
            for key in [
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "message",
            ] {
                assert!(r.get(key).is_some(), "related {key} missing in {f}");
            }
        }
    }
    // The alias of the backup MX is defined in the partner zone.
    assert!(findings.iter().any(|f| {
        f["related"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["file"] == PARTNER))
    }));
    let fingerprints: std::collections::BTreeSet<&str> = findings
        .iter()
        .map(|f| f["fingerprint"].as_str().expect("fp"))
        .collect();
    assert_eq!(
        fingerprints.len(),
        findings.len(),
        "fingerprints are unique"
    );
}

#[test]
fn json_lines_are_the_json_array() {
    let array = json("json", &[MAIL]);
    let lines: Vec<Value> = check("json-lines", &[MAIL])
        .lines()
        .map(|l| serde_json::from_str(l).expect("one object a line"))
        .collect();
    assert_eq!(Value::Array(lines), array);
}

fn fingerprints_of(path: &Path) -> Vec<(String, String, u64)> {
    let path = path.to_str().expect("utf-8 path");
    json("json", &[path])
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_owned(),
                f["fingerprint"].as_str().expect("fp").to_owned(),
                f["line"].as_u64().expect("line"),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_lines_moving() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(MAIL).expect("example");
    let path = dir.path().join("mail.example.zone");
    std::fs::write(&path, &text).expect("write");
    let before = fingerprints_of(&path);
    std::fs::write(&path, format!("\n\n\n; moved\n{text}")).expect("write");
    let after = fingerprints_of(&path);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(a.2, b.2 + 4, "the lines did move");
        assert_eq!((&a.0, &a.1), (&b.0, &b.1), "same rule, same fingerprint");
    }
}

#[test]
fn fingerprints_of_syntax_errors_survive_lines_moving() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "$ORIGIN example.com.\n$TTL 1h\n@ SOA ns hm 1 2 3 4 5\n@ NS ns\nns A 192.0.2.1\nbad A 999.1.1.1\n";
    let path = dir.path().join("example.com.zone");
    std::fs::write(&path, text).expect("write");
    let before = fingerprints_of(&path);
    assert!(before.iter().any(|f| f.0 == "invalid-syntax"), "{before:?}");
    std::fs::write(&path, format!("\n\n{text}")).expect("write");
    let after = fingerprints_of(&path);
    let strip = |v: &[(String, String, u64)]| -> Vec<(String, String)> {
        v.iter().map(|f| (f.0.clone(), f.1.clone())).collect()
    };
    assert_eq!(strip(&before), strip(&after));
}

#[test]
fn sarif_validates_against_the_schema() {
    let text =
        std::fs::read_to_string("tests/fixtures/sarif/sarif-schema-2.1.0.json").expect("schema");
    // The schema's `language` pattern ends in a lone `]`: a literal in ECMA-262 regexes, a
    // syntax error in Rust's `regex`. Escaping it keeps its meaning; the file stays as published.
    let text = text.replace(r#"{2}]?$""#, r#"{2}\\]?$""#);
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles offline");
    for paths in [
        &[MAIL][..],
        &[MAIL, PARTNER][..],
        &["examples/broken.example.org.zone"][..],
    ] {
        let mut args = vec!["check", "--output-format", "sarif"];
        args.extend_from_slice(paths);
        let log: Value = serde_json::from_slice(&zonelint(&args).stdout).expect("SARIF is JSON");
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{paths:?}: {errors:#?}");
    }
    // The validator does check formats and enums: a relative `helpUri` and a level SARIF does
    // not know are both rejected.
    let mut log = json("sarif", &[MAIL]);
    log["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "docs/rules.md#x".into();
    assert!(!validator.is_valid(&log));
    let mut log = json("sarif", &[MAIL]);
    log["runs"][0]["results"][0]["level"] = "info".into();
    assert!(!validator.is_valid(&log));
}

#[test]
fn sarif_rules_come_from_the_registry() {
    let log = json("sarif", &[MAIL]);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let cname = rules
        .iter()
        .find(|r| r["id"] == "mx-target-is-cname")
        .expect("rule listed");
    assert!(
        cname["shortDescription"]["text"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(
        cname["help"]["markdown"]
            .as_str()
            .is_some_and(|s| s.contains("## What it does"))
    );
    assert_eq!(cname["defaultConfiguration"]["level"], "error");
    for result in run["results"].as_array().expect("results") {
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("index")).expect("usize");
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["partialFingerprints"]["zonelint/v1"].is_string());
    }
}

#[test]
fn github_escapes_workflow_command_data() {
    let out = check("github", &[MAIL]);
    for line in out.lines() {
        assert!(
            line.starts_with("::error file=")
                || line.starts_with("::warning file=")
                || line.starts_with("::notice file="),
            "{line}"
        );
        let (_, message) = line
            .split_once("::")
            .and_then(|(_, r)| r.split_once("::"))
            .expect("two ::");
        assert!(!message.contains('\n') && !message.contains('\r'));
    }
}

#[test]
fn report_writes_more_formats_from_one_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sarif = dir.path().join("out.sarif");
    let junit = dir.path().join("out.xml");
    let sarif_arg = format!("sarif={}", sarif.display());
    let junit_arg = format!("junit={}", junit.display());
    let o = zonelint(&[
        "check",
        "--output-format",
        "concise",
        "--report",
        &sarif_arg,
        "--report",
        &junit_arg,
        MAIL,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.trim_end().ends_with("in 1 file"), "{stdout}");
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written"))
            .expect("json");
    assert_eq!(written, json("sarif", &[MAIL]));
    assert_eq!(
        std::fs::read_to_string(&junit).expect("junit written"),
        check("junit", &[MAIL])
    );
}

#[test]
fn message_only_formats_print_the_same_whether_details_are_kept_or_not() {
    // `concise` and `gitlab` alone make the rules drop help, notes and labels; a `--report` in
    // a format that prints them keeps them, and neither output may change.
    let dir = tempfile::tempdir().expect("temp dir");
    let json_path = dir.path().join("out.json");
    let json_arg = format!("json={}", json_path.display());
    for format in ["concise", "gitlab"] {
        let terse = check(format, &[MAIL, PARTNER]);
        let o = zonelint(&[
            "check",
            "--output-format",
            format,
            "--report",
            &json_arg,
            MAIL,
            PARTNER,
        ]);
        assert_eq!(String::from_utf8_lossy(&o.stdout), terse, "{format}");
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(&json_path).expect("json written"))
                .expect("json");
        assert_eq!(written, json("json", &[MAIL, PARTNER]));
        let helped = written
            .as_array()
            .expect("array")
            .iter()
            .filter(|f| f["help"].is_string())
            .count();
        assert!(helped > 0, "the report kept the help texts");
    }
}

#[test]
fn report_needs_format_and_path() {
    for bad in ["sarif", "yaml=out.yaml", "json="] {
        let o = zonelint(&["check", "--report", bad, MAIL]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn unwritable_report_exits_two() {
    let o = zonelint(&["check", "--report", "json=/nonexistent-dir/out.json", MAIL]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write report"));
}

#[test]
fn statistics_count_per_rule_before_the_summary() {
    let out = check_with(&["--output-format", "concise", "--statistics", MAIL]);
    insta::assert_snapshot!("mail_statistics", out);
}

fn check_with(args: &[&str]) -> String {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    String::from_utf8(zonelint(&all).stdout).expect("utf-8")
}
