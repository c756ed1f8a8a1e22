//! The only file I/O of the reader: reads zone files, resolves `$INCLUDE` (lookup order, depth,
//! cycles, the allowed directory tree), runs the directives, and collects every record and
//! diagnostic of a run into a [`ZoneSet`].

use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, ids};
use crate::zone::budget::RunBudget;
use crate::zone::files::FileSource;
use crate::zone::intern::{NameHash, NameId, NameTable};
use crate::zone::lexer::{LexProblem, Lexer, RawEntry, Token};
use crate::zone::name;
use crate::zone::origin::infer_from_file_name;
use crate::zone::parser::{EntryText, Origin, ParsedOwner, Place, name_diagnostic};
use crate::zone::record::Record;
use crate::zone::rtype::Class;
use crate::zone::source::{
    DiskStamp, FileId, MAX_FILE_SIZE, SourceMap, Span, StreamLayout, offset_u32,
};
use crate::zone::ttl::{MAX_TTL, TtlError, parse_ttl};

/// Where a relative `$INCLUDE` path is looked for first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IncludeLookup {
    /// Beside the including file, then in the working directory (Knot, then BIND/NSD).
    #[default]
    FileDirFirst,
    /// In the working directory, then beside the including file (BIND/NSD, then Knot).
    CwdFirst,
}

/// Options of the reader.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// The origin for files that set none (`--origin`), absolute or relative to the root.
    pub origin: Option<String>,
    /// Infer the origin from the file name when no `--origin` is given.
    pub infer_origin: bool,
    pub include_lookup: IncludeLookup,
    /// The directory that stands for the working directory in `$INCLUDE` lookups (`None`: the
    /// process's). Lets a caller read a zone as if run from another directory without `chdir`.
    pub working_dir: Option<PathBuf>,
    /// Let `$INCLUDE` read files outside the directory tree of the file given.
    pub include_anywhere: bool,
    pub max_include_depth: usize,
    /// Most records one `$GENERATE` line may produce.
    pub max_generate: u64,
    /// Most records all `$GENERATE` lines of a run may produce together.
    pub max_generate_total: u64,
    /// Most bytes all `$INCLUDE`s of a run may read together (a file included twice counts
    /// twice): bounds the records a small zone can make by including a big file many times.
    pub max_include_bytes: u64,
    /// Files larger than this are read in chunks and not kept in memory (their text is read
    /// again only to show a diagnostic).
    pub stream_threshold: u64,
    /// Size of the pieces a streamed file is read in (a line longer than this grows the piece).
    pub stream_chunk: usize,
    /// Where files and `$INCLUDE`s are read from instead of the disk (`None`: the disk), e.g.
    /// a git revision.
    pub files: Option<Arc<dyn FileSource>>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            origin: None,
            infer_origin: true,
            include_lookup: IncludeLookup::default(),
            working_dir: None,
            include_anywhere: false,
            max_include_depth: 16,
            max_generate: 65_536,
            max_generate_total: 1 << 20,
            max_include_bytes: 1 << 30,
            stream_threshold: 8 << 20,
            stream_chunk: 1 << 19,
            files: None,
        }
    }
}

/// A failure to read a file given by the user (not a finding about its content).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{path}` is not a regular file")]
    NotAFile { path: PathBuf },
    #[error("`{path}` is too large (4 GiB or more)")]
    TooLarge { path: PathBuf },
    #[error("invalid origin `{origin}`: {reason}")]
    BadOrigin { origin: String, reason: String },
}

/// One zone file given to the reader (its `$INCLUDE`d files are part of it).
#[derive(Debug, Clone)]
pub struct ZoneSource {
    pub file: FileId,
    /// The origin at the top of the file (from the options or the file name).
    pub origin: Option<NameId>,
    /// The first `$ORIGIN` of the file, when no origin was given or inferred.
    pub first_origin_directive: Option<NameId>,
    /// The class of its first record (IN when it has none).
    pub class: Class,
    /// Its records, as a range of [`ZoneSet::records`].
    pub records: Range<usize>,
    /// Every file it read (itself first, then its includes).
    pub files: Vec<FileId>,
}

/// Everything the reader produced for a run.
#[derive(Debug, Default)]
pub struct ZoneSet {
    pub sources: SourceMap,
    pub names: NameTable,
    /// Every record of every file, in source order, duplicates kept.
    pub records: Vec<Record>,
    /// Rdata of every record (see [`Record::rdata`]).
    pub rdata: Vec<u8>,
    pub zones: Vec<ZoneSource>,
    /// Every `;` comment, with its span (suppressions read them).
    pub comments: Vec<Span>,
    pub diagnostics: Vec<Diagnostic>,
    /// `(first record, origin)` each time the origin in force changes, in record order.
    pub origins: Vec<(u32, Option<NameId>)>,
}

impl ZoneSet {
    /// The origin in force where record `index` was written.
    #[must_use]
    pub fn origin_of(&self, index: usize) -> Option<NameId> {
        let i = self
            .origins
            .partition_point(|&(first, _)| first as usize <= index);
        i.checked_sub(1).and_then(|i| self.origins[i].1)
    }
}

/// Per-file parsing state: restored when an `$INCLUDE` returns.
#[derive(Debug, Clone, Default)]
pub struct FileState {
    /// Current origin, wire form as written.
    pub origin: Option<Vec<u8>>,
    pub origin_id: Option<NameId>,
    pub prev_owner: Option<NameId>,
    /// The last owner token read from this file (`start..end`) and its id, so a repeated owner
    /// is not parsed and hashed again. Cleared when the origin changes.
    pub owner_cache: Option<(u32, u32, NameId, bool)>,
}

/// Per-zone state that includes share.
#[derive(Debug, Default)]
pub struct ZoneState {
    pub default_ttl: Option<u32>,
    pub last_ttl: Option<u32>,
    pub class: Option<Class>,
    /// Canonical paths of the files being read, outermost first (cycle detection).
    pub include_stack: Vec<PathBuf>,
    /// The directory that includes may not leave.
    pub root: Option<PathBuf>,
    /// The zone file as given, until the first `$INCLUDE` needs its canonical path for
    /// `include_stack` and `root`: most zones include nothing, and a canonical path costs a
    /// system call per path component (a run of 100,000 zones felt it).
    pub unsettled: Option<PathBuf>,
    pub files: Vec<FileId>,
    pub first_origin_directive: Option<NameId>,
    /// Whether a record that took the TTL of the record before it (no `$TTL`) was reported:
    /// once per zone is enough to say the file relies on it.
    pub inherited_ttl_reported: bool,
}

/// Reads zone files into a [`ZoneSet`].
pub struct Reader {
    pub(crate) options: ReadOptions,
    pub(crate) sources: SourceMap,
    pub(crate) names: NameTable,
    pub(crate) records: Vec<Record>,
    pub(crate) rdata: Vec<u8>,
    pub(crate) zones: Vec<ZoneSource>,
    pub(crate) comments: Vec<Span>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) origins: Vec<(u32, Option<NameId>)>,
    pub(crate) scratch: Vec<u8>,
    /// What the run has used of its `$GENERATE` and `$INCLUDE` limits (shared by the readers
    /// of a run read in parts).
    pub(crate) budget: Arc<RunBudget>,
    /// Bytes of each file read by `$INCLUDE`, by canonical path, shared by later inclusions.
    pub(crate) include_cache: std::collections::HashMap<PathBuf, Arc<Vec<u8>>>,
}

/// Opens a file and checks that it is a regular file of acceptable size.
fn open_regular(path: &Path) -> Result<(File, std::fs::Metadata), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    // Look before opening: opening a FIFO blocks until something writes to it (a hang), and a
    // device such as `/dev/zero` is no zone file either. The check after opening stays, for a
    // file swapped in between.
    if !std::fs::metadata(path).map_err(io)?.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_owned(),
        });
    }
    let file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_owned(),
        });
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok((file, meta))
}

/// What to read: bytes already in memory, or a large file to stream.
enum Content {
    Bytes(Vec<u8>),
    /// Bytes of a file already read by an earlier `$INCLUDE`.
    Shared(Arc<Vec<u8>>),
    Streamed(DiskStamp),
}

impl Content {
    /// Opens `path`: small files are read now, large ones (over `threshold`) are streamed.
    fn open(path: &Path, threshold: u64) -> Result<Content, LoadError> {
        let (file, meta) = open_regular(path)?;
        if meta.len() > threshold {
            let stamp = DiskStamp {
                path: std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
                len: meta.len(),
                modified: meta.modified().ok(),
            };
            return Ok(Content::Streamed(stamp));
        }
        read_open(path, file, &meta).map(Content::Bytes)
    }

    fn len(&self) -> usize {
        match self {
            Content::Bytes(b) => b.len(),
            Content::Shared(b) => b.len(),
            Content::Streamed(s) => usize::try_from(s.len).unwrap_or(usize::MAX),
        }
    }
}

fn read_open(path: &Path, file: File, meta: &std::fs::Metadata) -> Result<Vec<u8>, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // `take` bounds the read even if the file grows while we read it.
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut buf)
        .map_err(io)?;
    if buf.len() as u64 > MAX_FILE_SIZE {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
        });
    }
    Ok(buf)
}

impl Reader {
    #[must_use]
    pub fn new(options: ReadOptions) -> Self {
        Self {
            options,
            sources: SourceMap::new(),
            names: NameTable::new(),
            records: Vec::new(),
            rdata: Vec::new(),
            zones: Vec::new(),
            comments: Vec::new(),
            diagnostics: Vec::new(),
            origins: Vec::new(),
            scratch: Vec::new(),
            budget: Arc::default(),
            include_cache: std::collections::HashMap::new(),
        }
    }

    /// A reader that counts the run-wide limits ([`ReadOptions::max_generate_total`],
    /// [`ReadOptions::max_include_bytes`]) in `budget`, shared with the other readers of the
    /// same run.
    #[must_use]
    pub fn sharing_budget(options: ReadOptions, budget: Arc<RunBudget>) -> Self {
        Self {
            budget,
            ..Self::new(options)
        }
    }

    /// Sets the origin for the files read from now on (`None`: from `$ORIGIN` or the file
    /// name), so one run can hold zones whose origins come from different places.
    pub fn set_origin(&mut self, origin: Option<String>) {
        self.options.origin = origin;
    }

    /// Reads a zone file from disk.
    ///
    /// # Errors
    /// When the file cannot be read or the origin option is invalid; content problems are
    /// diagnostics, not errors.
    pub fn read_path(&mut self, path: &Path) -> Result<(), LoadError> {
        let content = self.open(path)?;
        self.read_content(path, content)
    }

    /// Opens a file on disk, or in [`ReadOptions::files`] when set.
    fn open(&self, path: &Path) -> Result<Content, LoadError> {
        let Some(files) = &self.options.files else {
            return Content::open(path, self.options.stream_threshold);
        };
        let bytes = files.read(path).map_err(|source| LoadError::Io {
            path: path.to_owned(),
            source,
        })?;
        if bytes.len() as u64 > MAX_FILE_SIZE {
            return Err(LoadError::TooLarge {
                path: path.to_owned(),
            });
        }
        Ok(Content::Bytes(bytes))
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        match &self.options.files {
            Some(files) => files.canonicalize(path),
            None => std::fs::canonicalize(path),
        }
    }

    fn exists(&self, path: &Path) -> bool {
        match &self.options.files {
            Some(files) => files.exists(path),
            None => path.exists(),
        }
    }

    /// Reads zone text that was obtained elsewhere (stdin, tests). `path` names it in messages,
    /// anchors relative `$INCLUDE`s, and may imply the origin.
    ///
    /// # Errors
    /// When the origin option is invalid.
    pub fn read_bytes(&mut self, path: &Path, bytes: Vec<u8>) -> Result<(), LoadError> {
        self.read_content(path, Content::Bytes(bytes))
    }

    fn read_content(&mut self, path: &Path, content: Content) -> Result<(), LoadError> {
        let origin_text = match &self.options.origin {
            Some(o) => Some(o.clone()),
            None if self.options.infer_origin => infer_from_file_name(path),
            None => None,
        };
        let mut fs = FileState::default();
        if let Some(text) = origin_text {
            let mut wire = Vec::new();
            let absolute = if text.ends_with('.') {
                text.clone()
            } else {
                format!("{text}.")
            };
            name::parse_name(absolute.as_bytes(), None, &mut wire).map_err(|e| {
                LoadError::BadOrigin {
                    origin: text.clone(),
                    reason: e.message(&text),
                }
            })?;
            fs.origin_id = Some(self.names.intern(&wire));
            fs.origin = Some(wire);
        }
        let mut zs = ZoneState {
            unsettled: Some(path.to_owned()),
            ..ZoneState::default()
        };
        // Reserve for the records this file likely holds (about one per 48 bytes); capacity that
        // is never written is never touched, so over-estimating costs no memory.
        let estimate = content.len() / 48;
        self.records.reserve(estimate);
        // Rdata is most of a zone's text (TXT and keys nearly all of it), and most owners are
        // new names: growing either by doubling would copy (touch) both buffers at once.
        self.rdata.reserve(content.len() / 4 * 3);
        // Names are fewer than records (a TLD has three records per owner, a host zone two):
        // the hash index is written at random places, so every slot reserved is touched.
        self.names.reserve(estimate / 2);
        let file = match content {
            Content::Bytes(bytes) => self.sources.add(path, bytes),
            Content::Shared(text) => self.sources.add(path, text.as_ref().clone()),
            Content::Streamed(stamp) => self.sources.add_streamed(path, stamp, None),
        };
        let start = self.records.len();
        let origin = fs.origin_id;
        self.parse_file(file, &mut fs, &mut zs);
        let mut files = vec![file];
        files.extend(zs.files.iter().copied());
        self.zones.push(ZoneSource {
            file,
            origin,
            first_origin_directive: zs.first_origin_directive,
            class: zs.class.unwrap_or(Class::IN),
            records: start..self.records.len(),
            files,
        });
        Ok(())
    }

    /// Everything read so far, with diagnostics in a stable order.
    #[must_use]
    pub fn finish(mut self) -> ZoneSet {
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        ZoneSet {
            sources: self.sources,
            names: self.names,
            records: self.records,
            rdata: self.rdata,
            zones: self.zones,
            comments: self.comments,
            diagnostics: self.diagnostics,
            origins: self.origins,
        }
    }

    pub(crate) fn parse_file(&mut self, file: FileId, fs: &mut FileState, zs: &mut ZoneState) {
        let source = self.sources.file(file);
        if let Some(stamp) = source.disk_stamp().cloned() {
            // A zone file itself (not an include) that cannot be read again: at its start.
            let at = source.included_from().unwrap_or(Span::new(file, 0, 0));
            if let Err(e) = self.parse_streamed(file, &stamp, fs, zs) {
                self.diagnostics.push(Diagnostic::error(
                    ids::INCLUDE_PROBLEM,
                    at,
                    format!("cannot read `{}`: {e}", stamp.path.display()),
                ));
            }
            return;
        }
        let text = source.shared_text();
        let _ = self.parse_chunk(&text, Place { file, base: 0 }, true, fs, zs);
    }

    /// Reads a large file in chunks that end at a line end, so that its bytes are never all in
    /// memory at once. An entry whose parentheses run past a chunk is carried into the next.
    fn parse_streamed(
        &mut self,
        file: FileId,
        stamp: &DiskStamp,
        fs: &mut FileState,
        zs: &mut ZoneState,
    ) -> std::io::Result<()> {
        let mut reader = File::open(&stamp.path)?.take(MAX_FILE_SIZE);
        let chunk = self.options.stream_chunk.max(1);
        let mut buf: Vec<u8> = Vec::with_capacity(2 * chunk);
        let mut base: u64 = 0;
        let mut at_eof = false;
        let mut layout = StreamLayout::for_file(stamp.len);
        while !at_eof {
            // `read_to_end` on a `take` appends into spare capacity: no zeroing of the chunk.
            // Read at least as much as is still pending (an entry that ran past the last chunk, or
            // a line with no end yet): the pending bytes are lexed again with the new ones, so
            // reading a fixed amount would make an unclosed `(` or a huge line quadratic.
            let wanted = chunk.max(buf.len()) as u64;
            let got = (&mut reader).take(wanted).read_to_end(&mut buf)?;
            at_eof = (got as u64) < wanted;
            // Lex up to the last line end (all of it at the end of the file).
            let cut = if at_eof {
                buf.len()
            } else {
                memchr::memrchr(b'\n', &buf).map_or(0, |i| i + 1)
            };
            if cut == 0 {
                continue;
            }
            let place = Place {
                file,
                base: offset_u32(usize::try_from(base).unwrap_or(usize::MAX)),
            };
            fs.owner_cache = None;
            let consumed = self.parse_chunk(&buf[..cut], place, at_eof, fs, zs);
            layout.consumed(place.base, &buf[..consumed]);
            buf.drain(..consumed);
            base += consumed as u64;
        }
        self.sources.set_stream_layout(file, layout);
        Ok(())
    }

    /// Parses the entries of `text` (a whole file, or a chunk of one at `place.base`). Returns
    /// how many bytes were consumed: all of them, unless an entry continues past the chunk.
    fn parse_chunk(
        &mut self,
        text: &[u8],
        place: Place,
        is_final: bool,
        fs: &mut FileState,
        zs: &mut ZoneState,
    ) -> usize {
        let mut lexer = Lexer::chunk(text, place.base as usize, is_final);
        // One entry is lexed ahead, so that its owner can be looked for in the name index
        // while the entry before it is parsed (see `look_ahead`).
        let (mut tokens, mut next_tokens) = (Vec::<Token>::new(), Vec::<Token>::new());
        let (mut comments, mut next_comments) = (Vec::<(u32, u32)>::new(), Vec::new());
        // The owner parsed ahead for the next entry, and the one parsed for this entry.
        let (mut owner_ahead, mut wire_ahead, mut wire_now) = (None, Vec::new(), Vec::new());
        let mut next = lexer.next_entry(&mut next_tokens, &mut next_comments);
        while let Some(entry) = next {
            std::mem::swap(&mut tokens, &mut next_tokens);
            std::mem::swap(&mut comments, &mut next_comments);
            let owner_now = owner_ahead.take();
            std::mem::swap(&mut wire_now, &mut wire_ahead);
            next = lexer.next_entry(&mut next_tokens, &mut next_comments);
            self.comments
                .extend(comments.drain(..).map(|(s, e)| place.span(s, e)));
            if let Some(problem) = entry.problem {
                self.diagnostics.push(lex_diagnostic(place, problem));
                continue;
            }
            // `( )` alone lexes to an entry with no token: an empty line, as for BIND.
            let Some(&first) = tokens.first() else {
                continue;
            };
            if !entry.blank_owner && text[first.start as usize] == b'$' {
                self.directive(text, &tokens, (entry.start, entry.end), place, fs, zs);
                continue;
            }
            // A record changes no origin: the next owner parses now as it will then.
            let written = (!entry.blank_owner).then_some(first);
            owner_ahead = self.look_ahead(
                text,
                written,
                next.as_ref(),
                &next_tokens,
                fs,
                &mut wire_ahead,
            );
            let record = EntryText {
                text,
                tokens: &tokens,
                blank_owner: entry.blank_owner,
                bounds: (entry.start, entry.end),
                origin: Origin::File(place),
                owner: owner_now.map(|(token, relative, hash)| ParsedOwner {
                    token,
                    wire: &wire_now,
                    relative,
                    hash,
                }),
            };
            if let Err(d) = self.parse_record(&record, fs, zs) {
                self.diagnostics.push(*d);
            }
        }
        let consumed = lexer.incomplete().unwrap_or(text.len());
        // Comments of an unfinished entry are collected again with it, from the next chunk.
        next_comments.retain(|&(s, _)| (s as usize) < consumed);
        self.comments
            .extend(next_comments.drain(..).map(|(s, e)| place.span(s, e)));
        consumed
    }

    /// Parses the owner of the entry after the current one (into `wire`, lowercased), when it
    /// has one of its own, and prefetches its place in the name index: interning a new name
    /// otherwise waits on a cache miss (most owners of a large zone are new, each at a random
    /// place of the index). Returns the owner's token, whether it was relative, and its hash.
    /// `written`: the current entry's owner token, unless it inherits its owner.
    fn look_ahead(
        &mut self,
        text: &[u8],
        written: Option<Token>,
        next: Option<&RawEntry>,
        tokens: &[Token],
        fs: &FileState,
        wire: &mut Vec<u8>,
    ) -> Option<(Token, bool, NameHash)> {
        let (entry, &owner) = (next?, tokens.first()?);
        let raw = owner.content(text);
        if entry.blank_owner || entry.problem.is_some() || raw.first() == Some(&b'$') {
            return None;
        }
        // The same owner again is found by `owner_cache`, with no lookup to wait for.
        let last = written
            .map(|t| (t.start, t.end))
            .or(fs.owner_cache.map(|c| (c.0, c.1)));
        if let Some((s, e)) = last
            && &text[s as usize..e as usize] == raw
        {
            return None;
        }
        wire.clear();
        // An error is the entry's own parse's to report.
        let parsed = name::parse_name(raw, fs.origin.as_deref(), wire).ok()?;
        let hash = NameTable::fold_and_hash(wire);
        self.names.prefetch(hash);
        Some((owner, parsed.relative, hash))
    }

    fn directive(
        &mut self,
        text: &[u8],
        tokens: &[Token],
        entry: (u32, u32),
        place: Place,
        fs: &mut FileState,
        zs: &mut ZoneState,
    ) {
        let span = |t: &Token| place.span(t.start, t.end);
        let word = tokens[0].content(text);
        let args = &tokens[1..];
        let missing = |what: &str| {
            Diagnostic::error(
                ids::INVALID_SYNTAX,
                place.span(entry.1, entry.1),
                format!("missing {what} after `{}`", String::from_utf8_lossy(word)),
            )
        };
        if word.eq_ignore_ascii_case(b"$ORIGIN") {
            let Some(tok) = args.first() else {
                self.diagnostics
                    .push(missing("domain name").with_help("write `$ORIGIN example.com.`"));
                return;
            };
            let raw = tok.content(text);
            self.scratch.clear();
            match name::parse_name(raw, fs.origin.as_deref(), &mut self.scratch) {
                Ok(_) => {
                    let wire = self.scratch.clone();
                    let id = self.names.intern(&wire);
                    fs.origin = Some(wire);
                    fs.origin_id = Some(id);
                    fs.owner_cache = None;
                    zs.first_origin_directive.get_or_insert(id);
                }
                Err(e) => self
                    .diagnostics
                    .push(name_diagnostic(e, span(tok), raw, "origin")),
            }
            if let Some(extra) = args.get(1) {
                self.diagnostics
                    .push(extra_argument(place, extra, text, "$ORIGIN"));
            }
        } else if word.eq_ignore_ascii_case(b"$TTL") {
            let Some(tok) = args.first() else {
                self.diagnostics
                    .push(missing("TTL").with_help("write `$TTL 3600`"));
                return;
            };
            match parse_ttl(tok.content(text)) {
                Ok(v) if v > MAX_TTL => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            ids::TTL_OUT_OF_RANGE,
                            span(tok),
                            format!("`$TTL` {v} is above 2147483647 and is treated as 0"),
                        )
                        .with_help("use a TTL of at most 2147483647 seconds (RFC 2181 §8)"),
                    );
                    zs.default_ttl = Some(0);
                }
                Ok(v) => zs.default_ttl = Some(v),
                Err(e) => self.diagnostics.push(
                    Diagnostic::error(
                        ids::INVALID_SYNTAX,
                        span(tok),
                        match e {
                            TtlError::Malformed => format!(
                                "expected a TTL after `$TTL`, found `{}`",
                                String::from_utf8_lossy(tok.content(text))
                            ),
                            TtlError::Overflow => format!(
                                "TTL `{}` does not fit in 32 bits",
                                String::from_utf8_lossy(tok.content(text))
                            ),
                        },
                    )
                    .with_help("write the TTL as seconds (`3600`) or with units (`1h`, `1d`)"),
                ),
            }
            if let Some(extra) = args.get(1) {
                self.diagnostics
                    .push(extra_argument(place, extra, text, "$TTL"));
            }
        } else if word.eq_ignore_ascii_case(b"$INCLUDE") {
            self.include(text, args, entry, place, fs, zs);
        } else if word.eq_ignore_ascii_case(b"$GENERATE") {
            self.generate(text, args, entry, place, fs, zs);
        } else if word.eq_ignore_ascii_case(b"$DATE") {
            // BIND's dump time stamp (`$DATE YYYYMMDDHHMMSS`, written by `named` in cache and
            // journal dumps): accepted and ignored, as named-compilezone ignores it.
            match args.first() {
                Some(tok)
                    if tok.content(text).len() == 14
                        && tok.content(text).iter().all(u8::is_ascii_digit) => {}
                Some(tok) => self.diagnostics.push(
                    Diagnostic::error(
                        ids::INVALID_SYNTAX,
                        span(tok),
                        format!(
                            "expected a time stamp `YYYYMMDDHHMMSS` after `$DATE`, found `{}`",
                            String::from_utf8_lossy(tok.content(text))
                        ),
                    )
                    .with_help("write `$DATE 20240101000000`, or remove the line"),
                ),
                None => self.diagnostics.push(
                    missing("time stamp")
                        .with_help("write `$DATE 20240101000000`, or remove the line"),
                ),
            }
            if let Some(extra) = args.get(1) {
                self.diagnostics
                    .push(extra_argument(place, extra, text, "$DATE"));
            }
        } else {
            self.diagnostics.push(
                Diagnostic::error(ids::INVALID_SYNTAX, span(&tokens[0]), format!("unknown directive `{}`", String::from_utf8_lossy(word)))
                    .with_help("directives are $ORIGIN, $TTL, $INCLUDE, $GENERATE and $DATE; escape a `$` that starts an owner name as `\\$`"),
            );
        }
    }

    fn include(
        &mut self,
        text: &[u8],
        args: &[Token],
        entry: (u32, u32),
        place: Place,
        fs: &mut FileState,
        zs: &mut ZoneState,
    ) {
        let Some(path_tok) = args.first() else {
            self.diagnostics.push(
                Diagnostic::error(
                    ids::INCLUDE_PROBLEM,
                    place.span(entry.0, entry.1),
                    "`$INCLUDE` without a file name",
                )
                .with_help("write `$INCLUDE path/to/file [origin]`"),
            );
            return;
        };
        let path_span = place.span(path_tok.start, path_tok.end);
        // The file name as written (quotes removed): BIND does not decode escapes in it, so
        // `include\050` names a file with a backslash, not `include2`.
        let raw_path = path_tok.content(text).to_vec();
        // The included file's origin: the argument, else the current origin. Its first entry may
        // inherit the including file's current owner (BIND copies it into the include context).
        let mut child = FileState {
            origin: fs.origin.clone(),
            origin_id: fs.origin_id,
            prev_owner: fs.prev_owner,
            owner_cache: None,
        };
        if let Some(tok) = args.get(1) {
            let raw = tok.content(text);
            let mut wire = Vec::new();
            match name::parse_name(raw, fs.origin.as_deref(), &mut wire) {
                Ok(_) => {
                    child.origin_id = Some(self.names.intern(&wire));
                    child.origin = Some(wire);
                }
                Err(e) => {
                    self.diagnostics.push(name_diagnostic(
                        e,
                        place.span(tok.start, tok.end),
                        raw,
                        "`$INCLUDE` origin",
                    ));
                    return;
                }
            }
        }
        if let Some(extra) = args.get(2) {
            self.diagnostics
                .push(extra_argument(place, extra, text, "$INCLUDE"));
        }
        let shown = String::from_utf8_lossy(&raw_path).into_owned();
        let problem = |msg: String| Diagnostic::error(ids::INCLUDE_PROBLEM, path_span, msg);
        let Some(path) = self.resolve_include(&raw_path, place.file) else {
            self.diagnostics.push(problem(format!("cannot find include file `{shown}`")).with_help(format!(
                "relative paths are looked up {}; fix the path or the lookup order (--include-lookup)",
                match self.options.include_lookup {
                    IncludeLookup::FileDirFirst => "beside the including file, then in the working directory",
                    IncludeLookup::CwdFirst => "in the working directory, then beside the including file",
                }
            )));
            return;
        };
        let canonical = match self.canonicalize(&path) {
            Ok(c) => c,
            Err(e) => {
                self.diagnostics
                    .push(problem(format!("cannot read include file `{shown}`: {e}")));
                return;
            }
        };
        self.settle(zs);
        if !self.options.include_anywhere
            && let Some(root) = &zs.root
            && !canonical.starts_with(root)
        {
            self.diagnostics.push(
                problem(format!("include file `{shown}` is outside the zone's directory `{}`", root.display()))
                    .with_help("move the file under the zone's directory, or pass --include-anywhere if this is intended"),
            );
            return;
        }
        if zs.include_stack.contains(&canonical) {
            self.diagnostics.push(
                problem(format!("`$INCLUDE` cycle: `{shown}` is already being read"))
                    .with_help("remove the `$INCLUDE` that leads back to an including file"),
            );
            return;
        }
        if zs.include_stack.len() > self.options.max_include_depth {
            self.diagnostics.push(
                problem(format!(
                    "`$INCLUDE` nested more than {} deep",
                    self.options.max_include_depth
                ))
                .with_help("flatten the chain of includes"),
            );
            return;
        }
        // A file included again shares the bytes read the first time.
        let content = match self.include_cache.get(&canonical) {
            Some(text) => Ok(Content::Shared(Arc::clone(text))),
            None => self.open(&canonical),
        };
        let content = match content {
            Ok(c) => c,
            Err(e) => {
                self.diagnostics
                    .push(problem(format!("cannot read include file: {e}")));
                return;
            }
        };
        if !self
            .budget
            .take_included(content.len() as u64, self.options.max_include_bytes)
        {
            self.diagnostics.push(
                problem(format!(
                    "`$INCLUDE`s of this run would read more than {} bytes",
                    self.options.max_include_bytes
                ))
                .with_help("include each file once; the same file included many times multiplies its records"),
            );
            return;
        }
        let included = match content {
            Content::Bytes(bytes) => {
                let text = Arc::new(bytes);
                self.include_cache
                    .insert(canonical.clone(), Arc::clone(&text));
                self.sources.add_included(path, text, path_span)
            }
            Content::Shared(text) => self.sources.add_included(path, text, path_span),
            Content::Streamed(stamp) => self.sources.add_streamed(path, stamp, Some(path_span)),
        };
        zs.files.push(included);
        zs.include_stack.push(canonical);
        self.parse_file(included, &mut child, zs);
        zs.include_stack.pop();
    }

    /// Sets the zone's `root` and the bottom of its `include_stack` from the zone file's
    /// canonical path, the first time an `$INCLUDE` asks.
    fn settle(&self, zs: &mut ZoneState) {
        let Some(path) = zs.unsettled.take() else {
            return;
        };
        let canonical = self.canonicalize(&path).ok();
        zs.root = canonical
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok());
        if let Some(c) = canonical {
            zs.include_stack.insert(0, c);
        }
    }

    fn resolve_include(&self, raw: &[u8], including: FileId) -> Option<PathBuf> {
        let p = PathBuf::from(String::from_utf8_lossy(raw).into_owned());
        if p.is_absolute() {
            return self.exists(&p).then_some(p);
        }
        let beside = self
            .sources
            .file(including)
            .path()
            .parent()
            .map(|d| d.join(&p));
        let cwd = Some(
            self.options
                .working_dir
                .as_ref()
                .map_or_else(|| p.clone(), |d| d.join(&p)),
        );
        let order = match self.options.include_lookup {
            IncludeLookup::FileDirFirst => [beside, cwd],
            IncludeLookup::CwdFirst => [cwd, beside],
        };
        order.into_iter().flatten().find(|c| self.exists(c))
    }
}

fn extra_argument(place: Place, tok: &Token, text: &[u8], directive: &str) -> Diagnostic {
    Diagnostic::error(
        ids::INVALID_SYNTAX,
        place.span(tok.start, tok.end),
        format!(
            "unexpected `{}` after `{directive}`",
            String::from_utf8_lossy(&text[tok.start as usize..tok.end as usize])
        ),
    )
    .with_help("remove the extra text, or start a comment with `;`")
}

fn lex_diagnostic(place: Place, problem: LexProblem) -> Diagnostic {
    match problem {
        LexProblem::UnclosedParen { at } => Diagnostic::error(ids::INVALID_SYNTAX, place.span(at, at + 1), "unbalanced parentheses: this `(` is never closed")
            .with_help("add the matching `)` at the end of the record"),
        LexProblem::UnmatchedCloseParen { at } => Diagnostic::error(ids::INVALID_SYNTAX, place.span(at, at + 1), "unbalanced parentheses: this `)` closes nothing")
            .with_help("remove it, or add the `(` that it closes"),
        LexProblem::UnterminatedQuote { at } => Diagnostic::error(ids::INVALID_SYNTAX, place.span(at, at + 1), "unbalanced quotes: this `\"` is not closed on the same line")
            .with_help("close the string with `\"` before the end of the line; a string cannot span lines (escape a literal quote as `\\\"`)"),
    }
}
