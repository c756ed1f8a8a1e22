//! Diagnostics as plain data: what was found, where, why and how to fix it. No rendering here
//! (see `report/`), so every output format serializes the same struct.

use std::borrow::Cow;

use crate::zone::source::Span;

/// Text of a finding: borrowed when it is fixed (most help and notes, many labels), so a run
/// with 100,000 findings does not allocate and keep 100,000 copies of the same sentence.
pub type Text = Cow<'static, str>;

/// How serious a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location that explains the finding ("first defined here").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    pub span: Span,
    pub message: Text,
}

/// One finding about the zone content (syntax errors included). The derived order compares
/// every field: see [`Diagnostic::display_order`] for the order findings are shown in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Kebab-case rule id, e.g. `invalid-syntax`.
    pub id: &'static str,
    pub severity: Severity,
    /// Lowercase, no trailing period, offending value in backticks.
    pub message: String,
    /// The offending token or field.
    pub span: Span,
    /// Label, secondary labels, help and note, behind one pointer: a 10-million-record zone can
    /// have 1.6 million findings, and in a run whose outputs print none of these (`concise`,
    /// `gitlab`) none is kept, so each finding is 64 bytes instead of 152. `None` whenever all of
    /// them are empty, so that equal findings compare equal.
    details: Option<Box<Details>>,
}

/// The parts of a finding beyond its place and message (see [`Diagnostic`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Details {
    /// What the primary span is (shown under the underline).
    span_label: Option<Text>,
    labels: Vec<Label>,
    /// An imperative fix.
    help: Option<Text>,
    note: Option<Text>,
}

impl Diagnostic {
    #[must_use]
    pub fn new(
        id: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            id,
            severity,
            message: message.into(),
            span,
            details: None,
        }
    }

    fn details_mut(&mut self) -> &mut Details {
        self.details.get_or_insert_with(Box::default)
    }

    /// What the primary span is, shown under its underline.
    #[must_use]
    pub fn span_label(&self) -> Option<&str> {
        self.details.as_ref()?.span_label.as_deref()
    }

    /// Secondary locations, in any file.
    #[must_use]
    pub fn labels(&self) -> &[Label] {
        self.details.as_ref().map_or(&[], |d| &d.labels)
    }

    /// The secondary locations, to move them (a merged file's spans).
    pub fn labels_mut(&mut self) -> impl Iterator<Item = &mut Label> {
        self.details.iter_mut().flat_map(|d| d.labels.iter_mut())
    }

    /// An imperative fix.
    #[must_use]
    pub fn help(&self) -> Option<&str> {
        self.details.as_ref()?.help.as_deref()
    }

    /// Background: why, the RFC, what a resolver does.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.details.as_ref()?.note.as_deref()
    }

    /// Sets the help (see [`Diagnostic::with_help`]).
    pub fn set_help(&mut self, help: impl Into<Text>) {
        self.details_mut().help = Some(help.into());
    }

    /// Sets the note (see [`Diagnostic::with_note`]).
    pub fn set_note(&mut self, note: impl Into<Text>) {
        self.details_mut().note = Some(note.into());
    }

    /// Sets the primary span's label (see [`Diagnostic::with_span_label`]).
    pub fn set_span_label(&mut self, label: impl Into<Text>) {
        self.details_mut().span_label = Some(label.into());
    }

    /// Adds a secondary location (see [`Diagnostic::with_label`]).
    pub fn push_label(&mut self, span: Span, message: impl Into<Text>) {
        self.details_mut().labels.push(Label {
            span,
            message: message.into(),
        });
    }

    #[must_use]
    pub fn error(id: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(id, Severity::Error, span, message)
    }

    #[must_use]
    pub fn warning(id: &'static str, span: Span, message: impl Into<String>) -> Self {
        Self::new(id, Severity::Warning, span, message)
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.set_help(help);
        self
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<Text>) -> Self {
        self.set_note(note);
        self
    }

    #[must_use]
    pub fn with_span_label(mut self, label: impl Into<Text>) -> Self {
        self.set_span_label(label);
        self
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.push_label(span, message);
        self
    }

    /// The order in which findings are shown: by file, position, then id.
    #[must_use]
    pub fn sort_key(&self) -> (Span, &'static str) {
        (self.span, self.id)
    }

    /// [`Diagnostic::sort_key`], then every other field: a total order, so an unstable sort
    /// gives one order whatever order the findings came in, and equal findings end up side by
    /// side for `dedup`. (A stable sort would copy half of a 10-million-record zone's findings
    /// into a scratch buffer: 125 MB.)
    #[must_use]
    pub fn display_order(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.cmp(other))
    }
}

/// Rule ids of the "Syntax and loading" group, emitted by the reader.
pub mod ids {
    pub const INVALID_SYNTAX: &str = "invalid-syntax";
    pub const UNKNOWN_RECORD_TYPE: &str = "unknown-record-type";
    pub const NAME_TOO_LONG: &str = "name-too-long";
    pub const TXT_STRING_TOO_LONG: &str = "txt-string-too-long";
    pub const INCLUDE_PROBLEM: &str = "include-problem";
    pub const GENERATE_PROBLEM: &str = "generate-problem";
    pub const CLASS_MISMATCH: &str = "class-mismatch";
    pub const TTL_OUT_OF_RANGE: &str = "ttl-out-of-range";
    pub const MISSING_TTL: &str = "missing-ttl";
    pub const RELATIVE_NAME_WITHOUT_ORIGIN: &str = "relative-name-without-origin";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::source::FileId;

    fn at(start: u32, id: &'static str, message: &str) -> Diagnostic {
        Diagnostic::warning(id, Span::new(FileId(0), start, start + 1), message)
    }

    #[test]
    fn finding_stays_small() {
        // A 10-million-record zone can have 1.6 million findings: every byte here is 1.6 MB.
        assert!(
            std::mem::size_of::<Diagnostic>() <= 64,
            "{}",
            std::mem::size_of::<Diagnostic>()
        );
    }

    #[test]
    fn details_are_kept_and_absent_details_allocate_nothing() {
        let span = Span::new(FileId(0), 1, 2);
        let bare = at(1, "a-rule", "m");
        assert_eq!(
            (bare.help(), bare.note(), bare.span_label()),
            (None, None, None)
        );
        assert!(bare.labels().is_empty() && bare.details.is_none());
        let full = at(1, "a-rule", "m")
            .with_help("h")
            .with_note("n")
            .with_span_label("s")
            .with_label(span, "l");
        assert_eq!(
            (full.help(), full.note(), full.span_label()),
            (Some("h"), Some("n"), Some("s"))
        );
        assert_eq!(
            full.labels(),
            [Label {
                span,
                message: "l".into()
            }]
        );
        // A finding with details sorts after the same finding without.
        assert_eq!(bare.display_order(&full), std::cmp::Ordering::Less);
    }

    #[test]
    fn display_order_is_total_and_brings_duplicates_together() {
        let mut found = vec![
            at(9, "b-rule", "second"),
            at(3, "z-rule", "x"),
            at(9, "b-rule", "first"),
            at(3, "a-rule", "y"),
            at(9, "b-rule", "second").with_help("more"),
            at(9, "b-rule", "first"),
        ];
        let mut reversed = found.clone();
        reversed.reverse();
        for list in [&mut found, &mut reversed] {
            list.sort_unstable_by(Diagnostic::display_order);
            list.dedup();
        }
        // Whatever order they came in: one order, and the repeated finding kept once.
        assert_eq!(found, reversed);
        let shown: Vec<_> = found
            .iter()
            .map(|d| (d.span.start, d.id, d.message.as_str(), d.help().is_some()))
            .collect();
        assert_eq!(
            shown,
            [
                (3, "a-rule", "y", false),
                (3, "z-rule", "x", false),
                (9, "b-rule", "first", false),
                (9, "b-rule", "second", false),
                (9, "b-rule", "second", true),
            ]
        );
    }
}
