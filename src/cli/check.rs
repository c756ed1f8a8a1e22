//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::io::Write;

use super::args::{CheckArgs, Format};
use super::progress::Progress;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, discover, use_color};
use crate::diag::{Diagnostic, Severity};
use crate::graph::Graph;
use crate::report::human::{HumanRenderer, concise};
use crate::rules;
use crate::zone::Reader;
use crate::zone::source::SourceMap;

pub(super) fn check(args: &CheckArgs) -> u8 {
    // Not locked: the progress bar's ticker thread writes to stderr too.
    let mut stderr = std::io::stderr();
    let config = match args.rule_config() {
        Ok(config) => config,
        Err(e) => {
            let _ = writeln!(stderr, "zonelint: {e}");
            return EXIT_ERROR;
        }
    };
    let (files, mut failed) = discover::zone_files(&args.paths, &mut stderr);
    let progress = Progress::for_files(&files);
    let mut reader = Reader::new(args.reader.options());
    for file in &files {
        progress.reading(file);
        if let Err(e) = reader.read_path(file) {
            let _ = progress.suspend(|| writeln!(stderr, "zonelint: {e}"));
            failed = true;
        }
        progress.read(file);
    }
    progress.stage("checking");
    let graph = Graph::build(reader.finish());
    let findings = rules::run(&graph, &config);
    progress.finish();
    let mut stdout = std::io::stdout().lock();
    let _ = write_diagnostics(
        &graph.set.sources,
        &findings,
        args.output_format,
        use_color(args.color),
        &mut stdout,
    );
    let _ = writeln!(stdout, "{}", summary(&findings, files.len()));
    if failed {
        EXIT_ERROR
    } else if findings.iter().any(|d| d.severity >= Severity::Warning) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

pub(super) fn write_diagnostics(
    sources: &SourceMap,
    findings: &[Diagnostic],
    format: Format,
    color: bool,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Concise => {
            for d in findings {
                writeln!(out, "{}", concise(sources, d))?;
            }
        }
        Format::Full => {
            let mut renderer = HumanRenderer::new(sources, color);
            for d in findings {
                write!(out, "{}", renderer.render(d))?;
                writeln!(out)?;
            }
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
