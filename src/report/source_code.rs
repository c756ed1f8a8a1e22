//! A line-indexed `miette::SourceCode`: finds a span's lines by binary search over the line
//! starts instead of rescanning the file from byte 0 for every label (miette's default), which
//! turns thousands of findings on a large zone from seconds into milliseconds.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::sync::Arc;

/// One file's text (made valid UTF-8 byte for byte) with its line starts.
#[derive(Debug, Clone)]
pub struct IndexedSource {
    name: String,
    text: Arc<String>,
    line_starts: Arc<Vec<usize>>,
}

impl IndexedSource {
    /// Builds the source; invalid UTF-8 bytes are shown as `?` so offsets stay exact.
    #[must_use]
    pub fn new(name: String, bytes: &[u8], line_starts: &[u32]) -> Self {
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(_) => sanitize(bytes),
        };
        Self {
            name,
            text: Arc::new(text),
            line_starts: Arc::new(line_starts.iter().map(|&s| s as usize).collect()),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

/// Replaces each byte of an invalid UTF-8 sequence by `?`, keeping every offset.
fn sanitize(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                // The prefix up to `valid` is UTF-8 by definition of `valid_up_to`.
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len() - valid);
                out.extend(std::iter::repeat_n('?', bad));
                rest = &rest[valid + bad..];
            }
        }
    }
    out
}

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.text.len();
        let start = span.offset().min(len);
        let end = (span.offset() + span.len()).min(len);
        if span.offset() > len {
            return Err(MietteError::OutOfBounds);
        }
        if context_lines_before == 0 && context_lines_after == 0 {
            // miette asks so for the header's `[file:line:column]`: the span alone, with the
            // line and column (in bytes, as miette counts them) where it starts.
            let line = self.line_of(start);
            let from = (self.line_starts[line]..=start)
                .rev()
                .find(|&i| self.text.is_char_boundary(i))
                .unwrap_or(start);
            let to = (end.max(from)..=len)
                .find(|&i| self.text.is_char_boundary(i))
                .unwrap_or(len);
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                &self.text.as_bytes()[from..to],
                SourceSpan::from(from..to),
                line,
                from - self.line_starts[line],
                1 + self.line_of(to.saturating_sub(usize::from(to > from))) - line,
            )));
        }
        let first_line = self.line_of(start).saturating_sub(context_lines_before);
        let last_line = (self.line_of(end.saturating_sub(usize::from(end > start)))
            + context_lines_after)
            .min(self.line_starts.len() - 1);
        let from = self.line_starts[first_line];
        let to = self.line_starts.get(last_line + 1).map_or(len, |&s| s);
        // Snap to char boundaries (sanitized text is UTF-8, spans are byte offsets of the file).
        let from = (0..=from)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        let to = (to..=len)
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(len);
        let data = &self.text.as_bytes()[from..to];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::from(from..to),
            first_line,
            0,
            last_line - first_line + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_read_alone_starts_at_its_own_line_and_column() {
        let text = "a A 1.2.3.4\nmail\tA\t192.0.2.300\n";
        let starts: Vec<u32> = vec![0, 12, 34];
        let source = IndexedSource::new("z".to_owned(), text.as_bytes(), &starts);
        let span = SourceSpan::from(19..30); // `192.0.2.300`
        let alone = source.read_span(&span, 0, 0).expect("in bounds");
        assert_eq!((alone.line(), alone.column()), (1, 7));
        assert_eq!(alone.data(), b"192.0.2.300");
        // With context, whole lines from the first one's start.
        let context = source.read_span(&span, 1, 1).expect("in bounds");
        assert_eq!((context.line(), context.column()), (0, 0));
        assert_eq!(context.data(), text.as_bytes());
    }

    #[test]
    fn sanitizes_invalid_utf8_keeping_offsets() {
        let s = sanitize(b"a\xffb\xe2\x82c");
        assert_eq!(s.len(), 6);
        assert_eq!(s, "a?b??c");
    }
}
