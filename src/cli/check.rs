//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::io::Write;

use super::args::{CheckArgs, Format};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, discover, output, use_color};
use crate::diag::{Diagnostic, Severity};
use crate::graph::Graph;
use crate::report::human::{HumanRenderer, concise};
use crate::report::statistics::statistics;
use crate::rules;
use crate::zone::Reader;
use crate::zone::source::SourceMap;

pub(super) fn check(args: &CheckArgs) -> u8 {
    let mut stderr = std::io::stderr().lock();
    let config = match args.rule_config() {
        Ok(config) => config,
        Err(e) => {
            let _ = writeln!(stderr, "zonelint: {e}");
            return EXIT_ERROR;
        }
    };
    let (files, mut failed) = discover::zone_files(&args.paths, &mut stderr);
    let mut reader = Reader::new(args.reader.options());
    for file in &files {
        if let Err(e) = reader.read_path(file) {
            let _ = writeln!(stderr, "zonelint: {e}");
            failed = true;
        }
    }
    let graph = Graph::build(reader.finish());
    let findings = rules::run(&graph, &config);
    let mut stdout = std::io::stdout().lock();
    let color = use_color(args.color);
    let output = output::render(args.output_format, &graph.set, &findings, color);
    let _ = stdout.write_all(output.as_bytes());
    if args.output_format.is_human() {
        if args.statistics {
            let _ = write!(stdout, "\n{}", statistics(&findings));
        }
        let _ = writeln!(stdout, "{}", summary(&findings, files.len()));
    }
    if !output::write_reports(
        &args.report,
        &graph.set,
        &findings,
        files.len(),
        &mut stderr,
    ) {
        failed = true;
    }
    if failed {
        EXIT_ERROR
    } else if findings.iter().any(|d| d.severity >= Severity::Warning) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Writes findings in a human format (`full` or `concise`; any other format is written as
/// `concise`: the machine formats need the whole run, see `output::render`).
pub(super) fn write_diagnostics(
    sources: &SourceMap,
    findings: &[Diagnostic],
    format: Format,
    color: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    if format == Format::Full {
        let mut renderer = HumanRenderer::new(sources, color);
        for d in findings {
            write!(out, "{}", renderer.render(d))?;
            writeln!(out)?;
        }
    } else {
        for d in findings {
            writeln!(out, "{}", concise(sources, d))?;
        }
    }
    Ok(())
}

/// `3 errors, 2 warnings in 4 files`.
#[must_use]
pub fn summary(findings: &[Diagnostic], files: usize) -> String {
    let count = |s| findings.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    ];
    let infos = count(Severity::Info);
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    format!("{} in {}", parts.join(", "), plural(files, "file"))
}
