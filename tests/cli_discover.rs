//! Finding the zones, via the real binary in temporary trees: walks (ignore files, hidden
//! entries, patterns), explicit files, stdin, and project mode.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const ZONE_COM: &str = "$ORIGIN example.com.\n$TTL 1h\n\
@ SOA ns1.example.com. hostmaster.example.com. 1 14400 3600 1209600 3600\n\
@ NS ns1.example.com.\n\
@ NS ns2.example.com.\n\
@ MX 10 mail.example.net.\n\
@ TXT \"v=spf1 mx -all\"\n\
ns1 A 192.0.2.1\n\
ns2 A 192.0.2.3\n\
_dmarc TXT \"v=DMARC1; p=reject\"\n";

/// Its `mail` is an alias (what the MX in `ZONE_COM` must not point at) and has other data
/// beside the CNAME: a problem of this file only.
const ZONE_NET: &str = "$ORIGIN example.net.\n$TTL 1h\n\
@ SOA ns1.example.net. hostmaster.example.net. 1 14400 3600 1209600 3600\n\
@ NS ns1.example.net.\n\
@ NS ns2.example.net.\n\
ns1 A 192.0.2.2\n\
ns2 A 192.0.2.4\n\
mail CNAME mx1\n\
mail TXT \"other data\"\n\
mx1 A 192.0.2.25\n";

/// A zone that does not parse: reading it is visible in the output.
const BROKEN: &str = "$TTL 1h\n@ SOA broken\n";

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .arg("check")
        .args(["--output-format", "concise"])
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(text.as_bytes())
            .expect("stdin written");
    }
    child.wait_with_output().expect("binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("dirs");
    std::fs::write(path, text).expect("file written");
}

/// A tree with zones in plain, ignored, hidden and odd places.
fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let d = tmp.path();
    write(d, "zones/a.zone", BROKEN);
    write(d, "zones/db.b", BROKEN);
    write(d, "zones/c.db", BROKEN);
    write(d, "zones/example.org", BROKEN);
    write(d, "zones/notes.md", BROKEN);
    write(d, "zones/odd-name", BROKEN);
    write(d, "zones/hosts_extra", BROKEN);
    write(d, "zones/ignored/d.zone", BROKEN);
    write(d, "zones/skipped.zone", BROKEN);
    write(d, "zones/.hidden/e.zone", BROKEN);
    write(d, "zones/.f.zone", BROKEN);
    write(d, "zones/archive/g.zone", BROKEN);
    write(d, "zones/.gitignore", "ignored/\n");
    write(d, "zones/.ignore", "skipped.zone\n");
    tmp
}

/// The files reported on, in output order (one `invalid-syntax` finding or more per file).
fn files_reported(o: &Output) -> Vec<String> {
    let mut files: Vec<String> = stdout(o)
        .lines()
        .filter_map(|l| l.split_once(':').map(|(f, _)| f.to_owned()))
        .filter(|f| !f.contains(' '))
        .collect();
    files.dedup();
    files
}

#[test]
fn walk_respects_ignore_files_and_skips_hidden_entries() {
    let tmp = tree();
    let o = run(tmp.path(), &["zones"], None);
    assert_eq!(
        files_reported(&o),
        [
            "zones/a.zone",
            "zones/archive/g.zone",
            "zones/c.db",
            "zones/db.b",
            "zones/example.org"
        ],
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).trim_end().ends_with("in 5 files"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn include_and_exclude_patterns() {
    let tmp = tree();
    let o = run(
        tmp.path(),
        &[
            "--include",
            "hosts_*",
            "--exclude",
            "archive",
            "--exclude",
            "db.*",
            "zones",
        ],
        None,
    );
    assert_eq!(
        files_reported(&o),
        [
            "zones/a.zone",
            "zones/c.db",
            "zones/example.org",
            "zones/hosts_extra"
        ],
        "{}",
        stdout(&o)
    );
}

#[test]
fn bad_pattern_is_a_usage_error() {
    let tmp = tree();
    let o = run(tmp.path(), &["--include", "a[", "zones"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("invalid pattern `a[`"),
        "{o:?}"
    );
}

#[test]
fn explicit_files_are_checked_whatever_their_name() {
    let tmp = tree();
    let o = run(
        tmp.path(),
        &[
            "zones/odd-name",
            "zones/notes.md",
            "zones/.f.zone",
            "zones/skipped.zone",
        ],
        None,
    );
    assert_eq!(
        files_reported(&o),
        [
            "zones/.f.zone",
            "zones/notes.md",
            "zones/odd-name",
            "zones/skipped.zone"
        ],
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_file_named_twice_is_read_once() {
    let tmp = tree();
    let o = run(
        tmp.path(),
        &["zones/a.zone", "zones", "./zones/a.zone"],
        None,
    );
    let out = stdout(&o);
    assert_eq!(out.matches("a.zone:").count(), 1, "{out}");
    assert!(out.trim_end().ends_with("in 5 files"), "{out}");
}

#[test]
fn stdin_without_a_name() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["-"], Some(ZONE_NET));
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn stdin_filename_names_the_buffer_and_implies_the_origin() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // No $ORIGIN: the name `db.example.net` gives it.
    let text = ZONE_NET.replace("$ORIGIN example.net.\n", "");
    let o = run(
        tmp.path(),
        &["--stdin-filename", "zones/db.example.net", "-"],
        Some(&text),
    );
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn stdin_filename_anchors_includes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write(
        tmp.path(),
        "zones/hosts.inc",
        "www A 192.0.2.80\nwww A 192.0.2.80\n",
    );
    let text = format!("{ZONE_COM}$INCLUDE hosts.inc\n");
    let o = run(
        tmp.path(),
        &["--stdin-filename", "zones/example.com.zone", "-"],
        Some(&text),
    );
    let out = stdout(&o);
    assert!(out.contains("zones/hosts.inc:2:"), "{out}");
}

/// A project (marked by its config file) with the two zones.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    write(tmp.path(), "zonelint.toml", "");
    write(tmp.path(), "zones/db.example.com", ZONE_COM);
    write(tmp.path(), "zones/example.net.zone", ZONE_NET);
    tmp
}

#[test]
fn project_mode_reads_the_other_zones_but_reports_on_the_named_file() {
    let tmp = project();
    let o = run(tmp.path(), &["zones/db.example.com"], None);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
    // From a subdirectory of the project too.
    let o = run(&tmp.path().join("zones"), &["db.example.com"], None);
    assert!(
        stdout(&o).contains("[mx-target-is-cname]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn isolated_reads_only_the_named_file() {
    let tmp = project();
    let o = run(tmp.path(), &["--isolated", "zones/db.example.com"], None);
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn without_a_config_a_repository_is_not_a_project() {
    let tmp = project();
    std::fs::remove_file(tmp.path().join("zonelint.toml")).expect("removed");
    std::fs::create_dir(tmp.path().join(".git")).expect(".git");
    let o = run(tmp.path(), &["zones/db.example.com"], None);
    assert!(!stdout(&o).contains("mx-target-is-cname"), "{}", stdout(&o));
}

#[test]
fn a_stdin_buffer_replaces_its_file_in_the_project() {
    let tmp = project();
    // The buffer fixed the alias; the file on disk still has it.
    let fixed = ZONE_NET
        .replace("mail CNAME mx1\n", "mail A 192.0.2.25\n")
        .replace("mail TXT \"other data\"\n", "");
    let o = run(
        tmp.path(),
        &[
            "--stdin-filename",
            "zones/example.net.zone",
            "-",
            "zones/db.example.com",
        ],
        Some(&fixed),
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.trim_end().ends_with("in 2 files"), "{out}");
}
