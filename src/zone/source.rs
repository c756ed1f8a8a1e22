//! Source files and positions: `SourceMap`, `FileId`, `Span` (byte offsets) and a lazily built
//! line index. Owns the file bytes for the whole run; knows nothing of DNS.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range `start..end` in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[must_use]
    pub fn new(file: FileId, start: u32, end: u32) -> Self {
        Self { file, start, end }
    }

    #[must_use]
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both (which must be in the same file).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }

    #[must_use]
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One loaded file: its path as given, its bytes, and a line index built on first use.
///
/// A large file is read in chunks and not kept in memory (see `Reader`'s streaming): its bytes
/// are read again from disk the first time something asks for them (a diagnostic to render, a
/// field span), and checked against the length and modification time seen while reading.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: OnceLock<Arc<Vec<u8>>>,
    /// For a streamed file: what it looked like when it was read.
    on_disk: Option<DiskStamp>,
    line_starts: OnceLock<Vec<u32>>,
    /// For a file read by `$INCLUDE`: the path token of that directive.
    included_from: Option<Span>,
    /// For a streamed file read to its end: the byte ranges of its chunks, each re-read alone
    /// when a span inside it is asked for, so that a finding does not bring back the whole file.
    chunks: OnceLock<Vec<Chunk>>,
}

/// One chunk of a streamed file: every entry lies inside one chunk, and a chunk starts at a line
/// start, so the text around a record or comment can be read without the rest of the file.
#[derive(Debug)]
struct Chunk {
    start: u32,
    end: u32,
    /// The bytes, read again on first use; `None` when the file changed since it was read.
    bytes: OnceLock<Option<Box<[u8]>>>,
}

/// What the reader learnt of a streamed file's layout while reading it.
#[derive(Debug, Default)]
pub struct StreamLayout {
    line_starts: Vec<u32>,
    chunks: Vec<(u32, u32)>,
}

impl StreamLayout {
    /// A layout for a file whose first chunk is about to be read.
    #[must_use]
    pub fn new() -> Self {
        Self {
            line_starts: vec![0],
            chunks: Vec::new(),
        }
    }

    /// [`StreamLayout::new`] with room for the line starts of a file of `len` bytes (lines of
    /// 24 bytes or more; zone lines are about 50). Capacity never written costs no memory,
    /// while growing by doubling would touch two copies of a 40 MB list at once.
    #[must_use]
    pub fn for_file(len: u64) -> Self {
        let mut layout = Self::new();
        layout
            .line_starts
            .reserve(usize::try_from(len / 24).unwrap_or(0));
        layout
    }

    /// Records the bytes `consumed` (entries read to their end) at offset `base`.
    pub fn consumed(&mut self, base: u32, consumed: &[u8]) {
        if consumed.is_empty() {
            return;
        }
        self.line_starts.extend(
            memchr::memchr_iter(b'\n', consumed).map(|i| base.saturating_add(offset_u32(i + 1))),
        );
        let end = base.saturating_add(offset_u32(consumed.len()));
        // A chunk must start at a line start (lookbacks stop at its start as at a file's);
        // if this one does not, it joins the one before.
        let at_line_start = base == 0 || self.line_starts.binary_search(&base).is_ok();
        match self.chunks.last_mut() {
            Some(last) if !at_line_start && last.1 == base => last.1 = end,
            _ => self.chunks.push((base, end)),
        }
    }
}

/// Length and modification time of a streamed file when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskStamp {
    pub path: PathBuf,
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

impl DiskStamp {
    /// Reads the file again if it is unchanged; empty text otherwise (spans then point nowhere,
    /// and renderers fall back to positions without a snippet).
    fn reload(&self) -> Vec<u8> {
        if !self.unchanged() {
            return Vec::new();
        }
        std::fs::read(&self.path)
            .ok()
            .filter(|t| t.len() as u64 == self.len)
            .unwrap_or_default()
    }

    fn unchanged(&self) -> bool {
        std::fs::metadata(&self.path)
            .is_ok_and(|m| m.len() == self.len && m.modified().ok() == self.modified)
    }

    /// Reads `start..end` again if the file is unchanged.
    fn reload_range(&self, start: u32, end: u32) -> Option<Box<[u8]>> {
        use std::os::unix::fs::FileExt as _;
        if u64::from(end) > self.len || !self.unchanged() {
            return None;
        }
        let file = std::fs::File::open(&self.path).ok()?;
        let mut bytes = vec![0u8; (end - start) as usize].into_boxed_slice();
        file.read_exact_at(&mut bytes, u64::from(start)).ok()?;
        // Checked again after reading: a file rewritten meanwhile must not be quoted.
        self.unchanged().then_some(bytes)
    }
}

impl SourceFile {
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's bytes (read again from disk for a streamed file, once).
    #[must_use]
    pub fn text(&self) -> &[u8] {
        self.text.get_or_init(|| {
            Arc::new(
                self.on_disk
                    .as_ref()
                    .map(DiskStamp::reload)
                    .unwrap_or_default(),
            )
        })
    }

    /// Whether the whole text is in memory (always, but for a streamed file until something
    /// needed all of it).
    #[must_use]
    pub fn is_loaded(&self) -> bool {
        self.text.get().is_some()
    }

    /// The text around `start..end`: `(base, bytes)` where `bytes[0]` is at offset `base`. For a
    /// streamed file, the chunk holding the range, read again alone; for other files, or a range
    /// across chunks, the whole text at base 0. The window starts at a line start.
    #[must_use]
    pub fn window(&self, start: u32, end: u32) -> (u32, &[u8]) {
        if let (Some(chunks), Some(stamp), None) =
            (self.chunks.get(), &self.on_disk, self.text.get())
        {
            let i = chunks.partition_point(|c| c.start <= start);
            if let Some(chunk) = i.checked_sub(1).and_then(|i| chunks.get(i))
                && end <= chunk.end
                && let Some(bytes) = chunk
                    .bytes
                    .get_or_init(|| stamp.reload_range(chunk.start, chunk.end))
            {
                return (chunk.start, bytes);
            }
        }
        (0, self.text())
    }

    /// The bytes `start..end` (empty when out of the file), read as [`SourceFile::window`] does.
    #[must_use]
    pub fn bytes(&self, start: u32, end: u32) -> &[u8] {
        let (base, text) = self.window(start, end);
        text.get(start.saturating_sub(base) as usize..end.saturating_sub(base) as usize)
            .filter(|_| start >= base && start <= end)
            .unwrap_or_default()
    }

    /// Line `line` (zero-based) with its line end, read as [`SourceFile::window`] does.
    #[must_use]
    pub fn line(&self, line: usize) -> &[u8] {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line) else {
            return &[];
        };
        if let Some(&end) = starts.get(line + 1) {
            return self.bytes(start, end);
        }
        let (base, text) = self.window(start, start);
        text.get((start - base) as usize..).unwrap_or_default()
    }

    /// Whether the file is read in chunks rather than held in memory.
    #[must_use]
    pub fn is_streamed(&self) -> bool {
        self.on_disk.is_some()
    }

    /// For a streamed file, how to find it again.
    #[must_use]
    pub fn disk_stamp(&self) -> Option<&DiskStamp> {
        self.on_disk.as_ref()
    }

    /// Where this file was `$INCLUDE`d (the directive's path token), if it was.
    #[must_use]
    pub fn included_from(&self) -> Option<Span> {
        self.included_from
    }

    /// A shared handle on the bytes, for reading while the map grows.
    #[must_use]
    pub fn shared_text(&self) -> Arc<Vec<u8>> {
        let _ = self.text();
        self.text
            .get()
            .map_or_else(|| Arc::new(Vec::new()), Arc::clone)
    }

    /// Byte offsets at which each line starts (line 0 starts at 0).
    pub fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0u32];
            starts.extend(memchr::memchr_iter(b'\n', self.text()).map(|i| offset_u32(i + 1)));
            starts
        })
    }

    /// Zero-based (line, column in bytes) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, offset.saturating_sub(starts[line]) as usize)
    }
}

/// Offsets are stored as `u32`; the loader refuses files of 4 GiB or more, so this cannot lose
/// information for any file that was accepted.
#[must_use]
pub fn offset_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// The largest file the reader accepts (offsets are `u32`).
pub const MAX_FILE_SIZE: u64 = u32::MAX as u64 - 1;

/// Every file of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file's bytes (already read) and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: Vec<u8>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let file = SourceFile {
            path: path.into(),
            text: OnceLock::from(Arc::new(text)),
            on_disk: None,
            line_starts: OnceLock::new(),
            included_from: None,
            chunks: OnceLock::new(),
        };
        self.files.push(file);
        id
    }

    /// Adds a file that the reader streams from disk (its bytes are not kept).
    pub fn add_streamed(
        &mut self,
        path: impl Into<PathBuf>,
        stamp: DiskStamp,
        included_from: Option<Span>,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let file = SourceFile {
            path: path.into(),
            text: OnceLock::new(),
            on_disk: Some(stamp),
            line_starts: OnceLock::new(),
            included_from,
            chunks: OnceLock::new(),
        };
        self.files.push(file);
        id
    }

    /// Adds a file read by the `$INCLUDE` whose path token is `site`.
    /// The bytes may be shared with other inclusions of the same file.
    pub fn add_included(
        &mut self,
        path: impl Into<PathBuf>,
        text: Arc<Vec<u8>>,
        site: Span,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        let file = SourceFile {
            path: path.into(),
            text: OnceLock::from(text),
            on_disk: None,
            line_starts: OnceLock::new(),
            included_from: Some(site),
            chunks: OnceLock::new(),
        };
        self.files.push(file);
        id
    }

    /// Moves the files of `later` after this map's, as if they had been added here in order;
    /// returns what their ids grew by. Spans inside them (where a file was included from) move
    /// with them.
    pub fn append(&mut self, later: SourceMap) -> u32 {
        let shift = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.files.extend(later.files.into_iter().map(|mut file| {
            if let Some(site) = &mut file.included_from {
                site.file.0 = site.file.0.saturating_add(shift);
            }
            file
        }));
        shift
    }

    /// The file with this id.
    ///
    /// # Panics
    /// Only if `id` did not come from this map, which is a programming error.
    #[must_use]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Keeps what the reader learnt of streamed file `id` read to its end: its line starts and
    /// chunks, so that positions and the text around a span need not read the whole file again.
    pub fn set_stream_layout(&mut self, id: FileId, layout: StreamLayout) {
        let Some(file) = self.files.get_mut(id.0 as usize) else {
            return;
        };
        if file.on_disk.is_none() {
            return;
        }
        let mut line_starts = layout.line_starts;
        line_starts.shrink_to_fit();
        let _ = file.line_starts.set(line_starts);
        let chunks = layout
            .chunks
            .into_iter()
            .map(|(start, end)| Chunk {
                start,
                end,
                bytes: OnceLock::new(),
            })
            .collect();
        let _ = file.chunks.set(chunks);
    }

    #[must_use]
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// The bytes a span covers.
    #[must_use]
    pub fn slice(&self, span: Span) -> &[u8] {
        self.file(span.file).bytes(span.start, span.end)
    }

    /// The text a span covers, with invalid UTF-8 shown lossily.
    #[must_use]
    pub fn snippet(&self, span: Span) -> String {
        String::from_utf8_lossy(self.slice(span)).into_owned()
    }

    /// `path:line:column` (1-based) of the start of a span.
    #[must_use]
    pub fn location(&self, span: Span) -> (String, usize, usize) {
        let file = self.file(span.file);
        let (line, col) = file.line_col(span.start);
        (file.path().display().to_string(), line + 1, col + 1)
    }
}
