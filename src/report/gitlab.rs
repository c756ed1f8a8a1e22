//! `--output-format gitlab`: a GitLab Code Quality report, the JSON array a job's
//! `artifacts:reports:codequality` takes.

use serde::Serialize;

use super::Findings;
use super::region::Region;
use crate::diag::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// GitLab's severity scale is info, minor, major, critical, blocker.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

/// The Code Quality report, pretty-printed, with a final newline.
#[must_use]
pub fn gitlab(findings: Findings<'_>) -> String {
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|(diag, fingerprint)| {
            let at = Region::of(findings.sources, diag.span);
            Issue {
                description: &diag.message,
                check_name: diag.id,
                fingerprint,
                severity: severity(diag.severity),
                location: Location {
                    path: at.path,
                    lines: Lines {
                        begin: at.line,
                        end: at.end_line,
                    },
                },
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_default();
    out.push('\n');
    out
}
