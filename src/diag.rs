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
    /// What the primary span is (shown under the underline).
    pub span_label: Option<Text>,
    pub labels: Vec<Label>,
    /// An imperative fix.
    pub help: Option<Text>,
    pub note: Option<Text>,
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
            span_label: None,
            labels: Vec::new(),
            help: None,
            note: None,
        }
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
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_note(mut self, note: impl Into<Text>) -> Self {
        self.note = Some(note.into());
        self
    }

    #[must_use]
    pub fn with_span_label(mut self, label: impl Into<Text>) -> Self {
        self.span_label = Some(label.into());
        self
    }

    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
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
            .map(|d| (d.span.start, d.id, d.message.as_str(), d.help.is_some()))
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
