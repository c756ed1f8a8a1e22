//! `zonelint diff OLD NEW`: two versions of a zone file outside git. Runs the change-aware rules
//! (and reports the reader's problems with NEW), and summarizes what changed for mail.

use std::io::{Read, Write};
use std::path::Path;

use super::args::{DiffArgs, DiffFormat, Format, ReaderArgs};
use super::check::{summary, write_diagnostics};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, threads, use_color};
use crate::diag::Diagnostic;
use crate::graph::Graph;
use crate::report::mail_changes::{self, mail_changes};
use crate::rules::{self, Group, READER_IDS, RULES, RuleConfig};
use crate::zone::Reader;
use crate::zone::origin::infer_from_file_name;

const STDIN: &str = "-";

pub(super) fn diff(args: &DiffArgs) -> u8 {
    threads::init(args.threads.threads);
    let mut stderr = std::io::stderr();
    if args.old.as_os_str() == STDIN && args.new.as_os_str() == STDIN {
        let _ = writeln!(
            stderr,
            "zonelint: only one of OLD and NEW can be `-` (stdin)"
        );
        return EXIT_ERROR;
    }
    // Both versions are one zone: `--origin`, else the new file's name, else the old one's
    // (an old copy such as `/tmp/old.zone` or a pipe rarely has a telling name).
    let inferred = |path: &Path| {
        if args.reader.no_infer_origin {
            None
        } else {
            infer_from_file_name(path)
        }
    };
    let origin = args
        .reader
        .origin
        .clone()
        .or_else(|| inferred(&args.new))
        .or_else(|| inferred(&args.old));
    let (new_origin, old_origin) = (origin.clone(), origin);
    let read = |path: &Path, origin| {
        read_one(path, origin, &args.reader).map_err(|e| {
            let _ = writeln!(std::io::stderr(), "zonelint: {e}");
        })
    };
    let (Ok(mut graph), Ok(old)) = (read(&args.new, new_origin), read(&args.old, old_origin))
    else {
        return EXIT_ERROR;
    };
    let old_label = args.old.display().to_string();
    let new_label = args.new.display().to_string();
    graph.set_base(old, old_label.clone());
    let mut ids: Vec<&str> = RULES
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.group == Group::Change)
        .map(|m| m.id)
        .collect();
    ids.extend_from_slice(READER_IDS);
    let mut config = RuleConfig::default();
    if let Err(e) = config.only(&ids) {
        let _ = writeln!(stderr, "zonelint: {e}");
        return EXIT_ERROR;
    }
    let run = rules::run_counting(&graph, &config);
    let findings = run.diagnostics;
    let changes = mail_changes(&graph);
    let color = use_color(args.color);
    let mut out = String::new();
    match args.output_format {
        DiffFormat::Markdown => {
            out.push_str(&mail_changes::markdown(&changes, &old_label, &new_label));
            out.push('\n');
            out.push_str(&findings_markdown(&graph, &findings));
        }
        DiffFormat::Full | DiffFormat::Concise => {
            out.push_str(&mail_changes::text(&changes, &old_label, &new_label));
            out.push('\n');
            let format = if args.output_format == DiffFormat::Full {
                Format::Full
            } else {
                Format::Concise
            };
            let mut rendered = Vec::new();
            let _ = write_diagnostics(&graph.set.sources, &findings, format, color, &mut rendered);
            out.push_str(&String::from_utf8_lossy(&rendered));
            out.push_str(&summary(&findings, 1, run.suppressed));
            out.push('\n');
        }
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if findings.iter().any(|d| args.fail_on.fails(d.severity)) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Reads one version: a file, a pipe (`<(git show REV:path)`), or stdin (`-`).
fn read_one(path: &Path, origin: Option<String>, args: &ReaderArgs) -> Result<Graph, String> {
    let mut reader = Reader::new(args.options());
    reader.set_origin(origin);
    let result = if path.as_os_str() == STDIN {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        reader.read_bytes(Path::new("<stdin>"), bytes)
    } else if is_pipe(path) {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        reader.read_bytes(path, bytes)
    } else {
        reader.read_path(path)
    };
    result.map_err(|e| e.to_string())?;
    Ok(Graph::build(reader.finish()))
}

#[cfg(unix)]
fn is_pipe(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn is_pipe(_: &Path) -> bool {
    false
}

/// The findings as a markdown list (`No findings.` when there are none).
fn findings_markdown(graph: &Graph, findings: &[Diagnostic]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("### Findings\n\n");
    if findings.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    for d in findings {
        let (path, line, _) = graph.set.sources.location(d.span);
        let _ = writeln!(
            out,
            "- **{}** `{}` at `{path}:{line}`: {}",
            d.severity.as_str(),
            d.id,
            d.message
        );
        if let Some(help) = d.help() {
            let _ = writeln!(out, "  - help: {help}");
        }
    }
    out
}
