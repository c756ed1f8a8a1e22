//! `--output-format json` (one array) and `json-lines` (one object a line): every finding with
//! its position, fix, related locations and fingerprint. The schema is in `docs/output.md`.

use serde::Serialize;

use super::Findings;
use super::region::Region;
use crate::diag::Diagnostic;
use crate::zone::source::SourceMap;

/// One finding as JSON.
#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'a str,
    pub severity: &'a str,
    pub message: &'a str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// What the primary span is.
    pub label: Option<&'a str>,
    pub help: Option<&'a str>,
    pub note: Option<&'a str>,
    pub related: Vec<JsonRelated<'a>>,
    pub fingerprint: &'a str,
}

/// A secondary location of a finding.
#[derive(Debug, Serialize)]
pub struct JsonRelated<'a> {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: &'a str,
}

impl<'a> JsonFinding<'a> {
    #[must_use]
    pub fn new(sources: &SourceMap, diag: &'a Diagnostic, fingerprint: &'a str) -> Self {
        let at = Region::of(sources, diag.span);
        JsonFinding {
            rule: diag.id,
            severity: diag.severity.as_str(),
            message: &diag.message,
            file: at.path,
            line: at.line,
            column: at.column,
            end_line: at.end_line,
            end_column: at.end_column,
            label: diag.span_label(),
            help: diag.help(),
            note: diag.note(),
            related: diag
                .labels()
                .iter()
                .map(|label| {
                    let at = Region::of(sources, label.span);
                    JsonRelated {
                        file: at.path,
                        line: at.line,
                        column: at.column,
                        end_line: at.end_line,
                        end_column: at.end_column,
                        message: &label.message,
                    }
                })
                .collect(),
            fingerprint,
        }
    }
}

/// The findings as one pretty-printed JSON array, with a final newline.
#[must_use]
pub fn json(findings: Findings<'_>) -> String {
    let list: Vec<JsonFinding<'_>> = findings
        .iter()
        .map(|(d, fp)| JsonFinding::new(findings.sources, d, fp))
        .collect();
    // Serializing plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&list).unwrap_or_default();
    out.push('\n');
    out
}

/// The findings as JSON lines: one compact object per line.
#[must_use]
pub fn json_lines(findings: Findings<'_>) -> String {
    let mut out = String::new();
    for (d, fp) in findings.iter() {
        let finding = JsonFinding::new(findings.sources, d, fp);
        out.push_str(&serde_json::to_string(&finding).unwrap_or_default());
        out.push('\n');
    }
    out
}
