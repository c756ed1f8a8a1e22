//! Rule settings from `zonelint.toml` (`[settings]`), through the real binary: user mail
//! provider profiles reach `mx-provider-mismatch`, each file gets its own config's settings in a
//! project with several configs, and a bad profile is an error pointing into the TOML.

use std::path::Path;
use std::process::Command;

/// Two exchanges of "Example Mail" documented, one published.
const ZONE: &str = "\
$TTL 3600
@       IN SOA ns1 hostmaster 1 14400 3600 1209600 3600
@       IN NS  ns1
ns1     IN A   192.0.2.1
@       IN MX  10 in1.mx.example.net.
";

const PROFILE: &str = r#"
[[settings.mail-providers]]
name = "Example Mail"
source = "https://mail.example.net/help/dns"
hosts = ["mx.example.net"]
mx-sets = [{ name = "standard", mx = ["10 in1.mx.example.net.", "20 in2.mx.example.net."] }]
"#;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(dir)
        .arg("check")
        .args(["--output-format", "concise", "--color", "never"])
        .args(["--select", "mx-provider-mismatch"])
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

/// The findings' `file:line` and message, one a line.
fn findings(r: &Run) -> Vec<&str> {
    r.stdout
        .lines()
        .filter(|l| l.ends_with("[mx-provider-mismatch]"))
        .collect()
}

#[test]
fn a_user_profile_reaches_the_rule() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "example.com.zone", ZONE);
    // Without the profile, `mx.example.net` is nobody's: nothing to compare.
    let r = run(d, &["example.com.zone"]);
    assert_eq!(r.code, Some(0), "{}{}", r.stdout, r.stderr);
    assert!(findings(&r).is_empty(), "{}", r.stdout);
    write(d, "zonelint.toml", PROFILE);
    let r = run(d, &["example.com.zone"]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let found = findings(&r);
    assert_eq!(found.len(), 1, "{}", r.stdout);
    assert!(
        found[0].starts_with("example.com.zone:5:")
            && found[0].contains("lacks `in2.mx.example.net.` of Example Mail's \"standard\" set"),
        "{}",
        found[0]
    );
}

#[test]
fn a_user_profile_replaces_the_builtin_one_of_its_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let zone = ZONE.replace("10 in1.mx.example.net.", "1 smtp.google.com.");
    write(d, "example.com.zone", &zone);
    assert!(findings(&run(d, &["example.com.zone"])).is_empty());
    write(
        d,
        "zonelint.toml",
        r#"
[[settings.mail-providers]]
name = "google workspace"
hosts = ["google.com"]
mx-sets = [{ name = "legacy only", mx = ["1 aspmx.l.google.com."] }]
"#,
    );
    let r = run(d, &["example.com.zone"]);
    let found = findings(&r);
    assert_eq!(found.len(), 1, "{}{}", r.stdout, r.stderr);
    assert!(
        found[0].contains("`smtp.google.com.` is not a documented google workspace exchange"),
        "{}",
        found[0]
    );
}

#[test]
fn each_config_scope_gets_its_own_settings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // A project: the root config has no profile, `legacy/` has its own config with one.
    write(d, "zonelint.toml", "");
    write(d, "example.com.zone", ZONE);
    write(d, "legacy/.zonelint.toml", PROFILE);
    write(d, "legacy/example.org.zone", ZONE);
    let r = run(d, &["."]);
    assert_eq!(r.code, Some(1), "{}{}", r.stdout, r.stderr);
    let found = findings(&r);
    assert_eq!(found.len(), 1, "{}", r.stdout);
    assert!(
        found[0].starts_with("legacy/example.org.zone:5:"),
        "{}",
        found[0]
    );
    // Named alone, each file is reported under its own config, the other read for context.
    assert!(findings(&run(d, &["example.com.zone"])).is_empty());
    assert_eq!(findings(&run(d, &["legacy/example.org.zone"])).len(), 1);
}

#[test]
fn a_bad_profile_is_an_error_in_the_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    write(d, "example.com.zone", ZONE);
    write(
        d,
        "zonelint.toml",
        &PROFILE.replace("20 in2.mx.example.net.", "20 in2.mx.example.org."),
    );
    let r = run(d, &["example.com.zone"]);
    assert_eq!(r.code, Some(2), "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains(
            "MX exchange `in2.mx.example.org.` is not below one of the profile's `hosts`"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("zonelint.toml:6"), "{}", r.stderr);
    // Unknown keys are errors too.
    write(d, "zonelint.toml", &PROFILE.replace("hosts =", "host ="));
    let r = run(d, &["example.com.zone"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("unknown field `host`"), "{}", r.stderr);
}
