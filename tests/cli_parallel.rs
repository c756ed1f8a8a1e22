//! Reading in parallel, via the real binary: a tree of many small zones (includes, errors,
//! `$GENERATE`, references across zones, config origins, project context) gives the same bytes
//! and exit status with one thread as with two; and `--threads` is validated.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const ZONES: usize = 300;

/// Zone `i` of the tree: its MX points into zone `i + 1` (a name there that is an alias every
/// 17th zone), and every few zones include a file, generate records or hold an error.
fn zone(i: usize) -> String {
    let next = (i + 1) % ZONES;
    let mut text = String::from("$TTL 300\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n");
    let _ = write!(
        text,
        "@ NS ns1\n@ NS ns2.z{next}.example.\nns1 A 192.0.2.{}\n@ MX 10 mail.z{next}.example.\n",
        i % 250 + 1
    );
    if i.is_multiple_of(17) {
        text.push_str("mail CNAME ns1\n");
    } else {
        text.push_str("mail A 192.0.2.25\nns2 A 192.0.2.53\n");
    }
    if i.is_multiple_of(7) {
        text.push_str("$INCLUDE inc/common.inc\n");
    }
    if i.is_multiple_of(11) {
        text.push_str("broken A 300.0.0.1\n( unclosed\n");
    }
    if i.is_multiple_of(13) {
        text.push_str("$GENERATE 1-3 host$ A 192.0.2.$\n");
    }
    if i.is_multiple_of(19) {
        text.push_str("$INCLUDE inc/missing.inc\n");
    }
    text
}

/// The tree under `root`: a project (its config gives `*.hosts` files an origin), zones in
/// directories of 50, and a context zone outside `zones/` that is read but not reported on.
fn write_tree(root: &Path) {
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    };
    write(
        "zonelint.toml",
        "[files]\ninclude = [\"*.hosts\"]\n[origins]\n\"*.hosts\" = \"hosts.example.\"\n",
    );
    for i in 0..ZONES {
        let dir = i / 50;
        write(&format!("zones/{dir}/z{i}.example.zone"), &zone(i));
        if i.is_multiple_of(50) {
            write(
                &format!("zones/{dir}/inc/common.inc"),
                "txt TXT \"v=spf1 include:z3.example. -all\"\nwww CNAME mail.z1.example.\n",
            );
            write(
                &format!("zones/{dir}/site{dir}.hosts"),
                "@ SOA ns1 hm 1 2 3 4 5\n@ NS ns1.z2.example.\nwww A 192.0.2.80\n",
            );
        }
    }
    write(
        "context/ctx.example.zone",
        "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n@ NS ns.z5.example.\nmail CNAME z6.example.\n",
    );
}

fn check(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .arg("check")
        .args(args)
        .current_dir(root)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RAYON_NUM_THREADS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

#[test]
fn one_thread_and_two_give_the_same_bytes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_tree(tmp.path());
    for format in ["json", "concise"] {
        let one = check(
            tmp.path(),
            &["--threads", "1", "--output-format", format, "zones"],
        );
        let out = String::from_utf8_lossy(&one.stdout);
        // The tree is what it means to be: every kind of finding is there.
        for expected in [
            "invalid-syntax",
            "include-problem",
            "mx-target-is-cname",
            "z299.example.zone",
            "site5.hosts",
        ] {
            assert!(out.contains(expected), "{format}: no {expected} in\n{out}");
        }
        assert!(!out.contains("ctx.example.zone"), "context is not reported");
        assert_eq!(one.status.code(), Some(1), "{format}");
        for threads in [&["--threads", "2"][..], &["--threads", "0"], &[]] {
            let mut args = threads.to_vec();
            args.extend(["--output-format", format, "zones"]);
            let many = check(tmp.path(), &args);
            assert!(
                one.stdout == many.stdout,
                "{format} {threads:?}: output differs from --threads 1"
            );
            assert_eq!(one.stderr, many.stderr, "{format} {threads:?}");
            assert_eq!(
                one.status.code(),
                many.status.code(),
                "{format} {threads:?}"
            );
        }
    }
}

#[test]
fn a_named_file_that_cannot_be_read_is_reported_once_in_order() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_tree(tmp.path());
    let mut files: Vec<String> = (0..ZONES)
        .map(|i| format!("zones/{}/z{i}.example.zone", i / 50))
        .collect();
    files.insert(100, "zones/nope.example.zone".into());
    files.insert(200, "zones/0".into());
    let args = |threads: &'static str| {
        let mut args = vec!["--threads", threads, "--output-format", "concise"];
        args.extend(files.iter().map(String::as_str));
        args
    };
    let one = check(tmp.path(), &args("1"));
    let two = check(tmp.path(), &args("2"));
    let stderr = String::from_utf8_lossy(&one.stderr);
    assert_eq!(
        stderr.matches("zonelint: cannot read").count(),
        1,
        "{stderr}"
    );
    assert_eq!(one.status.code(), Some(2));
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stderr, two.stderr);
    assert_eq!(one.status.code(), two.status.code());
}

#[test]
fn threads_must_be_a_count() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("a.example.zone"),
        "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n",
    )
    .expect("write");
    for bad in ["-1", "two", "1.5", ""] {
        let out = check(tmp.path(), &["--threads", bad, "a.example.zone"]);
        assert_eq!(out.status.code(), Some(2), "--threads {bad:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error:"),
            "{bad:?}"
        );
    }
    for good in ["0", "1", "3"] {
        let out = check(tmp.path(), &["--threads", good, "a.example.zone"]);
        assert_ne!(out.status.code(), Some(2), "--threads {good}");
    }
    let diff = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(["diff", "--threads", "1", "a.example.zone", "a.example.zone"])
        .current_dir(tmp.path())
        .output()
        .expect("binary runs");
    assert_eq!(diff.status.code(), Some(0));
}

/// Runs git in `dir` with no user or system config.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}");
}

#[test]
fn the_base_is_read_alike_with_one_thread_and_two() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_tree(tmp.path());
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-q", "-m", "tree"]);
    // Changed without a serial bump, a name removed that another zone points at, a zone
    // deleted: what the base tells.
    for i in [3, 40, 120] {
        let path = tmp
            .path()
            .join(format!("zones/{}/z{i}.example.zone", i / 50));
        let text = zone(i).replace("ns2 A 192.0.2.53", "ns2 A 192.0.2.54");
        std::fs::write(path, text).expect("write");
    }
    std::fs::write(
        tmp.path().join("zones/1/z51.example.zone"),
        zone(51).replace("mail A 192.0.2.25\n", ""),
    )
    .expect("write");
    std::fs::remove_file(tmp.path().join("zones/4/z201.example.zone")).expect("remove");
    let args = |threads| {
        vec![
            "--threads",
            threads,
            "--output-format",
            "concise",
            "--base",
            "HEAD",
            "zones",
        ]
    };
    let one = check(tmp.path(), &args("1"));
    let out = String::from_utf8_lossy(&one.stdout);
    assert!(out.contains("[serial-not-increased]"), "{out}");
    let two = check(tmp.path(), &args("2"));
    assert!(one.stdout == two.stdout, "output differs from --threads 1");
    assert_eq!(one.stderr, two.stderr);
    assert_eq!(one.status.code(), two.status.code());
}
