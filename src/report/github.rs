//! `--output-format github`: GitHub Actions workflow commands, one annotation a finding:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.

use std::fmt::Write as _;

use super::Findings;
use super::region::Region;
use crate::diag::Severity;

/// Escapes a command's message (GitHub's `escapeData`).
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (GitHub's `escapeProperty`): as data, and `:` and `,` too.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line per finding.
#[must_use]
pub fn github(findings: Findings<'_>) -> String {
    let mut out = String::new();
    for (diag, _) in findings.iter() {
        let at = Region::of(findings.sources, diag.span);
        let command = match diag.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = diag.message.clone();
        if let Some(help) = diag.help() {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&at.path),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            escape_property(&format!("zonelint ({})", diag.id)),
            escape_data(&message),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
