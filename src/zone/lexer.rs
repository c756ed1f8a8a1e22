//! Splits master-file text into entries (one logical line, parentheses joined) made of tokens
//! with byte spans, and collects comments. Never fails: problems come back as [`LexProblem`]s
//! and lexing always advances.
//!
//! Dialect (BIND's `isc_lex` in master-file mode): whitespace, `(`, `)`, `;` and `"` end a word
//! unless escaped with `\`; a `"` starts a quoted string only at the start of a token; a quoted
//! string may not contain an unescaped newline (BIND: "unbalanced quotes"); parentheses may nest.

use memchr::memchr;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of non-special bytes (escapes included, undecoded).
    Word,
    /// A `"…"` string; the span includes the quotes.
    Quoted,
}

/// One field of an entry, as byte offsets into the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

impl Token {
    /// The bytes of the token's content (without quotes).
    #[must_use]
    pub fn content<'a>(&self, text: &'a [u8]) -> &'a [u8] {
        match self.kind {
            TokenKind::Word => &text[self.start as usize..self.end as usize],
            TokenKind::Quoted => &text[self.start as usize + 1..self.end as usize - 1],
        }
    }

    /// Offsets of the content (without quotes).
    #[must_use]
    pub fn content_range(&self) -> (u32, u32) {
        match self.kind {
            TokenKind::Word => (self.start, self.end),
            TokenKind::Quoted => (self.start + 1, self.end - 1),
        }
    }
}

/// A lexing problem; the entry it occurs in is unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LexProblem {
    /// A `(` with no matching `)` before the end of the file.
    UnclosedParen { at: u32 },
    /// A `)` with no open `(`.
    UnmatchedCloseParen { at: u32 },
    /// A `"` with no closing `"` on the same line.
    UnterminatedQuote { at: u32 },
}

/// One entry: the tokens of a logical line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawEntry {
    /// Offset of the first token.
    pub start: u32,
    /// Offset just past the last token.
    pub end: u32,
    /// The line started with whitespace: the owner is inherited.
    pub blank_owner: bool,
    /// Set when the entry could not be lexed; its tokens are incomplete.
    pub problem: Option<LexProblem>,
}

/// An iterator-like lexer over one file's bytes.
pub struct Lexer<'a> {
    text: &'a [u8],
    pos: usize,
    /// Whether `text` ends where the file ends (false for a chunk of a streamed file).
    is_final: bool,
    /// Set when a non-final chunk ends inside parentheses: the line where that entry starts.
    incomplete: Option<usize>,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// Bytes that end a word, or need a closer look inside one (`\\`), as a lookup table: the word
/// loop is the hottest loop of the reader.
const WORD_STOP: [bool; 256] = {
    let mut t = [false; 256];
    let stops = b" \t\r\n();\"\\";
    let mut i = 0;
    while i < stops.len() {
        t[stops[i] as usize] = true;
        i += 1;
    }
    t
};

/// The offset of the first byte at or after `from` that ends a word or needs a closer look
/// (a [`WORD_STOP`] byte), or `text.len()`.
///
/// Eight bytes at a time: a byte-at-a-time loop spent a branch per byte and mispredicted the one
/// that ends each word, and words are most of a zone's bytes. Each block is screened with
/// SWAR arithmetic for bytes below `0x2A` (the blanks, the line end, `"`, `(` and `)`, along with
/// the control characters and `!#$%&'`), `;` and `\`. Of each test's hits only the lowest is
/// exact (a borrow can flag the lanes above a true hit, never a lane below one), so only the
/// lowest hit of the block is used: the table says whether it really stops the word, and the
/// scan goes on after it if not.
fn word_stop(text: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    /// Flags (in each lane's high bit) the lanes of `x` equal to zero; the lowest flag is exact.
    fn zero_lanes(x: u64) -> u64 {
        x.wrapping_sub(ONES) & !x & HIGHS
    }
    let mut i = from;
    while let Some(block) = text.get(i..i + 8) {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(block);
        let x = u64::from_le_bytes(bytes);
        let hits = (x.wrapping_sub(ONES * 0x2A) & !x & HIGHS)
            | zero_lanes(x ^ (ONES * u64::from(b';')))
            | zero_lanes(x ^ (ONES * u64::from(b'\\')));
        if hits == 0 {
            i += 8;
            continue;
        }
        let at = i + (hits.trailing_zeros() / 8) as usize;
        if WORD_STOP[usize::from(text[at])] {
            return at;
        }
        i = at + 1;
    }
    text[i.min(text.len())..]
        .iter()
        .position(|&b| WORD_STOP[usize::from(b)])
        .map_or(text.len(), |k| i + k)
}

impl<'a> Lexer<'a> {
    /// Starts lexing at `start` (a UTF-8 byte-order mark there is skipped).
    #[must_use]
    pub fn new(text: &'a [u8], start: usize) -> Self {
        let mut pos = start.min(text.len());
        if text[pos..].starts_with(b"\xEF\xBB\xBF") {
            pos += 3;
        }
        Self {
            text,
            pos,
            is_final: true,
            incomplete: None,
        }
    }

    /// Lexes one chunk of a file that is read in pieces. Chunks start at a line start and, but
    /// for the last, end just after a newline; an entry whose parentheses run past the end of a
    /// non-final chunk is not returned, and [`Lexer::incomplete`] says where it starts.
    #[must_use]
    pub fn chunk(text: &'a [u8], base: usize, is_final: bool) -> Self {
        if base == 0 && is_final {
            return Self::new(text, 0);
        }
        let mut lexer = Self::new(text, 0);
        // Only the very start of a file may hold a byte-order mark.
        lexer.pos = if base == 0 { lexer.pos } else { 0 };
        lexer.is_final = is_final;
        lexer
    }

    /// Where the entry that did not fit in this chunk starts, if one did not.
    #[must_use]
    pub fn incomplete(&self) -> Option<usize> {
        self.incomplete
    }

    /// Current byte offset.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    fn skip_comment(&mut self, comments: &mut Vec<(u32, u32)>) {
        let start = self.pos;
        let end = memchr(b'\n', &self.text[start..]).map_or(self.text.len(), |i| start + i);
        let end_trimmed = if end > start && self.text[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        comments.push((offset(start), offset(end_trimmed)));
        self.pos = end;
    }

    /// Reads the next entry into `tokens` (cleared first). Comments met on the way are appended
    /// to `comments`. Returns `None` at the end of the text.
    #[allow(clippy::too_many_lines)] // one byte-level state machine: splitting it costs speed
    pub fn next_entry(
        &mut self,
        tokens: &mut Vec<Token>,
        comments: &mut Vec<(u32, u32)>,
    ) -> Option<RawEntry> {
        tokens.clear();
        let text = self.text;
        // Skip lines with no token, noting where the line of the first token starts.
        let mut line_start = self.pos;
        loop {
            while self.pos < text.len() && is_blank(text[self.pos]) {
                self.pos += 1;
            }
            if self.pos >= text.len() {
                return None;
            }
            match text[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    line_start = self.pos;
                }
                b';' => self.skip_comment(comments),
                _ => break,
            }
        }
        let blank_owner = self.pos > line_start;
        let entry_start = self.pos;
        let mut depth: u32 = 0;
        let mut first_open: Option<usize> = None;
        // A local cursor: the hot loop then keeps it in a register instead of storing to `self`.
        let mut pos = self.pos;
        loop {
            let Some(&b) = text.get(pos) else {
                self.pos = pos;
                // A non-final chunk ends just after a line end; running past it means that line
                // end was inside parentheses or escaped: the entry continues in the next chunk.
                if !self.is_final {
                    self.incomplete = Some(line_start);
                    return None;
                }
                if let (Some(open), true) = (first_open, depth > 0) {
                    return Some(self.recover_unclosed(entry_start, open, blank_owner));
                }
                break;
            };
            match b {
                b' ' | b'\t' | b'\r' => pos += 1,
                b'\n' => {
                    if depth == 0 {
                        self.pos = pos;
                        break;
                    }
                    pos += 1;
                }
                b';' => {
                    self.pos = pos;
                    self.skip_comment(comments);
                    pos = self.pos;
                }
                b'(' => {
                    if depth == 0 {
                        first_open = Some(pos);
                    }
                    depth = depth.saturating_add(1);
                    pos += 1;
                }
                b')' => {
                    if depth == 0 {
                        self.pos = pos;
                        self.skip_line();
                        return Some(self.problem_entry(
                            entry_start,
                            blank_owner,
                            LexProblem::UnmatchedCloseParen { at: offset(pos) },
                        ));
                    }
                    depth -= 1;
                    pos += 1;
                }
                b'"' => {
                    let start = pos;
                    let mut i = pos + 1;
                    let closed = loop {
                        match memchr::memchr3(b'"', b'\\', b'\n', &text[i.min(text.len())..]) {
                            None if !self.is_final => {
                                // An escaped line end inside the string: it continues in the
                                // next chunk.
                                self.incomplete = Some(line_start);
                                return None;
                            }
                            None => break false,
                            Some(k) => match text[i + k] {
                                b'"' => {
                                    i += k;
                                    break true;
                                }
                                b'\\' => i += k + 2,
                                _ => {
                                    i += k;
                                    break false;
                                }
                            },
                        }
                    };
                    if !closed {
                        self.pos = i.min(text.len());
                        self.skip_line();
                        return Some(self.problem_entry(
                            entry_start,
                            blank_owner,
                            LexProblem::UnterminatedQuote { at: offset(start) },
                        ));
                    }
                    pos = i + 1;
                    tokens.push(Token {
                        start: offset(start),
                        end: offset(pos),
                        kind: TokenKind::Quoted,
                    });
                }
                _ => {
                    let start = pos;
                    let mut i = word_stop(text, pos);
                    while i < text.len() && text[i] == b'\\' {
                        // An escape takes the next byte whatever it is (a newline included).
                        i = word_stop(text, (i + 2).min(text.len()));
                    }
                    pos = i;
                    tokens.push(Token {
                        start: offset(start),
                        end: offset(i),
                        kind: TokenKind::Word,
                    });
                }
            }
        }
        let end = tokens.last().map_or(entry_start, |t| t.end as usize);
        Some(RawEntry {
            start: offset(entry_start),
            end: offset(end),
            blank_owner,
            problem: None,
        })
    }

    fn skip_line(&mut self) {
        self.pos = memchr(b'\n', &self.text[self.pos..]).map_or(self.text.len(), |i| self.pos + i);
    }

    fn problem_entry(&self, start: usize, blank_owner: bool, problem: LexProblem) -> RawEntry {
        RawEntry {
            start: offset(start),
            end: offset(self.pos.max(start)),
            blank_owner,
            problem: Some(problem),
        }
    }

    /// An unclosed `(`: report it and resume at the line after the one holding the `(`, so the
    /// rest of the file is still read (BIND stops at the first error; we keep going).
    fn recover_unclosed(&mut self, start: usize, open: usize, blank_owner: bool) -> RawEntry {
        self.pos = open;
        self.skip_line();
        self.problem_entry(
            start,
            blank_owner,
            LexProblem::UnclosedParen { at: offset(open) },
        )
    }
}

fn offset(i: usize) -> u32 {
    crate::zone::source::offset_u32(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(src: &str) -> Vec<(Vec<String>, bool, Option<LexProblem>)> {
        let mut lx = Lexer::new(src.as_bytes(), 0);
        let mut toks = Vec::new();
        let mut comments = Vec::new();
        let mut out = Vec::new();
        while let Some(e) = lx.next_entry(&mut toks, &mut comments) {
            let words = toks
                .iter()
                .map(|t| src[t.start as usize..t.end as usize].to_string())
                .collect();
            out.push((words, e.blank_owner, e.problem));
        }
        out
    }

    #[test]
    fn splits_entries_and_joins_parentheses() {
        let out = lex("a 1 IN A 1.2.3.4 ; c\n\n  MX ( 10\n mx ) ; x\n");
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].0, ["a", "1", "IN", "A", "1.2.3.4"]);
        assert_eq!(out[1].0, ["MX", "10", "mx"]);
        assert!(out[1].1);
    }

    #[test]
    fn quotes_escapes_and_specials() {
        let out = lex("a TXT \"x y\" a\\ b c\"d\"\n");
        assert_eq!(out[0].0, ["a", "TXT", "\"x y\"", "a\\ b", "c", "\"d\""]);
    }

    #[test]
    fn unterminated_quote_recovers_at_next_line() {
        let out = lex("a TXT \"x\nb A 1.2.3.4\n");
        assert_eq!(out.len(), 2);
        assert!(matches!(
            out[0].2,
            Some(LexProblem::UnterminatedQuote { at: 6 })
        ));
        assert_eq!(out[1].0, ["b", "A", "1.2.3.4"]);
    }

    #[test]
    fn unclosed_paren_recovers_after_its_line() {
        let out = lex("a TXT ( x\nb A 1.2.3.4\n");
        assert!(matches!(
            out[0].2,
            Some(LexProblem::UnclosedParen { at: 6 })
        ));
        assert_eq!(out[1].0, ["b", "A", "1.2.3.4"]);
    }

    #[test]
    fn balanced_parentheses_at_end_of_file_without_newline() {
        let out = lex("a TXT ( x )");
        assert_eq!(
            out,
            [(
                vec!["a".to_owned(), "TXT".to_owned(), "x".to_owned()],
                false,
                None
            )]
        );
    }

    #[test]
    fn chunk_reports_an_entry_that_runs_past_its_end() {
        let text = b"a A 1.2.3.4\nb TXT ( x\n";
        let mut lx = Lexer::chunk(text, 0, false);
        let (mut toks, mut comments) = (Vec::new(), Vec::new());
        assert!(lx.next_entry(&mut toks, &mut comments).is_some());
        assert!(lx.next_entry(&mut toks, &mut comments).is_none());
        assert_eq!(lx.incomplete(), Some(12));
    }

    #[test]
    fn crlf_and_bom() {
        let out = lex("\u{feff}a A 1.2.3.4\r\n b A 1.2.3.5\r\n");
        assert_eq!(out[0].0, ["a", "A", "1.2.3.4"]);
        assert!(!out[0].1);
        assert_eq!(out[1].0, ["b", "A", "1.2.3.5"]);
    }

    /// The first stop byte by the plain definition: what [`word_stop`] must agree with.
    fn word_stop_bytewise(text: &[u8], from: usize) -> usize {
        (from..text.len())
            .find(|&i| WORD_STOP[usize::from(text[i])])
            .unwrap_or(text.len())
    }

    #[test]
    fn word_stop_finds_the_first_stop_byte_from_every_offset() {
        // Every byte value once, in every lane of a block, beside word bytes: the borrow of
        // a lane below 0x2A must not hide or invent a stop in the lanes next to it.
        let mut texts: Vec<Vec<u8>> = (0..=255u8)
            .flat_map(|b| {
                (0..9).map(move |lane| {
                    let mut t = b"abcdefghijklmnopq".to_vec();
                    t[lane] = b;
                    t
                })
            })
            .collect();
        texts.push(b"\x01\x21\x29\x2a\x3a\x3b\x5b\x5c\x5d\x80\xff \x00\x00;".to_vec());
        texts.push(b"ns1.example.com.\tIN\tA\t192.0.2.1\n".to_vec());
        texts.push(Vec::new());
        // Pseudo-random bytes, weighted towards the tested values and their neighbours.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2000 {
            // Drawn afresh for each text: an empty text must not repeat forever.
            let len = usize::try_from(next() % 40).unwrap_or(0);
            let text = (0..len)
                .map(|_| {
                    let state = next();
                    let pick = b"a.-\x00\x01\x09\x0a\x0d\x20!\x22#()*:;<[\\]\x7f\x80\xff";
                    if state.is_multiple_of(3) {
                        (state >> 8).to_le_bytes()[0]
                    } else {
                        pick[usize::try_from((state >> 8) % pick.len() as u64).unwrap_or(0)]
                    }
                })
                .collect();
            texts.push(text);
        }
        for text in &texts {
            for from in 0..=text.len() {
                assert_eq!(
                    word_stop(text, from),
                    word_stop_bytewise(text, from),
                    "{text:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn words_with_escapes_across_blocks() {
        let out = lex("abcdefg\\ hijklmnop\\;q\\\\ r IN TXT x\\\nz\n");
        assert_eq!(
            out[0].0,
            ["abcdefg\\ hijklmnop\\;q\\\\", "r", "IN", "TXT", "x\\\nz"]
        );
    }
}
