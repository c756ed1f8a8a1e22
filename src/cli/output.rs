//! Rendering a run's findings in the format asked for, on stdout and in `--report` files.

use std::io::Write;

use super::args::{Format, ReportTarget};
use super::check::write_diagnostics;
use crate::diag::Diagnostic;
use crate::report::fingerprint::fingerprints;
use crate::report::{Findings, github, gitlab, json, junit, sarif};
use crate::zone::ZoneSet;

/// The findings in `format` (the human formats without their summary line).
pub(super) fn render(
    format: Format,
    set: &ZoneSet,
    findings: &[Diagnostic],
    color: bool,
) -> String {
    if format.is_human() {
        let mut out = Vec::new();
        let _ = write_diagnostics(&set.sources, findings, format, color, &mut out);
        return String::from_utf8_lossy(&out).into_owned();
    }
    let prints = fingerprints(set, findings);
    let findings = Findings {
        sources: &set.sources,
        diagnostics: findings,
        fingerprints: &prints,
    };
    match format {
        Format::Json => json::json(findings),
        Format::JsonLines => json::json_lines(findings),
        Format::Sarif => sarif::sarif(findings),
        Format::Github => github::github(findings),
        Format::Gitlab => gitlab::gitlab(findings),
        Format::Junit => junit::junit(findings),
        Format::Full | Format::Concise => String::new(),
    }
}

/// Writes each `--report` file (never in colour; the human formats with the `summary` line);
/// says on `stderr` which could not be written. Returns whether all were.
pub(super) fn write_reports(
    targets: &[ReportTarget],
    set: &ZoneSet,
    findings: &[Diagnostic],
    summary: &str,
    stderr: &mut impl Write,
) -> bool {
    let mut ok = true;
    for target in targets {
        let mut text = render(target.format, set, findings, false);
        if target.format.is_human() {
            text.push_str(summary);
            text.push('\n');
        }
        if let Err(e) = std::fs::write(&target.path, text) {
            let _ = writeln!(
                stderr,
                "zonelint: cannot write report `{}`: {e}",
                target.path.display()
            );
            ok = false;
        }
    }
    ok
}
