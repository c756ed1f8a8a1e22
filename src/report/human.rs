//! The `full` human format: miette's graphical report, the offending field underlined, labels
//! where the cause lives (in other files as related reports).

use std::collections::HashMap;
use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::source_code::IndexedSource;
use crate::diag::{Diagnostic, Severity};
use crate::zone::source::{FileId, SourceMap, Span};

/// Renders diagnostics, caching one indexed source per file.
pub struct HumanRenderer<'a> {
    sources: &'a SourceMap,
    cache: HashMap<FileId, IndexedSource>,
    handler: GraphicalReportHandler,
}

struct MietteDiag<'s> {
    diag: &'s Diagnostic,
    source: IndexedSource,
    labels: Vec<LabeledSpan>,
    related: Vec<MietteDiag<'s>>,
    message: String,
    /// A secondary location shown as a related report (in another file): no code or help of
    /// its own, they belong to the main report.
    secondary: bool,
}

impl fmt::Debug for MietteDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for MietteDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteDiag<'_> {}

impl miette::Diagnostic for MietteDiag<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.secondary {
            return None;
        }
        Some(Box::new(self.diag.id))
    }

    fn severity(&self) -> Option<miette::Severity> {
        if self.secondary {
            return Some(miette::Severity::Advice);
        }
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.secondary {
            return None;
        }
        let help = match (self.diag.help(), self.diag.note()) {
            (Some(h), Some(n)) => format!("{h}\nnote: {n}"),
            (Some(h), None) => h.to_owned(),
            (None, Some(n)) => format!("note: {n}"),
            (None, None) => return None,
        };
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|d| d as &dyn miette::Diagnostic),
        ))
    }
}

fn labeled(span: Span, label: Option<&str>) -> LabeledSpan {
    LabeledSpan::new(
        label.map(str::to_owned),
        span.start as usize,
        span.len() as usize,
    )
}

impl<'a> HumanRenderer<'a> {
    #[must_use]
    pub fn new(sources: &'a SourceMap, color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(120)
            .with_wrap_lines(false)
            .with_links(false);
        Self {
            sources,
            cache: HashMap::new(),
            handler,
        }
    }

    fn source(&mut self, file: FileId) -> IndexedSource {
        let sources = self.sources;
        self.cache
            .entry(file)
            .or_insert_with(|| {
                let f = sources.file(file);
                IndexedSource::new(f.path().display().to_string(), f.text(), f.line_starts())
            })
            .clone()
    }

    /// Renders one diagnostic to text.
    pub fn render(&mut self, diag: &Diagnostic) -> String {
        let source = self.source(diag.span.file);
        let mut labels = vec![labeled(diag.span, diag.span_label())];
        let mut related = Vec::new();
        for label in diag.labels() {
            if label.span.file == diag.span.file {
                labels.push(labeled(label.span, Some(&label.message)));
            } else {
                related.push(MietteDiag {
                    diag,
                    source: self.source(label.span.file),
                    labels: vec![labeled(label.span, Some(&label.message))],
                    related: Vec::new(),
                    message: label.message.to_string(),
                    secondary: true,
                });
            }
        }
        let report = MietteDiag {
            diag,
            source,
            labels,
            related,
            message: diag.message.clone(),
            secondary: false,
        };
        let mut out = String::new();
        if self.handler.render_report(&mut out, &report).is_err() {
            let (path, line, col) = self.sources.location(diag.span);
            out = format!(
                "{path}:{line}:{col}: {}: {} [{}]\n",
                diag.severity.as_str(),
                diag.message,
                diag.id
            );
        }
        out
    }
}

/// `path:line:col: severity: message [id]`, gcc's shape.
#[must_use]
pub fn concise(sources: &SourceMap, diag: &Diagnostic) -> String {
    let mut out = Vec::new();
    let _ = write_concise(sources, diag, &mut out);
    out.pop(); // the newline
    String::from_utf8_lossy(&out).into_owned()
}

/// [`concise`], with its newline, written to `out` without building the line first.
///
/// # Errors
/// Those of `out`.
pub fn write_concise(
    sources: &SourceMap,
    diag: &Diagnostic,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let (path, line, col) = sources.place(diag.span);
    writeln!(
        out,
        "{path}:{line}:{col}: {}: {} [{}]",
        diag.severity.as_str(),
        diag.message,
        diag.id
    )
}
