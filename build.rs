//! Compiles the built-in mail provider profiles (`src/policy/mail_providers.toml`) into Rust
//! data, so a run never parses TOML for them: a pre-commit run whose zone names Google's
//! exchanges spent about a seventh of its time in the TOML parser (its code is cold, a page
//! fault per page). The file stays the one source: this only moves its parse to build time.
//! The names come out in the form a run uses (lowercase text and wire form, MX records split
//! into preference and exchange), so a run validates nothing either: a test in
//! `src/policy/mail_providers.rs` checks the generated tables against the runtime validation's
//! parse of the same file (names, dates, MX sets below the hosts).

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Deserialize;

const SOURCE: &str = "src/policy/mail_providers.toml";

/// The schema of `src/policy/mail_providers.rs`'s `RawProfile`, without spans.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Profile {
    name: String,
    source: Option<String>,
    checked: Option<String>,
    notes: Option<String>,
    hosts: Vec<String>,
    #[serde(default)]
    spf_includes: Vec<String>,
    mx_sets: Vec<MxSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MxSet {
    name: String,
    mx: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default, rename = "mail-providers")]
    mail_providers: Vec<Profile>,
}

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    println!("cargo::rerun-if-changed=build.rs");
    // Not read here: `cargo build-static` hands it to the linker (see .cargo/config.toml), and
    // cargo does not watch a file named in link arguments. A new order must relink the binary.
    println!("cargo::rerun-if-changed=.cargo/startup-order.txt");
    let text = std::fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("mail_providers.rs"), rust(&file.mail_providers))
        .expect("OUT_DIR is writable");
}

/// A profile's domain name as the profile keeps it: lowercase, without the final dot, and its
/// wire form. Panics (failing the build) on a name the runtime validation would reject: the
/// file is ours, and a broken table must not ship.
fn domain(text: &str, what: &str, profile: &str) -> (String, Vec<u8>) {
    let raw = text.trim();
    let body = raw.strip_suffix('.').unwrap_or(raw).to_ascii_lowercase();
    let valid = !body.is_empty()
        && body.len() <= 253
        && body.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        });
    assert!(valid, "{SOURCE}: {profile}: invalid {what} `{raw}`");
    let mut wire = Vec::with_capacity(body.len() + 2);
    for label in body.split('.') {
        wire.push(u8::try_from(label.len()).expect("checked above: at most 63"));
        wire.extend_from_slice(label.as_bytes());
    }
    wire.push(0);
    (body, wire)
}

/// A domain as a `BuiltinDomain { text, wire }` literal.
fn domain_literal((text, wire): &(String, Vec<u8>)) -> String {
    let mut bytes = String::from("b\"");
    for &b in wire {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            bytes.push(char::from(b));
        } else {
            let _ = write!(bytes, "\\x{b:02x}");
        }
    }
    bytes.push('"');
    format!("BuiltinDomain {{ text: {text:?}, wire: {bytes} }}")
}

/// An MX set's record `PREFERENCE EXCHANGE` as a `BuiltinMx` literal.
fn mx_literal(record: &str, profile: &str) -> String {
    let tokens: Vec<&str> = record.split_whitespace().collect();
    let [preference, exchange] = tokens.as_slice() else {
        panic!("{SOURCE}: {profile}: invalid MX record `{record}`");
    };
    let preference: u16 = preference
        .parse()
        .unwrap_or_else(|_| panic!("{SOURCE}: {profile}: invalid MX preference `{preference}`"));
    let (wildcard, rest) = match exchange.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, *exchange),
    };
    let base = domain(rest, "MX exchange", profile);
    format!(
        "BuiltinMx {{ preference: {preference}, wildcard: {wildcard}, base: {} }}",
        domain_literal(&base)
    )
}

/// The tables as a `static BUILTIN_TABLES: &[BuiltinTable]`, every name already in the form the
/// run uses. `{:?}` of a `str` is a Rust string literal.
fn rust(profiles: &[Profile]) -> String {
    let domains = |list: &[String], what: &str, profile: &str| {
        let items: Vec<String> = list
            .iter()
            .map(|d| domain_literal(&domain(d, what, profile)))
            .collect();
        format!("&[{}]", items.join(", "))
    };
    let mut out = format!("// Generated by build.rs from {SOURCE}.\n");
    out.push_str("static BUILTIN_TABLES: &[BuiltinTable] = &[\n");
    for p in profiles {
        let sets: Vec<String> = p
            .mx_sets
            .iter()
            .map(|s| {
                let mx: Vec<String> = s.mx.iter().map(|r| mx_literal(r, &p.name)).collect();
                format!(
                    "BuiltinMxSet {{ name: {:?}, mx: &[{}] }}",
                    s.name,
                    mx.join(", ")
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "    BuiltinTable {{ name: {:?}, source: {:?}, checked: {:?}, notes: {:?}, \
             hosts: {}, spf_includes: {}, mx_sets: &[{}] }},",
            p.name,
            p.source,
            p.checked,
            p.notes,
            domains(&p.hosts, "host", &p.name),
            domains(&p.spf_includes, "SPF include", &p.name),
            sets.join(", ")
        );
    }
    out.push_str("];\n");
    out
}
