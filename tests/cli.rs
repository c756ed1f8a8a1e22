//! The binary as a user runs it: exit codes, output formats, `dump`.

use std::process::{Command, Output};

fn zonelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn clean_zone_exits_zero() {
    let o = zonelint(&["check", "examples/example.com.zone"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o).trim(), "0 errors, 0 warnings in 1 file");
}

#[test]
fn check_is_the_default_command() {
    let o = zonelint(&["examples/example.com.zone"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn findings_exit_one_with_full_report() {
    let o = zonelint(&[
        "check",
        "--color",
        "never",
        "examples/broken.example.org.zone",
    ]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("broken_full", stdout(&o));
}

#[test]
fn concise_format_is_gcc_shaped() {
    let o = zonelint(&[
        "check",
        "--output-format",
        "concise",
        "examples/broken.example.org.zone",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let first = out
        .lines()
        .find(|l| l.contains("[invalid-syntax]"))
        .expect("a syntax finding");
    assert!(
        first.starts_with("examples/broken.example.org.zone:8:14: error: "),
        "{first}"
    );
    assert!(first.ends_with("[invalid-syntax]"), "{first}");
    insta::assert_snapshot!("broken_concise", out);
}

#[test]
fn unreadable_path_exits_two() {
    let o = zonelint(&["check", "no/such/file.zone"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read"));
}

#[test]
fn usage_error_exits_two() {
    assert_eq!(
        zonelint(&["check", "--no-such-flag", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(zonelint(&["check"]).status.code(), Some(2));
}

#[test]
fn directory_walk_reads_zones_and_follows_includes() {
    let o = zonelint(&["check", "--output-format", "concise", "examples/"]);
    let out = stdout(&o);
    // The include file is read through its zone, not as a zone of its own.
    let zones = std::fs::read_dir("examples")
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "zone")
        })
        .count();
    assert!(
        out.trim_end().ends_with(&format!("in {zones} files")),
        "{out}"
    );
    assert!(!out.contains("office-hosts.inc"), "{out}");
}

#[test]
fn dump_prints_canonical_records_that_read_back_identically() {
    let o = zonelint(&["dump", "examples/example.com.zone"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = stdout(&o);
    assert!(
        text.contains("example.com.\t3600\tIN\tMX\t10 mail.example.com.\n"),
        "{text}"
    );
    assert!(
        text.contains("printer.office.example.com.\t3600\tIN\tA\t192.0.2.130\n"),
        "{text}"
    );
    let dir = std::env::temp_dir().join(format!("zonelint-dump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let again = dir.join("again.zone");
    std::fs::write(&again, &text).unwrap();
    let o2 = zonelint(&["dump", "--no-infer-origin", again.to_str().unwrap()]);
    assert_eq!(
        o2.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o2.stderr)
    );
    assert_eq!(stdout(&o2), text);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dump_exits_one_on_syntax_errors_after_printing_what_it_read() {
    let o = zonelint(&["dump", "examples/broken.example.org.zone"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("ns1.example.org.\t3600\tIN\tA\t192.0.2.1"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("[unknown-record-type]"));
}

#[test]
fn origin_option_and_inference() {
    let dir = std::env::temp_dir().join(format!("zonelint-origin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("db.example.com");
    std::fs::write(&file, "$TTL 300\n@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\n").unwrap();
    let inferred = stdout(&zonelint(&["dump", file.to_str().unwrap()]));
    assert!(inferred.contains("www.example.com.\t300"), "{inferred}");
    let explicit = stdout(&zonelint(&[
        "dump",
        "--origin",
        "example.net",
        file.to_str().unwrap(),
    ]));
    assert!(explicit.contains("www.example.net.\t300"), "{explicit}");
    let none = zonelint(&["dump", "--no-infer-origin", file.to_str().unwrap()]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("[relative-name-without-origin]"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn rule_prints_the_documentation_of_one_rule() {
    let o = zonelint(&["rule", "mx-target-is-cname"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("mx-target-is-cname (mx, default: error, since 0.1.0)\n"),
        "{out}"
    );
    for section in [
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "Use instead:",
    ] {
        assert!(out.contains(section), "{section} missing:\n{out}");
    }
    let o = zonelint(&["rule", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown rule `no-such-rule`"));
}

#[test]
fn rules_lists_every_rule_with_group_and_level() {
    let o = zonelint(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("cname-at-apex "))
        .expect("cname-at-apex listed");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&words[..3], ["cname-at-apex", "cname", "error"], "{line}");
    assert_eq!(out.lines().count(), zonelint::rules::RULES.len());
    let md = stdout(&zonelint(&["rules", "--markdown"]));
    assert_eq!(md, std::fs::read_to_string("docs/rules.md").unwrap());
}

#[test]
fn select_and_ignore_choose_the_rules() {
    let zone = "examples/mail.example.zone";
    let all = stdout(&zonelint(&["check", "--output-format", "concise", zone]));
    assert!(all.contains("[mx-target-is-cname]"), "{all}");
    let only = stdout(&zonelint(&[
        "check",
        "--output-format",
        "concise",
        "--select",
        "mx-target-is-cname",
        zone,
    ]));
    let ids: std::collections::BTreeSet<&str> = only
        .lines()
        .filter_map(|l| l.rsplit_once(" [").map(|(_, id)| id.trim_end_matches(']')))
        .collect();
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["mx-target-is-cname"]);
    let ignored = stdout(&zonelint(&[
        "check",
        "--output-format",
        "concise",
        "--ignore",
        "mx-target-is-cname",
        zone,
    ]));
    assert!(!ignored.contains("[mx-target-is-cname]"), "{ignored}");
    let o = zonelint(&["check", "--select", "no-such-rule", zone]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn timings_time_each_selected_rule_on_stderr_and_leave_stdout_alone() {
    let zone = "examples/mail.example.zone";
    let args = ["check", "--output-format", "concise", "--select", "mx,spf"];
    let plain = zonelint(&[&args[..], &[zone]].concat());
    let timed = zonelint(&[&args[..], &["--timings", zone]].concat());
    assert_eq!(timed.status.code(), plain.status.code());
    assert_eq!(stdout(&timed), stdout(&plain));
    let err = String::from_utf8_lossy(&timed.stderr).into_owned();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "zonelint: timings (seconds, wall clock)", "{err}");
    let what: Vec<&str> = lines[1..]
        .iter()
        .map(|l| {
            let (seconds, what) = l.trim_start().split_once("  ").expect("SECONDS  WHAT");
            assert!(seconds.parse::<f64>().is_ok_and(|s| s >= 0.0), "{l}");
            what
        })
        .collect();
    assert_eq!(what[..3], ["reading", "graph", "rules"]);
    assert_eq!(what.last(), Some(&"output"));
    let rules: std::collections::BTreeSet<&str> = what
        .iter()
        .filter_map(|w| w.strip_prefix("rule "))
        .collect();
    // Exactly the selected rules (the mx and spf groups), each once.
    let listed = stdout(&zonelint(&["rules"]));
    let selected: std::collections::BTreeSet<&str> = listed
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let (id, group) = (words.next()?, words.next()?);
            matches!(group, "mx" | "spf").then_some(id)
        })
        .collect();
    assert!(selected.len() > 10, "{listed}");
    assert_eq!(rules, selected);
    assert_eq!(what.len(), 4 + rules.len());
}

#[test]
fn every_command_helps_with_its_own_description_and_options() {
    // The commands other than `check` define their options late (clap's `defer`): their help
    // still opens with their own description and lists their options.
    for (command, about, option) in [
        ("dump", "Print the records of a zone file", "--origin"),
        ("rule", "Print a rule's documentation", "<ID>"),
        ("rules", "List every rule", "--markdown"),
        ("diff", "Compare two versions of a zone file", "--origin"),
        ("completions", "Print a shell completion script", "<SHELL>"),
    ] {
        let o = zonelint(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command}");
        let help = stdout(&o);
        assert!(help.starts_with(about), "{command}: {help}");
        assert!(help.contains(option), "{command}: {help}");
    }
}
