//! Rendering a run's findings in the format asked for, on stdout and in `--report` files.

use std::io::Write;

use super::args::{Format, ReportTarget};
use super::check::write_diagnostics;
use crate::diag::Diagnostic;
use crate::report::fingerprint::fingerprints;
use crate::report::{Findings, github, gitlab, json, junit, sarif};
use crate::zone::ZoneSet;

/// Writes the findings in `format` (the human formats without their summary line) to `out`.
/// The human formats are written finding by finding: a run with hundreds of thousands of
/// findings never holds their text in memory.
///
/// # Errors
/// Those of `out`.
pub(super) fn write(
    format: Format,
    set: &ZoneSet,
    findings: &[Diagnostic],
    color: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if format.is_human() {
        return write_diagnostics(&set.sources, findings, format, color, out);
    }
    let prints = fingerprints(set, findings);
    let findings = Findings {
        sources: &set.sources,
        diagnostics: findings,
        fingerprints: &prints,
    };
    let text = match format {
        Format::Json => json::json(findings),
        Format::JsonLines => json::json_lines(findings),
        Format::Sarif => sarif::sarif(findings),
        Format::Github => github::github(findings),
        Format::Gitlab => gitlab::gitlab(findings),
        Format::Junit => junit::junit(findings),
        Format::Full | Format::Concise => String::new(),
    };
    out.write_all(text.as_bytes())
}

/// Writes one `--report` file (never in colour; the human formats with the `summary` line).
fn write_report(
    target: &ReportTarget,
    set: &ZoneSet,
    findings: &[Diagnostic],
    summary: &str,
) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(&target.path)?);
    write(target.format, set, findings, false, &mut file)?;
    if target.format.is_human() {
        writeln!(file, "{summary}")?;
    }
    file.flush()
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
        if let Err(e) = write_report(target, set, findings, summary) {
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
