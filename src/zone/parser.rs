//! Entries → records. Owner, TTL and class resolution, the record type, and the rdata; each
//! problem becomes a diagnostic on the offending token and parsing goes on at the next entry.

use crate::diag::{Diagnostic, Severity, ids};
use crate::zone::intern::{NameHash, NameId};
use crate::zone::lexer::{Token, TokenKind};
use crate::zone::loader::{FileState, Reader, ZoneState};
use crate::zone::name::{self, NameError};
use crate::zone::rdata::{self, RdataError, RdataForm, RdataInput};
use crate::zone::record::{Record, RecordFlags};
use crate::zone::rtype::{Class, RType};
use crate::zone::source::{FileId, Span};
use crate::zone::ttl::{MAX_TTL, TtlError, looks_like_ttl, parse_ttl};

/// A piece of a file being read: token offsets are relative to `base`, the offset of the
/// piece in the file (0 unless the file is streamed in chunks).
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub file: FileId,
    pub base: u32,
}

impl Place {
    /// The file span of offsets `start..end` of the piece.
    #[must_use]
    pub fn span(self, start: u32, end: u32) -> Span {
        Span::new(self.file, self.base + start, self.base + end)
    }
}

/// Where the tokens of an entry come from, so that spans point into the right file.
#[derive(Clone, Copy)]
pub enum Origin {
    /// Tokens are offsets into (a piece of) the file itself.
    File(Place),
    /// Tokens are offsets into text produced by `$GENERATE`; every span maps to the directive.
    Generated(Span),
}

impl Origin {
    #[must_use]
    pub fn span(self, start: u32, end: u32) -> Span {
        match self {
            Origin::File(place) => place.span(start, end),
            Origin::Generated(span) => span,
        }
    }
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Turns a name error on a token into a diagnostic.
#[must_use]
pub fn name_diagnostic(e: NameError, span: Span, raw: &[u8], what: &str) -> Diagnostic {
    let id = match e {
        NameError::LabelTooLong { .. } | NameError::NameTooLong { .. } => ids::NAME_TOO_LONG,
        NameError::NoOrigin => ids::RELATIVE_NAME_WITHOUT_ORIGIN,
        _ => ids::INVALID_SYNTAX,
    };
    let d = Diagnostic::error(
        id,
        span,
        format!("invalid {what}: {}", e.message(&lossy(raw))),
    );
    match e {
        NameError::NoOrigin => {
            d.with_help("end the name with a dot, or set `$ORIGIN` (or --origin) before it")
        }
        NameError::EmptyLabel { .. } => d.with_help("remove the doubled or leading dot"),
        NameError::BadEscape { .. } => d.with_help(
            "write `\\DDD` with three decimal digits (000-255), or `\\X` for a single character",
        ),
        _ => d.with_help("shorten the name: labels hold at most 63 octets and names at most 255"),
    }
}

/// Turns an rdata error into a diagnostic, with the type's expected shape as help.
#[must_use]
pub fn rdata_diagnostic(e: RdataError, origin: Origin, rtype: RType) -> Diagnostic {
    let mut d = Diagnostic::error(
        e.id,
        origin.span(e.start, e.end),
        format!("invalid {rtype} record: {}", e.message),
    );
    d.set_help(e.help.unwrap_or_else(|| rdata_shape_help(rtype)));
    d
}

/// "MX data is `<preference> <exchange>`": the expected shape of a type's data.
fn rdata_shape_help(rtype: RType) -> String {
    match rdata::syntax_of(rtype) {
        rdata::TypeSyntax::Fields(fields) => {
            let shape: Vec<String> = fields.iter().map(|(name, _)| format!("<{name}>")).collect();
            format!("{rtype} data is `{}`", shape.join(" "))
        }
        _ => format!(
            "check the {rtype} data against its RFC, or write it in RFC 3597 form `\\# length hex`"
        ),
    }
}

/// One lexed entry to be parsed as a record: its tokens are offsets into `text`.
pub struct EntryText<'t> {
    pub text: &'t [u8],
    pub tokens: &'t [Token],
    /// The line started with whitespace: the owner is inherited.
    pub blank_owner: bool,
    /// Offsets of the entry's first and past-the-last byte in `text`.
    pub bounds: (u32, u32),
    pub origin: Origin,
    /// The owner, already parsed (by the reader's look-ahead), if it was.
    pub owner: Option<ParsedOwner<'t>>,
}

/// An owner name parsed before its entry: its token, its lowercase wire form, whether it was
/// written relative, and its hash in the name table.
#[derive(Debug, Clone, Copy)]
pub struct ParsedOwner<'t> {
    pub token: Token,
    pub wire: &'t [u8],
    pub relative: bool,
    pub hash: NameHash,
}

impl Reader {
    /// Parses one record entry. A problem comes back boxed: it is the rare path, and the common
    /// `Ok` stays small.
    #[allow(clippy::too_many_lines)] // the owner/TTL/class/type/rdata sequence reads best in one place
    pub(crate) fn parse_record(
        &mut self,
        e: &EntryText<'_>,
        fs: &mut FileState,
        zs: &mut ZoneState,
    ) -> Result<(), Box<Diagnostic>> {
        let (text, tokens, blank_owner, entry, origin_of) =
            (e.text, e.tokens, e.blank_owner, e.bounds, e.origin);
        let entry_span = origin_of.span(entry.0, entry.1);
        let mut flags = 0u8;
        let mut i = 0;
        // Owner.
        let owner: NameId = if blank_owner {
            flags |= RecordFlags::OWNER_INHERITED;
            fs.prev_owner.ok_or_else(|| {
                Diagnostic::error(
                    ids::INVALID_SYNTAX,
                    origin_of.span(entry.0, entry.0),
                    "line starts with whitespace but there is no previous owner to inherit",
                )
                .with_help("write the owner name at the start of the line (or `@` for the origin)")
            })?
        } else {
            let tok = tokens[0];
            i = 1;
            let raw = tok.content(text);
            let cached = match (origin_of, fs.owner_cache) {
                (Origin::File(_), Some((s, e, id, relative)))
                    if &text[s as usize..e as usize] == raw =>
                {
                    Some((id, relative))
                }
                _ => None,
            };
            let ahead = e.owner.filter(|o| o.token == tok);
            let (id, relative) = if let Some(hit) = cached {
                hit
            } else if let Some(owner) = ahead {
                // Its place in the name index was prefetched when it was parsed.
                let id = self.names.intern_folded(owner.wire, owner.hash);
                if let Origin::File(_) = origin_of {
                    fs.owner_cache = Some((tok.start, tok.end, id, owner.relative));
                }
                (id, owner.relative)
            } else {
                self.scratch.clear();
                let parsed = name::parse_name(raw, fs.origin.as_deref(), &mut self.scratch)
                    .map_err(|e| {
                        name_diagnostic(e, origin_of.span(tok.start, tok.end), raw, "owner name")
                    })?;
                let id = self.names.intern(&self.scratch);
                if let Origin::File(_) = origin_of {
                    fs.owner_cache = Some((tok.start, tok.end, id, parsed.relative));
                }
                (id, parsed.relative)
            };
            if relative {
                flags |= RecordFlags::OWNER_RELATIVE;
            }
            id
        };
        // TTL and class, in either order.
        let mut ttl: Option<u32> = None;
        let mut class: Option<Class> = None;
        let mut ttl_too_big: Option<(u32, Span)> = None;
        while let Some(&tok) = tokens.get(i) {
            if tok.kind == TokenKind::Quoted {
                break;
            }
            let word = tok.content(text);
            // A class starts with a letter, a TTL with a digit.
            let ttl_like = looks_like_ttl(word);
            if class.is_none()
                && !ttl_like
                && let Some(c) = Class::from_text(word)
            {
                class = Some(c);
                i += 1;
                continue;
            }
            if ttl.is_none() && ttl_like {
                let span = origin_of.span(tok.start, tok.end);
                let value = parse_ttl(word).map_err(|e| match e {
                    TtlError::Malformed => Diagnostic::error(
                        ids::INVALID_SYNTAX,
                        span,
                        format!("expected a TTL, found `{}`", lossy(word)),
                    )
                    .with_help(
                        "write the TTL as seconds (`3600`) or with units (`1h`, `1h30m`, `2w`)",
                    ),
                    TtlError::Overflow => Diagnostic::error(
                        ids::INVALID_SYNTAX,
                        span,
                        format!("TTL `{}` does not fit in 32 bits", lossy(word)),
                    )
                    .with_help(
                        "use a TTL of at most 2147483647 seconds (RFC 2181 §8); a day is 86400",
                    ),
                })?;
                if value > MAX_TTL {
                    ttl_too_big = Some((value, span));
                }
                ttl = Some(value);
                i += 1;
                continue;
            }
            break;
        }
        // Type.
        let Some(&type_tok) = tokens.get(i) else {
            let at = tokens.last().map_or(entry.1, |t| t.end);
            return Err(Box::new(
                Diagnostic::error(
                    ids::INVALID_SYNTAX,
                    origin_of.span(at, at),
                    "missing record type",
                )
                .with_help(
                    "add the type (A, MX, TXT, …) and its data after the owner, TTL and class",
                ),
            ));
        };
        i += 1;
        let type_word = type_tok.content(text);
        let type_span = origin_of.span(type_tok.start, type_tok.end);
        let rtype = match RType::from_text(type_word) {
            Some(t) if type_tok.kind == TokenKind::Word => t,
            _ => {
                let shown = lossy(type_word);
                // On bytes: the word may not be UTF-8, and `shown` has replacement characters.
                let looks_like_class =
                    type_word.len() > 5 && type_word[..5].eq_ignore_ascii_case(b"CLASS");
                let d = if class.is_some() || ttl.is_some() || !looks_like_class {
                    Diagnostic::error(ids::UNKNOWN_RECORD_TYPE, type_span, format!("unknown record type `{shown}`"))
                        .with_help("use a known type mnemonic, or `TYPEnnn` with `\\# length hex` data for others (RFC 3597)")
                } else {
                    Diagnostic::error(
                        ids::INVALID_SYNTAX,
                        type_span,
                        format!("invalid class `{shown}`"),
                    )
                    .with_help("classes are IN, CH, HS or CLASSnnn (0-65535)")
                };
                return Err(Box::new(d));
            }
        };
        if rtype.is_meta() || rtype.0 == 0 {
            return Err(Box::new(
                Diagnostic::error(
                    ids::INVALID_SYNTAX,
                    type_span,
                    format!("`{rtype}` is a query or meta type and cannot appear in a zone file"),
                )
                .with_help("remove this record"),
            ));
        }
        // Rdata.
        let rdata_offset = self.rdata.len();
        let input = RdataInput {
            text,
            tokens: &tokens[i..],
            origin: fs.origin.as_deref(),
            entry_end: entry.1,
        };
        let form = rdata::parse(rtype, &input, &mut self.rdata, None)
            .map_err(|e| rdata_diagnostic(e, origin_of, rtype))?;
        let rdata_len = self.rdata.len() - rdata_offset;
        let Ok(rdata_len) = u16::try_from(rdata_len) else {
            self.rdata.truncate(rdata_offset);
            let last = tokens.last().map_or(entry.1, |t| t.end);
            return Err(Box::new(
                Diagnostic::error(
                    ids::INVALID_SYNTAX,
                    origin_of.span(tokens[i.min(tokens.len() - 1)].start, last),
                    format!(
                        "record data is {rdata_len} octets long: at most 65535 fit in a record"
                    ),
                )
                .with_help("split the data over several records"),
            ));
        };
        if form == RdataForm::Opaque {
            flags |= RecordFlags::OPAQUE;
        }
        // Class: the zone's class is that of its first record.
        let zone_class = *zs.class.get_or_insert(class.unwrap_or(Class::IN));
        if class.is_some() {
            flags |= RecordFlags::CLASS_EXPLICIT;
        }
        let class = class.unwrap_or(zone_class);
        if class != zone_class {
            self.diagnostics.push(
                Diagnostic::error(ids::CLASS_MISMATCH, entry_span, format!("record class {class} differs from the zone's class {zone_class}"))
                    .with_help(format!("a zone holds data of one class: use {zone_class}, or move this record to a {class} zone")),
            );
        }
        // TTL: explicit, else $TTL, else the last explicit TTL (RFC 1035), else for the SOA its
        // minimum (RFC 2308 §4, as BIND does).
        let ttl = if let Some(t) = ttl {
            flags |= RecordFlags::TTL_EXPLICIT;
            zs.last_ttl = Some(t);
            t
        } else if let Some(t) = zs.default_ttl {
            t
        } else if let Some(t) = zs.last_ttl {
            // RFC 1035 §5.1 semantics, which BIND follows; before RFC 2308 §4 gave files `$TTL`,
            // servers also used the SOA minimum here, so the file does not say what it means.
            if !zs.inherited_ttl_reported {
                zs.inherited_ttl_reported = true;
                self.diagnostics.push(
                    Diagnostic::warning(
                        ids::MISSING_TTL,
                        entry_span,
                        format!("no TTL on this record and no `$TTL`: it takes the TTL of the record before it ({t}), and so does every later record without one"),
                    )
                    .with_help("add `$TTL 3600` (or another default) at the top of the file, or a TTL on each record (RFC 2308 §4)"),
                );
            }
            t
        } else if rtype == RType::SOA && rdata_len >= 4 {
            let m = &self.rdata[self.rdata.len() - 4..];
            let min = u32::from_be_bytes([m[0], m[1], m[2], m[3]]);
            self.diagnostics.push(
                Diagnostic::warning(
                    ids::MISSING_TTL,
                    entry_span,
                    format!("no `$TTL` and no TTL on the SOA record: its minimum ({min}) is used"),
                )
                .with_help("add `$TTL` at the top of the file (RFC 2308 §4)"),
            );
            // BIND makes the minimum the default TTL, as if `$TTL` had said it (master.c).
            zs.default_ttl = Some(min);
            zs.last_ttl = Some(min);
            min
        } else {
            flags |= RecordFlags::TTL_MISSING;
            self.diagnostics.push(
                Diagnostic::error(
                    ids::MISSING_TTL,
                    entry_span,
                    "no TTL for this record: no `$TTL`, no TTL on it and none before it",
                )
                .with_help("add `$TTL 3600` (or another default) at the top of the file"),
            );
            0
        };
        // BIND loads a TTL above 2^31-1 as 0 (RFC 2181 §8); so do we, and say so.
        let ttl = if let Some((value, span)) = ttl_too_big {
            self.diagnostics.push(
                Diagnostic::new(
                    ids::TTL_OUT_OF_RANGE,
                    Severity::Error,
                    span,
                    format!("TTL {value} is above 2147483647 and is treated as 0"),
                )
                .with_help("use a TTL of at most 2147483647 seconds (RFC 2181 §8)"),
            );
            if zs.last_ttl == Some(value) {
                zs.last_ttl = Some(0);
            }
            0
        } else {
            ttl
        };
        if matches!(origin_of, Origin::Generated(_)) {
            flags |= RecordFlags::GENERATED;
        }
        fs.prev_owner = Some(owner);
        // The origin in force is kept as a list of changes: origins change rarely.
        if self.origins.last().is_none_or(|&(_, o)| o != fs.origin_id) {
            self.origins.push((
                u32::try_from(self.records.len()).unwrap_or(u32::MAX),
                fs.origin_id,
            ));
        }
        self.records.push(Record {
            owner,
            rtype,
            class,
            ttl,
            span: entry_span,
            rdata_offset: u32::try_from(rdata_offset).unwrap_or(u32::MAX),
            rdata_len,
            flags: RecordFlags(flags),
        });
        Ok(())
    }
}
