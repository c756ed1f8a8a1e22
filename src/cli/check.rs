//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::io::Write;

use super::args::{CheckArgs, Format};
use super::config::Configs;
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, apply, load, output, use_color};
use crate::diag::{Diagnostic, Severity};
use crate::report::human::{HumanRenderer, concise};
use crate::report::statistics::statistics;
use crate::zone::source::SourceMap;

pub(super) fn check(args: &CheckArgs) -> u8 {
    // Not locked: the progress bar's ticker thread writes to stderr too.
    let mut stderr = std::io::stderr();
    let selection = match args.selection() {
        Ok(selection) => selection,
        Err(e) => {
            let _ = writeln!(stderr, "zonelint: {e}");
            return EXIT_ERROR;
        }
    };
    let mut configs = Configs::default();
    let loaded = match load::load(args, &mut configs, &mut stderr) {
        Ok(Some(loaded)) => loaded,
        Ok(None) => return EXIT_ERROR,
        Err(e) => {
            let _ = write!(stderr, "{}", e.render(use_color(args.color)));
            return EXIT_ERROR;
        }
    };
    let load::Loaded {
        graph,
        named,
        mut failed,
        progress,
    } = loaded;
    progress.stage("checking");
    // Project mode reads more than was named: only the named files are reported on.
    let outcome = match apply::run_rules(&graph, &mut configs, &selection, args.fail_on, |file| {
        named.contains(file)
    }) {
        Ok(outcome) => outcome,
        Err(e) => {
            let _ = write!(stderr, "{}", e.render(use_color(args.color)));
            return EXIT_ERROR;
        }
    };
    progress.finish();
    let findings = outcome.findings;
    let suppressed = outcome.suppressed;
    let mut stdout = std::io::stdout().lock();
    let color = use_color(args.color);
    let output = output::render(args.output_format, &graph.set, &findings, color);
    let _ = stdout.write_all(output.as_bytes());
    if args.output_format.is_human() {
        if args.statistics {
            let _ = write!(stdout, "\n{}", statistics(&findings));
        }
        let _ = writeln!(stdout, "{}", summary(&findings, named.inputs, suppressed));
    }
    if !output::write_reports(
        &args.report,
        &graph.set,
        &findings,
        named.inputs,
        suppressed,
        &mut stderr,
    ) {
        failed = true;
    }
    if failed {
        EXIT_ERROR
    } else if outcome.failing {
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
