//! The check command's control: exit codes, `--fail-on`, rule selection and `zonelint.toml`,
//! through the real binary in temporary directories.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

/// One error (mx-target-is-cname), one warning (spf-ptr), one info (mx-wildcard); both MX sets
/// name a single exchange (mx-single-exchange, off by default).
const MIXED: &str = "\
$TTL 3600
@       IN SOA ns1 hostmaster 1 14400 3600 1209600 3600
@       IN NS  ns1
@       IN NS  ns2
ns1     IN A   192.0.2.1
ns2     IN A   192.0.2.3
@       IN MX  10 mail
mail    IN CNAME host
host    IN A   192.0.2.2
@       IN TXT \"v=spf1 ptr -all\"
*       IN MX  10 host
_dmarc  IN TXT \"v=DMARC1; p=reject\"
";

const CLEAN: &str = "\
$TTL 3600
@       IN SOA ns1 hostmaster 1 14400 3600 1209600 3600
@       IN NS  ns1
@       IN NS  ns2
ns1     IN A   192.0.2.1
ns2     IN A   192.0.2.3
";

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The rule ids of the concise output.
    fn ids(&self) -> BTreeSet<&str> {
        self.stdout
            .lines()
            .filter_map(|l| l.rsplit_once(" [").map(|(_, id)| id.trim_end_matches(']')))
            .collect()
    }
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(dir)
        .arg("check")
        .args(["--output-format", "concise", "--color", "never"])
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run zonelint");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temporary directory holding `example.com.zone` (MIXED) and `clean.example.zone`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "example.com.zone", MIXED);
    write(dir.path(), "clean.example.zone", CLEAN);
    dir
}

fn set(ids: &[&'static str]) -> BTreeSet<&'static str> {
    ids.iter().copied().collect()
}

#[test]
fn exit_codes() {
    let dir = project();
    let d = dir.path();
    let clean = run(d, &["clean.example.zone"]);
    assert_eq!(clean.code, Some(0), "{}{}", clean.stdout, clean.stderr);
    assert_eq!(run(d, &["example.com.zone"]).code, Some(1));
    let usage = run(d, &["--fail-on", "sometimes", "example.com.zone"]);
    assert_eq!(usage.code, Some(2));
    assert_eq!(
        run(d, &["--select", "mx-nope", "example.com.zone"]).code,
        Some(2)
    );
    let missing = run(d, &["no-such.zone"]);
    assert_eq!(missing.code, Some(2));
    assert!(
        missing.stderr.contains("no-such.zone"),
        "{}",
        missing.stderr
    );
    // A path that cannot be read is exit 2 even when findings alone would not fail the run.
    let both = run(
        d,
        &["--fail-on", "never", "example.com.zone", "no-such.zone"],
    );
    assert_eq!(both.code, Some(2));
    write(d, "zonelint.toml", "fail-on = 3\n");
    let bad_config = run(d, &["clean.example.zone"]);
    assert_eq!(bad_config.code, Some(2), "{}", bad_config.stderr);
}

#[test]
fn fail_on_levels() {
    let dir = project();
    let d = dir.path();
    let code = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("example.com.zone");
        run(d, &all).code
    };
    // An error, a warning and an info.
    assert_eq!(code(&[]), Some(1));
    assert_eq!(code(&["--fail-on", "error"]), Some(1));
    assert_eq!(code(&["--fail-on", "never"]), Some(0));
    // A warning and an info.
    let no_error = ["--ignore", "mx-target-is-cname"];
    assert_eq!(code(&no_error), Some(1));
    assert_eq!(
        code(&[&no_error[..], &["--fail-on", "error"]].concat()),
        Some(0)
    );
    // An info only.
    let info = ["--select", "mx-wildcard"];
    assert_eq!(code(&info), Some(0));
    assert_eq!(
        code(&[&info[..], &["--fail-on", "warning"]].concat()),
        Some(0)
    );
    assert_eq!(code(&[&info[..], &["--fail-on", "info"]].concat()), Some(1));
}

#[test]
fn select_ignore_and_extend_select() {
    let dir = project();
    let d = dir.path();
    let ids = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("example.com.zone");
        let r = run(d, &all);
        assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
        r.ids()
            .into_iter()
            .map(str::to_owned)
            .collect::<BTreeSet<String>>()
    };
    let owned = |ids: &[&str]| ids.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    let defaults = owned(&["mx-target-is-cname", "mx-wildcard", "spf-ptr"]);
    assert_eq!(ids(&[]), defaults);
    // By id, group and all; a group or `all` also turns on rules that are off by default.
    assert_eq!(ids(&["--select", "spf-ptr"]), owned(&["spf-ptr"]));
    assert_eq!(
        ids(&["--select", "mx"]),
        owned(&["mx-single-exchange", "mx-target-is-cname", "mx-wildcard"])
    );
    assert!(ids(&["--select", "all"]).contains("mx-single-exchange"));
    assert_eq!(ids(&["--select", "syntax"]), owned(&[]));
    // Comma-separated and repeatable.
    assert_eq!(
        ids(&["--select", "spf-ptr,mx-wildcard"]),
        ids(&["--select", "spf-ptr", "--select", "mx-wildcard"])
    );
    assert_eq!(
        ids(&["--ignore", "spf,mx-wildcard"]),
        owned(&["mx-target-is-cname"])
    );
    // extend-select adds to the defaults; the more specific selector wins.
    assert_eq!(
        ids(&["--extend-select", "mx-single-exchange"]),
        owned(&[
            "mx-single-exchange",
            "mx-target-is-cname",
            "mx-wildcard",
            "spf-ptr"
        ])
    );
    assert_eq!(
        ids(&["--ignore", "mx", "--extend-select", "mx-wildcard"]),
        owned(&["mx-wildcard", "spf-ptr"])
    );
    assert_eq!(
        ids(&["--select", "all", "--ignore", "mx"]),
        // `all` includes the rules that are off by default: serial `1` is not a date.
        owned(&["soa-serial-format", "spf-ptr"])
    );
}

#[test]
fn reader_findings_are_the_syntax_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "broken.example.zone",
        &format!("{MIXED}host IN A not-an-address\n"),
    );
    let syntax = run(d, &["--select", "syntax", "broken.example.zone"]);
    assert_eq!(syntax.ids(), set(&["invalid-syntax"]), "{}", syntax.stdout);
    let ignored = run(d, &["--ignore", "syntax", "broken.example.zone"]);
    assert!(!ignored.ids().contains("invalid-syntax"));
    assert!(ignored.ids().contains("spf-ptr"));
}

#[test]
fn config_is_found_by_walking_up_and_the_nearest_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "zonelint.toml", "[rules]\nignore = [\"spf-ptr\"]\n");
    write(d, "a/b/example.com.zone", MIXED);
    write(
        d,
        "c/.zonelint.toml",
        "[rules]\nignore = [\"mx-wildcard\"]\n",
    );
    write(d, "c/d/example.net.zone", MIXED);
    let far = run(d, &["a/b/example.com.zone"]);
    assert_eq!(far.ids(), set(&["mx-target-is-cname", "mx-wildcard"]));
    let near = run(d, &["c/d/example.net.zone"]);
    assert_eq!(near.ids(), set(&["mx-target-is-cname", "spf-ptr"]));
    // One run, two configs: each file's own decides about its findings.
    let both = run(&d.join("a"), &["b", "../c"]);
    let lines: BTreeSet<&str> = both.stdout.lines().filter(|l| l.contains(" [")).collect();
    assert_eq!(lines.len(), 4, "{}", both.stdout);
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("example.com.zone") && l.contains("spf-ptr"))
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("example.net.zone") && l.contains("mx-wildcard"))
    );
    // Selection, severity and fail-on come from the config, with the command line over it.
    write(
        d,
        "e/zonelint.toml",
        "fail-on = \"never\"\n[rules]\nselect = [\"spf\"]\n",
    );
    write(d, "e/example.org.zone", MIXED);
    let e = run(d, &["e/example.org.zone"]);
    assert_eq!((e.code, e.ids()), (Some(0), set(&["spf-ptr"])));
}

#[test]
fn command_line_overrides_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        ".zonelint.toml",
        "fail-on = \"never\"\n[rules]\nselect = [\"spf\", \"mx-target-is-cname\"]\nignore = [\"spf-ptr\"]\n",
    );
    write(d, "example.com.zone", MIXED);
    let config_only = run(d, &["example.com.zone"]);
    assert_eq!(
        (config_only.code, config_only.ids()),
        (Some(0), set(&["mx-target-is-cname"]))
    );
    let fail = run(d, &["--fail-on", "warning", "example.com.zone"]);
    assert_eq!(fail.code, Some(1));
    let select = run(d, &["--select", "mx-wildcard", "example.com.zone"]);
    assert_eq!(select.ids(), set(&["mx-wildcard"]));
    let extend = run(d, &["--extend-select", "spf-ptr", "example.com.zone"]);
    assert_eq!(extend.ids(), set(&["mx-target-is-cname", "spf-ptr"]));
    let ignore = run(d, &["--ignore", "mx", "example.com.zone"]);
    assert_eq!(ignore.ids(), set(&[]));
}

#[test]
fn per_rule_severity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "zonelint.toml",
        "[rules.severity]\nmx-target-is-cname = \"info\"\nspf = \"info\"\nmx-wildcard = \"error\"\nmx-single-exchange = \"warning\"\n",
    );
    write(d, "example.com.zone", MIXED);
    let r = run(d, &["example.com.zone"]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    // A level changes how a rule that runs reports; it does not turn an off rule on.
    assert_eq!(
        r.ids(),
        set(&["mx-target-is-cname", "mx-wildcard", "spf-ptr"])
    );
    assert!(r.stdout.contains("info: MX exchange"), "{}", r.stdout);
    assert!(
        r.stdout.contains("info: SPF mechanism `ptr`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("error: wildcard MX"), "{}", r.stdout);
    let single = run(
        d,
        &["--extend-select", "mx-single-exchange", "example.com.zone"],
    );
    assert!(
        single.stdout.contains("warning: single mail exchange"),
        "{}",
        single.stdout
    );
    let infos = run(d, &["--ignore", "mx-wildcard", "example.com.zone"]);
    assert_eq!(infos.code, Some(0), "{}", infos.stdout);
    write(
        d,
        "zonelint.toml",
        "[rules.severity]\nmx-wildcard = \"off\"\n",
    );
    assert!(!run(d, &["example.com.zone"]).ids().contains("mx-wildcard"));
}

#[test]
fn per_file_ignores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "zonelint.toml",
        "[[per-file-ignores]]\nfiles = [\"legacy/\"]\nignore = [\"spf\"]\n\n[[per-file-ignores]]\nfiles = [\"example.org.zone\"]\nignore = [\"mx-wildcard\", \"mx-target-is-cname\"]\n",
    );
    write(d, "legacy/example.com.zone", MIXED);
    write(d, "example.net.zone", MIXED);
    write(d, "sub/example.org.zone", MIXED);
    let legacy = run(d, &["legacy/example.com.zone"]);
    assert_eq!(legacy.ids(), set(&["mx-target-is-cname", "mx-wildcard"]));
    let other = run(d, &["example.net.zone"]);
    assert_eq!(
        other.ids(),
        set(&["mx-target-is-cname", "mx-wildcard", "spf-ptr"])
    );
    let by_name = run(d, &["sub/example.org.zone"]);
    assert_eq!(by_name.ids(), set(&["spf-ptr"]));
}

#[test]
fn origins_per_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(
        d,
        "zonelint.toml",
        "[origins]\n\"zones/*.zone\" = \"example.org.\"\n",
    );
    write(d, "zones/main.zone", MIXED);
    let r = run(d, &["--select", "mx-wildcard", "zones/main.zone"]);
    assert!(
        r.stdout.contains("`*.example.org.`"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let cli = run(
        d,
        &[
            "--select",
            "mx-wildcard",
            "--origin",
            "example.net.",
            "zones/main.zone",
        ],
    );
    assert!(cli.stdout.contains("`*.example.net.`"), "{}", cli.stdout);
}

/// The config error as shown, with the temporary directory's path made stable.
fn config_error(config: &str) -> (Option<i32>, String) {
    let dir = project();
    let d = dir.path();
    write(d, "zonelint.toml", config);
    let r = run(d, &["example.com.zone"]);
    if r.code == Some(2) {
        assert!(r.stdout.is_empty(), "{}", r.stdout);
    }
    let canonical = d.canonicalize().expect("canonical");
    let stderr = r
        .stderr
        .replace(&canonical.display().to_string(), "[TMP]")
        .replace(&d.display().to_string(), "[TMP]");
    (r.code, stderr)
}

#[test]
fn unknown_key_points_into_the_toml() {
    let (code, stderr) = config_error("fail-on = \"error\"\n\n[rules]\nselct = [\"mx\"]\n");
    assert_eq!(code, Some(2));
    insta::assert_snapshot!(stderr);
}

#[test]
fn bad_values_point_into_the_toml() {
    let (code, stderr) = config_error("[rules]\nignore = [\"spf\", \"mx-nope\"]\n");
    assert_eq!(code, Some(2));
    insta::assert_snapshot!(stderr);
    let (code, stderr) = config_error("[rules.severity]\nmx-wildcard = \"loud\"\n");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown severity `loud`"), "{stderr}");
    let (code, stderr) = config_error("[settings]\nmax-depth = 3\n");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown field `max-depth`"), "{stderr}");
    let (code, _) = config_error("[settings]\n");
    assert_eq!(code, Some(1));
    let (code, stderr) = config_error("[files]\nexclude = [\"a[\"]\n");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("invalid pattern `a[`"), "{stderr}");
    let (code, stderr) = config_error("[rules\n");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("zonelint.toml"), "{stderr}");
}

#[test]
fn config_file_patterns_drive_directory_walks() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "zones/example.v1", MIXED);
    write(dir.path(), "zones/drafts/example.com.zone", MIXED);
    // Without a config: `.v1` is no zone name, and drafts are walked.
    let plain = run(dir.path(), &["zones"]);
    assert!(!plain.stdout.contains("example.v1"), "{}", plain.stdout);
    assert!(plain.stdout.contains("drafts"), "{}", plain.stdout);
    write(
        dir.path(),
        "zonelint.toml",
        "[files]\ninclude = [\"*.v1\"]\nexclude = [\"drafts/\"]\n",
    );
    let configured = run(dir.path(), &["--origin", "example.com.", "zones"]);
    assert!(
        configured.stdout.contains("example.v1"),
        "{}",
        configured.stdout
    );
    assert!(
        !configured.stdout.contains("drafts"),
        "{}",
        configured.stdout
    );
}
