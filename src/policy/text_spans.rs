//! From offsets in a TXT record's joined text back to the file: a policy parser works on the
//! strings concatenated with nothing between them (RFC 7208 §3.3), while a diagnostic must
//! underline what the user wrote, quotes, escapes and string boundaries included.
//!
//! [`TextMap`] decodes each `text` token of the record (quoted or bare, `\DDD` and `\X` escapes
//! resolved) and remembers, for every decoded byte, the source bytes it came from. It is built
//! only when a rule reports (it re-reads the entry through [`record_fields`]).

use std::ops::Range;

use crate::graph::Graph;
use crate::zone::fields::record_fields;
use crate::zone::name::decode_escape;
use crate::zone::source::{FileId, SourceFile, Span};

/// Decoded byte → source bytes of one TXT-like record.
///
/// A string without escapes maps by arithmetic (its content's source offset plus the decoded
/// offset into it), so most maps hold a few numbers per string. Only a record with an escape
/// somewhere keeps the source range of every decoded byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMap {
    file: FileId,
    /// Number of decoded bytes.
    len: usize,
    /// Decoded offset where each string starts, first string included (so `[0, …]`).
    strings: Vec<usize>,
    /// The source span of each string's token (with its quotes).
    tokens: Vec<Span>,
    /// Source offset of each string's content (after its opening quote).
    contents: Vec<u32>,
    /// Source start and end (one past; an escape covers 2 or 4 bytes) of each decoded byte, when
    /// some string has an escape.
    escaped: Option<Vec<(u32, u32)>>,
    /// The whole record, for when the text cannot be mapped (a `$GENERATE` record, or tokens
    /// that do not decode to the record's data).
    fallback: Span,
    exact: bool,
}

impl TextMap {
    /// Maps the text of record `index` (TXT, SPF or any type whose rdata fields are `text`
    /// strings). `joined_len` is the length of the record's joined text: when the tokens do not
    /// decode to that many bytes, every range maps to the whole record.
    #[must_use]
    pub fn for_record(graph: &Graph, index: usize, joined_len: usize) -> TextMap {
        let record = &graph.set.records[index];
        let fields = record_fields(&graph.set, index);
        let tokens: Vec<Span> = fields
            .rdata
            .iter()
            .filter(|(name, _)| *name == "text")
            .map(|&(_, s)| s)
            .collect();
        let file = graph.set.sources.file(record.span.file);
        let mut map = TextMap::from_file(file, &tokens, record.span);
        if map.len != joined_len {
            map.exact = false;
        }
        map
    }

    /// Maps tokens of `text` (each a quoted or bare character-string). `fallback` is used for
    /// every range if a token cannot be read.
    #[must_use]
    pub fn from_tokens(text: &[u8], tokens: &[Span], fallback: Span) -> TextMap {
        Self::from_raw(|token| text.get(token.range()), tokens, fallback)
    }

    /// [`TextMap::from_tokens`] for tokens of `file`, read through its windows (a streamed file
    /// is then not read whole).
    #[must_use]
    pub fn from_file(file: &SourceFile, tokens: &[Span], fallback: Span) -> TextMap {
        let raw = |token: &Span| {
            let bytes = file.bytes(token.start, token.end);
            (bytes.len() == token.len() as usize).then_some(bytes)
        };
        Self::from_raw(raw, tokens, fallback)
    }

    /// Maps tokens whose bytes `raw` gives (`None` when a token is out of its file).
    fn from_raw<B: std::ops::Deref<Target = [u8]>>(
        raw: impl Fn(&Span) -> Option<B>,
        tokens: &[Span],
        fallback: Span,
    ) -> TextMap {
        let mut map = TextMap {
            file: fallback.file,
            len: 0,
            strings: Vec::with_capacity(tokens.len()),
            tokens: tokens.to_vec(),
            contents: Vec::with_capacity(tokens.len()),
            escaped: None,
            fallback,
            exact: !tokens.is_empty(),
        };
        for token in tokens {
            map.strings.push(map.len);
            let Some(raw) = raw(token) else {
                map.exact = false;
                map.contents.push(token.start);
                continue;
            };
            let raw: &[u8] = &raw;
            let quoted = raw.len() >= 2 && raw[0] == b'"' && raw[raw.len() - 1] == b'"';
            let (content, base) = if quoted {
                (&raw[1..raw.len() - 1], token.start + 1)
            } else {
                (raw, token.start)
            };
            map.contents.push(base);
            if map.escaped.is_none() && memchr::memchr(b'\\', content).is_none() {
                map.len += content.len();
                continue;
            }
            let mut escaped = match map.escaped.take() {
                Some(escaped) => escaped,
                None => map.plain_bytes(),
            };
            let mut i = 0;
            while i < content.len() {
                let used = if content[i] == b'\\' {
                    if let Some((_, used)) = decode_escape(content, i) {
                        used
                    } else {
                        map.exact = false;
                        1
                    }
                } else {
                    1
                };
                let at = base + u32::try_from(i).unwrap_or(u32::MAX);
                escaped.push((
                    at,
                    at.saturating_add(u32::try_from(used).unwrap_or(u32::MAX)),
                ));
                i += used;
            }
            map.len = escaped.len();
            map.escaped = Some(escaped);
        }
        map
    }

    /// The source range of every decoded byte so far, from the strings' offsets (none of them has
    /// an escape): what a map switches to when it meets the first escape.
    fn plain_bytes(&self) -> Vec<(u32, u32)> {
        let mut bytes = Vec::with_capacity(self.len + 64);
        for (s, &start) in self.strings.iter().enumerate() {
            let end = self.strings.get(s + 1).copied().unwrap_or(self.len);
            let base = self.contents.get(s).copied().unwrap_or(self.fallback.start);
            for i in 0..end - start {
                let at = base + u32::try_from(i).unwrap_or(u32::MAX);
                bytes.push((at, at.saturating_add(1)));
            }
        }
        bytes
    }

    /// The source start and end of decoded byte `i` (`i < len`).
    fn byte(&self, i: usize) -> (u32, u32) {
        if let Some(escaped) = &self.escaped {
            return escaped[i];
        }
        let s = self.string_of(i);
        let at = self.contents[s] + u32::try_from(i - self.strings[s]).unwrap_or(u32::MAX);
        (at, at.saturating_add(1))
    }

    /// Whether ranges map to exact source bytes (else to the whole record).
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// Number of decoded bytes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The source span of decoded bytes `range`: from the first byte's start to the last byte's
    /// end, quotes between strings included. An empty range maps to an empty span where it
    /// sits (after the previous byte).
    #[must_use]
    pub fn span(&self, range: Range<usize>) -> Span {
        if !self.exact {
            return self.fallback;
        }
        let n = self.len;
        if range.start >= range.end || range.start >= n {
            let at = if range.start == 0 {
                self.contents
                    .first()
                    .copied()
                    .unwrap_or(self.fallback.start)
            } else {
                match range.start.min(n) {
                    0 => self.fallback.start,
                    after => self.byte(after - 1).1,
                }
            };
            return Span::new(self.file, at, at);
        }
        let last = range.end.min(n) - 1;
        Span::new(self.file, self.byte(range.start).0, self.byte(last).1)
    }

    /// The span of the whole text (every token, quotes included).
    #[must_use]
    pub fn whole(&self) -> Span {
        match (self.tokens.first(), self.tokens.last()) {
            (Some(first), Some(last)) if self.exact => first.to(*last),
            _ => self.fallback,
        }
    }

    /// The span of string `i`'s token, quotes included.
    #[must_use]
    pub fn token(&self, i: usize) -> Option<Span> {
        self.tokens.get(i).copied()
    }

    /// Decoded offsets where the second and later strings start.
    #[must_use]
    pub fn boundaries(&self) -> &[usize] {
        self.strings.get(1..).unwrap_or(&[])
    }

    /// The index of the string holding decoded byte `at`.
    #[must_use]
    pub fn string_of(&self, at: usize) -> usize {
        self.strings.partition_point(|&s| s <= at).saturating_sub(1)
    }
}

/// Decoded offsets where each character-string of TXT-like rdata starts after the first, from
/// the strings themselves (no source needed).
#[must_use]
pub fn string_boundaries<'a>(strings: impl Iterator<Item = &'a [u8]>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, s) in strings.enumerate() {
        if i > 0 {
            out.push(at);
        }
        at += s.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> (TextMap, Vec<u8>) {
        // Tokens: whitespace-separated, quoted ones may hold spaces (no escaped quotes here).
        let bytes = text.as_bytes();
        let mut tokens = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let start = i;
            if bytes[i] == b'"' {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            } else {
                while i < bytes.len() && bytes[i] != b' ' {
                    i += 1;
                }
            }
            tokens.push(Span::new(
                FileId(0),
                u32::try_from(start).unwrap(),
                u32::try_from(i).unwrap(),
            ));
        }
        let fallback = Span::new(FileId(0), 0, u32::try_from(bytes.len()).unwrap());
        let m = TextMap::from_tokens(bytes, &tokens, fallback);
        (m, bytes.to_vec())
    }

    fn snip(bytes: &[u8], s: Span) -> &str {
        std::str::from_utf8(&bytes[s.range()]).unwrap()
    }

    #[test]
    fn maps_plain_quoted_text() {
        let (m, b) = map(r#""v=spf1 a -all""#);
        assert!(m.is_exact());
        assert_eq!(m.len(), 13);
        assert_eq!(snip(&b, m.span(7..8)), "a");
        assert_eq!(snip(&b, m.span(9..13)), "-all");
        assert_eq!(snip(&b, m.whole()), r#""v=spf1 a -all""#);
        assert!(m.boundaries().is_empty());
    }

    #[test]
    fn maps_across_strings_and_escapes() {
        let (m, b) = map(r#""v=spf1 ip4:192.0.2.0/24" "include:\095spf.example.net" -all"#);
        assert!(m.is_exact());
        // "v=spf1 ip4:192.0.2.0/24" is 23 bytes, then "include:_spf.example.net" (24).
        assert_eq!(m.boundaries(), &[23, 47]);
        assert_eq!(snip(&b, m.span(7..30)), r#"ip4:192.0.2.0/24" "include"#);
        // The escape `\095` is one decoded byte (`_`).
        assert_eq!(snip(&b, m.span(31..32)), "\\095");
        assert_eq!(snip(&b, m.span(23..47)), r"include:\095spf.example.net");
        assert_eq!(snip(&b, m.span(47..51)), "-all");
        assert_eq!(m.string_of(0), 0);
        assert_eq!(m.string_of(22), 0);
        assert_eq!(m.string_of(23), 1);
        assert_eq!(m.string_of(50), 2);
    }

    #[test]
    fn maps_plain_strings_by_offset() {
        // No escape anywhere: every byte maps by arithmetic, empty and bare strings included.
        let (m, b) = map(r#""ab" "" cd "e""#);
        assert!(m.is_exact());
        assert_eq!(m.len(), 5);
        assert_eq!(m.boundaries(), &[2, 2, 4]);
        let each: Vec<&str> = (0..5).map(|i| snip(&b, m.span(i..i + 1))).collect();
        assert_eq!(each, ["a", "b", "c", "d", "e"]);
        assert_eq!(m.string_of(2), 2);
        assert_eq!(snip(&b, m.span(1..3)), r#"b" "" c"#);
        assert_eq!(m.span(2..2).start, 3);
        assert_eq!(snip(&b, m.whole()), r#""ab" "" cd "e""#);
    }

    #[test]
    fn maps_short_escapes_and_empty_ranges() {
        let (m, b) = map(r#""a\"b" "c\\d""#);
        assert_eq!(m.len(), 6);
        assert_eq!(snip(&b, m.span(1..2)), "\\\"");
        assert_eq!(snip(&b, m.span(4..5)), "\\\\");
        let empty = m.span(2..2);
        assert!(empty.is_empty());
        assert_eq!(empty.start, 4);
        assert_eq!(m.span(0..0).start, 1);
        // Out of range: clamped, never a panic.
        assert!(m.span(50..60).is_empty());
        assert_eq!(snip(&b, m.span(5..60)), "d");
    }

    #[test]
    fn bad_input_falls_back_to_the_record() {
        let (m, _) = map(r#""ab\""#);
        let fallback = Span::new(FileId(0), 0, 5);
        assert!(!m.is_exact());
        assert_eq!(m.span(0..1), fallback);
        let none = TextMap::from_tokens(b"", &[], fallback);
        assert!(!none.is_exact());
        assert_eq!(none.whole(), fallback);
    }

    #[test]
    fn maps_a_record_of_a_zone() {
        use crate::zone::{ReadOptions, Reader};
        let text = "$TTL 1\n@ TXT ( \"v=spf1 a\"\n  bare\\032x \"\\\"-all\" )\n";
        let mut reader = Reader::new(ReadOptions {
            origin: Some("example.com.".into()),
            ..ReadOptions::default()
        });
        reader
            .read_bytes("t.zone".as_ref(), text.as_bytes().to_vec())
            .unwrap();
        let graph = Graph::build(reader.finish());
        let joined = graph.joined_text(0);
        assert_eq!(&*joined, b"v=spf1 abare x\"-all");
        let map = TextMap::for_record(&graph, 0, joined.len());
        assert!(map.is_exact());
        let src = text.as_bytes();
        // `a` + `bare` across a string and a line break.
        assert_eq!(snip(src, map.span(7..12)), "a\"\n  bare");
        // The escaped space is one decoded byte.
        assert_eq!(snip(src, map.span(12..13)), "\\032");
        assert_eq!(snip(src, map.span(14..19)), "\\\"-all");
        assert_eq!(map.boundaries(), &[8, 14]);
        // A length that does not match: everything maps to the record.
        let wrong = TextMap::for_record(&graph, 0, 3);
        assert_eq!(wrong.span(0..1), graph.set.records[0].span);
    }

    #[test]
    fn boundaries_from_strings() {
        let strings: [&[u8]; 3] = [b"v=spf1 ", b"a", b" -all"];
        assert_eq!(string_boundaries(strings.into_iter()), vec![7, 8]);
    }
}
