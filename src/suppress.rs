//! Inline suppressions: `; zonelint: ignore[rule-id, ...] -- reason` comments in the zone files,
//! and the findings they hide.
//!
//! - At the end of an entry's line (or on any line of a multi-line entry in parentheses), a
//!   suppression covers that entry: a finding whose primary span starts on one of its lines.
//! - On its own line it covers the next entry: the next line that is neither blank nor only a
//!   comment (a record, or a directive such as `$INCLUDE`), with all its lines.
//! - `; zonelint: ignore-file[...]` anywhere in a file covers that file only, not the files it
//!   `$INCLUDE`s (an included file carries its own).
//!
//! Only real comments count: the reader's comment spans ([`ZoneSet::comments`]) already leave
//! out a `;` inside quoted TXT text. Problems with the suppressions themselves (no ids, an
//! unknown id, a malformed directive, an id that suppressed nothing) are all reported as
//! `unused-suppression`: each is a suppression that hides nothing. The engine
//! ([`crate::rules::run`]) calls [`apply`] after every rule ran. See `docs/suppressions.md`.

use std::collections::HashMap;
use std::ops::{Range, RangeInclusive};

use crate::diag::{Diagnostic, Severity};
use crate::zone::ZoneSet;
use crate::zone::source::{FileId, SourceFile, Span, offset_u32};

/// The id every problem with a suppression is reported under.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

/// What a `zonelint:` comment says. Ranges are byte offsets into the comment's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// `ignore[a, b]` (`file: false`) or `ignore-file[a, b]` (`file: true`), with the range of
    /// each id.
    Ignore { file: bool, ids: Vec<Range<usize>> },
    /// `ignore` or `ignore-file` without ids (or with empty brackets): the range of the keyword.
    Bare { file: bool, at: Range<usize> },
    /// `zonelint:` followed by something else: the range of what follows.
    Malformed { at: Range<usize> },
}

/// Reads one comment (its text from the `;` on). `None` when it is not a `zonelint:` comment.
#[must_use]
pub fn parse_comment(comment: &[u8]) -> Option<Directive> {
    let mut at = comment.iter().take_while(|&&b| b == b';').count();
    at += whitespace(&comment[at..]);
    let rest = comment[at..].strip_prefix(b"zonelint:")?;
    // A malformed directive is shown from `zonelint:` to the end of the comment.
    let malformed = Directive::Malformed {
        at: at..comment.len() - trailing_whitespace(comment),
    };
    at += "zonelint:".len();
    at += whitespace(rest);
    let word_len = comment[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    let word = at..at + word_len;
    let file = match &comment[word.clone()] {
        b"ignore" => false,
        b"ignore-file" => true,
        _ => return Some(malformed),
    };
    let after = word.end;
    if comment.get(after) != Some(&b'[') {
        // `ignore` alone, or followed by a reason: no ids. Anything glued to the word
        // (`ignore(x)`) is malformed rather than bare.
        return Some(match comment.get(after) {
            None => Directive::Bare { file, at: word },
            Some(b) if b.is_ascii_whitespace() => Directive::Bare { file, at: word },
            Some(_) => malformed,
        });
    }
    let Some(close) = comment[after..].iter().position(|&b| b == b']') else {
        return Some(malformed);
    };
    let inside = after + 1..after + close;
    let mut ids = Vec::new();
    let mut start = inside.start;
    for (i, &b) in comment[inside.clone()].iter().enumerate() {
        if b == b',' {
            push_id(comment, start..inside.start + i, &mut ids);
            start = inside.start + i + 1;
        }
    }
    push_id(comment, start..inside.end, &mut ids);
    // What follows the brackets is the reason (`-- reason` by convention), never read.
    if ids.is_empty() {
        return Some(Directive::Bare {
            file,
            at: word.start..inside.end + 1,
        });
    }
    Some(Directive::Ignore { file, ids })
}

fn whitespace(text: &[u8]) -> usize {
    text.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

fn trailing_whitespace(text: &[u8]) -> usize {
    text.iter()
        .rev()
        .take_while(|b| b.is_ascii_whitespace())
        .count()
}

/// Adds the id in `range` trimmed, unless it is empty (`[a,,b]`, `[a,]`).
fn push_id(comment: &[u8], range: Range<usize>, ids: &mut Vec<Range<usize>>) {
    let text = &comment[range.clone()];
    let start = range.start + whitespace(text);
    let end = range.end - trailing_whitespace(text);
    if start < end {
        ids.push(start..end);
    }
}

/// What the engine knows about rule ids, for judging suppressions.
pub trait RuleIds {
    /// Whether `id` names a rule (or a finding of the reader).
    fn is_known(&self, id: &str) -> bool;
    /// Whether that rule ran in this run (so its findings could have been suppressed).
    fn is_enabled(&self, id: &str) -> bool;
    /// Whether that rule can find anything in this run at all: a change-aware rule cannot
    /// without a base version, and a suppression of it is then neither used nor unused.
    fn can_report(&self, _id: &str) -> bool {
        true
    }
}

/// The result of applying the suppressions of a run.
#[derive(Debug, Default)]
pub struct Applied {
    /// The findings no suppression covers.
    pub kept: Vec<Diagnostic>,
    /// How many findings were suppressed.
    pub suppressed: usize,
    /// `unused-suppression` findings: the suppressions' own problems.
    pub problems: Vec<Diagnostic>,
}

/// Where a suppression applies.
#[derive(Debug, Clone)]
struct Target {
    file: FileId,
    scope: Scope,
}

#[derive(Debug, Clone)]
enum Scope {
    /// All of the file.
    File,
    /// These lines of it (zero-based, inclusive): an entry, or a directive's line.
    Lines(RangeInclusive<usize>),
    /// Nothing: an own-line suppression with no entry after it.
    Nothing,
}

/// One id of one suppression.
#[derive(Debug)]
struct Entry {
    id: String,
    span: Span,
    target: Target,
    used: bool,
}

/// Removes the findings the suppressions of `set` cover and judges the suppressions.
/// `severity` is the level of `unused-suppression` (`None` when it is off: suppressions still
/// apply, their problems are not reported).
#[must_use]
pub fn apply(
    set: &ZoneSet,
    findings: Vec<Diagnostic>,
    rules: &dyn RuleIds,
    severity: Option<Severity>,
) -> Applied {
    let mut problems = Vec::new();
    let mut entries = collect(set, rules, severity, &mut problems);
    if entries.is_empty() && problems.is_empty() {
        return Applied {
            kept: findings,
            ..Applied::default()
        };
    }
    let (kept, mut suppressed) = filter(set, findings, &mut entries, |id| id != UNUSED_SUPPRESSION);
    if let Some(severity) = severity {
        for entry in &entries {
            if entry.used
                || entry.id == UNUSED_SUPPRESSION
                || !rules.is_known(&entry.id)
                || !rules.can_report(&entry.id)
            {
                continue;
            }
            problems.push(unused(entry, rules.is_enabled(&entry.id), severity));
        }
    }
    // `ignore[unused-suppression]` hides the problems above; one that hid nothing is reported
    // and cannot be hidden in turn.
    let (mut problems, hidden) = filter(set, problems, &mut entries, |id| id == UNUSED_SUPPRESSION);
    suppressed += hidden;
    if let Some(severity) = severity {
        for entry in &entries {
            if entry.id == UNUSED_SUPPRESSION && !entry.used {
                problems.push(unused(entry, true, severity));
            }
        }
    }
    Applied {
        kept,
        suppressed,
        problems,
    }
}

/// Splits `findings` into those no entry (whose id passes `which`) covers, and a count of the
/// others; marks the entries that covered something.
fn filter(
    set: &ZoneSet,
    findings: Vec<Diagnostic>,
    entries: &mut [Entry],
    which: impl Fn(&str) -> bool,
) -> (Vec<Diagnostic>, usize) {
    let mut kept = Vec::with_capacity(findings.len());
    let mut suppressed = 0;
    for d in findings {
        let mut line = None;
        let mut hidden = false;
        for entry in entries.iter_mut() {
            if entry.id != d.id || entry.target.file != d.span.file || !which(&entry.id) {
                continue;
            }
            let covered =
                match &entry.target.scope {
                    Scope::File => true,
                    Scope::Nothing => false,
                    Scope::Lines(lines) => lines.contains(line.get_or_insert_with(|| {
                        set.sources.file(d.span.file).line_col(d.span.start).0
                    })),
                };
            if covered {
                entry.used = true;
                hidden = true;
            }
        }
        if hidden {
            suppressed += 1;
        } else {
            kept.push(d);
        }
    }
    (kept, suppressed)
}

fn unused(entry: &Entry, enabled: bool, severity: Severity) -> Diagnostic {
    let id = &entry.id;
    if enabled {
        Diagnostic::new(
            UNUSED_SUPPRESSION,
            severity,
            entry.span,
            format!("suppression of `{id}` suppressed nothing"),
        )
        .with_span_label("no such finding here")
        .with_help(format!("remove `{id}` from the suppression"))
    } else {
        Diagnostic::new(
            UNUSED_SUPPRESSION,
            severity,
            entry.span,
            format!("suppression of `{id}` suppressed nothing: the rule is not enabled"),
        )
        .with_span_label("rule not enabled")
        .with_help(format!(
            "remove `{id}` from the suppression, or enable the rule"
        ))
    }
}

/// Reads every `zonelint:` comment into entries; malformed and bare ones, and unknown ids, go
/// to `problems` (when `severity` is set).
fn collect(
    set: &ZoneSet,
    rules: &dyn RuleIds,
    severity: Option<Severity>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut extents = Extents::default();
    let finder = memchr::memmem::Finder::new(b"zonelint:");
    for &comment in &set.comments {
        let text = set.sources.slice(comment);
        let text: &[u8] = &text;
        if finder.find(text).is_none() {
            continue;
        }
        let Some(directive) = parse_comment(text) else {
            continue;
        };
        let span_of = |r: &Range<usize>| {
            Span::new(
                comment.file,
                comment.start + offset_u32(r.start),
                comment.start + offset_u32(r.end),
            )
        };
        match directive {
            Directive::Malformed { at } => {
                if let Some(severity) = severity {
                    problems.push(
                        Diagnostic::new(
                            UNUSED_SUPPRESSION,
                            severity,
                            span_of(&at),
                            "malformed `zonelint:` comment",
                        )
                        .with_span_label("expected `ignore[...]` or `ignore-file[...]`")
                        .with_help("write `; zonelint: ignore[rule-id] -- reason`"),
                    );
                }
            }
            Directive::Bare { file, at } => {
                if let Some(severity) = severity {
                    let word = if file { "ignore-file" } else { "ignore" };
                    problems.push(
                        Diagnostic::new(
                            UNUSED_SUPPRESSION,
                            severity,
                            span_of(&at),
                            format!("`zonelint: {word}` names no rule"),
                        )
                        .with_span_label("no rule ids")
                        .with_help(format!(
                            "name the rules to suppress: `; zonelint: {word}[rule-id] -- reason`"
                        ))
                        .with_note(
                            "zonelint has no blanket suppression: it would hide every finding, \
                             today's and tomorrow's",
                        ),
                    );
                }
            }
            Directive::Ignore { file, ids } => {
                let target = Target {
                    file: comment.file,
                    scope: if file {
                        Scope::File
                    } else {
                        extents.target(set, comment)
                    },
                };
                for range in ids {
                    let span = span_of(&range);
                    let id = String::from_utf8_lossy(&text[range]).into_owned();
                    if !rules.is_known(&id) {
                        if let Some(severity) = severity {
                            problems.push(
                                Diagnostic::new(
                                    UNUSED_SUPPRESSION,
                                    severity,
                                    span,
                                    format!("suppression of unknown rule `{id}`"),
                                )
                                .with_span_label("no rule has this id")
                                .with_help("`zonelint rules` lists the rule ids"),
                            );
                        }
                        continue;
                    }
                    entries.push(Entry {
                        id,
                        span,
                        target: target.clone(),
                        used: false,
                    });
                }
            }
        }
    }
    entries
}

/// The lines each record of a file covers, built for the files that hold suppressions only.
#[derive(Debug, Default)]
struct Extents {
    /// Per file: `(first line, last line)` of each record, sorted, without repeats.
    by_file: HashMap<FileId, Vec<(usize, usize)>>,
}

impl Extents {
    fn of(&mut self, set: &ZoneSet, file: FileId) -> &[(usize, usize)] {
        self.by_file.entry(file).or_insert_with(|| {
            let source = set.sources.file(file);
            let mut lines: Vec<(usize, usize)> = set
                .records
                .iter()
                .filter(|r| r.span.file == file)
                .map(|r| {
                    let first = source.line_col(r.span.start).0;
                    let last = source.line_col(r.span.end.max(r.span.start + 1) - 1).0;
                    (first, last.max(first))
                })
                .collect();
            lines.sort_unstable();
            lines.dedup();
            lines
        })
    }

    /// The entry covering `line`, as lines.
    fn containing(&mut self, set: &ZoneSet, file: FileId, line: usize) -> Option<(usize, usize)> {
        let records = self.of(set, file);
        let i = records.partition_point(|&(first, _)| first <= line);
        let &(first, last) = records.get(i.checked_sub(1)?)?;
        // The closing `)` is looked for in this entry only: looking for it after every record
        // would read all of a streamed file.
        let last = closing_line(set.sources.file(file), last).unwrap_or(last);
        (line <= last).then_some((first, last.max(first)))
    }

    /// The lines a (not file-wide) suppression in `comment` covers: the entry it sits in, its
    /// own line when it ends a line that is no record (a directive), or else the next entry
    /// (none when no entry follows: the suppression then covers nothing and is reported).
    fn target(&mut self, set: &ZoneSet, comment: Span) -> Scope {
        // Line by line: a streamed file's lines are read from their chunks, not all at once.
        let source = set.sources.file(comment.file);
        let (line, column) = source.line_col(comment.start);
        if let Some((first, last)) = self.containing(set, comment.file, line) {
            return Scope::Lines(first..=last);
        }
        let line_text = source.line(line);
        let before = line_text.get(..column).unwrap_or_default();
        if before.iter().any(|b| !b.is_ascii_whitespace()) {
            return Scope::Lines(line..=line);
        }
        for next in line + 1..source.line_starts().len() {
            let content = source.line(next);
            match content.iter().find(|b| !b.is_ascii_whitespace()) {
                None | Some(b';') => {}
                Some(_) => {
                    let (first, last) = self
                        .containing(set, comment.file, next)
                        .unwrap_or((next, next));
                    return Scope::Lines(first..=last);
                }
            }
        }
        Scope::Nothing
    }
}

/// A record's span ends at its last token; the `)` closing its entry may sit on a later line
/// (`  ) ; zonelint: ignore[...]`). That line, when only blank and comment lines lie between.
fn closing_line(source: &SourceFile, last: usize) -> Option<usize> {
    for line in last + 1..source.line_starts().len() {
        let content = source.line(line);
        let code = content.split(|&b| b == b';').next().unwrap_or_default();
        match code.trim_ascii() {
            b"" => {}
            b")" => return Some(line),
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(comment: &str) -> Vec<&str> {
        match parse_comment(comment.as_bytes()) {
            Some(Directive::Ignore { ids, .. }) => ids.into_iter().map(|r| &comment[r]).collect(),
            other => panic!("{comment}: {other:?}"),
        }
    }

    #[test]
    fn reads_ids_with_spaces_and_reason() {
        assert_eq!(ids("; zonelint: ignore[a-b]"), ["a-b"]);
        assert_eq!(
            ids(";zonelint:ignore[ a , b-c,d ] -- why not"),
            ["a", "b-c", "d"]
        );
        assert_eq!(ids(";; zonelint: ignore[a,,b,]"), ["a", "b"]);
        assert_eq!(ids("; zonelint: ignore[x]trailing"), ["x"]);
    }

    #[test]
    fn tells_entry_from_file_scope() {
        let c = "; zonelint: ignore-file[a]";
        let Some(Directive::Ignore { file: true, ids }) = parse_comment(c.as_bytes()) else {
            panic!("{c}");
        };
        assert_eq!(ids.first(), Some(&(24..25)));
        assert!(matches!(
            parse_comment(b"; zonelint: ignore[a]"),
            Some(Directive::Ignore { file: false, .. })
        ));
    }

    #[test]
    fn other_comments_are_not_directives() {
        assert_eq!(parse_comment(b"; just a comment"), None);
        assert_eq!(parse_comment(b"; see zonelint: ignore[a]"), None);
        assert_eq!(parse_comment(b"; zonelint ignore[a]"), None);
        assert_eq!(parse_comment(b";"), None);
    }

    #[test]
    fn bare_and_malformed() {
        let bare = |c: &str| match parse_comment(c.as_bytes()) {
            Some(Directive::Bare { at, .. }) => c[at].to_owned(),
            other => panic!("{c}: {other:?}"),
        };
        assert_eq!(bare("; zonelint: ignore"), "ignore");
        assert_eq!(bare("; zonelint: ignore -- because"), "ignore");
        assert_eq!(bare("; zonelint: ignore-file  "), "ignore-file");
        assert_eq!(bare("; zonelint: ignore[ , ]"), "ignore[ , ]");
        let malformed = |c: &str| match parse_comment(c.as_bytes()) {
            Some(Directive::Malformed { at }) => c[at].to_owned(),
            other => panic!("{c}: {other:?}"),
        };
        assert_eq!(malformed("; zonelint: ignroe[a] "), "zonelint: ignroe[a]");
        assert_eq!(malformed("; zonelint: ignore[a"), "zonelint: ignore[a");
        assert_eq!(malformed(";zonelint:ignore(a)"), "zonelint:ignore(a)");
        assert_eq!(malformed("; zonelint:"), "zonelint:");
    }
}
