//! BIND's `$GENERATE range lhs [ttl] [class] type rhs`: expands the templates for each value of
//! the range and parses each result as an ordinary entry. Bounded per line and per run.

use std::fmt::Write as _;

use nom::{
    IResult, Parser,
    bytes::complete::tag,
    character::complete::{digit1, one_of},
    combinator::{all_consuming, map_res, opt},
    sequence::preceded,
};

use crate::diag::{Diagnostic, ids};
use crate::zone::lexer::{Lexer, Token, TokenKind};
use crate::zone::loader::{FileState, Reader, ZoneState};
use crate::zone::parser::{EntryText, Origin, Place};
use crate::zone::source::Span;

/// A checked `$GENERATE` line, ready to expand.
struct GeneratePlan {
    range: Range,
    /// `lhs [ttl] [class] type rhs` with the `$` templates still in it.
    line_template: Vec<u8>,
    entry_span: Span,
    lhs_span: Span,
    rhs_span: Span,
}

/// `start-stop[/step]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: u32,
    pub stop: u32,
    pub step: u32,
}

fn number(input: &[u8]) -> IResult<&[u8], u32> {
    map_res(digit1, |d: &[u8]| {
        std::str::from_utf8(d).unwrap_or("x").parse::<u32>()
    })
    .parse(input)
}

/// Parses a `$GENERATE` range.
#[must_use]
pub fn parse_range(text: &[u8]) -> Option<Range> {
    let (_, (start, stop, step)) = all_consuming((
        number,
        preceded(tag("-"), number),
        opt(preceded(tag("/"), number)),
    ))
    .parse(text)
    .ok()?;
    Some(Range {
        start,
        stop,
        step: step.unwrap_or(1),
    })
}

/// One `${offset,width,base}` modifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Modifier {
    offset: i64,
    width: usize,
    base: u8,
}

fn modifier(input: &[u8]) -> IResult<&[u8], Modifier> {
    let signed = map_res(
        (opt(one_of("+-")), digit1),
        |(sign, d): (Option<char>, &[u8])| {
            std::str::from_utf8(d)
                .unwrap_or("x")
                .parse::<i64>()
                .map(|v| if sign == Some('-') { -v } else { v })
        },
    );
    let width = map_res(digit1, |d: &[u8]| {
        std::str::from_utf8(d).unwrap_or("x").parse::<usize>()
    });
    let (rest, (_, offset, width, base, _)) = (
        tag("{"),
        signed,
        opt(preceded(tag(","), width)),
        opt(preceded(tag(","), one_of("doxXnN"))),
        tag("}"),
    )
        .parse(input)?;
    Ok((
        rest,
        Modifier {
            offset,
            width: width.unwrap_or(0),
            base: base.map_or(b'd', |c| c as u8),
        },
    ))
}

/// BIND's nibble form (`n`/`N`, for `ip6.arpa`): hex digits, least significant first, dot
/// separated. Every significant nibble is written; `width` counts output characters, dots
/// included, and `0.` pairs pad up to it (so an even width ends in a dot, as in BIND).
fn nibbles(mut value: u32, mut width: usize, upper: bool, out: &mut String) {
    loop {
        let digit = char::from_digit(value & 0xf, 16).unwrap_or('0');
        out.push(if upper {
            digit.to_ascii_uppercase()
        } else {
            digit
        });
        value >>= 4;
        width = width.saturating_sub(1);
        if width > 0 || value != 0 {
            out.push('.');
            width = width.saturating_sub(1);
        }
        if value == 0 && width == 0 {
            break;
        }
    }
}

/// Expands a template for `value`: `$` is the value, `\$` and `$$` a literal `$`,
/// `${offset,width,base}` a formatted value. As in BIND, `value+offset` is a C `int`: it may be
/// negative (`d` prints the sign, the other bases its 32-bit two's complement), and `None` is
/// returned when it leaves the `int` range ("out of range") or a modifier is malformed.
#[must_use]
pub fn expand(template: &[u8], value: u32) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(template.len() + 8);
    let mut i = 0;
    while i < template.len() {
        match template[i] {
            b'\\' if template.get(i + 1) == Some(&b'$') => {
                // Keep the escape: the result is parsed as zone text, where `\$` is a literal `$`.
                out.extend_from_slice(b"\\$");
                i += 2;
            }
            b'\\' => {
                out.push(b'\\');
                if let Some(&next) = template.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            b'$' if template.get(i + 1) == Some(&b'$') => {
                // BIND's older spelling of a literal `$` (kept "for compatibility" by its manual).
                out.extend_from_slice(b"\\$");
                i += 2;
            }
            b'$' => {
                let (consumed, m) = if template.get(i + 1) == Some(&b'{') {
                    let (rest, m) = modifier(&template[i + 1..]).ok()?;
                    (template.len() - i - rest.len(), m)
                } else {
                    (
                        1,
                        Modifier {
                            offset: 0,
                            width: 0,
                            base: b'd',
                        },
                    )
                };
                let v = i32::try_from(i64::from(value) + m.offset).ok()?;
                // C's `%x` and `%o` of an int print its bits as unsigned.
                let bits = v.cast_unsigned();
                let mut s = String::new();
                let w = m.width.min(255);
                let _ = match m.base {
                    b'o' => write!(s, "{bits:0w$o}"),
                    b'x' => write!(s, "{bits:0w$x}"),
                    b'X' => write!(s, "{bits:0w$X}"),
                    b'n' | b'N' => {
                        nibbles(bits, w, m.base == b'N', &mut s);
                        Ok(())
                    }
                    _ => write!(s, "{v:0w$}"),
                };
                out.extend_from_slice(s.as_bytes());
                i += consumed;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(out)
}

impl Reader {
    pub(crate) fn generate(
        &mut self,
        text: &[u8],
        args: &[Token],
        entry: (u32, u32),
        place: Place,
        fs: &mut FileState,
        zs: &mut ZoneState,
    ) {
        let entry_span = place.span(entry.0, entry.1);
        if let Some(plan) = self.generate_plan(text, args, entry_span, place) {
            self.generate_records(&plan, fs, zs);
        }
    }

    /// Checks a `$GENERATE` line and prepares its expansion; `None` (with a diagnostic) when
    /// the line is malformed or over the limits.
    fn generate_plan(
        &mut self,
        text: &[u8],
        args: &[Token],
        entry_span: Span,
        place: Place,
    ) -> Option<GeneratePlan> {
        let problem = |span: Span, msg: String| Diagnostic::error(ids::GENERATE_PROBLEM, span, msg);
        if args.len() < 4 {
            self.diagnostics.push(
                problem(
                    entry_span,
                    "`$GENERATE` needs a range, an owner template, a type and rdata".to_owned(),
                )
                .with_help("write `$GENERATE 1-10 host$ A 192.0.2.$`"),
            );
            return None;
        }
        let range_tok = args[0];
        let range_span = place.span(range_tok.start, range_tok.end);
        let Some(range) = parse_range(range_tok.content(text)) else {
            self.diagnostics.push(
                problem(
                    range_span,
                    format!(
                        "expected a range `start-stop[/step]`, found `{}`",
                        String::from_utf8_lossy(range_tok.content(text))
                    ),
                )
                .with_help("write the range as e.g. `1-254` or `0-100/2`"),
            );
            return None;
        };
        // BIND reads the bounds as C ints: above 2^31-1 the range is invalid.
        if range.start > range.stop || range.step == 0 || range.stop > i32::MAX.cast_unsigned() {
            self.diagnostics.push(
                problem(
                    range_span,
                    format!(
                        "empty or invalid range `{}`",
                        String::from_utf8_lossy(range_tok.content(text))
                    ),
                )
                .with_help("the start must not exceed the stop, and the step must be at least 1"),
            );
            return None;
        }
        let count = u64::from(range.stop - range.start) / u64::from(range.step) + 1;
        if count > self.options.max_generate {
            self.diagnostics.push(
                problem(
                    range_span,
                    format!(
                        "range produces {count} records; at most {} are allowed per `$GENERATE`",
                        self.options.max_generate
                    ),
                )
                .with_help("split the range, or raise the limit with --max-generate"),
            );
            return None;
        }
        if !self
            .budget
            .take_generated(count, self.options.max_generate_total)
        {
            self.diagnostics.push(problem(
                range_span,
                format!(
                    "`$GENERATE` lines of this run would produce more than {} records",
                    self.options.max_generate_total
                ),
            ));
            return None;
        }
        // lhs, then the middle (ttl/class/type) and the rhs are re-lexed after expansion.
        let lhs = args[1];
        let middle_end = args.iter().skip(2).position(|t| {
            let w = t.content(text);
            t.kind == TokenKind::Word
                && crate::zone::rtype::RType::from_text(w).is_some()
                && !w.first().is_some_and(u8::is_ascii_digit)
                && crate::zone::rtype::Class::from_text(w).is_none()
        });
        let Some(type_index) = middle_end.map(|p| p + 2) else {
            self.diagnostics.push(
                problem(entry_span, "`$GENERATE` has no record type".to_owned())
                    .with_help("write `$GENERATE range lhs [ttl] [class] type rhs`"),
            );
            return None;
        };
        let mut line_template: Vec<u8> = Vec::new();
        for (k, t) in args[1..=type_index].iter().enumerate() {
            if k > 0 {
                line_template.push(b' ');
            }
            line_template.extend_from_slice(&text[t.start as usize..t.end as usize]);
        }
        let rhs = &args[type_index + 1..];
        if rhs.is_empty() {
            self.diagnostics.push(problem(
                entry_span,
                "`$GENERATE` has no rdata template".to_owned(),
            ));
            return None;
        }
        for t in rhs {
            line_template.push(b' ');
            // A quoted rhs is rdata text (BIND); unquote it so its fields are read.
            line_template.extend_from_slice(t.content(text));
        }
        let rhs_span = place.span(rhs[0].start, rhs[rhs.len() - 1].end);
        let lhs_span = place.span(lhs.start, lhs.end);
        Some(GeneratePlan {
            range,
            line_template,
            entry_span,
            lhs_span,
            rhs_span,
        })
    }

    /// Expands a checked `$GENERATE` line into records; only the first failing value is reported.
    fn generate_records(&mut self, plan: &GeneratePlan, fs: &mut FileState, zs: &mut ZoneState) {
        let problem = |span: Span, msg: String| Diagnostic::error(ids::GENERATE_PROBLEM, span, msg);
        let GeneratePlan {
            range,
            ref line_template,
            entry_span,
            lhs_span,
            rhs_span,
        } = *plan;
        let mut tokens = Vec::new();
        let mut comments = Vec::new();
        let mut value = range.start;
        loop {
            let Some(line) = expand(line_template, value) else {
                self.diagnostics.push(
                    problem(
                        lhs_span.to(rhs_span),
                        format!(
                            "bad `$` modifier in the templates (or a value out of range at {value})"
                        ),
                    )
                    .with_help(
                        "write modifiers as `${offset,width,base}` with base d, o, x, X, n or N",
                    ),
                );
                return;
            };
            let mut lexer = Lexer::new(&line, 0);
            let Some(raw) = lexer.next_entry(&mut tokens, &mut comments) else {
                return;
            };
            let origin = Origin::Generated(entry_span);
            if raw.problem.is_some() || lexer.next_entry(&mut Vec::new(), &mut comments).is_some() {
                self.diagnostics.push(problem(
                    rhs_span,
                    "`$GENERATE` templates expand to unbalanced text".to_owned(),
                ));
                return;
            }
            let record = EntryText {
                text: &line,
                tokens: &tokens,
                blank_owner: false,
                bounds: (raw.start, raw.end),
                origin,
                owner: None,
            };
            if let Err(mut d) = self.parse_record(&record, fs, zs) {
                // Report the first failing expansion only, on the template, with the value.
                d.span = if d.message.contains("owner") {
                    lhs_span
                } else {
                    rhs_span
                };
                d.message = format!(
                    "{} (in `$GENERATE` at value {value}: `{}`)",
                    d.message,
                    String::from_utf8_lossy(&line)
                );
                self.diagnostics.push(*d);
                return;
            }
            match value.checked_add(range.step) {
                Some(next) if next <= range.stop => value = next,
                _ => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(
            parse_range(b"1-10"),
            Some(Range {
                start: 1,
                stop: 10,
                step: 1
            })
        );
        assert_eq!(
            parse_range(b"0-100/5"),
            Some(Range {
                start: 0,
                stop: 100,
                step: 5
            })
        );
        assert_eq!(
            parse_range(b"0-4294967295"),
            Some(Range {
                start: 0,
                stop: u32::MAX,
                step: 1
            })
        );
        assert_eq!(parse_range(b"1-"), None);
        assert_eq!(parse_range(b"0-4294967296"), None);
    }

    #[test]
    fn templates() {
        let e = |t: &str, v| String::from_utf8(expand(t.as_bytes(), v).unwrap()).unwrap();
        assert_eq!(e("host$", 7), "host7");
        assert_eq!(e("host\\$", 7), "host\\$");
        assert_eq!(e("${10,3,d}", 7), "017");
        assert_eq!(e("${0,2,x}", 255), "ff");
        assert_eq!(e("${-1}", 7), "6");
        assert!(expand(b"${1,2,q}", 7).is_none());
        // BIND 9.18 (named-compilezone) output for each.
        assert_eq!(e("${0,3,n}", 0x1a), "a.1");
        assert_eq!(e("${0,3,n}", 1024), "0.0.4");
        assert_eq!(e("${0,7,n}", 1024), "0.0.4.0");
        assert_eq!(e("${0,3,n}", 1), "1.0");
        assert_eq!(e("${0,2,n}", 1), "1.");
        assert_eq!(e("${0,3,N}", 10), "A.0");
        assert_eq!(e("${-8}", 7), "-1");
        assert_eq!(e("${-1,5,d}", 0), "-0001");
        assert_eq!(e("${-1,4,x}", 0), "ffffffff");
        assert_eq!(e("${-1,0,n}", 0), "f.f.f.f.f.f.f.f");
        assert_eq!(e("x$$", 1), "x\\$");
        assert_eq!(e("x$$$", 1), "x\\$1");
        assert_eq!(e("${2147483646}", 1), "2147483647");
        assert!(expand(b"${2147483647}", 1).is_none());
    }
}
