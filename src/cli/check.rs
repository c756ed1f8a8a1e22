//! `zonelint check`: find the zones, read them into one graph, run the rules, print.

use std::fmt::Write as _;
use std::io::Write;
use std::time::Duration;

use super::args::{CheckArgs, Format};
use super::config::Configs;
use super::{
    EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, apply, base, baseline, load, output, threads, use_color,
};
use crate::diag::{Diagnostic, Severity};
use crate::report::human::{HumanRenderer, write_concise};
use crate::report::statistics::statistics;
use crate::rules::RuleTimes;
use crate::zone::source::SourceMap;

pub(super) fn check(args: &CheckArgs) -> u8 {
    let started = std::time::Instant::now();
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
        graph_took,
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
    let read_done = std::time::Instant::now();
    let mut rule_times = args.timings.then(RuleTimes::default);
    // Project mode reads more than was named: only the named files are reported on.
    let reported = |file| named.contains(file);
    let mut outcome = match apply::run_rules(
        &graph,
        &absolute,
        &mut configs,
        &selection,
        args.fail_on,
        reported,
        apply::RunOptions {
            details: args.shows_details(),
            times: rule_times.as_mut(),
        },
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
        match base::new_findings(
            &graph,
            &mut configs,
            &selection,
            args.fail_on,
            &outcome.findings,
        ) {
            Ok(keep) => hidden.extend(hide(&mut outcome, &keep, |n| {
                format!("{n} already at `{rev}`")
            })),
            Err(e) => {
                let _ = write!(stderr, "{}", e.render(use_color(args.color)));
                return EXIT_ERROR;
            }
        }
    }
    if let Some(path) = &change.baseline {
        let entries = baseline::entries(&graph.set, &outcome.findings, path);
        if change.update_baseline {
            progress.finish();
            let written = write_baseline(path, entries, &mut stderr);
            return if failed || !written {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
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
        hidden.extend(hide(&mut outcome, &keep, |n| {
            format!("{n} in the baseline")
        }));
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
    let rules_done = std::time::Instant::now();
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
    if let Some(times) = &rule_times {
        let ends = [started, read_done, rules_done, std::time::Instant::now()];
        let _ = write!(stderr, "{}", timings(ends, graph_took, times));
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

/// `--update-baseline`: writes the run's findings to the baseline `path`, says so on stderr;
/// whether it could.
fn write_baseline(
    path: &std::path::Path,
    entries: Vec<baseline::Entry>,
    stderr: &mut impl Write,
) -> bool {
    let count = entries.len();
    if let Err(e) = baseline::write(path, entries) {
        let _ = writeln!(stderr, "zonelint: {e}");
        return false;
    }
    let _ = writeln!(
        stderr,
        "zonelint: wrote {count} finding{} to baseline `{}`",
        if count == 1 { "" } else { "s" },
        path.display()
    );
    true
}

/// Drops the findings `keep` marks false (`--new-only`, `--baseline`); what the summary line
/// says of them, if any were dropped.
fn hide(
    outcome: &mut apply::Outcome,
    keep: &[bool],
    said: impl Fn(usize) -> String,
) -> Option<String> {
    let dropped = keep.iter().filter(|k| !**k).count();
    outcome.retain(keep);
    (dropped > 0).then(|| said(dropped))
}

/// `--timings`: one line per phase and per rule, `SECONDS  WHAT`, the rules slowest first (`awk
/// '$2 == "rule"'` picks them out). `ends`: the start, then the end of reading (with the graph,
/// which took `graph`), of the rules and of the output.
fn timings(ends: [std::time::Instant; 4], graph: Duration, times: &RuleTimes) -> String {
    let [read, rules, output] = [0, 1, 2].map(|i| ends[i + 1].duration_since(ends[i]));
    let mut out = String::from("zonelint: timings (seconds, wall clock)\n");
    let mut line = |took: Duration, what: &str| {
        let _ = writeln!(out, "{:>12.6}  {what}", took.as_secs_f64());
    };
    line(read.saturating_sub(graph), "reading");
    line(graph, "graph");
    line(rules, "rules");
    let mut by_time: Vec<&(&str, Duration)> = times.0.iter().collect();
    by_time.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    for (id, took) in by_time {
        line(*took, &format!("rule {id}"));
    }
    line(output, "output");
    out
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
