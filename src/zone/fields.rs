//! Field spans of a record, recomputed on demand by re-reading its entry: records stay small,
//! and the spans come from the very code that parsed them.

use std::cell::RefCell;

use crate::zone::lexer::{Lexer, Token, TokenKind};
use crate::zone::loader::ZoneSet;
use crate::zone::rdata::{self, FieldSpan, RdataInput, TypeSyntax, syntax_of};
use crate::zone::record::RecordFlags;
use crate::zone::rtype::{Class, RType};
use crate::zone::source::Span;

/// Where each part of a record was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFields {
    /// `None` when the owner was inherited (blank).
    pub owner: Option<Span>,
    pub ttl: Option<Span>,
    pub class: Option<Span>,
    pub rtype: Span,
    /// Each rdata field by name ("exchange", "text", …); TXT has one per string.
    pub rdata: Vec<(&'static str, Span)>,
}

impl RecordFields {
    /// The span of the first rdata field called `name`.
    #[must_use]
    pub fn field(&self, name: &str) -> Option<Span> {
        self.rdata.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
    }
}

/// Buffers of [`record_fields`], kept between calls: rules ask for the spans of every finding's
/// record (about 245,000 times for the 164,000 findings of the mixed 1M benchmark zone), and
/// growing four fresh vectors a call was some 45% of its cost (callgrind).
#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    comments: Vec<(u32, u32)>,
    spans: Vec<FieldSpan>,
    wire: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Recomputes the field spans of record `index`. Records from `$GENERATE` get the directive's
/// span for every field.
#[must_use]
pub fn record_fields(set: &ZoneSet, index: usize) -> RecordFields {
    let record = &set.records[index];
    let span = record.span;
    if record.flags.has(RecordFlags::GENERATED) {
        return RecordFields {
            owner: Some(span),
            ttl: None,
            class: None,
            rtype: span,
            rdata: vec![("rdata", span)],
        };
    }
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => fields_with(set, index, &mut scratch),
        // Not reentrant today; were it ever, fresh buffers keep it correct.
        Err(_) => fields_with(set, index, &mut Scratch::default()),
    })
}

fn fields_with(set: &ZoneSet, index: usize, scratch: &mut Scratch) -> RecordFields {
    let record = &set.records[index];
    let span = record.span;
    // The entry lies in one window (a streamed file's chunk): no need for the whole file.
    let window = set.sources.file(span.file).window(span.start, span.end);
    let (base, text) = (window.base, &*window);
    let Scratch {
        tokens,
        comments,
        spans,
        wire,
    } = scratch;
    comments.clear();
    let mut lexer = Lexer::new(text, (span.start - base) as usize);
    let blank = record.flags.has(RecordFlags::OWNER_INHERITED);
    let at = |s: u32, e: u32| Span::new(span.file, base + s, base + e);
    if lexer.next_entry(tokens, comments).is_none() || tokens.is_empty() {
        return RecordFields {
            owner: None,
            ttl: None,
            class: None,
            rtype: span,
            rdata: Vec::new(),
        };
    }
    let mut i = 0;
    let owner = if blank {
        None
    } else {
        i = 1;
        Some(at(tokens[0].start, tokens[0].end))
    };
    let (mut ttl, mut class) = (None, None);
    while let Some(t) = tokens.get(i) {
        let w = t.content(text);
        if t.kind == TokenKind::Word && class.is_none() && Class::from_text(w).is_some() {
            class = Some(at(t.start, t.end));
        } else if t.kind == TokenKind::Word
            && ttl.is_none()
            && w.first().is_some_and(u8::is_ascii_digit)
        {
            ttl = Some(at(t.start, t.end));
        } else {
            break;
        }
        i += 1;
    }
    let rtype = tokens.get(i).map_or(span, |t| at(t.start, t.end));
    let origin = set.origin_of(index).map(|o| set.names.wire(o));
    let input = RdataInput {
        text,
        tokens: tokens.get(i + 1..).unwrap_or(&[]),
        origin,
        entry_end: span.end - base,
    };
    spans.clear();
    if !one_token_per_field(record.rtype, &input, spans) {
        wire.clear();
        let _ = rdata::parse(record.rtype, &input, wire, Some(spans));
    }
    if spans.is_empty()
        && record.rtype != RType(10)
        && let (Some(first), Some(last)) = (input.tokens.first(), input.tokens.last())
    {
        spans.push(FieldSpan {
            name: "rdata",
            start: first.start,
            end: last.end,
        });
    }
    RecordFields {
        owner,
        ttl,
        class,
        rtype,
        rdata: spans.iter().map(|f| (f.name, at(f.start, f.end))).collect(),
    }
}

/// The spans of a record whose type's fields each take one token, when it has exactly one
/// token per field (an MX, an A, an SOA...): each field is its token, as the parser would record
/// it, without decoding the data again (a third of the cost of a finding's spans). Returns
/// `false`, with `spans` untouched, for the rest: types with a field of several tokens (TXT
/// strings, base64 keys, type bitmaps), special syntaxes, the generic `\#` form.
fn one_token_per_field(rtype: RType, input: &RdataInput<'_>, spans: &mut Vec<FieldSpan>) -> bool {
    let TypeSyntax::Fields(fields) = syntax_of(rtype) else {
        return false;
    };
    let fits = fields.len() == input.tokens.len()
        && fields.iter().all(|(_, field)| field.is_one_token())
        && input
            .tokens
            .first()
            .is_none_or(|t| t.content(input.text) != b"\\#");
    if fits {
        spans.extend(
            fields
                .iter()
                .zip(input.tokens)
                .map(|(&(name, _), t)| FieldSpan {
                    name,
                    start: t.start,
                    end: t.end,
                }),
        );
    }
    fits
}

/// The owner as the user wrote it (`@`, `www`, `Mail.Example.COM.`), or its absolute name when
/// it was inherited or generated.
#[must_use]
pub fn owner_spelling(set: &ZoneSet, index: usize) -> String {
    let record = &set.records[index];
    if record.flags.has(RecordFlags::OWNER_INHERITED) || record.flags.has(RecordFlags::GENERATED) {
        return set.names.text(record.owner);
    }
    record_fields(set, index)
        .owner
        .map_or_else(|| set.names.text(record.owner), |s| set.sources.snippet(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{ReadOptions, Reader};

    #[test]
    fn spelling_and_relative_flag_are_kept() {
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        let text = b"$TTL 1\n@ SOA ns hm 1 2 3 4 5\nMail.Example.COM. MX 10 mx\n AAAA ::1\nwww A 192.0.2.1\n";
        reader.read_bytes("t.zone".as_ref(), text.to_vec()).unwrap();
        let set = reader.finish();
        let spellings: Vec<String> = (0..set.records.len())
            .map(|i| owner_spelling(&set, i))
            .collect();
        assert_eq!(
            spellings,
            ["@", "Mail.Example.COM.", "mail.example.com.", "www"]
        );
        let relative: Vec<bool> = set
            .records
            .iter()
            .map(|r| r.flags.has(RecordFlags::OWNER_RELATIVE))
            .collect();
        assert_eq!(relative, [true, false, false, true]);
        // Case-insensitive: the inherited owner is the same name.
        assert_eq!(set.records[1].owner, set.records[2].owner);
        let mx = record_fields(&set, 1);
        assert_eq!(
            mx.field("exchange")
                .map(|s| set.sources.snippet(s))
                .as_deref(),
            Some("mx")
        );
    }

    #[test]
    fn one_token_fields_are_spanned_as_the_parser_spans_them() {
        // (type, rdata, whether the one-token path takes it)
        let cases: &[(u16, &str, bool)] = &[
            (1, "192.0.2.1", true),
            (28, "2001:db8::1", true),
            (15, "10 mail", true),
            (15, "10 ( mail.example.net. )", true),
            (33, "0 5 443 sip.example.com.", true),
            (6, "ns hm 1 2h 3 4 5", true),
            (257, "0 issue \"ca.example\"", true),
            (35, "100 10 \"s\" \"SIP+D2U\" \"\" _sip._udp", false),
            (13, "\"cpu\" os", true),
            (16, "\"one\" \"two\"", false),
            (43, "12345 8 2 ABCDEF0123 456789", false),
            (15, "\\# 3 000a00", false),
            (15, "10", false),
            (47, "next.example. A RRSIG", false),
        ];
        for &(rtype, rdata, fast) in cases {
            let text = rdata.as_bytes();
            let (mut tokens, mut comments) = (Vec::new(), Vec::new());
            Lexer::new(text, 0).next_entry(&mut tokens, &mut comments);
            let input = RdataInput {
                text,
                tokens: &tokens,
                origin: Some(b"\x07example\x03com\x00"),
                entry_end: u32::try_from(text.len()).unwrap(),
            };
            let mut quick = Vec::new();
            assert_eq!(
                one_token_per_field(RType(rtype), &input, &mut quick),
                fast,
                "{rdata}"
            );
            if fast {
                let mut parsed = Vec::new();
                rdata::parse(RType(rtype), &input, &mut Vec::new(), Some(&mut parsed)).unwrap();
                assert_eq!(quick, parsed, "{rdata}");
            } else {
                assert!(quick.is_empty(), "{rdata}");
            }
        }
    }
}
