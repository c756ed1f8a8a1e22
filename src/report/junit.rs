//! `--output-format junit`: JUnit XML for CI test-report views. One `testsuite` per file read;
//! each finding is a failed `testcase`, and a file without findings has one passing testcase.

use std::fmt::Write as _;

use super::Findings;
use super::region::Region;
use crate::diag::Diagnostic;

/// Escapes text for an XML attribute or element; characters XML 1.0 cannot hold at all (most
/// control characters) become U+FFFD.
#[must_use]
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML document, with a final newline.
#[must_use]
pub fn junit(findings: Findings<'_>) -> String {
    let sources = findings.sources;
    let total = findings.diagnostics.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let files = sources.files().len();
    let _ = writeln!(
        out,
        "<testsuites name=\"zonelint\" tests=\"{}\" failures=\"{total}\" errors=\"0\">",
        total + count_clean(findings, files),
    );
    for (index, file) in sources.files().iter().enumerate() {
        let in_file: Vec<&Diagnostic> = findings
            .diagnostics
            .iter()
            .filter(|d| d.span.file.0 as usize == index)
            .collect();
        let path = escape_xml(&file.path().display().to_string());
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            in_file.len().max(1),
            in_file.len(),
        );
        if in_file.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"zonelint\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        for diag in in_file {
            let at = Region::of(sources, diag.span);
            let mut body = format!(
                "{}:{}:{}: {}: {} [{}]",
                at.path,
                at.line,
                at.column,
                diag.severity.as_str(),
                diag.message,
                diag.id
            );
            if let Some(help) = diag.help() {
                let _ = write!(body, "\nhelp: {help}");
            }
            if let Some(note) = diag.note() {
                let _ = write!(body, "\nnote: {note}");
            }
            let _ = writeln!(
                out,
                "    <testcase name=\"{id} at line {line}, column {column}\" classname=\"{path}\" \
                 file=\"{path}\" line=\"{line}\">\n      \
                 <failure type=\"{id}\" message=\"{message}\">{body}</failure>\n    </testcase>",
                id = escape_xml(diag.id),
                line = at.line,
                column = at.column,
                message = escape_xml(&diag.message),
                body = escape_body(&body),
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Element text keeps its line breaks: only markup and invalid characters are escaped.
fn escape_body(text: &str) -> String {
    escape_xml(text).replace("&#10;", "\n")
}

/// Files with no finding (each counts one passing testcase).
fn count_clean(findings: Findings<'_>, files: usize) -> usize {
    (0..files)
        .filter(|&i| {
            !findings
                .diagnostics
                .iter()
                .any(|d| d.span.file.0 as usize == i)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_characters_xml_cannot_hold() {
        assert_eq!(
            escape_xml("<a & 'b'>\"\u{1}"),
            "&lt;a &amp; &apos;b&apos;&gt;&quot;\u{FFFD}"
        );
        assert_eq!(escape_body("a\nb<"), "a\nb&lt;");
    }
}
