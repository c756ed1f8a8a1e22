//! `zonelint completions` and `zonelint man`, through the real binary.

use std::process::{Command, Output};

fn zonelint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const COMMANDS: &[&str] = &["check", "dump", "rule", "rules", "completions", "man"];

#[test]
fn man_page_mentions_every_command() {
    let o = zonelint(&["man"]);
    assert_eq!(o.status.code(), Some(0));
    let page = stdout(&o);
    assert!(
        page.starts_with(".ie") || page.contains(".TH zonelint"),
        "{page}"
    );
    for command in COMMANDS {
        assert!(
            page.contains(&format!("zonelint\\-{command}"))
                || page.contains(&format!("ZONELINT {}", command.to_uppercase())),
            "the man page does not mention `{command}`"
        );
    }
    // Options of subcommands are in the page too.
    assert!(page.contains("origin"), "{page}");
}

#[test]
fn bash_completions_know_check() {
    let o = zonelint(&["completions", "bash"]);
    assert_eq!(o.status.code(), Some(0));
    let script = stdout(&o);
    assert!(script.contains("check"), "{script}");
    assert!(script.contains("complete -F"), "{script}");
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = zonelint(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains("rules"), "{shell}");
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    assert_eq!(zonelint(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn every_command_has_help_with_examples() {
    for command in COMMANDS {
        let o = zonelint(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command}");
        let help = stdout(&o);
        assert!(
            help.contains("Example"),
            "`zonelint {command} --help` has no example"
        );
    }
    assert!(stdout(&zonelint(&["--help"])).contains("Examples:"));
}

#[test]
fn new_commands_are_not_taken_for_paths() {
    // `man` is a command, not a file for the default `check`.
    assert_eq!(zonelint(&["man"]).status.code(), Some(0));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let o = zonelint(&["check", "examples/"]);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("reading"));
}
