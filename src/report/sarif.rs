//! `--output-format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. The driver lists every
//! rule of the registry (and the reader's own ids) with its documentation; each result points at
//! its rule by id and index, carries 1-based regions, the labels as related locations, and a
//! `partialFingerprints` entry from [`super::fingerprint`] so alerts survive lines moving.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::Findings;
use super::region::Region;
use crate::diag::{Diagnostic, Severity, ids};
use crate::rules::{Level, READER_IDS, RULES};

/// The JSON schema the log declares.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of zonelint's fingerprint in `partialFingerprints` (versioned, as SARIF asks).
pub const FINGERPRINT_KEY: &str = "zonelint/v1";

/// Where the rule documentation lives on the web, when the package says (`repository` in
/// Cargo.toml): SARIF's `helpUri` must be an absolute URI, so without it there is none.
fn help_uri(id: &str) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    (!repository.is_empty()).then(|| {
        format!(
            "{repository}/blob/v{}/docs/rules.md#{id}",
            env!("CARGO_PKG_VERSION")
        )
    })
}

/// The one-line summary of a reader finding (they have no doc comment of their own).
fn reader_summary(id: &str) -> &'static str {
    match id {
        ids::INVALID_SYNTAX => "An entry that does not follow the master-file grammar.",
        ids::UNKNOWN_RECORD_TYPE => "A record type that is neither known nor written as TYPEnnn.",
        ids::NAME_TOO_LONG => "A name longer than 255 octets or a label longer than 63.",
        ids::TXT_STRING_TOO_LONG => "A character-string longer than 255 octets.",
        ids::INCLUDE_PROBLEM => {
            "An $INCLUDE that cannot be read, loops, or leaves the zone's tree."
        }
        ids::GENERATE_PROBLEM => "A $GENERATE range or template that cannot be expanded.",
        ids::CLASS_MISMATCH => "A record whose class differs from the zone's.",
        ids::TTL_OUT_OF_RANGE => "A TTL outside 0..2^31-1.",
        ids::MISSING_TTL => "A record with no TTL, no $TTL and no previous TTL to inherit.",
        ids::RELATIVE_NAME_WITHOUT_ORIGIN => "A relative name where no origin is known.",
        _ => "A finding of the zone reader.",
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "none",
        Level::Info => "note",
        Level::Warning => "warning",
        Level::Error => "error",
    }
}

fn severity_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// `reportingDescriptor`s: the registry's rules in order, then the reader's ids.
fn rule_descriptors() -> Vec<Value> {
    let mut out = Vec::with_capacity(RULES.len() + READER_IDS.len());
    for rule in RULES {
        let meta = rule.meta();
        let docs = meta.markdown();
        let mut descriptor = json!({
            "id": meta.id,
            "name": meta.name,
            "shortDescription": { "text": meta.summary() },
            "fullDescription": { "text": docs, "markdown": docs },
            "help": { "text": docs, "markdown": docs },
            "defaultConfiguration": {
                "enabled": meta.default_level != Level::Off,
                "level": level_name(meta.default_level),
            },
            "properties": { "tags": [meta.group.as_str()] },
        });
        if let Some(uri) = help_uri(meta.id) {
            descriptor["helpUri"] = Value::String(uri);
        }
        out.push(descriptor);
    }
    for &id in READER_IDS {
        let summary = reader_summary(id);
        let mut descriptor = json!({
            "id": id,
            "shortDescription": { "text": summary },
            "fullDescription": { "text": summary },
            "help": { "text": summary, "markdown": summary },
            "defaultConfiguration": { "enabled": true, "level": "error" },
            "properties": { "tags": ["syntax"] },
        });
        if let Some(uri) = help_uri("reader-findings") {
            descriptor["helpUri"] = Value::String(uri);
        }
        out.push(descriptor);
    }
    out
}

/// A path as a URI reference: forward slashes, and the characters a URI cannot hold
/// percent-encoded. Absolute paths become `file://` URIs.
#[must_use]
pub fn path_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with('/');
    if absolute {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    // `a:b/c` would read as a URI with scheme `a`: say `./a:b/c`.
    if !absolute
        && out
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
    {
        out.insert_str(0, "./");
    }
    out
}

fn physical_location(at: &Region) -> Value {
    json!({
        "artifactLocation": { "uri": path_uri(&at.path) },
        "region": {
            "startLine": at.line,
            "startColumn": at.column,
            "endLine": at.end_line,
            "endColumn": at.end_column,
        },
    })
}

fn result(findings: Findings<'_>, diag: &Diagnostic, fingerprint: &str) -> Value {
    let at = Region::of(findings.sources, diag.span);
    let mut result = json!({
        "ruleId": diag.id,
        "level": severity_level(diag.severity),
        "message": { "text": diag.message },
        "locations": [{ "physicalLocation": physical_location(&at) }],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if let Some(index) = rule_index(diag.id) {
        result["ruleIndex"] = json!(index);
    }
    if let Some(label) = diag.span_label() {
        result["locations"][0]["message"] = json!({ "text": label });
    }
    if !diag.labels().is_empty() {
        let related: Vec<Value> = diag
            .labels()
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let at = Region::of(findings.sources, label.span);
                json!({
                    "id": i,
                    "physicalLocation": physical_location(&at),
                    "message": { "text": label.message },
                })
            })
            .collect();
        result["relatedLocations"] = Value::Array(related);
    }
    let mut properties = Map::new();
    if let Some(help) = diag.help() {
        properties.insert("help".into(), json!(help));
    }
    if let Some(note) = diag.note() {
        properties.insert("note".into(), json!(note));
    }
    if !properties.is_empty() {
        result["properties"] = Value::Object(properties);
    }
    result
}

/// The index of a rule in the driver's `rules` (as [`rule_descriptors`] lays them out).
fn rule_index(id: &str) -> Option<usize> {
    RULES.iter().position(|r| r.meta().id == id).or_else(|| {
        READER_IDS
            .iter()
            .position(|&r| r == id)
            .map(|i| RULES.len() + i)
    })
}

/// The SARIF log, pretty-printed, with a final newline.
#[must_use]
pub fn sarif(findings: Findings<'_>) -> String {
    let results: Vec<Value> = findings
        .iter()
        .map(|(d, fp)| result(findings, d, fp))
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "zonelint",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rule_descriptors(),
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_uri("zones/db.example"), "zones/db.example");
        assert_eq!(path_uri("my zones\\a#b.zone"), "my%20zones/a%23b.zone");
        assert_eq!(path_uri("/srv/zones/x.zone"), "file:///srv/zones/x.zone");
        assert_eq!(path_uri("c:x.zone"), "./c:x.zone");
    }
}
