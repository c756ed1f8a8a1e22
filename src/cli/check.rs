//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::io::Write;

use super::args::{CheckArgs, Format};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, load, use_color};
use crate::diag::{Diagnostic, Severity};
use crate::report::human::{HumanRenderer, concise};
use crate::rules;
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
    let Some(load::Loaded {
        graph,
        named,
        failed,
    }) = load::load(args, &mut stderr)
    else {
        return EXIT_ERROR;
    };
    let rules::Findings {
        diagnostics: mut findings,
        suppressed,
    } = rules::run_counting(&graph, &config);
    // Project mode reads more than was named: only the named files are reported on.
    findings.retain(|d| named.contains(d.span.file));
    let mut stdout = std::io::stdout().lock();
    let _ = write_diagnostics(
        &graph.set.sources,
        &findings,
        args.output_format,
        use_color(args.color),
        &mut stdout,
    );
    let _ = writeln!(stdout, "{}", summary(&findings, named.inputs, suppressed));
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

/// `3 errors, 2 warnings in 4 files`, then `(1 suppressed)` when inline suppressions hid some.
#[must_use]
pub fn summary(findings: &[Diagnostic], files: usize, suppressed: usize) -> String {
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
    let hidden = if suppressed > 0 {
        format!(" ({suppressed} suppressed)")
    } else {
        String::new()
    };
    format!("{} in {}{hidden}", parts.join(", "), plural(files, "file"))
}
