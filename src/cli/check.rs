//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::io::Write;

use super::args::{CheckArgs, Format};
use super::config::Configs;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, apply, discover, use_color};
use crate::diag::{Diagnostic, Severity};
use crate::graph::Graph;
use crate::report::human::{HumanRenderer, concise};
use crate::zone::Reader;
use crate::zone::source::SourceMap;

pub(super) fn check(args: &CheckArgs) -> u8 {
    let mut stderr = std::io::stderr().lock();
    let selection = match args.selection() {
        Ok(selection) => selection,
        Err(e) => {
            let _ = writeln!(stderr, "zonelint: {e}");
            return EXIT_ERROR;
        }
    };
    let (files, mut failed) = discover::zone_files(&args.paths, &mut stderr);
    let mut configs = Configs::default();
    let mut reader = Reader::new(args.reader.options());
    for file in &files {
        let config = match configs.for_file(file) {
            Ok(config) => config,
            Err(e) => {
                let _ = write!(stderr, "{}", e.render(use_color(args.color)));
                return EXIT_ERROR;
            }
        };
        // `--origin` wins over the config's `[origins]`.
        if args.reader.origin.is_none() {
            let path = super::config::absolute(file);
            reader.set_origin(config.and_then(|c| c.origin_for(&path).map(str::to_owned)));
        }
        if let Err(e) = reader.read_path(file) {
            let _ = writeln!(stderr, "zonelint: {e}");
            failed = true;
        }
    }
    let graph = Graph::build(reader.finish());
    let outcome = match apply::run_rules(&graph, &mut configs, &selection, args.fail_on) {
        Ok(outcome) => outcome,
        Err(e) => {
            let _ = write!(stderr, "{}", e.render(use_color(args.color)));
            return EXIT_ERROR;
        }
    };
    let findings = outcome.findings;
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
    } else if outcome.failing {
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
