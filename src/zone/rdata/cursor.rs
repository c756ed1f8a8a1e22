//! A cursor over the rdata tokens of one entry, with error construction and field-span recording.

use crate::diag::ids;
use crate::zone::lexer::{Token, TokenKind};
use crate::zone::rdata::RdataInput;

/// The span of one rdata field (offsets in the entry's file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpan {
    pub name: &'static str,
    pub start: u32,
    pub end: u32,
}

/// A problem in the rdata; `start..end` is the offending token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RdataError {
    pub id: &'static str,
    pub start: u32,
    pub end: u32,
    pub message: String,
    pub help: Option<String>,
}

impl RdataError {
    #[must_use]
    pub fn new(id: &'static str, (start, end): (u32, u32), message: impl Into<String>) -> Self {
        Self {
            id,
            start,
            end,
            message: message.into(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Walks the rdata tokens in order.
pub struct Cursor<'i, 's> {
    input: &'i RdataInput<'i>,
    pos: usize,
    spans: Option<&'s mut Vec<FieldSpan>>,
}

impl<'i, 's> Cursor<'i, 's> {
    #[must_use]
    pub fn new(input: &'i RdataInput<'i>, spans: Option<&'s mut Vec<FieldSpan>>) -> Self {
        Self {
            input,
            pos: 0,
            spans,
        }
    }

    #[must_use]
    pub fn text(&self) -> &'i [u8] {
        self.input.text
    }

    #[must_use]
    pub fn origin(&self) -> Option<&'i [u8]> {
        self.input.origin
    }

    #[must_use]
    pub fn peek(&self) -> Option<Token> {
        self.input.tokens.get(self.pos).copied()
    }

    /// The token's content (quotes stripped, escapes not decoded).
    #[must_use]
    pub fn content(&self, tok: Token) -> &'i [u8] {
        tok.content(self.input.text)
    }

    /// Where a missing field is reported: just past the entry.
    #[must_use]
    pub fn end_span(&self) -> (u32, u32) {
        (self.input.entry_end, self.input.entry_end)
    }

    /// End of the last token consumed (or of the entry).
    #[must_use]
    pub fn last_end(&self) -> u32 {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.input.tokens.get(i))
            .map_or(self.input.entry_end, |t| t.end)
    }

    /// The next token, or an error saying which field is missing.
    ///
    /// # Errors
    /// When no token is left.
    pub fn next(&mut self, what: &str) -> Result<Token, RdataError> {
        match self.peek() {
            Some(t) => {
                self.pos += 1;
                Ok(t)
            }
            None => Err(RdataError::new(
                ids::INVALID_SYNTAX,
                self.end_span(),
                format!("missing {what}"),
            )
            .with_help(format!("add the {what} to the record data"))),
        }
    }

    /// The next token, which must not be quoted: BIND reads every field that is not a
    /// character-string as a bare word, and rejects `"…"` there.
    ///
    /// # Errors
    /// When no token is left, or it is quoted.
    pub fn next_word(&mut self, what: &str) -> Result<Token, RdataError> {
        let tok = self.next(what)?;
        if tok.kind == TokenKind::Quoted {
            return Err(self.quoted(tok, what));
        }
        Ok(tok)
    }

    /// All remaining tokens, none of which may be quoted.
    ///
    /// # Errors
    /// When one is quoted.
    pub fn take_rest_words(&mut self, what: &str) -> Result<&'i [Token], RdataError> {
        let rest = self.take_rest();
        match rest.iter().find(|t| t.kind == TokenKind::Quoted) {
            Some(t) => Err(self.quoted(*t, what)),
            None => Ok(rest),
        }
    }

    /// The error for a quoted token where a bare word is expected.
    #[must_use]
    pub fn quoted(&self, tok: Token, what: &str) -> RdataError {
        let shown = String::from_utf8_lossy(&self.input.text[tok.start as usize..tok.end as usize])
            .into_owned();
        RdataError::new(
            ids::INVALID_SYNTAX,
            (tok.start, tok.end),
            format!("expected {what}, found the quoted string `{shown}`"),
        )
        .with_help("remove the quotes: only character-string fields may be quoted")
    }

    /// Steps back one token (after a look-ahead with [`Cursor::next`]).
    pub fn unget(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// All remaining tokens.
    pub fn take_rest(&mut self) -> &'i [Token] {
        let rest = &self.input.tokens[self.pos.min(self.input.tokens.len())..];
        self.pos = self.input.tokens.len();
        rest
    }

    /// Whether tokens remain.
    #[must_use]
    pub fn at_end(&self) -> bool {
        self.pos >= self.input.tokens.len()
    }

    /// Records a field spanning `start..end`.
    pub fn record(&mut self, name: &'static str, start: u32, end: u32) {
        if let Some(spans) = self.spans.as_deref_mut() {
            spans.push(FieldSpan { name, start, end });
        }
    }

    /// Errors if tokens are left over.
    ///
    /// # Errors
    /// When a token remains after the last field.
    pub fn finish(&mut self) -> Result<(), RdataError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err(RdataError::new(
                ids::INVALID_SYNTAX,
                (t.start, t.end),
                format!(
                    "unexpected `{}` after the record data",
                    String::from_utf8_lossy(&self.input.text[t.start as usize..t.end as usize])
                ),
            )
            .with_help("remove the extra text, or quote it if it belongs to a string")),
        }
    }

    /// An error about a token, with its text in the message.
    #[must_use]
    pub fn bad(&self, tok: Token, expected: &str) -> RdataError {
        RdataError::new(
            ids::INVALID_SYNTAX,
            (tok.start, tok.end),
            format!("expected {expected}, found `{}`", self.shown(tok)),
        )
    }

    /// The token as written (quotes included).
    #[must_use]
    pub fn shown(&self, tok: Token) -> String {
        String::from_utf8_lossy(&self.input.text[tok.start as usize..tok.end as usize]).into_owned()
    }

    /// An error about a token with a free-form message.
    #[must_use]
    pub fn error(&self, tok: Token, message: impl Into<String>) -> RdataError {
        RdataError::new(ids::INVALID_SYNTAX, (tok.start, tok.end), message)
    }
}
