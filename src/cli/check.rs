//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::io::Write;

use super::args::{CheckArgs, Format};
use super::config::Configs;
use super::{
    EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, apply, base, baseline, load, output, threads, use_color,
};
use crate::diag::{Diagnostic, Severity};
use crate::report::human::{HumanRenderer, write_concise};
use crate::report::statistics::statistics;
use crate::zone::source::SourceMap;

pub(super) fn check(args: &CheckArgs) -> u8 {
    threads::init(args.threads.threads);
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
        mut graph,
        named,
        mut failed,
        progress,
        reads,
        absolute,
    } = loaded;
    let change = &args.change;
    if let Some(rev) = &change.base {
        progress.stage("reading the base");
        if let Err(e) = base::attach(&mut graph, rev, &reads, args, &mut configs) {
            progress.finish();
            let _ = writeln!(stderr, "zonelint: {e}");
            return EXIT_ERROR;
        }
    }
    progress.stage("checking");
    // Project mode reads more than was named: only the named files are reported on.
    let reported = |file| named.contains(file);
    let mut outcome = match apply::run_rules(
        &graph,
        &absolute,
        &mut configs,
        &selection,
        args.fail_on,
        reported,
    ) {
        Ok(outcome) => outcome,
        Err(e) => {
            let _ = write!(stderr, "{}", e.render(use_color(args.color)));
            return EXIT_ERROR;
        }
    };
    let mut hidden = Vec::new();
    if outcome.suppressed > 0 {
        hidden.push(format!("{} suppressed", outcome.suppressed));
    }
    if let (true, Some(rev)) = (change.new_only, &change.base) {
        let keep = match base::new_findings(
            &graph,
            &mut configs,
            &selection,
            args.fail_on,
            &outcome.findings,
        ) {
            Ok(keep) => keep,
            Err(e) => {
                let _ = write!(stderr, "{}", e.render(use_color(args.color)));
                return EXIT_ERROR;
            }
        };
        let old = keep.iter().filter(|k| !**k).count();
        outcome.retain(&keep);
        if old > 0 {
            hidden.push(format!("{old} already at `{rev}`"));
        }
    }
    if let Some(path) = &change.baseline {
        let entries = baseline::entries(&graph.set, &outcome.findings, path);
        if change.update_baseline {
            progress.finish();
            let count = entries.len();
            if let Err(e) = baseline::write(path, entries) {
                let _ = writeln!(stderr, "zonelint: {e}");
                return EXIT_ERROR;
            }
            let _ = writeln!(
                stderr,
                "zonelint: wrote {count} finding{} to baseline `{}`",
                if count == 1 { "" } else { "s" },
                path.display()
            );
            return if failed { EXIT_ERROR } else { EXIT_CLEAN };
        }
        let accepted = match baseline::read(path) {
            Ok(accepted) => accepted,
            Err(e) => {
                progress.finish();
                let _ = writeln!(stderr, "zonelint: {e}");
                return EXIT_ERROR;
            }
        };
        let (keep, stale) = baseline::filter(&entries, &accepted);
        let known = keep.iter().filter(|k| !**k).count();
        outcome.retain(&keep);
        if known > 0 {
            hidden.push(format!("{known} in the baseline"));
        }
        if stale > 0 {
            let _ = progress.suspend(|| {
                writeln!(
                    stderr,
                    "zonelint: {stale} baseline entr{} of `{}` match no finding any more: `--update-baseline` drops them",
                    if stale == 1 { "y" } else { "ies" },
                    path.display()
                )
            });
        }
    }
    progress.finish();
    let findings = outcome.findings;
    // Buffered: stdout alone is line-buffered, a write(2) per finding.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let color = use_color(args.color);
    let _ = output::write(
        args.output_format,
        &graph.set,
        &findings,
        color,
        &mut stdout,
    );
    let summary = summary_hiding(&findings, named.inputs, &hidden);
    if args.output_format.is_human() {
        if args.statistics {
            let _ = write!(stdout, "\n{}", statistics(&findings));
        }
        let _ = writeln!(stdout, "{summary}");
    }
    let _ = stdout.flush();
    if !output::write_reports(&args.report, &graph.set, &findings, &summary, &mut stderr) {
        failed = true;
    }
    // The process exits right after this: freeing the graph and the findings one allocation
    // at a time took the last 3 s of a 100,000-zone run, on one core, for nothing. (`check` is
    // only the binary's; a library caller builds its own graph and drops it as usual.)
    std::mem::forget(findings);
    std::mem::forget(graph);
    if failed {
        EXIT_ERROR
    } else if outcome.failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Writes findings in a human format (`full` or `concise`; any other format is written as
/// `concise`: the machine formats need the whole run, see `output::write`).
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
            write_concise(sources, d, out)?;
        }
    }
    Ok(())
}

/// `3 errors, 2 warnings in 4 files`, then `(1 suppressed)` when inline suppressions hid some.
#[must_use]
pub fn summary(findings: &[Diagnostic], files: usize, suppressed: usize) -> String {
    let hidden: Vec<String> = (suppressed > 0)
        .then(|| format!("{suppressed} suppressed"))
        .into_iter()
        .collect();
    summary_hiding(findings, files, &hidden)
}

/// [`summary`] with what hid findings, in parentheses: `(1 suppressed, 4 in the baseline)`.
#[must_use]
pub fn summary_hiding(findings: &[Diagnostic], files: usize, hidden: &[String]) -> String {
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
    let hidden = if hidden.is_empty() {
        String::new()
    } else {
        format!(" ({})", hidden.join(", "))
    };
    format!("{} in {}{hidden}", parts.join(", "), plural(files, "file"))
}
