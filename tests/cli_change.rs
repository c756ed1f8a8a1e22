//! Checking a change, not just the files (issue 6): real git repositories in a temporary
//! directory, commits with good and bad changes, and the binary run with `--base`,
//! `--new-only`, `--baseline` and `diff`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A throw-away git repository.
struct Repo {
    dir: TempDir,
}

impl Repo {
    fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        repo.git(&["init", "-q"]);
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git with no user or system config (a fixed identity, no signing).
    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("HOME", self.path())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn remove(&self, path: &str) {
        std::fs::remove_file(self.path().join(path)).expect("remove");
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Runs zonelint in the repository.
    fn zonelint(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The concise lines of one rule.
    fn lines_of(&self, id: &str) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.ends_with(&format!("[{id}]")))
            .collect()
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A zone with an SOA of `serial`, an NS, an SPF record and `body` (from line 6), then a second
/// name server and a DMARC record (unless `body` has one), so that only `body` has problems.
fn zone(serial: u32, body: &str) -> String {
    let dmarc = if body.contains("_dmarc") {
        ""
    } else {
        "_dmarc TXT \"v=DMARC1; p=reject\"\n"
    };
    format!(
        "$TTL 3600\n@ SOA ns1 hostmaster {serial} 14400 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.53\n@ TXT \"v=spf1 mx -all\"\n{body}@ NS ns2\nns2 A 192.0.2.54\n{dmarc}"
    )
}

const CONCISE: &[&str] = &["check", "--output-format", "concise"];

fn check(repo: &Repo, extra: &[&str]) -> Run {
    let mut args = CONCISE.to_vec();
    args.extend_from_slice(extra);
    repo.zonelint(&args)
}

#[test]
fn serial_not_bumped_is_an_error() {
    let repo = Repo::new();
    repo.write(
        "zones/example.com.zone",
        &zone(2_024_010_101, "@ MX 10 mx1\nmx1 A 192.0.2.25\n"),
    );
    repo.commit("one");
    repo.write(
        "zones/example.com.zone",
        &zone(2_024_010_101, "@ MX 10 mx1\nmx1 A 192.0.2.26\n"),
    );
    let run = check(&repo, &["--base", "HEAD", "zones/"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.lines_of("serial-not-increased"),
        [
            "zones/example.com.zone:2:22: error: zone changed but SOA serial `2024010101` was not increased (serial `2024010101` at `HEAD`) [serial-not-increased]"
        ]
    );
    // Committed: compared with the commit before it.
    repo.commit("two");
    let run = check(&repo, &["--base", "HEAD~1", "zones/"]);
    assert_eq!(
        run.lines_of("serial-not-increased").len(),
        1,
        "{}",
        run.stdout
    );
    // Bumped: clean.
    repo.write(
        "zones/example.com.zone",
        &zone(2_024_010_102, "@ MX 10 mx1\nmx1 A 192.0.2.26\n"),
    );
    let run = check(&repo, &["--base", "HEAD~1", "zones/"]);
    assert!(
        run.lines_of("serial-not-increased").is_empty(),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
}

#[test]
fn serial_wrapped_correctly_is_clean() {
    let repo = Repo::new();
    repo.write(
        "zones/example.com.zone",
        &zone(4_294_967_295, "www A 192.0.2.80\n"),
    );
    repo.commit("one");
    repo.git(&["branch", "before"]);
    repo.write("zones/example.com.zone", &zone(1, "www A 192.0.2.81\n"));
    repo.commit("two");
    let run = check(
        &repo,
        &[
            "--base",
            "before",
            "--select",
            "change",
            "zones/example.com.zone",
        ],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "0 errors, 0 warnings in 1 file\n");
    // A jump of 2^31 or more wraps around to a decrease.
    repo.write(
        "zones/example.com.zone",
        &zone(2_147_483_648, "www A 192.0.2.81\n"),
    );
    let run = check(&repo, &["--base", "before", "zones/example.com.zone"]);
    assert_eq!(
        run.lines_of("serial-not-increased").len(),
        1,
        "{}",
        run.stdout
    );
}

#[test]
fn a_change_only_in_an_included_file_needs_a_serial_bump_too() {
    let repo = Repo::new();
    repo.write("zones/example.com.zone", &zone(7, "$INCLUDE hosts.inc\n"));
    repo.write("zones/hosts.inc", "www A 192.0.2.80\n");
    repo.commit("one");
    repo.write("zones/hosts.inc", "www A 192.0.2.81\n");
    let run = check(&repo, &["--base", "HEAD", "zones/example.com.zone"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.lines_of("serial-not-increased"),
        [
            "zones/example.com.zone:2:22: error: zone changed but SOA serial `7` was not increased (serial `7` at `HEAD`) [serial-not-increased]"
        ]
    );
    // The include as it was at the revision, not as it is on disk: the base is the old text.
    let full = repo.zonelint(&["check", "--base", "HEAD", "zones/example.com.zone"]);
    assert!(
        full.stdout.contains("1 record added and 1 removed"),
        "{}",
        full.stdout
    );
    assert!(
        full.stdout.contains("zones/hosts.inc:1:1"),
        "{}",
        full.stdout
    );
}

#[test]
fn mx_changed_under_a_one_day_ttl_warns_with_the_time() {
    let repo = Repo::new();
    repo.write(
        "zones/example.com.zone",
        &zone(1, "@ 86400 MX 10 mx1\nmx1 A 192.0.2.25\nmx2 A 192.0.2.26\n"),
    );
    repo.commit("one");
    repo.write(
        "zones/example.com.zone",
        &zone(2, "@ 300 MX 10 mx2\nmx1 A 192.0.2.25\nmx2 A 192.0.2.26\n"),
    );
    let run = check(&repo, &["--base", "HEAD", "zones/"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.lines_of("mail-change-high-ttl"),
        [
            "zones/example.com.zone:6:13: warning: MX records of `example.com.` changed while the old TTL was 86400 (24 h): resolvers may keep the old answer for up to 24 h [mail-change-high-ttl]"
        ]
    );
    let full = repo.zonelint(&["check", "--base", "HEAD", "zones/"]);
    assert!(
        full.stdout.contains(
            "lower the TTL of the old records first (e.g. to 300) and deploy that, wait 24 h"
        ),
        "{}",
        full.stdout
    );
}

#[test]
fn host_removed_while_another_zones_mx_points_at_it_is_an_error() {
    let repo = Repo::new();
    repo.write(
        "zones/example.com.zone",
        &zone(1, "mail A 192.0.2.25\nwww A 192.0.2.80\n"),
    );
    repo.write(
        "zones/example.net.zone",
        &zone(1, "@ MX 10 mail.example.com.\n"),
    );
    repo.commit("one");
    repo.write("zones/example.com.zone", &zone(2, "www A 192.0.2.80\n"));
    let run = check(&repo, &["--base", "HEAD", "zones/"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.lines_of("record-removed-still-referenced"),
        [
            "zones/example.net.zone:6:9: error: MX exchange `mail.example.com.` was removed since `HEAD` but is still referenced here [record-removed-still-referenced]"
        ]
    );
}

#[test]
fn a_deleted_zone_file_still_counts_as_removed_names() {
    let repo = Repo::new();
    repo.write("zones/example.org.zone", &zone(1, "mx A 192.0.2.25\n"));
    repo.write(
        "zones/example.net.zone",
        &zone(1, "@ MX 10 mx.example.org.\n"),
    );
    repo.commit("one");
    repo.remove("zones/example.org.zone");
    let run = check(&repo, &["--base", "HEAD", "zones/"]);
    let lines = run.lines_of("record-removed-still-referenced");
    assert_eq!(lines.len(), 1, "{}{}", run.stdout, run.stderr);
    assert!(
        lines[0].starts_with(
            "zones/example.net.zone:6:9: error: MX exchange `mx.example.org.` was removed"
        ),
        "{}",
        lines[0]
    );
}

#[test]
fn a_zone_new_since_the_base_has_nothing_to_compare_with() {
    let repo = Repo::new();
    repo.write("zones/example.com.zone", &zone(1, ""));
    repo.commit("one");
    repo.write("zones/example.net.zone", &zone(1, "www A 192.0.2.80\n"));
    let run = check(&repo, &["--base", "HEAD", "--select", "change", "zones/"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
}

#[test]
fn new_only_hides_exactly_the_findings_that_existed_at_the_base() {
    let repo = Repo::new();
    // At the base: an MX at an alias (mx-target-is-cname), kept unchanged.
    repo.write(
        "zones/example.com.zone",
        &zone(1, "@ MX 10 mail\nmail CNAME mx1\nmx1 A 192.0.2.25\n"),
    );
    repo.commit("one");
    // The change adds lines above it, and a new problem: a second alias as MX exchange.
    repo.write(
        "zones/example.com.zone",
        &zone(
            2,
            "; moved down\nwww A 192.0.2.80\nsub MX 10 relay\nrelay CNAME mx1\n@ MX 10 mail\nmail CNAME mx1\nmx1 A 192.0.2.25\n",
        ),
    );
    let all = check(&repo, &["--base", "HEAD", "zones/"]);
    assert_eq!(
        all.lines_of("mx-target-is-cname").len(),
        2,
        "{}",
        all.stdout
    );
    let new = check(&repo, &["--base", "HEAD", "--new-only", "zones/"]);
    assert_eq!(new.code, Some(1), "{}{}", new.stdout, new.stderr);
    assert_eq!(
        new.lines_of("mx-target-is-cname"),
        [
            "zones/example.com.zone:8:11: error: MX exchange `relay.example.com.` is an alias of `mx1.example.com.` [mx-target-is-cname]"
        ]
    );
    assert!(
        new.stdout.ends_with("(1 already at `HEAD`)\n"),
        "{}",
        new.stdout
    );
    // `--new-only` needs `--base`.
    let bad = repo.zonelint(&["check", "--new-only", "zones/"]);
    assert_eq!(bad.code, Some(2));
}

#[test]
fn a_baseline_hides_exactly_the_recorded_findings_wherever_they_move() {
    let repo = Repo::new();
    repo.write(
        "zones/example.com.zone",
        &zone(1, "@ MX 10 mail\nmail CNAME mx1\nmx1 A 192.0.2.25\n"),
    );
    let missing = check(&repo, &["--baseline", "baseline.json", "zones/"]);
    assert_eq!(missing.code, Some(2));
    assert!(
        missing.stderr.contains("create it with --update-baseline"),
        "{}",
        missing.stderr
    );
    let update = check(
        &repo,
        &["--baseline", "baseline.json", "--update-baseline", "zones/"],
    );
    assert_eq!(update.code, Some(0), "{}", update.stderr);
    assert!(
        update.stderr.contains("wrote 1 finding to baseline"),
        "{}",
        update.stderr
    );
    let text = std::fs::read_to_string(repo.path().join("baseline.json")).expect("baseline");
    assert!(
        text.contains("\"file\": \"zones/example.com.zone\""),
        "{text}"
    );
    assert!(text.contains("\"rule\": \"mx-target-is-cname\""), "{text}");
    assert!(!text.contains("line"), "no line numbers: {text}");
    // Records move down, a new problem appears: only it is reported.
    repo.write(
        "zones/example.com.zone",
        &zone(
            1,
            "www A 192.0.2.80\nsub MX 10 relay\nrelay CNAME mx1\n@ MX 10 mail\nmail CNAME mx1\nmx1 A 192.0.2.25\n",
        ),
    );
    let run = check(&repo, &["--baseline", "baseline.json", "zones/"]);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.lines_of("mx-target-is-cname"),
        [
            "zones/example.com.zone:7:11: error: MX exchange `relay.example.com.` is an alias of `mx1.example.com.` [mx-target-is-cname]"
        ]
    );
    assert!(
        run.stdout.ends_with("(1 in the baseline)\n"),
        "{}",
        run.stdout
    );
    // From another directory, with another spelling of the path: still matched.
    let inside = run_in(
        &repo.path().join("zones"),
        &[
            "check",
            "--output-format",
            "concise",
            "--baseline",
            "../baseline.json",
            ".",
        ],
    );
    assert_eq!(
        inside.lines_of("mx-target-is-cname").len(),
        1,
        "{}",
        inside.stdout
    );
    // The recorded problem fixed: its entry is stale, and said so.
    repo.write(
        "zones/example.com.zone",
        &zone(1, "@ MX 10 mx1\nmx1 A 192.0.2.25\n"),
    );
    let fixed = check(&repo, &["--baseline", "baseline.json", "zones/"]);
    assert_eq!(fixed.code, Some(0), "{}", fixed.stdout);
    assert!(
        fixed
            .stderr
            .contains("1 baseline entry of `baseline.json` match no finding any more"),
        "{}",
        fixed.stderr
    );
}

#[test]
fn git_problems_exit_two_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("example.com.zone"), zone(1, "")).expect("write");
    let run = run_in(
        dir.path(),
        &["check", "--base", "HEAD~1", "example.com.zone"],
    );
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(
        run.stderr.contains("--base needs a git repository"),
        "{}",
        run.stderr
    );
    let repo = Repo::new();
    repo.write("example.com.zone", &zone(1, ""));
    repo.commit("one");
    for rev in ["HEAD~1", "no-such-branch", "--output=x"] {
        let base = format!("--base={rev}");
        let run = repo.zonelint(&["check", &base, "example.com.zone"]);
        assert_eq!(run.code, Some(2), "{rev}: {}", run.stdout);
        assert!(
            run.stderr
                .contains(&format!("zonelint: unknown revision `{rev}` for --base")),
            "{rev}: {}",
            run.stderr
        );
    }
}

#[test]
fn diff_summarizes_mail_changes_in_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = dir.path().join("old.zone");
    let new: PathBuf = dir.path().join("example.com.zone");
    std::fs::write(
        &old,
        zone(
            2_024_010_101,
            "@ 86400 MX 10 mx1\n@ 86400 MX 20 mx2\nmx1 A 192.0.2.25\nmx2 A 192.0.2.26\n_dmarc TXT \"v=DMARC1; p=none\"\n",
        ),
    )
    .expect("write");
    std::fs::write(
        &new,
        zone(2_024_010_101, "@ MX 10 mx3\n@ MX 20 mx2\n@ NS ns2.example.net.\nmx2 A 192.0.2.26\nmx3 A 192.0.2.27\n_dmarc TXT \"v=DMARC1; p=reject\"\n")
            .replace("v=spf1 mx -all", "v=spf1 mx include:_spf.example.net -all"),
    )
    .expect("write");
    let run = run_in(
        dir.path(),
        &[
            "diff",
            "--output-format",
            "markdown",
            "old.zone",
            "example.com.zone",
        ],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    insta::assert_snapshot!("diff_markdown", run.stdout);
    let text = run_in(dir.path(), &["diff", "old.zone", "example.com.zone"]);
    assert!(
        text.stdout.starts_with("Mail changes from old.zone to example.com.zone:\n  example.com. MX changed (old TTL 24 h, 1 unchanged)\n    - 10 mx1.example.com.\n    + 10 mx3.example.com.\n"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.ends_with("1 error, 1 warning in 1 file\n"),
        "{}",
        text.stdout
    );
    // Unchanged: nothing to say, exit 0.
    let same = run_in(
        dir.path(),
        &["diff", "example.com.zone", "example.com.zone"],
    );
    assert_eq!(same.code, Some(0), "{}", same.stdout);
    assert!(
        same.stdout.starts_with("No MX, SPF, DMARC or NS changes"),
        "{}",
        same.stdout
    );
}

#[test]
fn suppressing_a_change_rule_is_not_unused_without_a_base() {
    let repo = Repo::new();
    let suppressed = |serial: u32, host: &str| {
        zone(serial, &format!("www A {host}\n")).replace(
            "3600\n@ NS",
            "3600 ; zonelint: ignore[serial-not-increased] -- secondaries reload by hand\n@ NS",
        )
    };
    repo.write("example.com.zone", &suppressed(7, "192.0.2.80"));
    repo.commit("one");
    repo.write("example.com.zone", &suppressed(7, "192.0.2.81"));
    // Without a base the rule cannot fire: its suppression is not reported as unused.
    let plain = check(
        &repo,
        &["--select", "change,unused-suppression", "example.com.zone"],
    );
    assert_eq!(plain.code, Some(0), "{}", plain.stdout);
    // With one, the suppression hides the finding.
    let based = check(
        &repo,
        &[
            "--base",
            "HEAD",
            "--select",
            "change,unused-suppression",
            "example.com.zone",
        ],
    );
    assert_eq!(based.code, Some(0), "{}", based.stdout);
    assert!(
        based.stdout.ends_with("(1 suppressed)\n"),
        "{}",
        based.stdout
    );
}
