//! Where a span is, as the machine formats say it: the file's path and the 1-based line and
//! column of the span's start and end. Columns count Unicode code points (what editors and
//! GitHub count), and the end is exclusive: the column just after the last character.

use crate::zone::source::{SourceMap, Span};

/// A span's place in its file, 1-based, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    #[must_use]
    pub fn of(sources: &SourceMap, span: Span) -> Region {
        let file = sources.file(span.file);
        let (line, column) = position(sources, span.file, span.start);
        let (end_line, end_column) = position(sources, span.file, span.end.max(span.start));
        Region {
            path: file.path_text().to_owned(),
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// 1-based (line, column in code points) of a byte offset.
fn position(sources: &SourceMap, file: crate::zone::source::FileId, offset: u32) -> (usize, usize) {
    let file = sources.file(file);
    let (line, _) = file.line_col(offset);
    let start = file.line_starts()[line];
    // Only the line's text: for a streamed file, its chunk rather than the whole file.
    let window = file.window(start, offset.max(start));
    let (base, text) = (window.base, &*window);
    let (start, offset) = (
        (start - base) as usize,
        offset.saturating_sub(base) as usize,
    );
    let end = offset.clamp(start, text.len().max(start));
    let before = text.get(start..end).unwrap_or_default();
    let column = match std::str::from_utf8(before) {
        Ok(s) => s.chars().count(),
        Err(_) => String::from_utf8_lossy(before).chars().count(),
    };
    (line + 1, column + 1)
}
