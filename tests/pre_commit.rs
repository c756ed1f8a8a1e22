//! The pre-commit hook with the real `pre-commit` tool (from PyPI): `tests/integration/pre-commit.sh`
//! builds a throw-away zone repository and checks that this repository's hook passes on a good
//! zone and fails on a bad one. Needs python3 with venv, and PyPI once (the venv is kept under
//! the target directory). Skipped with a message when python3 is missing, unless `CI` is set.

mod common;

use std::process::Command;

#[test]
fn pre_commit_hook_passes_good_zones_and_fails_bad_ones() {
    if common::tool("python3").is_none() {
        common::skip("pre_commit", "python3 is not installed");
        return;
    }
    let out = Command::new("bash")
        .arg("tests/integration/pre-commit.sh")
        .env("ZONELINT", env!("CARGO_BIN_EXE_zonelint"))
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("ok: a good zone passes"),
        "{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("ok: a bad zone fails"),
        "{stdout}\n{stderr}"
    );
}
